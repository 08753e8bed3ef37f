import { DirectedGraph, UndirectedGraph } from 'graphology';
import type { AbstractGraph } from 'graphology-types';

/**
 * The network as loaded, and the compact form the numeric kernels run on.
 *
 * Every reader (formats/) returns a `NetworkData`: node ids in the order they first appear in the input
 * (ties in every ranking are broken by this order, so that results match published studies that read
 * the same files), the ties as given (directed or not, with weights), node attributes, and warnings for
 * what was handled rather than refused (self-loops dropped, duplicate pairs summed…).
 *
 * `toGraphology` gives the graphology graph (for Louvain, layouts, users' own analyses);
 * `compactGraph` gives the undirected simple graph as CSR typed arrays, indexed 0…n−1 in node order, for
 * betweenness, efficiency, removal curves and regrowth. Analyses are unweighted and undirected by default
 * (as in the published disruption studies); weights stay available.
 */
export interface NetworkEdge {
  source: string;
  target: string;
  /** Positive; 1 when the format has no weights. Duplicate pairs are summed by the readers. */
  weight: number;
}

export interface NetworkData {
  /** A short name (file name without extension unless the format names the network). */
  name: string;
  /** The file it came from (as given by the user). */
  file: string;
  format: string;
  directed: boolean;
  /** Node ids in order of first appearance. */
  nodes: string[];
  edges: NetworkEdge[];
  /** Attributes by node id (from the file itself or a joined attribute CSV). */
  attributes: Map<string, Record<string, string>>;
  warnings: string[];
}

/** Undirected simple graph in compressed sparse rows: neighbours of v are targets[offsets[v]…offsets[v+1]). */
export interface CompactGraph {
  n: number;
  ids: string[];
  offsets: Int32Array;
  targets: Int32Array;
  /** Weight of each half-edge (the sum over both directions when the input was directed). */
  weights: Float64Array;
  /** Number of undirected edges. */
  m: number;
}

/** The undirected simple graph of a network: i–j is an edge when either direction has a tie. */
export function compactGraph(data: Pick<NetworkData, 'nodes' | 'edges'>): CompactGraph {
  const index = new Map(data.nodes.map((id, i) => [id, i]));
  const n = data.nodes.length;
  const pairs = new Map<number, number>();
  for (const e of data.edges) {
    const a = index.get(e.source);
    const b = index.get(e.target);
    if (a === undefined || b === undefined)
      throw new Error(`edge ${e.source}–${e.target} names an unknown node`);
    if (a === b) continue;
    const key = a < b ? a * n + b : b * n + a;
    pairs.set(key, (pairs.get(key) ?? 0) + e.weight);
  }
  const degree = new Int32Array(n);
  for (const key of pairs.keys()) {
    degree[Math.floor(key / n)]++;
    degree[key % n]++;
  }
  const offsets = new Int32Array(n + 1);
  for (let v = 0; v < n; v++) offsets[v + 1] = offsets[v] + degree[v];
  const targets = new Int32Array(offsets[n]);
  const weights = new Float64Array(offsets[n]);
  const fill = offsets.slice(0, n);
  // In increasing key order, node v receives first its neighbours u < v (keys u·n + v, by u), then those
  // w > v (keys v·n + w, by w): every neighbour list comes out sorted, so traversals are deterministic.
  for (const key of [...pairs.keys()].sort((x, y) => x - y)) {
    const a = Math.floor(key / n);
    const b = key % n;
    const w = pairs.get(key)!;
    targets[fill[a]] = b;
    weights[fill[a]++] = w;
    targets[fill[b]] = a;
    weights[fill[b]++] = w;
  }
  return { n, ids: [...data.nodes], offsets, targets, weights, m: pairs.size };
}

/**
 * The graphology graph of a network: directed when the input is, weights in the `weight` edge attribute,
 * node attributes copied. Self-loops and duplicates were already handled by the reader.
 */
export function toGraphology(data: NetworkData): AbstractGraph {
  const graph = data.directed ? new DirectedGraph() : new UndirectedGraph();
  for (const id of data.nodes) graph.addNode(id, { ...(data.attributes.get(id) ?? {}) });
  for (const e of data.edges) {
    if (e.source === e.target) continue;
    if (graph.hasEdge(e.source, e.target)) {
      graph.updateEdgeAttribute(e.source, e.target, 'weight', (w: number | undefined) => (w ?? 0) + e.weight);
    } else graph.addEdge(e.source, e.target, { weight: e.weight });
  }
  return graph;
}

/** The compact graph without the given nodes (kept in place as isolated, so indices stay valid). */
export function withoutNodes(g: CompactGraph, removed: Uint8Array): CompactGraph {
  const offsets = new Int32Array(g.n + 1);
  const keep: number[] = [];
  for (let v = 0; v < g.n; v++) {
    if (!removed[v]) {
      for (let k = g.offsets[v]; k < g.offsets[v + 1]; k++) if (!removed[g.targets[k]]) keep.push(k);
    }
    offsets[v + 1] = keep.length;
  }
  const targets = Int32Array.from(keep, (k) => g.targets[k]);
  const weights = Float64Array.from(keep, (k) => g.weights[k]);
  return { n: g.n, ids: g.ids, offsets, targets, weights, m: targets.length / 2 };
}
