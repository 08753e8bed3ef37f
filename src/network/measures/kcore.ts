import type { CompactGraph } from '../graph.js';

/**
 * Core number of every node: the largest k such that the node belongs to the k-core (the maximal subgraph
 * in which every node has degree ≥ k). networkx `core_number(G)`.
 *
 * Batagelj & Zaversnik (2003, "An O(m) algorithm for cores decomposition of networks",
 * arXiv:cs/0310049): nodes bucket-sorted by degree, peeled in increasing order of current degree, each
 * neighbour with a larger current degree moved down one bucket in O(1).
 *
 * @example
 * const core = coreNumbers(compactGraph(data)); // Int32Array in node order
 */
export function coreNumbers(g: CompactGraph): Int32Array {
  const { n, offsets, targets } = g;
  const deg = new Int32Array(n);
  let maxDeg = 0;
  for (let v = 0; v < n; v++) {
    deg[v] = offsets[v + 1] - offsets[v];
    if (deg[v] > maxDeg) maxDeg = deg[v];
  }
  // bin[d] = first position in `vert` of the nodes whose current degree is d.
  const bin = new Int32Array(maxDeg + 1);
  for (let v = 0; v < n; v++) bin[deg[v]]++;
  let start = 0;
  for (let d = 0; d <= maxDeg; d++) {
    const count = bin[d];
    bin[d] = start;
    start += count;
  }
  const vert = new Int32Array(n);
  const pos = new Int32Array(n);
  for (let v = 0; v < n; v++) {
    pos[v] = bin[deg[v]]++;
    vert[pos[v]] = v;
  }
  for (let d = maxDeg; d > 0; d--) bin[d] = bin[d - 1];
  bin[0] = 0;
  for (let i = 0; i < n; i++) {
    const v = vert[i];
    for (let k = offsets[v]; k < offsets[v + 1]; k++) {
      const u = targets[k];
      if (deg[u] > deg[v]) {
        const du = deg[u];
        const pu = pos[u];
        const pw = bin[du];
        const w = vert[pw];
        if (u !== w) {
          pos[u] = pw;
          vert[pu] = w;
          pos[w] = pu;
          vert[pw] = u;
        }
        bin[du]++;
        deg[u]--;
      }
    }
  }
  return deg;
}

/** Number of nodes in the k-core for k = 0…max core number (index k). */
export function coreSizes(core: Int32Array): number[] {
  let max = 0;
  for (const c of core) if (c > max) max = c;
  const sizes = new Array<number>(max + 1).fill(0);
  for (const c of core) for (let k = 0; k <= c; k++) sizes[k]++;
  return sizes;
}
