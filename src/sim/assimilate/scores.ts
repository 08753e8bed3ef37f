/**
 * Scores of a projection given as an ensemble of runs (one value per run) against what was then observed.
 */

/**
 * The continuous ranked probability score of an ensemble, in the observation's units:
 * CRPS = E|X − y| − ½ E|X − X′| (Gneiting & Raftery 2007, JASA 102:359), computed exactly from the sorted
 * sample in O(n log n).
 *
 * @example
 * ensembleCrps([1, 2, 3], 2) // 0.222…
 */
export function ensembleCrps(sample: ArrayLike<number>, y: number): number {
  const x = Float64Array.from(sample).sort();
  const n = x.length;
  if (n === 0) return Number.NaN;
  let absErr = 0;
  for (let i = 0; i < n; i++) absErr += Math.abs(x[i] - y);
  // Σ_i Σ_j |x_i − x_j| = 2 Σ_i (2i − n + 1) x_i for sorted x (0-based i).
  let spread = 0;
  for (let i = 0; i < n; i++) spread += (2 * i - n + 1) * x[i];
  return absErr / n - spread / (n * n);
}
