import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { compactGraph } from '../../src/network/graph.js';
import { svgToPng } from '../../src/report/choropleth.js';
import { layoutNetwork, ROLE_COLORS, renderNetworkMap } from '../../src/report/network-map.js';

/** Parse as XML: throws on markup that is not well-formed. */
function parse(svg: string): Document {
  return new JSDOM(svg, { contentType: 'image/svg+xml' }).window.document;
}

/** A star: hub "h" tied to leaves "a"…"e", plus an isolated node "z". */
function star() {
  const nodes = ['h', 'a', 'b', 'c', 'd', 'e', 'z'];
  const edges = ['a', 'b', 'c', 'd', 'e'].map((leaf) => ({ source: 'h', target: leaf, weight: 1 }));
  return compactGraph({ nodes, edges });
}

const STAR_ROLES = ['leader', 'periphery', 'periphery', 'middle', 'periphery', 'periphery', undefined];

/** Two triangles joined by a bridge, a pair, and three isolated nodes: 11 nodes in 5 components. */
function scattered() {
  const nodes = Array.from({ length: 11 }, (_, i) => `n${i}`);
  const pairs = [
    [0, 1],
    [1, 2],
    [2, 0],
    [2, 3],
    [3, 4],
    [4, 5],
    [5, 3],
    [6, 7],
  ];
  return compactGraph({
    nodes,
    edges: pairs.map(([a, b]) => ({ source: nodes[a], target: nodes[b], weight: 1 })),
  });
}

function nodeCircles(doc: Document): Element[] {
  return [...doc.querySelectorAll('g.nodes circle')];
}

describe('renderNetworkMap', () => {
  it('is a well-formed standalone SVG with one circle per node', () => {
    const svg = renderNetworkMap({ graph: star(), roles: STAR_ROLES, title: 'Star & co' });
    const doc = parse(svg);
    const root = doc.documentElement;
    expect(root.tagName).toBe('svg');
    expect(root.getAttribute('xmlns')).toBe('http://www.w3.org/2000/svg');
    expect(doc.querySelector('title')?.textContent).toBe('Star & co');
    expect(nodeCircles(doc)).toHaveLength(7);
    const indices = nodeCircles(doc).map((c) => Number(c.getAttribute('data-index')));
    expect([...indices].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('colours each node by its role', () => {
    const doc = parse(renderNetworkMap({ graph: star(), roles: STAR_ROLES, title: 'Star' }));
    const fill = new Map(
      nodeCircles(doc).map((c) => [Number(c.getAttribute('data-index')), c.getAttribute('fill')]),
    );
    expect(fill.get(0)).toBe(ROLE_COLORS.leader);
    expect(fill.get(3)).toBe(ROLE_COLORS.middle);
    for (const leaf of [1, 2, 4, 5]) expect(fill.get(leaf)).toBe(ROLE_COLORS.periphery);
    // No role: a neutral grey, different from the three role colours.
    expect(Object.values(ROLE_COLORS)).not.toContain(fill.get(6));
  });

  it('gives other role labels colours of their own and lists them in the legend', () => {
    const roles = ['boss', 'soldier', 'soldier', 'soldier', 'soldier', 'soldier', 'soldier'];
    const doc = parse(renderNetworkMap({ graph: star(), roles, title: 'Star' }));
    const fills = new Set(nodeCircles(doc).map((c) => c.getAttribute('fill')));
    expect(fills.size).toBe(2);
    const legend = doc.querySelector('g.legend')?.textContent ?? '';
    expect(legend).toContain('boss (1)');
    expect(legend).toContain('soldier (6)');
  });

  it('writes the legend in English and Spanish', () => {
    const removed = new Uint8Array(7);
    removed[0] = 1;
    const en = parse(renderNetworkMap({ graph: star(), roles: STAR_ROLES, removed, title: 'Star' }));
    const es = parse(
      renderNetworkMap({ graph: star(), roles: STAR_ROLES, removed, title: 'Estrella', locale: 'es' }),
    );
    const legendEn = en.querySelector('g.legend')?.textContent ?? '';
    const legendEs = es.querySelector('g.legend')?.textContent ?? '';
    for (const label of ['leaders (1)', 'middle layer (1)', 'periphery (4)', 'no role (1)', 'removed (1)']) {
      expect(legendEn).toContain(label);
    }
    for (const label of [
      'líderes (1)',
      'capa intermedia (1)',
      'periferia (4)',
      'sin rol (1)',
      'eliminados (1)',
    ]) {
      expect(legendEs).toContain(label);
    }
  });

  it('draws removed nodes hollow and their ties dashed', () => {
    const removed = new Uint8Array(7);
    removed[0] = 1;
    const doc = parse(renderNetworkMap({ graph: star(), roles: STAR_ROLES, removed, title: 'Star' }));
    const hub = nodeCircles(doc).find((c) => c.getAttribute('data-index') === '0')!;
    expect(hub.getAttribute('fill')).toBe('#ffffff');
    expect(doc.querySelector('g.edges path.removed')?.getAttribute('stroke-dasharray')).toBe('2,2');
    // Every tie of the star touches the hub.
    expect(doc.querySelectorAll('g.edges path:not(.removed)')).toHaveLength(0);
  });

  it('sizes nodes by the given values', () => {
    const size = new Float64Array([10, 0, 0, 0, 0, 0, 0]);
    const doc = parse(renderNetworkMap({ graph: star(), size, title: 'Star' }));
    const r = new Map(
      nodeCircles(doc).map((c) => [c.getAttribute('data-index'), Number(c.getAttribute('r'))]),
    );
    expect(r.get('0')!).toBeGreaterThan(2.5 * r.get('1')!);
  });

  it('gives the same bytes for the same input and seed, and another layout for another seed', () => {
    const input = { graph: scattered(), title: 'Scattered', seed: 42 };
    const a = renderNetworkMap(input);
    expect(renderNetworkMap(input)).toBe(a);
    expect(renderNetworkMap({ ...input, seed: 43 })).not.toBe(a);
  });

  it('keeps every node inside the viewBox, isolated ones included', () => {
    for (const graph of [star(), scattered()]) {
      const doc = parse(renderNetworkMap({ graph, title: 'Inside', width: 500 }));
      const [, , w, h] = (doc.documentElement.getAttribute('viewBox') ?? '').split(' ').map(Number);
      for (const c of nodeCircles(doc)) {
        const [cx, cy, r] = ['cx', 'cy', 'r'].map((a) => Number(c.getAttribute(a)));
        expect(Number.isFinite(cx) && Number.isFinite(cy)).toBe(true);
        expect(cx - r).toBeGreaterThanOrEqual(0);
        expect(cy - r).toBeGreaterThanOrEqual(0);
        expect(cx + r).toBeLessThanOrEqual(w);
        expect(cy + r).toBeLessThanOrEqual(h);
      }
    }
  });

  it('lays out components apart: no node of one component inside another one', () => {
    const { x, y } = layoutNetwork(scattered(), 1);
    for (const v of [...x, ...y]) expect(Number.isFinite(v)).toBe(true);
    const box = (nodes: number[]) => ({
      x0: Math.min(...nodes.map((v) => x[v])),
      x1: Math.max(...nodes.map((v) => x[v])),
      y0: Math.min(...nodes.map((v) => y[v])),
      y1: Math.max(...nodes.map((v) => y[v])),
    });
    const big = box([0, 1, 2, 3, 4, 5]);
    for (const v of [6, 7, 8, 9, 10]) {
      const inside = x[v] >= big.x0 && x[v] <= big.x1 && y[v] >= big.y0 && y[v] <= big.y1;
      expect(inside).toBe(false);
    }
  });

  it('labels nodes by id up to 150 nodes, and not beyond unless asked', () => {
    const doc = parse(renderNetworkMap({ graph: star(), title: 'Star' }));
    expect([...doc.querySelectorAll('g.labels text')].map((t) => t.textContent)).toEqual([
      'h',
      'a',
      'b',
      'c',
      'd',
      'e',
      'z',
    ]);
    expect(
      parse(renderNetworkMap({ graph: star(), title: 'Star', labels: 'none' })).querySelector('g.labels'),
    ).toBeNull();
    const nodes = Array.from({ length: 160 }, (_, i) => `v${i}`);
    const ring = compactGraph({
      nodes,
      edges: nodes.map((id, i) => ({ source: id, target: nodes[(i + 1) % nodes.length], weight: 1 })),
    });
    const big = parse(renderNetworkMap({ graph: ring, title: 'Ring' }));
    expect(nodeCircles(big)).toHaveLength(160);
    expect(big.querySelector('g.labels')).toBeNull();
  });

  it('escapes ids and draws empty and one-node graphs', () => {
    const one = compactGraph({ nodes: ['<x&y>'], edges: [] });
    const doc = parse(renderNetworkMap({ graph: one, title: 'One' }));
    expect(doc.querySelector('g.labels text')?.textContent).toBe('<x&y>');
    const empty = compactGraph({ nodes: [], edges: [] });
    expect(nodeCircles(parse(renderNetworkMap({ graph: empty, title: 'None' })))).toHaveLength(0);
  });

  it('rasterises to PNG', () => {
    const png = svgToPng(renderNetworkMap({ graph: scattered(), title: 'PNG' }));
    expect([...png.slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  });
});
