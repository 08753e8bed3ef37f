import { DataError } from '../errors.js';
import { monthIndex, monthLabel } from '../panel/months.js';
import type { Issue, Series, SeriesMeta } from '../panel/series.js';
import { SeriesBuilder } from '../panel/series.js';
import { plain, quote } from './quote.js';
import type { Reader } from './reader.js';
import { linesList } from './sesnsp-victims-long.js';
import { columnIndex, delimitedRows, detectDelimiter, firstLine, parseCount, takeHeader } from './text.js';

/**
 * RNPDNO (Registro Nacional de Personas Desaparecidas y No Localizadas): persons by municipality, month
 * and status, as scraped from the public dashboard (repo mea400879/rnpdno-population-bands, files
 * `audit/rnpdno_*.csv`). Header:
 *   `cvegeo,cve_estado,state,cve_mun,municipality,male,female,undefined,total,year,month,status_id`
 *
 * - Sparse: only non-zero cells are present, so series are built with fill 0 (a missing cell is 0).
 *   When the area registry knows municipalities, every one of them gets a row (zeros included).
 * - status_id → series: 0 `rnpdno.total`, 7 `rnpdno.not-located`, 2 `rnpdno.located-alive`,
 *   3 `rnpdno.located-dead`. A file normally holds one status; several are split into several series.
 *   Rows with another status are dropped with a warning (their meaning is not documented).
 * - Unknown places are KEPT so that state and national totals stay complete: cve_mun 998 ("sin municipio
 *   de referencia"), 999 ("se desconoce") and 000 go to the pseudo-area `<state>999`; rows of an unknown
 *   state (sentinel cvegeo 99998, the dashboard's state 33 "Se desconoce", and 99999 "unresolved") go to
 *   `99999`. Neither pseudo-area is in the registry. One warning gives their rows and persons.
 * - Other well-formed codes the registry does not know are kept under their own code, with a warning.
 * - `total` is the value; total ≠ male + female + undefined is a warning naming the line.
 * - A duplicate (cvegeo, cve_mun, year, month, status_id) row is an error naming the line.
 * - vintage: the scrape date (2026-03-11 per the source repository's logs) is not in the file, so the
 *   vintage recorded is the last month present (`YYYY-MM`). Counts of recent months grow as records are
 *   registered late.
 */

const STATUSES: Record<string, { id: string; title: string }> = {
  '0': { id: 'rnpdno.total', title: 'Disappeared and missing persons, all statuses (RNPDNO)' },
  '7': { id: 'rnpdno.not-located', title: 'Disappeared and missing persons not located (RNPDNO)' },
  '2': { id: 'rnpdno.located-alive', title: 'Disappeared and missing persons located alive (RNPDNO)' },
  '3': { id: 'rnpdno.located-dead', title: 'Disappeared and missing persons located dead (RNPDNO)' },
};

const REQUIRED = [
  'cvegeo',
  'cve_mun',
  'male',
  'female',
  'undefined',
  'total',
  'year',
  'month',
  'status_id',
] as const;
const UNKNOWN_MUN = new Set(['999', '998', '000']);
export const RNPDNO_UNKNOWN_STATE = '99999';

interface Tally {
  rows: number;
  persons: number;
  /** The first lines (at most 10) where it occurs, for the warning. */
  lines: number[];
}

function tally(t: Tally, persons: number, line: number): void {
  t.rows++;
  t.persons += persons;
  if (t.lines.length < 10) t.lines.push(line);
}

/** Where a (cvegeo, cve_mun) pair counts, with the (month, status) cells already seen for it. */
interface Place {
  area: string;
  kind: 'known' | 'unknown-municipality' | 'unknown-state' | 'unregistered';
  seen: Set<number>;
}

interface StatusAcc {
  builder: SeriesBuilder;
  areas: Set<string>;
  rows: number;
}

export const rnpdno: Reader = {
  format: 'rnpdno-municipal',
  description: 'RNPDNO disappeared and missing persons by municipality, month and status',
  detect(header, delimiter) {
    const names = new Set(header.split(delimiter).map((h) => h.trim().replace(/^"(.*)"$/, '$1')));
    return names.has('cvegeo') && names.has('status_id') && names.has('total') && names.has('cve_mun');
  },
  read(ctx) {
    const { file, areas } = ctx;
    const delimiter = detectDelimiter(firstLine(ctx.input.text));
    const rows = delimitedRows(ctx.input.text, delimiter, { file: ctx.file });
    const header = takeHeader(rows, file);
    const index = columnIndex(header, REQUIRED, file);
    const col = (name: (typeof REQUIRED)[number]) => index.get(name)!;
    const [iGeo, iMun, iMale, iFemale, iUndef, iTotal, iYear, iMonth, iStatus] = REQUIRED.map(col);
    const width = header.length;

    const byStatus = new Map<string, StatusAcc>();
    /** Places by raw `cvegeo|cve_mun` (classified once per pair). */
    const places = new Map<string, Place>();
    const unknownMun: Tally = { rows: 0, persons: 0, lines: [] };
    const unknownMunStates = new Set<string>();
    const unknownState: Tally = { rows: 0, persons: 0, lines: [] };
    const unregistered = new Map<string, Tally>();
    const otherStatus = new Map<string, Tally>();
    const errors: Issue[] = [];
    let duplicateCount = 0;
    const mismatches: Issue[] = [];
    let mismatchCount = 0;
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
      n++;
      const rawGeo = fields[iGeo].trim();
      const rawMun = fields[iMun].trim();
      const key = `${rawGeo}|${rawMun}`;
      let place = places.get(key);
      if (place === undefined) {
        const area = placeOf(rawGeo, rawMun, file, line, (code) => areas.isState(code));
        const kind =
          area === RNPDNO_UNKNOWN_STATE
            ? 'unknown-state'
            : area.endsWith('999')
              ? 'unknown-municipality'
              : areas.isMunicipality(area)
                ? 'known'
                : 'unregistered';
        place = { area, kind, seen: new Set() };
        places.set(key, place);
      }
      const area = place.area;
      const year = wholeNumber(fields[iYear], file, line, 'year', 1990, 2100);
      const month = wholeNumber(fields[iMonth], file, line, 'month', 1, 12);
      const rawStatus = fields[iStatus].trim();
      const status = rawStatus.endsWith('.0') ? rawStatus.slice(0, -2) : rawStatus;
      const male = count(fields[iMale], file, line, 'male');
      const female = count(fields[iFemale], file, line, 'female');
      const undef = count(fields[iUndef], file, line, 'undefined');
      const total = count(fields[iTotal], file, line, 'total', true);
      const meaning = Object.hasOwn(STATUSES, status) ? STATUSES[status] : undefined;
      if (!meaning) {
        const t = otherStatus.get(status) ?? { rows: 0, persons: 0, lines: [] };
        tally(t, total, line);
        otherStatus.set(status, t);
        continue;
      }
      const m = monthIndex(year, month);
      const cell = m * 10 + Number(status);
      if (place.seen.has(cell)) {
        duplicateCount++;
        if (errors.length < 10) {
          errors.push({
            severity: 'error',
            file,
            line,
            message: `${file}:${line}: duplicate row for cvegeo ${rawGeo} (cve_mun ${quote(rawMun, 20)}) ${year}-${String(month).padStart(2, '0')} status ${status}; the row is not added`,
          });
        }
        continue;
      }
      place.seen.add(cell);
      if (total !== male + female + undef) {
        mismatchCount++;
        if (mismatches.length < 10) {
          mismatches.push({
            severity: 'warning',
            file,
            line,
            column: 'total',
            message: `${file}:${line}: total ${total} ≠ male ${male} + female ${female} + undefined ${undef}; "total" is used`,
          });
        }
      }
      if (place.kind === 'unknown-state') {
        tally(unknownState, total, line);
      } else if (place.kind === 'unknown-municipality') {
        tally(unknownMun, total, line);
        unknownMunStates.add(area.slice(0, 2));
      } else if (place.kind === 'unregistered') {
        const u = unregistered.get(area) ?? { rows: 0, persons: 0, lines: [] };
        tally(u, total, line);
        unregistered.set(area, u);
      }
      let acc = byStatus.get(status);
      if (!acc) {
        acc = { builder: new SeriesBuilder(true), areas: new Set(), rows: 0 };
        byStatus.set(status, acc);
      }
      acc.rows++;
      acc.areas.add(area);
      if (m > last) last = m;
      acc.builder.add(area, m, total);
    }
    if (n === 0) throw new DataError(`${file}: no data rows after the header`, { file, line: 2 });

    if (duplicateCount > errors.length) {
      errors.push({
        severity: 'error',
        file,
        message: `${file}: ${duplicateCount} duplicate rows in all (first ${errors.length} listed)`,
      });
    }
    const warnings: Issue[] = [...mismatches];
    if (mismatchCount > mismatches.length) {
      warnings.push({
        severity: 'warning',
        file,
        column: 'total',
        message: `${file}: ${mismatchCount} rows where total ≠ male + female + undefined (first ${mismatches.length} listed)`,
      });
    }
    if (unknownMun.rows + unknownState.rows > 0) {
      warnings.push({
        severity: 'warning',
        file,
        line: Math.min(
          unknownMun.lines[0] ?? Number.POSITIVE_INFINITY,
          unknownState.lines[0] ?? Number.POSITIVE_INFINITY,
        ),
        column: 'cve_mun',
        message:
          `${file}: ${unknownMun.rows + unknownState.rows} rows (${unknownMun.persons + unknownState.persons} persons) ` +
          'without a known municipality, kept so that state and national totals stay complete: ' +
          `cve_mun 998/999/000 → <state>999 (${unknownMun.rows} rows, ${unknownMun.persons} persons, ` +
          `${unknownMunStates.size} states)${unknownMun.rows > 0 ? ` at ${linesList(unknownMun.lines, unknownMun.rows)}` : ''}; ` +
          `unknown state → ${RNPDNO_UNKNOWN_STATE} ` +
          `(${unknownState.rows} rows, ${unknownState.persons} persons)${unknownState.rows > 0 ? ` at ${linesList(unknownState.lines, unknownState.rows)}` : ''}`,
      });
    }
    if (unregistered.size > 0) {
      const sorted = [...unregistered].sort((a, b) => a[0].localeCompare(b[0]));
      const list = sorted
        .slice(0, 50)
        .map(([code, u]) => `${code} (${u.rows} rows, ${u.persons} persons) first on line ${u.lines[0]}`);
      if (sorted.length > 50) list.push(`… ${sorted.length - 50} more`);
      warnings.push({
        severity: 'warning',
        file,
        line: sorted.reduce((m, [, u]) => Math.min(m, u.lines[0]), Number.POSITIVE_INFINITY),
        column: 'cvegeo',
        message: `${file}: ${unregistered.size} municipality codes not in the area registry, kept: ${list.join(', ')}`,
      });
    }
    if (otherStatus.size > 0) {
      const sorted = [...otherStatus];
      const list = sorted
        .slice(0, 20)
        .map(([s, t]) => `${plain(s, 20)} (${t.rows} rows) first on line ${t.lines[0]}`)
        .join(', ');
      warnings.push({
        severity: 'warning',
        file,
        line: sorted.reduce((m, [, t]) => Math.min(m, t.lines[0]), Number.POSITIVE_INFINITY),
        column: 'status_id',
        message: `${file}: rows with an undocumented status_id dropped: ${list}${sorted.length > 20 ? `, … ${sorted.length - 20} more` : ''} (known: 0 total, 7 not located, 2 located alive, 3 located dead)`,
      });
    }
    ctx.issues.push(...errors, ...warnings);

    const vintage = Number.isFinite(last) ? monthLabel(last) : '';
    const out: Series[] = [];
    for (const [status, acc] of [...byStatus].sort((a, b) => Number(a[0]) - Number(b[0]))) {
      const meta: SeriesMeta = {
        id: STATUSES[status].id,
        title: STATUSES[status].title,
        unit: 'persons',
        level: 'municipality',
        source: 'rnpdno',
        file,
        vintage,
        format: rnpdno.format,
        encoding: ctx.input.encoding,
        rows: acc.rows,
        warnings,
      };
      const order = areas.hasMunicipalities
        ? [...new Set([...areas.municipalities.keys(), ...acc.areas])].sort()
        : undefined;
      out.push(acc.builder.build(meta, 0, order));
    }
    return out;
  },
};

/**
 * The area a row counts for: its cvegeo, `<state>999` for an unknown municipality of a known state, or
 * 99999 for an unknown state. A malformed cvegeo is a DataError.
 */
function placeOf(
  rawGeo: string,
  rawMun: string,
  file: string,
  line: number,
  isState: (code: string) => boolean,
): string {
  // Spreadsheets drop leading zeros ("1001" for "01001", "1" for "001").
  const geo = rawGeo.length === 4 ? `0${rawGeo}` : rawGeo;
  const mun = rawMun.length > 0 && rawMun.length < 3 ? rawMun.padStart(3, '0') : rawMun;
  if (!/^\d{5}$/.test(geo)) {
    throw new DataError(
      `${file}:${line}: column "cvegeo": ${quote(rawGeo)} is not a 5-digit municipality code`,
      {
        file,
        line,
        field: 'cvegeo',
      },
    );
  }
  const state = geo.slice(0, 2);
  if (geo === '99998' || geo === RNPDNO_UNKNOWN_STATE || !isState(state)) return RNPDNO_UNKNOWN_STATE;
  if (UNKNOWN_MUN.has(mun) || UNKNOWN_MUN.has(geo.slice(2))) return `${state}999`;
  return geo;
}

/** A person count; an empty sex column is 0, an empty total is an error. */
function count(raw: string, file: string, line: number, column: string, required = false): number {
  const v = parseCount(raw, file, line, column);
  if (Number.isNaN(v)) {
    if (!required) return 0;
    throw new DataError(`${file}:${line}: column "${column}": missing value (expected a count)`, {
      file,
      line,
      field: column,
    });
  }
  if (!Number.isInteger(v)) {
    throw new DataError(`${file}:${line}: column "${column}": ${v} is not a whole number of persons`, {
      file,
      line,
      field: column,
    });
  }
  return v;
}

function wholeNumber(
  raw: string,
  file: string,
  line: number,
  column: string,
  min: number,
  max: number,
): number {
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(v) || v < min || v > max) {
    throw new DataError(
      `${file}:${line}: column "${column}": ${quote(raw)} is not a whole number in ${min}–${max}`,
      {
        file,
        line,
        field: column,
      },
    );
  }
  return v;
}
