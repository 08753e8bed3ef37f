import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AreaRegistry } from '../../../src/data/areas.js';
import { DataError } from '../../../src/data/errors.js';
import { cideEvents } from '../../../src/data/formats/cide-events.js';
import { inegiHomicidesMunicipal, inegiHomicidesState } from '../../../src/data/formats/inegi-homicides.js';
import type { ReadContext, Reader } from '../../../src/data/formats/reader.js';
import { rnpdno } from '../../../src/data/formats/rnpdno.js';
import { decodeText, detectDelimiter, firstLine, readTextFile } from '../../../src/data/formats/text.js';
import { monthIndex, monthLabel, yearOf } from '../../../src/data/panel/months.js';
import type { Issue, Series } from '../../../src/data/panel/series.js';
import { describeWithData, SHARED_DATA, sharedPath } from '../../helpers/shared-data.js';

const INEGI_MUN = 'inegi_homicides_gargiulo/mexico-muni-month-homicide-rates-2000-2019.csv.gz';
const INEGI_STATE = 'inegi_homicides_gargiulo/mexico-state-month-homicide-rates-2000-2022.csv';
const CIDE = 'ppd_violence_events_2006_2011/AllViolenceData_170216.csv';
const RNPDNO_FILES = {
  total: 'rnpdno_municipal_monthly/rnpdno_total.csv',
  notLocated: 'rnpdno_municipal_monthly/rnpdno_disappeared_not_located.csv',
  alive: 'rnpdno_municipal_monthly/rnpdno_located_alive.csv',
  dead: 'rnpdno_municipal_monthly/rnpdno_located_dead.csv',
};
const READERS: Record<string, Reader> = {
  inegiHomicidesMunicipal,
  inegiHomicidesState,
  rnpdno,
  cideEvents,
};

function context(path: string, file: string, areas = new AreaRegistry()): ReadContext {
  return { file, input: readTextFile(path, file), areas, issues: [] };
}

function readShared(reader: Reader, file: string): { series: Series[]; issues: Issue[] } {
  const ctx = context(sharedPath(file), file);
  const series = reader.read(ctx);
  return { series, issues: ctx.issues };
}

/** Sum of a series over areas (optionally filtered) for one calendar year. */
function yearSum(s: Series, year: number, keep: (area: string) => boolean = () => true): number {
  let t = 0;
  s.areas.forEach((area, a) => {
    if (!keep(area)) return;
    for (let k = 0; k < s.months; k++) {
      if (yearOf(s.start + k) === year) t += s.values[a * s.months + k];
    }
  });
  return t;
}

function total(s: Series, keep: (area: string) => boolean = () => true): number {
  let t = 0;
  s.areas.forEach((area, a) => {
    if (!keep(area)) return;
    for (let k = 0; k < s.months; k++) t += s.values[a * s.months + k];
  });
  return t;
}

function only<T>(xs: T[]): T {
  expect(xs).toHaveLength(1);
  return xs[0];
}

function seriesById(list: Series[], id: string): Series {
  const s = list.find((x) => x.meta.id === id);
  if (!s) throw new Error(`no series ${id}`);
  return s;
}

/** Data lines of a raw text (header dropped, blank lines skipped). */
function dataLines(text: string): string[] {
  return text
    .split('\n')
    .slice(1)
    .map((l) => l.replace(/\r$/, ''))
    .filter((l) => l !== '');
}

// ---------------------------------------------------------------------------------------------------------
// Real data
// ---------------------------------------------------------------------------------------------------------

describeWithData('INEGI death-certificate homicides (Gargiulo, Aburto & Floridi)', () => {
  let mun: Series;
  let munIssues: Issue[];
  let state: Series;
  /** Independent tally of the raw municipal file. */
  const raw = {
    rows: 0,
    codes: new Set<string>(),
    months: new Set<string>(),
    byYear: new Map<number, number>(),
  };

  beforeAll(() => {
    const r = readShared(inegiHomicidesMunicipal, INEGI_MUN);
    mun = only(r.series);
    munIssues = r.issues;
    state = only(readShared(inegiHomicidesState, INEGI_STATE).series);
    const text = gunzipSync(readFileSync(sharedPath(INEGI_MUN))).toString('utf-8');
    for (const line of dataLines(text)) {
      const [code, year, month, homicides] = line.split('|');
      raw.rows++;
      raw.codes.add(code);
      raw.months.add(`${year}-${month}`);
      raw.byYear.set(Number(year), (raw.byYear.get(Number(year)) ?? 0) + Number(homicides));
    }
  });

  it('municipal file: 592,080 rows, a balanced 2,467 × 240 panel 2000-01..2019-12', () => {
    expect(raw.rows).toBe(592080);
    expect(mun.meta.rows).toBe(592080);
    expect(mun.areas).toHaveLength(2467);
    expect(raw.codes.size).toBe(2467);
    expect(mun.months).toBe(240);
    expect(raw.months.size).toBe(240);
    expect(monthLabel(mun.start)).toBe('2000-01');
    expect(monthLabel(mun.start + mun.months - 1)).toBe('2019-12');
    expect(mun.values.every((v) => Number.isInteger(v) && v >= 0)).toBe(true);
    expect(mun.meta).toMatchObject({
      id: 'inegi.homicides',
      unit: 'deaths',
      level: 'municipality',
      source: 'inegi-defunciones',
      vintage: '2019-12',
      format: 'inegi-homicides-municipal',
      encoding: 'utf-8',
    });
    // No errors; the NA population warning only (24 municipalities × 240 months).
    expect(munIssues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(munIssues.map((i) => i.message).join('\n')).toMatch(
      /"pop_est" is NA in 5760 rows \(24 municipalities\)/,
    );
  });

  it('municipal file: SOURCES.md checks (2010 = 26,045; 2018 = 34,404; Ciudad Juárez 2010 = 3,747)', () => {
    expect(yearSum(mun, 2010)).toBe(26045);
    expect(yearSum(mun, 2018)).toBe(34404);
    expect(yearSum(mun, 2010, (a) => a === '08037')).toBe(3747);
    for (let y = 2000; y <= 2019; y++) expect(yearSum(mun, y)).toBe(raw.byYear.get(y));
  });

  it('municipal file vs published national figures (facts/national_homicides_inegi.csv)', () => {
    // The municipal file counts deaths by month and municipality of OCCURRENCE, drops deaths with unknown
    // month/municipality or outside Mexico, and uses its own cause-of-death mapping; the published figures
    // are INEGI's yearly totals. Computed from the two files, municipal sum − published:
    //   2006 −59 (−0.6%)   2007 −30 (−0.3%)   2008 +223 (+1.6%)  2009 −5 (−0.03%)  2010 +288 (+1.1%)
    //   2011 +117 (+0.4%)  2012 −172 (−0.7%)  2013 −573 (−2.5%)  2014 −448 (−2.2%)  2015 −500 (−2.4%)
    //   2016 +43 (+0.2%)   2017 −370 (−1.2%)  2018 −2,283 (−6.2%) 2019 −1,474 (−4.0%)
    // No year agrees exactly. Within 1%: 2006, 2007, 2009, 2011, 2012, 2016; within 2.5%: every year
    // 2006–2017; 2018 and 2019 fall short by 4–6% (the most recent years when the file was compiled).
    const facts = new Map(
      dataLines(readFileSync(sharedPath('facts/national_homicides_inegi.csv'), 'utf-8')).map((l) => {
        const [year, homicides] = l.split(',');
        return [Number(year), Number(homicides)] as [number, number];
      }),
    );
    const expected: Record<number, number> = {
      2006: -59,
      2007: -30,
      2008: 223,
      2009: -5,
      2010: 288,
      2011: 117,
      2012: -172,
      2013: -573,
      2014: -448,
      2015: -500,
      2016: 43,
      2017: -370,
      2018: -2283,
      2019: -1474,
    };
    const within1: number[] = [];
    for (let y = 2006; y <= 2019; y++) {
      const published = facts.get(y)!;
      const diff = yearSum(mun, y) - published;
      expect(diff, `year ${y}`).toBe(expected[y]);
      const rel = Math.abs(diff) / published;
      if (rel <= 0.01) within1.push(y);
      if (y <= 2017) expect(rel, `year ${y}`).toBeLessThan(0.025);
      else expect(rel, `year ${y}`).toBeGreaterThan(0.04);
    }
    expect(within1).toEqual([2006, 2007, 2009, 2011, 2012, 2016]);
  });

  it('state file: 2000-01..2022-12, 32 states, national 2022 = 31,048', () => {
    expect(state.areas).toHaveLength(32);
    expect(state.areas.every((a) => /^\d{2}$/.test(a))).toBe(true);
    expect(monthLabel(state.start)).toBe('2000-01');
    expect(state.months).toBe(276);
    expect(state.meta).toMatchObject({
      id: 'inegi.homicides',
      level: 'state',
      vintage: '2022-12',
      rows: 8832,
    });
    expect(yearSum(state, 2022)).toBe(31048);
    // Same compilation: the state file's 2022 total is 2,239 (6.7%) below the published 33,287.
  });
});

describeWithData('RNPDNO disappearances by municipality and month', () => {
  // SOURCES.md §6 table: rows, distinct cvegeo (INCLUDING the unknown codes xx998/xx999/99998/99999) and
  // yearly totals.
  const cases = [
    { file: RNPDNO_FILES.total, id: 'rnpdno.total', rows: 57373, codes: 2025, years: [13980, 25254, 35213] },
    {
      file: RNPDNO_FILES.notLocated,
      id: 'rnpdno.not-located',
      rows: 34617,
      codes: 1778,
      years: [4139, 7937, 13109],
    },
    {
      file: RNPDNO_FILES.alive,
      id: 'rnpdno.located-alive',
      rows: 37379,
      codes: 1832,
      years: [9268, 15454, 20174],
    },
    { file: RNPDNO_FILES.dead, id: 'rnpdno.located-dead', rows: 9936, codes: 1254, years: [573, 1863, 1576] },
  ];
  const isPseudo = (a: string) => a.endsWith('999');

  for (const c of cases) {
    it(`${c.file}: ${c.rows} rows, ${c.codes} codes, totals 2015/2020/2025 = ${c.years.join(' / ')}`, () => {
      const { series, issues } = readShared(rnpdno, c.file);
      const s = only(series);
      expect(s.meta).toMatchObject({
        id: c.id,
        unit: 'persons',
        level: 'municipality',
        source: 'rnpdno',
        vintage: '2025-12',
        rows: c.rows,
      });
      expect(monthLabel(s.start)).toBe('2015-01');
      expect(s.months).toBe(132);
      expect([2015, 2020, 2025].map((y) => yearSum(s, y))).toEqual(c.years);
      expect(issues.filter((i) => i.severity === 'error')).toEqual([]);

      // Independent pass over the raw text.
      const lines = dataLines(readFileSync(sharedPath(c.file), 'utf-8'));
      const all = new Set<string>();
      const known = new Set<string>();
      let unknownPersons = 0;
      let grand = 0;
      for (const l of lines) {
        const f = l.split(',');
        all.add(f[0]);
        grand += Number(f[8]);
        if (['999', '998', '000'].includes(f[3]) || f[0].startsWith('99')) unknownPersons += Number(f[8]);
        else known.add(f[0]);
      }
      expect(lines).toHaveLength(c.rows);
      expect(all.size).toBe(c.codes);
      // The series has every real municipality plus one pseudo-area per state with unknown municipalities
      // (<state>999: 998, 999 and 000 merged) and 99999 for an unknown state.
      expect(s.areas.filter((a) => !isPseudo(a)).sort()).toEqual([...known].sort());
      expect(total(s)).toBe(grand);
      expect(total(s, isPseudo)).toBe(unknownPersons);
      expect(s.areas).toContain('99999');
    });
  }

  it('total file: rows with cve_mun 999/998/000 sum to 6,105 persons, kept under <state>999 and 99999', () => {
    const { series, issues } = readShared(rnpdno, RNPDNO_FILES.total);
    const s = only(series);
    let raw = 0;
    for (const l of dataLines(readFileSync(sharedPath(RNPDNO_FILES.total), 'utf-8'))) {
      const f = l.split(',');
      if (['999', '998', '000'].includes(f[3])) raw += Number(f[8]);
    }
    expect(raw).toBe(6105);
    expect(total(s, isPseudo)).toBe(6105);
    const w = issues.find((i) => i.severity === 'warning' && i.column === 'cve_mun');
    expect(w?.message).toMatch(/1805 rows \(6105 persons\)/);
    expect(s.meta.warnings).toContain(w);
  });
});

describeWithData('CIDE-PPD violence events 2006–2011', () => {
  let series: Series[];
  let issues: Issue[];
  const raw = {
    events: 0,
    confrontations: 0,
    aggressions: 0,
    first: '9999',
    last: '0000',
    confrontationDeaths: 0,
  };

  beforeAll(() => {
    const r = readShared(cideEvents, CIDE);
    series = r.series;
    issues = r.issues;
    const text = readFileSync(sharedPath(CIDE), 'utf-8');
    expect(text.includes('"')).toBe(false); // plain split is safe
    const header = firstLine(text).split(',');
    const iSource = header.indexOf('source');
    const iDate = header.indexOf('date');
    const iDead = header.indexOf('total.people.dead');
    for (const l of dataLines(text)) {
      const f = l.split(',');
      raw.events++;
      if (f[iSource] === 'confrontations') {
        raw.confrontations++;
        raw.confrontationDeaths += Number(f[iDead]);
      }
      if (f[iSource] === 'aggressions') raw.aggressions++;
      if (f[iDate] < raw.first) raw.first = f[iDate];
      if (f[iDate] > raw.last) raw.last = f[iDate];
    }
  });

  it('5,396 events: 3,835 confrontations and 1,561 aggressions, 2006-12-02..2011-11-27', () => {
    expect(raw).toMatchObject({
      events: 5396,
      confrontations: 3835,
      aggressions: 1561,
      first: '2006-12-02',
      last: '2011-11-27',
    });
    expect(series.map((s) => s.meta.id)).toEqual([
      'cide.events.confrontations',
      'cide.events.aggressions',
      'cide.deaths',
      'cide.deaths.civilians',
      'cide.deaths.organized-crime',
      'cide.deaths.security-forces',
    ]);
    for (const s of series) {
      expect(s.meta).toMatchObject({
        level: 'municipality',
        source: 'cide-ppd',
        vintage: '2011-11',
        rows: 5396,
      });
      expect(monthLabel(s.start)).toBe('2006-12');
      expect(s.months).toBe(60);
      expect(s.areas).toEqual(series[0].areas);
    }
    // One confrontation (line 3148: state 22, mun_code 0, no deaths) has no municipality and is dropped.
    const dropped = issues.filter((i) => i.column === 'mun_code');
    expect(dropped).toHaveLength(1);
    expect(dropped[0]).toMatchObject({ severity: 'warning', line: 3148 });
    expect(dropped[0].message).toMatch(/1 event with a missing or unknown/);
    expect(total(seriesById(series, 'cide.events.confrontations'))).toBe(3835 - 1);
    expect(total(seriesById(series, 'cide.events.aggressions'))).toBe(1561);
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('deaths: the parts add up to the total; confrontations alone have 5,435 deaths', () => {
    const all = total(seriesById(series, 'cide.deaths'));
    const parts = ['cide.deaths.civilians', 'cide.deaths.organized-crime', 'cide.deaths.security-forces'].map(
      (id) => total(seriesById(series, id)),
    );
    expect(parts.reduce((a, b) => a + b, 0)).toBe(all);
    expect(raw.confrontationDeaths).toBe(5435);
    // Read the confrontations only (same header, aggressions rows removed) and compare.
    const text = readFileSync(sharedPath(CIDE), 'utf-8');
    const lines = text.split('\n');
    const kept = [lines[0], ...lines.slice(1).filter((l) => l.includes(',confrontations,'))].join('\n');
    const dir = mkdtempSync(join(tmpdir(), 'atalaya-cide-'));
    try {
      writeFileSync(join(dir, 'conf.csv'), kept);
      const ctx = context(join(dir, 'conf.csv'), 'conf.csv');
      const out = cideEvents.read(ctx);
      expect(total(seriesById(out, 'cide.deaths'))).toBe(5435);
      expect(total(seriesById(out, 'cide.events.confrontations'))).toBe(3834);
      expect(total(seriesById(out, 'cide.events.aggressions'))).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('codes: floats become CVEGEO (16.0/15.0 → 16015)', () => {
    const s = seriesById(series, 'cide.events.confrontations');
    expect(s.areas).toContain('16015');
    expect(s.areas.every((a) => /^\d{5}$/.test(a))).toBe(true);
    // The first event is a confrontation in Coalcomán (16015) on 2007-01-16.
    const a = s.areas.indexOf('16015');
    expect(s.values[a * s.months + (monthIndex(2007, 1) - s.start)]).toBeGreaterThanOrEqual(1);
  });
});

/**
 * The start of a file's text. bzip2 files (the large SESNSP ones take seconds to decompress whole) are read
 * through the system bzip2 when present, first 64 KiB only; everything else through readTextFile.
 */
function headText(path: string, file: string): string {
  if (path.endsWith('.bz2')) {
    try {
      const head = execFileSync('sh', ['-c', 'bzip2 -dc "$1" | head -c 65536', 'sh', path]);
      if (head.length > 0) return decodeText(head, file).text;
    } catch {
      // no shell or bzip2: fall through
    }
  }
  return readTextFile(path, file).text;
}

describeWithData('format detection on every shared data file', () => {
  it('each reader claims exactly its own files', () => {
    const root = SHARED_DATA!;
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.(csv|csv\.gz|csv\.bz2|topojson|tsv|txt)$/i.test(name)) files.push(relative(root, p));
      }
    };
    walk(root);
    const claims: Record<string, string[]> = Object.fromEntries(Object.keys(READERS).map((k) => [k, []]));
    for (const file of files) {
      const header = firstLine(headText(join(root, file), file));
      const delimiter = detectDelimiter(header);
      for (const [name, reader] of Object.entries(READERS))
        if (reader.detect(header, delimiter)) claims[name].push(file);
    }
    for (const list of Object.values(claims)) list.sort();
    expect(claims).toEqual({
      inegiHomicidesMunicipal: [INEGI_MUN],
      inegiHomicidesState: [INEGI_STATE],
      rnpdno: Object.values(RNPDNO_FILES).sort(),
      cideEvents: [CIDE],
    });
  });
});

// ---------------------------------------------------------------------------------------------------------
// Fixtures: behaviour and malformed input
// ---------------------------------------------------------------------------------------------------------

describe('INEGI / RNPDNO / CIDE readers on fixtures', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'atalaya-formats-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  function write(name: string, content: string | Buffer): string {
    const p = join(dir, name);
    writeFileSync(p, content);
    return p;
  }

  function run(reader: Reader, name: string, content: string | Buffer, areas?: AreaRegistry) {
    const ctx = context(write(name, content), name, areas);
    return { series: reader.read(ctx), issues: ctx.issues };
  }

  function failure(fn: () => unknown): DataError {
    try {
      fn();
    } catch (err) {
      expect(err).toBeInstanceOf(DataError);
      return err as DataError;
    }
    throw new Error('expected a DataError');
  }

  const MUN_HEADER = 'ent_mun|year|month|homicides|pop_est|homicide_rate';
  const STATE_HEADER = 'cve_ent|year|month|homicides|pop_est|homicide_rate';
  const RNPDNO_HEADER =
    'cvegeo,cve_estado,state,cve_mun,municipality,male,female,undefined,total,year,month,status_id';
  const CIDE_HEADER =
    'event.id,unix.timestamp,date,state_code,state,state.abbr,mun_code,municipality,detained,total.people.dead,' +
    'military.dead,navy.dead,federal.police.dead,afi.dead,state.police.dead,ministerial.police.dead,' +
    'municipal.police.dead,public.prosecutor.dead,organized.crime.dead,civilian.dead,source,global.id';

  /** A CIDE row: deaths as [military, navy, federal, afi, state, ministerial, municipal, prosecutor, crime, civilian]. */
  function cideRow(
    id: number,
    date: string,
    state: string,
    mun: string,
    deaths: number[],
    source: string,
  ): string {
    const total = deaths.reduce((a, b) => a + b, 0);
    return [
      `${id}.0`,
      '0.0',
      date,
      state,
      'X',
      'X',
      mun,
      'X',
      '0.0',
      `${total}.0`,
      ...deaths.map((d) => `${d}.0`),
      source,
      id,
    ].join(',');
  }
  const Z = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

  describe('detect', () => {
    it('tells the two INEGI files apart and claims nothing else', () => {
      expect(inegiHomicidesMunicipal.detect(MUN_HEADER, '|')).toBe(true);
      expect(inegiHomicidesState.detect(MUN_HEADER, '|')).toBe(false);
      expect(inegiHomicidesState.detect(STATE_HEADER, '|')).toBe(true);
      expect(inegiHomicidesMunicipal.detect(STATE_HEADER, '|')).toBe(false);
      for (const r of [inegiHomicidesMunicipal, inegiHomicidesState, cideEvents])
        expect(r.detect(RNPDNO_HEADER, ',')).toBe(false);
      for (const r of [inegiHomicidesMunicipal, inegiHomicidesState, rnpdno])
        expect(r.detect(CIDE_HEADER, ',')).toBe(false);
      expect(rnpdno.detect(RNPDNO_HEADER, ',')).toBe(true);
      expect(cideEvents.detect(CIDE_HEADER, ',')).toBe(true);
      // SESNSP state file has cve_ent but not year/month/homicides.
      const sesnsp =
        'date_year_month,n_year,n_month,cve_ent,nombre_estado,bien_juridico_afectado,tipo_de_delito,subtipo_de_delito,modalidad,genero,rango_de_edad,n_victimas';
      for (const r of Object.values(READERS)) expect(r.detect(sesnsp, ',')).toBe(false);
    });
  });

  describe('INEGI homicides', () => {
    it('reads a small municipal file; NA counts become NaN with a warning', () => {
      const { series, issues } = run(
        inegiHomicidesMunicipal,
        'mun.csv',
        `${MUN_HEADER}\n01001|2000|1|2|10.5|1\n01001|2000|2|NA|NA|NA\n01002|2000|1|0|NA|NA\n01002|2000|2|5|NA|NA\n`,
      );
      const s = only(series);
      expect(s.areas).toEqual(['01001', '01002']);
      expect(Array.from(s.values)).toEqual([2, Number.NaN, 0, 5]);
      expect(s.meta.vintage).toBe('2000-02');
      expect(issues.map((i) => i.message).join('\n')).toMatch(/1 rows without a homicide count/);
      expect(issues.map((i) => i.message).join('\n')).toMatch(
        /"pop_est" is NA in 3 rows \(2 municipalities\)/,
      );
      expect(issues.every((i) => i.severity === 'warning')).toBe(true);
    });

    it('keeps unknown codes with one warning listing them (states-only and full registries)', () => {
      const a = run(
        inegiHomicidesMunicipal,
        'unk.csv',
        `${MUN_HEADER}\n01001|2000|1|2|1|1\n99001|2000|1|3|1|1\n99001|2000|2|4|1|1\n`,
      );
      expect(only(a.series).areas).toEqual(['01001', '99001']);
      const w = a.issues.filter((i) => i.column === 'ent_mun');
      expect(w).toHaveLength(1);
      expect(w[0].message).toMatch(/99001 \(2 rows, 7 deaths\)/);

      const reg = new AreaRegistry();
      reg.addMunicipality('01001', 'Aguascalientes', 'population');
      const b = run(
        inegiHomicidesMunicipal,
        'unk2.csv',
        `${MUN_HEADER}\n01001|2000|1|2|1|1\n01099|2000|1|3|1|1\n`,
        reg,
      );
      expect(only(b.series).areas).toEqual(['01001', '01099']);
      expect(b.issues.find((i) => i.column === 'ent_mun')?.message).toMatch(/01099 \(1 rows, 3 deaths\)/);

      const c = run(inegiHomicidesState, 'unk3.csv', `${STATE_HEADER}\n01|2000|1|2|1|1\n33|2000|1|3|1|1\n`);
      expect(only(c.series).areas).toEqual(['01', '33']);
      expect(c.issues.find((i) => i.column === 'cve_ent')?.message).toMatch(/33 \(1 rows, 3 deaths\)/);
    });

    it('wrong delimiter or unknown columns: DataError naming the missing column', () => {
      const e1 = failure(() =>
        run(inegiHomicidesMunicipal, 'space.csv', 'ent_mun year month homicides\n01001 2000 1 2\n'),
      );
      expect(e1.message).toMatch(/missing columns? "ent_mun"/);
      expect(e1.location).toMatchObject({ file: 'space.csv', field: 'ent_mun' });
      const e2 = failure(() =>
        run(inegiHomicidesMunicipal, 'cols.csv', 'municipio|anio|mes|homicidios\n01001|2000|1|2\n'),
      );
      expect(e2.message).toMatch(/"ent_mun"/);
      expect(e2.message).toMatch(/"homicides"/);
      // Header pipe-separated, data rows comma-separated: every row has one field.
      const e3 = failure(() =>
        run(inegiHomicidesMunicipal, 'mixed.csv', `${MUN_HEADER}\n01001,2000,1,2,1,1\n`),
      );
      expect(e3.message).toMatch(/mixed\.csv:2: 1 field where the header has 6/);
    });

    it('non-numeric and negative counts: DataError naming file, line and column', () => {
      const e1 = failure(() =>
        run(inegiHomicidesMunicipal, 'nan.csv', `${MUN_HEADER}\n01001|2000|1|2|1|1\n01001|2000|2|dos|1|1\n`),
      );
      expect(e1.message).toMatch(/^nan\.csv:3: column "homicides": "dos" is not a number/);
      expect(e1.location).toEqual({ file: 'nan.csv', line: 3, field: 'homicides' });
      const e2 = failure(() => run(inegiHomicidesState, 'neg.csv', `${STATE_HEADER}\n01|2000|1|-3|1|1\n`));
      expect(e2.message).toMatch(/^neg\.csv:2: column "homicides": -3 is negative/);
      expect(e2.location).toEqual({ file: 'neg.csv', line: 2, field: 'homicides' });
      const e3 = failure(() => run(inegiHomicidesState, 'month.csv', `${STATE_HEADER}\n01|2000|13|3|1|1\n`));
      expect(e3.location).toEqual({ file: 'month.csv', line: 2, field: 'month' });
      const e4 = failure(() =>
        run(inegiHomicidesMunicipal, 'code.csv', `${MUN_HEADER}\nAGS01|2000|1|3|1|1\n`),
      );
      expect(e4.location).toEqual({ file: 'code.csv', line: 2, field: 'ent_mun' });
    });

    it('duplicate (area, month) rows: an error Issue naming the line', () => {
      const { issues } = run(
        inegiHomicidesMunicipal,
        'dup.csv',
        `${MUN_HEADER}\n01001|2000|1|2|1|1\n01001|2000|2|2|1|1\n01001|2000|1|5|1|1\n`,
      );
      const errors = issues.filter((i) => i.severity === 'error');
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ file: 'dup.csv', line: 4 });
      expect(errors[0].message).toMatch(/duplicate row for 01001 2000-01/);
    });

    it('truncated row (too few fields): DataError naming the line', () => {
      const e = failure(() =>
        run(inegiHomicidesMunicipal, 'short.csv', `${MUN_HEADER}\n01001|2000|1|2|1|1\n01001|2000|2\n`),
      );
      expect(e.message).toMatch(/^short\.csv:3: 3 fields where the header has 6/);
      expect(e.location).toMatchObject({ file: 'short.csv', line: 3 });
    });

    it('truncated gzip file: DataError from readTextFile saying the data is damaged or truncated', () => {
      const lines = [MUN_HEADER];
      for (let m = 1; m <= 12; m++) lines.push(`01001|2000|${m}|${m}|1|1`);
      const gz = gzipSync(lines.join('\n'));
      const path = write('cut.csv.gz', gz.subarray(0, Math.floor(gz.length / 2)));
      const e = failure(() => readTextFile(path, 'cut.csv.gz'));
      expect(e.message).toMatch(/^cut\.csv\.gz: gzip data is damaged or truncated/);
      // The intact file reads.
      const ok = context(write('ok.csv.gz', gz), 'ok.csv.gz');
      expect(ok.input.compression).toBe('gzip');
      expect(total(only(inegiHomicidesMunicipal.read(ok)))).toBe(78);
    });

    it('empty file and header-only file: DataError', () => {
      expect(failure(() => run(inegiHomicidesMunicipal, 'empty.csv', '')).message).toMatch(/empty file/);
      expect(failure(() => run(inegiHomicidesMunicipal, 'header.csv', `${MUN_HEADER}\n`)).message).toMatch(
        /no data rows/,
      );
    });
  });

  describe('RNPDNO', () => {
    const row = (
      geo: string,
      mun: string,
      m: number,
      f: number,
      u: number,
      t: number,
      year: number,
      month: number,
      status = 0,
    ) => `${geo},${geo.slice(0, 2)},x,${mun},x,${m},${f},${u},${t},${year},${month},${status}`;

    it('sparse cells are 0; unknown places kept under <state>999 and 99999 with one warning', () => {
      const text = [
        RNPDNO_HEADER,
        row('01001', '001', 1, 0, 0, 1, 2015, 1),
        row('01001', '001', 2, 1, 0, 3, 2015, 3),
        row('01998', '998', 1, 1, 0, 2, 2015, 1),
        row('01999', '999', 0, 1, 0, 1, 2015, 1),
        row('02000', '000', 1, 0, 0, 1, 2015, 2),
        '99998,99,unknown,998,sin municipio de referencia,2,1,0,3,2015,1,0',
        '99998,99,unknown,999,se desconoce,1,0,0,1,2015,2,0',
        '99999,99,unresolved,999,ocampo,1,0,0,1,2015,3,0',
      ].join('\n');
      const { series, issues } = run(rnpdno, 'rn.csv', text);
      const s = only(series);
      expect(s.meta.id).toBe('rnpdno.total');
      expect(s.areas).toEqual(['01001', '01999', '02999', '99999']);
      expect(s.months).toBe(3);
      expect(Array.from(s.values)).toEqual([1, 0, 3, 3, 0, 0, 0, 1, 0, 3, 1, 1]);
      expect(s.meta.vintage).toBe('2015-03');
      const w = issues.filter((i) => i.column === 'cve_mun');
      expect(w).toHaveLength(1);
      expect(w[0].message).toMatch(/6 rows \(9 persons\)/);
      expect(w[0].message).toMatch(/<state>999 \(3 rows, 4 persons, 2 states\)/);
      expect(w[0].message).toMatch(/99999 \(3 rows, 5 persons\)/);
    });

    it('several statuses in one file give several series; other statuses are dropped with a warning', () => {
      const text = [
        RNPDNO_HEADER,
        row('01001', '001', 1, 0, 0, 1, 2015, 1, 0),
        row('01001', '001', 1, 0, 0, 1, 2015, 1, 7),
        row('01002', '002', 0, 2, 0, 2, 2015, 2, 2),
        row('01002', '002', 0, 1, 0, 1, 2015, 2, 3),
        row('01002', '002', 0, 1, 0, 1, 2015, 2, 5),
      ].join('\n');
      const { series, issues } = run(rnpdno, 'multi.csv', text);
      expect(series.map((s) => s.meta.id)).toEqual([
        'rnpdno.total',
        'rnpdno.located-alive',
        'rnpdno.located-dead',
        'rnpdno.not-located',
      ]);
      expect(series.map((s) => total(s))).toEqual([1, 2, 1, 1]);
      expect(issues.find((i) => i.column === 'status_id')?.message).toMatch(/5 \(1 rows\)/);
    });

    it('with municipal references, every known municipality gets a row of zeros', () => {
      const reg = new AreaRegistry();
      for (const code of ['01001', '01002', '01003']) reg.addMunicipality(code, code, 'population');
      const { series, issues } = run(
        rnpdno,
        'reg.csv',
        [
          RNPDNO_HEADER,
          row('01002', '002', 1, 0, 0, 1, 2015, 1),
          row('01004', '004', 1, 0, 0, 1, 2015, 1),
        ].join('\n'),
        reg,
      );
      const s = only(series);
      expect(s.areas).toEqual(['01001', '01002', '01003', '01004']);
      expect(Array.from(s.values)).toEqual([0, 1, 0, 1]);
      expect(issues.find((i) => i.column === 'cvegeo')?.message).toMatch(/01004 \(1 rows, 1 persons\)/);
    });

    it('total ≠ male + female + undefined: warning naming the line', () => {
      const { series, issues } = run(
        rnpdno,
        'sum.csv',
        [RNPDNO_HEADER, row('01001', '001', 1, 1, 0, 3, 2015, 1)].join('\n'),
      );
      expect(total(only(series))).toBe(3);
      const w = issues.find((i) => i.column === 'total');
      expect(w).toMatchObject({ severity: 'warning', file: 'sum.csv', line: 2 });
    });

    it('duplicate (cvegeo, year, month, status) rows: error naming the line', () => {
      const { issues } = run(
        rnpdno,
        'dup.csv',
        [
          RNPDNO_HEADER,
          row('01001', '001', 1, 0, 0, 1, 2015, 1),
          row('01001', '001', 1, 0, 0, 1, 2015, 2),
          row('01001', '001', 2, 0, 0, 2, 2015, 1),
        ].join('\n'),
      );
      const errors = issues.filter((i) => i.severity === 'error');
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ file: 'dup.csv', line: 4 });
    });

    it('malformed input: missing column, bad counts, truncated rows, bad codes', () => {
      const e1 = failure(() =>
        run(rnpdno, 'cols.csv', 'cvegeo;cve_mun;total;year;month;status_id\n01001;001;1;2015;1;0\n'),
      );
      expect(e1.message).toMatch(/missing columns "male"/);
      const e2 = failure(() =>
        run(
          rnpdno,
          'nan.csv',
          [RNPDNO_HEADER, row('01001', '001', 1, 0, 0, 1, 2015, 1).replace(',1,0,0,1,', ',1,0,0,uno,')].join(
            '\n',
          ),
        ),
      );
      expect(e2.location).toEqual({ file: 'nan.csv', line: 2, field: 'total' });
      expect(e2.message).toMatch(/^nan\.csv:2: column "total": "uno" is not a number/);
      const e3 = failure(() =>
        run(rnpdno, 'neg.csv', [RNPDNO_HEADER, row('01001', '001', -1, 0, 0, 1, 2015, 1)].join('\n')),
      );
      expect(e3.location).toEqual({ file: 'neg.csv', line: 2, field: 'male' });
      const e4 = failure(() =>
        run(
          rnpdno,
          'short.csv',
          [RNPDNO_HEADER, row('01001', '001', 1, 0, 0, 1, 2015, 1), '01001,01,x,001'].join('\n'),
        ),
      );
      expect(e4.location).toMatchObject({ file: 'short.csv', line: 3 });
      expect(e4.message).toMatch(/4 fields where the header has 12/);
      const e5 = failure(() =>
        run(rnpdno, 'code.csv', [RNPDNO_HEADER, row('AG001', '001', 1, 0, 0, 1, 2015, 1)].join('\n')),
      );
      expect(e5.location).toEqual({ file: 'code.csv', line: 2, field: 'cvegeo' });
    });
  });

  describe('CIDE-PPD events', () => {
    it('builds the six series with zeros between events; invalid codes dropped with a warning', () => {
      const text = [
        CIDE_HEADER,
        cideRow(1, '2007-01-16', '16.0', '15.0', [1, 0, 0, 0, 0, 0, 0, 0, 2, 1], 'confrontations'),
        cideRow(2, '2007-03-02', '16.0', '15.0', [0, 0, 0, 0, 0, 0, 1, 0, 0, 0], 'confrontations'),
        cideRow(1, '2007-03-20', '8.0', '37.0', [0, 0, 0, 0, 0, 1, 0, 0, 0, 0], 'aggressions'),
        cideRow(3, '2007-02-01', '22.0', '0.0', Z, 'confrontations'),
        cideRow(4, '2007-02-01', 'NA', 'NA', Z, 'aggressions'),
      ].join('\n');
      const { series, issues } = run(cideEvents, 'events.csv', text);
      const get = (id: string) => Array.from(seriesById(series, id).values);
      expect(series[0].areas).toEqual(['08037', '16015']);
      expect(series[0].months).toBe(3);
      expect(get('cide.events.confrontations')).toEqual([0, 0, 0, 1, 0, 1]);
      expect(get('cide.events.aggressions')).toEqual([0, 0, 1, 0, 0, 0]);
      expect(get('cide.deaths')).toEqual([0, 0, 1, 4, 0, 1]);
      expect(get('cide.deaths.civilians')).toEqual([0, 0, 0, 1, 0, 0]);
      expect(get('cide.deaths.organized-crime')).toEqual([0, 0, 0, 2, 0, 0]);
      expect(get('cide.deaths.security-forces')).toEqual([0, 0, 1, 1, 0, 1]);
      expect(series[0].meta.vintage).toBe('2007-03');
      const w = issues.filter((i) => i.column === 'mun_code');
      expect(w).toHaveLength(1);
      expect(w[0].message).toMatch(
        /2 events with a missing or unknown state_code\/mun_code dropped \(lines 5, 6\)/,
      );
    });

    it('total ≠ sum of actors: warning; the total is used', () => {
      const bad = cideRow(
        1,
        '2007-01-16',
        '16.0',
        '15.0',
        [0, 0, 0, 0, 0, 0, 0, 0, 1, 0],
        'confrontations',
      ).replace(',1.0,0.0,', ',3.0,0.0,');
      const { series, issues } = run(cideEvents, 'sum.csv', [CIDE_HEADER, bad].join('\n'));
      expect(total(seriesById(series, 'cide.deaths'))).toBe(3);
      expect(issues.find((i) => i.column === 'total.people.dead')).toMatchObject({
        severity: 'warning',
        line: 2,
      });
    });

    it('duplicate events: error naming the line', () => {
      const r = cideRow(7, '2007-01-16', '16.0', '15.0', Z, 'confrontations');
      const { issues } = run(
        cideEvents,
        'dup.csv',
        [CIDE_HEADER, r, cideRow(7, '2007-01-16', '16.0', '15.0', Z, 'aggressions'), r].join('\n'),
      );
      const errors = issues.filter((i) => i.severity === 'error');
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ file: 'dup.csv', line: 4 });
    });

    it('malformed input: missing column, bad counts, bad event type or date, truncated rows', () => {
      const e1 = failure(() => run(cideEvents, 'cols.csv', CIDE_HEADER.replace(',source,', ',kind,') + '\n'));
      expect(e1.message).toMatch(/missing column "source"/);
      const ok = cideRow(1, '2007-01-16', '16.0', '15.0', Z, 'confrontations');
      const other = cideRow(2, '2007-01-17', '16.0', '15.0', Z, 'confrontations');
      const e2 = failure(() =>
        run(
          cideEvents,
          'nan.csv',
          [CIDE_HEADER, ok, other.replace(/,0\.0,(confrontations)/, ',x,$1')].join('\n'),
        ),
      );
      expect(e2.location).toEqual({ file: 'nan.csv', line: 3, field: 'civilian.dead' });
      const e3 = failure(() =>
        run(
          cideEvents,
          'neg.csv',
          [CIDE_HEADER, ok.replace(/,0\.0,(confrontations)/, ',-1.0,$1')].join('\n'),
        ),
      );
      expect(e3.message).toMatch(/^neg\.csv:2: column "civilian\.dead": -1 is negative/);
      const e4 = failure(() =>
        run(cideEvents, 'kind.csv', [CIDE_HEADER, ok.replace('confrontations', 'robberies')].join('\n')),
      );
      expect(e4.location).toEqual({ file: 'kind.csv', line: 2, field: 'source' });
      const e5 = failure(() =>
        run(cideEvents, 'date.csv', [CIDE_HEADER, ok.replace('2007-01-16', '16/01/2007')].join('\n')),
      );
      expect(e5.location).toEqual({ file: 'date.csv', line: 2, field: 'date' });
      const e6 = failure(() => run(cideEvents, 'short.csv', [CIDE_HEADER, ok, ok.slice(0, 40)].join('\n')));
      expect(e6.location).toMatchObject({ file: 'short.csv', line: 3 });
    });
  });
});
