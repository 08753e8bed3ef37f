import type { Rng } from '../../sim/rng.js';
import type { CompactGraph } from '../graph.js';

/**
 * Connectivity of a compact graph with some nodes removed: connected components, the largest
 * component, and global efficiency (Latora & Marchiori 2001, Phys. Rev. Lett. 87:198701).
 *
 * A removed node is absent: it is in no component, counts in no pair and is never crossed. `removed` is a
 * mask (non-zero = removed) indexed like the graph; without it every node is present. All traversals are
 * breadth-first over the CSR arrays, with one queue and one distance array per call reused across sources.
 */

export interface Components {
  /** Number of connected components among the present nodes (an isolated present node is one). */
  count: number;
  /** Size of each component, indexed by label. */
  sizes: Int32Array;
  /**
   * Component of each node, −1 for removed ones. Labels are numbered in order of each component's
   * lowest node index (the first-appearance order of the input), so they are deterministic.
   */
  label: Int32Array;
}

/** Connected components of the present nodes. */
export function components(g: CompactGraph, removed?: Uint8Array): Components {
  const { n, offsets, targets } = g;
  const label = new Int32Array(n).fill(-1);
  const queue = new Int32Array(n);
  const sizes: number[] = [];
  for (let s = 0; s < n; s++) {
    if (label[s] !== -1 || removed?.[s]) continue;
    const c = sizes.length;
    label[s] = c;
    let head = 0;
    let tail = 0;
    queue[tail++] = s;
    while (head < tail) {
      const v = queue[head++];
      for (let k = offsets[v]; k < offsets[v + 1]; k++) {
        const w = targets[k];
        if (label[w] !== -1 || removed?.[w]) continue;
        label[w] = c;
        queue[tail++] = w;
      }
    }
    sizes.push(tail);
  }
  return { count: sizes.length, sizes: Int32Array.from(sizes), label };
}

/** Number of nodes in the largest connected component of the present nodes (0 when none is present). */
export function largestComponentSize(g: CompactGraph, removed?: Uint8Array): number {
  let best = 0;
  for (const s of components(g, removed).sizes) if (s > best) best = s;
  return best;
}

export interface EfficiencyOptions {
  /**
   * The n in 1/(n(n−1)): 'present' (default) = nodes still present, i.e. the efficiency of the remaining
   * graph, as `networkx.global_efficiency(G.subgraph(remaining))` and as disruption studies report it
   * (e.g. Cavallaro et al. 2020, PLoS ONE 15(8):e0236476); 'original' = all g.n nodes, so that a removed
   * node counts as unreachable from everyone (the efficiency then falls monotonically under removal).
   */
  denominator?: 'present' | 'original';
  /**
   * Estimate from this many BFS sources drawn uniformly without replacement among the present nodes
   * instead of all of them (unbiased for the mean over sources). For very large graphs only; needs `rng`.
   */
  sampleSources?: number;
  rng?: Rng;
}

/**
 * Unweighted global efficiency E = 1/(n(n−1)) Σ_{i≠j} 1/d(i,j), with 1/d = 0 for unreachable pairs,
 * over the present nodes (see `denominator` for the n). 0 when fewer than two nodes count, as networkx.
 * Exact cost: one BFS per present node, O(n·m).
 */
export function globalEfficiency(
  g: CompactGraph,
  removed?: Uint8Array,
  options: EfficiencyOptions = {},
): number {
  const { n, offsets, targets } = g;
  const present: number[] = [];
  for (let v = 0; v < n; v++) if (!removed?.[v]) present.push(v);
  const np = options.denominator === 'original' ? n : present.length;
  if (np < 2 || present.length < 2) return 0;
  let sources = present;
  if (options.sampleSources !== undefined && options.sampleSources < present.length) {
    if (!options.rng) throw new Error('globalEfficiency: sampleSources needs an rng');
    sources = present.slice();
    // Partial Fisher–Yates: the first k entries become a uniform sample without replacement.
    const k = Math.max(1, Math.floor(options.sampleSources));
    for (let i = 0; i < k; i++) {
      const j = i + Math.floor(options.rng.next() * (sources.length - i));
      const t = sources[i];
      sources[i] = sources[j];
      sources[j] = t;
    }
    sources = sources.slice(0, k);
  }
  // `stamp[v] === source + 1` marks v as reached from the current source: no clearing between BFS runs.
  const stamp = new Int32Array(n);
  const dist = new Int32Array(n);
  const queue = new Int32Array(n);
  let total = 0;
  for (const s of sources) {
    const mark = s + 1;
    stamp[s] = mark;
    dist[s] = 0;
    let head = 0;
    let tail = 0;
    queue[tail++] = s;
    let sum = 0;
    while (head < tail) {
      const v = queue[head++];
      const dv = dist[v] + 1;
      for (let k = offsets[v]; k < offsets[v + 1]; k++) {
        const w = targets[k];
        if (stamp[w] === mark || removed?.[w]) continue;
        stamp[w] = mark;
        dist[w] = dv;
        sum += 1 / dv;
        queue[tail++] = w;
      }
    }
    total += sum;
  }
  // With sampled sources, scale the mean per source back to all present sources.
  total *= present.length / sources.length;
  return total / (np * (np - 1));
}

/** Present nodes (not removed). */
export function presentCount(g: CompactGraph, removed?: Uint8Array): number {
  if (!removed) return g.n;
  let c = 0;
  for (let v = 0; v < g.n; v++) if (!removed[v]) c++;
  return c;
}
