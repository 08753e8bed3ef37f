/**
 * log((1/n) Σ exp(x_i)) without overflow, and its jackknife standard error: how independent particle
 * filter log-likelihood estimates are combined. The likelihood estimate of a particle filter is unbiased
 * on the natural scale, so replicates are averaged there (not their logs); the standard error follows
 * pomp's `logmeanexp(x, se = TRUE)` (King, Nguyen & Ionides 2016, J Stat Softw 69(12)):
 * se = (n − 1) · sd(jackknife leave-one-out values) / √n.
 */
export interface LogMeanExp {
  /** log of the mean of exp(x). */
  mean: number;
  /** Jackknife standard error of `mean` (NaN with fewer than 2 values). */
  se: number;
}

/**
 * @example
 * logMeanExp([-100.2, -99.8, -100.1]) // { mean: -99.99…, se: 0.12… }
 */
export function logMeanExp(values: ArrayLike<number>): LogMeanExp {
  const n = values.length;
  if (n === 0) return { mean: Number.NaN, se: Number.NaN };
  const mean = lme(values, -1);
  if (n < 2) return { mean, se: Number.NaN };
  const jk = new Float64Array(n);
  let avg = 0;
  for (let k = 0; k < n; k++) {
    jk[k] = lme(values, k);
    avg += jk[k] / n;
  }
  let ss = 0;
  for (let k = 0; k < n; k++) ss += (jk[k] - avg) ** 2;
  const sd = Math.sqrt(ss / (n - 1));
  return { mean, se: ((n - 1) * sd) / Math.sqrt(n) };
}

/** log-mean-exp of `values` leaving out index `skip` (−1: none). */
function lme(values: ArrayLike<number>, skip: number): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) if (i !== skip && values[i] > max) max = values[i];
  if (max === Number.NEGATIVE_INFINITY || max === Number.POSITIVE_INFINITY) return max;
  let sum = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    if (i === skip) continue;
    sum += Math.exp(values[i] - max);
    n++;
  }
  return max + Math.log(sum / n);
}
