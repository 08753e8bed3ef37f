import { beforeAll, expect, it } from 'vitest';
import { type AtalayaApp, createApp } from '../../src/server/app.js';
import { importForecastPanel } from '../forecast/real-panel.js';
import { describeWithData } from '../helpers/shared-data.js';
import { call } from './helpers.js';

/** Routes over the real INEGI municipal homicides (imported into a temporary cache). */
describeWithData('API over real data', () => {
  let app: AtalayaApp;
  beforeAll(() => {
    app = createApp({ home: importForecastPanel().home });
    return () => app.close();
  });

  it('data status lists the imported series', async () => {
    const { json } = await call(app, 'GET', '/api/data/status');
    expect(json.imported).toBe(true);
    expect((json.series as { id: string }[]).map((s) => s.id)).toContain('inegi.homicides');
  });

  it('a series at state level by year; 404 for unknown series and areas', async () => {
    const ok = await call(
      app,
      'GET',
      '/api/series/inegi.homicides?level=state&freq=year&area=25,08&from=2010&to=2012',
    );
    expect(ok.status).toBe(200);
    const rows = ok.json.rows as { area: string; period: string; value: number }[];
    expect(rows.map((r) => `${r.area} ${r.period}`)).toEqual([
      '08 2010',
      '08 2011',
      '08 2012',
      '25 2010',
      '25 2011',
      '25 2012',
    ]);
    expect(rows[0].value).toBeGreaterThan(1000);
    const series = await call(app, 'GET', '/api/series/nope');
    expect(series.status).toBe(404);
    expect(series.json.field).toBe('id');
    const area = await call(app, 'GET', '/api/series/inegi.homicides?level=state&area=99');
    expect(area.status).toBe(404);
    expect(area.json.field).toBe('area');
  });

  it('forecast for two municipalities; unknown area is a 404 naming area', async () => {
    const { status, json } = await call(app, 'GET', '/api/forecast?asOf=2018-12&horizon=2&area=02004,08037');
    expect(status).toBe(200);
    expect((json.forecasts as unknown[]).length).toBe(4);
    const bad = await call(app, 'GET', '/api/forecast?asOf=2018-12&horizon=2&area=99998');
    expect(bad.status).toBe(404);
    expect(bad.json.field).toBe('area');
  });

  it('hot spots without a territory layer', async () => {
    const { status, json } = await call(app, 'GET', '/api/hotspots?asOf=2018-12&top=5&territory=false');
    expect(status).toBe(200);
    expect((json.hotspots as unknown[]).length).toBe(5);
    expect(json.target).toBe('2019-01');
  });

  it('hot spots without a series: the core picks the present (here INEGI), with its title, level and freshness', async () => {
    const { status, json } = await call(app, 'GET', '/api/hotspots?top=3&territory=false');
    expect(status).toBe(200);
    expect(json).toMatchObject({
      series: 'inegi.homicides',
      level: 'municipality',
      asOf: '2019-12',
      target: '2020-01',
      freshness: { dataMonth: '2019-12', stale: true },
    });
    expect(json.title).toMatch(/^Homicides by municipality/);
    const warnings = json.warnings as string[];
    expect(warnings[0]).toMatch(/ends 2019-12, \d+ months before/);
    const all = json.all as { expected: number; p05: number; p95: number }[];
    expect(all.length).toBeGreaterThan(2000);
    // The 90% interval of a count: whole numbers, in order (for a tiny mean, both may be 0).
    for (const r of all) {
      expect(Number.isInteger(r.p05) && Number.isInteger(r.p95)).toBe(true);
      expect(r.p05).toBeLessThanOrEqual(r.p95);
    }
    const largest = all.reduce((a, b) => (b.expected > a.expected ? b : a));
    expect(largest.p05).toBeLessThan(largest.expected);
    expect(largest.p95).toBeGreaterThan(largest.expected);
  });

  it('freshness is measured on every request, also for a memoised answer (ATALAYA_TODAY)', async () => {
    const query = '/api/hotspots?top=3&territory=false';
    const before = await call(app, 'GET', query);
    const saved = process.env.ATALAYA_TODAY;
    process.env.ATALAYA_TODAY = '2020-03-15';
    try {
      const submitted = app.compute.counts.submitted;
      const now = await call(app, 'GET', query);
      // The same fit (memoised), measured against the new today: three months old, no stale warning.
      expect(app.compute.counts.submitted).toBe(submitted);
      expect(now.json.freshness).toEqual({
        dataMonth: '2019-12',
        today: '2020-03',
        monthsOld: 3,
        stale: false,
      });
      expect((now.json.warnings as string[]).some((w) => / ends 2019-12/.test(w))).toBe(false);
      expect(now.json.all).toEqual(before.json.all);
    } finally {
      if (saved === undefined) delete process.env.ATALAYA_TODAY;
      else process.env.ATALAYA_TODAY = saved;
    }
  });

  it('forecast without series or model: the core’s defaults; a level without homicide series says so', async () => {
    const { status, json } = await call(app, 'GET', '/api/forecast?horizon=1&area=08037');
    expect(status).toBe(200);
    expect(json).toMatchObject({ series: 'inegi.homicides', level: 'municipality', asOf: '2019-12' });
    expect(typeof json.model).toBe('string');
    expect((json.forecasts as { t: string }[]).map((f) => f.t)).toEqual(['2020-01']);
    // This cache holds no state-level series: the present of that level does not exist.
    const state = await call(app, 'GET', '/api/hotspots?level=state&top=3&territory=false');
    expect(state.status).toBe(400);
    expect(state.json.error).toMatch(/no state-level homicide series/);
    const bad = await call(app, 'GET', '/api/hotspots?level=county');
    expect(bad.status).toBe(400);
    expect(bad.json.field).toBe('level');
  });

  it('fits on the compute worker: the server answers meanwhile, and one fit serves concurrent requests', async () => {
    const order: string[] = [];
    const query = '/api/hotspots?asOf=2017-12&top=3&territory=false';
    const fits = [call(app, 'GET', query), call(app, 'GET', query)].map((p) =>
      p.then((r) => {
        order.push('hotspots');
        return r;
      }),
    );
    const before = app.compute.counts.submitted;
    const health = await call(app, 'GET', '/api/health');
    order.push('health');
    expect(health.status).toBe(200);
    const [a, b] = await Promise.all(fits);
    // The health check, asked after the fits, was answered before either (the fit takes seconds).
    expect(order).toEqual(['health', 'hotspots', 'hotspots']);
    expect(a.json).toEqual(b.json);
    expect(a.json.target).toBe('2018-01');
    expect(app.compute.counts.submitted - before).toBeLessThanOrEqual(1);
  });
});
