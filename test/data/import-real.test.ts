import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import { beforeAll, expect, it } from 'vitest';
import { exportTable, tableToCsv, tableToParquet } from '../../src/data/export.js';
import { type ImportReport, importData } from '../../src/data/import.js';
import { type LoadedPanel, readPanel, readTopology } from '../../src/data/panel/cache.js';
import { yearly } from '../../src/data/panel/panel.js';
import { topAreas } from '../../src/data/rankings.js';
import { describeWithData, SHARED_DATA } from '../helpers/shared-data.js';

/** The whole of ../shared/data imported once, as `atalaya data import` does. */
describeWithData('importing the shared data', () => {
  let report: ImportReport;
  let loaded: LoadedPanel;
  beforeAll(() => {
    const home = mkdtempSync(join(tmpdir(), 'atalaya-home-'));
    report = importData({ dir: SHARED_DATA!, home });
    loaded = readPanel(home);
  }, 120_000);

  const national = (id: string, level: 'state' | 'municipality', vintage?: string) => {
    const s = loaded.panel.get(id, { level, vintage });
    const y = yearly(loaded.panel.get(id, { level: 'national', vintage: s.meta.vintage }));
    return new Map(y.years.map((year, k) => [year, y.values[k]]));
  };

  it('recognises every data file by content and skips the others with a reason', () => {
    const formats = new Set(report.files.map((f) => f.format));
    for (const f of [
      'topojson',
      'conapo-municipal',
      'conapo-state',
      'inegi-census-export',
      'inegi-homicides-municipal',
      'rnpdno-municipal',
      'cide-ppd-events',
    ]) {
      expect(formats, f).toContain(f);
    }
    expect(report.issues.filter((i) => i.severity === 'error')).toEqual([]);
    for (const s of report.skipped) expect(s.reason.length).toBeGreaterThan(5);
    expect(report.skipped.map((s) => s.file)).toContain('networks/mexico_cartels_2020/BACRIM2020_Nodes.csv');
  });

  it('INEGI national homicides from the municipal file equal its own sums (2010: 26,045; 2018: 34,404)', () => {
    const byYear = national('inegi.homicides', 'municipality', '2019-12');
    expect(byYear.get(2010)).toBe(26045);
    expect(byYear.get(2018)).toBe(34404);
    // Juárez 2010 (SOURCES.md).
    const muni = loaded.panel.get('inegi.homicides', { level: 'municipality' });
    const y = yearly(muni);
    expect(y.values[muni.areas.indexOf('08037') * y.years.length + y.years.indexOf(2010)]).toBe(3747);
  });

  it('INEGI state file: national 2022 = 31,048; years 2000–2022', () => {
    const byYear = national('inegi.homicides', 'state', '2022-12');
    expect(byYear.get(2022)).toBe(31048);
    expect([...byYear.keys()][0]).toBe(2000);
  });

  it('the ten deadliest municipalities and their share of the national total', () => {
    const muni = loaded.panel.get('inegi.homicides', { level: 'municipality' });
    const r = topAreas(muni, loaded.panel.areas, 2019, 10);
    expect(r.top[0]).toMatchObject({ rank: 1, area: '02004', name: 'Tijuana', value: 2164 });
    expect(r.top[1]).toMatchObject({ area: '08037', value: 1494 });
    // An independent sum of the ten largest values.
    const y = yearly(muni);
    const k = y.years.indexOf(2019);
    const values = muni.areas.map((_, a) => y.values[a * y.years.length + k]).sort((a, b) => b - a);
    expect(r.total).toBe(values.reduce((s, v) => s + v, 0));
    expect(r.topShare).toBeCloseTo(values.slice(0, 10).reduce((s, v) => s + v, 0) / r.total, 12);
    expect(r.topShare).toBeGreaterThan(0.2);
    expect(r.topShare).toBeLessThan(0.3);
  });

  it('RNPDNO totals by year equal SOURCES.md (13,980 / 25,254 / 35,213)', () => {
    const byYear = national('rnpdno.total', 'municipality');
    expect(byYear.get(2015)).toBe(13980);
    expect(byYear.get(2020)).toBe(25254);
    expect(byYear.get(2025)).toBe(35213);
    const total = loaded.panel.get('rnpdno.total', { level: 'municipality' });
    expect(total.meta.incompleteMonths).toEqual(['2025-10', '2025-11', '2025-12']);
  });

  it('exports CSV, JSON and Parquet that read back to the same values', async () => {
    const s = loaded.panel.get('inegi.homicides', { level: 'state', vintage: '2022-12' });
    const table = exportTable(s, loaded.panel.areas, { freq: 'year', from: '2020', to: '2022' });
    expect(table.rows).toHaveLength(32 * 3);
    const csv = tableToCsv(table).split('\n');
    expect(csv[0]).toBe('series,vintage,unit,level,area,name,period,value,complete');
    const parquet = tableToParquet(table);
    const rows = await parquetReadObjects({
      file: parquet.buffer.slice(parquet.byteOffset, parquet.byteOffset + parquet.byteLength) as ArrayBuffer,
    });
    expect(rows).toHaveLength(table.rows.length);
    expect(rows[0]).toMatchObject({
      area: table.rows[0].area,
      period: table.rows[0].period,
      value: table.rows[0].value,
    });
    const sum = rows.reduce((a, r) => a + (r.period === '2022' ? Number(r.value) : 0), 0);
    expect(sum).toBe(31048);
  });

  it('rates per 100,000 use CONAPO population of the same year (2022: 31,048 / 129,960,600)', () => {
    const s = loaded.panel.get('inegi.homicides', { level: 'state', vintage: '2022-12' });
    const t = exportTable(s, loaded.panel.areas, {
      level: 'national',
      freq: 'year',
      from: '2022',
      to: '2022',
      per100k: true,
    });
    expect(t.rows).toHaveLength(1);
    expect(t.rows[0].value).toBeCloseTo((31048 / 129960600) * 1e5, 10);
    expect(t.unit).toBe('deaths per 100,000 inhabitants');
    expect(tableToCsv(t).split('\n')[1]).toContain('"deaths per 100,000 inhabitants"');
  });

  it('keeps the municipal and state geometry in the cache for maps', () => {
    const muni = readTopology(loaded, 'municipality')!;
    const state = readTopology(loaded, 'state')!;
    const count = (t: typeof muni) =>
      Object.values(t.objects).reduce(
        (n, o) => n + ((o as { geometries?: unknown[] }).geometries?.length ?? 0),
        0,
      );
    expect(count(muni)).toBe(2469);
    expect(count(state)).toBe(32);
  });

  it('reports the municipalities the geometry lacks and keeps their data', () => {
    expect(
      report.issues.some((i) => /not in the geometry/.test(i.message) && i.message.includes('04013')),
    ).toBe(true);
  });
});
