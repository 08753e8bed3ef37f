import type { CompactGraph } from '../graph.js';

export interface DegreeDistribution {
  /** counts[d] = number of nodes of degree d, for d = 0…max. */
  counts: number[];
  mean: number;
  max: number;
  /** 2m / (n(n − 1)): the share of possible undirected ties present (networkx `density`); 0 when n ≤ 1. */
  density: number;
}

/**
 * Degree distribution of the undirected simple graph.
 *
 * @example
 * degreeDistribution(compactGraph(data)).counts[1]; // number of pendant nodes
 */
export function degreeDistribution(g: CompactGraph): DegreeDistribution {
  let max = 0;
  for (let v = 0; v < g.n; v++) max = Math.max(max, g.offsets[v + 1] - g.offsets[v]);
  const counts = new Array<number>(g.n > 0 ? max + 1 : 0).fill(0);
  for (let v = 0; v < g.n; v++) counts[g.offsets[v + 1] - g.offsets[v]]++;
  return {
    counts,
    mean: g.n > 0 ? (2 * g.m) / g.n : 0,
    max,
    density: g.n > 1 ? (2 * g.m) / (g.n * (g.n - 1)) : 0,
  };
}
