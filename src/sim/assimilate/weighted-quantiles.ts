/**
 * Quantiles of a weighted sample (a filtered distribution: values of one quantity across particles and
 * the particles' normalised weights).
 *
 * The q-quantile is the smallest value whose cumulative weight reaches q of the total — the inverse of
 * the weighted empirical distribution function, with no interpolation: with equal weights it is the
 * sample quantile of type 1 (Hyndman & Fan 1996). Interpolating between particles would invent values
 * no particle holds, and with thousands of particles the difference is below the Monte Carlo error.
 * Weights need not sum to 1; particles of weight 0 are ignored.
 */

/**
 * @example
 * weightedQuantiles(new Float64Array([3, 1, 2]), new Float64Array([0.2, 0.5, 0.3]), [0.05, 0.5, 0.95])
 * // Float64Array [1, 1, 3]
 */
export function weightedQuantiles(
  values: Float64Array,
  weights: Float64Array,
  probs: readonly number[],
): Float64Array {
  const n = values.length;
  if (weights.length !== n) throw new Error(`weightedQuantiles: ${n} values, ${weights.length} weights`);
  const order = new Int32Array(n);
  let m = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const w = weights[i];
    if (!(w >= 0)) throw new Error(`weightedQuantiles: weight ${i} is ${w}`);
    if (w > 0) {
      order[m++] = i;
      total += w;
    }
  }
  const out = new Float64Array(probs.length).fill(Number.NaN);
  if (m === 0) return out;
  const kept = order.subarray(0, m).sort((a, b) => values[a] - values[b]);
  // Probabilities in increasing order let one sweep answer them all.
  const byProb = probs.map((p, k) => ({ p, k })).sort((a, b) => a.p - b.p);
  let i = 0;
  let cum = weights[kept[0]];
  for (const { p, k } of byProb) {
    const target = p * total;
    while (i < m - 1 && cum < target) cum += weights[kept[++i]];
    out[k] = values[kept[i]];
  }
  return out;
}
