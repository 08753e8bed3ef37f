import { parseMonthLabel, yearOf } from '../panel/months.js';
import { type ObservedHomicides, withFeminicide } from './homicides.js';

/** Options of `sesnspToInegiScale`. */
export interface ScaleOptions {
  /** Years compared nationally (default: every year with a final INEGI figure and 12 SESNSP months). */
  years?: readonly number[];
  /** Years compared by state (default: every year of the INEGI state table that SESNSP covers fully). */
  stateYears?: readonly number[];
  /** Add feminicide victims to the SESNSP counts (default false: homicidio doloso alone). */
  feminicide?: boolean;
  /** Rescale the INEGI state file to the published national total of each year (default true). */
  coverage?: boolean;
  /** Estimate the state ratios too (default true). */
  byState?: boolean;
}

export interface ScaleYear {
  year: number;
  inegi: number;
  sesnsp: number;
  /** inegi / sesnsp */
  ratio: number;
}

export interface StateScale {
  state: string;
  /** Years with both counts. */
  n: number;
  /** Mean log ratio over the years (r_s), its between-year sd, and its standard error (√v_s). */
  logRatio: number;
  logSd: number;
  logSe: number;
  /** w_s: the weight of the state's own mean in the shrunk estimate. */
  weight: number;
  /** θ̂_s and its standard error. */
  logShrunk: number;
  logShrunkSe: number;
  /** exp(θ̂_s): the state's INEGI/SESNSP ratio after shrinkage; exp(r_s) before. */
  ratio: number;
  rawRatio: number;
}

export interface StateScales {
  years: number[];
  /** Per year: published national, the state file's sum, and the factor applied (1 without `coverage`). */
  coverage: { year: number; published: number; stateFile: number; factor: number }[];
  /** μ, its standard error, and τ (the between-state sd of true log ratios). */
  logMean: number;
  logSe: number;
  tau: number;
  states: StateScale[];
}

export interface SesnspToInegiScale {
  /** The SESNSP count the ratio applies to. */
  series: 'homicidio-doloso' | 'homicidio-doloso+feminicidio';
  /** The SESNSP release of the observed series (`source.release`). */
  release: string;
  years: ScaleYear[];
  /** exp(logMean): the estimate. */
  ratio: number;
  mean: number;
  sd: number;
  se: number;
  logMean: number;
  logSd: number;
  logSe: number;
  byState?: StateScales;
}

/**
 * The scale between the two homicide counts: INEGI death certificates (what the simulator is calibrated
 * to) over SESNSP victims reported by state prosecutors (what it assimilates monthly). Prosecutors record
 * fewer: the ratio is about 1.09, not 1, and it moves from year to year, so it is estimated with its
 * uncertainty rather than assumed.
 *
 * National: for each year y with a final INEGI figure I_y and twelve SESNSP months S_y (same vintage),
 * l_y = log(I_y / S_y). The estimate is on the log scale: logMean = mean l_y, logSd = their between-year
 * standard deviation (what one year's ratio scatters by), logSe = logSd / √n (the uncertainty of the
 * mean level); `ratio` = exp(logMean). `mean`, `sd`, `se` are the same on the ratio scale.
 *
 * By state (INEGI state file, 2015–2022): the state file sums differently from the published national
 * figures (−6.7% in 2022, +1.6% in 2008: docs/OBSERVED.md), so with `coverage` (default) each year's
 * state counts are multiplied by published / state-file sum, which assumes the deaths it drops are spread
 * across states in proportion to its counts (ASSUMPTION). Then for state s over its n years:
 *
 *   l_sy = log((I_sy·c_y + ½) / (S_sy + ½))        (½: a state-year of zero stays finite)
 *   r_s  = mean_y l_sy,   v_s = max(var_y l_sy, mean_y [1/(I_sy + ½) + 1/(S_sy + ½)]) / n
 *
 * (the between-year variance, floored by the Poisson variance of a log ratio of counts), and an empirical
 * Bayes normal–normal model r_s ~ N(θ_s, v_s), θ_s ~ N(μ, τ²) centred on the national log ratio of the
 * same years μ = mean_y log(Σ_s I_sy·c_y / Σ_s S_sy) (with `coverage`, the published national ratio):
 *
 *   τ² = max(0, mean_s (r_s − μ)² − mean_s v_s)                 (method of moments)
 *   w_s = τ² / (τ² + v_s),   θ̂_s = μ + w_s (r_s − μ)
 *   var θ̂_s = w_s v_s + (1 − w_s)² se_μ²                         (se_μ: standard error of μ over years)
 *
 * Small or noisy states move toward the national ratio; large, stable ones keep their own.
 *
 * @example
 * const scale = sesnspToInegiScale(observedHomicides({ prefer: 'builtin' }));
 * // INEGI-scale monthly homicides ≈ SESNSP victims × scale.ratio, log-sd scale.logSe on the level
 */
export function sesnspToInegiScale(
  observed: ObservedHomicides,
  options: ScaleOptions = {},
): SesnspToInegiScale {
  const { feminicide = false, coverage = true } = options;
  const m = observed.monthly;
  const counts = feminicide ? withFeminicide(m) : { victims: m.victims, national: m.national };
  const sesnspYears = completeYears(m.start, m.months, (t) => counts.national[t]);
  const published = new Map(
    observed.inegi.nationalYearly.filter((r) => r.status === 'final').map((r) => [r.year, r.value]),
  );

  const available = [...sesnspYears.keys()].filter((y) => published.has(y));
  const years = pick(options.years, available, 'national');
  const rows: ScaleYear[] = years.map((year) => {
    const inegi = published.get(year)!;
    const sesnsp = sesnspYears.get(year)!;
    return { year, inegi, sesnsp, ratio: inegi / sesnsp };
  });
  const logs = rows.map((r) => Math.log(r.ratio));
  const ratios = rows.map((r) => r.ratio);
  const out: SesnspToInegiScale = {
    series: feminicide ? 'homicidio-doloso+feminicidio' : 'homicidio-doloso',
    release: observed.source.release,
    years: rows,
    ratio: Math.exp(mean(logs)),
    mean: mean(ratios),
    sd: sd(ratios),
    se: sd(ratios) / Math.sqrt(ratios.length),
    logMean: mean(logs),
    logSd: sd(logs),
    logSe: sd(logs) / Math.sqrt(logs.length),
  };
  if (options.byState !== false)
    out.byState = stateScales(observed, counts.victims, published, coverage, options);
  return out;
}

/** Calendar years fully inside the monthly range with every month reported: year → total. */
function completeYears(start: string, months: number, value: (t: number) => number): Map<number, number> {
  const first = parseMonthLabel(start);
  const out = new Map<number, number>();
  const count = new Map<number, number>();
  for (let t = 0; t < months; t++) {
    const v = value(t);
    if (Number.isNaN(v)) continue;
    const y = yearOf(first + t);
    out.set(y, (out.get(y) ?? 0) + v);
    count.set(y, (count.get(y) ?? 0) + 1);
  }
  for (const [y, n] of count) if (n !== 12) out.delete(y);
  return out;
}

function pick(wanted: readonly number[] | undefined, available: number[], what: string): number[] {
  const years = wanted ? [...wanted].sort((a, b) => a - b) : available;
  const missing = years.filter((y) => !available.includes(y));
  if (missing.length > 0)
    throw new Error(
      `${what} scale: no data for ${missing.join(', ')} (years with both: ${available.join(', ')})`,
    );
  if (years.length < 2) throw new Error(`${what} scale: needs at least 2 years, got ${years.length}`);
  return years;
}

function stateScales(
  observed: ObservedHomicides,
  victims: Float64Array,
  published: Map<number, number>,
  coverage: boolean,
  options: ScaleOptions,
): StateScales {
  const m = observed.monthly;
  const st = observed.inegi.stateYearly;
  const S = m.states.length;
  const inegiRow = m.states.map((code) => st.states.indexOf(code));
  // SESNSP by state × year (complete years only), and the INEGI state file's national sums.
  const sesnsp = m.states.map((_, s) => completeYears(m.start, m.months, (t) => victims[s * m.months + t]));
  const inegi = (s: number, year: number) =>
    inegiRow[s] < 0 || year < st.start || year >= st.start + st.years
      ? Number.NaN
      : st.values[inegiRow[s] * st.years + (year - st.start)];
  const available: number[] = [];
  for (let year = st.start; year < st.start + st.years; year++) {
    const ok = m.states.every((_, s) => sesnsp[s].has(year) && !Number.isNaN(inegi(s, year)));
    if (ok && (!coverage || published.has(year))) available.push(year);
  }
  const years = pick(options.stateYears, available, 'state');

  const cov = years.map((year) => {
    let stateFile = 0;
    for (let s = 0; s < S; s++) stateFile += inegi(s, year);
    const pub = published.get(year) ?? Number.NaN;
    return { year, published: pub, stateFile, factor: coverage ? pub / stateFile : 1 };
  });
  const nationalLogs = years.map((year, k) => {
    let sum = 0;
    for (let s = 0; s < S; s++) sum += sesnsp[s].get(year)!;
    return Math.log((cov[k].stateFile * cov[k].factor) / sum);
  });
  const mu = mean(nationalLogs);
  const muVar = variance(nationalLogs) / nationalLogs.length;

  const raw = m.states.map((state, s) => {
    const logs = years.map((year, k) =>
      Math.log((inegi(s, year) * cov[k].factor + 0.5) / (sesnsp[s].get(year)! + 0.5)),
    );
    const poisson = mean(years.map((year) => 1 / (inegi(s, year) + 0.5) + 1 / (sesnsp[s].get(year)! + 0.5)));
    const n = logs.length;
    return { state, n, logRatio: mean(logs), logSd: sd(logs), v: Math.max(variance(logs), poisson) / n };
  });
  const tau2 = Math.max(0, mean(raw.map((r) => (r.logRatio - mu) ** 2)) - mean(raw.map((r) => r.v)));
  const states = raw.map(({ state, n, logRatio, logSd, v }) => {
    const weight = tau2 / (tau2 + v);
    const logShrunk = mu + weight * (logRatio - mu);
    return {
      state,
      n,
      logRatio,
      logSd,
      logSe: Math.sqrt(v),
      weight,
      logShrunk,
      logShrunkSe: Math.sqrt(weight * v + (1 - weight) ** 2 * muVar),
      ratio: Math.exp(logShrunk),
      rawRatio: Math.exp(logRatio),
    };
  });
  return { years, coverage: cov, logMean: mu, logSe: Math.sqrt(muVar), tau: Math.sqrt(tau2), states };
}

function mean(x: readonly number[]): number {
  return x.reduce((a, b) => a + b, 0) / x.length;
}

/** Sample variance (n − 1). */
function variance(x: readonly number[]): number {
  const m = mean(x);
  return x.reduce((a, b) => a + (b - m) ** 2, 0) / (x.length - 1);
}

function sd(x: readonly number[]): number {
  return Math.sqrt(variance(x));
}
