import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AreaRegistry } from '../../../src/data/areas.js';
import { DataError } from '../../../src/data/errors.js';
import type { ReadContext, Reader } from '../../../src/data/formats/reader.js';
import { sesnspMunicipalNames } from '../../../src/data/formats/sesnsp-municipal-names.js';
import { crimeSlug, sesnspVictimsLong } from '../../../src/data/formats/sesnsp-victims-long.js';
import { sesnspVictimsTimeseries } from '../../../src/data/formats/sesnsp-victims-timeseries.js';
import { sesnspWideMunicipal, sesnspWideState } from '../../../src/data/formats/sesnsp-wide.js';
import {
  delimitedRows,
  detectDelimiter,
  firstLine,
  readTextFile,
  type TextFile,
} from '../../../src/data/formats/text.js';
import { monthIndex, monthLabel } from '../../../src/data/panel/months.js';
import type { Issue, Series } from '../../../src/data/panel/series.js';
import { describeWithData, sharedPath } from '../../helpers/shared-data.js';

const READERS: Reader[] = [
  sesnspVictimsLong,
  sesnspVictimsTimeseries,
  sesnspWideState,
  sesnspWideMunicipal,
  sesnspMunicipalNames,
];

// ---------------------------------------------------------------------------------------------------------
// Helpers

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'atalaya-sesnsp-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Write fixture bytes (a string is written as UTF-8) and decode them as the importer would. */
function fixture(name: string, content: string | Buffer): TextFile {
  const path = join(dir, name);
  writeFileSync(path, content);
  return readTextFile(path, name);
}

function context(file: string, input: TextFile, areas = AreaRegistry.states()): ReadContext {
  return { file, input, areas, issues: [] };
}

/** Readers whose `detect` accepts this text's header. */
function detected(input: TextFile): string[] {
  const header = firstLine(input.text);
  const d = detectDelimiter(header);
  return READERS.filter((r) => r.detect(header, d)).map((r) => r.format);
}

function read(reader: Reader, name: string, content: string | Buffer, areas?: AreaRegistry) {
  const ctx = context(name, fixture(name, content), areas);
  const series = reader.read(ctx);
  return { series, issues: ctx.issues, errors: ctx.issues.filter((i) => i.severity === 'error') };
}

/** The DataError a read throws (fails the test if it does not throw one). */
function thrown(fn: () => unknown): DataError {
  try {
    fn();
  } catch (err) {
    if (err instanceof DataError) return err;
    throw err;
  }
  throw new Error('expected a DataError');
}

function byId(series: Series[], id: string, level?: string): Series {
  const s = series.find((x) => x.meta.id === id && (level === undefined || x.meta.level === level));
  if (!s) throw new Error(`no series ${id} ${level ?? ''} among ${series.map((x) => x.meta.id).join(', ')}`);
  return s;
}

function value(s: Series, area: string, month: string): number {
  const a = s.areas.indexOf(area);
  const [y, m] = month.split('-').map(Number);
  const k = monthIndex(y, m) - s.start;
  if (a < 0 || k < 0 || k >= s.months) return Number.NaN;
  return s.values[a * s.months + k];
}

/** Sum over areas and the months of a year (NaN cells skipped). */
function yearTotal(s: Series, year: number): number {
  let t = 0;
  for (let a = 0; a < s.areas.length; a++) {
    for (let k = 0; k < s.months; k++) {
      if (Math.floor((s.start + k) / 12) + 1990 !== year) continue;
      const v = s.values[a * s.months + k];
      if (!Number.isNaN(v)) t += v;
    }
  }
  return t;
}

function monthTotal(s: Series, month: string): number {
  let t = 0;
  for (const area of s.areas) {
    const v = value(s, area, month);
    if (!Number.isNaN(v)) t += v;
  }
  return t;
}

function months(from: string, to: string): string[] {
  const [fy, fm] = from.split('-').map(Number);
  const [ty, tm] = to.split('-').map(Number);
  const out: string[] = [];
  for (let m = monthIndex(fy, fm); m <= monthIndex(ty, tm); m++) out.push(monthLabel(m));
  return out;
}

function lastMonth(s: Series): string {
  return monthLabel(s.start + s.months - 1);
}

/**
 * Municipal names for matching: the CONAPO municipal projections (`CVE,Entidad,Municipio,…`) loaded with
 * the project's CSV parser (some names are quoted and contain commas).
 */
function conapoMunicipalities(): AreaRegistry {
  const areas = new AreaRegistry();
  const text = readFileSync(
    sharedPath('conapo_population_lapanquecita', 'poblacion_municipal_total.csv'),
    'utf8',
  );
  let header = true;
  for (const { fields } of delimitedRows(text, ',')) {
    if (header) {
      expect(fields.slice(0, 3)).toEqual(['CVE', 'Entidad', 'Municipio']);
      header = false;
      continue;
    }
    areas.addMunicipality(fields[0].padStart(5, '0'), fields[2], 'population');
  }
  return areas;
}

// ---------------------------------------------------------------------------------------------------------
// Fixtures

const LONG_HEADER =
  'date_year_month,n_year,n_month,cve_ent,nombre_estado,bien_juridico_afectado,tipo_de_delito,subtipo_de_delito,modalidad,genero,rango_de_edad,n_victimas';
const longRow = (
  date: string,
  y: string,
  m: string,
  ent: string,
  name: string,
  sub: string,
  mod: string,
  sex: string,
  n: string,
) =>
  `${date},${y},${m},${ent},${name},La vida y la Integridad corporal,Homicidio,${sub},${mod},${sex},Adultos (18 y más),${n}`;
const LONG_OK = [
  LONG_HEADER,
  longRow(
    '2024-01-15',
    '2024',
    '01',
    '01',
    'Aguascalientes',
    'Homicidio doloso',
    'Con arma de fuego',
    'Hombre',
    '3',
  ),
  longRow(
    '2024-01-15',
    '2024',
    '01',
    '01',
    'Aguascalientes',
    'Homicidio doloso',
    'Con arma de fuego',
    'Mujer',
    '1',
  ),
  longRow(
    '2024-01-15',
    '2024',
    '01',
    '01',
    'Aguascalientes',
    'Homicidio doloso',
    'Con arma blanca',
    'Hombre',
    '2',
  ),
  longRow(
    '2024-02-15',
    '2024',
    '02',
    '01',
    'Aguascalientes',
    'Homicidio doloso',
    'Con arma de fuego',
    'Hombre',
    '5',
  ),
  longRow(
    '2024-01-15',
    '2024',
    '01',
    '15',
    'Estado de México',
    'Homicidio doloso',
    'Con arma de fuego',
    'Hombre',
    '40',
  ),
  longRow(
    '2024-02-15',
    '2024',
    '02',
    '15',
    'Estado de México',
    'Homicidio doloso',
    'Con arma de fuego',
    'Hombre',
    '38',
  ),
  longRow(
    '2024-01-15',
    '2024',
    '01',
    '15',
    'Estado de México',
    'Tráfico de menores',
    'Tráfico de menores',
    'Mujer',
    '0',
  ),
  longRow(
    '2024-02-15',
    '2024',
    '02',
    '15',
    'Estado de México',
    'Tráfico de menores',
    'Tráfico de menores',
    'Mujer',
    '1',
  ),
];

const TS_HEADER = 'isodate,entidad,delito,total';

const MONTHS_ES = 'Enero,Febrero,Marzo,Abril,Mayo,Junio,Julio,Agosto,Septiembre,Octubre,Noviembre,Diciembre';
const WIDE_STATE_HEADER = `Año,Clave_Ent,Entidad,Bien jurídico afectado,Tipo de delito,Subtipo de delito,Modalidad,${MONTHS_ES}`;
const wideRow = (
  year: number,
  ent: string,
  name: string,
  sub: string,
  mod: string,
  cells: (number | string)[],
) =>
  `${year},${ent},${name},La vida y la Integridad corporal,Homicidio,${sub},${mod},${[...cells, ...Array(12 - cells.length).fill('')].join(',')}`;
const full = (base: number) => Array.from({ length: 12 }, (_, k) => base + k);

const WIDE_MUN_HEADER = `Año,Clave_Ent,Entidad,Cve. Municipio,Municipio,Bien jurídico afectado,Tipo de delito,Subtipo de delito,Modalidad,${MONTHS_ES}`;
const munRow = (
  year: number,
  ent: string,
  name: string,
  mun: string,
  munName: string,
  sub: string,
  mod: string,
  cells: (number | string)[],
) =>
  `${year},${ent},${name},${mun},${munName},La vida y la Integridad corporal,Homicidio,${sub},${mod},${[...cells, ...Array(12 - cells.length).fill('')].join(',')}`;

/**
 * A small IDM_NM-format file (the official municipal export): Latin-1 bytes, CRLF, 4-digit municipal codes
 * for states < 10 as the official files write them, two years with 2025 published to March, and an
 * unspecified-municipality row. The numbers are made up for the test; only their reading is checked.
 */
const IDM_LINES = [
  WIDE_MUN_HEADER,
  munRow(
    2024,
    '1',
    'Aguascalientes',
    '1001',
    'Aguascalientes',
    'Homicidio doloso',
    'Con arma de fuego',
    full(1),
  ),
  munRow(
    2024,
    '1',
    'Aguascalientes',
    '1001',
    'Aguascalientes',
    'Homicidio doloso',
    'Con arma blanca',
    full(0).map(() => 1),
  ),
  munRow(
    2024,
    '1',
    'Aguascalientes',
    '1005',
    'Jesús María',
    'Homicidio doloso',
    'Con arma de fuego',
    full(0).map(() => 0),
  ),
  munRow(
    2024,
    '9',
    'Ciudad de México',
    '9999',
    'No especificado',
    'Homicidio doloso',
    'Con arma de fuego',
    full(0).map(() => 2),
  ),
  munRow(
    2024,
    '16',
    'Michoacán de Ocampo',
    '16102',
    'Uruapan',
    'Homicidio doloso',
    'Con arma de fuego',
    full(10),
  ),
  munRow(
    2024,
    '16',
    'Michoacán de Ocampo',
    '16102',
    'Uruapan',
    'Feminicidio',
    'Con arma de fuego',
    full(0).map(() => 1),
  ),
  munRow(
    2025,
    '1',
    'Aguascalientes',
    '1001',
    'Aguascalientes',
    'Homicidio doloso',
    'Con arma de fuego',
    [3, 4, 5],
  ),
  munRow(
    2025,
    '1',
    'Aguascalientes',
    '1001',
    'Aguascalientes',
    'Homicidio doloso',
    'Con arma blanca',
    [0, 0, 1],
  ),
  munRow(
    2025,
    '1',
    'Aguascalientes',
    '1005',
    'Jesús María',
    'Homicidio doloso',
    'Con arma de fuego',
    [1, 0, 0],
  ),
  munRow(
    2025,
    '9',
    'Ciudad de México',
    '9999',
    'No especificado',
    'Homicidio doloso',
    'Con arma de fuego',
    [1, 1, 1],
  ),
  munRow(
    2025,
    '16',
    'Michoacán de Ocampo',
    '16102',
    'Uruapan',
    'Homicidio doloso',
    'Con arma de fuego',
    [20, 21, 22],
  ),
  munRow(
    2025,
    '16',
    'Michoacán de Ocampo',
    '16102',
    'Uruapan',
    'Feminicidio',
    'Con arma de fuego',
    [0, 1, 0],
  ),
];
const latin1 = (lines: string[], eol = '\r\n') => Buffer.from(lines.join(eol) + eol, 'latin1');

const NAMES_HEADER =
  '"Entidad","Municipio","Feminicidio","Homicidio culposo","Homicidio doloso","Total","Año","Mes","Periodo","Otros delitos que atentan contra la vida y la integridad corporal"';
const namesRow = (
  ent: string,
  mun: string,
  f: string,
  c: string,
  d: string,
  t: string,
  y: string,
  m: string,
  o = '0',
) => [ent, mun, f, c, d, t, y, m, `${m} ${y}`, o].map((x) => `"${x}"`).join(',');

// ---------------------------------------------------------------------------------------------------------

describe('crimeSlug', () => {
  it('lower-cases, removes accents and joins words with single dashes', () => {
    expect(crimeSlug('Homicidio doloso')).toBe('homicidio-doloso');
    expect(crimeSlug('Tráfico de menores')).toBe('trafico-de-menores');
    expect(crimeSlug('Daño a la propiedad')).toBe('dano-a-la-propiedad');
    expect(crimeSlug(' Robo de maquinaria - Cables, tubos y otros objetos ')).toBe(
      'robo-de-maquinaria-cables-tubos-y-otros-objetos',
    );
  });
});

describe('detection by header', () => {
  it('each fixture format is claimed by exactly its reader', () => {
    expect(detected(fixture('l.csv', `${LONG_OK.join('\n')}\n`))).toEqual(['sesnsp-victims-long']);
    expect(detected(fixture('t.csv', `${TS_HEADER}\n2024-01-01,Nacional,Homicidio doloso,1\n`))).toEqual([
      'sesnsp-victims-timeseries',
    ]);
    expect(detected(fixture('s.csv', latin1([WIDE_STATE_HEADER])))).toEqual(['sesnsp-incidence-state-wide']);
    expect(detected(fixture('m.csv', latin1(IDM_LINES)))).toEqual(['sesnsp-incidence-municipal-wide']);
    expect(detected(fixture('n.csv', `${NAMES_HEADER}\n`))).toEqual(['sesnsp-municipal-names']);
  });

  it('matches headers accent- and case-insensitively', () => {
    const upper = WIDE_MUN_HEADER.replace('Año', 'AÑO')
      .replace('Cve. Municipio', 'Cve.Municipio')
      .toUpperCase();
    expect(detected(fixture('mu.csv', latin1([upper])))).toEqual(['sesnsp-incidence-municipal-wide']);
    expect(detected(fixture('lu.csv', `${LONG_HEADER.toUpperCase()}\n`))).toEqual(['sesnsp-victims-long']);
  });

  it('claims none of the other shared formats', () => {
    const others = [
      'CVE,Entidad,Municipio,1990,1991',
      'ent_mun|year|month|homicides|pop_est|homicide_rate',
      'cvegeo,cve_estado,state,cve_mun,municipality,male,female,undefined,total,year,month,status_id',
      'ENTIDAD,1970,1971',
    ];
    for (const h of others) expect(detected(fixture('o.csv', `${h}\n`))).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------

describe('sesnspVictimsLong (fixtures)', () => {
  it('sums over modality, sex and age into one series per subtype', () => {
    const { series, issues } = read(sesnspVictimsLong, 'long.csv', `${LONG_OK.join('\n')}\n`);
    expect(issues).toEqual([]);
    expect(series.map((s) => s.meta.id)).toEqual([
      'sesnsp.victims.homicidio-doloso',
      'sesnsp.victims.trafico-de-menores',
    ]);
    const h = byId(series, 'sesnsp.victims.homicidio-doloso');
    expect(h.areas).toEqual(['01', '15']);
    expect(value(h, '01', '2024-01')).toBe(6);
    expect(value(h, '01', '2024-02')).toBe(5);
    expect(value(h, '15', '2024-01')).toBe(40);
    expect(h.meta).toMatchObject({
      unit: 'victims',
      level: 'state',
      source: 'sesnsp-victims',
      format: 'sesnsp-victims-long',
      vintage: '2024-02',
      encoding: 'utf-8',
      rows: 8,
    });
    const t = byId(series, 'sesnsp.victims.trafico-de-menores');
    expect(value(t, '15', '2024-01')).toBe(0);
  });

  it('accepts a UTF-8 BOM and CRLF line ends', () => {
    const input = fixture(
      'bom.csv',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(LONG_OK.join('\r\n'))]),
    );
    expect(input.encoding).toBe('utf-8-bom');
    expect(detected(input)).toEqual(['sesnsp-victims-long']);
    const ctx = context('bom.csv', input);
    const series = sesnspVictimsLong.read(ctx);
    expect(value(byId(series, 'sesnsp.victims.homicidio-doloso'), '15', '2024-02')).toBe(38);
    expect(series[0].meta.encoding).toBe('utf-8-bom');
  });

  it('an unknown state code is an error naming file, line and column', () => {
    const lines = [...LONG_OK];
    lines[3] = longRow(
      '2024-01-15',
      '2024',
      '01',
      '33',
      'Atlantis',
      'Homicidio doloso',
      'Con arma blanca',
      'Hombre',
      '2',
    );
    const { errors } = read(sesnspVictimsLong, 'state.csv', lines.join('\n'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: 'state.csv', line: 4, column: 'cve_ent' });
    expect(errors[0].message).toContain('"33"');
  });

  it('n_year / n_month that contradict date_year_month are an error', () => {
    const lines = [...LONG_OK];
    lines[4] = longRow(
      '2024-02-15',
      '2024',
      '03',
      '01',
      'Aguascalientes',
      'Homicidio doloso',
      'Con arma de fuego',
      'Hombre',
      '5',
    );
    const { errors } = read(sesnspVictimsLong, 'date.csv', lines.join('\n'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ line: 5, column: 'n_month' });
  });

  it('a state name contradicting cve_ent is an error', () => {
    const lines = [...LONG_OK];
    lines[2] = longRow(
      '2024-01-15',
      '2024',
      '01',
      '01',
      'Sonora',
      'Homicidio doloso',
      'Con arma de fuego',
      'Mujer',
      '1',
    );
    const { errors } = read(sesnspVictimsLong, 'name.csv', lines.join('\n'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ line: 3, column: 'nombre_estado' });
  });

  it('non-numeric and negative counts are DataErrors naming file, line and column', () => {
    for (const [bad, what] of [
      ['tres', 'not a number'],
      ['-2', 'negative'],
    ]) {
      const lines = [...LONG_OK];
      lines[6] = longRow(
        '2024-02-15',
        '2024',
        '02',
        '15',
        'Estado de México',
        'Homicidio doloso',
        'Con arma de fuego',
        'Hombre',
        bad,
      );
      const err = thrown(() => read(sesnspVictimsLong, 'count.csv', lines.join('\n')));
      expect(err.message).toContain(what);
      expect(err.message).toContain('count.csv:7');
      expect(err.location).toEqual({ file: 'count.csv', line: 7, field: 'n_victimas' });
    }
  });

  it('an unknown or a missing column is a DataError naming it', () => {
    const extra = LONG_OK.map((l, i) => `${l},${i === 0 ? 'fuente' : 'x'}`);
    const err = thrown(() => read(sesnspVictimsLong, 'extra.csv', extra.join('\n')));
    expect(err.message).toContain('unknown column "fuente"');
    expect(err.location.field).toBe('fuente');

    const missing = LONG_OK.map((l) => l.split(',').slice(0, 11).join(','));
    const err2 = thrown(() => read(sesnspVictimsLong, 'missing.csv', missing.join('\n')));
    expect(err2.message).toContain('missing column "n_victimas"');
    expect(err2.location.field).toBe('n_victimas');
  });

  it('a truncated file (last row cut short) is a DataError naming the line', () => {
    const text = LONG_OK.join('\n');
    const cut = text.slice(0, text.length - 30);
    const err = thrown(() => read(sesnspVictimsLong, 'cut.csv', cut));
    expect(err.message).toMatch(/cut\.csv:9: too few fields/);
    expect(err.location.line).toBe(9);
  });
});

// ---------------------------------------------------------------------------------------------------------

describe('sesnspVictimsTimeseries (fixtures)', () => {
  const rows = (month: string, ags: number, jal: number, nat = ags + jal) => [
    `${month}-01,Nacional,Homicidio doloso,${nat}`,
    `${month}-01,Aguascalientes,Homicidio doloso,${ags}`,
    `${month}-01,Jalisco,Homicidio doloso,${jal}`,
    `${month}-01,Nacional,Secuestro,0`,
    `${month}-01,Aguascalientes,Secuestro,0`,
    `${month}-01,Jalisco,Secuestro,0`,
  ];
  const TS = [
    TS_HEADER,
    ...rows('2024-11', 5, 100),
    ...rows('2024-12', 0, 90),
    ...rows('2025-01', 0, 0),
    ...rows('2025-02', 0, 0),
  ];

  it('reads states and Nacional as separate series and drops trailing zero padding', () => {
    const { series, issues } = read(sesnspVictimsTimeseries, 'ts.csv', `${TS.join('\n')}\n`);
    expect(series.map((s) => `${s.meta.id}/${s.meta.level}`)).toEqual([
      'sesnsp.victims.homicidio-doloso/state',
      'sesnsp.victims.homicidio-doloso/national',
      'sesnsp.victims.secuestro/state',
      'sesnsp.victims.secuestro/national',
    ]);
    const st = byId(series, 'sesnsp.victims.homicidio-doloso', 'state');
    const nat = byId(series, 'sesnsp.victims.homicidio-doloso', 'national');
    expect(st.areas).toEqual(['01', '14']);
    expect(nat.areas).toEqual(['00']);
    expect(value(st, '01', '2024-12')).toBe(0); // a real zero inside the data is kept
    expect(value(nat, '00', '2024-11')).toBe(105);
    expect(lastMonth(st)).toBe('2024-12');
    expect(st.meta.vintage).toBe('2024-12');
    expect(st.meta.droppedMonths).toEqual(['2025-01', '2025-02']);
    expect(issues).toHaveLength(1);
    expect(issues[0].severity).toBe('warning');
    expect(issues[0].message).toContain('zero padding');
    expect(st.meta.warnings).toEqual(issues);
  });

  it('warns when Nacional is not the sum of the states', () => {
    const lines = [TS_HEADER, ...rows('2024-11', 5, 100, 106), ...rows('2024-12', 1, 90)];
    const { issues } = read(sesnspVictimsTimeseries, 'nat.csv', lines.join('\n'));
    expect(issues.map((i) => i.severity)).toEqual(['warning']);
    expect(issues[0].message).toContain('Nacional 106, states 105');
  });

  it('an unknown state name is an error; bad counts are DataErrors', () => {
    const lines = [...TS];
    lines[2] = '2024-11-01,Atlantis,Homicidio doloso,5';
    const { errors } = read(sesnspVictimsTimeseries, 'bad.csv', lines.join('\n'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: 'bad.csv', line: 3, column: 'entidad' });
    expect(errors[0].message).toContain('Atlantis');

    lines[2] = '2024-11-01,Aguascalientes,Homicidio doloso,5x';
    const err = thrown(() => read(sesnspVictimsTimeseries, 'nan.csv', lines.join('\n')));
    expect(err.location).toEqual({ file: 'nan.csv', line: 3, field: 'total' });
    lines[2] = '2024-11-01,Aguascalientes,Homicidio doloso,-5';
    expect(thrown(() => read(sesnspVictimsTimeseries, 'neg.csv', lines.join('\n'))).message).toContain(
      'negative',
    );
  });

  it('a duplicated row is an error', () => {
    const lines = [...TS, '2024-11-01,Jalisco,Homicidio doloso,100'];
    const { errors } = read(sesnspVictimsTimeseries, 'dup.csv', lines.join('\n'));
    expect(errors).toHaveLength(1);
    expect(errors[0].line).toBe(lines.length);
  });

  it('a missing column is a DataError naming it', () => {
    const err = thrown(() =>
      read(sesnspVictimsTimeseries, 'mc.csv', 'isodate,entidad,delito\n2024-01-01,Jalisco,Secuestro\n'),
    );
    expect(err.location.field).toBe('total');
  });
});

// ---------------------------------------------------------------------------------------------------------

describe('sesnspWideState (fixtures)', () => {
  const WIDE = [
    WIDE_STATE_HEADER,
    wideRow(2024, '01', 'Aguascalientes', 'Homicidio doloso', 'Con arma de fuego', full(1)),
    wideRow(
      2024,
      '01',
      'Aguascalientes',
      'Homicidio doloso',
      'Con arma blanca',
      full(0).map(() => 2),
    ),
    wideRow(2024, '16', 'Michoacán de Ocampo', 'Homicidio doloso', 'Con arma de fuego', full(100)),
    wideRow(2025, '01', 'Aguascalientes', 'Homicidio doloso', 'Con arma de fuego', [7, 8]),
    wideRow(2025, '01', 'Aguascalientes', 'Homicidio doloso', 'Con arma blanca', [0, 1]),
    wideRow(2025, '16', 'Michoacán de Ocampo', 'Homicidio doloso', 'Con arma de fuego', [90, 91]),
  ];

  it('reads Latin-1, sums modalities and drops the months not yet published', () => {
    const { series, issues } = read(sesnspWideState, 'estatal.csv', latin1(WIDE));
    expect(issues).toEqual([]);
    expect(series).toHaveLength(1);
    const s = series[0];
    expect(s.meta).toMatchObject({
      id: 'sesnsp.incidence.homicidio-doloso',
      unit: 'carpetas',
      level: 'state',
      source: 'sesnsp-incidence',
      format: 'sesnsp-incidence-state-wide',
      encoding: 'latin-1',
      vintage: '2025-02',
      rows: 6,
      droppedMonths: months('2025-03', '2025-12'),
    });
    expect(s.areas).toEqual(['01', '16']);
    expect(value(s, '01', '2024-01')).toBe(3);
    expect(value(s, '01', '2024-12')).toBe(14);
    expect(value(s, '16', '2025-02')).toBe(91);
    expect(lastMonth(s)).toBe('2025-02');
  });

  it('an empty month before the last published one is a "missing month" error', () => {
    const lines = [...WIDE];
    lines[3] = wideRow(2024, '16', 'Michoacán de Ocampo', 'Homicidio doloso', 'Con arma de fuego', [
      ...full(100).slice(0, 5),
      '',
      ...full(100).slice(6),
    ]);
    let r = read(sesnspWideState, 'hole.csv', latin1(lines));
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ file: 'hole.csv', line: 4, column: 'Junio' });
    expect(r.errors[0].message).toContain('missing month');
    expect(r.errors[0].message).toContain('2024-06');

    // A row that stops early (trailing empties) while other rows go on is missing months too.
    lines[3] = wideRow(
      2024,
      '16',
      'Michoacán de Ocampo',
      'Homicidio doloso',
      'Con arma de fuego',
      full(100).slice(0, 10),
    );
    r = read(sesnspWideState, 'short.csv', latin1(lines));
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ line: 4, column: 'Noviembre' });
    lines[3] = WIDE[3];
    lines[6] = wideRow(2025, '16', 'Michoacán de Ocampo', 'Homicidio doloso', 'Con arma de fuego', [90]);
    r = read(sesnspWideState, 'short2.csv', latin1(lines));
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ line: 7, column: 'Febrero' });
  });

  it('a duplicated row (same state, subtype, modality and year) is an error naming both lines', () => {
    const lines = [...WIDE, WIDE[2]];
    const { errors } = read(sesnspWideState, 'dup.csv', latin1(lines));
    expect(errors).toHaveLength(1);
    expect(errors[0].line).toBe(8);
    expect(errors[0].message).toContain('already given on line 3');
  });

  it('an unknown state code is an error; bad counts are DataErrors naming line and month', () => {
    const lines = [...WIDE];
    lines[3] = wideRow(2024, '40', 'Atlantis', 'Homicidio doloso', 'Con arma de fuego', full(100));
    const { errors } = read(sesnspWideState, 'st.csv', latin1(lines));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ line: 4, column: 'Clave_Ent' });

    lines[3] = wideRow(2024, '16', 'Michoacán de Ocampo', 'Homicidio doloso', 'Con arma de fuego', [
      ...full(100).slice(0, 2),
      'n/d',
      ...full(100).slice(3),
    ]);
    const err = thrown(() => read(sesnspWideState, 'nd.csv', latin1(lines)));
    expect(err.location).toEqual({ file: 'nd.csv', line: 4, field: 'Marzo' });
    lines[3] = wideRow(2024, '16', 'Michoacán de Ocampo', 'Homicidio doloso', 'Con arma de fuego', [
      -1,
      ...full(100).slice(1),
    ]);
    const neg = thrown(() => read(sesnspWideState, 'neg.csv', latin1(lines)));
    expect(neg.message).toContain('negative');
    expect(neg.location).toEqual({ file: 'neg.csv', line: 4, field: 'Enero' });
  });

  it('thousands separators in quoted cells are read as counts', () => {
    const lines = [
      WIDE_STATE_HEADER,
      `${wideRow(2024, '15', 'México', 'Robo a negocio', 'Con violencia', full(1)).replace(/,1,2,3,/, ',"1,001",2,3,')}`,
    ];
    const { series } = read(sesnspWideState, 'thousands.csv', latin1(lines));
    expect(value(series[0], '15', '2024-01')).toBe(1001);
  });

  it('unknown and missing columns are DataErrors naming the column', () => {
    const extra = WIDE.map((l, i) => `${l},${i === 0 ? 'Total' : '0'}`);
    const err = thrown(() => read(sesnspWideState, 'x.csv', latin1(extra)));
    expect(err.location.field).toBe('Total');
    expect(err.message).toContain('unknown column "Total"');
    const missing = WIDE.map((l) =>
      l
        .split(',')
        .filter((_, i) => i !== 6)
        .join(','),
    );
    const err2 = thrown(() => read(sesnspWideState, 'y.csv', latin1(missing)));
    expect(err2.location.field).toBe('Modalidad');
    expect(err2.message).toContain('missing column "Modalidad"');
  });

  it('a truncated file is a DataError naming the line', () => {
    const text = latin1(WIDE, '\n');
    const err = thrown(() => read(sesnspWideState, 'cut.csv', text.subarray(0, text.length - 12)));
    expect(err.location.line).toBe(7);
    expect(err.message).toContain('too few fields');
  });
});

describe('sesnspWideMunicipal (IDM_NM-format fixture)', () => {
  it('reads a Latin-1 municipal file without a municipal reference (shape and state prefix checked)', () => {
    const { series, issues, errors } = read(sesnspWideMunicipal, 'IDM_NM_mar25.csv', latin1(IDM_LINES));
    expect(errors).toEqual([]);
    expect(series.map((s) => s.meta.id)).toEqual([
      'sesnsp.incidence-municipal.feminicidio',
      'sesnsp.incidence-municipal.homicidio-doloso',
    ]);
    const h = byId(series, 'sesnsp.incidence-municipal.homicidio-doloso');
    expect(h.meta).toMatchObject({
      unit: 'carpetas',
      level: 'municipality',
      source: 'sesnsp-incidence',
      format: 'sesnsp-incidence-municipal-wide',
      encoding: 'latin-1',
      vintage: '2025-03',
      rows: 12,
      droppedMonths: months('2025-04', '2025-12'),
    });
    expect(h.areas).toEqual(['01001', '01005', '16102']);
    expect(value(h, '01001', '2024-01')).toBe(2);
    expect(value(h, '01001', '2024-12')).toBe(13);
    expect(value(h, '01001', '2025-03')).toBe(6);
    expect(value(h, '16102', '2025-02')).toBe(21);
    expect(value(h, '01005', '2025-01')).toBe(1);
    expect(h.months).toBe(15);
    // The "No especificado" rows (09999) are dropped, with one warning giving what was dropped.
    expect(issues).toHaveLength(1);
    expect(issues[0].severity).toBe('warning');
    expect(issues[0].message).toContain('09999');
    expect(issues[0].message).toContain('27 carpetas');
  });

  it('matches renamed headers (AÑO, Cve.Municipio) accent- and case-insensitively', () => {
    const lines = [...IDM_LINES];
    lines[0] = lines[0]
      .replace('Año', 'AÑO')
      .replace('Cve. Municipio', 'Cve.Municipio')
      .replace('Bien jurídico', 'BIEN JURIDICO');
    const { series } = read(sesnspWideMunicipal, 'renamed.csv', latin1(lines));
    expect(value(byId(series, 'sesnsp.incidence-municipal.feminicidio'), '16102', '2025-02')).toBe(1);
  });

  describeWithData('with the CONAPO municipal reference', () => {
    it('checks the codes against the known municipalities', () => {
      const areas = conapoMunicipalities();
      const ok = read(sesnspWideMunicipal, 'idm.csv', latin1(IDM_LINES), areas);
      expect(ok.errors).toEqual([]);
      const lines = [...IDM_LINES];
      lines[3] = munRow(
        2024,
        '1',
        'Aguascalientes',
        '1300',
        'Inventado',
        'Homicidio doloso',
        'Con arma de fuego',
        full(0),
      );
      const bad = read(sesnspWideMunicipal, 'idm.csv', latin1(lines), areas);
      expect(bad.errors).toHaveLength(1);
      expect(bad.errors[0]).toMatchObject({ line: 4, column: 'Cve. Municipio' });
      expect(bad.errors[0].message).toContain('01300');
    });
  });

  it('a municipality outside its state is an error', () => {
    const lines = [...IDM_LINES];
    lines[5] = munRow(
      2024,
      '16',
      'Michoacán de Ocampo',
      '14102',
      'Uruapan',
      'Homicidio doloso',
      'Con arma de fuego',
      full(10),
    );
    const { errors } = read(sesnspWideMunicipal, 'mx.csv', latin1(lines));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ line: 6, column: 'Cve. Municipio' });
  });
});

// ---------------------------------------------------------------------------------------------------------

describe('sesnspMunicipalNames (fixtures)', () => {
  it('needs the municipal names: a DataError without a municipal reference', () => {
    const err = thrown(() => read(sesnspMunicipalNames, 'n.csv', `${NAMES_HEADER}\n`));
    expect(err.message).toMatch(/municipal names.*CONAPO municipal population or the INEGI census/);
  });

  it('matches names to codes, drops and reports unmatched pairs, skips Total', () => {
    const areas = new AreaRegistry();
    areas.addMunicipality('01001', 'Aguascalientes', 'population');
    areas.addMunicipality('01002', 'Asientos', 'population');
    areas.addMunicipality('25006', 'Culiacán', 'population');
    const lines = [
      NAMES_HEADER,
      namesRow('Aguascalientes', 'Aguascalientes', '0.0', '4.0', '1.0', '5.0', '2024', 'Enero'),
      namesRow('Aguascalientes', 'Asientos', '1.0', '1.0', '1.0', '3.0', '2024', 'Enero'),
      namesRow('Sinaloa', 'CULIACAN', '0.0', '2.0', '60.0', '62.0', '2024', 'Enero'),
      namesRow('Sinaloa', 'Eldorado', '0.0', '0.0', '9.0', '9.0', '2024', 'Enero'),
      namesRow('Aguascalientes', 'Aguascalientes', '0.0', '3.0', '2.0', '5.0', '2024', 'Febrero'),
      namesRow('Sinaloa', 'Eldorado', '0.0', '0.0', '7.0', '7.0', '2024', 'Febrero'),
    ];
    const { series, issues } = read(sesnspMunicipalNames, 'names.csv', `${lines.join('\n')}\n`, areas);
    expect(series.map((s) => s.meta.id)).toEqual([
      'sesnsp.incidence-municipal.feminicidio',
      'sesnsp.incidence-municipal.homicidio-culposo',
      'sesnsp.incidence-municipal.homicidio-doloso',
      'sesnsp.incidence-municipal.otros-delitos-que-atentan-contra-la-vida-y-la-integridad-corporal',
    ]);
    const d = byId(series, 'sesnsp.incidence-municipal.homicidio-doloso');
    expect(d.meta).toMatchObject({
      unit: 'carpetas',
      level: 'municipality',
      source: 'sesnsp-municipal-partial',
      vintage: '2024-02',
    });
    expect(d.areas).toEqual(['01001', '01002', '25006']);
    expect(value(d, '25006', '2024-01')).toBe(60);
    expect(value(d, '01001', '2024-02')).toBe(2);
    expect(value(d, '01002', '2024-02')).toBeNaN(); // absent row: not reported
    expect(issues).toHaveLength(1);
    expect(issues[0].severity).toBe('warning');
    expect(issues[0].message).toContain('1 state/municipality name pairs');
    expect(issues[0].message).toContain('2 rows with 16 carpetas dropped');
    expect(issues[0].message).toContain('Sinaloa / Eldorado');
  });

  it('bad counts, unknown states, bad months and a period contradicting Año/Mes', () => {
    const areas = new AreaRegistry();
    areas.addMunicipality('01001', 'Aguascalientes', 'population');
    const ok = namesRow('Aguascalientes', 'Aguascalientes', '0.0', '4.0', '1.0', '5.0', '2024', 'Enero');
    const go = (row: string) =>
      read(sesnspMunicipalNames, 'nb.csv', `${NAMES_HEADER}\n${ok}\n${row}\n`, areas);
    expect(
      thrown(() =>
        go(namesRow('Aguascalientes', 'Aguascalientes', 'x', '4.0', '1.0', '5.0', '2024', 'Febrero')),
      ).location,
    ).toEqual({
      file: 'nb.csv',
      line: 3,
      field: 'Feminicidio',
    });
    expect(
      thrown(() =>
        go(namesRow('Aguascalientes', 'Aguascalientes', '0.0', '-4.0', '1.0', '5.0', '2024', 'Febrero')),
      ).message,
    ).toContain('negative');
    expect(
      go(namesRow('Atlantis', 'Aguascalientes', '0.0', '4.0', '1.0', '5.0', '2024', 'Febrero')).errors[0],
    ).toMatchObject({
      line: 3,
      column: 'Entidad',
    });
    expect(
      go(namesRow('Aguascalientes', 'Aguascalientes', '0.0', '4.0', '1.0', '5.0', '2024', 'Brumario'))
        .errors[0],
    ).toMatchObject({
      line: 3,
      column: 'Mes',
    });
    const contradicting = ok.replace('"Enero 2024"', '"Febrero 2024"').replace('"Enero"', '"Marzo"');
    expect(go(contradicting).errors[0]).toMatchObject({ line: 3, column: 'Periodo' });
    expect(go(ok).errors[0]).toMatchObject({ line: 3, column: 'Municipio' }); // duplicate row
  });

  it('a missing column is a DataError naming it', () => {
    const areas = new AreaRegistry();
    areas.addMunicipality('01001', 'Aguascalientes', 'population');
    const header = NAMES_HEADER.replace('"Mes",', '');
    const err = thrown(() => read(sesnspMunicipalNames, 'nm.csv', `${header}\n`, areas));
    expect(err.location.field).toBe('Mes');
  });
});

// ---------------------------------------------------------------------------------------------------------
// Real files (figures from shared/data/SOURCES.md, sections 1 and 2)

function readReal(reader: Reader, rel: string, areas = AreaRegistry.states()) {
  const input = readTextFile(sharedPath(rel), rel);
  expect(detected(input)).toEqual([reader.format]);
  const ctx = context(rel, input, areas);
  const series = reader.read(ctx);
  return { series, issues: ctx.issues, input };
}

const noErrors = (issues: Issue[]) => expect(issues.filter((i) => i.severity === 'error')).toEqual([]);

describeWithData('SESNSP victims, long format (real vintages)', () => {
  const V2506 = 'sesnsp_state_victims_arroyov/vintage_2025-06/db_victimas_delitos_ent_long.csv.bz2';
  const V2408 = 'sesnsp_state_victims_arroyov/vintage_2024-08/db_victimas_delitos_ent_long.csv.bz2';

  it('vintage 2025-06: 927,360 rows, 126 months, 32 states, 15 subtypes; Homicidio doloso totals', () => {
    const { series, issues, input } = readReal(sesnspVictimsLong, V2506);
    noErrors(issues);
    expect(issues).toEqual([]);
    expect(input.compression).toBe('bzip2');
    // Independent row count: non-empty lines after the header.
    const lines = input.text.split('\n').filter((l) => l !== '').length - 1;
    expect(lines).toBe(927_360);
    expect(series).toHaveLength(15);
    for (const s of series) {
      expect(s.meta.rows).toBe(927_360);
      expect(s.meta.vintage).toBe('2025-06');
      expect(s.meta.source).toBe('sesnsp-victims');
      expect(s.areas).toHaveLength(32);
      expect(monthLabel(s.start)).toBe('2015-01');
      expect(s.months).toBe(126);
      expect(s.values.some(Number.isNaN)).toBe(false);
    }
    expect(series.map((s) => s.meta.id)).toContain(
      'sesnsp.victims.otros-delitos-que-atentan-contra-la-vida-y-la-integridad-corporal',
    );
    const h = byId(series, 'sesnsp.victims.homicidio-doloso');
    expect(yearTotal(h, 2019)).toBe(34_723);
    expect(yearTotal(h, 2023)).toBe(29_721);
    expect(yearTotal(h, 2024)).toBe(30_046);
  });

  it('vintage 2024-08: Homicidio doloso 2023 = 29,710, last month 2024-08', () => {
    const { series, issues } = readReal(sesnspVictimsLong, V2408);
    expect(issues).toEqual([]);
    const h = byId(series, 'sesnsp.victims.homicidio-doloso');
    expect(yearTotal(h, 2023)).toBe(29_710);
    expect(lastMonth(h)).toBe('2024-08');
    expect(h.meta.vintage).toBe('2024-08');
  });
});

describeWithData('SESNSP victims, lapanquecita timeseries (real)', () => {
  it('Nacional Homicidio doloso 2023 = 29,714; real data to 2025-01, padding 2025-02..12 dropped', () => {
    const { series, issues } = readReal(
      sesnspVictimsTimeseries,
      'sesnsp_lapanquecita/timeseries_victimas.csv',
    );
    noErrors(issues);
    expect(issues).toHaveLength(1); // the zero-padding warning; Nacional equals the sum of the states
    expect(series).toHaveLength(30);
    const nat = byId(series, 'sesnsp.victims.homicidio-doloso', 'national');
    const st = byId(series, 'sesnsp.victims.homicidio-doloso', 'state');
    expect(yearTotal(nat, 2023)).toBe(29_714);
    expect(yearTotal(st, 2023)).toBe(29_714);
    expect(st.areas).toHaveLength(32);
    expect(lastMonth(nat)).toBe('2025-01');
    expect(lastMonth(st)).toBe('2025-01');
    expect(nat.meta.vintage).toBe('2025-01');
    expect(nat.meta.droppedMonths).toEqual(months('2025-02', '2025-12'));
    expect(value(nat, '00', '2015-01')).toBe(1354);
  });
});

describeWithData('SESNSP state incidence, official wide format (real estatal_n.csv)', () => {
  it('3,648 rows; Homicidio doloso Jan–Mar 2026 = 1,392 / 1,206 / 1,398; Abril..Diciembre dropped', () => {
    const { series, issues } = readReal(sesnspWideState, 'sesnsp_lapanquecita/estatal_n.csv');
    expect(issues).toEqual([]);
    const h = byId(series, 'sesnsp.incidence.homicidio-doloso');
    expect(h.meta).toMatchObject({ rows: 3648, encoding: 'latin-1', vintage: '2026-03', unit: 'carpetas' });
    expect(h.meta.droppedMonths).toEqual(months('2026-04', '2026-12'));
    expect(h.areas).toHaveLength(32);
    expect(monthTotal(h, '2026-01')).toBe(1392);
    expect(monthTotal(h, '2026-02')).toBe(1206);
    expect(monthTotal(h, '2026-03')).toBe(1398);
    expect(h.months).toBe(3);
    // Quoted subtypes with commas are one column.
    expect(series.some((s) => s.meta.id.startsWith('sesnsp.incidence.robo-de-maquinaria-cables'))).toBe(true);
  });
});

/** Homicidio doloso carpetas in 2024-01 over the matched municipalities (2,049 in the whole file). */
const JAN_MATCHED = 2043;

describeWithData('SESNSP municipal partial file, matched by names (real)', () => {
  const REL = 'sesnsp_municipal_partial_sebrodriguezh/violencia_homicida_municipal_nacional_2024_2025.csv';

  it('44,748 rows, 18 months; matched Homicidio doloso checked by an independent computation', () => {
    const areas = conapoMunicipalities();
    const { series, issues, input } = readReal(sesnspMunicipalNames, REL, areas);
    noErrors(issues);
    expect(series).toHaveLength(4);
    const h = byId(series, 'sesnsp.incidence-municipal.homicidio-doloso');
    expect(h.meta.rows).toBe(44_748);
    expect(monthLabel(h.start)).toBe('2024-01');
    expect(h.months).toBe(18);
    expect(h.meta.vintage).toBe('2025-06');

    // Independent: every field is quoted, so a row splits on '","'.
    const rows = input.text
      .split('\n')
      .filter((l) => l !== '')
      .slice(1)
      .map((l) => l.slice(1, -1).split('","'));
    expect(rows).toHaveLength(44_748);
    const pairs = new Set(rows.map((r) => `${r[0]}|${r[1]}`));
    expect(pairs.size).toBe(2486);
    const matched = [...pairs].filter((p) => {
      const [ent, mun] = p.split('|');
      const state = areas.stateCode(ent);
      return state !== undefined && areas.municipalityByName(state, mun) !== undefined;
    });
    let jan = 0;
    let janAll = 0;
    for (const r of rows) {
      if (r[6] !== '2024' || r[7] !== 'Enero') continue;
      janAll += Number(r[4]);
      const state = areas.stateCode(r[0]);
      if (state !== undefined && areas.municipalityByName(state, r[1]) !== undefined) jan += Number(r[4]);
    }
    expect(janAll).toBe(2049);
    expect(h.areas).toHaveLength(matched.length);
    expect(monthTotal(h, '2024-01')).toBe(jan);
    expect(jan).toBeLessThanOrEqual(2049);

    // The exact figures of this matching (CONAPO names, with the honorific-prefix and district fallbacks
    // of areas.ts): 2,465 of 2,486 pairs matched.
    expect(matched.length).toBe(2465);
    expect(jan).toBe(JAN_MATCHED);
    const unmatched = issues.filter((i) => i.message.includes('name pairs match no known municipality'));
    expect(unmatched).toHaveLength(1);
    expect(unmatched[0].severity).toBe('warning');
    expect(unmatched[0].message).toContain(`${2486 - matched.length} state/municipality name pairs`);
    expect(unmatched[0].message).toContain(`${(2486 - matched.length) * 18} rows`);
    expect(unmatched[0].message.split('; ').length).toBeLessThanOrEqual(20);
  });
});
