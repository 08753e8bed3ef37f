import { DataError } from '../errors.js';
import { isPanelYear, monthIndex, monthLabel } from '../panel/months.js';
import { type Issue, SeriesBuilder, type SeriesMeta } from '../panel/series.js';
import { normalizeName } from '../states.js';
import { quote, quoteList } from './quote.js';
import type { ReadContext, Reader } from './reader.js';
import { delimitedRows, detectDelimiter, firstLine, parseCount } from './text.js';

/*
 * SESNSP victims of the fuero común, long format (isaacarroyov/datos_facil_acceso
 * `db_victimas_delitos_ent_long.csv.bz2`): one row per state × month × crime subtype × modality × sex ×
 * age group. This module also holds the helpers the other SESNSP readers share (slugs, header keys,
 * capped issue reporting, row-width checks).
 */

/** Series-id slug of a crime name: lower-case, accent-free, runs of non-alphanumerics → '-', trimmed. */
export function crimeSlug(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Longer crime names than this are not names (a damaged file, or a whole row in one quoted cell). */
export const MAX_NAME_LENGTH = 200;

/**
 * More distinct crimes than this in one file is not a SESNSP file (the 2026 methodology has 79 subtypes):
 * each would become a series, and a damaged file could ask for millions of them.
 */
export const MAX_CRIMES = 2000;

/** The DataError for a file with more than MAX_CRIMES distinct crimes (`column`: where they are named). */
export function tooManyCrimes(file: string, line: number, column: string): DataError {
  return new DataError(
    `${file}:${line}: column ${quote(column)}: more than ${MAX_CRIMES.toLocaleString('en-US')} distinct crimes (each would be a series): not a SESNSP file, or a damaged one`,
    { file, line, field: column },
  );
}

/** Why a crime name cannot make a series id ("empty", "too long: …"), or undefined when it can. */
export function crimeNameProblem(name: string, slug: string): string | undefined {
  if (slug === '') return 'empty';
  if (name.length > MAX_NAME_LENGTH) return `too long for a crime name: ${quote(name, 40)}`;
  return undefined;
}

/**
 * The key a header cell is matched on: accent-, case- and punctuation-insensitive ("Año", "AÑO" → "ano";
 * "Cve. Municipio", "Cve.Municipio" → "cve municipio"). "Anio" and a mis-decoded "A�o" also give "ano".
 */
export function headerKey(h: string): string {
  const k = normalizeName(h);
  return k === 'anio' || k === 'a o' ? 'ano' : k;
}

export function headerKeys(header: string, delimiter: string): string[] {
  return header.split(delimiter).map((h) => headerKey(h.replace(/^"|"$/g, '')));
}

/**
 * Row-level problems as issues, at most `cap` per kind: a systematic problem in a file of a million rows
 * gives a few examples and one summary, not a million issues.
 */
export class IssueLog {
  private readonly counts = new Map<string, { n: number; severity: Issue['severity']; column?: string }>();
  readonly warnings: Issue[] = [];
  errors = 0;

  constructor(
    private readonly ctx: ReadContext,
    private readonly cap = 20,
  ) {}

  add(severity: Issue['severity'], kind: string, message: string, line?: number, column?: string): void {
    const c = this.counts.get(kind) ?? { n: 0, severity, column };
    c.n++;
    this.counts.set(kind, c);
    if (severity === 'error') this.errors++;
    if (c.n > this.cap) return;
    const where = line === undefined ? this.ctx.file : `${this.ctx.file}:${line}`;
    const issue: Issue = { severity, file: this.ctx.file, message: `${where}: ${message}` };
    if (line !== undefined) issue.line = line;
    if (column !== undefined) issue.column = column;
    this.ctx.issues.push(issue);
    if (severity === 'warning') this.warnings.push(issue);
  }

  error(kind: string, message: string, line?: number, column?: string): void {
    this.add('error', kind, message, line, column);
  }

  warning(kind: string, message: string, line?: number, column?: string): void {
    this.add('warning', kind, message, line, column);
  }

  /** Adds one summary issue per kind that went over the cap. */
  finish(): void {
    for (const [kind, c] of this.counts) {
      if (c.n <= this.cap) continue;
      const issue: Issue = {
        severity: c.severity,
        file: this.ctx.file,
        message: `${this.ctx.file}: ${c.n - this.cap} more rows with the same problem (${kind}) not listed (${c.n} in all)`,
      };
      if (c.column !== undefined) issue.column = c.column;
      this.ctx.issues.push(issue);
      if (c.severity === 'warning') this.warnings.push(issue);
    }
  }
}

/** "line 12", "lines 12, 40", "lines 12, 40, … (first 10 of 1,805)": where a summarised problem occurs. */
export function linesList(lines: readonly number[], total = lines.length): string {
  if (lines.length === 0) return 'no line';
  const shown = lines.slice(0, 10);
  if (total === 1) return `line ${shown[0]}`;
  return total > shown.length
    ? `lines ${shown.join(', ')}, … (first ${shown.length} of ${total.toLocaleString('en-US')})`
    : `lines ${shown.join(', ')}`;
}

/** A row with the wrong number of fields: truncated file, or an unquoted delimiter inside a field. */
export function checkWidth(fields: string[], width: number, file: string, line: number): void {
  if (fields.length === width) return;
  const what =
    fields.length < width
      ? 'too few fields (truncated file or row?)'
      : 'too many fields (unquoted delimiter?)';
  throw new DataError(`${file}:${line}: ${what}: ${fields.length} fields, the header has ${width}`, {
    file,
    line,
  });
}

/** Rows of a delimited text and its header (first row); an empty file is an error. */
export function openRows(ctx: ReadContext): {
  header: string[];
  keys: string[];
  rows: Generator<{ line: number; fields: string[] }>;
} {
  const delimiter = detectDelimiter(firstLine(ctx.input.text));
  const rows = delimitedRows(ctx.input.text, delimiter, { file: ctx.file });
  const first = rows.next();
  if (first.done)
    throw new DataError(`${ctx.file}: the file is empty (no header line)`, { file: ctx.file, line: 1 });
  const header = first.value.fields.map((h) => h.trim());
  return { header, keys: header.map(headerKey), rows };
}

/**
 * Column positions for a fixed schema: every column must be known (an unknown one means the format
 * changed and would otherwise be silently ignored or misread) and every required one present.
 */
export function mapColumns<K extends string>(
  header: string[],
  keys: string[],
  roles: Record<string, K>,
  required: readonly K[],
  file: string,
): Map<K, number> {
  const out = new Map<K, number>();
  keys.forEach((k, i) => {
    const role = roles[k];
    if (role === undefined) {
      throw new DataError(
        `${file}:1: unknown column ${quote(header[i], 60)} (expected: ${required.join(', ')})`,
        {
          file,
          line: 1,
          field: header[i],
        },
      );
    }
    if (out.has(role)) {
      throw new DataError(`${file}:1: column ${quote(header[i], 60)} appears twice`, {
        file,
        line: 1,
        field: header[i],
      });
    }
    out.set(role, i);
  });
  const missing = required.filter((r) => !out.has(r));
  if (missing.length > 0) {
    throw new DataError(
      `${file}:1: missing column${missing.length > 1 ? 's' : ''} ${missing.map((c) => `"${c}"`).join(', ')} (found: ${quoteList(header)})`,
      { file, line: 1, field: missing[0] },
    );
  }
  return out;
}

/** A state code field ("1", "01") as a 2-digit code, or undefined if it is not one of the 32 states. */
export function stateCodeOf(raw: string, ctx: ReadContext): string | undefined {
  const s = raw.trim();
  const code = /^\d$/.test(s) ? `0${s}` : s;
  return ctx.areas.isState(code) ? code : undefined;
}

const COLUMNS = [
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
] as const;
type Column = (typeof COLUMNS)[number];
const ROLES: Record<string, Column> = Object.fromEntries(COLUMNS.map((c) => [headerKey(c), c]));

interface DateInfo {
  month: number;
  year: number;
  monthOfYear: number;
  /** The n_year / n_month fields as they usually appear next to this date (fast equality check). */
  yearText: string;
  monthText: string;
}

export const sesnspVictimsLong: Reader = {
  format: 'sesnsp-victims-long',
  description:
    'SESNSP victims by state, month, crime subtype, modality, sex and age (long; datos_facil_acceso)',
  detect(header, delimiter) {
    const k = headerKeys(header, delimiter);
    return (
      k.includes('date year month') &&
      k.includes('cve ent') &&
      k.includes('subtipo de delito') &&
      k.includes('n victimas')
    );
  },
  read(ctx) {
    const { file } = ctx;
    const log = new IssueLog(ctx);
    const { header, keys, rows } = openRows(ctx);
    const col = mapColumns(header, keys, ROLES, COLUMNS, file);
    const iDate = col.get('date_year_month')!;
    const iYear = col.get('n_year')!;
    const iMonth = col.get('n_month')!;
    const iState = col.get('cve_ent')!;
    const iName = col.get('nombre_estado')!;
    const iSub = col.get('subtipo_de_delito')!;
    const iCount = col.get('n_victimas')!;
    const width = header.length;

    // Caches: a few dozen distinct values each, looked up once per row without allocating.
    const dates = new Map<string, DateInfo | null>();
    const states = new Map<string, string | null>();
    const names = new Map<string, string | undefined>();
    const crimes = new Map<string, { name: string; slug: string; builder: SeriesBuilder }>();
    const bySlug = new Map<string, { name: string; slug: string; builder: SeriesBuilder }>();
    let count = 0;
    let last = Number.NEGATIVE_INFINITY;

    for (const { line, fields } of rows) {
      checkWidth(fields, width, file, line);
      count++;
      const dateText = fields[iDate];
      let date = dates.get(dateText);
      if (date === undefined) {
        date = parseDate(dateText);
        dates.set(dateText, date);
      }
      if (date === null) {
        log.error(
          'bad date',
          `column "date_year_month": ${quote(dateText)} is not a date (YYYY-MM or YYYY-MM-DD, years 1990–2100)`,
          line,
          'date_year_month',
        );
        continue;
      }
      const yearText = fields[iYear];
      const monthText = fields[iMonth];
      if (yearText !== date.yearText || monthText !== date.monthText) {
        const y = Number(yearText);
        const m = Number(monthText);
        if (y !== date.year || m !== date.monthOfYear) {
          const column = y !== date.year ? 'n_year' : 'n_month';
          log.error(
            'date mismatch',
            `column "${column}": n_year/n_month ${quote(yearText, 20)}/${quote(monthText, 20)} contradict date_year_month ${quote(dateText, 20)}`,
            line,
            column,
          );
          continue;
        }
      }
      const stateText = fields[iState];
      let state = states.get(stateText);
      if (state === undefined) {
        state = stateCodeOf(stateText, ctx) ?? null;
        states.set(stateText, state);
      }
      if (state === null) {
        log.error(
          'unknown state',
          `column "cve_ent": ${quote(stateText)} is not a state code (01–32)`,
          line,
          'cve_ent',
        );
        continue;
      }
      const nameText = fields[iName];
      let named = names.get(nameText);
      if (named === undefined && !names.has(nameText)) {
        named = ctx.areas.stateCode(nameText);
        names.set(nameText, named);
      }
      if (named !== undefined && named !== state) {
        log.error(
          'state name mismatch',
          `column "nombre_estado": ${quote(nameText)} is state ${named} but cve_ent is ${state}`,
          line,
          'nombre_estado',
        );
        continue;
      }
      const value = parseCount(fields[iCount], file, line, 'n_victimas');
      if (Number.isNaN(value)) {
        log.error('empty count', 'column "n_victimas": empty (expected a count)', line, 'n_victimas');
        continue;
      }
      const subText = fields[iSub];
      let crime = crimes.get(subText);
      if (crime === undefined) {
        const slug = crimeSlug(subText);
        const bad = crimeNameProblem(subText, slug);
        if (bad) {
          log.error(
            bad === 'empty' ? 'empty subtype' : 'long subtype',
            `column "subtipo_de_delito": ${bad}`,
            line,
            'subtipo_de_delito',
          );
          continue;
        }
        if (!bySlug.has(slug) && bySlug.size >= MAX_CRIMES)
          throw tooManyCrimes(file, line, 'subtipo_de_delito');
        crime = bySlug.get(slug) ?? { name: subText.trim(), slug, builder: new SeriesBuilder(true) };
        bySlug.set(slug, crime);
        crimes.set(subText, crime);
      }
      crime.builder.add(state, date.month, value);
      if (date.month > last) last = date.month;
    }
    log.finish();
    if (count === 0) throw new DataError(`${file}: no data rows`, { file, line: 2 });
    if (bySlug.size === 0) return [];

    // SESNSP releases cover up to the previous month (published around the 20th); the release date is not
    // written in the file, so the vintage is the latest month present.
    const vintage = monthLabel(last);
    return [...bySlug.values()]
      .sort((a, b) => a.slug.localeCompare(b.slug))
      .map(({ name, slug, builder }) => {
        const meta: SeriesMeta = {
          id: `sesnsp.victims.${slug}`,
          title: `${name}: victims by state (SESNSP)`,
          unit: 'victims',
          level: 'state',
          source: 'sesnsp-victims',
          file,
          vintage,
          format: 'sesnsp-victims-long',
          encoding: ctx.input.encoding,
          rows: count,
          warnings: [...log.warnings],
        };
        return builder.build(meta, Number.NaN);
      });
  },
};

function parseDate(text: string): DateInfo | null {
  const m = /^\s*(\d{4})-(\d{1,2})(?:-(\d{1,2}))?\s*$/.exec(text);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  if (!isPanelYear(year) || month < 1 || month > 12) return null;
  if (m[3] !== undefined && (Number(m[3]) < 1 || Number(m[3]) > 31)) return null;
  return { month: monthIndex(year, month), year, monthOfYear: month, yearText: m[1], monthText: m[2] };
}
