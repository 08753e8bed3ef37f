import { DataError } from '../errors.js';
import { monthIndex, monthLabel } from '../panel/months.js';
import type { Issue, Level, Series } from '../panel/series.js';
import { SeriesBuilder } from '../panel/series.js';
import { quote } from './quote.js';
import type { ReadContext, Reader } from './reader.js';
import { columnIndex, delimitedRows, detectDelimiter, firstLine, parseCount, takeHeader } from './text.js';

/**
 * INEGI death certificates ("defunciones registradas"), homicides by month and place of occurrence, as
 * compiled by Gargiulo, Aburto & Floridi, "Monthly municipal-level homicide rates in Mexico", OSF,
 * doi:10.17605/OSF.IO/U8DC3 (CC BY 4.0; GitHub thegargiulian/mexico-homicide-rates).
 *
 * Two pipe-separated files, read by two readers:
 *   municipal  `ent_mun|year|month|homicides|pop_est|homicide_rate`  (usually gzip-compressed)
 *   state      `cve_ent|year|month|homicides|pop_est|homicide_rate`
 * Both give the series `inegi.homicides` (deaths) at their level. Only `homicides` is used: population
 * comes from CONAPO (the file's `pop_est` is the authors' interpolation and is `NA` for some
 * municipalities; its NA rows are counted in a warning) and the rate is recomputed downstream.
 *
 * Choices:
 * - Unknown but well-formed codes (not in the area registry; without municipal references, a code whose
 *   2-digit prefix is not a state) are KEPT under their own code and listed in one warning with their row
 *   counts, deaths and first line: dropping them would make the file's own national sums disagree with its
 *   totals. A malformed code (not digits, wrong length) is a DataError.
 * - A duplicate (area, month) row is an error Issue naming the line; the first value is kept.
 * - A missing count (`NA`, empty) becomes NaN (not reported) and is counted in a warning. The published
 *   panel is balanced, so a cell absent from the file is also NaN (and counted in a warning).
 * - vintage: INEGI revises preliminary counts for about a year after the first release, and the file
 *   carries no release date; the vintage recorded is therefore the last month present (`YYYY-MM`).
 * - The delimiter is taken from the header (the source uses `|`; a re-saved copy with commas reads too).
 */

interface Variant {
  format: string;
  description: string;
  level: Extract<Level, 'municipality' | 'state'>;
  codeColumn: string;
  codeLength: number;
  /** Columns whose presence makes the header belong to the other variant. */
  excludes: string[];
}

const MUNICIPAL: Variant = {
  format: 'inegi-homicides-municipal',
  description: 'INEGI death-certificate homicides by municipality and month (Gargiulo, Aburto & Floridi)',
  level: 'municipality',
  codeColumn: 'ent_mun',
  codeLength: 5,
  excludes: ['cve_ent'],
};

const STATE: Variant = {
  format: 'inegi-homicides-state',
  description: 'INEGI death-certificate homicides by state and month (Gargiulo, Aburto & Floridi)',
  level: 'state',
  codeColumn: 'cve_ent',
  codeLength: 2,
  excludes: ['ent_mun'],
};

const HOMICIDES = 'homicides';
const POP = 'pop_est';

function headerNames(header: string, delimiter: string): Set<string> {
  return new Set(header.split(delimiter).map((h) => h.trim().replace(/^"(.*)"$/, '$1')));
}

function makeReader(v: Variant): Reader {
  return {
    format: v.format,
    description: v.description,
    detect(header, delimiter) {
      const names = headerNames(header, delimiter);
      return (
        names.has(v.codeColumn) &&
        names.has('year') &&
        names.has('month') &&
        names.has(HOMICIDES) &&
        !v.excludes.some((c) => names.has(c))
      );
    },
    read(ctx) {
      return [readInegi(ctx, v)];
    },
  };
}

/** Code status by raw field value: cached, since the same few thousand codes repeat on every row. */
type CodeStatus = { code: string; known: boolean } | null;

function readInegi(ctx: ReadContext, v: Variant): Series {
  const { file, areas } = ctx;
  const delimiter = detectDelimiter(firstLine(ctx.input.text));
  const rows = delimitedRows(ctx.input.text, delimiter, { file: ctx.file });
  const header = takeHeader(rows, file);
  const index = columnIndex(header, [v.codeColumn, 'year', 'month', HOMICIDES], file);
  const iCode = index.get(v.codeColumn)!;
  const iYear = index.get('year')!;
  const iMonth = index.get('month')!;
  const iCount = index.get(HOMICIDES)!;
  const iPop = index.get(POP) ?? -1;
  const width = header.length;

  const codes = new Map<string, CodeStatus>();
  const classify = (raw: string): CodeStatus => {
    let s = raw.trim();
    // Spreadsheets drop leading zeros ("1001" for "01001").
    if (s.length === v.codeLength - 1) s = `0${s}`;
    if (s.length !== v.codeLength || !/^\d+$/.test(s)) return null;
    const known = v.level === 'municipality' ? areas.isMunicipality(s) : areas.isState(s);
    return { code: s, known };
  };

  const builder = new SeriesBuilder(false);
  const unknown = new Map<string, { rows: number; deaths: number; line: number }>();
  const duplicates: Issue[] = [];
  let duplicateCount = 0;
  let missingCounts = 0;
  let firstMissingLine = 0;
  let popNA = 0;
  const popNAAreas = new Set<string>();
  let last = Number.NEGATIVE_INFINITY;
  let n = 0;

  for (const { line, fields } of rows) {
    if (fields.length !== width) {
      throw new DataError(
        `${file}:${line}: ${fields.length} field${fields.length === 1 ? '' : 's'} where the header has ${width} ` +
          `(truncated row or wrong delimiter; expected "${delimiter}")`,
        { file, line },
      );
    }
    const rawCode = fields[iCode];
    let status = codes.get(rawCode);
    if (status === undefined) {
      status = classify(rawCode);
      codes.set(rawCode, status);
    }
    if (status === null) {
      throw new DataError(
        `${file}:${line}: column "${v.codeColumn}": ${quote(rawCode)} is not a ${v.codeLength}-digit INEGI ${v.level} code`,
        { file, line, field: v.codeColumn },
      );
    }
    const year = parseYear(fields[iYear], file, line);
    const month = parseMonth(fields[iMonth], file, line);
    const count = parseCount(fields[iCount], file, line, HOMICIDES);
    if (Number.isNaN(count)) {
      if (missingCounts === 0) firstMissingLine = line;
      missingCounts++;
    } else if (!Number.isInteger(count)) {
      throw new DataError(
        `${file}:${line}: column "${HOMICIDES}": ${count} is not a whole number of deaths`,
        {
          file,
          line,
          field: HOMICIDES,
        },
      );
    }
    if (iPop >= 0 && fields[iPop] === 'NA') {
      popNA++;
      popNAAreas.add(status.code);
    }
    const m = monthIndex(year, month);
    if (m > last) last = m;
    if (!builder.add(status.code, m, count)) {
      duplicateCount++;
      if (duplicates.length < 10) {
        duplicates.push({
          severity: 'error',
          file,
          line,
          message: `${file}:${line}: duplicate row for ${status.code} ${year}-${String(month).padStart(2, '0')} (a ${v.level}–month appears only once; the first value is kept)`,
        });
      }
    }
    if (!status.known) {
      const u = unknown.get(status.code) ?? { rows: 0, deaths: 0, line };
      u.rows++;
      if (Number.isFinite(count)) u.deaths += count;
      unknown.set(status.code, u);
    }
    n++;
  }
  if (n === 0) throw new DataError(`${file}: no data rows after the header`, { file, line: 2 });

  const issues: Issue[] = [...duplicates];
  if (duplicateCount > duplicates.length) {
    issues.push({
      severity: 'error',
      file,
      message: `${file}: ${duplicateCount} duplicate ${v.level}–month rows in all (first ${duplicates.length} listed)`,
    });
  }
  const warnings: Issue[] = [];
  if (unknown.size > 0) {
    const sorted = [...unknown].sort((a, b) => a[0].localeCompare(b[0]));
    const list = sorted
      .slice(0, 50)
      .map(([code, u]) => `${code} (${u.rows} rows, ${u.deaths} deaths) first on line ${u.line}`);
    if (sorted.length > 50) list.push(`… ${sorted.length - 50} more`);
    const what = v.level === 'municipality' ? 'municipality' : 'state';
    warnings.push({
      severity: 'warning',
      file,
      line: sorted.reduce((m, [, u]) => Math.min(m, u.line), Number.POSITIVE_INFINITY),
      column: v.codeColumn,
      message:
        `${file}: ${unknown.size} ${what} code${unknown.size === 1 ? '' : 's'} not in the area registry, kept so that ` +
        `the file's totals stay intact: ${list.join(', ')}`,
    });
  }
  if (missingCounts > 0) {
    warnings.push({
      severity: 'warning',
      file,
      line: firstMissingLine,
      column: HOMICIDES,
      message: `${file}: ${missingCounts} rows without a homicide count (first at line ${firstMissingLine}); kept as not reported`,
    });
  }

  const meta = {
    id: 'inegi.homicides',
    title: `Homicides by ${v.level} of occurrence (INEGI death certificates; Gargiulo, Aburto & Floridi)`,
    unit: 'deaths',
    level: v.level,
    source: 'inegi-defunciones',
    file,
    vintage: monthLabel(last),
    format: v.format,
    encoding: ctx.input.encoding,
    rows: n,
    warnings,
  };
  const series = builder.build(meta, Number.NaN);
  const absent = series.areas.length * series.months - (n - duplicateCount);
  if (absent > 0) {
    warnings.push({
      severity: 'warning',
      file,
      message: `${file}: ${absent} ${v.level}–month cells absent from the file (the panel is expected balanced); left as not reported`,
    });
  }
  if (popNA > 0) {
    warnings.push({
      severity: 'warning',
      file,
      column: POP,
      message:
        `${file}: "${POP}" is NA in ${popNA} rows (${popNAAreas.size} ${v.level === 'municipality' ? 'municipalities' : 'states'}); ` +
        'the column is not used (population comes from CONAPO)',
    });
  }
  ctx.issues.push(...issues, ...warnings);
  return series;
}

function parseYear(raw: string, file: string, line: number): number {
  const y = Number(raw);
  if (!Number.isInteger(y) || y < 1990 || y > 2100 || raw.trim() === '') {
    throw new DataError(`${file}:${line}: column "year": ${quote(raw)} is not a year (1990–2100)`, {
      file,
      line,
      field: 'year',
    });
  }
  return y;
}

function parseMonth(raw: string, file: string, line: number): number {
  const m = Number(raw);
  if (!Number.isInteger(m) || m < 1 || m > 12 || raw.trim() === '') {
    throw new DataError(`${file}:${line}: column "month": ${quote(raw)} is not a month (1–12)`, {
      file,
      line,
      field: 'month',
    });
  }
  return m;
}

export const inegiHomicidesMunicipal: Reader = makeReader(MUNICIPAL);
export const inegiHomicidesState: Reader = makeReader(STATE);
