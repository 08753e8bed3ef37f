import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Panel } from '../../src/data/panel/panel.js';
import { type TrendsResult, trends } from '../../src/forecast/trends.js';
import { type AtalayaApp, createApp } from '../../src/server/app.js';
import { importTrendsPanel } from '../fixtures/trends/panel.js';
import { golden } from '../helpers/golden.js';
import { runAtalaya } from '../helpers/run-main.js';
import { describeWithData } from '../helpers/shared-data.js';
import { call } from '../server/helpers.js';

/**
 * `trends`, `atalaya trends` and GET /api/trends on the real SESNSP series (state victims 2015-01..2025-06,
 * municipal carpetas 2024-01..2025-06, release 2025-06): the figures docs/TRENDS.md reports, the totals
 * against the raw panel, the output shapes, the terminal table (golden), and the errors.
 */
const TODAY = '2026-12';
const VICTIMS = 'sesnsp.victims.homicidio-doloso';
const CARPETAS = 'sesnsp.incidence-municipal.homicidio-doloso';

describeWithData('trends on the real SESNSP homicide series', () => {
  let home: string;
  let panel: Panel;
  let states: TrendsResult;
  let municipalities: TrendsResult;
  const savedToday = process.env.ATALAYA_TODAY;

  beforeAll(() => {
    process.env.ATALAYA_TODAY = TODAY;
    const loaded = importTrendsPanel();
    home = loaded.home;
    panel = loaded.panel;
    states = trends(panel, { level: 'state' });
    municipalities = trends(panel);
  }, 180_000);

  afterAll(() => {
    if (savedToday === undefined) delete process.env.ATALAYA_TODAY;
    else process.env.ATALAYA_TODAY = savedToday;
  });

  it('states: the newest SESNSP victims, 36 months to 2025-06, its own month effects', () => {
    expect(states).toMatchObject({
      series: VICTIMS,
      vintage: '2025-06',
      level: 'state',
      asOf: '2025-06',
      window: { from: '2022-07', to: '2025-06', months: 36 },
      confidence: 0.9,
      freshness: { dataMonth: '2025-06', today: TODAY, monthsOld: 18, stale: true },
      seasonality: { source: 'own', from: '2015-07', to: '2025-06' },
    });
    expect(states.areas).toHaveLength(32);
    expect(states.warnings[0]).toMatch(/ends 2025-06, 18 months before 2026-12/);
    expect(states.warnings.some((w) => w.includes('provisional (2025-05, 2025-06)'))).toBe(true);
  });

  it('states: eight falling, none rising (the figures of docs/TRENDS.md)', () => {
    expect(states.counts).toMatchObject({ rising: 0, falling: 8, flat: 24, tooFewEvents: 0 });
    const falling = states.areas.filter((a) => a.flag === 'falling').map((a) => a.area);
    expect(falling.sort()).toEqual(['05', '08', '14', '15', '23', '24', '28', '32']);
    const qroo = states.areas.find((a) => a.area === '23')!;
    expect(qroo.name).toBe('Quintana Roo');
    expect(qroo.trend!.perYear).toBeCloseTo(-0.78, 2);
  });

  it('states: totals and the newest month straight from the panel', () => {
    const s = panel.get(VICTIMS, { level: 'state' });
    const end = s.months - 1;
    for (const a of states.areas) {
      const k = s.areas.indexOf(a.area);
      let total = 0;
      for (let t = end - 35; t <= end; t++) total += s.values[k * s.months + t];
      expect(a.total).toBe(total);
      expect(a.last).toBe(s.values[k * s.months + end]);
      expect(a.meanPerMonth).toBeCloseTo(total / 36, 10);
    }
  });

  it('states: the newest month against the forecast from 2025-05', () => {
    expect(states.anomalies).toMatchObject({
      month: '2025-06',
      origin: '2025-05',
      available: true,
      interval: 0.95,
    });
    for (const a of states.areas) {
      expect(a.anomaly).not.toBeNull();
      expect(a.anomaly!.low).toBeLessThanOrEqual(a.anomaly!.high);
    }
    // Sinaloa (the war in Culiacán since September 2024): 207 victims against about 134 expected.
    expect(states.areas.find((a) => a.area === '25')!.anomaly).toMatchObject({
      flag: 'above',
      observed: 207,
    });
  });

  it('municipalities: the SESNSP carpetas by default, 18 months, month effects borrowed from the victims', () => {
    expect(municipalities).toMatchObject({
      series: CARPETAS,
      level: 'municipality',
      asOf: '2025-06',
      window: { from: '2024-01', to: '2025-06', months: 18 },
      seasonality: { source: 'borrowed', series: VICTIMS, vintage: '2025-06' },
    });
    expect(municipalities.areas).toHaveLength(2470);
    expect(municipalities.counts).toMatchObject({ rising: 7, falling: 32, flat: 141, tooFewEvents: 2290 });
    const flag = (code: string) => municipalities.areas.find((a) => a.area === code)!.flag;
    expect(flag('26018')).toBe('rising'); // Cajeme
    expect(flag('25012')).toBe('rising'); // Mazatlán
    expect(flag('02004')).toBe('falling'); // Tijuana
    expect(flag('08037')).toBe('falling'); // Juárez
    for (const a of municipalities.areas) {
      if (a.flag === 'too-few-events') expect(a.meanPerMonth).toBeLessThan(2);
      else expect(a.trend!.low).toBeLessThan(a.trend!.high);
    }
  });

  it('municipalities: anomalies from the forecast module’s model for a short series', () => {
    expect(municipalities.anomalies.available).toBe(true);
    expect(municipalities.anomalies.model).toMatch(/^borrowed/);
    expect(municipalities.anomalies.expectedByChance).toBeGreaterThan(0);
    // Armería (Colima): 17 in June 2025 where about one was expected.
    expect(municipalities.areas.find((a) => a.area === '06001')!.anomaly).toMatchObject({
      flag: 'above',
      observed: 17,
    });
  });

  it('atalaya trends --level state: the terminal table (golden), in English and Spanish', async () => {
    for (const lang of ['en', 'es']) {
      const r = await runAtalaya([
        'trends',
        '--home',
        home,
        '--level',
        'state',
        '--no-anomalies',
        '--lang',
        lang,
      ]);
      expect(r.code).toBe(0);
      golden(`trends-state.${lang}.txt`, r.stdout);
    }
  }, 60_000);

  it('atalaya trends --json gives every area, warnings and freshness; --csv one row per area', async () => {
    const r = await runAtalaya(['trends', '--home', home, '--level', 'state', '--no-anomalies', '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as TrendsResult;
    expect(json.areas).toHaveLength(32);
    expect(json.freshness.stale).toBe(true);
    expect(json.warnings.length).toBeGreaterThan(0);
    expect(Object.keys(json.areas[0]).sort()).toEqual(
      ['anomaly', 'area', 'flag', 'last', 'meanPerMonth', 'name', 'state', 'total', 'trend'].sort(),
    );
    expect(json.anomalies).toMatchObject({ available: false, reason: 'not requested' });
    const csv = await runAtalaya(['trends', '--home', home, '--level', 'state', '--no-anomalies', '--csv']);
    const lines = csv.stdout.trim().split('\n');
    expect(lines[0]).toBe(
      'area,name,state,month,flag,per_year,low,high,slope,se,mean_per_month,total,last,anomaly,expected,low95,high95,tail',
    );
    expect(lines).toHaveLength(33);
  }, 60_000);

  it('refuses bad options with exit 2', async () => {
    for (const args of [
      ['--window', '5'],
      ['--as-of', '2030-01'],
      ['--json', '--csv'],
      ['--level', 'county'],
      ['--confidence', '2'],
    ]) {
      const r = await runAtalaya(['trends', '--home', home, ...args]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
    }
  }, 60_000);

  it('GET /api/trends answers the same JSON, and is in the OpenAPI document', async () => {
    const app: AtalayaApp = createApp({ home });
    try {
      const { status, json } = await call(app, 'GET', '/api/trends?level=state&anomalies=false');
      expect(status).toBe(200);
      const { timing: _t, ...rest } = json as unknown as TrendsResult;
      const { timing: _u, ...expected } = trends(panel, { level: 'state', anomalies: false });
      expect(rest).toEqual(JSON.parse(JSON.stringify(expected)));
      const bad = await call(app, 'GET', '/api/trends?window=3');
      expect(bad.status).toBe(400);
      expect(bad.json.field).toBe('window');
      const doc = (await call(app, 'GET', '/api/openapi.json')).json as {
        paths: Record<string, { get: { parameters: { name: string }[] } }>;
      };
      expect(doc.paths['/api/trends'].get.parameters.map((p) => p.name)).toEqual(
        expect.arrayContaining([
          'series',
          'level',
          'asOf',
          'window',
          'confidence',
          'minMean',
          'model',
          'anomalies',
        ]),
      );
    } finally {
      await app.close();
    }
  }, 120_000);
});
