import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compactGraph } from '../../src/network/graph.js';
import { parseNetwork } from '../../src/network/load.js';
import { structuralRoles } from '../../src/network/roles.js';
import { layoutNetwork } from '../../src/report/network-map.js';
import { createApp } from '../../src/server/app.js';
import { describeWithData, sharedPath } from '../helpers/shared-data.js';
import { call } from './helpers.js';

/**
 * What the dashboard's Networks page asks of the server: `layout: true` on /api/network/describe (roles,
 * positions and ties, the same as the core and the SVG reports compute) and the removal order in
 * /api/network/disrupt (`removedIds`), so that the browser draws and steps without recomputing anything.
 */
const home = mkdtempSync(join(tmpdir(), 'atalaya-server-network-'));
const app = createApp({ home });
afterAll(() => app.close());

/** Two triangles joined by a bridge 3–4, and an isolated pair. */
const EDGES = 'source,target\n1,2\n2,3\n3,1\n3,4\n4,5\n5,6\n6,4\n7,8\n';

interface Layout {
  roles: string[];
  x: number[];
  y: number[];
  edges: [number, number][];
}

describe('POST /api/network/describe with layout', () => {
  it('adds roles, positions and ties by node index, as the core computes them', async () => {
    const res = await call(app, 'POST', '/api/network/describe', {
      text: EDGES,
      name: 'two.csv',
      layout: true,
    });
    expect(res.status).toBe(200);
    const layout = res.json.layout as Layout;
    const nodes = res.json.nodes as { id: string }[];
    const g = compactGraph(parseNetwork(EDGES, 'two.csv'));
    expect(nodes.map((d) => d.id)).toEqual(g.ids);
    expect(layout.roles).toEqual(structuralRoles(g).roles);
    const { x, y } = layoutNetwork(g, 1);
    for (let i = 0; i < g.n; i++) {
      expect(layout.x[i]).toBeCloseTo(x[i], 3);
      expect(layout.y[i]).toBeCloseTo(y[i], 3);
    }
    expect(layout.edges).toHaveLength(res.json.m as number);
    const pairs = layout.edges.map(([a, b]) => [g.ids[a], g.ids[b]].sort().join('-')).sort();
    expect(pairs).toEqual(['1-2', '1-3', '2-3', '3-4', '4-5', '4-6', '5-6', '7-8']);
    for (const [a, b] of layout.edges) expect(a).toBeLessThan(b);
  });

  it('is left out unless asked for, and follows the seed', async () => {
    const plain = await call(app, 'POST', '/api/network/describe', { text: EDGES });
    expect(plain.json.layout).toBeUndefined();
    const one = (await call(app, 'POST', '/api/network/describe', { text: EDGES, layout: true })).json;
    const again = (await call(app, 'POST', '/api/network/describe', { text: EDGES, layout: true })).json;
    expect(again.layout).toEqual(one.layout);
    const other = (await call(app, 'POST', '/api/network/describe', { text: EDGES, layout: true, seed: 7 }))
      .json;
    expect((other.layout as Layout).roles).toEqual((one.layout as Layout).roles);
    expect((other.layout as Layout).x).not.toEqual((one.layout as Layout).x);
    const bad = await call(app, 'POST', '/api/network/describe', { text: EDGES, layout: 'yes' });
    expect(bad.status).toBe(400);
    expect(bad.json.field).toBe('layout');
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await call(app, 'GET', '/api/openapi.json')).json as {
      paths: Record<string, Record<string, { requestBody?: unknown }>>;
    };
    expect(JSON.stringify(doc.paths['/api/network/describe'].post.requestBody)).toContain('"layout"');
  });
});

describe('POST /api/network/disrupt lists the removal order', () => {
  it('names the members removed at each step; random strategies name none', async () => {
    const res = await call(app, 'POST', '/api/network/disrupt', {
      text: EDGES,
      strategies: ['betweenness', 'random'],
      draws: 20,
    });
    const [byBetweenness, random] = res.json.results as {
      steps: { removed: number; removedIds: string[] }[];
    }[];
    expect(byBetweenness.steps[0].removedIds).toEqual([]);
    const order = byBetweenness.steps.flatMap((s) => s.removedIds);
    // 3 and 4 carry every path between the triangles; 3 comes first in the file. Once it is gone no member
    // lies on a shortest path, and the rest go in file order.
    expect(order).toEqual(['3', '1', '2', '4', '5', '6', '7', '8']);
    expect(byBetweenness.steps.map((s) => s.removed)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(random.steps.every((s) => s.removedIds.length === 0)).toBe(true);
  });
});

describeWithData('layout of a real network (Montagna meetings)', () => {
  it('places every member and tie, with the published size', async () => {
    const text = readFileSync(sharedPath('networks', 'montagna', 'Montagna_meetings_edgelist.csv'), 'utf8');
    const res = await call(app, 'POST', '/api/network/describe', {
      text,
      name: 'meetings.csv',
      layout: true,
    });
    const layout = res.json.layout as Layout;
    // Cavallaro et al. (2020): 101 members, 256 ties.
    expect(layout.x).toHaveLength(101);
    expect(layout.edges).toHaveLength(256);
    expect([...layout.x, ...layout.y].every(Number.isFinite)).toBe(true);
    expect(layout.roles.filter((r) => r === 'leader')).toHaveLength(5);
  });
});
