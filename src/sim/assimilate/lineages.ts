/**
 * Genealogy of a particle filter run: which particle at each step each final particle descends from.
 *
 * Tracing the ancestors of the final particles gives draws from the joint smoothing distribution
 * p(x_0:T−1 | y_0:T−1), each lineage weighted by its final particle's weight (Kitagawa 1996, J Comput
 * Graph Stat 5:1, §4; Doucet & Johansen 2011, "A tutorial on particle filtering and smoothing", §4.1).
 * Resampling makes lineages coalesce going back in time (path degeneracy): early steps are represented
 * by few distinct ancestors, so smoothed bands far from the end are rougher than filtered ones.
 *
 * `ancestry[t][j]` (as `particleFilter` returns it) is the slot, at step t as `onStep` saw it, of the
 * parent of the particle that fills slot j after step t's resampling (j itself when step t did not
 * resample). Values a caller records per step and slot in `onStep` are therefore indexed by the lineage.
 */

/**
 * For final particles `finalIndices` (slots after the last step), their ancestor slot at every step:
 * `out[t * M + i]` for final particle i of M, step t. A smoothed path of a recorded quantity v
 * (`v[t * N + slot]`) is `v[t * N + out[t * M + i]]`, to be weighted by the final weight of
 * `finalIndices[i]`.
 *
 * @example
 * const run = particleFilter(model, { particles: N, steps: T, seed: 1 });
 * const lineage = traceLineages(run.ancestry, Int32Array.from({ length: N }, (_, j) => j));
 * // smoothed x at step t of final particle i: recorded[t * N + lineage[t * N + i]], weight run.weights[i]
 */
export function traceLineages(ancestry: readonly Int32Array[], finalIndices: ArrayLike<number>): Int32Array {
  const steps = ancestry.length;
  const m = finalIndices.length;
  const out = new Int32Array(steps * m);
  if (steps === 0) return out;
  const n = ancestry[0].length;
  for (let i = 0; i < m; i++) {
    const j = finalIndices[i];
    if (!(j >= 0 && j < n && Number.isInteger(j)))
      throw new Error(`traceLineages: final index ${j} out of range`);
  }
  // Step T−1's parents of the final slots, then back one generation at a time.
  let row = ancestry[steps - 1];
  for (let i = 0; i < m; i++) out[(steps - 1) * m + i] = row[finalIndices[i]];
  for (let t = steps - 2; t >= 0; t--) {
    row = ancestry[t];
    const next = (t + 1) * m;
    const here = t * m;
    for (let i = 0; i < m; i++) out[here + i] = row[out[next + i]];
  }
  return out;
}
