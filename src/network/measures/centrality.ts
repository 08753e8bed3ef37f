import type { CompactGraph } from '../graph.js';

/**
 * Node centralities on the undirected, unweighted CSR graph, each matching a networkx 2.8/3.x function
 * (docs/NETWORK-MEASURES.md states the conventions and the measured agreement).
 */

/** Degree of every node; nodes with removed[v] = 1 are absent (degree 0) and so are ties to them. */
export function degree(g: CompactGraph, removed?: Uint8Array): Int32Array {
  const out = new Int32Array(g.n);
  for (let v = 0; v < g.n; v++) {
    if (removed?.[v]) continue;
    if (!removed) out[v] = g.offsets[v + 1] - g.offsets[v];
    else for (let k = g.offsets[v]; k < g.offsets[v + 1]; k++) if (!removed[g.targets[k]]) out[v]++;
  }
  return out;
}

/**
 * Degree centrality: degree / (n − 1), as networkx `degree_centrality` (1 for every node when n ≤ 1).
 *
 * @example
 * degreeCentrality(compactGraph(data)); // Float64Array in node order
 */
export function degreeCentrality(g: CompactGraph): Float64Array {
  const out = new Float64Array(g.n);
  const scale = g.n > 1 ? 1 / (g.n - 1) : 1;
  for (let v = 0; v < g.n; v++) out[v] = g.n > 1 ? (g.offsets[v + 1] - g.offsets[v]) * scale : 1;
  return out;
}

/**
 * Closeness centrality, networkx `closeness_centrality(G)` (wf_improved=True): with r(u) the number of
 * nodes reachable from u (u included) and D(u) the sum of their distances,
 * C(u) = ((r − 1) / D) · ((r − 1) / (n − 1)), and 0 when D = 0 (isolated node) or n = 1.
 * The second factor is Wasserman & Faust's (1994, eq. 5.24) scaling, so that a node in a small component
 * does not look central merely because its few reachable nodes are close; on a connected graph it is 1.
 *
 * @example
 * closeness(compactGraph(data))[0]; // closeness of the first node
 */
export function closeness(g: CompactGraph): Float64Array {
  const { n, offsets, targets } = g;
  const out = new Float64Array(n);
  const dist = new Int32Array(n).fill(-1);
  const queue = new Int32Array(n);
  for (let s = 0; s < n; s++) {
    let head = 0;
    let tail = 0;
    queue[tail++] = s;
    dist[s] = 0;
    let total = 0;
    while (head < tail) {
      const v = queue[head++];
      const dv = dist[v] + 1;
      for (let k = offsets[v]; k < offsets[v + 1]; k++) {
        const w = targets[k];
        if (dist[w] >= 0) continue;
        dist[w] = dv;
        total += dv;
        queue[tail++] = w;
      }
    }
    if (total > 0 && n > 1) out[s] = ((tail - 1) / total) * ((tail - 1) / (n - 1));
    for (let i = 0; i < tail; i++) dist[queue[i]] = -1;
  }
  return out;
}

export interface PowerIterationOptions {
  /** Stop when Σ_v |x_k(v) − x_{k−1}(v)| < n · tol (networkx's criterion). Default 1e-12 (networkx: 1e-6). */
  tol?: number;
  /** Default 10 000 (networkx: 100 for eigenvector, 1 000 for Katz). */
  maxIter?: number;
}

export interface PowerIterationResult {
  values: Float64Array;
  iterations: number;
  /** false when maxIter was reached first (networkx raises PowerIterationFailedConvergence there). */
  converged: boolean;
}

/**
 * Eigenvector centrality, networkx `eigenvector_centrality(G)`: power iteration on A + I (the shift keeps
 * bipartite graphs from oscillating without changing the eigenvector) from the uniform vector, normalised
 * to unit Euclidean norm at every step; the result has ‖x‖₂ = 1 and is non-negative.
 *
 * Disconnected graphs: the iteration is the same as networkx's on the whole graph, so it converges to the
 * principal eigenvector of the component with the largest spectral radius and nodes in every other
 * component tend to 0. When several components share the largest spectral radius, the limit splits the
 * mass among them as the uniform start dictates (deterministic, but not a property of either component
 * alone); per-component values are then better read from the component subgraphs.
 * Defaults are tighter than networkx's (tol 1e-12, 10 000 iterations vs 1e-6, 100) so that the values are
 * the eigenvector to ~1e-10, not merely to networkx's stopping tolerance.
 *
 * @example
 * const { values, converged } = eigenvectorCentrality(compactGraph(data));
 */
export function eigenvectorCentrality(
  g: CompactGraph,
  options: PowerIterationOptions = {},
): PowerIterationResult {
  const { tol = 1e-12, maxIter = 10_000 } = options;
  const { n, offsets, targets } = g;
  let x = new Float64Array(n).fill(n > 0 ? 1 / n : 0);
  let next = new Float64Array(n);
  for (let it = 1; it <= maxIter; it++) {
    let norm = 0;
    for (let v = 0; v < n; v++) {
      let s = x[v];
      for (let k = offsets[v]; k < offsets[v + 1]; k++) s += x[targets[k]];
      next[v] = s;
      norm += s * s;
    }
    norm = Math.sqrt(norm) || 1;
    let change = 0;
    for (let v = 0; v < n; v++) {
      next[v] /= norm;
      change += Math.abs(next[v] - x[v]);
    }
    [x, next] = [next, x];
    if (change < n * tol) return { values: x, iterations: it, converged: true };
  }
  return { values: x, iterations: maxIter, converged: false };
}

/**
 * Largest eigenvalue λ_max of the adjacency matrix (the spectral radius), by power iteration on A + I and
 * the Rayleigh quotient xᵀAx / xᵀx, which for a symmetric matrix is accurate to the square of the
 * eigenvector's error. 0 for a graph without edges.
 */
export function spectralRadius(g: CompactGraph, options: PowerIterationOptions = {}): number {
  const { values: x } = eigenvectorCentrality(g, { tol: 1e-13, maxIter: 10_000, ...options });
  let num = 0;
  let den = 0;
  for (let v = 0; v < g.n; v++) {
    let ax = 0;
    for (let k = g.offsets[v]; k < g.offsets[v + 1]; k++) ax += x[g.targets[k]];
    num += x[v] * ax;
    den += x[v] * x[v];
  }
  return den > 0 ? num / den : 0;
}

/**
 * The default Katz attenuation: networkx's 0.1 when that is safely below 1/λ_max, else 0.9/λ_max, i.e.
 * α = min(0.1, 0.9 / λ_max). (networkx keeps 0.1 and fails to converge when λ_max ≥ 10, as on the
 * aggregated CAVIAR network, whose hub has degree 60.)
 */
export function defaultKatzAlpha(g: CompactGraph): number {
  const lambda = spectralRadius(g);
  return lambda > 0 ? Math.min(0.1, 0.9 / lambda) : 0.1;
}

export interface KatzOptions extends PowerIterationOptions {
  /** Attenuation α; must be below 1/λ_max. Default `defaultKatzAlpha(g)`. */
  alpha?: number;
  /** Exogenous term β (same for every node). Default 1. */
  beta?: number;
}

/**
 * Katz centrality, networkx `katz_centrality(G, alpha, beta=1, normalized=True)`: the fixed point of
 * x = α A x + β 1, i.e. x = β (I − αA)⁻¹ 1 = β Σ_k α^k A^k 1 (walks of every length, attenuated by α per
 * step), found by iterating from x = 0, then scaled to unit Euclidean norm.
 *
 * @example
 * const { values } = katzCentrality(compactGraph(data)); // α = min(0.1, 0.9/λ_max)
 */
export function katzCentrality(
  g: CompactGraph,
  options: KatzOptions = {},
): PowerIterationResult & { alpha: number } {
  const { tol = 1e-12, maxIter = 10_000, beta = 1 } = options;
  const alpha = options.alpha ?? defaultKatzAlpha(g);
  const { n, offsets, targets } = g;
  let x = new Float64Array(n);
  let next = new Float64Array(n);
  let converged = false;
  let iterations = maxIter;
  for (let it = 1; it <= maxIter; it++) {
    let change = 0;
    for (let v = 0; v < n; v++) {
      let s = 0;
      for (let k = offsets[v]; k < offsets[v + 1]; k++) s += x[targets[k]];
      next[v] = alpha * s + beta;
      change += Math.abs(next[v] - x[v]);
    }
    [x, next] = [next, x];
    if (change < n * tol) {
      converged = true;
      iterations = it;
      break;
    }
  }
  let norm = 0;
  for (let v = 0; v < n; v++) norm += x[v] * x[v];
  const s = norm > 0 ? 1 / Math.sqrt(norm) : 1;
  for (let v = 0; v < n; v++) x[v] *= s;
  return { values: x, iterations, converged, alpha };
}
