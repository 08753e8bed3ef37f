import type { CompactGraph } from '../network/graph.js';
import { LAYOUT_ASPECT, layoutNetwork } from '../network/layout.js';
import { ROLE_COLORS } from '../network/role-colors.js';
import { escapeHtml } from './charts.js';
import type { Locale } from './format.js';
import { HEADER, legendRows, MARGIN, round1, svgOpen } from './svg-frame.js';

/**
 * A criminal network as a standalone SVG (and PNG through `svgToPng`), for `atalaya network --svg/--png`.
 *
 * Pipeline: positions from `layoutNetwork` (src/network/layout.ts: seeded ForceAtlas2 per component, packed
 * in rows; the dashboard draws the same positions) → scaling to the canvas → string templates. No DOM and no
 * clock: the same input and seed always give the same bytes. Nodes are labelled by their ids only.
 */

export { layoutNetwork } from '../network/layout.js';
export { ROLE_COLORS } from '../network/role-colors.js';

export interface NetworkMapOptions {
  graph: CompactGraph;
  /** Role of each node by index: 'leader' | 'middle' | 'periphery', or any other label; undefined = none. */
  roles?: (string | undefined)[];
  /** A value per node (e.g. betweenness) for its radius (area grows linearly with it); default: equal sizes. */
  size?: Float64Array;
  /** Nodes drawn hollow and grey (removed by a disruption strategy); their ties are drawn dashed. */
  removed?: Uint8Array;
  title: string;
  locale?: Locale;
  /** SVG width in px (default 900); the height follows. */
  width?: number;
  /** Seed of the initial positions (default 1). */
  seed?: number;
  /** Node ids as labels: by default only when there are at most 150 nodes. */
  labels?: 'ids' | 'none';
}

const DEFAULT_WIDTH = 900;
const LEGEND_ROW = 22;
/** Height of the drawing area over its width: the layout's packed block has the same proportions. */
const ASPECT = LAYOUT_ASPECT;
const LABEL_LIMIT = 150;
const LABEL_FONT = 8;

/** Labels other than the three roles of ROLE_COLORS take these in order. */
const OTHER_COLORS = ['#1b9e77', '#7570b3', '#e7298a', '#66a61e', '#a6761d', '#17becf', '#bcbd22'];
const NO_ROLE_COLOR = '#8c8c8c';
const REMOVED_STROKE = '#9a9a9a';
const EDGE_COLOR = '#a8a8a8';

type KnownRole = keyof typeof ROLE_COLORS;

const ROLE_LABELS: Record<Locale, Record<KnownRole | 'none' | 'removed' | 'nodes', string>> = {
  en: {
    leader: 'leaders',
    middle: 'middle layer',
    periphery: 'periphery',
    none: 'no role',
    removed: 'removed',
    nodes: 'nodes',
  },
  es: {
    leader: 'líderes',
    middle: 'capa intermedia',
    periphery: 'periferia',
    none: 'sin rol',
    removed: 'eliminados',
    nodes: 'nodos',
  },
};

/** "Leaders", "leader" → "leader"; other labels are kept as given. */
function knownRole(role: string): KnownRole | undefined {
  const r = role.trim().toLowerCase();
  if (r === 'leader' || r === 'leaders') return 'leader';
  if (r === 'middle' || r === 'middle layer') return 'middle';
  if (r === 'periphery' || r === 'peripheral') return 'periphery';
  return undefined;
}

interface RoleClass {
  key: string;
  label: string;
  color: string;
  count: number;
}

/** Colour and legend class of every node: known roles first, then other labels by first appearance. */
function roleClasses(
  n: number,
  roles: (string | undefined)[] | undefined,
  locale: Locale,
): { classes: RoleClass[]; ofNode: number[] } {
  const names = ROLE_LABELS[locale];
  if (!roles) {
    return {
      classes: [{ key: 'nodes', label: names.nodes, color: ROLE_COLORS.periphery, count: n }],
      ofNode: new Array(n).fill(0),
    };
  }
  const keyOf = (v: number): string => {
    const r = roles[v];
    if (r === undefined || r.trim() === '') return ' none';
    return knownRole(r) ?? r;
  };
  const keys = Array.from({ length: n }, (_, v) => keyOf(v));
  const present = new Set(keys);
  const order: string[] = (['leader', 'middle', 'periphery'] as const).filter((k) => present.has(k));
  for (const k of keys) if (!order.includes(k) && k !== ' none') order.push(k);
  if (present.has(' none')) order.push(' none');
  let other = 0;
  const classes = order.map((key): RoleClass => {
    const known = knownRole(key);
    if (key === ' none') return { key, label: names.none, color: NO_ROLE_COLOR, count: 0 };
    if (known) return { key, label: names[known], color: ROLE_COLORS[known], count: 0 };
    return { key, label: key, color: OTHER_COLORS[other++ % OTHER_COLORS.length], count: 0 };
  });
  const index = new Map(order.map((k, i) => [k, i]));
  const ofNode = keys.map((k) => index.get(k)!);
  for (const c of ofNode) classes[c].count++;
  return { classes, ofNode };
}

/** Base radius by graph size: large graphs get small dots so that ties stay visible. */
function baseRadius(n: number): number {
  return n <= 40 ? 7 : n <= 150 ? 5 : n <= 500 ? 3.5 : n <= 2000 ? 2.5 : 1.6;
}

function radii(n: number, size: Float64Array | undefined): Float64Array {
  const base = baseRadius(n);
  const r = new Float64Array(n).fill(base);
  if (!size) return r;
  let max = 0;
  for (let v = 0; v < n; v++) if (Number.isFinite(size[v]) && size[v] > max) max = size[v];
  if (max <= 0) return r;
  // Area proportional to the value, from 0.6 to 2.4 times the base radius.
  for (let v = 0; v < n; v++) {
    const s = Number.isFinite(size[v]) ? Math.max(0, size[v]) / max : 0;
    r[v] = base * (0.6 + 1.8 * Math.sqrt(s));
  }
  return r;
}

/** The network map as a standalone SVG document. */
export function renderNetworkMap(options: NetworkMapOptions): string {
  const { graph } = options;
  const { n } = graph;
  const locale = options.locale ?? 'en';
  const width = options.width ?? DEFAULT_WIDTH;
  const showLabels = options.labels === 'ids' || (options.labels === undefined && n <= LABEL_LIMIT);
  const removed = options.removed ?? new Uint8Array(n);
  const anyRemoved = removed.some((r) => r !== 0);
  const { classes, ofNode } = roleClasses(n, options.roles, locale);
  const r = radii(n, options.size);

  const legendItems = classes.map((c) => ({
    text: `${c.label} (${c.count})`,
    swatch: circleSwatch(c.color, '#ffffff'),
  }));
  if (anyRemoved) {
    const count = removed.reduce((s, v) => s + (v ? 1 : 0), 0);
    legendItems.push({
      text: `${ROLE_LABELS[locale].removed} (${count})`,
      swatch: circleSwatch('#ffffff', REMOVED_STROKE),
    });
  }
  const legend = legendRows(legendItems, width - 2 * MARGIN, { swatchWidth: 12, rowHeight: LEGEND_ROW });
  const top = HEADER + legend.height;
  const plotW = width - 2 * MARGIN;
  const plotH = Math.round(plotW * ASPECT);
  const height = top + plotH + MARGIN;

  const { x, y } = layoutNetwork(graph, options.seed ?? 1);
  const px = new Float64Array(n);
  const py = new Float64Array(n);
  if (n > 0) {
    let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
    for (let v = 0; v < n; v++) {
      [x0, x1, y0, y1] = [Math.min(x0, x[v]), Math.max(x1, x[v]), Math.min(y0, y[v]), Math.max(y1, y[v])];
    }
    let rMax = 0;
    for (let v = 0; v < n; v++) rMax = Math.max(rMax, r[v]);
    // Room for the largest dot on every side and for an id label to the right.
    const padX = rMax + 2 + (showLabels ? longestId(graph.ids) * LABEL_FONT * 0.6 : 0);
    const padY = rMax + 2;
    const spanX = x1 - x0 || 1;
    const spanY = y1 - y0 || 1;
    const k = Math.min((plotW - rMax - 2 - padX) / spanX, (plotH - 2 * padY) / spanY);
    const cx = MARGIN + (rMax + 2 + plotW - padX) / 2;
    const cy = top + plotH / 2;
    for (let v = 0; v < n; v++) {
      px[v] = round1(cx + (x[v] - (x0 + x1) / 2) * k);
      py[v] = round1(cy + (y[v] - (y0 + y1) / 2) * k);
    }
  }

  return (
    svgOpen(width, height, options.title) +
    `<g class="legend" transform="translate(${MARGIN},${HEADER})" font-size="11" fill="#1a1a1a">${legend.markup}</g>` +
    edgesOf(graph, px, py, removed) +
    nodesOf(graph, px, py, r, removed, ofNode, classes, locale) +
    (showLabels ? labelsOf(graph, px, py, r) : '') +
    '</svg>'
  );
}

function longestId(ids: string[]): number {
  let m = 0;
  for (const id of ids) m = Math.max(m, [...id].length);
  return Math.min(m, 16);
}

/** Ties as one path each for kept and removed ends: thousands of edges stay a few kilobytes of markup. */
function edgesOf(graph: CompactGraph, px: Float64Array, py: Float64Array, removed: Uint8Array): string {
  const kept: string[] = [];
  const cut: string[] = [];
  for (let v = 0; v < graph.n; v++) {
    for (let k = graph.offsets[v]; k < graph.offsets[v + 1]; k++) {
      const u = graph.targets[k];
      if (u <= v) continue;
      (removed[u] || removed[v] ? cut : kept).push(`M${px[v]},${py[v]}L${px[u]},${py[u]}`);
    }
  }
  const width = graph.m > 2000 ? 0.4 : 0.8;
  return (
    `<g class="edges" fill="none" stroke="${EDGE_COLOR}">` +
    (kept.length > 0
      ? `<path d="${kept.join('')}" stroke-width="${width}" stroke-opacity="0.7"></path>`
      : '') +
    (cut.length > 0
      ? `<path class="removed" d="${cut.join('')}" stroke-width="${width}" stroke-opacity="0.5" stroke-dasharray="2,2"></path>`
      : '') +
    '</g>'
  );
}

/** Dots from the largest to the smallest so that none hides a smaller one; ties by index. */
function nodesOf(
  graph: CompactGraph,
  px: Float64Array,
  py: Float64Array,
  r: Float64Array,
  removed: Uint8Array,
  ofNode: number[],
  classes: RoleClass[],
  locale: Locale,
): string {
  const order = Array.from({ length: graph.n }, (_, v) => v).sort((a, b) => r[b] - r[a] || a - b);
  const removedLabel = ROLE_LABELS[locale].removed;
  const dots = order.map((v) => {
    const c = classes[ofNode[v]];
    const tip = `${graph.ids[v]} · ${c.label}${removed[v] ? ` · ${removedLabel}` : ''}`;
    const paint = removed[v]
      ? `fill="#ffffff" stroke="${REMOVED_STROKE}" stroke-width="1.2"`
      : `fill="${c.color}" stroke="#ffffff" stroke-width="0.8"`;
    return (
      `<circle cx="${px[v]}" cy="${py[v]}" r="${round1(r[v])}" ${paint} data-index="${v}" data-role="${escapeHtml(c.key.trim())}">` +
      `<title>${escapeHtml(tip)}</title></circle>`
    );
  });
  return `<g class="nodes">${dots.join('')}</g>`;
}

/** Ids to the right of each dot, with a white halo so that they stay legible over ties. */
function labelsOf(graph: CompactGraph, px: Float64Array, py: Float64Array, r: Float64Array): string {
  const texts: string[] = [];
  for (let v = 0; v < graph.n; v++) {
    const id = [...graph.ids[v]];
    const text = id.length > 16 ? `${id.slice(0, 15).join('')}…` : graph.ids[v];
    texts.push(
      `<text x="${round1(px[v] + r[v] + 1.5)}" y="${round1(py[v] + LABEL_FONT * 0.35)}">${escapeHtml(text)}</text>`,
    );
  }
  return (
    `<g class="labels" font-size="${LABEL_FONT}" fill="#333333" stroke="#ffffff" stroke-width="2" ` +
    `stroke-linejoin="round" paint-order="stroke">${texts.join('')}</g>`
  );
}

/** A legend entry: a circle in the node's fill and stroke. */
function circleSwatch(fill: string, stroke: string): string {
  return `<circle cx="6" cy="6" r="5.5" fill="${fill}" stroke="${stroke}" stroke-width="${stroke === '#ffffff' ? 0 : 1.2}"></circle>`;
}
