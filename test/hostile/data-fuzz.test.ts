import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { AreaRegistry } from '../../src/data/areas.js';
import { DataError } from '../../src/data/errors.js';
import { SERIES_READERS } from '../../src/data/formats/index.js';
import type { Reader } from '../../src/data/formats/reader.js';
import { REFERENCE_READERS, type ReferenceReader } from '../../src/data/formats/reference.js';
import { decodeText, decompress, type TextFile } from '../../src/data/formats/text.js';
import { importData } from '../../src/data/import.js';
import { monthIndex } from '../../src/data/panel/months.js';
import type { Issue, Series } from '../../src/data/panel/series.js';

/**
 * Property-based fuzzing of every reader in src/data/formats: whatever the bytes, a reader returns or
 * throws a DataError (file, line or field, what was expected), never a TypeError, RangeError or a stack
 * overflow. Three kinds of input: arbitrary bytes; near-valid tables (the reader's real header, rows of
 * valid cells mixed with hostile ones: quotes, huge numbers, NaN, negatives, BOMs, Latin-1 bytes, wrong
 * widths); and whole imports of a folder holding one generated file. Fixed seed, bounded runs.
 */
const SEED = 20_261_203;
const RUNS = 120;
/** Longer messages than this echo input instead of describing it. */
const MAX_MESSAGE = 4000;

/** A fresh registry: states only, or states plus a few municipalities (names reader, known codes). */
function registry(withMunicipalities: boolean): AreaRegistry {
  const areas = new AreaRegistry();
  if (withMunicipalities) {
    for (const [code, name] of [
      ['01001', 'Aguascalientes'],
      ['01002', 'Asientos'],
      ['17007', 'Cuernavaca'],
      ['09015', 'Cuauhtémoc'],
    ]) {
      areas.addMunicipality(code, name, 'population');
      areas.setPopulation(code, 2020, 1000);
    }
  }
  return areas;
}

function textFile(text: string): TextFile {
  return { text, encoding: 'utf-8', compression: 'none', bytes: text.length };
}

/** Decode bytes as the importer does; a DataError here (binary, UTF-16, damaged gzip) is an allowed answer. */
function decoded(bytes: Uint8Array): TextFile | undefined {
  try {
    const { bytes: raw, compression } = decompress(Buffer.from(bytes), 'fuzz.csv');
    const { text, encoding } = decodeText(raw, 'fuzz.csv');
    return { text, encoding, compression, bytes: bytes.length };
  } catch (err) {
    if (err instanceof DataError) return undefined;
    throw err;
  }
}

/** Run a reader on a text; anything but a DataError propagates (and fails the property). */
function feed(reader: Reader | ReferenceReader, input: TextFile, withMunicipalities: boolean): void {
  const ctx = { file: 'fuzz.csv', input, areas: registry(withMunicipalities), issues: [] as Issue[] };
  try {
    if ('read' in reader) for (const series of reader.read(ctx)) expectSane(series);
    else reader.load(ctx);
  } catch (err) {
    if (!(err instanceof DataError)) throw err;
    // It names the file, in the message and as a field; and being for people, it does not echo megabytes.
    expect(err.location.file).toBe('fuzz.csv');
    expect(err.message.startsWith('fuzz.csv')).toBe(true);
    expect(err.message.length).toBeLessThan(MAX_MESSAGE);
  }
  for (const issue of ctx.issues) expect(issue.message.length).toBeLessThan(MAX_MESSAGE);
}

/** What a reader returns is usable: months within 1990–2100, counts finite and ≥ 0 (or NaN: not reported). */
function expectSane(s: Series): void {
  expect(s.start).toBeGreaterThanOrEqual(0);
  expect(s.start + s.months).toBeLessThanOrEqual(monthIndex(2101, 1));
  expect(s.values.length).toBe(s.areas.length * s.months);
  for (const v of s.values) if (!Number.isNaN(v)) expect(v >= 0 && Number.isFinite(v)).toBe(true);
}

// ---------------------------------------------------------------------------------------------------------
// Rows: coherent valid rows (so that a reader gets past its own checks), then hostile mutations.

const pad = (n: number, w: number) => String(n).padStart(w, '0');
/** Mostly plausible years, sometimes absurd ones (a 0001–9999 span would ask for 120,000 months per area). */
const yearN = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 1995, max: 2030 }) },
  { weight: 1, arbitrary: fc.constantFrom(1, 1000, 1989, 2101, 2200, 9999) },
);
const monthN = fc.integer({ min: 1, max: 12 });
const count = fc.nat(5000).map(String);
const stateN = fc.integer({ min: 1, max: 32 });
const stateName = fc.constantFrom('Aguascalientes', 'Morelos', 'Jalisco', 'Ciudad de México', 'Nacional');
const munCode = fc.constantFrom('01001', '01002', '17007', '17093', '01999', '01998', '99998', '09015');
const crime = fc.constantFrom('Homicidio doloso', 'Feminicidio', 'Secuestro', 'Extorsión', 'Robo', 'Otro');
const MONTHS_ES = [
  'Enero',
  'Febrero',
  'Marzo',
  'Abril',
  'Mayo',
  'Junio',
  'Julio',
  'Agosto',
  'Septiembre',
  'Octubre',
  'Noviembre',
  'Diciembre',
];

/** Cells that have broken parsers before: numbers out of range, quotes, sentinels, prototype keys, size. */
const HOSTILE = [
  '',
  ' ',
  'NA',
  'NaN',
  '-1',
  '-0',
  '1.5',
  '1e309',
  '-1e309',
  '1e21',
  '99999999999999999999999',
  '9007199254740993',
  '0x1F',
  'Infinity',
  '1,234',
  '"',
  '""',
  'a"b',
  '"a,b"',
  '\uFEFF',
  '\uFFFD',
  '\u0000',
  '\r',
  '\uD800',
  'Ñandú',
  'A\u00f1o',
  '0000-00-00',
  '0001-01-01',
  '9999-12-31',
  '2020-13-01',
  '2020-1',
  '00',
  '33',
  '99',
  '999',
  '000',
  '99999',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'x'.repeat(100_000),
];

const hostileCell: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ minLength: 200, maxLength: 3000 }) },
  { weight: 1, arbitrary: fc.double().map(String) },
  { weight: 1, arbitrary: fc.integer({ min: -1e6, max: 1e12 }).map(String) },
);

interface Template {
  reader: Reader | ReferenceReader;
  delimiter: string;
  header: string[];
  /** A valid, coherent data row (dates that agree with year/month columns, codes of real states). */
  row: fc.Arbitrary<string[]>;
  /** Lines before the header (census web exports have titles). */
  preamble?: string[];
}

const byFormat = (format: string): Reader | ReferenceReader => {
  const r = [...SERIES_READERS, ...REFERENCE_READERS].find((x) => x.format === format);
  if (!r) throw new Error(`no reader ${format}`);
  return r;
};

const CIDE_DEATHS = [
  'total.people.dead',
  'military.dead',
  'navy.dead',
  'federal.police.dead',
  'afi.dead',
  'state.police.dead',
  'ministerial.police.dead',
  'municipal.police.dead',
  'public.prosecutor.dead',
  'organized.crime.dead',
  'civilian.dead',
];

const monthCells = fc.array(fc.oneof(count, fc.constant('')), { minLength: 12, maxLength: 12 });

const TEMPLATES: Template[] = [
  {
    reader: byFormat('sesnsp-victims-long'),
    delimiter: ',',
    header: [
      'date_year_month',
      'n_year',
      'n_month',
      'cve_ent',
      'nombre_estado',
      'bien_juridico_afectado',
      'tipo_de_delito',
      'subtipo_de_delito',
      'modalidad',
      'genero',
      'rango_de_edad',
      'n_victimas',
    ],
    row: fc
      .tuple(yearN, monthN, stateN, crime, count)
      .map(([y, m, s, c, n]) => [
        `${pad(y, 4)}-${pad(m, 2)}-15`,
        String(y),
        String(m),
        String(s),
        '',
        'La vida',
        c,
        c,
        'Con arma de fuego',
        'Hombre',
        'Adultos',
        n,
      ]),
  },
  {
    reader: byFormat('sesnsp-victims-timeseries'),
    delimiter: ',',
    header: ['isodate', 'entidad', 'delito', 'total'],
    row: fc
      .tuple(yearN, monthN, stateName, crime, count)
      .map(([y, m, s, c, n]) => [`${pad(y, 4)}-${pad(m, 2)}-01`, s, c, n]),
  },
  ...(['state', 'municipal'] as const).map(
    (level): Template => ({
      reader: byFormat(`sesnsp-incidence-${level}-wide`),
      delimiter: ',',
      header: [
        'Año',
        'Clave_Ent',
        'Entidad',
        ...(level === 'municipal' ? ['Cve. Municipio', 'Municipio'] : []),
        'Bien jurídico afectado',
        'Tipo de delito',
        'Subtipo de delito',
        'Modalidad',
        ...MONTHS_ES,
      ],
      row: fc
        .tuple(yearN, munCode, crime, monthCells)
        .map(([y, mun, c, months]) => [
          String(y),
          mun.slice(0, 2),
          '',
          ...(level === 'municipal' ? [mun, 'x'] : []),
          'La vida',
          c,
          c,
          'Con arma blanca',
          ...months,
        ]),
    }),
  ),
  {
    reader: byFormat('sesnsp-municipal-names'),
    delimiter: ',',
    header: ['Entidad', 'Municipio', 'Feminicidio', 'Homicidio doloso', 'Total', 'Año', 'Mes', 'Periodo'],
    row: fc
      .tuple(
        fc.constantFrom(
          ['Aguascalientes', 'Asientos'],
          ['Morelos', 'Cuernavaca'],
          ['Jalisco', 'No Especificado'],
        ),
        count,
        count,
        yearN,
        monthN,
      )
      .map(([[s, m], a, b, y, mo]) => [
        s,
        m,
        a,
        b,
        String(Number(a) + Number(b)),
        String(y),
        MONTHS_ES[mo - 1],
        `${MONTHS_ES[mo - 1]} ${y}`,
      ]),
  },
  ...(['municipal', 'state'] as const).map(
    (level): Template => ({
      reader: byFormat(`inegi-homicides-${level}`),
      delimiter: '|',
      header: [
        level === 'municipal' ? 'ent_mun' : 'cve_ent',
        'year',
        'month',
        'homicides',
        'pop_est',
        'homicide_rate',
      ],
      row: fc
        .tuple(munCode, yearN, monthN, count, fc.oneof(count, fc.constant('NA')))
        .map(([code, y, m, n, pop]) => [
          level === 'municipal' ? code : code.slice(0, 2),
          String(y),
          String(m),
          n,
          pop,
          '1.5',
        ]),
    }),
  ),
  {
    reader: byFormat('rnpdno-municipal'),
    delimiter: ',',
    header: [
      'cvegeo',
      'cve_estado',
      'state',
      'cve_mun',
      'municipality',
      'male',
      'female',
      'undefined',
      'total',
      'year',
      'month',
      'status_id',
    ],
    row: fc
      .tuple(munCode, fc.nat(9), fc.nat(9), yearN, monthN, fc.constantFrom('0', '7', '2', '3', '5', '0.0'))
      .map(([geo, a, b, y, m, st]) => [
        geo,
        geo.slice(0, 2),
        'x',
        geo.slice(2),
        'x',
        String(a),
        String(b),
        '0',
        String(a + b),
        String(y),
        String(m),
        st,
      ]),
  },
  {
    reader: byFormat('cide-ppd-events'),
    delimiter: ',',
    header: [
      'event.id',
      'unix.timestamp',
      'date',
      'state_code',
      'state',
      'state.abbr',
      'mun_code',
      'municipality',
      'detained',
      ...CIDE_DEATHS,
      'source',
      'global.id',
    ],
    row: fc
      .tuple(fc.nat(50), yearN, monthN, fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 120 }))
      .chain(([id, y, m, s, mun]) =>
        fc
          .tuple(
            fc.array(fc.nat(3), { minLength: 10, maxLength: 10 }),
            fc.constantFrom('confrontations', 'aggressions', 'Agresiones'),
          )
          .map(([deaths, source]) => [
            `${id}.0`,
            '1308805210.0',
            `${pad(y, 4)}-${pad(m, 2)}-03`,
            `${s}.0`,
            'NA',
            'NA',
            `${mun}.0`,
            'NA',
            '0.0',
            `${deaths.reduce((a, d) => a + d, 0)}.0`,
            ...deaths.map((d) => `${d}.0`),
            source,
            String(id),
          ]),
      ),
  },
  {
    reader: byFormat('conapo-municipal'),
    delimiter: ',',
    header: ['CVE', 'Entidad', 'Municipio', '2020', '2021'],
    row: fc.tuple(munCode, count, count).map(([code, a, b]) => [code, 'Aguascalientes', 'Asientos', a, b]),
  },
  {
    reader: byFormat('conapo-state'),
    delimiter: ',',
    header: ['ENTIDAD', '2020', '2021'],
    row: fc.tuple(stateName, count, count).map(([s, a, b]) => [s, a, b]),
  },
  {
    reader: byFormat('inegi-census-export'),
    delimiter: ',',
    preamble: ['"Población total"', '""', '"Consulta de: Población total   Por: Entidad y municipio"'],
    header: ['', '', 'Total', 'Hombres', 'Mujeres'],
    row: fc
      .tuple(fc.constantFrom(' 01 001 ', ' 01 002 ', ' 99 999 ', ' 17 093 ', ' '), fc.nat(2_000_000))
      .map(([code, n]) => [code, 'Asientos', n.toLocaleString('en-US'), '1', '2']),
  },
];

/** A field as a CSV writer might (or might not) quote it: 1 = properly, 2 = an opening quote only. */
const quoted = (f: string, how: number) =>
  how === 1 ? `"${f.replace(/"/g, '""')}"` : how === 2 ? `"${f}` : f;

/** Replace some cells of `cells` by hostile ones, and sometimes drop or add a cell. */
function mutate(cells: fc.Arbitrary<string[]>, width: number): fc.Arbitrary<string[]> {
  return fc
    .tuple(
      cells,
      fc.array(fc.tuple(fc.nat(width - 1), hostileCell), { maxLength: 2 }),
      fc.constantFrom(0, 0, 0, 0, 0, 0, -1, 1),
      fc.array(fc.constantFrom(0, 0, 0, 0, 0, 0, 0, 0, 1, 2), { minLength: width, maxLength: width }),
    )
    .map(([row, changes, widthChange, quoting]) => {
      const out = [...row];
      for (const [i, v] of changes) out[i] = v;
      let fields = out.map((f, i) => quoted(f, quoting[i] ?? 0));
      if (widthChange < 0) fields = fields.slice(0, -1);
      if (widthChange > 0) fields = [...fields, 'extra'];
      return fields;
    });
}

/** A near-valid table of a template: its header (sometimes mutated), then valid rows with hostile cells. */
function table(t: Template): fc.Arbitrary<string> {
  const width = t.header.length;
  const clean = fc.array(t.row, { maxLength: 14 });
  const mutated = fc.array(fc.oneof(t.row, mutate(t.row, width)), { maxLength: 14 });
  return fc
    .record({
      header: fc.oneof({ weight: 5, arbitrary: fc.constant(t.header) }, mutate(fc.constant(t.header), width)),
      rows: fc.oneof(clean, mutated),
      bom: fc.boolean(),
      crlf: fc.boolean(),
      quoteHeader: fc.boolean(),
      tail: fc.constantFrom('', '\n', '\n\n', '\r\n', ' '),
    })
    .map(({ header, rows, bom, crlf, quoteHeader, tail }) => {
      const head = header.map((c) => (quoteHeader ? `"${c}"` : c)).join(t.delimiter);
      const eol = crlf ? '\r\n' : '\n';
      const body = rows.map((r) => r.join(t.delimiter));
      return `${bom ? '\uFEFF' : ''}${[...(t.preamble ?? []), head, ...body].join(eol)}${tail}`;
    });
}

/** The same text as bytes the importer would meet: UTF-8, Latin-1 (where it fits), maybe gzip-compressed. */
function asBytes(text: string, encoding: 'utf8' | 'latin1', gzip: boolean): Uint8Array {
  const raw = Buffer.from(
    encoding === 'latin1' ? text.replace(/[^\p{ASCII}\u0080-\u00ff]/gu, '?') : text,
    encoding,
  );
  return gzip ? gzipSync(raw) : raw;
}

// ---------------------------------------------------------------------------------------------------------

const home = mkdtempSync(join(tmpdir(), 'atalaya-fuzz-home-'));
const work = mkdtempSync(join(tmpdir(), 'atalaya-fuzz-'));
afterAll(() => {
  rmSync(home, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

describe('every data reader answers hostile bytes with a DataError, never a crash', () => {
  const readers = [...SERIES_READERS, ...REFERENCE_READERS];

  it('covers every reader with a near-valid template', () => {
    const templated = new Set(TEMPLATES.map((t) => t.reader.format));
    const missing = readers.map((r) => r.format).filter((f) => !templated.has(f) && f !== 'topojson');
    expect(missing).toEqual([]);
  });

  for (const reader of readers) {
    it(`${reader.format}: arbitrary bytes`, () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 400 }), fc.boolean(), (bytes, mun) => {
          const input = decoded(bytes);
          if (input) feed(reader, input, mun);
        }),
        { seed: SEED, numRuns: RUNS },
      );
    });
  }

  for (const t of TEMPLATES) {
    it(`${t.reader.format}: near-valid tables (valid header, hostile cells, quotes, widths, BOMs)`, () => {
      fc.assert(
        fc.property(table(t), fc.boolean(), (text, mun) => {
          feed(t.reader, textFile(text), mun);
        }),
        { seed: SEED, numRuns: RUNS * 2 },
      );
    });

    it(`${t.reader.format}: near-valid tables as Latin-1 / UTF-8 / gzip bytes`, () => {
      fc.assert(
        fc.property(
          table(t),
          fc.constantFrom('utf8' as const, 'latin1' as const),
          fc.boolean(),
          fc.boolean(),
          (text, encoding, gzip, mun) => {
            const input = decoded(asBytes(text, encoding, gzip));
            if (input) feed(t.reader, input, mun);
          },
        ),
        { seed: SEED, numRuns: RUNS / 2 },
      );
    });

    it(`${t.reader.format}: the header followed by arbitrary text`, () => {
      const header = t.header.join(t.delimiter);
      fc.assert(
        fc.property(fc.string({ unit: 'binary', maxLength: 300 }), fc.boolean(), (rest, mun) => {
          feed(t.reader, textFile(`${[...(t.preamble ?? []), header].join('\n')}\n${rest}`), mun);
        }),
        { seed: SEED, numRuns: RUNS },
      );
    });
  }

  it('topojson: near-valid topologies (missing or odd objects, geometries, ids, arcs)', () => {
    const geometry = fc.record(
      {
        type: fc.constantFrom('Polygon', 'MultiPolygon', 'Point', 'GeometryCollection', 'Nonsense'),
        id: fc.oneof(fc.constantFrom('01', '01001', '01002', '33', 'x'), fc.integer(), fc.constant(null)),
        properties: fc.oneof(
          fc.record({ id: fc.oneof(fc.constantFrom('01001', '01002', '09', '99'), fc.integer()) }),
          fc.constant(null),
          fc.constant('x'),
        ),
        arcs: fc.oneof(
          fc.array(fc.array(fc.integer({ min: -5, max: 5 }), { maxLength: 4 }), { maxLength: 3 }),
          fc.array(fc.array(fc.array(fc.integer({ min: -5, max: 5 }), { maxLength: 3 }), { maxLength: 2 }), {
            maxLength: 2,
          }),
          fc.constant(null),
          fc.integer(),
        ),
      },
      { requiredKeys: [] },
    );
    const objects = fc.oneof(
      fc.dictionary(
        fc.constantFrom('municipios', 'states', '__proto__', 'constructor'),
        fc.oneof(
          fc.record({
            type: fc.constant('GeometryCollection'),
            geometries: fc.array(geometry, { maxLength: 4 }),
          }),
          fc.record({
            type: fc.constant('GeometryCollection'),
            geometries: fc.oneof(fc.constant(null), fc.string()),
          }),
          fc.constant(null),
          fc.integer(),
          fc.string(),
        ),
        { maxKeys: 2 },
      ),
      fc.constant(null),
      fc.constant([]),
      fc.string(),
    );
    const topology = fc.record(
      {
        type: fc.constant('Topology'),
        objects,
        arcs: fc.oneof(
          fc.array(fc.array(fc.tuple(fc.integer(), fc.integer()), { maxLength: 3 }), { maxLength: 6 }),
          fc.constant(null),
          fc.string(),
        ),
        transform: fc.oneof(
          fc.record({
            scale: fc.tuple(fc.double(), fc.double()),
            translate: fc.tuple(fc.double(), fc.double()),
          }),
          fc.constant(null),
        ),
      },
      { requiredKeys: ['type'] },
    );
    const reader = byFormat('topojson');
    fc.assert(
      fc.property(topology, fc.boolean(), fc.boolean(), (topo, truncate, mun) => {
        const text = JSON.stringify(topo).replace(/^\{"type":"Topology"/, '{"type": "Topology"');
        feed(reader, textFile(truncate ? text.slice(0, Math.floor(text.length / 2)) : text), mun);
      }),
      { seed: SEED, numRuns: RUNS * 3 },
    );
  });

  it('a whole import of a folder holding one generated file returns or throws a DataError', () => {
    const content = fc.oneof(
      fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
      fc
        .tuple(fc.constantFrom(...TEMPLATES), fc.nat())
        .chain(([t]) => table(t))
        .map((s) => Buffer.from(s)),
      fc.constantFrom(
        Buffer.alloc(0),
        Buffer.from('  \n\t\r\n'),
        Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x01]),
        Buffer.from('BZh91AY&SYgarbage'),
        Buffer.from([0xff, 0xfe, 0x61, 0x00]),
        Buffer.from('a\u0000b\u0000c\u0000,\u0000'),
      ),
    );
    let n = 0;
    fc.assert(
      fc.property(content, (bytes) => {
        const dir = join(work, `case-${n++}`);
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, 'data.csv'), bytes);
        try {
          importData({ dir, home, keepGoing: true });
        } catch (err) {
          if (!(err instanceof DataError)) throw err;
          expect(err.message.length).toBeLessThan(8000);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      { seed: SEED, numRuns: RUNS / 2 },
    );
  });
});
