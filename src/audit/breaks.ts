import { monthLabel } from '../data/panel/months.js';
import type { Panel } from '../data/panel/panel.js';
import { STATES } from '../data/states.js';
import { placeSeries } from './measure.js';
import { daysIn } from './periods.js';
import { HOMICIDE } from './reclassification.js';
import { maxBreaks, optimalSegmentation, optimalSegmentations, SegmentCosts } from './segmentation.js';

/**
 * Trend breaks: every month where the level or the slope of a place's series changes, several per place.
 *
 * Model. y_t = ln(1 + victims per day in month t) = a_k + b_k (t − t₀)/12 + s(month of year of t) + e_t
 * in segment k: each segment between two breaks has its own level a_k and yearly trend b_k; the 11
 * month-of-year effects s (January = 0) are common to all segments and estimated jointly with them (a
 * partial structural change model, Bai & Perron 2003, J Appl Econometrics 18:1): seasonality
 * does not break, so a break cannot be a seasonal pattern fitted twice.
 *
 * Estimation. For each number of breaks m = 0..M, the break months minimise the total residual sum of
 * squares (SSR) over all segmentations whose segments have at least MIN_SEGMENT (9) months: Bai & Perron's
 * dynamic programme (segmentation.ts) on y − ŝ, alternated with the joint least-squares fit of ŝ and the
 * segments given the breaks, until the breaks no longer change (their iterative procedure for partial
 * change; every step lowers the SSR), from several starts (see fitBreaks). The programme equals R's
 * strucchange::breakpoints, and the joint fit brute force for 1 and 2 breaks, on the real series
 * (test/audit/breaks.test.ts).
 *
 * Selection. m minimises BIC_m + PENALTY · m, BIC_m = n ln(SSR_m/n) + (2(m + 1) + 11) ln n (Yao 1988,
 * Stat Probab Lett 6:181; Bai & Perron 2003). PENALTY = 10: each break must lower the BIC by more than
 * 10 — "very strong" evidence on the scale of Kass & Raftery (1995, JASA 90:773), the rule `audit breaks`
 * applied to its single break before. BIC does not count the search over break months, and monthly
 * residuals are autocorrelated (lag-1 correlation −0.11 to 0.38, median 0.11, after the breaks on the
 * SESNSP series), which BIC, built for independent errors, reads as evidence of breaks; the extra 10 keeps
 * false breaks rare in noise without breaks (plain BIC: 30% of white-noise series get one; with the rule,
 * none, and 4.5% at lag-1 correlation 0.2: docs/AUDIT.md, test/audit/breaks.test.ts).
 *
 * Each break reports: its month; the level shift (log points) and yearly trend before and after; its ΔBIC
 * = n ln(SSR without it / SSR) − 2 ln n, the BIC it saves against the same model with that break
 * removed and the others kept (at least PENALTY for every break kept); victims per day in the 12 months
 * before and after; and an interval for its month: the months τ (other breaks and month effects held at
 * their estimates) whose likelihood ratio n (SSR(τ) − SSR(τ̂)) / SSR(τ̂) stays below the 95% critical
 * value 7.35 of Hansen (2000, Econometrica 68:575, −2 ln(1 − √0.95)), multiplied by (1 + ρ)/(1 − ρ), the
 * long-run to short-run variance ratio of AR(1) residuals with lag-1 correlation ρ ≥ 0 (serial correlation
 * widens the interval). An approximation: the asymptotics are for a shrinking shift in stationary
 * regressors; read it as "how sure", not as an exact coverage.
 *
 * Why 9 months: an early warning must see a break soon after it happens, and the last segment must be at
 * least MIN_SEGMENT long, so no break can be dated in the last MIN_SEGMENT − 1 months. With 12 months the
 * Sinaloa war of September 2024 and the national fall from the autumn of 2024 could only be dated at the
 * July 2024 limit; with 9 (level and slope from 9 points, the seasonality shared) both are dated to
 * 2024-09, and 6 fitted half-year steps into seasonal noise (a series split every six months). The false-
 * break rates in noise (test/audit/breaks.test.ts) hold at 9.
 *
 * Incomplete months (the last two of a SESNSP release) are used: with segments of at least 9 months, two
 * provisional months cannot form a break of their own, and without them no break could be dated in the
 * months before the last complete one. Breaks whose 12 months after include them say so.
 */
export interface Break {
  place: string;
  name: string;
  month: string;
  /** Change in level at the break (log points) and in the yearly trend (log points per year). */
  levelShift: number;
  trendBefore: number;
  trendAfter: number;
  /** BIC saved by this break against the same model without it (the other breaks kept). */
  deltaBic: number;
  /** Victims per day, averaged over the 12 months before and after the break. */
  before: number;
  after: number;
  /** How sure the month is (optional only so that audits saved before it still read). */
  interval?: BreakInterval;
  /** Months of the 12 after the break that the release flags as incomplete. */
  incompleteAfter?: string[];
}

export interface BreakInterval {
  /** First and last month of the likelihood-ratio interval. */
  from: string;
  to: string;
  /** Nominal level (0.95). */
  level: number;
  /**
   * The interval reaches the earliest or latest month a break could be in (the minimum segment next to
   * another break or the end of the data): it could be wider.
   */
  censored: boolean;
}

/** Per place: what was fitted, and the BIC for every number of breaks. */
export interface PlaceBreaks {
  place: string;
  name: string;
  first: string;
  last: string;
  months: number;
  /** Breaks chosen. */
  m: number;
  /** BIC_m for m = 0..M (before the PENALTY). */
  bic: number[];
  /** Lag-1 autocorrelation of the residuals of the chosen model. */
  rho: number;
}

export interface BreakAnalysis {
  breaks: Break[];
  places: PlaceBreaks[];
  method: { minSegment: number; penalty: number; level: number; series: string };
}

/** Extra BIC each break must save (see above). */
export const BIC_THRESHOLD = 10;
/** The shortest segment between breaks, in months (see the module comment for why 9). */
export const MIN_SEGMENT = 9;
/** Level of the break-month intervals, and Hansen's (2000) critical value for it. */
export const INTERVAL_LEVEL = 0.95;
export const LR_CRITICAL = -2 * Math.log(1 - Math.sqrt(INTERVAL_LEVEL));

export interface BreakOptions {
  id?: string;
  /** Minimum segment length in months (default and least MIN_SEGMENT, 9). */
  minSegment?: number;
  /** Extra BIC per break (default BIC_THRESHOLD). */
  penalty?: number;
  /** Most breaks per place (default: as many as the minimum segment allows). */
  maxBreaks?: number;
}

/** Ordinary least squares by normal equations (small, well-conditioned designs): coefficients and SSR. */
export function ols(X: number[][], y: number[]): { beta: number[]; ssr: number } {
  const p = X[0].length;
  const a = Array.from({ length: p }, () => new Array<number>(p + 1).fill(0));
  for (let t = 0; t < y.length; t++) {
    const row = X[t];
    for (let i = 0; i < p; i++) {
      for (let j = 0; j < p; j++) a[i][j] += row[i] * row[j];
      a[i][p] += row[i] * y[t];
    }
  }
  const beta = solve(a, p);
  let ssr = 0;
  for (let t = 0; t < y.length; t++) {
    let f = 0;
    for (let i = 0; i < p; i++) f += X[t][i] * beta[i];
    ssr += (y[t] - f) ** 2;
  }
  return { beta, ssr };
}

/** Gauss–Jordan with partial pivoting on an augmented p × (p + 1) matrix; singular directions get 0. */
function solve(a: number[][], p: number): number[] {
  for (let c = 0; c < p; c++) {
    let piv = c;
    for (let r = c + 1; r < p; r++) if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) piv = r;
    [a[c], a[piv]] = [a[piv], a[c]];
    if (Math.abs(a[c][c]) < 1e-12) continue;
    for (let r = 0; r < p; r++) {
      if (r === c) continue;
      const f = a[r][c] / a[c][c];
      for (let k = c; k <= p; k++) a[r][k] -= f * a[c][k];
    }
  }
  return a.map((row, i) => (Math.abs(row[i]) < 1e-12 ? 0 : row[p] / row[i]));
}

/** A monthly series to segment: month indices (gaps allowed) and values. */
export interface MonthlyInput {
  months: readonly number[];
  y: readonly number[];
}

/** The joint least-squares fit for given breaks: month effects, segment lines, SSR, residuals. */
export interface JointFit {
  breaks: number[];
  ssr: number;
  /** Effects of February..December (January = 0), log points. */
  season: Float64Array;
  /** Per segment: level at t₀ (the first month) and yearly slope, so that the line is a + b (t − t₀)/12. */
  level: number[];
  slope: number[];
  residuals: Float64Array;
}

/** Month-of-year effect column (0..10 for Feb..Dec, −1 for January) of each observation, kept per input. */
const columns = new WeakMap<readonly number[], Int8Array>();
function seasonColumn(months: readonly number[]): Int8Array {
  let col = columns.get(months);
  if (!col) {
    col = Int8Array.from(months, (m) => (m % 12) - 1);
    columns.set(months, col);
  }
  return col;
}

/**
 * Least squares of y on segment-wise (1, t) and the common month effects, by Frisch–Waugh: the month
 * dummies and y are residualised on each segment's line, the 11 effects solved from those residuals, and
 * each segment's line fitted to y less the effects.
 */
export function jointFit(input: MonthlyInput, breaks: readonly number[]): JointFit {
  const { months, y } = input;
  const n = y.length;
  const t0 = months[0];
  const col = seasonColumn(months);
  const bounds = [0, ...breaks, n];
  // Residualised dummies (11 columns, column-major) and y.
  const Z = new Float64Array(11 * n);
  const ry = new Float64Array(n);
  const present = new Uint8Array(11);
  const count = new Float64Array(11);
  const cross = new Float64Array(11);
  for (let s = 0; s + 1 < bounds.length; s++) {
    const i0 = bounds[s];
    const i1 = bounds[s + 1];
    const c = i1 - i0;
    let tm = 0;
    let ym = 0;
    for (let k = i0; k < i1; k++) {
      tm += months[k];
      ym += y[k];
    }
    tm /= c;
    ym /= c;
    let ctt = 0;
    let cty = 0;
    count.fill(0);
    cross.fill(0);
    for (let k = i0; k < i1; k++) {
      const d = months[k] - tm;
      ctt += d * d;
      cty += d * (y[k] - ym);
      const j = col[k];
      if (j >= 0) {
        count[j]++;
        cross[j] += d;
        present[j] = 1;
      }
    }
    const inv = ctt > 1e-12 ? 1 / ctt : 0;
    const by = cty * inv;
    for (let k = i0; k < i1; k++) ry[k] = y[k] - ym - by * (months[k] - tm);
    for (let j = 0; j < 11; j++) {
      const mean = count[j] / c;
      const bj = cross[j] * inv;
      const off = j * n;
      for (let k = i0; k < i1; k++) Z[off + k] = (col[k] === j ? 1 : 0) - mean - bj * (months[k] - tm);
    }
  }
  const a = Array.from({ length: 11 }, () => new Array<number>(12).fill(0));
  for (let i = 0; i < 11; i++) {
    const oi = i * n;
    for (let j = i; j < 11; j++) {
      const oj = j * n;
      let s = 0;
      for (let k = 0; k < n; k++) s += Z[oi + k] * Z[oj + k];
      a[i][j] = s;
      a[j][i] = s;
    }
    let s = 0;
    for (let k = 0; k < n; k++) s += Z[oi + k] * ry[k];
    a[i][11] = s;
  }
  // A month of the year never observed has no effect to estimate.
  for (let i = 0; i < 11; i++) if (!present[i]) a[i][i] = 0;
  const season = Float64Array.from(solve(a, 11));
  const level: number[] = [];
  const slope: number[] = [];
  const residuals = new Float64Array(n);
  let ssr = 0;
  for (let s = 0; s + 1 < bounds.length; s++) {
    const i0 = bounds[s];
    const i1 = bounds[s + 1];
    const c = i1 - i0;
    let tm = 0;
    let ym = 0;
    for (let k = i0; k < i1; k++) {
      tm += months[k];
      ym += y[k] - (col[k] >= 0 ? season[col[k]] : 0);
    }
    tm /= c;
    ym /= c;
    let ctt = 0;
    let cty = 0;
    for (let k = i0; k < i1; k++) {
      const d = months[k] - tm;
      ctt += d * d;
      cty += d * (y[k] - (col[k] >= 0 ? season[col[k]] : 0) - ym);
    }
    const b = ctt > 1e-12 ? cty / ctt : 0;
    for (let k = i0; k < i1; k++) {
      const e = y[k] - (col[k] >= 0 ? season[col[k]] : 0) - ym - b * (months[k] - tm);
      residuals[k] = e;
      ssr += e * e;
    }
    // Per year, from the first month of the series.
    slope.push(b * 12);
    level.push(ym - b * (tm - t0));
  }
  return { breaks: [...breaks], ssr, season, level, slope, residuals };
}

/** y less the month effects. */
function deseasoned(input: MonthlyInput, season: Float64Array): Float64Array {
  const col = seasonColumn(input.months);
  return Float64Array.from(input.y, (v, k) => v - (col[k] >= 0 ? season[col[k]] : 0));
}

const sameBreaks = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((v, k) => v === b[k]);

/**
 * Continue the alternation from a fit with m breaks: the DP on y less its month effects, then the joint fit
 * given the new breaks, until the breaks repeat (each step lowers the SSR). `seen` collects the breaks
 * visited.
 */
function iterate(
  input: MonthlyInput,
  h: number,
  start: JointFit,
  buffer: Float64Array,
  seen: Set<string>,
): JointFit {
  const m = start.breaks.length;
  let current = start;
  for (let round = 0; round < 50; round++) {
    const costs = new SegmentCosts(input.months, deseasoned(input, current.season), h, buffer);
    const seg = optimalSegmentation(costs, m)!;
    if (sameBreaks(seg.breaks, current.breaks)) break;
    seen.add(seg.breaks.join());
    const fit = jointFit(input, seg.breaks);
    // Every step lowers the SSR; stop if rounding says otherwise.
    if (fit.ssr >= current.ssr) break;
    current = fit;
  }
  return current;
}

/**
 * The least-squares fits with m = 0..M breaks (common month effects, segments of at least h).
 *
 * The alternation of Bai & Perron (DP given the month effects, joint fit given the breaks) only finds a
 * local optimum from one start. Starts here: the month effects of the no-break fit, none, and then the
 * effects of every fit found for any m, again and again until no m improves — one programme per set of
 * effects gives every m its first breaks, and each m iterates from breaks it has not yet tried. On the real
 * series this reaches the brute-force optimum (every segmentation fitted jointly) in every case checked
 * (test/audit/breaks.test.ts).
 */
export function fitBreaks(input: MonthlyInput, h: number, M: number): JointFit[] {
  const n = input.y.length;
  const none = jointFit(input, []);
  const buffer = new Float64Array(n * n);
  const fits: JointFit[] = [none];
  const seen: Set<string>[] = [];
  const queue: Float64Array[] = [none.season, new Float64Array(11)];
  while (queue.length > 0) {
    const season = queue.shift()!;
    const costs = new SegmentCosts(input.months, deseasoned(input, season), h, buffer);
    const first = optimalSegmentations(costs, M);
    for (let m = 1; m < first.length; m++) {
      seen[m] ??= new Set();
      const key = first[m].breaks.join();
      if (seen[m].has(key)) continue;
      seen[m].add(key);
      const fit = iterate(input, h, jointFit(input, first[m].breaks), buffer, seen[m]);
      if (!fits[m] || fit.ssr < fits[m].ssr * (1 - 1e-12)) {
        fits[m] = fit;
        queue.push(fit.season);
      }
    }
  }
  return fits;
}

export interface SegmentResult {
  /** The chosen fit. */
  fit: JointFit;
  /** BIC_m for m = 0..M (without the penalty). */
  bic: number[];
  /** Per chosen break: ΔBIC against the model without it, and its interval (observation indices). */
  deltaBic: number[];
  interval: { from: number; to: number; censored: boolean }[];
  rho: number;
}

const parameters = (m: number) => 2 * (m + 1) + 11;

/**
 * Breaks of one monthly series: every m fitted, m chosen by the penalised BIC, then each break's ΔBIC and
 * interval. `months` are month indices (see data/panel/months.ts).
 */
export function segmentBreaks(
  input: MonthlyInput,
  options: { minSegment?: number; penalty?: number; maxBreaks?: number } = {},
): SegmentResult {
  const n = input.y.length;
  const h = options.minSegment ?? MIN_SEGMENT;
  if (!Number.isInteger(h) || h < MIN_SEGMENT)
    throw new Error(`minimum segment must be a whole number of months, at least ${MIN_SEGMENT} (got ${h})`);
  if (input.months.length !== n) throw new Error(`${input.months.length} months for ${n} values`);
  const penalty = options.penalty ?? BIC_THRESHOLD;
  const M = Math.min(options.maxBreaks ?? Number.POSITIVE_INFINITY, maxBreaks(n, h));
  const fits = fitBreaks(input, h, M);
  const bic = fits.map((f, m) => n * Math.log(Math.max(f.ssr, 1e-300) / n) + parameters(m) * Math.log(n));
  let chosen = 0;
  for (let m = 1; m < fits.length; m++) if (bic[m] + penalty * m < bic[chosen] + penalty * chosen) chosen = m;
  const fit = withoutSpikes(input, fits[chosen], penalty);
  const deltaBic = fit.breaks.map((_, k) => {
    const without = jointFit(
      input,
      fit.breaks.filter((_, j) => j !== k),
    );
    return n * Math.log(without.ssr / fit.ssr) - 2 * Math.log(n);
  });
  const rho = lagOneCorrelation(fit.residuals);
  const interval = breakIntervals(input, h, fit, rho);
  return { fit, bic, deltaBic, interval, rho };
}

/**
 * A break must not rest on one month. With segments of 9 months, a single outlying month next to the end
 * of the data (a spike, a month reported late) can be fitted as a level shift followed by a steep trend.
 * Each break is refitted without the month it starts on and without the month before it; when either
 * removal leaves it saving no more BIC than the penalty, it is an outlier, not a break. The weakest such
 * break is dropped and the rest refitted, until every break passes.
 */
function withoutSpikes(input: MonthlyInput, fit: JointFit, penalty: number): JointFit {
  let current = fit;
  for (;;) {
    const weak = current.breaks
      .map((b, k) => ({
        k,
        saved: Math.min(
          savedWithout(input, current.breaks, k, b),
          savedWithout(input, current.breaks, k, b - 1),
        ),
      }))
      .filter((x) => x.saved <= penalty)
      .sort((a, b) => a.saved - b.saved)[0];
    if (!weak) return current;
    current = jointFit(
      input,
      current.breaks.filter((_, j) => j !== weak.k),
    );
  }
}

/** The BIC that break k of `breaks` saves when observation `drop` is left out of the series. */
function savedWithout(input: MonthlyInput, breaks: readonly number[], k: number, drop: number): number {
  const months = input.months.filter((_, t) => t !== drop);
  const y = input.y.filter((_, t) => t !== drop);
  const shifted = breaks.map((b) => (b > drop ? b - 1 : b));
  const n = y.length;
  const withIt = jointFit({ months, y }, shifted);
  const without = jointFit(
    { months, y },
    shifted.filter((_, j) => j !== k),
  );
  return n * Math.log(without.ssr / withIt.ssr) - 2 * Math.log(n);
}

/** Lag-1 autocorrelation of residuals (consecutive observations). */
export function lagOneCorrelation(e: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let k = 0; k < e.length; k++) {
    den += e[k] * e[k];
    if (k > 0) num += e[k] * e[k - 1];
  }
  return den > 0 ? num / den : 0;
}

/**
 * Likelihood-ratio interval of each break month, the others and the month effects held: every τ between
 * the neighbouring breaks (at least h from them) with n (SSR(τ) − SSR(τ̂)) / SSR(τ̂) ≤ c (1 + ρ)/(1 − ρ).
 */
function breakIntervals(
  input: MonthlyInput,
  h: number,
  fit: JointFit,
  rho: number,
): { from: number; to: number; censored: boolean }[] {
  const n = input.y.length;
  const costs = new SegmentCosts(input.months, deseasoned(input, fit.season), h);
  const r = Math.min(Math.max(rho, 0), 0.9);
  const critical = LR_CRITICAL * ((1 + r) / (1 - r));
  const bounds = [0, ...fit.breaks, n];
  return fit.breaks.map((at, k) => {
    const lo = bounds[k] + h;
    const hi = bounds[k + 2] - h;
    const pair = (tau: number) => costs.at(bounds[k], tau - 1) + costs.at(tau, bounds[k + 2] - 1);
    const base = pair(at);
    let from = at;
    let to = at;
    for (let tau = lo; tau <= hi; tau++) {
      const lr = (n * (pair(tau) - base)) / fit.ssr;
      if (lr <= critical) {
        from = Math.min(from, tau);
        to = Math.max(to, tau);
      }
    }
    return { from, to, censored: from === lo || to === hi };
  });
}

/** Places: the nation, then every state. */
export function breakPlaces(): { code: string; name: string }[] {
  return [{ code: '00', name: 'Nacional' }, ...STATES.map((s) => ({ code: s.code, name: s.name }))];
}

/**
 * Breaks in the national and every state's series (default: intentional-homicide victims), grouped by
 * place (the nation first, then the states by code) and ordered by month within a place.
 */
export function trendBreakAnalysis(panel: Panel, options: BreakOptions = {}): BreakAnalysis {
  const id = options.id ?? HOMICIDE;
  const h = options.minSegment ?? MIN_SEGMENT;
  const penalty = options.penalty ?? BIC_THRESHOLD;
  if (!Number.isFinite(penalty) || penalty < 0) throw new Error(`penalty must be ≥ 0 (got ${penalty})`);
  const breaks: Break[] = [];
  const places: PlaceBreaks[] = [];
  for (const place of breakPlaces()) {
    const ps = placeSeries(panel, id, place);
    const s = ps.series;
    const flagged = new Set(s.meta.incompleteMonths ?? []);
    const months: number[] = [];
    const perDay: number[] = [];
    for (let t = 0; t < s.months; t++) {
      if (Number.isNaN(ps.values[t])) continue;
      const m = s.start + t;
      months.push(m);
      perDay.push(ps.values[t] / daysIn(m));
    }
    if (months.length < 3 * h) continue;
    const y = perDay.map((v) => Math.log1p(v));
    const r = segmentBreaks({ months, y }, { minSegment: h, penalty, maxBreaks: options.maxBreaks });
    const { fit } = r;
    places.push({
      place: place.code,
      name: place.name,
      first: monthLabel(months[0]),
      last: monthLabel(months.at(-1)!),
      months: months.length,
      m: fit.breaks.length,
      bic: r.bic,
      rho: r.rho,
    });
    const mean = (a: number[]) => a.reduce((x, v) => x + v, 0) / a.length;
    fit.breaks.forEach((at, k) => {
      const tb = (months[at] - months[0]) / 12;
      const before = fit.level[k] + fit.slope[k] * tb;
      const after = fit.level[k + 1] + fit.slope[k + 1] * tb;
      const iv = r.interval[k];
      breaks.push({
        place: place.code,
        name: place.name,
        month: monthLabel(months[at]),
        levelShift: after - before,
        trendBefore: fit.slope[k],
        trendAfter: fit.slope[k + 1],
        deltaBic: r.deltaBic[k],
        before: mean(perDay.slice(Math.max(0, at - 12), at)),
        after: mean(perDay.slice(at, at + 12)),
        interval: {
          from: monthLabel(months[iv.from]),
          to: monthLabel(months[iv.to]),
          level: INTERVAL_LEVEL,
          censored: iv.censored,
        },
        incompleteAfter: months
          .slice(at, at + 12)
          .map(monthLabel)
          .filter((l) => flagged.has(l)),
      });
    });
  }
  return {
    breaks,
    places,
    method: { minSegment: h, penalty, level: INTERVAL_LEVEL, series: id },
  };
}

/** Every break of every place (see trendBreakAnalysis). */
export function trendBreaks(panel: Panel, options: BreakOptions = {}): Break[] {
  return trendBreakAnalysis(panel, options).breaks;
}

/** The break of a place with the largest ΔBIC. */
export function strongestBreak(breaks: readonly Break[], place: string): Break | undefined {
  let best: Break | undefined;
  for (const b of breaks) if (b.place === place && (!best || b.deltaBic > best.deltaBic)) best = b;
  return best;
}

/** Breaks by place, in the order the places first appear, each place's breaks by month. */
export function groupByPlace(breaks: readonly Break[]): Break[][] {
  const groups = new Map<string, Break[]>();
  for (const b of breaks) {
    const key = `${b.place}\u0000${b.name}`;
    const g = groups.get(key) ?? [];
    g.push(b);
    groups.set(key, g);
  }
  return [...groups.values()].map((g) => [...g].sort((a, b) => a.month.localeCompare(b.month)));
}
