import { ROLES } from '../../../src/network/answers.js';
import { el } from '../dom.js';
import { formatNumber } from '../i18n/locale.js';
import { createTooltip } from '../map/tooltip.js';
import { nt } from './messages.js';
import { ROLE_FILL } from './role-style.js';
import type { DescribeAnswer } from './types.js';

/**
 * The network drawn as SVG at the server's positions (`layout` of /api/network/describe, the same as the
 * CLI's --svg maps): dots coloured by structural role and sized by betweenness, thin ties, a legend naming
 * the roles, a tooltip, zoom (wheel, buttons, keys) and "removed" members greyed out for the step slider.
 *
 * The SVG works in layout units (about one unit per isolated member) and zooms by changing its viewBox,
 * so a few hundred dots cost one attribute change per zoom; strokes do not scale.
 */
export interface NetworkView {
  node: HTMLElement;
  /** Grey out these members (by id), in removal order: the tooltip tells at which step each went. */
  setRemoved(ids: readonly string[]): void;
  fit(): void;
}

const SVG = 'http://www.w3.org/2000/svg';
/** Radius of a dot without betweenness, in layout units; area then grows with betweenness, as in the reports. */
const BASE_RADIUS = 0.2;
const MARGIN = 0.8;
const ZOOM_STEP = 1.4;

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export function createNetworkView(answer: DescribeAnswer): NetworkView {
  const { layout, nodes } = answer;
  const n = nodes.length;
  const radius = radii(nodes.map((d) => d.betweenness));
  const svg = svgEl('svg', {
    class: 'network-view',
    role: 'img',
    tabindex: '0',
    'aria-label': nt('viewLabel', { n: formatNumber(n, 0) }),
  });
  const edges = svgEl('g', { class: 'edges' });
  const kept = svgEl('path', { class: 'kept' });
  const cut = svgEl('path', { class: 'cut' });
  edges.append(kept, cut);
  const dots = svgEl('g', { class: 'nodes' });
  // Largest dots first, so that none hides a smaller one (as the reports).
  const order = Array.from({ length: n }, (_, v) => v).sort((a, b) => radius[b] - radius[a] || a - b);
  const circles: SVGCircleElement[] = new Array(n);
  for (const v of order) {
    const role = layout.roles[v];
    const c = svgEl('circle', {
      class: 'node',
      cx: String(layout.x[v]),
      cy: String(layout.y[v]),
      r: String(radius[v]),
      fill: ROLE_FILL[role],
      'data-index': String(v),
      'data-id': nodes[v].id,
      'data-role': role,
    }) as SVGCircleElement;
    circles[v] = c;
    dots.append(c);
  }
  svg.append(edges, dots);

  const legendItems = new Map<string, HTMLElement>();
  const counts = new Map(ROLES.map((r) => [r, layout.roles.filter((x) => x === r).length]));
  const legend = el('ul', { class: 'role-legend' });
  for (const role of ROLES) {
    const item = el(
      'li',
      { 'data-role': role },
      el('span', { class: 'swatch', style: `background:${ROLE_FILL[role]}` }),
      `${nt(role)} (${formatNumber(counts.get(role) ?? 0, 0)})`,
    );
    legendItems.set(role, item);
    legend.append(item);
  }
  const removedItem = el('li', { 'data-role': 'removed', hidden: '' });
  legend.append(removedItem);

  const box = el('div', { class: 'network-box' });
  const tooltip = createTooltip(box);
  box.append(svg, tooltip.node);

  // Where each removed member went (step number, from 1), for the tooltip.
  let removedAt = new Map<number, number>();
  const index = new Map(nodes.map((d, v) => [d.id, v]));

  const drawEdges = () => {
    const keptD: string[] = [];
    const cutD: string[] = [];
    for (const [a, b] of layout.edges) {
      const d = `M${layout.x[a]},${layout.y[a]}L${layout.x[b]},${layout.y[b]}`;
      (removedAt.has(a) || removedAt.has(b) ? cutD : keptD).push(d);
    }
    kept.setAttribute('d', keptD.join(''));
    cut.setAttribute('d', cutD.join(''));
  };

  // Zoom and pan by the viewBox.
  const full = bounds(layout.x, layout.y);
  let view: Box = { ...full };
  const applyView = () => svg.setAttribute('viewBox', `${view.x} ${view.y} ${view.w} ${view.h}`);
  const zoom = (factor: number, cx = view.x + view.w / 2, cy = view.y + view.h / 2) => {
    const w = Math.min(full.w * 4, Math.max(full.w / 40, view.w / factor));
    const k = w / view.w;
    view = { x: cx - (cx - view.x) * k, y: cy - (cy - view.y) * k, w, h: view.h * k };
    applyView();
  };
  const pan = (dx: number, dy: number) => {
    view = { ...view, x: view.x + dx * view.w, y: view.y + dy * view.h };
    applyView();
  };
  const fitView = () => {
    view = { ...full };
    applyView();
  };

  /** The pointer's position in layout units. */
  const toLayout = (e: MouseEvent): [number, number] => {
    const r = svg.getBoundingClientRect();
    // preserveAspectRatio "xMidYMid meet": one scale for both axes, the drawing centred.
    const s = Math.max(view.w / r.width, view.h / r.height);
    return [
      view.x + view.w / 2 + (e.clientX - r.left - r.width / 2) * s,
      view.y + view.h / 2 + (e.clientY - r.top - r.height / 2) * s,
    ];
  };
  svg.addEventListener(
    'wheel',
    (e) => {
      e.preventDefault();
      const [cx, cy] = toLayout(e);
      zoom(e.deltaY < 0 ? 1.15 : 1 / 1.15, cx, cy);
    },
    { passive: false },
  );
  let drag: { x: number; y: number; view: Box } | undefined;
  svg.addEventListener('pointerdown', (e) => {
    drag = { x: e.clientX, y: e.clientY, view: { ...view } };
    svg.setPointerCapture(e.pointerId);
  });
  svg.addEventListener('pointermove', (e) => {
    if (!drag) return;
    const r = svg.getBoundingClientRect();
    const s = Math.max(view.w / r.width, view.h / r.height);
    view = {
      ...drag.view,
      x: drag.view.x - (e.clientX - drag.x) * s,
      y: drag.view.y - (e.clientY - drag.y) * s,
    };
    applyView();
  });
  const endDrag = () => {
    drag = undefined;
  };
  svg.addEventListener('pointerup', endDrag);
  svg.addEventListener('pointercancel', endDrag);
  svg.addEventListener('keydown', (e) => {
    const actions: Record<string, () => void> = {
      '+': () => zoom(ZOOM_STEP),
      '=': () => zoom(ZOOM_STEP),
      '-': () => zoom(1 / ZOOM_STEP),
      '0': fitView,
      ArrowLeft: () => pan(-0.1, 0),
      ArrowRight: () => pan(0.1, 0),
      ArrowUp: () => pan(0, -0.1),
      ArrowDown: () => pan(0, 0.1),
    };
    const act = actions[e.key];
    if (!act) return;
    e.preventDefault();
    act();
  });

  svg.addEventListener('mousemove', (e) => {
    const target = (e.target as Element).closest?.('circle.node');
    if (!target) return tooltip.hide();
    const v = Number(target.getAttribute('data-index'));
    const d = nodes[v];
    const lines = [
      d.id,
      nt('tipRole', { role: nt(layout.roles[v]) }),
      nt('tipDegree', { value: formatNumber(d.degree, 0) }),
      nt('tipBetweenness', { value: formatNumber(d.betweenness, 3) }),
    ];
    const step = removedAt.get(v);
    if (step !== undefined) lines.push(nt('tipRemoved', { step: formatNumber(step, 0) }));
    tooltip.show(e, lines);
  });
  svg.addEventListener('mouseleave', () => tooltip.hide());

  const button = (label: string, text: string, action: () => void) => {
    const b = el('button', { type: 'button', 'aria-label': label, title: label }, text);
    b.addEventListener('click', action);
    return b;
  };
  const toolbar = el(
    'div',
    { class: 'zoom-buttons', role: 'group' },
    button(nt('zoomIn'), '+', () => zoom(ZOOM_STEP)),
    button(nt('zoomOut'), '−', () => zoom(1 / ZOOM_STEP)),
    button(nt('zoomFit'), '⤢', fitView),
  );

  const setRemoved = (ids: readonly string[]) => {
    removedAt = new Map();
    ids.forEach((id, i) => {
      const v = index.get(id);
      if (v !== undefined) removedAt.set(v, i + 1);
    });
    for (let v = 0; v < n; v++) circles[v].classList.toggle('removed', removedAt.has(v));
    removedItem.hidden = removedAt.size === 0;
    removedItem.replaceChildren(
      el('span', { class: 'swatch removed' }),
      `${nt('removed')} (${formatNumber(removedAt.size, 0)})`,
    );
    drawEdges();
  };

  drawEdges();
  fitView();
  const node = el(
    'div',
    { class: 'network-view-wrap' },
    el('div', { class: 'view-bar' }, legend, toolbar),
    box,
  );
  return { node, setRemoved, fit: fitView };
}

function svgEl(tag: string, attrs: Record<string, string>): SVGElement {
  const node = document.createElementNS(SVG, tag) as SVGElement;
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}

/** Area proportional to betweenness, from 0.6 to 2.4 times the base radius (the rule of the SVG reports). */
function radii(betweenness: number[]): number[] {
  const max = Math.max(0, ...betweenness.filter(Number.isFinite));
  return betweenness.map((b) => {
    const s = max > 0 && Number.isFinite(b) ? Math.max(0, b) / max : 0;
    return Math.round(BASE_RADIUS * (0.6 + 1.8 * Math.sqrt(s)) * 1000) / 1000;
  });
}

function bounds(x: number[], y: number[]): Box {
  if (x.length === 0) return { x: -1, y: -1, w: 2, h: 2 };
  const [x0, x1] = [Math.min(...x), Math.max(...x)];
  const [y0, y1] = [Math.min(...y), Math.max(...y)];
  return { x: x0 - MARGIN, y: y0 - MARGIN, w: x1 - x0 + 2 * MARGIN, h: y1 - y0 + 2 * MARGIN };
}
