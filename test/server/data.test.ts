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
