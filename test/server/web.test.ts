import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/data/locate.js';
import type { ProjectedAreas } from '../../src/report/map-geometry-types.js';
import { type AtalayaApp, createApp } from '../../src/server/app.js';
import { importForecastPanel } from '../forecast/real-panel.js';
import { describeWithData } from '../helpers/shared-data.js';
import { call } from './helpers.js';

/** The dashboard's files at `/` and the boundaries at /api/geometry/{level}. */
const BUILT = join(packageRoot(), 'dist', 'web');

describe('the built dashboard (dist/web, from `npm run build`)', () => {
  let app: AtalayaApp;
  beforeAll(() => {
    app = createApp({ home: mkdtempSync(join(tmpdir(), 'atalaya-web-home-')) });
    return () => app.close();
  });

  it('is built', () => {
    expect(existsSync(join(BUILT, 'index.html')), 'run `npm run build` first').toBe(true);
  });

  it('serves index.html at / with a policy that keeps the page on this server', async () => {
    const res = await app.request('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toContain("connect-src 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await res.text();
    expect(html).toContain('<main id="page">');
    expect(html).not.toMatch(/(src|href)="https?:/);
  });

  it('serves the script and stylesheet index.html names, with their content types', async () => {
    const html = readFileSync(join(BUILT, 'index.html'), 'utf8');
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    const style = /href="(\/assets\/[^"]+\.css)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    expect(style).toBeDefined();
    const js = await app.request(script!);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await js.text()).length).toBeGreaterThan(1000);
    const css = await app.request(style!);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('keeps the host check for pages too', async () => {
    const res = await app.request('http://evil.example/');
    expect(res.status).toBe(403);
  });
});

describe('static files: only what is inside the web folder', () => {
  let app: AtalayaApp;
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'atalaya-web-'));
    const web = join(root, 'web');
    mkdirSync(join(web, 'assets'), { recursive: true });
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>t</title>');
    writeFileSync(join(web, 'assets', 'a.svg'), '<svg/>');
    writeFileSync(join(web, 'assets', 'notes.xyz'), 'x');
    writeFileSync(join(root, 'secret.txt'), 'TOP-SECRET-CONTENT');
    app = createApp({ home: join(root, 'home'), webDir: web });
    return () => app.close();
  });

  it('answers known types, 404 for unknown ones, missing files and escapes', async () => {
    expect((await app.request('/assets/a.svg')).headers.get('content-type')).toBe('image/svg+xml');
    expect((await app.request('/assets/notes.xyz')).status).toBe(404);
    expect((await app.request('/assets/missing.js')).status).toBe(404);
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const res = await app.request(path);
      expect(res.status, path).toBe(404);
      expect(await res.text()).not.toContain('TOP-SECRET-CONTENT');
    }
  });

  it('unknown /api routes stay JSON 404s', async () => {
    const { status, json } = await call(app, 'GET', '/api/nope');
    expect(status).toBe(404);
    expect(json.error).toMatch(/no route GET \/api\/nope/);
  });

  it('says how to build the dashboard when it is not built', async () => {
    const bare = createApp({ home: join(root, 'home'), webDir: join(root, 'absent') });
    const { status, json } = await call(bare, 'GET', '/');
    expect(status).toBe(404);
    expect(json.error).toMatch(/npm run build/);
    await bare.close();
  });
});

describe('GET /api/geometry/{level} without data', () => {
  let app: AtalayaApp;
  afterAll(() => app.close());

  it('is in the OpenAPI document; 400 for an unknown level; 409 before any import', async () => {
    app = createApp({ home: mkdtempSync(join(tmpdir(), 'atalaya-geo-home-')) });
    const doc = (await call(app, 'GET', '/api/openapi.json')).json as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toContain('/api/geometry/{level}');
    const bad = await call(app, 'GET', '/api/geometry/county');
    expect(bad.status).toBe(400);
    expect(bad.json.field).toBe('level');
    expect((await call(app, 'GET', '/api/geometry/municipality')).status).toBe(409);
  });
});

describeWithData('GET /api/geometry/{level} over the imported municipal TopoJSON', () => {
  let app: AtalayaApp;
  beforeAll(() => {
    app = createApp({ home: importForecastPanel().home });
    return () => app.close();
  });

  it('answers the municipal topology; 404 naming the level when a level was not imported', async () => {
    const { status, json } = await call(app, 'GET', '/api/geometry/municipality');
    expect(status).toBe(200);
    expect(json.type).toBe('Topology');
    const objects = Object.values(json.objects as Record<string, { geometries: unknown[] }>);
    expect(objects[0].geometries.length).toBeGreaterThan(2400);
    const state = await call(app, 'GET', '/api/geometry/state');
    expect(state.status).toBe(404);
    expect(state.json.field).toBe('level');
    expect(state.json.error).toMatch(/atalaya data import/);
  });

  it('projects the municipalities for the map: path data and bounds in place, state borders merged', async () => {
    const { status, json } = await call(app, 'GET', '/api/geometry/municipality/paths');
    expect(status).toBe(200);
    const map = json as unknown as ProjectedAreas;
    expect(map.width).toBe(960);
    // Mexico is wider than tall in this projection (about 1.5:1).
    expect(map.height / map.width).toBeGreaterThan(0.6);
    expect(map.height / map.width).toBeLessThan(0.75);
    expect(map.areas.length).toBeGreaterThan(2400);
    const at = (code: string) => {
      const [x0, y0, x1, y1] = map.areas.find((a) => a.code === code)!.bounds;
      return { x: (x0 + x1) / 2, y: (y0 + y1) / 2 };
    };
    for (const a of map.areas) {
      const [x0, y0, x1, y1] = a.bounds;
      expect(
        x0 >= 0 && y0 >= 0 && x1 <= map.width + 0.1 && y1 <= map.height + 0.1 && x0 <= x1 && y0 <= y1,
      ).toBe(true);
      expect(a.d).toMatch(/^M[\d.]+,[\d.]+/);
    }
    // Tijuana (02004) in the far north-west, Juárez (08037) on the northern border further east, Mérida
    // (31050) in the south-east: geography, not the code's own output.
    const [tijuana, juarez, merida] = [at('02004'), at('08037'), at('31050')];
    expect(tijuana.x).toBeLessThan(map.width * 0.1);
    expect(tijuana.y).toBeLessThan(map.height * 0.1);
    expect(juarez.x).toBeGreaterThan(tijuana.x);
    expect(juarez.y).toBeLessThan(map.height * 0.2);
    expect(merida.x).toBeGreaterThan(map.width * 0.8);
    expect(merida.y).toBeGreaterThan(map.height * 0.5);
    // Without state boundaries imported, the borders are merged from the municipal codes.
    expect(map.borders?.length).toBeGreaterThan(1000);
    const small = await call(app, 'GET', '/api/geometry/municipality/paths?width=5');
    expect(small.status).toBe(400);
    expect(small.json.field).toBe('width');
    expect((await call(app, 'GET', '/api/geometry/state/paths')).status).toBe(404);
  });
});
