import { type ForecastData, logPopulation } from './data.js';

/**
 * Predictors of the count-regression model for area i, made at origin t for the month t + h, from data up
 * to t only (every count enters as log(x + c), c = FEATURE_SHIFT):
 *
 *   1                            intercept
 *   log(y_t + c)                 last month
 *   log(mean y_{t−2..t} + c)     last 3 months
 *   log(mean y_{t−11..t} + c)    last 12 months
 *   log(mean y_{t−35..t−12} + c) the two years before (long-run level; with the above, the trend)
 *   log(neighbours' mean of their last 3 months + c)   spatial lag: violence next door
 *   log(neighbours' mean of their last 12 months + c)
 *   log(population / 100,000) in the target year
 *   log(y_{t+h−12} + c)          the same month a year before the target (the area's seasonality)
 *   11 month-of-year indicators of the target month (national seasonality)
 *
 * Rolling means come from prefix sums, so building every row is O(1) per predictor.
 */
export const FEATURE_NAMES = [
  'intercept',
  'log_last',
  'log_mean3',
  'log_mean12',
  'log_mean_prev24',
  'log_neighbours_mean3',
  'log_neighbours_mean12',
  'log_population_100k',
  'log_same_month_last_year',
  ...Array.from({ length: 11 }, (_, k) => `month_${String(k + 2).padStart(2, '0')}`),
] as const;

/**
 * c in log(x + c). It sets how far a quiet place's forecast regresses towards a small positive rate
 * (μ ≈ A·(x + c)^γ is the shape of an empirical-Bayes shrinkage of the recent mean). Chosen on the training
 * likelihood of INEGI municipal homicides (origin 2018-12, horizon 1, five years of origins): log-likelihood
 * −104,007 with c = 1 (log1p), −102,719 (0.5), −101,558 (0.25), −100,523 (0.1), −100,204 (0.05), −100,184
 * (0.03), −100,264 (0.02), −100,531 (0.01). With log1p the biggest cities were badly under- or
 * over-predicted (dispersion of the top stratum 0.43 against 0.10 here). Reproduce: `npx tsx bench/forecast-shift.ts`.
 */
export const FEATURE_SHIFT = 0.05;

export const P = FEATURE_NAMES.length;
/** The earliest origin with a full feature history (t − 35 ≥ 0). */
export const FIRST_ORIGIN = 35;

/** Rolling sums and neighbour means shared by every horizon. */
export interface FeatureBase {
  data: ForecastData;
  /** Prefix sums: cum[i * (T + 1) + t] = Σ_{s<t} y_{i,s}. */
  cum: Float64Array;
  /** Neighbours' mean of their 3- and 12-month means, area × month. */
  nb3: Float64Array;
  nb12: Float64Array;
  /** c in log(x + c) (FEATURE_SHIFT unless a study of c asks otherwise). */
  shift: number;
}

export function featureBase(data: ForecastData, shift: number = FEATURE_SHIFT): FeatureBase {
  const { y, months: T, areas } = data;
  const n = areas.length;
  const cum = new Float64Array(n * (T + 1));
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let t = 0; t < T; t++) {
      s += y[i * T + t];
      cum[i * (T + 1) + t + 1] = s;
    }
  }
  const mean = (w: number) => {
    const out = new Float64Array(n * T);
    for (let i = 0; i < n; i++) {
      for (let t = 0; t < T; t++) {
        const a = Math.max(0, t + 1 - w);
        out[i * T + t] = (cum[i * (T + 1) + t + 1] - cum[i * (T + 1) + a]) / (t + 1 - a);
      }
    }
    return out;
  };
  const m3 = mean(3);
  const m12 = mean(12);
  return { data, cum, nb3: neighbourMean(data, m3), nb12: neighbourMean(data, m12), shift };
}

function neighbourMean(data: ForecastData, values: Float64Array): Float64Array {
  const T = data.months;
  const out = new Float64Array(values.length);
  for (let i = 0; i < data.areas.length; i++) {
    const a = data.nbPtr[i];
    const b = data.nbPtr[i + 1];
    if (b === a) continue;
    for (let t = 0; t < T; t++) {
      let s = 0;
      for (let e = a; e < b; e++) s += values[data.nbIdx[e] * T + t];
      out[i * T + t] = s / (b - a);
    }
  }
  return out;
}

/** Mean of y over months [a, b] (inclusive) for area i. */
function windowMean(base: FeatureBase, i: number, a: number, b: number): number {
  const T1 = base.data.months + 1;
  return (base.cum[i * T1 + b + 1] - base.cum[i * T1 + a]) / (b - a + 1);
}

/** Write the predictors of (area i, origin t, horizon h) into out[offset..offset + P). */
export function writeFeatures(
  base: FeatureBase,
  i: number,
  t: number,
  h: number,
  out: Float64Array,
  offset: number,
): void {
  const { data } = base;
  const T = data.months;
  const target = data.start + t + h;
  const c = base.shift;
  const lg = (v: number) => Math.log(v + c);
  out[offset] = 1;
  out[offset + 1] = lg(data.y[i * T + t]);
  out[offset + 2] = lg(windowMean(base, i, t - 2, t));
  out[offset + 3] = lg(windowMean(base, i, t - 11, t));
  // Clamped at month 0 for series shorter than three years (their models leave these two columns out).
  out[offset + 4] = lg(windowMean(base, i, Math.max(0, t - 35), Math.max(0, t - 12)));
  out[offset + 5] = lg(base.nb3[i * T + t]);
  out[offset + 6] = lg(base.nb12[i * T + t]);
  out[offset + 7] = logPopulation(data, i, target);
  out[offset + 8] = lg(data.y[i * T + Math.max(0, t + h - 12)]);
  const moy = target % 12;
  for (let k = 0; k < 11; k++) out[offset + 9 + k] = moy === k + 1 ? 1 : 0;
}

/**
 * Dispersion strata by the area's mean of the last 12 months at the origin: quiet places are far more
 * overdispersed relative to their mean than big cities, so one α would make big cities' intervals far
 * too wide. Edges (events a month) are an ASSUMPTION: 0.25, 1, 3, 10, 30.
 */
export const STRATUM_EDGES = [0.25, 1, 3, 10, 30] as const;
export const STRATA = STRATUM_EDGES.length + 1;

export function stratumOf(base: FeatureBase, i: number, t: number): number {
  const m = windowMean(base, i, t - 11, t);
  let k = 0;
  while (k < STRATUM_EDGES.length && m >= STRATUM_EDGES[k]) k++;
  return k;
}

/**
 * The training design for horizon h: every area at every origin t in [first, last] (targets t + h must
 * be observed: last ≤ months − 1 − h). Returns X (row-major) and the targets.
 */
export function trainingDesign(
  base: FeatureBase,
  h: number,
  first: number,
  last: number,
): { X: Float64Array; y: Float64Array; strata: Uint8Array } {
  const { data } = base;
  const T = data.months;
  const n = data.areas.length;
  const origins = last - first + 1;
  const X = new Float64Array(n * origins * P);
  const y = new Float64Array(n * origins);
  const strata = new Uint8Array(n * origins);
  let row = 0;
  for (let t = first; t <= last; t++) {
    for (let i = 0; i < n; i++, row++) {
      writeFeatures(base, i, t, h, X, row * P);
      y[row] = data.y[i * T + t + h];
      strata[row] = stratumOf(base, i, t);
    }
  }
  return { X, y, strata };
}
