import { QueryError } from '../data/errors.js';
import { monthLabel, parseMonthLabel } from '../data/panel/months.js';
import type { Panel } from '../data/panel/panel.js';
import type { Level } from '../data/panel/series.js';
import { homicideSeries } from '../data/present.js';
import { type ForecastData, monthOf, prepareData } from './data.js';
import {
  FEATURE_NAMES,
  type FeatureBase,
  featureBase,
  P,
  STRATA,
  stratumOf,
  trainingDesign,
  writeFeatures,
} from './features.js';
import { fitNegBin, fitStrataAlphas } from './negbin.js';

/**
 * Borrowing strength: forecasting a series too short to fit its own regression (SESNSP municipal carpetas
 * start in 2024-01) with a regression fitted on a long series of the same level (INEGI death certificates,
 * 2000–2019, the *donor*), applied to the short series with a scale estimated per state.
 *
 * 1. The donor regression uses only predictors the short series has after twelve months (the "short" set:
 *    last month, last 3 and 12 months, the neighbours' 3- and 12-month means, population, month of the year
 *    — not the two years before the last twelve, nor the same month a year before the target). It is fitted
 *    on the donor's last `window` origins, one direct model per horizon, as `negbin` is.
 * 2. On the short series, μ̂ = exp(x·β_donor) with x computed from the short series itself. Because the own-lag
 *    coefficients sum to about one, μ̂ is already in the short series' units up to a factor; that factor
 *    (carpetas against death certificates, reporting practice) differs by state. It is estimated on the
 *    short series' own past forecasts (every area, every origin whose target is observed): per state the
 *    ratio k_s = Σy / Σμ̂, shrunk towards the national ratio by a gamma prior whose strength m is chosen by
 *    maximum marginal likelihood (the Poisson–gamma empirical Bayes of Clayton & Kaldor 1987, *Biometrics*
 *    43:671). States with few events borrow the national ratio; big ones keep their own.
 * 3. The dispersions α by stratum are refitted on the same rows with the scaled means.
 * Horizons with no observed target yet on the short series (h > months − 12) reuse the scale and α of the
 * longest horizon that has one, and the output says so.
 *
 * No look-ahead: the donor is cut at the short series' origin when it reaches that far; every scale uses
 * targets up to the origin only.
 */
export const SHORT_FEATURES = FEATURE_NAMES.filter(
  (f) => f !== 'log_mean_prev24' && f !== 'log_same_month_last_year',
);
const SPATIAL = ['log_neighbours_mean3', 'log_neighbours_mean12'];
/** The first origin whose short predictors exist: the 12-month mean needs months 0…11. */
export const SHORT_FIRST_ORIGIN = 11;
/** A series shorter than this fits its own regression (FIRST_ORIGIN 35 + 12 training origins + 1). */
export const LONG_MONTHS = 48;

/** The donor's regression per horizon, as plain numbers (it travels to worker threads). */
export interface DonorFit {
  series: string;
  title: string;
  vintage: string;
  level: Level;
  /** The last donor month used (the donor is cut at the target's origin when it reaches it). */
  through: string;
  /** Predictor names of `beta` (the short set, without the neighbours when either series has none). */
  features: string[];
  horizons: {
    h: number;
    beta: number[];
    alphas: number[];
    origins: [string, string];
    n: number;
    logLik: number;
    converged: boolean;
  }[];
}

/** How the short series was scaled at one horizon (reported in the fit). */
export interface BorrowedScale {
  /** National ratio Σy / Σμ̂ over the short series' training rows. */
  national: number;
  /** Prior strength of the state ratios, in expected events (ML). */
  priorEvents: number;
  /** Shrunk ratio by state code (2 digits). */
  byState: Record<string, number>;
  /** Training rows and the origins they came from; `reused` when this horizon had none of its own. */
  n: number;
  origins: [string, string] | null;
  reusedFrom?: number;
}

/** Whether a series is short enough to need a donor. */
export function isShort(data: ForecastData): boolean {
  return data.months < LONG_MONTHS;
}

/**
 * The donor of a level: the longest homicide series stored at that level other than the target, with at
 * least LONG_MONTHS months (INEGI municipal homicides for municipalities).
 */
export function chooseDonor(panel: Panel, level: Level, target: string): string {
  const found = homicideSeries(panel, level)
    .filter((c) => c.series !== target && c.months >= LONG_MONTHS)
    .sort((a, b) => b.months - a.months || a.series.localeCompare(b.series))[0];
  if (!found) {
    throw new QueryError(
      `${target} is too short to fit its own model and no long ${level}-level homicide series is imported to borrow from (import INEGI homicides, e.g. inegi_homicides_gargiulo/, or pass --donor)`,
    );
  }
  return found.series;
}

/** The donor's data, cut at the target's origin month when it reaches that far (no look-ahead). */
export function donorData(panel: Panel, donor: string, level: Level, origin: string): ForecastData {
  const full = prepareData(panel, { series: donor, level, minHistory: LONG_MONTHS });
  const last = full.start + full.months - 1;
  const asOf = Math.min(last, parseMonthLabel(origin));
  if (asOf === last) return full;
  return prepareData(panel, { series: donor, level, asOf: monthLabel(asOf), minHistory: LONG_MONTHS });
}

/** Fit the donor's short-set regression for each horizon (warm-started from the previous one). */
export function fitDonor(
  donor: ForecastData,
  horizons: readonly number[],
  options: { window?: number; spatial?: boolean } = {},
): DonorFit {
  const spatial = (options.spatial ?? true) && donor.nbIdx.length > 0;
  const features = SHORT_FEATURES.filter((f) => spatial || !SPATIAL.includes(f));
  const keep = features.map((f) => FEATURE_NAMES.indexOf(f as (typeof FEATURE_NAMES)[number]));
  const base = featureBase(donor);
  const window = options.window ?? 60;
  const out: DonorFit = {
    series: donor.series.id,
    title: donor.series.title,
    vintage: donor.series.vintage,
    level: donor.series.level,
    through: monthOf(donor, donor.months - 1),
    features,
    horizons: [],
  };
  let previous: DonorFit['horizons'][number] | undefined;
  for (const h of horizons) {
    const last = donor.months - 1 - h;
    const first = Math.max(SHORT_FIRST_ORIGIN, last - window + 1);
    if (last - first + 1 < 12) {
      throw new QueryError(`the donor ${donor.series.id} is too short to train a ${h}-month forecast`);
    }
    const design = trainingDesign(base, h, first, last);
    const X = selectColumns(design.X, keep);
    const nb = fitNegBin(X, design.y, keep.length, {
      beta: previous?.beta,
      alphas: previous?.alphas,
      strata: { index: design.strata, count: STRATA },
    });
    previous = {
      h,
      beta: Array.from(nb.beta),
      alphas: Array.from(nb.alphas),
      origins: [monthOf(donor, first), monthOf(donor, last)],
      n: design.y.length,
      logLik: nb.logLik,
      converged: nb.converged,
    };
    out.horizons.push(previous);
  }
  return out;
}

/** The columns `keep` of a row-major matrix with P columns. */
function selectColumns(X: Float64Array, keep: readonly number[]): Float64Array {
  const rows = X.length / P;
  const q = keep.length;
  const out = new Float64Array(rows * q);
  for (let i = 0; i < rows; i++) for (let j = 0; j < q; j++) out[i * q + j] = X[i * P + keep[j]];
  return out;
}

export interface BorrowedHorizon {
  h: number;
  mean: Float64Array;
  alpha: Float64Array;
  alphas: number[];
  scale: BorrowedScale;
}

/**
 * Apply a donor fit to the short series in `base` for each horizon: the means at the origin (the last
 * month of the data), each area's α, and the scale used.
 */
export function applyDonor(
  base: FeatureBase,
  donor: DonorFit,
  horizons: readonly number[],
): BorrowedHorizon[] {
  const data = base.data;
  const T = data.months;
  if (T < SHORT_FIRST_ORIGIN + 2) {
    throw new QueryError(
      `${data.series.id} has ${T} months up to ${monthOf(data, T - 1)}: a borrowed forecast needs ${SHORT_FIRST_ORIGIN + 2} (12 for the predictors and one to estimate the scale)`,
    );
  }
  const keep = donor.features.map((f) => FEATURE_NAMES.indexOf(f as (typeof FEATURE_NAMES)[number]));
  const byH = new Map(donor.horizons.map((d) => [d.h, d]));
  const states = stateIndex(data.areas);
  const out: BorrowedHorizon[] = [];
  let previous: BorrowedHorizon | undefined;
  for (const h of horizons) {
    const fit = byH.get(h);
    if (!fit) throw new Error(`the donor fit has no horizon ${h}`);
    const last = T - 1 - h;
    const first = SHORT_FIRST_ORIGIN;
    let scale: BorrowedScale;
    let alphas: number[];
    if (last >= first) {
      const rows = trainingRows(base, fit.beta, keep, h, first, last);
      const k = stateRatios(rows, states);
      scale = { ...k, n: rows.y.length, origins: [monthOf(data, first), monthOf(data, last)] };
      const eta = new Float64Array(rows.y.length);
      for (let r = 0; r < eta.length; r++) eta[r] = Math.log(rows.mu[r] * k.ratio[states.of[rows.area[r]]]);
      const a = Float64Array.from(previous?.alphas ?? fit.alphas);
      fitStrataAlphas(rows.y, eta, { index: rows.strata, count: STRATA }, a);
      alphas = Array.from(a);
    } else {
      if (!previous) throw new Error('no horizon with training rows');
      scale = { ...previous.scale, reusedFrom: previous.scale.reusedFrom ?? previous.h };
      alphas = previous.alphas;
    }
    const n = data.areas.length;
    const mean = new Float64Array(n);
    const alpha = new Float64Array(n);
    const x = new Float64Array(P);
    for (let i = 0; i < n; i++) {
      writeFeatures(base, i, T - 1, h, x, 0);
      mean[i] = linear(x, keep, fit.beta) * (scale.byState[states.code[states.of[i]]] ?? scale.national);
      alpha[i] = alphas[stratumOf(base, i, T - 1)];
    }
    previous = { h, mean, alpha, alphas, scale };
    out.push(previous);
  }
  return out;
}

function linear(x: Float64Array, keep: readonly number[], beta: readonly number[]): number {
  let eta = 0;
  for (let j = 0; j < keep.length; j++) eta += x[keep[j]] * beta[j];
  return Math.exp(Math.min(eta, 30));
}

/** The donor model's unscaled forecasts on the short series' own past: every area at origins first…last. */
function trainingRows(
  base: FeatureBase,
  beta: readonly number[],
  keep: readonly number[],
  h: number,
  first: number,
  last: number,
): { y: Float64Array; mu: Float64Array; strata: Uint8Array; area: Int32Array } {
  const design = trainingDesign(base, h, first, last);
  const rows = design.y.length;
  const mu = new Float64Array(rows);
  const area = new Int32Array(rows);
  const n = base.data.areas.length;
  for (let r = 0; r < rows; r++) {
    mu[r] = linear(design.X.subarray(r * P, (r + 1) * P), keep, beta);
    area[r] = r % n;
  }
  return { y: design.y, mu, strata: design.strata, area };
}

/** Areas grouped by state (the first two digits of the code; a state is its own group). */
function stateIndex(areas: readonly string[]): { code: string[]; of: Int32Array } {
  const code: string[] = [];
  const index = new Map<string, number>();
  const of = Int32Array.from(areas, (a) => {
    const s = a.slice(0, 2);
    let k = index.get(s);
    if (k === undefined) {
      k = code.length;
      index.set(s, k);
      code.push(s);
    }
    return k;
  });
  return { code, of };
}

/**
 * Per-state ratios Σy/Σμ̂ shrunk towards the national ratio: with y_s ~ Poisson(k_s·E_s), k_s ~ Gamma(m·k,
 * m) (mean k, the national ratio), the posterior mean is (y_s + m·k)/(E_s + m); m maximises the marginal
 * (negative binomial) likelihood of the state totals.
 */
function stateRatios(
  rows: { y: Float64Array; mu: Float64Array; area: Int32Array },
  states: { code: string[]; of: Int32Array },
): Omit<BorrowedScale, 'n' | 'origins'> & { ratio: Float64Array } {
  const S = states.code.length;
  const Y = new Float64Array(S);
  const E = new Float64Array(S);
  for (let r = 0; r < rows.y.length; r++) {
    const s = states.of[rows.area[r]];
    Y[s] += rows.y[r];
    E[s] += rows.mu[r];
  }
  const totalY = Y.reduce((a, b) => a + b, 0);
  const totalE = E.reduce((a, b) => a + b, 0);
  const k = totalE > 0 && totalY > 0 ? totalY / totalE : 1;
  const m = priorStrength(Y, E, k);
  const ratio = Float64Array.from(Y, (y, s) => (y + m * k) / (E[s] + m));
  return {
    national: k,
    priorEvents: m,
    byState: Object.fromEntries(states.code.map((c, s) => [c, ratio[s]])),
    ratio,
  };
}

/** ML of m in the Poisson–gamma model of the state totals (log m on a golden-section search, 1…10⁶). */
function priorStrength(Y: Float64Array, E: Float64Array, k: number): number {
  const logLik = (logM: number) => {
    const m = Math.exp(logM);
    const a = m * k;
    let s = 0;
    for (let j = 0; j < Y.length; j++) {
      if (E[j] <= 0) continue;
      // log NB(Y | shape a, prob m/(m+E)) without the terms free of m.
      s += lgammaRatio(a, Y[j]) + a * Math.log(m / (m + E[j])) - Y[j] * Math.log(m + E[j]);
    }
    return s;
  };
  let lo = 0;
  let hi = Math.log(1e6);
  const g = (Math.sqrt(5) - 1) / 2;
  for (let it = 0; it < 80; it++) {
    const a = hi - g * (hi - lo);
    const b = lo + g * (hi - lo);
    if (logLik(a) < logLik(b)) lo = a;
    else hi = b;
  }
  return Math.exp((lo + hi) / 2);
}

/** log Γ(a + y) − log Γ(a) for a > 0 and a count y, exactly as a sum for small y, by Stirling otherwise. */
function lgammaRatio(a: number, y: number): number {
  if (y < 2000) {
    let s = 0;
    for (let j = 0; j < y; j++) s += Math.log(a + j);
    return s;
  }
  return lgamma(a + y) - lgamma(a);
}

function lgamma(x: number): number {
  // Stirling's series: accurate to ~1e-10 for x ≥ 10; shifted up for smaller x.
  let shift = 0;
  let z = x;
  while (z < 10) {
    shift -= Math.log(z);
    z += 1;
  }
  const z2 = 1 / (z * z);
  return (
    shift +
    (z - 0.5) * Math.log(z) -
    z +
    0.5 * Math.log(2 * Math.PI) +
    (1 / z) * (1 / 12 - z2 * (1 / 360 - z2 * (1 / 1260 - z2 / 1680)))
  );
}

const donorMemo = new Map<string, DonorFit>();

/**
 * The donor fit a borrowed forecast of `data` needs (memoised per donor release, cut, horizons and window:
 * one process fits it once for every origin and request).
 */
export function donorFitFor(
  panel: Panel,
  data: ForecastData,
  horizons: readonly number[],
  options: { donor?: string; window?: number } = {},
): DonorFit {
  const level = data.series.level;
  const id = options.donor ?? chooseDonor(panel, level, data.series.id);
  const donor = donorData(panel, id, level, monthOf(data, data.months - 1));
  const spatial = data.nbIdx.length > 0;
  const key = JSON.stringify([
    id,
    donor.series.vintage,
    level,
    donor.months,
    horizons,
    options.window ?? 60,
    spatial,
  ]);
  let fit = donorMemo.get(key);
  if (!fit) {
    fit = fitDonor(donor, horizons, { window: options.window, spatial });
    if (donorMemo.size >= 16) donorMemo.delete(donorMemo.keys().next().value!);
    donorMemo.set(key, fit);
  }
  return fit;
}
