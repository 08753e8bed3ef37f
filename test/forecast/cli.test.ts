import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { runAtalaya } from '../helpers/run-main.js';
import { describeWithData } from '../helpers/shared-data.js';
import { importForecastPanel } from './real-panel.js';

/**
 * `atalaya forecast`, `forecast backtest` and `hotspots` on the real INEGI municipal series: the output
 * shapes others rely on, the figures checked against the raw series, and the errors (exit 2, nothing
 * written).
 */
describeWithData('forecast and hotspots commands (real INEGI municipal homicides)', () => {
  let home: string;
  let out: string;
  let rawTotal2018: number;

  beforeAll(() => {
    const loaded = importForecastPanel();
    home = loaded.home;
    out = mkdtempSync(join(tmpdir(), 'atalaya-forecast-out-'));
    const s = loaded.panel.get('inegi.homicides', { level: 'municipality' });
    // Homicides registered in 2018, straight from the imported values (independent of the forecast code).
    const from = (2018 - 2000) * 12;
    rawTotal2018 = 0;
    for (let a = 0; a < s.areas.length; a++)
      for (let t = from; t < from + 12; t++) rawTotal2018 += s.values[a * s.months + t] || 0;
  }, 60_000);

  it('prints { series, asOf, model, forecasts: [{ area, t, mean, p05…p95 }] } for every municipality and month', async () => {
    const r = await runAtalaya([
      'forecast',
      '--home',
      home,
      '--as-of',
      '2018-12',
      '--horizon',
      '2',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ series: 'inegi.homicides', asOf: '2018-12', model: 'ensemble', horizon: 2 });
    expect(json.forecasts).toHaveLength(2 * 2467);
    expect(Object.keys(json.forecasts[0]).sort()).toEqual([
      'area',
      'mean',
      'p05',
      'p25',
      'p50',
      'p75',
      'p95',
      't',
    ]);
    expect(new Set(json.forecasts.map((f: { t: string }) => f.t))).toEqual(new Set(['2019-01', '2019-02']));
    for (const f of json.forecasts) {
      expect(f.area).toMatch(/^\d{5}$/);
      expect(f.p05).toBeLessThanOrEqual(f.p25);
      expect(f.p75).toBeLessThanOrEqual(f.p95);
    }
    // The national expected total of January 2019 is in line with the 2018 monthly average (the data
    // show 2019 close to 2018): within 15%.
    const jan = json.forecasts
      .filter((f: { t: string }) => f.t === '2019-01')
      .reduce((s: number, f: { mean: number }) => s + f.mean, 0);
    expect(jan / (rawTotal2018 / 12)).toBeGreaterThan(0.85);
    expect(jan / (rawTotal2018 / 12)).toBeLessThan(1.15);
    expect(json.fits[0].origins).toEqual(['2013-12', '2018-11']);
  }, 60_000);

  it('limits the output to --area codes, as CSV', async () => {
    const r = await runAtalaya([
      'forecast',
      '--home',
      home,
      '--horizon',
      '3',
      '--area',
      '02004,08037',
      '--csv',
      '--model',
      'mean12',
    ]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('area,name,t,mean,p05,p25,p50,p75,p95');
    expect(lines).toHaveLength(1 + 2 * 3);
    expect(lines[1]).toMatch(/^02004,Tijuana,2020-01,/);
  }, 60_000);

  it('ranks hot spots with the top ten share, and draws the map with the top ten marked', async () => {
    const svg = join(out, 'map.svg');
    const r = await runAtalaya([
      'hotspots',
      '--home',
      home,
      '--as-of',
      '2010-06',
      '--historical',
      '--top',
      '15',
      '--json',
      '--map',
      svg,
    ]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ asOf: '2010-06', target: '2010-07', horizon: 1, model: 'ensemble' });
    expect(json.hotspots).toHaveLength(15);
    // Ciudad Juárez was the deadliest municipality of 2010 (INEGI: over 3,000 homicides that year).
    expect(json.hotspots[0]).toMatchObject({ area: '08037', name: 'Juárez', contested: true });
    const top10 = json.hotspots
      .slice(0, 10)
      .reduce((s: number, h: { expected: number }) => s + h.expected, 0);
    expect(json.top10.expected).toBeCloseTo(top10, 6);
    expect(json.top10.share).toBeCloseTo(top10 / json.nationalExpected, 9);
    for (const h of json.hotspots) {
      expect(h.escalationProbability).toBeGreaterThanOrEqual(0);
      expect(h.escalationProbability).toBeLessThanOrEqual(1);
      expect(h.drivers.length).toBeGreaterThan(0);
    }
    const text = readFileSync(svg, 'utf8');
    expect(text.startsWith('<svg')).toBe(true);
    expect(text).toContain('Juárez, Chihuahua');
  }, 60_000);

  it('writes a PNG map', async () => {
    const png = join(out, 'map.png');
    const r = await runAtalaya([
      'hotspots',
      '--home',
      home,
      '--no-territory',
      '--map',
      png,
      '--map-value',
      'escalation',
      '--csv',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^rank,area,name,state,target,expected/);
    expect([...readFileSync(png).subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  }, 60_000);

  it('scores a small backtest by horizon and against the best baseline', async () => {
    const r = await runAtalaya([
      'forecast',
      'backtest',
      '--home',
      home,
      '--models',
      'mean12,negbin',
      '--horizon',
      '2',
      '--origins',
      '2017-06',
      '--json',
      '--no-progress',
    ]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.origins).toEqual(['2017-06']);
    expect(json.rows.map((x: { model: string; h: number }) => `${x.model}${x.h}`)).toEqual([
      'mean121',
      'mean122',
      'negbin1',
      'negbin2',
    ]);
    expect(
      json.skill.map((s: { model: string; bestBaseline: { mse: string } }) => [s.model, s.bestBaseline.mse]),
    ).toEqual([
      ['negbin', 'mean12'],
      ['negbin', 'mean12'],
    ]);
    for (const row of json.rows) expect(row.scores.n).toBe(2467);
  }, 120_000);

  it.each([
    [['forecast', '--as-of', '2021-01'], /has no data for 2021-01: it covers 2000-01\.\.2019-12/],
    [['forecast', '--as-of', '2001-06'], /too short to fit its own model and no long municipality-level/],
    [['forecast', '--as-of', '2000-12'], /needs 13 months/],
    [['forecast', '--horizon', '13'], /--horizon must be a whole number from 1 to 12/],
    [['forecast', '--area', '02004,99001'], /unknown area code: 99001/],
    [
      ['forecast', '--series', 'nope'],
      /unknown series "nope"; municipality series imported: .*inegi\.homicides/,
    ],
    [['forecast', 'backtest', '--models', 'mean12,foo'], /--models must be one of/],
    [
      ['forecast', 'backtest', '--origins', '2019-06'],
      /origin 2019-06 \+ 12 months is past the last month observed \(2019-12\)/,
    ],
    [['hotspots', '--map', 'x.jpg'], /must end in \.svg or \.png/],
  ])(
    'refuses %j with a clear error and writes nothing',
    async (args, message) => {
      const file = join(out, `refused-${Math.random().toString(36).slice(2)}.json`);
      const r = await runAtalaya([...args, '--home', home, '--out', file]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(existsSync(file)).toBe(false);
    },
    60_000,
  );
});
