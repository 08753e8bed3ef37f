import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { checkBinding, listen } from '../../src/server/listen.js';
import { call } from './helpers.js';

const home = mkdtempSync(join(tmpdir(), 'atalaya-server-empty-'));
const app = createApp({ home, limits: { maxBodyBytes: 64 * 1024 } });
afterAll(() => app.close());

const EDGES = 'source,target\n1,2\n2,3\n3,4\n4,1\n4,5\n5,6\n';

describe('API: validation names the field', () => {
  it('query parameters out of range or unknown', async () => {
    const h = await call(app, 'GET', '/api/forecast?horizon=13');
    expect(h.status).toBe(400);
    expect(h.json.field).toBe('horizon');
    const m = await call(app, 'GET', '/api/hotspots?model=magic');
    expect(m.status).toBe(400);
    expect(m.json.field).toBe('model');
    const extra = await call(app, 'GET', '/api/forecast?horizn=3');
    expect(extra.status).toBe(400);
    expect(extra.json.error).toMatch(/horizn/);
    const area = await call(app, 'GET', '/api/series/inegi.homicides?area=abc');
    expect(area.status).toBe(400);
    expect(area.json.field).toBe('area');
  });

  it('run requests: too many runs, bad scenario fields, unknown presets, duplicates, baseline', async () => {
    const runs = await call(app, 'POST', '/api/runs', { scenarios: ['status-quo'], runs: 2001 });
    expect(runs.status).toBe(400);
    expect(runs.json.field).toBe('runs');
    const bad = await call(app, 'POST', '/api/runs', {
      scenarios: ['status-quo', { id: 'x', title: 'X', policies: [{ lever: 'mediation', intensity: 9 }] }],
    });
    expect(bad.status).toBe(400);
    expect(bad.json.field).toBe('scenarios.1.policies.0.intensity');
    const unknown = await call(app, 'POST', '/api/runs', { scenarios: ['no-such-preset'] });
    expect(unknown.status).toBe(400);
    expect(unknown.json.field).toBe('scenarios.0');
    expect(unknown.json.error).toMatch(/unknown preset/);
    const twice = await call(app, 'POST', '/api/runs', { scenarios: ['status-quo', 'status-quo'] });
    expect(twice.json.field).toBe('scenarios');
    const baseline = await call(app, 'POST', '/api/runs', { scenarios: ['status-quo'], baseline: 'x' });
    expect(baseline.json.field).toBe('baseline');
    const many = await call(app, 'POST', '/api/runs', { scenarios: Array(21).fill('status-quo') });
    expect(many.json.field).toBe('scenarios');
    const extra = await call(app, 'POST', '/api/runs', { scenarios: ['status-quo'], threads: 64 });
    expect(extra.status).toBe(400);
    expect(extra.json.error).toMatch(/threads/);
    expect(app.runs.counts.submitted).toBe(0);
  });

  it('refuses bodies that are not JSON, and bodies too large', async () => {
    const res = await app.request('/api/scenarios/validate', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{}',
    });
    expect(res.status).toBe(415);
    const big = await call(app, 'POST', '/api/network/describe', { text: 'x'.repeat(100 * 1024) });
    expect(big.status).toBe(413);
  });
});

describe('API: scenarios and the model', () => {
  it('lists presets and shows one; 404 for an unknown one', async () => {
    const list = await call(app, 'GET', '/api/scenarios');
    const ids = (list.json.scenarios as { id: string }[]).map((s) => s.id);
    expect(ids).toContain('status-quo');
    const one = await call(app, 'GET', '/api/scenarios/kingpin-targeting');
    expect(one.json.id).toBe('kingpin-targeting');
    expect(one.json.years).toBe(10);
    const none = await call(app, 'GET', '/api/scenarios/nope');
    expect(none.status).toBe(404);
    expect(none.json.field).toBe('id');
  });

  it('validates a scenario object: extends resolved, errors at their field', async () => {
    const ok = await call(app, 'POST', '/api/scenarios/validate', {
      id: 'my-plan',
      extends: 'status-quo',
      policies: [{ lever: 'mediation', intensity: 0.8 }],
    });
    expect(ok.status).toBe(200);
    expect((ok.json.scenario as { title: string }).title).toBeTruthy();
    const bad = await call(app, 'POST', '/api/scenarios/validate', { id: 'Bad Id', title: 'x', years: 99 });
    expect(bad.status).toBe(400);
    const fields = (bad.json.issues as { field: string }[]).map((i) => i.field);
    expect(fields).toEqual(expect.arrayContaining(['id', 'years']));
    const lever = await call(app, 'POST', '/api/scenarios/validate', {
      id: 'x',
      title: 'x',
      policies: [{ lever: 'nope' }],
    });
    expect(lever.json.field).toBe('policies.0.lever');
  });

  it('levers and params', async () => {
    expect(((await call(app, 'GET', '/api/levers')).json.levers as unknown[]).length).toBeGreaterThan(5);
    expect(((await call(app, 'GET', '/api/params')).json.params as unknown[]).length).toBeGreaterThan(5);
  });
});

describe('API: errors and 404s', () => {
  it('unknown routes and runs', async () => {
    expect((await call(app, 'GET', '/api/nothing')).status).toBe(404);
    const run = await call(app, 'GET', '/api/runs/0123456789abcdef');
    expect(run.status).toBe(404);
    expect(run.json.field).toBe('id');
    expect((await call(app, 'DELETE', '/api/runs/0123456789abcdef')).status).toBe(404);
    expect((await call(app, 'GET', '/api/runs/not-an-id')).json.field).toBe('id');
  });

  it('data routes without imported data: 409 with a hint; status says so', async () => {
    const status = await call(app, 'GET', '/api/data/status');
    expect(status.json.imported).toBe(false);
    const series = await call(app, 'GET', '/api/series/inegi.homicides');
    expect(series.status).toBe(409);
    expect(series.json.error).toMatch(/data import/);
  });
});

describe('API: networks sent as text', () => {
  it('describes and disrupts', async () => {
    const d = await call(app, 'POST', '/api/network/describe', { text: EDGES, name: 'ring.csv' });
    expect(d.status).toBe(200);
    expect(d.json.n).toBe(6);
    expect(d.json.m).toBe(6);
    const r = await call(app, 'POST', '/api/network/disrupt', {
      text: EDGES,
      strategies: ['degree', 'random'],
      draws: 10,
    });
    expect(r.status).toBe(200);
    const results = r.json.results as { strategy: string; steps: unknown[] }[];
    expect(results.map((x) => x.strategy)).toEqual(['degree', 'random']);
    expect(results[0].steps.length).toBeGreaterThan(1);
  });

  it('names the field at fault', async () => {
    const strategy = await call(app, 'POST', '/api/network/disrupt', { text: EDGES, strategies: ['magic'] });
    expect(strategy.status).toBe(400);
    expect(strategy.json.field).toBe('strategies');
    const draws = await call(app, 'POST', '/api/network/disrupt', { text: EDGES, draws: 1_000_000 });
    expect(draws.json.field).toBe('draws');
    const empty = await call(app, 'POST', '/api/network/describe', { text: '' });
    expect(empty.json.field).toBe('text');
    const garbage = await call(app, 'POST', '/api/network/describe', { text: 'a\n', format: 'pajek' });
    expect(garbage.status).toBe(422);
  });
});

describe('API: OpenAPI document', () => {
  it('lists every route with its parameters and body schemas', async () => {
    const res = await call(app, 'GET', '/api/openapi.json');
    const doc = res.json as {
      openapi: string;
      paths: Record<
        string,
        Record<string, { parameters: { name: string; in: string }[]; requestBody?: unknown }>
      >;
      components: { schemas: Record<string, unknown> };
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(app.routes.length).toBeGreaterThanOrEqual(17);
    for (const r of app.routes) {
      const op = doc.paths[r.path]?.[r.method];
      expect(op, `${r.method} ${r.path}`).toBeDefined();
      const names = op.parameters.map((p) => p.name).sort();
      const expected = [...Object.keys(r.params?.shape ?? {}), ...Object.keys(r.query?.shape ?? {})].sort();
      expect(names, r.path).toEqual(expected);
      expect(!!op.requestBody, r.path).toBe(!!r.body);
    }
    const horizon = doc.paths['/api/forecast'].get.parameters.find(
      (p) => p.name === 'horizon',
    ) as unknown as {
      schema: { maximum: number };
    };
    expect(horizon.schema.maximum).toBe(12);
    expect(doc.components.schemas.Scenario).toBeDefined();
    expect(JSON.stringify(doc.paths['/api/runs'].post.requestBody)).toContain(
      '#/components/schemas/Scenario',
    );
  });
});

describe('security', () => {
  it('answers only requests addressed to loopback when there is no token', async () => {
    const res = await app.request('http://evil.example/api/health');
    expect(res.status).toBe(403);
  });

  it('with a token, every /api request needs it', async () => {
    const guarded = createApp({ home, token: 'a-long-enough-test-token' });
    expect((await call(guarded, 'GET', '/api/health')).status).toBe(401);
    const wrong = await call(guarded, 'GET', '/api/health', undefined, { authorization: 'Bearer nope' });
    expect(wrong.status).toBe(401);
    const ok = await call(guarded, 'GET', '/api/health', undefined, {
      authorization: 'Bearer a-long-enough-test-token',
    });
    expect(ok.status).toBe(200);
    await guarded.close();
  });

  it('refuses to bind beyond loopback without --allow-remote and a token', async () => {
    expect(() => checkBinding('0.0.0.0', {})).toThrow(/--allow-remote and a token/);
    expect(() => checkBinding('0.0.0.0', { allowRemote: true })).toThrow(/token/);
    expect(() => checkBinding('0.0.0.0', { token: 'a-long-enough-test-token' })).toThrow(/--allow-remote/);
    expect(() => checkBinding('192.168.1.5', { allowRemote: true, token: 'short' })).toThrow(/16 characters/);
    expect(() =>
      checkBinding('0.0.0.0', { allowRemote: true, token: 'a-long-enough-test-token' }),
    ).not.toThrow();
    expect(() => checkBinding('127.0.0.1', {})).not.toThrow();
    expect(() => checkBinding('::1', {})).not.toThrow();
    await expect(listen({ host: '0.0.0.0', port: 0, home })).rejects.toThrow(/refusing to listen/);
  });
});
