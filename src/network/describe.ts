import { compactGraph, type NetworkData } from './graph.js';
import { betweenness } from './measures/betweenness.js';
import { brokerage } from './measures/brokerage.js';
import { closeness, degree, eigenvectorCentrality, katzCentrality } from './measures/centrality.js';
import { louvainCommunities } from './measures/communities.js';
import { components, globalEfficiency } from './measures/connectivity.js';
import { type DegreeDistribution, degreeDistribution } from './measures/degree-distribution.js';
import { coreNumbers, coreSizes } from './measures/kcore.js';

/**
 * `atalaya network describe`: the structural description of one network, as plain JSON-able data.
 *
 * Pipeline: NetworkData → compact undirected simple graph → every measure on it (docs/NETWORK-MEASURES.md
 * gives each definition and the networkx function it matches) → summaries and a per-node table keyed by
 * node id. Individuals are identified only by the ids in the input file.
 */
export interface DescribeOptions {
  /** Seed of the Louvain node order. Default 0. */
  seed?: number;
}

export interface NodeMeasures {
  id: string;
  degree: number;
  /** Normalised (networkx betweenness_centrality). */
  betweenness: number;
  closeness: number;
  eigenvector: number;
  katz: number;
  core: number;
  /** Burt's constraint; null for an isolated node. */
  constraint: number | null;
  community: number;
}

export interface NetworkDescription {
  name: string;
  n: number;
  /** Undirected edges (distinct unordered pairs, self-loops excluded). */
  m: number;
  /** Directed arcs as given (distinct ordered pairs), when the input is directed. */
  arcs?: number;
  density: number;
  components: { count: number; largestSize: number };
  degree: DegreeDistribution;
  /** Ids of the ten highest-scoring nodes by each centrality, ties broken by order in the input. */
  top: {
    degree: string[];
    betweenness: string[];
    closeness: string[];
    eigenvector: string[];
    katz: string[];
  };
  kcore: { max: number; sizes: number[] };
  communities: { count: number; modularity: number; resolution: number; seed: number };
  /** Mean of Burt's constraint over non-isolated nodes (null when every node is isolated). */
  meanConstraint: number | null;
  /** Latora & Marchiori (2001): 1/(n(n−1)) Σ_{i≠j} 1/d(i, j), 1/∞ = 0 (networkx global_efficiency). */
  globalEfficiency: number;
  eigenvector: { converged: boolean };
  katz: { alpha: number; converged: boolean };
  nodes: NodeMeasures[];
}

/**
 * @example
 * const d = describeNetwork(await loadNetwork('caviar/phase6.csv'), { seed: 1 });
 * d.top.betweenness; // ['1', '12', …]
 */
export function describeNetwork(data: NetworkData, options: DescribeOptions = {}): NetworkDescription {
  const { seed = 0 } = options;
  const g = compactGraph(data);
  const deg = degree(g);
  const btw = betweenness(g);
  const clo = closeness(g);
  const eig = eigenvectorCentrality(g);
  const katz = katzCentrality(g);
  const core = coreNumbers(g);
  const { constraint } = brokerage(g);
  const comm = louvainCommunities(g, { seed });
  const parts = components(g);

  let constraintSum = 0;
  let constraintCount = 0;
  for (const c of constraint) {
    if (Number.isNaN(c)) continue;
    constraintSum += c;
    constraintCount++;
  }
  const degreeStats = degreeDistribution(g);
  const nodes: NodeMeasures[] = g.ids.map((id, v) => ({
    id,
    degree: deg[v],
    betweenness: btw[v],
    closeness: clo[v],
    eigenvector: eig.values[v],
    katz: katz.values[v],
    core: core[v],
    constraint: Number.isNaN(constraint[v]) ? null : constraint[v],
    community: comm.membership[v],
  }));
  const sizes = coreSizes(core);
  return {
    name: data.name,
    n: g.n,
    m: g.m,
    ...(data.directed ? { arcs: countArcs(data) } : {}),
    density: degreeStats.density,
    components: { count: parts.count, largestSize: parts.sizes.reduce((a, b) => Math.max(a, b), 0) },
    degree: degreeStats,
    top: {
      degree: topIds(g.ids, deg),
      betweenness: topIds(g.ids, btw),
      closeness: topIds(g.ids, clo),
      eigenvector: topIds(g.ids, eig.values),
      katz: topIds(g.ids, katz.values),
    },
    kcore: { max: sizes.length - 1, sizes },
    communities: { count: comm.count, modularity: comm.modularity, resolution: 1, seed },
    meanConstraint: constraintCount > 0 ? constraintSum / constraintCount : null,
    globalEfficiency: globalEfficiency(g),
    eigenvector: { converged: eig.converged },
    katz: { alpha: katz.alpha, converged: katz.converged },
    nodes,
  };
}

/** Ids of the `k` largest scores; a stable sort keeps input order among ties. */
function topIds(ids: string[], score: ArrayLike<number>, k = 10): string[] {
  return ids
    .map((_, v) => v)
    .sort((a, b) => score[b] - score[a])
    .slice(0, k)
    .map((v) => ids[v]);
}

function countArcs(data: NetworkData): number {
  const arcs = new Set<string>();
  for (const e of data.edges) if (e.source !== e.target) arcs.add(JSON.stringify([e.source, e.target]));
  return arcs.size;
}
