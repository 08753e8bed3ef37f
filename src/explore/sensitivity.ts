/**
 * Global sensitivity analysis for `atalaya explore`: Morris elementary effects and Sobol' first-order
 * and total indices, over designs from ./design.ts and one output per design row.
 *
 * Point estimates follow SALib (Herman & Usher 2017, https://github.com/SALib/SALib) so that results
 * can be checked against it: `morris.analyze` (unscaled) and `sobol.analyze(calc_second_order=False)`.
 * test/fixtures/explore/salib-peer.py records SALib's numbers on our designs; the tests compare.
 * Confidence intervals are bootstrap intervals with our own generator, so they agree with SALib's in
 * size, not digit for digit; their conventions are stated at each function.
 */

import type { Rng } from '../sim/rng.js';
import { quantile } from '../stats/rank.js';

export interface BootstrapOptions {
  /** Generator for the bootstrap resamples. */
  rng: Rng;
  /** Bootstrap resamples. Default 1000. */
  resamples?: number;
  /** Confidence level of the intervals. Default 0.95. */
  level?: number;
}

export interface MorrisIndices {
  /** Mean elementary effect (signed: effects of opposite signs cancel). */
  mu: Float64Array;
  /** Mean absolute elementary effect (Campolongo, Cariboni & Saltelli 2007): the ranking measure. */
  muStar: Float64Array;
  /** Standard deviation of the elementary effects (ddof = 1): non-linearity and interactions. */
  sigma: Float64Array;
  /** Half-width of the bootstrap interval for muStar at `level` (normal approximation, as SALib). */
  muStarConf: Float64Array;
}

export interface SobolIndices {
  /** First-order indices (Saltelli et al. 2010 estimator) and their bootstrap percentile interval. */
  S1: Float64Array;
  S1_low: Float64Array;
  S1_high: Float64Array;
  /** Total indices (Jansen 1999 estimator) and their bootstrap percentile interval. */
  ST: Float64Array;
  ST_low: Float64Array;
  ST_high: Float64Array;
}

/**
 * Standard normal quantile, Acklam's rational approximation (relative error < 1.2e-9), ample for the
 * multiplier of a bootstrap standard deviation whose own sampling error is a few percent.
 * P. J. Acklam (2003), "An algorithm for computing the inverse normal cumulative distribution function".
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile: p must be in (0, 1), got ${p}`);
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
  ];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const a5 = 2.506628277459239;
  const c4 = 4.374664141464968;
  const c5 = 2.938163982698783;
  const tail = (q: number) =>
    (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c4) * q + c5) /
    ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  const pLow = 0.02425;
  if (p < pLow) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - pLow) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a5) * q) /
    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
  );
}

function resolveBootstrap(name: string, options: BootstrapOptions) {
  const { rng, resamples = 1000, level = 0.95 } = options;
  if (!Number.isInteger(resamples) || resamples < 2) {
    throw new RangeError(`${name}: resamples must be an integer ≥ 2, got ${resamples}`);
  }
  if (!(level > 0 && level < 1)) throw new RangeError(`${name}: level must be in (0, 1), got ${level}`);
  return { rng, resamples, level };
}

/** Refuse outputs a failed run left as NaN or ±Infinity: every estimator here would silently turn NaN. */
function checkFinite(name: string, y: Float64Array): void {
  let bad = 0;
  let first = -1;
  for (let i = 0; i < y.length; i++) {
    if (!Number.isFinite(y[i])) {
      if (bad === 0) first = i;
      bad++;
    }
  }
  if (bad > 0) {
    throw new RangeError(
      `${name}: ${bad} of ${y.length} output rows are NaN or infinite (first at row ${first}); ` +
        'the design needs an output for every row',
    );
  }
}

/** Sample standard deviation (ddof = 1); NaN below two values. */
function sampleSd(values: Float64Array): number {
  const n = values.length;
  if (n < 2) return Number.NaN;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i];
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i] - mean) ** 2;
  return Math.sqrt(ss / (n - 1));
}

/**
 * Elementary effects of a trajectory design, factor-major: effect of factor f in trajectory t at
 * [f * r + t]. Each step must move exactly one factor, and each factor once per trajectory.
 */
export function elementaryEffects(x: Float64Array, y: Float64Array, k: number): Float64Array {
  const rows = y.length;
  if (x.length !== rows * k) {
    throw new RangeError(`morrisIndices: x has ${x.length} values, expected ${rows} rows × ${k} factors`);
  }
  if (rows === 0 || rows % (k + 1) !== 0) {
    throw new RangeError(
      `morrisIndices: ${rows} rows is not a whole number of trajectories of ${k + 1} rows`,
    );
  }
  const r = rows / (k + 1);
  const ee = new Float64Array(k * r);
  const moved = new Uint8Array(k);
  for (let t = 0; t < r; t++) {
    moved.fill(0);
    for (let s = 1; s <= k; s++) {
      const row = t * (k + 1) + s;
      let factor = -1;
      let changes = 0;
      for (let j = 0; j < k; j++) {
        if (x[row * k + j] !== x[(row - 1) * k + j]) {
          factor = j;
          changes++;
        }
      }
      if (changes !== 1 || moved[factor]) {
        throw new RangeError(
          `morrisIndices: row ${row} (trajectory ${t}) changes ${changes === 1 ? `factor ${factor} again` : `${changes} factors`}; ` +
            'each step of a trajectory must move exactly one factor, each factor once',
        );
      }
      moved[factor] = 1;
      // Δy/Δx with the step read from the design, so any step size works; on the grid design Δx is
      // ±Δ up to an ulp, where SALib divides by Δ and orders the pair by the sign of the step.
      ee[factor * r + t] = (y[row] - y[row - 1]) / (x[row * k + factor] - x[(row - 1) * k + factor]);
    }
  }
  return ee;
}

/**
 * Morris screening measures from a trajectory design (`morrisDesign` or any design in that layout:
 * consecutive trajectories of k + 1 rows in the unit cube) and its outputs.
 *
 * Elementary effect EE = Δy/Δx for the factor that moves at each step. mu, muStar and sigma are those
 * of SALib's `morris.analyze` (unscaled). muStarConf is the half-width z_(1+level)/2 × bootstrap SD of
 * muStar, SALib's normal-approximation convention, but the bootstrap resamples whole trajectories
 * (one draw of r trajectories serves every factor) where SALib resamples each factor's effects apart;
 * the two agree in distribution because a factor has one effect per trajectory.
 *
 * @example
 * const x = morrisDesign(50, 6, { rng: createRng(1, 'design') });
 * const y = evaluate(x); // one output per row
 * const { muStar } = morrisIndices(x, y, 6, { rng: createRng(1, 'bootstrap') });
 */
export function morrisIndices(
  x: Float64Array,
  y: Float64Array,
  k: number,
  options: BootstrapOptions,
): MorrisIndices {
  const { rng, resamples, level } = resolveBootstrap('morrisIndices', options);
  checkFinite('morrisIndices', y);
  const ee = elementaryEffects(x, y, k);
  const r = ee.length / k;
  const mu = new Float64Array(k);
  const muStar = new Float64Array(k);
  const sigma = new Float64Array(k);
  const muStarConf = new Float64Array(k);
  for (let f = 0; f < k; f++) {
    const effects = ee.subarray(f * r, (f + 1) * r);
    let sum = 0;
    let sumAbs = 0;
    for (let t = 0; t < r; t++) {
      sum += effects[t];
      sumAbs += Math.abs(effects[t]);
    }
    mu[f] = sum / r;
    muStar[f] = sumAbs / r;
    sigma[f] = sampleSd(effects);
  }
  const boot = new Float64Array(resamples * k);
  for (let b = 0; b < resamples; b++) {
    for (let t = 0; t < r; t++) {
      const pick = Math.floor(rng.next() * r);
      for (let f = 0; f < k; f++) boot[f * resamples + b] += Math.abs(ee[f * r + pick]);
    }
  }
  const z = normalQuantile(0.5 + level / 2);
  for (let f = 0; f < k; f++) {
    const draws = boot.subarray(f * resamples, (f + 1) * resamples);
    for (let b = 0; b < resamples; b++) draws[b] /= r;
    muStarConf[f] = z * sampleSd(draws);
  }
  return { mu, muStar, sigma, muStarConf };
}

/** Numerators of S1 and ST (per factor) and the variance, over base samples `pick` (all when null). */
function sobolMoments(
  yA: Float64Array,
  yB: Float64Array,
  yAB: Float64Array,
  k: number,
  pick: Int32Array | null,
  out: { s1: Float64Array; st: Float64Array },
): void {
  const N = yA.length;
  const at = (i: number) => (pick ? pick[i] : i);
  // Variance of A and B outputs together, ddof = 0 (np.var), two passes for accuracy.
  let mean = 0;
  for (let i = 0; i < N; i++) mean += yA[at(i)] + yB[at(i)];
  mean /= 2 * N;
  let ss = 0;
  for (let i = 0; i < N; i++) ss += (yA[at(i)] - mean) ** 2 + (yB[at(i)] - mean) ** 2;
  const v = ss / (2 * N);
  for (let f = 0; f < k; f++) {
    const ab = yAB.subarray(f * N, (f + 1) * N);
    let first = 0;
    let total = 0;
    for (let i = 0; i < N; i++) {
      const j = at(i);
      first += yB[j] * (ab[j] - yA[j]);
      total += (yA[j] - ab[j]) ** 2;
    }
    out.s1[f] = first / N / v;
    out.st[f] = (0.5 * total) / N / v;
  }
}

/** Type-7 percentile interval of the finite values (a resample with zero variance gives NaN). */
function percentileInterval(values: Float64Array, level: number): [number, number] {
  const finite = Array.from(values)
    .filter(Number.isFinite)
    .sort((p, q) => p - q);
  return [quantile(finite, (1 - level) / 2), quantile(finite, (1 + level) / 2)];
}

/**
 * First-order and total Sobol' indices from the outputs of `saltelliDesign(N, k)` (blocks of k + 2
 * rows: A, AB^(1) … AB^(k), B), with the estimators of SALib's `sobol.analyze(calc_second_order=False)`:
 *
 *   V   = variance of the A and B outputs together (ddof = 0)
 *   S1_i = mean(y_B · (y_AB^(i) − y_A)) / V        Saltelli et al. (2010), Table 2 (b)
 *   ST_i = ½ · mean((y_A − y_AB^(i))²) / V          Jansen (1999), ibid. Table 2 (f)
 *
 * Outputs are first centred on the mean of all N(k + 2) of them, as SALib does: the S1 numerator is
 * not shift-invariant (a shift c adds c · mean(y_AB − y_A)), and centring keeps that noise out.
 * Intervals: bootstrap over the N base samples (each resample redraws N blocks and recomputes V and
 * both numerators), percentile interval (type 7) at `level`. SALib instead reports z × bootstrap SD.
 * An output that never changes over A and B has V = 0: its indices are NaN, not an exception.
 *
 * Jansen, M. J. W. (1999). Analysis of variance designs for model output. Computer Physics
 * Communications 117, 35–43.
 *
 * @example
 * const x = saltelliDesign(1024, 4);
 * const { S1, ST } = sobolIndices(evaluate(x), 1024, 4, { rng: createRng(1, 'bootstrap') });
 */
export function sobolIndices(y: Float64Array, N: number, k: number, options: BootstrapOptions): SobolIndices {
  const { rng, resamples, level } = resolveBootstrap('sobolIndices', options);
  if (!Number.isInteger(N) || N < 1 || !Number.isInteger(k) || k < 1) {
    throw new RangeError(`sobolIndices: N and k must be positive integers, got N=${N}, k=${k}`);
  }
  if (y.length !== N * (k + 2)) {
    throw new RangeError(
      `sobolIndices: ${y.length} outputs, but a Saltelli design of N=${N}, k=${k} has N(k+2) = ${N * (k + 2)} rows`,
    );
  }
  checkFinite('sobolIndices', y);
  const result: SobolIndices = {
    S1: new Float64Array(k),
    S1_low: new Float64Array(k),
    S1_high: new Float64Array(k),
    ST: new Float64Array(k),
    ST_low: new Float64Array(k),
    ST_high: new Float64Array(k),
  };
  const rows = k + 2;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < N; j++) {
    for (const v of [y[j * rows], y[j * rows + rows - 1]]) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (lo === hi) {
    // Tested on the raw values: after centring, rounding could leave a tiny spurious variance.
    for (const a of Object.values(result)) a.fill(Number.NaN);
    return result;
  }
  let centre = 0;
  for (let i = 0; i < y.length; i++) centre += y[i];
  centre /= y.length;
  const yA = new Float64Array(N);
  const yB = new Float64Array(N);
  const yAB = new Float64Array(k * N);
  for (let j = 0; j < N; j++) {
    yA[j] = y[j * rows] - centre;
    yB[j] = y[j * rows + rows - 1] - centre;
    for (let f = 0; f < k; f++) yAB[f * N + j] = y[j * rows + 1 + f] - centre;
  }
  sobolMoments(yA, yB, yAB, k, null, { s1: result.S1, st: result.ST });

  const bootS1 = new Float64Array(k * resamples);
  const bootST = new Float64Array(k * resamples);
  const pick = new Int32Array(N);
  const s1 = new Float64Array(k);
  const st = new Float64Array(k);
  for (let b = 0; b < resamples; b++) {
    for (let i = 0; i < N; i++) pick[i] = Math.floor(rng.next() * N);
    sobolMoments(yA, yB, yAB, k, pick, { s1, st });
    for (let f = 0; f < k; f++) {
      bootS1[f * resamples + b] = s1[f];
      bootST[f * resamples + b] = st[f];
    }
  }
  for (let f = 0; f < k; f++) {
    [result.S1_low[f], result.S1_high[f]] = percentileInterval(
      bootS1.subarray(f * resamples, (f + 1) * resamples),
      level,
    );
    [result.ST_low[f], result.ST_high[f]] = percentileInterval(
      bootST.subarray(f * resamples, (f + 1) * resamples),
      level,
    );
  }
  return result;
}
