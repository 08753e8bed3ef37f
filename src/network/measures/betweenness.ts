import type { CompactGraph } from '../graph.js';

export interface BetweennessOptions {
  /** removed[v] = 1: node v is treated as absent (no paths through it; its score is 0). */
  removed?: Uint8Array;
  /**
   * true (default): divide by (n−1)(n−2)/2, the number of pairs not involving the node, with n the number
   * of present nodes — networkx `betweenness_centrality(G, normalized=True)` on an undirected graph.
   * false: networkx's unnormalized undirected value (each unordered pair counted once).
   */
  normalized?: boolean;
}

/**
 * Shortest-path betweenness of every node (Brandes 2001, "A faster algorithm for betweenness centrality",
 * J. Math. Sociol. 25(2):163–177), unweighted and undirected, on the CSR graph.
 *
 * One BFS per present source, then dependencies accumulated in reverse BFS order. Predecessor lists are
 * not stored: in an unweighted graph the predecessors of w are exactly its neighbours one step closer to
 * the source, so the accumulation walks each node's successors (neighbours one step farther) and pulls
 * their dependency. All buffers are allocated once per call and only the visited entries are reset.
 *
 * @example
 * const g = compactGraph(data);
 * const b = betweenness(g);                       // networkx betweenness_centrality(G)
 * const raw = betweenness(g, { normalized: false });
 */
export function betweenness(g: CompactGraph, options: BetweennessOptions = {}): Float64Array {
  const { removed, normalized = true } = options;
  const n = g.n;
  let present = 0;
  for (let v = 0; v < n; v++) if (!removed?.[v]) present++;
  const sources = new Int32Array(present);
  for (let v = 0, i = 0; v < n; v++) if (!removed?.[v]) sources[i++] = v;
  const score = sourceDependencies(g, sources, removed);

  // Brandes sums over ordered pairs (s, t); an undirected pair is seen from both ends.
  let scale = 0.5;
  if (normalized && present > 2) scale = 1 / ((present - 1) * (present - 2));
  else if (normalized) scale = 1; // networkx leaves n ≤ 2 unscaled (every score is 0 anyway)
  for (let v = 0; v < n; v++) score[v] *= scale;
  return score;
}

/**
 * Σ over the given sources s of Brandes' dependency δ_s(v), unscaled: the same as networkx's
 * `_single_source_shortest_path_basic` + `_accumulate_basic` over that source list. `betweenness` is this
 * over every present node, halved or normalised; the benchmark times it on a fixed source sample where
 * exact betweenness would take too long.
 */
export function sourceDependencies(
  g: CompactGraph,
  sources: ArrayLike<number>,
  removed?: Uint8Array,
): Float64Array {
  const { n, offsets, targets } = g;
  const score = new Float64Array(n);
  const dist = new Int32Array(n).fill(-1);
  const sigma = new Float64Array(n);
  // (1 + δ(w)) / σ(w), so that δ(v) = σ(v) · Σ_{w successor of v} coeff(w).
  const coeff = new Float64Array(n);
  const order = new Int32Array(n);

  for (let si = 0; si < sources.length; si++) {
    const s = sources[si];
    if (removed?.[s]) continue;
    // BFS from s; `order` doubles as queue and (read backwards) as the stack of Brandes' algorithm.
    let head = 0;
    let tail = 0;
    order[tail++] = s;
    dist[s] = 0;
    sigma[s] = 1;
    while (head < tail) {
      const v = order[head++];
      const dv = dist[v] + 1;
      const sv = sigma[v];
      const end = offsets[v + 1];
      for (let k = offsets[v]; k < end; k++) {
        const w = targets[k];
        const dw = dist[w];
        if (dw < 0) {
          if (removed?.[w]) continue;
          dist[w] = dv;
          sigma[w] = sv;
          order[tail++] = w;
        } else if (dw === dv) sigma[w] += sv;
      }
    }
    // Accumulate in reverse BFS order: every successor of v is already final when v is reached.
    for (let i = tail - 1; i > 0; i--) {
      const v = order[i];
      const dv = dist[v] + 1;
      let sum = 0;
      const end = offsets[v + 1];
      for (let k = offsets[v]; k < end; k++) {
        const w = targets[k];
        if (dist[w] === dv) sum += coeff[w];
      }
      const d = sigma[v] * sum;
      coeff[v] = (1 + d) / sigma[v];
      score[v] += d;
    }
    for (let i = 0; i < tail; i++) {
      const v = order[i];
      dist[v] = -1;
      coeff[v] = 0;
    }
  }
  return score;
}
