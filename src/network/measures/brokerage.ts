import type { CompactGraph } from '../graph.js';

/**
 * Burt's (1992, *Structural Holes*) brokerage measures on the unweighted undirected graph, as networkx
 * `constraint(G)` and `effective_size(G)` with weight=None. With p_ij = 1/deg(i) for each neighbour j of i
 * (the share of i's ties invested in j):
 *
 *   constraint(i)     = Σ_{j ∈ N(i)} ( p_ij + Σ_{q ∈ N(i) ∩ N(j)} p_iq · p_qj )²
 *   effective_size(i) = deg(i) − 2 t(i) / deg(i),  t(i) = ties among i's neighbours (Borgatti 1997)
 *
 * Low constraint / high effective size = a broker spanning otherwise unconnected contacts. Both are NaN
 * for an isolated node (networkx returns nan there).
 */
export interface Brokerage {
  constraint: Float64Array;
  effectiveSize: Float64Array;
}

/**
 * @example
 * const { constraint, effectiveSize } = brokerage(compactGraph(data));
 */
export function brokerage(g: CompactGraph): Brokerage {
  const { n, offsets, targets } = g;
  const constraint = new Float64Array(n);
  const effectiveSize = new Float64Array(n);
  // mark[w] = i + 1 while w is a neighbour of the node i being scored.
  const mark = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const di = offsets[i + 1] - offsets[i];
    if (di === 0) {
      constraint[i] = Number.NaN;
      effectiveSize[i] = Number.NaN;
      continue;
    }
    for (let k = offsets[i]; k < offsets[i + 1]; k++) mark[targets[k]] = i + 1;
    let c = 0;
    let shared = 0; // Σ_j |N(i) ∩ N(j)| = 2 t(i)
    for (let k = offsets[i]; k < offsets[i + 1]; k++) {
      const j = targets[k];
      let indirect = 0;
      for (let l = offsets[j]; l < offsets[j + 1]; l++) {
        const q = targets[l];
        if (mark[q] === i + 1) {
          indirect += 1 / (offsets[q + 1] - offsets[q]);
          shared++;
        }
      }
      const local = 1 / di + indirect / di;
      c += local * local;
    }
    constraint[i] = c;
    effectiveSize[i] = di - shared / di;
  }
  return { constraint, effectiveSize };
}
