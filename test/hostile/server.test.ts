import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';

/**
 * A hostile or careless client against the whole server: every case must get a 4xx naming what is wrong,
 * and after every case the server must still answer its health check, with Object.prototype untouched.
 * The fuzzing below sends generated bodies, paths and queries to every route the app declares.
 */
const home = mkdtempSync(join(tmpdir(), 'atalaya-hostile-server-'));
// Small bounds keep a body the fuzzer happens to make valid (a real run, a real network) cheap.
const app = createApp({
  home,
  limits: { maxBodyBytes: 256 * 1024, maxRunsPerRequest: 4, maxNetworkNodes: 200, computeTimeoutMs: 20_000 },
});
afterAll(() => app.close());

interface Answer {
  status: number;
  body: { error?: string; field?: string };
}

async function send(method: string, path: string, body?: string, type = 'application/json'): Promise<Answer> {
  const res = await app.request(`http://localhost${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': type },
    body,
  });
  const text = await res.text();
  let parsed: Answer['body'] = {};
  try {
    parsed = JSON.parse(text) as Answer['body'];
  } catch {
    // Static files and event streams are not JSON; their status is what the checks read.
  }
  return { status: res.status, body: parsed };
}

const post = (path: string, body: unknown) => send('POST', path, JSON.stringify(body));

async function expectAlive(): Promise<void> {
  const health = await send('GET', '/api/health');
  expect(health.status).toBe(200);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.keys(Object.prototype)).toEqual([]);
}

afterEach(async () => {
  await expectAlive();
});

describe('hostile bodies: a clear 4xx, and the server keeps answering', () => {
  it('prototype pollution through --set paths is refused, naming the path', async () => {
    for (const set of [
      '__proto__.polluted=1',
      'constructor.prototype.polluted=1',
      'policies.0.__proto__.polluted=1',
      'parameters.__proto__=1',
    ]) {
      const a = await post('/api/runs', { scenarios: ['kingpin-targeting'], runs: 1, set: [set] });
      expect(a.status, set).toBe(400);
      expect(a.body.error).toMatch(/is not a field of a scenario/);
      expect(a.body.field).toBe('scenarios.0');
    }
    expect(app.runs.counts.submitted).toBe(0);
  });

  it('prototype keys inside scenario objects are unknown fields, not assignments', async () => {
    const raw = '{"id":"x","title":"X","__proto__":{"polluted":1},"parameters":{"__proto__":{"polluted":1}}}';
    const a = await send('POST', '/api/scenarios/validate', raw);
    expect(a.status).toBe(400);
    const b = await send('POST', '/api/runs', `{"scenarios":[${raw}],"runs":1}`);
    expect(b.status).toBe(400);
  });

  it('JSON nested 10,000 levels deep is refused before anything recurses into it', async () => {
    const deepObject = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
    const deepArray = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    for (const path of ['/api/runs', '/api/scenarios/validate', '/api/network/describe']) {
      for (const body of [deepObject, deepArray, `{"scenarios":[${deepObject}]}`]) {
        const a = await send('POST', path, body);
        expect(a.status, path).toBe(400);
        expect(a.body.error).toMatch(/nests 10001 levels deep|nests 10000 levels deep|nests 10002/);
      }
    }
  });

  it('a network whose header declares two billion members (DL, Pajek) is refused without allocating', async () => {
    const bombs = [
      { text: 'DL N=2000000000\nFORMAT=FULLMATRIX\nDATA:\n0 1\n1 0\n', name: 'x.dl' },
      { text: '*Vertices 2000000000\n*Edges\n1 2\n', name: 'x.net' },
    ];
    for (const body of bombs) {
      const a = await post('/api/network/describe', body);
      expect([413, 422], body.name).toContain(a.status);
      expect(a.body.error).toMatch(/x\.(dl|net)/);
      expect(a.body.error).toMatch(/2000000000|members/);
    }
  });

  it('malformed GraphML and entity bombs: 422 naming the file', async () => {
    const laughs = [
      '<?xml version="1.0"?>',
      '<!DOCTYPE lolz [<!ENTITY lol "lol">',
      ...Array.from(
        { length: 9 },
        (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`,
      ),
      ']>',
      '<graphml><graph edgedefault="undirected"><node id="&lol9;"/></graph></graphml>',
    ].join('\n');
    for (const text of [
      '<graphml><graph><node id="1"><edge source="1"',
      '<?xml version="1.0"?><graphml><graph edgedefault="undirected"><edge source="a"/></graph></graphml>',
      '<?xml version="1.0"?><graphml><graph edgedefault="undirected"><node/></graph></graphml>',
    ]) {
      const a = await post('/api/network/describe', { text, name: 'hostile.graphml' });
      expect(a.status, text.slice(0, 60)).toBe(422);
      expect(a.body.error).toMatch(/hostile\.graphml/);
    }
    // Entities are never expanded: neither a billion laughs nor a file on the server's disk.
    const xxe =
      '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><graphml><graph><node id="&e;"/></graph></graphml>';
    for (const text of [laughs, xxe]) {
      const res = await app.request('http://localhost/api/network/describe', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text, name: 'hostile.graphml' }),
      });
      const answer = await res.text();
      expect([200, 422]).toContain(res.status);
      expect(answer).not.toMatch(/root:|lollollol/);
      expect(answer.length).toBeLessThan(20_000);
    }
  });

  it('an overlong percent-escape in a static path is a 400, not a 500', async () => {
    for (const path of ['/%c0%ae', '/%c0%ae%c0%ae/index.html', '/%E0%A4%A', '/assets/%ff.js']) {
      const a = await send('GET', path);
      expect(a.status, path).toBe(400);
      expect(a.body.field).toBe('path');
    }
  });

  it('paths that try to leave the dashboard folder stay inside it', async () => {
    for (const path of [
      '/..%2f..%2fpackage.json',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/assets/..%5c..%5cpackage.json',
    ]) {
      const a = await send('GET', path);
      expect(a.status, path).toBeGreaterThanOrEqual(400);
      expect(a.status, path).toBeLessThan(500);
    }
  });

  it('bodies that are not JSON objects, not JSON at all, or sent as forms', async () => {
    expect((await send('POST', '/api/runs', 'null')).status).toBe(400);
    expect((await send('POST', '/api/runs', '"status-quo"')).status).toBe(400);
    expect((await send('POST', '/api/runs', '{"scenarios":')).status).toBe(400);
    expect(
      (await send('POST', '/api/runs', 'scenarios=status-quo', 'application/x-www-form-urlencoded')).status,
    ).toBe(415);
    expect((await send('POST', '/api/runs', '\u0000\u0001\u0002', 'application/json')).status).toBe(400);
  });
});

/** Every route the server declares, with its path parameters filled from `fill`. */
function routePaths(method: string, fill: string): string[] {
  return app.routes.filter((r) => r.method === method).map((r) => r.path.replace(/\{\w+\}/g, fill));
}

describe('fuzzing every route (fast-check, fixed seed)', () => {
  const FUZZ = { seed: 20261203, numRuns: 300 };

  it('POST bodies: any JSON value gets an answer below 500', async () => {
    const paths = routePaths('post', 'x');
    const scenarioish = fc.record(
      {
        scenarios: fc.array(
          fc.oneof(fc.constantFrom('status-quo', 'kingpin-targeting', 'nope'), fc.object()),
          {
            maxLength: 3,
          },
        ),
        runs: fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double()),
        set: fc.array(
          fc
            .tuple(
              fc.constantFrom('years', 'policies.0.intensity', '__proto__.x', 'parameters.rho', 'a.b.c', ''),
              fc.string(),
            )
            .map(([p, v]) => `${p}=${v}`),
          { maxLength: 3 },
        ),
        text: fc.string({ maxLength: 200 }),
        name: fc.constantFrom('a.csv', 'a.dl', 'a.net', 'a.graphml', '../../etc/passwd'),
        strategies: fc.array(fc.string({ maxLength: 12 }), { maxLength: 3 }),
        id: fc.string({ maxLength: 10 }),
        title: fc.string({ maxLength: 10 }),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...paths),
        fc.oneof(fc.jsonValue({ maxDepth: 4 }), scenarioish),
        async (path, body) => {
          const a = await post(path, body);
          expect(a.status, `${path} ${JSON.stringify(body).slice(0, 200)}`).toBeLessThan(500);
          if (a.status >= 400) expect(typeof a.body.error).toBe('string');
          await expectAlive();
        },
      ),
      FUZZ,
    );
  });

  it('POST bodies: arbitrary text sent as JSON gets a 400', async () => {
    const paths = routePaths('post', 'x');
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), fc.string({ maxLength: 300 }), async (path, text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        const a = await send('POST', path, text);
        expect(a.status).toBeLessThan(500);
        if (!valid) expect(a.status).toBe(400);
        await expectAlive();
      }),
      FUZZ,
    );
  });

  it('GET routes: arbitrary path parameters and query strings get an answer below 500', async () => {
    const segment = fc.oneof(
      fc.string({ maxLength: 20 }).map(encodeURIComponent),
      fc.constantFrom('%c0%ae', '%ff', '..', '%2e%2e', '__proto__', 'constructor', 'inegi.homicides'),
    );
    const query = fc.dictionary(
      fc.constantFrom('series', 'area', 'horizon', 'month', 'level', 'model', 'from', 'to', '__proto__', 'x'),
      fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('-1', '1e309', 'NaN', '2026-13', '%ff')),
      { maxKeys: 3 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...app.routes.filter((r) => r.method === 'get').map((r) => r.path)),
        segment,
        query,
        async (template, param, q) => {
          const path = template.replace(/\{\w+\}/g, param);
          const qs = Object.entries(q)
            .map(([k, v]) => `${k}=${/%/.test(v) ? v : encodeURIComponent(v)}`)
            .join('&');
          // Event streams stay open; only their first answer (status) is read, and they are refused here.
          if (template.endsWith('/events')) return;
          const a = await send('GET', qs ? `${path}?${qs}` : path);
          expect(a.status, `${path}?${qs}`).toBeLessThan(500);
          await expectAlive();
        },
      ),
      FUZZ,
    );
  });
});
