import type { Rng } from '../rng.js';

/**
 * Resampling schemes of the particle filters, as offspring counts: `out[i]` is how many copies of
 * particle i the next generation holds (Σ out = N, the number of weights). Counts rather than ancestor
 * indices because the filter resamples in place (`planInPlace`): a particle with offspring keeps its slot.
 *
 * All three are unbiased (E out[i] = N w_i). Systematic (Kitagawa 1996, J Comput Graph Stat 5:1; one
 * uniform, points (k + u)/N) and stratified (one uniform per stratum [k/N, (k+1)/N)) add less noise than
 * multinomial; systematic gives each particle ⌊N w_i⌋ or ⌈N w_i⌉ copies. Douc, Cappé & Moulines (2005,
 * ISPA) compare them.
 *
 * Weights must be non-negative with a positive sum; they need not sum exactly to 1 (the points are
 * scaled by the actual sum, so a sum of 1 − 1e-16 never leaves a point past the last particle). A
 * particle of weight 0 never gets offspring.
 */

/** Offspring counts for sorted points `point(k)` in [0, 1), k = 0..N-1 (non-decreasing in k). */
function countSorted(weights: Float64Array, point: (k: number) => number, out: Int32Array): Int32Array {
  const n = weights.length;
  if (out.length !== n) throw new Error(`resample: out has length ${out.length}, weights ${n}`);
  let total = 0;
  let last = -1;
  for (let i = 0; i < n; i++) {
    const w = weights[i];
    if (!(w >= 0) || w === Number.POSITIVE_INFINITY) throw new Error(`resample: weight ${i} is ${w}`);
    total += w;
    if (w > 0) last = i;
  }
  if (last < 0) throw new Error('resample: all weights are zero');
  out.fill(0);
  let i = 0;
  let cum = weights[0];
  for (let k = 0; k < n; k++) {
    const x = point(k) * total;
    // Points at or past the total (rounding) belong to the last particle with weight.
    while (i < last && cum <= x) cum += weights[++i];
    out[i]++;
  }
  return out;
}

/**
 * Systematic resampling: points (k + u)/N for one uniform u ∈ [0, 1).
 *
 * @example
 * systematicResample(new Float64Array([0.5, 0.25, 0.25]), 0.1, new Int32Array(3)) // Int32Array [2, 1, 0]
 */
export function systematicResample(weights: Float64Array, u: number, out: Int32Array): Int32Array {
  const n = weights.length;
  return countSorted(weights, (k) => (k + u) / n, out);
}

/**
 * Stratified resampling: one uniform in each stratum [k/N, (k+1)/N).
 *
 * @example
 * stratifiedResample(weights, createRng(1), new Int32Array(weights.length))
 */
export function stratifiedResample(weights: Float64Array, rng: Rng, out: Int32Array): Int32Array {
  const n = weights.length;
  return countSorted(weights, (k) => (k + rng.next()) / n, out);
}

/**
 * Multinomial resampling: N independent draws from the weights. The sorted uniforms come from
 * normalised cumulative exponential spacings (O(N), no sort).
 *
 * @example
 * multinomialResample(weights, createRng(1), new Int32Array(weights.length))
 */
export function multinomialResample(weights: Float64Array, rng: Rng, out: Int32Array): Int32Array {
  const n = weights.length;
  const spacings = new Float64Array(n + 1);
  let sum = 0;
  for (let k = 0; k <= n; k++) {
    // 1 − u ∈ (0, 1]: log never sees 0.
    sum -= Math.log(1 - rng.next());
    spacings[k] = sum;
  }
  return countSorted(weights, (k) => spacings[k] / sum, out);
}

/**
 * Turn offspring counts into in-place copies with N slots: a particle with ≥ 1 offspring keeps its slot,
 * its extra copies go to the slots of particles with none. Writes `ancestors[j]` (the slot whose particle
 * now fills slot j) and calls `copy(from, to)` once per moved copy. Sources are only slots with offspring
 * and destinations only slots without, so no copy ever reads a slot that was already overwritten, in
 * whatever order the copies run.
 *
 * @example
 * planInPlace(new Int32Array([2, 0, 1]), new Int32Array(3), (from, to) => model.copy(from, to));
 * // copy(0, 1); ancestors = [0, 0, 2]
 */
export function planInPlace(
  counts: Int32Array,
  ancestors: Int32Array,
  copy: (from: number, to: number) => void,
): Int32Array {
  const n = counts.length;
  let total = 0;
  for (let j = 0; j < n; j++) total += counts[j];
  if (total !== n) throw new Error(`planInPlace: offspring counts sum to ${total}, not ${n}`);
  let free = 0;
  for (let j = 0; j < n; j++) if (counts[j] > 0) ancestors[j] = j;
  for (let j = 0; j < n; j++) {
    for (let c = 1; c < counts[j]; c++) {
      while (counts[free] > 0) free++;
      ancestors[free] = j;
      copy(j, free);
      free++;
    }
  }
  return ancestors;
}
