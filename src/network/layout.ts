import { UndirectedGraph } from 'graphology';
import forceAtlas2Module from 'graphology-layout-forceatlas2';
import { createRng } from '../sim/rng.js';
import type { CompactGraph } from './graph.js';

/**
 * Node positions for drawing a network: shared by the SVG/PNG maps of `atalaya network --svg/--png`
 * (src/report/network-map.ts) and the dashboard's Networks page (through POST /api/network/describe with
 * `layout: true`), so that both show the same picture for the same file and seed.
 *
 * Pure and deterministic: seeded initial positions → ForceAtlas2 per connected component
 * (graphology-layout-forceatlas2, a fixed number of iterations) → rotation onto each component's principal
 * axis → components packed in rows, isolated nodes last. No DOM and no clock.
 */

// The package's typings declare an ES default export over a CommonJS `module.exports = fn`: under NodeNext
// TypeScript sees the namespace, while Node hands over the function itself.
const forceAtlas2 = forceAtlas2Module as unknown as typeof forceAtlas2Module.default;

/** Height of the packed block over its width (the report's drawing area has the same proportions). */
export const LAYOUT_ASPECT = 0.66;
const ASPECT = LAYOUT_ASPECT;
/** Root-mean-square radius of a component over the square root of its size, in layout units. */
const DENSITY = 0.6;

/**
 * Positions of the compact graph's nodes, in layout units (an isolated node takes one unit square).
 *
 * Each connected component is laid out alone by ForceAtlas2 (unweighted, as the analyses), rotated onto its
 * principal axis and scaled to the same area per node; components are then packed in rows, the
 * largest first and isolated nodes last, in a block about 1.5 times as wide as high. Laid out together,
 * isolated nodes and small components drift far from the rest and squeeze it into a corner of the canvas.
 * Initial positions are uniform in a square of side ∝ √n, drawn in node order from the seeded generator.
 */
export function layoutNetwork(graph: CompactGraph, seed = 1): { x: Float64Array; y: Float64Array } {
  const { n } = graph;
  const rng = createRng(seed, 'network-layout');
  const spread = 10 * Math.sqrt(Math.max(1, n));
  const x0 = new Float64Array(n);
  const y0 = new Float64Array(n);
  for (let v = 0; v < n; v++) [x0[v], y0[v]] = [(rng.next() - 0.5) * spread, (rng.next() - 0.5) * spread];
  const blocks = connectedComponents(graph).map((nodes) => componentLayout(graph, nodes, x0, y0));
  return pack(blocks, n);
}

interface Block {
  nodes: number[];
  x: Float64Array;
  y: Float64Array;
  /** Bounding box, with half a unit of room on every side. */
  minX: number;
  minY: number;
  w: number;
  h: number;
}

/** Connected components by breadth-first search, each in node order, largest first (ties by first node). */
function connectedComponents(graph: CompactGraph): number[][] {
  const seen = new Uint8Array(graph.n);
  const out: number[][] = [];
  for (let s = 0; s < graph.n; s++) {
    if (seen[s]) continue;
    seen[s] = 1;
    const nodes = [s];
    for (let i = 0; i < nodes.length; i++) {
      const v = nodes[i];
      for (let k = graph.offsets[v]; k < graph.offsets[v + 1]; k++) {
        const u = graph.targets[k];
        if (!seen[u]) {
          seen[u] = 1;
          nodes.push(u);
        }
      }
    }
    out.push(nodes.sort((a, b) => a - b));
  }
  return out.sort((a, b) => b.length - a.length || a[0] - b[0]);
}

function componentLayout(graph: CompactGraph, nodes: number[], x0: Float64Array, y0: Float64Array): Block {
  const size = nodes.length;
  let x: Float64Array = new Float64Array(size);
  let y: Float64Array = new Float64Array(size);
  if (size > 1) {
    const local = new Map(nodes.map((v, i) => [v, i]));
    const g = new UndirectedGraph();
    nodes.forEach((v, i) => {
      g.addNode(String(i), { x: x0[v], y: y0[v] });
    });
    nodes.forEach((v, i) => {
      for (let k = graph.offsets[v]; k < graph.offsets[v + 1]; k++) {
        const j = local.get(graph.targets[k])!;
        if (j > i) g.addEdge(String(i), String(j));
      }
    });
    // graphology's inferred settings (strong gravity 0.05, scaling 10, slow-down 1 + ln n), with Barnes–Hut
    // only where the exact O(n²) repulsion would be slow; both are deterministic.
    const settings = { ...forceAtlas2.inferSettings(size), barnesHutOptimize: size > 600 };
    const iterations = size <= 600 ? 500 : size <= 3000 ? 250 : 120;
    const positions = forceAtlas2(g, { iterations, settings, getEdgeWeight: null });
    for (let i = 0; i < size; i++) {
      const p = positions[String(i)];
      x[i] = Number.isFinite(p.x) ? p.x : 0;
      y[i] = Number.isFinite(p.y) ? p.y : 0;
    }
    ({ x, y } = principalAxes(x, y));
    // principalAxes centred the component: its root-mean-square radius becomes DENSITY·√size, so that
    // every component is drawn with the same area per node whatever ForceAtlas2's scale for its size.
    let sum = 0;
    for (let i = 0; i < size; i++) sum += x[i] * x[i] + y[i] * y[i];
    const rms = Math.sqrt(sum / size);
    const k = rms > 1e-9 ? (DENSITY * Math.sqrt(size)) / rms : 1;
    for (let i = 0; i < size; i++) [x[i], y[i]] = [x[i] * k, y[i] * k];
  }
  let [minX, maxX, minY, maxY] = [Infinity, -Infinity, Infinity, -Infinity];
  for (let i = 0; i < size; i++) {
    [minX, maxX] = [Math.min(minX, x[i]), Math.max(maxX, x[i])];
    [minY, maxY] = [Math.min(minY, y[i]), Math.max(maxY, y[i])];
  }
  return { nodes, x, y, minX: minX - 0.5, minY: minY - 0.5, w: maxX - minX + 1, h: maxY - minY + 1 };
}

/**
 * Shelf packing: components left to right in rows about √(total area / ASPECT) wide (or as wide as the widest
 * one), each row centred, isolated nodes in rows of their own at the bottom, closer together.
 */
function pack(blocks: Block[], n: number): { x: Float64Array; y: Float64Array } {
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const gapOf = (b: Block) => (b.nodes.length === 1 ? 0.5 : 1);
  const area = blocks.reduce((s, b) => s + (b.w + gapOf(b)) * (b.h + gapOf(b)), 0);
  const rowWidth = Math.max(...blocks.map((b) => b.w), Math.sqrt(area / ASPECT));
  const rows: { blocks: Block[]; w: number; h: number }[] = [];
  let isolates = false;
  for (const b of blocks) {
    const row = rows[rows.length - 1];
    const single = b.nodes.length === 1;
    if (!row || row.w + gapOf(b) + b.w > rowWidth + 1e-9 || (single && !isolates)) {
      rows.push({ blocks: [b], w: b.w, h: b.h });
      isolates ||= single;
    } else {
      row.blocks.push(b);
      row.w += gapOf(b) + b.w;
      row.h = Math.max(row.h, b.h);
    }
  }
  let top = 0;
  for (const row of rows) {
    let left = (rowWidth - row.w) / 2;
    for (const b of row.blocks) {
      const dy = top + (row.h - b.h) / 2 - b.minY;
      b.nodes.forEach((v, i) => {
        x[v] = left + b.x[i] - b.minX;
        y[v] = dy + b.y[i];
      });
      left += b.w + gapOf(b);
    }
    top += row.h + gapOf(row.blocks[0]);
  }
  return { x, y };
}

/** Centre the points and rotate them so that their widest spread lies along x (and the heavier side left). */
function principalAxes(x: Float64Array, y: Float64Array): { x: Float64Array; y: Float64Array } {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i] / n;
    my += y[i] / n;
  }
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const [dx, dy] = [x[i] - mx, y[i] - my];
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  const angle = 0.5 * Math.atan2(2 * sxy, sxx - syy);
  const [c, s] = [Math.cos(angle), Math.sin(angle)];
  const rx = new Float64Array(n);
  const ry = new Float64Array(n);
  let skew = 0;
  for (let i = 0; i < n; i++) {
    const [dx, dy] = [x[i] - mx, y[i] - my];
    rx[i] = dx * c + dy * s;
    ry[i] = -dx * s + dy * c;
    skew += rx[i] ** 3;
  }
  // The axis has no direction: fix one so that mirror-image layouts cannot come out of rounding noise.
  if (skew > 0) for (let i = 0; i < n; i++) [rx[i], ry[i]] = [-rx[i], -ry[i]];
  return { x: rx, y: ry };
}
