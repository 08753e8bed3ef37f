import { UndirectedGraph } from 'graphology';
import louvainModule from 'graphology-communities-louvain';
import { createRng } from '../../sim/rng.js';
import type { CompactGraph } from '../graph.js';

// A CommonJS package whose typings declare an ES default export: at run time the default import is the function.
const louvain = louvainModule as unknown as typeof louvainModule.default;

export interface CommunityOptions {
  /** Uniform [0, 1) generator driving Louvain's node order. Default: the Atalaya generator seeded by `seed`. */
  rng?: () => number;
  /** Seed used when `rng` is not given. Default 0. */
  seed?: number;
  /** Modularity resolution γ. Default 1 (Newman–Girvan modularity; networkx's default too). */
  resolution?: number;
}

export interface Communities {
  /** Community of every node, numbered 0, 1, … in order of first appearance in node order. */
  membership: Int32Array;
  count: number;
  /** Q = Σ_c [ L_c / m − γ (D_c / 2m)² ] of this partition on the unweighted graph (L_c internal edges, D_c degree sum). */
  modularity: number;
}

/**
 * Communities by Louvain (Blondel et al. 2008) through graphology-communities-louvain, on the undirected
 * unweighted graph (a graphology graph is built from the compact graph so that direction and call
 * counts, which the other structural measures also ignore, do not enter). Stochastic only through `rng`:
 * the same seed gives the same partition.
 *
 * @example
 * const { membership, modularity } = louvainCommunities(compactGraph(data), { seed: 1 });
 */
export function louvainCommunities(g: CompactGraph, options: CommunityOptions = {}): Communities {
  const { resolution = 1, seed = 0 } = options;
  const next =
    options.rng ??
    (() => {
      const rng = createRng(seed, 'louvain');
      return () => rng.next();
    })();
  const graph = new UndirectedGraph();
  for (const id of g.ids) graph.addNode(id);
  for (let v = 0; v < g.n; v++) {
    for (let k = g.offsets[v]; k < g.offsets[v + 1]; k++) {
      const w = g.targets[k];
      if (w > v) graph.addEdge(g.ids[v], g.ids[w]);
    }
  }
  const membership = new Int32Array(g.n);
  if (g.m === 0) {
    for (let v = 0; v < g.n; v++) membership[v] = v;
    return { membership, count: g.n, modularity: 0 };
  }
  const found = louvain(graph, { getEdgeWeight: null, resolution, rng: next });
  const renumber = new Map<number, number>();
  for (let v = 0; v < g.n; v++) {
    const c = found[g.ids[v]];
    if (!renumber.has(c)) renumber.set(c, renumber.size);
    membership[v] = renumber.get(c)!;
  }
  return { membership, count: renumber.size, modularity: modularity(g, membership, resolution) };
}

/** Newman–Girvan modularity of a partition of the unweighted graph (networkx `community.modularity`). */
export function modularity(g: CompactGraph, membership: Int32Array, resolution = 1): number {
  if (g.m === 0) return 0;
  let k = 0;
  for (let v = 0; v < g.n; v++) k = Math.max(k, membership[v] + 1);
  const internal = new Float64Array(k);
  const degreeSum = new Float64Array(k);
  for (let v = 0; v < g.n; v++) {
    const c = membership[v];
    degreeSum[c] += g.offsets[v + 1] - g.offsets[v];
    for (let e = g.offsets[v]; e < g.offsets[v + 1]; e++)
      if (membership[g.targets[e]] === c) internal[c] += 0.5;
  }
  let q = 0;
  for (let c = 0; c < k; c++) q += internal[c] / g.m - resolution * (degreeSum[c] / (2 * g.m)) ** 2;
  return q;
}
