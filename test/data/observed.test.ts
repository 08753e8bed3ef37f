import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { importData } from '../../src/data/import.js';
import { INEGI_NATIONAL, INEGI_STATES, SESNSP_MONTHLY } from '../../src/data/observed/builtin-table.js';
import {
  type ObservedHomicides,
  observedHomicides,
  withFeminicide,
} from '../../src/data/observed/homicides.js';
import { sesnspToInegiScale } from '../../src/data/observed/scale.js';
import { panelDir, readPanel } from '../../src/data/panel/cache.js';
import { describeWithData, sharedPath } from '../helpers/shared-data.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const CODES = Array.from({ length: 32 }, (_, k) => String(k + 1).padStart(2, '0'));

/** National totals by calendar year of a month-indexed national series starting in January. */
function byYear(national: Float64Array, startYear: number): Map<number, number> {
  const out = new Map<number, number>();
  national.forEach((v, t) => {
    const y = startYear + Math.floor(t / 12);
    out.set(y, (out.get(y) ?? 0) + v);
  });
  return out;
}

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'atalaya-observed-data-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const emptyHome = () => mkdtempSync(join(tmpdir(), 'atalaya-observed-home-'));

const LONG_HEADER =
  'date_year_month,n_year,n_month,cve_ent,nombre_estado,bien_juridico_afectado,tipo_de_delito,subtipo_de_delito,modalidad,genero,rango_de_edad,n_victimas';
const NAMES: Record<string, string> = { '02': 'Baja California', '08': 'Chihuahua', '25': 'Sinaloa' };

/**
 * A small SESNSP victims file in the long format (datos_facil_acceso), split by sex as the real one is:
 * states 02, 08, 25 for the given months; homicidio doloso = 100·state + month, feminicidio = 1.
 */
function sesnspLong(months: string[], subtypes = ['Homicidio doloso', 'Feminicidio']): string {
  const lines = [LONG_HEADER];
  for (const month of months) {
    const [y, m] = month.split('-');
    for (const code of Object.keys(NAMES)) {
      for (const sub of subtypes) {
        const total = sub === 'Feminicidio' ? 1 : 100 * Number(code) + Number(m);
        const tipo = sub === 'Feminicidio' ? 'Feminicidio' : 'Homicidio';
        for (const [sex, n] of [
          ['Hombre', total - Math.floor(total / 3)],
          ['Mujer', Math.floor(total / 3)],
        ] as const) {
          lines.push(
            `${month}-15,${y},${m},${code},${NAMES[code]},La vida y la Integridad corporal,${tipo},${sub},Con arma de fuego,${sex},Adultos (18 y más),${n}`,
          );
        }
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

describe('the built-in observed table', () => {
  const obs = observedHomicides({ prefer: 'builtin', today: '2025-07' });

  it('covers 32 states, 2015-01 to 2025-06 (SESNSP 2025-06 vintage), with no warnings', () => {
    expect(obs.monthly.states).toEqual(CODES);
    expect(obs.monthly.start).toBe('2015-01');
    expect(obs.monthly.months).toBe(126);
    expect(obs.monthly.victims).toHaveLength(32 * 126);
    expect(obs.source).toMatchObject({
      kind: 'builtin',
      release: 'SESNSP 2025-06 vintage',
      lastMonth: '2025-06',
    });
    expect(obs.monthly.incompleteMonths).toEqual(['2025-05', '2025-06']);
    expect(obs.warnings).toEqual([]);
  });

  it('reproduces the published national checks (2019 = 34,723; 2023 = 29,721; 2024 = 30,046)', () => {
    const years = byYear(obs.monthly.national, 2015);
    expect(years.get(2019)).toBe(34723);
    expect(years.get(2023)).toBe(29721);
    expect(years.get(2024)).toBe(30046);
    expect(years.get(2025)).toBe(12752);
  });

  it('national = Σ states, month by month, for homicides and feminicides', () => {
    const { months, victims, national, feminicide } = obs.monthly;
    for (let t = 0; t < months; t++) {
      let h = 0;
      let f = 0;
      for (let s = 0; s < 32; s++) {
        h += victims[s * months + t];
        f += feminicide!.victims[s * months + t];
      }
      expect(national[t]).toBe(h);
      expect(feminicide!.national[t]).toBe(f);
    }
    const both = withFeminicide(obs.monthly);
    expect(both.national[0]).toBe(national[0] + feminicide!.national[0]);
    // State-major layout: Sinaloa (25), 2024-01 equals the table's row.
    const s = CODES.indexOf('25');
    expect(victims[s * months + 108]).toBe(SESNSP_MONTHLY.homicidioDoloso[s][108]);
  });

  it('INEGI: national 2006–2024 with status, and by state 2000–2022 (national 2022 = 31,048)', () => {
    expect(obs.inegi.nationalYearly.map((r) => r.year)).toEqual(
      Array.from({ length: 19 }, (_, k) => 2006 + k),
    );
    expect(obs.inegi.nationalYearly.find((r) => r.year === 2024)).toEqual({
      year: 2024,
      value: 33550,
      status: 'final',
    });
    const st = obs.inegi.stateYearly;
    expect([st.start, st.years, st.states.length]).toEqual([2000, 23, 32]);
    let sum2022 = 0;
    for (let s = 0; s < 32; s++) sum2022 += st.values[s * st.years + 22];
    expect(sum2022).toBe(31048);
  });
});

describe('choosing between the data cache and the built-in table', () => {
  it('falls back to the built-in table without a cache, silently', () => {
    const home = emptyHome();
    const obs = observedHomicides({ home, today: '2025-08' });
    expect(obs.source.kind).toBe('builtin');
    expect(obs.source.reason).toContain('no data cache');
    expect(obs.warnings).toEqual([]);
  });

  it('falls back with a warning when the cache is unreadable', () => {
    const home = emptyHome();
    const v = importData({ dir: folder({ 'v.csv': sesnspLong(['2025-07']) }), home }).version;
    writeFileSync(join(panelDir(home), v, 'manifest.json'), '{not json');
    const obs = observedHomicides({ home, today: '2025-08' });
    expect(obs.source.kind).toBe('builtin');
    expect(obs.warnings).toHaveLength(1);
    expect(obs.warnings[0]).toMatch(/data cache .* is unreadable .* using the built-in table/);
    // A pointer to a version that is gone.
    writeFileSync(join(panelDir(home), 'CURRENT'), 'v-missing');
    const gone = observedHomicides({ home, today: '2025-08' });
    expect(gone.source.kind).toBe('builtin');
    expect(gone.warnings[0]).toMatch(/unreadable/);
  });

  describe('a cache with a newer SESNSP release', () => {
    let home: string;
    let version: string;
    let obs: ObservedHomicides;
    const months = ['2025-05', '2025-06', '2025-07', '2025-08'];
    beforeAll(() => {
      home = emptyHome();
      version = importData({ dir: folder({ 'victims.csv': sesnspLong(months) }), home }).version;
      obs = observedHomicides({ home, today: '2025-09' });
    });

    it('uses the cached series and says so', () => {
      expect(obs.source).toMatchObject({
        kind: 'cache',
        release: 'SESNSP 2025-08 vintage',
        lastMonth: '2025-08',
        cacheVersion: version,
        file: 'victims.csv',
      });
      expect(obs.source.reason).toMatch(/newer than the built-in SESNSP 2025-06 vintage/);
      expect(obs.monthly.start).toBe('2015-01');
      expect(obs.monthly.months).toBe(128);
      expect(obs.monthly.incompleteMonths).toEqual(['2025-07', '2025-08']);
    });

    it('takes cached values where reported, built-in ones before, NaN where neither', () => {
      const { victims, months: T } = obs.monthly;
      const at = (code: string, t: number) => victims[CODES.indexOf(code) * T + t];
      // 2025-05 is month 124: the cached (newer) value replaces the built-in one.
      expect(at('25', 124)).toBe(2505);
      expect(at('08', 127)).toBe(808);
      expect(at('25', 100)).toBe(SESNSP_MONTHLY.homicidioDoloso[24][100]);
      expect(at('01', 124)).toBe(SESNSP_MONTHLY.homicidioDoloso[0][124]);
      expect(at('01', 126)).toBeNaN();
      expect(obs.monthly.national[127]).toBe(208 + 808 + 2508);
      expect(obs.monthly.feminicide!.victims[CODES.indexOf('02') * T + 127]).toBe(1);
      expect(obs.warnings.join('\n')).toMatch(
        /homicidio doloso: months 2015-01\.\.2025-04 come from the built-in SESNSP 2025-06 vintage/,
      );
      expect(obs.warnings.join('\n')).toMatch(/homicidio doloso: 58 state-months the cached series leaves/);
      expect(obs.warnings.join('\n')).toMatch(
        /homicidio doloso: 58 state-months are not reported by any source/,
      );
    });

    it('prefer: builtin ignores it', () => {
      const b = observedHomicides({ home, prefer: 'builtin', today: '2025-09' });
      expect(b.source.kind).toBe('builtin');
      expect(b.monthly.months).toBe(126);
    });
  });

  it('leaves feminicide out rather than mixing vintages', () => {
    const home = emptyHome();
    importData({ dir: folder({ 'v.csv': sesnspLong(['2025-07'], ['Homicidio doloso']) }), home });
    const obs = observedHomicides({ home, today: '2025-08' });
    expect(obs.source.kind).toBe('cache');
    expect(obs.monthly.feminicide).toBeUndefined();
    expect(obs.warnings.join('\n')).toMatch(/no sesnsp\.victims\.feminicidio series of vintage 2025-07/);
    expect(() => withFeminicide(obs.monthly)).toThrow(/no feminicide/);
  });

  it('keeps the built-in table when the cached release is not newer', () => {
    const home = emptyHome();
    importData({ dir: folder({ 'v.csv': sesnspLong(['2024-07', '2024-08']) }), home });
    const obs = observedHomicides({ home, today: '2025-08' });
    expect(obs.source.kind).toBe('builtin');
    expect(obs.source.reason).toMatch(/vintage 2024-08, to 2024-08\) is not newer/);
  });

  it('uses a cached INEGI state file with a newer complete year', () => {
    const lines = ['cve_ent|year|month|homicides|pop_est|homicide_rate'];
    for (const code of ['01', '02'])
      for (let m = 1; m <= 12; m++) lines.push(`${code}|2023|${m}|${Number(code) * 10}|1000000|0.1`);
    const home = emptyHome();
    importData({ dir: folder({ 'inegi.csv': `${lines.join('\n')}\n` }), home });
    const obs = observedHomicides({ home, today: '2025-08' });
    const st = obs.inegi.stateYearly;
    expect([st.start, st.years]).toEqual([2000, 24]);
    expect(st.values[1 * st.years + 23]).toBe(240);
    expect(st.values[1 * st.years + 22]).toBe(INEGI_STATES.values[1][22]);
    expect(st.values[2 * st.years + 23]).toBeNaN();
    expect(st.source).toMatch(
      /^cache: inegi\.homicides vintage 2023-12 \(inegi\.csv\), to 2023; 2000–2022 from/,
    );
    expect(obs.warnings).toContain('INEGI by state: 30 state-years are not available (NaN)');
    // The SESNSP series stays the built-in one (the cache has none).
    expect(obs.source.kind).toBe('builtin');
  });
});

describe('the staleness warning', () => {
  it('warns when the newest month is more than 6 months before today', () => {
    expect(observedHomicides({ prefer: 'builtin', today: '2025-12' }).warnings).toEqual([]);
    const w = observedHomicides({ prefer: 'builtin', today: '2026-01' }).warnings;
    expect(w).toHaveLength(1);
    expect(w[0]).toMatch(/newest observed month is 2025-06 .* 7 months before 2026-01/);
    expect(
      observedHomicides({ prefer: 'builtin', today: new Date('2027-03-02T00:00:00Z') }).warnings[0],
    ).toMatch(/21 months before 2027-03/);
    expect(observedHomicides({ prefer: 'builtin', today: '2026-03', staleMonths: 12 }).warnings).toEqual([]);
  });
});

describe('the SESNSP → INEGI scale', () => {
  const obs = observedHomicides({ prefer: 'builtin', today: '2025-07' });
  const scale = sesnspToInegiScale(obs);

  it('compares the years with final INEGI figures and full SESNSP years (2015–2024)', () => {
    expect(scale.series).toBe('homicidio-doloso');
    expect(scale.release).toBe('SESNSP 2025-06 vintage');
    expect(scale.years.map((y) => y.year)).toEqual(Array.from({ length: 10 }, (_, k) => 2015 + k));
    expect(scale.years.find((y) => y.year === 2019)).toEqual({
      year: 2019,
      inegi: 36662,
      sesnsp: 34723,
      ratio: 36662 / 34723,
    });
  });

  it('estimates on the log scale: mean, between-year sd, standard error', () => {
    const logs = scale.years.map((y) => Math.log(y.inegi / y.sesnsp));
    const m = logs.reduce((a, b) => a + b, 0) / logs.length;
    const sd = Math.sqrt(logs.reduce((a, b) => a + (b - m) ** 2, 0) / (logs.length - 1));
    expect(scale.logMean).toBeCloseTo(m, 12);
    expect(scale.logSd).toBeCloseTo(sd, 12);
    expect(scale.logSe).toBeCloseTo(sd / Math.sqrt(10), 12);
    expect(scale.ratio).toBeCloseTo(Math.exp(m), 12);
    expect(scale.ratio).toBeGreaterThan(1.05);
    expect(scale.ratio).toBeLessThan(1.13);
  });

  it('restricts to given years and refuses years without both counts', () => {
    const s = sesnspToInegiScale(obs, { years: [2019, 2020], byState: false });
    expect(s.years).toHaveLength(2);
    expect(s.byState).toBeUndefined();
    expect(() => sesnspToInegiScale(obs, { years: [2014, 2019] })).toThrow(/no data for 2014/);
    expect(() => sesnspToInegiScale(obs, { years: [2025, 2019] })).toThrow(/no data for 2025/);
  });

  it('adds feminicides on request (a smaller ratio: INEGI counts them too)', () => {
    const f = sesnspToInegiScale(obs, { feminicide: true, byState: false });
    expect(f.series).toBe('homicidio-doloso+feminicidio');
    expect(f.years.find((y) => y.year === 2019)!.sesnsp).toBe(34723 + 970);
    expect(f.ratio).toBeLessThan(scale.ratio);
  });

  it('by state: 2015–2022, the state file rescaled to the published national, shrunk toward it', () => {
    const b = scale.byState!;
    expect(b.years).toEqual(Array.from({ length: 8 }, (_, k) => 2015 + k));
    expect(b.coverage.find((c) => c.year === 2022)).toMatchObject({ published: 33287, stateFile: 31048 });
    // μ is the published national log ratio over the same years.
    const national = scale.years.filter((y) => y.year <= 2022).map((y) => Math.log(y.ratio));
    expect(b.logMean).toBeCloseTo(national.reduce((a, c) => a + c, 0) / national.length, 12);
    expect(b.states).toHaveLength(32);
    for (const s of b.states) {
      expect(s.n).toBe(8);
      expect(s.weight).toBeGreaterThanOrEqual(0);
      expect(s.weight).toBeLessThanOrEqual(1);
      // The shrunk estimate lies between the state's own mean and μ.
      const lo = Math.min(s.logRatio, b.logMean);
      const hi = Math.max(s.logRatio, b.logMean);
      expect(s.logShrunk).toBeGreaterThanOrEqual(lo - 1e-12);
      expect(s.logShrunk).toBeLessThanOrEqual(hi + 1e-12);
      // w = τ² / (τ² + v), v = logSe².
      expect(s.weight).toBeCloseTo(b.tau ** 2 / (b.tau ** 2 + s.logSe ** 2), 12);
    }
    // The noisiest state (Oaxaca, 20: log sd 0.47 over 2015–2022) is pulled hardest toward μ.
    const noisiest = [...b.states].sort((x, y) => y.logSd - x.logSd)[0];
    expect(noisiest.weight).toBe(Math.min(...b.states.map((s) => s.weight)));
  });

  it('recovers a known constant ratio exactly (synthetic data)', () => {
    const synthetic: ObservedHomicides = {
      ...obs,
      inegi: {
        nationalYearly: scale.years.map((y) => ({
          year: y.year,
          value: Math.round(y.sesnsp * 1.25),
          status: 'final',
        })),
        stateYearly: obs.inegi.stateYearly,
      },
    };
    const s = sesnspToInegiScale(synthetic, { byState: false });
    expect(s.ratio).toBeCloseTo(1.25, 4);
    expect(s.logSd).toBeLessThan(1e-4);
  });
});

describeWithData('the observed table against ../shared/data', () => {
  it('INEGI national equals facts/national_homicides_inegi.csv, and the scale reproduces ratios computed from it', () => {
    const rows = readFileSync(sharedPath('facts', 'national_homicides_inegi.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
    expect(INEGI_NATIONAL.map((r) => [r.year, r.value, r.status])).toEqual(
      rows.map((r) => [Number(r[0]), Number(r[1]), r[2]]),
    );
    // SESNSP yearly from the raw table rows (not through the loader).
    const sesnsp = new Map<number, number>();
    SESNSP_MONTHLY.homicidioDoloso.forEach((row) => {
      row.forEach((v, t) => {
        sesnsp.set(2015 + Math.floor(t / 12), (sesnsp.get(2015 + Math.floor(t / 12)) ?? 0) + v);
      });
    });
    const ratios = rows
      .filter((r) => Number(r[0]) >= 2015 && r[2] === 'final')
      .map((r) => Number(r[1]) / sesnsp.get(Number(r[0]))!);
    const scale = sesnspToInegiScale(observedHomicides({ prefer: 'builtin' }), { byState: false });
    expect(scale.years.map((y) => y.ratio)).toEqual(ratios);
    const logs = ratios.map(Math.log);
    const m = logs.reduce((a, b) => a + b, 0) / logs.length;
    expect(scale.logMean).toBeCloseTo(m, 12);
    expect(scale.ratio).toBeCloseTo(1.0909, 4);
    expect(scale.logSd).toBeCloseTo(0.02825, 4);
  });

  it('INEGI by state equals the sums of the state file', () => {
    const text = readFileSync(
      sharedPath('inegi_homicides_gargiulo', 'mexico-state-month-homicide-rates-2000-2022.csv'),
      'utf8',
    );
    const sums = new Map<string, number>();
    for (const line of text.trim().split('\n').slice(1)) {
      const [ent, year, , n] = line.split('|');
      sums.set(`${ent}-${year}`, (sums.get(`${ent}-${year}`) ?? 0) + Number(n));
    }
    INEGI_STATES.states.forEach((code, s) => {
      for (let k = 0; k < INEGI_STATES.years; k++)
        expect(INEGI_STATES.values[s][k]).toBe(sums.get(`${code}-${2000 + k}`));
    });
  });

  it('equals the importer’s reading of the same SESNSP file; a cache of that vintage is not newer', () => {
    const dir = mkdtempSync(join(tmpdir(), 'atalaya-observed-real-'));
    symlinkSync(
      sharedPath('sesnsp_state_victims_arroyov', 'vintage_2025-06', 'db_victimas_delitos_ent_long.csv.bz2'),
      join(dir, 'db_victimas_delitos_ent_long.csv.bz2'),
    );
    const home = emptyHome();
    importData({ dir, home });
    const { panel } = readPanel(home);
    const cached = panel.get('sesnsp.victims.homicidio-doloso', { level: 'state', vintage: '2025-06' });
    const fem = panel.get('sesnsp.victims.feminicidio', { level: 'state', vintage: '2025-06' });
    const obs = observedHomicides({ home, today: '2025-07' });
    expect(obs.source.kind).toBe('builtin');
    expect(obs.source.reason).toMatch(/is not newer/);
    expect(cached.areas).toEqual(obs.monthly.states);
    expect(cached.months).toBe(obs.monthly.months);
    expect(Array.from(cached.values)).toEqual(Array.from(obs.monthly.victims));
    expect(Array.from(fem.values)).toEqual(Array.from(obs.monthly.feminicide!.victims));
  });

  it('the generator’s --check passes', () => {
    const out = execFileSync(TSX, ['bench/observed-table.ts', '--check'], { cwd: ROOT, encoding: 'utf8' });
    expect(out).toMatch(/equals a regeneration .*; published checks pass/);
  });
});

it('the generator fails clearly when the data is absent', () => {
  const r = spawnSync(
    TSX,
    ['bench/observed-table.ts', '--check', '--data', join(tmpdir(), 'no-such-folder')],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  );
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(/no shared data folder .* nothing generated/);
  const empty = mkdtempSync(join(tmpdir(), 'atalaya-observed-empty-'));
  const r2 = spawnSync(TSX, ['bench/observed-table.ts', '--data', empty], { cwd: ROOT, encoding: 'utf8' });
  expect(r2.status).toBe(2);
  expect(r2.stderr).toMatch(/missing .*db_victimas_delitos_ent_long\.csv\.bz2/);
});
