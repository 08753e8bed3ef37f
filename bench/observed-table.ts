/**
 * Writes src/data/observed/builtin-table.ts, the observed homicide series that ship with Atalaya (the
 * offline default of the simulator's data assimilation), from the raw files in ../shared/data:
 *
 *   npx tsx bench/observed-table.ts            regenerate the table
 *   npx tsx bench/observed-table.ts --check    verify the committed table equals a regeneration
 *   (either: --data DIR to read another copy of shared/data; else ATALAYA_DATA or ../shared/data)
 *
 * Both modes verify the published checks (SESNSP national homicidio doloso 2019 = 34,723, 2023 = 29,721,
 * 2024 = 30,046; INEGI state file national 2022 = 31,048) and that each source file is the one whose
 * provenance is written in the table (sha256). Exit codes: 0 ok, 1 the check failed, 2 data absent or
 * not the documented files. The output goes through the repository's formatter (biome), so that
 * `biome check` passes on the generated file and --check compares formatted text with formatted text.
 */

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { columnIndex, decodeText, decompress, delimitedRows, takeHeader } from '../src/data/formats/text.js';
import { findDataDir } from '../src/data/locate.js';
import type { InegiNationalYear, InegiStateTable, SesnspMonthlyTable } from '../src/data/observed/tables.js';
import { monthIndex, monthLabel } from '../src/data/panel/months.js';
import { STATES as STATE_INFO } from '../src/data/states.js';

const ROOT = resolve(import.meta.dirname, '..');
export const TABLE_PATH = join(ROOT, 'src', 'data', 'observed', 'builtin-table.ts');
const GENERATOR = 'npx tsx bench/observed-table.ts';

/** The source files, with the provenance SOURCES.md gives for them; a different file is refused. */
const FILES = {
  sesnsp: {
    path: 'sesnsp_state_victims_arroyov/vintage_2025-06/db_victimas_delitos_ent_long.csv.bz2',
    origin:
      'isaacarroyov/datos_facil_acceso @ 5f7295ae9f6f5abfb7b12cd10047f5d824bc4fce, GobiernoMexicano/sesnsp/db_victimas_delitos_ent_long.csv.bz2',
    sha256: '9a27abb9322d590dbfdbb758fd9525336501bf66ffd2b4ce908064b77a07d86c',
  },
  inegiNational: {
    path: 'facts/national_homicides_inegi.csv',
    origin:
      'shared/data/facts/national_homicides_inegi.csv (INEGI releases, transcribed; each row names its source)',
    sha256: '8def1217892562dc20c632f9d4272d4bac51faa2161c4ded3bc400ef1583eb89',
  },
  inegiStates: {
    path: 'inegi_homicides_gargiulo/mexico-state-month-homicide-rates-2000-2022.csv',
    origin:
      'thegargiulian/mexico-homicide-rates @ 6869d42f7e4e0d7ad790bc46bd3b4704ce8b31dc, mexico-state-month-homicide-rates-2000-2022.csv',
    sha256: '12f5dc13222118ffe0df535bf46ffdfbe645b5683740a2b70636e57c786961c3',
  },
} as const;

/** Published figures the table must reproduce (SOURCES.md sections 1 and 3). */
const CHECKS = {
  sesnspNational: { 2019: 34723, 2023: 29721, 2024: 30046 } as Record<number, number>,
  inegiStateNational: { 2022: 31048 } as Record<number, number>,
};

const STATES = Array.from({ length: 32 }, (_, k) => String(k + 1).padStart(2, '0'));
const STATE_NAMES = STATES.map((code) => STATE_INFO.find((s) => s.code === code)!.name);

export class TableDataError extends Error {}

export interface Generated {
  text: string;
  sesnsp: SesnspMonthlyTable;
  inegiNational: InegiNationalYear[];
  inegiStates: InegiStateTable;
}

/** Read the three source files and return the formatted TypeScript of the table (and the tables). */
export function generateTable(dataDir: string): Generated {
  const raw = Object.fromEntries(
    Object.entries(FILES).map(([key, f]) => {
      const path = join(dataDir, f.path);
      if (!existsSync(path)) throw new TableDataError(`missing ${path} (see shared/data/SOURCES.md)`);
      const bytes = readFileSync(path);
      const sha = createHash('sha256').update(bytes).digest('hex');
      if (sha !== f.sha256) {
        throw new TableDataError(
          `${path}: sha256 ${sha}, but the provenance written in the table is for ${f.sha256} (${f.origin}); a new release needs its provenance and checks updated in bench/observed-table.ts`,
        );
      }
      return [key, bytes];
    }),
  ) as Record<keyof typeof FILES, Buffer>;

  const sesnsp = readSesnsp(raw.sesnsp);
  const inegiNational = readInegiNational(raw.inegiNational);
  const inegiStates = readInegiStates(raw.inegiStates);
  checkPublished(sesnsp, inegiStates);
  const text = format(render(sesnsp, inegiNational, inegiStates));
  return { text, sesnsp, inegiNational, inegiStates };
}

function text(bytes: Buffer, file: string): string {
  return decodeText(decompress(bytes, file).bytes, file).text;
}

/** Σ n_victimas over sex, age group and modality, by state × month, for the two subtypes kept. */
function readSesnsp(bytes: Buffer): SesnspMonthlyTable {
  const file = FILES.sesnsp.path;
  const rows = delimitedRows(text(bytes, file), ',', { file });
  const header = takeHeader(rows, file);
  const col = columnIndex(header, ['n_year', 'n_month', 'cve_ent', 'subtipo_de_delito', 'n_victimas'], file);
  const [iYear, iMonth, iState, iSub, iCount] = [
    'n_year',
    'n_month',
    'cve_ent',
    'subtipo_de_delito',
    'n_victimas',
  ].map((c) => col.get(c)!);
  const kept: Record<string, Map<number, Float64Array>> = {
    'Homicidio doloso': new Map(),
    Feminicidio: new Map(),
  };
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const { line, fields } of rows) {
    if (fields.length !== header.length) throw new TableDataError(`${file}:${line}: ${fields.length} fields`);
    const month = monthIndex(Number(fields[iYear]), Number(fields[iMonth]));
    if (!Number.isInteger(month)) throw new TableDataError(`${file}:${line}: bad year or month`);
    first = Math.min(first, month);
    last = Math.max(last, month);
    const byMonth = kept[fields[iSub]];
    if (!byMonth) continue;
    const s = STATES.indexOf(fields[iState].padStart(2, '0'));
    if (s < 0) throw new TableDataError(`${file}:${line}: unknown state ${fields[iState]}`);
    const n = Number(fields[iCount]);
    if (!Number.isInteger(n) || n < 0)
      throw new TableDataError(`${file}:${line}: bad count ${fields[iCount]}`);
    let cells = byMonth.get(month);
    if (!cells) {
      cells = new Float64Array(32);
      byMonth.set(month, cells);
    }
    cells[s] += n;
  }
  const months = last - first + 1;
  const table = (name: string): number[][] => {
    const byMonth = kept[name];
    if (byMonth.size !== months) {
      throw new TableDataError(`${file}: "${name}" has ${byMonth.size} of ${months} months (gaps)`);
    }
    return STATES.map((_, s) => Array.from({ length: months }, (_, t) => byMonth.get(first + t)![s]));
  };
  return {
    source: FILES.sesnsp.origin,
    sha256: FILES.sesnsp.sha256,
    vintage: monthLabel(last),
    start: monthLabel(first),
    months,
    states: STATES,
    homicidioDoloso: table('Homicidio doloso'),
    feminicidio: table('Feminicidio'),
  };
}

function readInegiNational(bytes: Buffer): InegiNationalYear[] {
  const file = FILES.inegiNational.path;
  const rows = delimitedRows(text(bytes, file), ',', { file });
  const header = takeHeader(rows, file);
  const col = columnIndex(header, ['year', 'homicides', 'status', 'source'], file);
  const out: InegiNationalYear[] = [];
  for (const { line, fields } of rows) {
    const year = Number(fields[col.get('year')!]);
    const value = Number(fields[col.get('homicides')!]);
    const status = fields[col.get('status')!].trim();
    // The source note may itself hold commas: it is the rest of the row.
    const note = fields.slice(col.get('source')!).join(',').trim();
    if (!Number.isInteger(year) || !Number.isInteger(value) || value <= 0)
      throw new TableDataError(`${file}:${line}: bad year or count`);
    if (status !== 'final' && status !== 'preliminary')
      throw new TableDataError(`${file}:${line}: status "${status}" (expected final or preliminary)`);
    if (out.length > 0 && year !== out[out.length - 1].year + 1)
      throw new TableDataError(`${file}:${line}: year ${year} does not follow ${out[out.length - 1].year}`);
    out.push({ year, value, status, note });
  }
  return out;
}

/** The monthly state file summed by state × calendar year. */
function readInegiStates(bytes: Buffer): InegiStateTable {
  const file = FILES.inegiStates.path;
  const rows = delimitedRows(text(bytes, file), '|', { file });
  const header = takeHeader(rows, file);
  const col = columnIndex(header, ['cve_ent', 'year', 'month', 'homicides'], file);
  const byYear = new Map<number, Float64Array>();
  const cells = new Set<string>();
  for (const { line, fields } of rows) {
    const s = STATES.indexOf(fields[col.get('cve_ent')!].padStart(2, '0'));
    const year = Number(fields[col.get('year')!]);
    const month = Number(fields[col.get('month')!]);
    const n = Number(fields[col.get('homicides')!]);
    if (s < 0 || !Number.isInteger(year) || month < 1 || month > 12 || !Number.isInteger(n) || n < 0)
      throw new TableDataError(`${file}:${line}: bad row`);
    const key = `${s}-${year}-${month}`;
    if (cells.has(key)) throw new TableDataError(`${file}:${line}: duplicate state-month`);
    cells.add(key);
    let v = byYear.get(year);
    if (!v) {
      v = new Float64Array(32);
      byYear.set(year, v);
    }
    v[s] += n;
  }
  const years = [...byYear.keys()].sort((a, b) => a - b);
  const start = years[0];
  if (cells.size !== 32 * 12 * years.length || years.at(-1)! - start + 1 !== years.length)
    throw new TableDataError(`${file}: not a complete 32 states × 12 months × ${years.length} years panel`);
  return {
    source: FILES.inegiStates.origin,
    sha256: FILES.inegiStates.sha256,
    start,
    years: years.length,
    states: STATES,
    values: STATES.map((_, s) => years.map((y) => byYear.get(y)![s])),
  };
}

/** National yearly totals of a state × month table (full years only). */
export function nationalByYear(t: SesnspMonthlyTable, rows = t.homicidioDoloso): Map<number, number> {
  const out = new Map<number, number>();
  const [y0, m0] = t.start.split('-').map(Number);
  for (let k = 0; k < t.months; k++) {
    const year = y0 + Math.floor((m0 - 1 + k) / 12);
    let sum = 0;
    for (const row of rows) sum += row[k];
    out.set(year, (out.get(year) ?? 0) + sum);
  }
  return out;
}

function checkPublished(sesnsp: SesnspMonthlyTable, states: InegiStateTable): void {
  const national = nationalByYear(sesnsp);
  for (const [year, want] of Object.entries(CHECKS.sesnspNational)) {
    const got = national.get(Number(year));
    if (got !== want)
      throw new TableDataError(`SESNSP homicidio doloso, national ${year}: ${got}, published ${want}`);
  }
  for (const [year, want] of Object.entries(CHECKS.inegiStateNational)) {
    const k = Number(year) - states.start;
    const got = states.values.reduce((s, row) => s + row[k], 0);
    if (got !== want)
      throw new TableDataError(`INEGI state file, national ${year}: ${got}, published ${want}`);
  }
}

/** Rows of a state table, each after a comment naming its state (for reviewing diffs). */
const rows = (table: readonly (readonly number[])[]) =>
  `[\n${table.map((r, s) => `// ${STATES[s]} ${STATE_NAMES[s]}\n[${r.join(', ')}],`).join('\n')}\n]`;

function render(sesnsp: SesnspMonthlyTable, national: InegiNationalYear[], states: InegiStateTable): string {
  const f = FILES;
  const last = states.start + states.years - 1;
  return `/*
 * GENERATED by \`${GENERATOR}\` from shared/data: do not edit by hand.
 * Regenerate with that command; \`${GENERATOR} --check\` verifies that this file equals a
 * regeneration (the tests run it when the data is present). What the tables hold, citations and
 * licences: docs/OBSERVED.md.
 *
 * Sources:
 * - SESNSP víctimas del fuero común (2015–2025 methodology) by state, month, crime subtype, modality,
 *   sex and age group; vintage ${sesnsp.vintage} (months ${sesnsp.start}..${sesnsp.vintage}), reshaped from SESNSP open data by
 *   ${f.sesnsp.origin.replace(', ', ',\n *   ')}
 *   as shared/data/${f.sesnsp.path}
 *   sha256 ${f.sesnsp.sha256}.
 *   Values: Σ n_victimas over sex, age group and modality, subtipo_de_delito "Homicidio doloso", and
 *   apart "Feminicidio". Licence: none stated by the repository; SESNSP open data.
 * - INEGI homicides by year of occurrence (death certificates), national ${national[0].year}–${national.at(-1)!.year}:
 *   ${f.inegiNational.origin.replace(' (', '\n *   (')}
 *   sha256 ${f.inegiNational.sha256}.
 * - INEGI homicides by state of occurrence, ${states.start}–${last}, summed over months from the
 *   death-certificate microdata by Gargiulo, Aburto & Floridi (2024), doi:10.17605/OSF.IO/U8DC3, CC BY 4.0:
 *   ${f.inegiStates.origin.replace(', ', ',\n *   ')}
 *   sha256 ${f.inegiStates.sha256}.
 */
import type { InegiNationalYear, InegiStateTable, SesnspMonthlyTable } from './tables.js';

export const SESNSP_MONTHLY: SesnspMonthlyTable = {
  source: ${JSON.stringify(sesnsp.source)},
  sha256: ${JSON.stringify(sesnsp.sha256)},
  vintage: ${JSON.stringify(sesnsp.vintage)},
  start: ${JSON.stringify(sesnsp.start)},
  months: ${sesnsp.months},
  states: ${JSON.stringify(sesnsp.states)},
  homicidioDoloso: ${rows(sesnsp.homicidioDoloso)},
  feminicidio: ${rows(sesnsp.feminicidio)},
};

export const INEGI_NATIONAL: readonly InegiNationalYear[] = [
${national.map((r) => `  { year: ${r.year}, value: ${r.value}, status: '${r.status}', note: ${JSON.stringify(r.note)} },`).join('\n')}
];

export const INEGI_STATES: InegiStateTable = {
  source: ${JSON.stringify(states.source)},
  sha256: ${JSON.stringify(states.sha256)},
  start: ${states.start},
  years: ${states.years},
  states: ${JSON.stringify(states.states)},
  values: ${rows(states.values)},
};
`;
}

/** The repository's formatter, on text (stdin), as if it were the table file. */
function format(source: string): string {
  return execFileSync(
    join(ROOT, 'node_modules', '.bin', 'biome'),
    ['format', `--stdin-file-path=${TABLE_PATH}`],
    { input: source, encoding: 'utf8', cwd: ROOT, maxBuffer: 64 * 1024 * 1024 },
  );
}

function summary(g: Generated): string {
  const lines: string[] = [];
  const national = nationalByYear(g.sesnsp);
  const fem = nationalByYear(g.sesnsp, g.sesnsp.feminicidio);
  lines.push(`SESNSP vintage ${g.sesnsp.vintage}: ${g.sesnsp.start}..${g.sesnsp.vintage}, national by year:`);
  for (const [year, v] of national)
    lines.push(`  ${year}  homicidio doloso ${v}  feminicidio ${fem.get(year)}`);
  lines.push('INEGI state file vs published national (facts):');
  for (let k = 0; k < g.inegiStates.years; k++) {
    const year = g.inegiStates.start + k;
    const sum = g.inegiStates.values.reduce((s, row) => s + row[k], 0);
    const pub = g.inegiNational.find((r) => r.year === year);
    if (pub)
      lines.push(
        `  ${year}  ${sum} vs ${pub.value}: ${sum - pub.value} (${((sum / pub.value - 1) * 100).toFixed(2)}%)`,
      );
  }
  return lines.join('\n');
}

function main(argv: string[]): number {
  const check = argv.includes('--check');
  const at = argv.indexOf('--data');
  const dir = at >= 0 ? argv[at + 1] : findDataDir()?.dir;
  if (!dir || !existsSync(dir)) {
    console.error(
      'observed-table: no shared data folder (pass --data DIR, set ATALAYA_DATA, or place it at ../shared/data); nothing generated',
    );
    return 2;
  }
  let g: Generated;
  try {
    g = generateTable(dir);
  } catch (err) {
    if (!(err instanceof TableDataError) && (err as { name?: string }).name !== 'DataError') throw err;
    console.error(`observed-table: ${(err as Error).message}`);
    return 2;
  }
  if (check) {
    const committed = existsSync(TABLE_PATH) ? readFileSync(TABLE_PATH, 'utf8') : '';
    if (committed !== g.text) {
      console.error(
        `observed-table: ${TABLE_PATH} differs from a regeneration from ${dir}; run \`${GENERATOR}\` and review the diff`,
      );
      return 1;
    }
    console.log(`observed-table: ${TABLE_PATH} equals a regeneration from ${dir}; published checks pass`);
    return 0;
  }
  writeFileSync(TABLE_PATH, g.text);
  console.log(summary(g));
  console.log(`→ ${TABLE_PATH} (${Buffer.byteLength(g.text)} bytes)`);
  return 0;
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url))
  process.exitCode = main(process.argv.slice(2));
