import { DataError } from '../errors.js';
import { isPanelYear, monthIndex, monthLabel } from '../panel/months.js';
import { type Series, SeriesBuilder, type SeriesMeta } from '../panel/series.js';
import { normalizeName } from '../states.js';
import { quote } from './quote.js';
import type { Reader } from './reader.js';
import {
  checkWidth,
  crimeNameProblem,
  crimeSlug,
  headerKeys,
  IssueLog,
  MAX_CRIMES,
  mapColumns,
  openRows,
  tooManyCrimes,
} from './sesnsp-victims-long.js';
import { parseCount } from './text.js';

/*
 * SESNSP victims as a tidy time series (lapanquecita/incidencia-delictiva `timeseries_victimas.csv`):
 * `isodate,entidad,delito,total`, one row per month × state (by name, plus `Nacional`) × crime. The file
 * is padded with zero rows to the end of the year: trailing months where every value is 0 are not data.
 */

const COLUMNS = ['isodate', 'entidad', 'delito', 'total'] as const;
type Column = (typeof COLUMNS)[number];
const ROLES: Record<string, Column> = {
  isodate: 'isodate',
  entidad: 'entidad',
  delito: 'delito',
  total: 'total',
};

const NATIONAL = '00';

interface Crime {
  name: string;
  slug: string;
  states: SeriesBuilder;
  national: SeriesBuilder;
}

export const sesnspVictimsTimeseries: Reader = {
  format: 'sesnsp-victims-timeseries',
  description: 'SESNSP victims by state name (and Nacional), month and crime (lapanquecita timeseries)',
  detect(header, delimiter) {
    const k = headerKeys(header, delimiter);
    return (
      k.length === 4 &&
      k.includes('isodate') &&
      k.includes('entidad') &&
      k.includes('delito') &&
      k.includes('total')
    );
  },
  read(ctx) {
    const { file } = ctx;
    const log = new IssueLog(ctx);
    const { header, keys, rows } = openRows(ctx);
    const col = mapColumns(header, keys, ROLES, COLUMNS, file);
    const iDate = col.get('isodate')!;
    const iArea = col.get('entidad')!;
    const iCrime = col.get('delito')!;
    const iTotal = col.get('total')!;
    const width = header.length;

    const dates = new Map<string, number | null>();
    const areas = new Map<string, string | null>();
    const crimes = new Map<string, Crime>();
    const bySlug = new Map<string, Crime>();
    /** Sum of all values by month: a month whose total is 0 carries no data. */
    const monthTotals = new Map<number, number>();
    let count = 0;

    for (const { line, fields } of rows) {
      checkWidth(fields, width, file, line);
      count++;
      const dateText = fields[iDate];
      let month = dates.get(dateText);
      if (month === undefined) {
        month = parseIsoMonth(dateText);
        dates.set(dateText, month);
      }
      if (month === null) {
        log.error(
          'bad date',
          `column "isodate": ${quote(dateText)} is not a date (YYYY-MM-DD, years 1990–2100)`,
          line,
          'isodate',
        );
        continue;
      }
      const areaText = fields[iArea];
      let area = areas.get(areaText);
      if (area === undefined) {
        area = normalizeName(areaText) === 'nacional' ? NATIONAL : (ctx.areas.stateCode(areaText) ?? null);
        areas.set(areaText, area);
      }
      if (area === null) {
        log.error(
          'unknown state',
          `column "entidad": ${quote(areaText)} is not a state name (nor "Nacional")`,
          line,
          'entidad',
        );
        continue;
      }
      const value = parseCount(fields[iTotal], file, line, 'total');
      if (Number.isNaN(value)) {
        log.error('empty count', 'column "total": empty (expected a count)', line, 'total');
        continue;
      }
      const crimeText = fields[iCrime];
      let crime = crimes.get(crimeText);
      if (crime === undefined) {
        const slug = crimeSlug(crimeText);
        const bad = crimeNameProblem(crimeText, slug);
        if (bad) {
          log.error(
            bad === 'empty' ? 'empty crime' : 'long crime',
            `column "delito": ${bad}`,
            line,
            'delito',
          );
          continue;
        }
        if (!bySlug.has(slug) && bySlug.size >= MAX_CRIMES) throw tooManyCrimes(file, line, 'delito');
        crime = bySlug.get(slug) ?? {
          name: crimeText.trim(),
          slug,
          states: new SeriesBuilder(false),
          national: new SeriesBuilder(false),
        };
        bySlug.set(slug, crime);
        crimes.set(crimeText, crime);
      }
      const builder = area === NATIONAL ? crime.national : crime.states;
      if (!builder.add(area, month, value)) {
        log.error(
          'duplicate',
          `duplicate row: ${quote(areaText, 40)}, ${quote(crimeText, 60)}, ${monthLabel(month)} already given on an earlier line`,
          line,
        );
        continue;
      }
      monthTotals.set(month, (monthTotals.get(month) ?? 0) + value);
    }
    if (count === 0) throw new DataError(`${file}: no data rows`, { file, line: 2 });

    // Zero padding: trailing months where every value (all areas, all crimes) is 0 are dropped.
    const months = [...monthTotals.keys()].sort((a, b) => a - b);
    const real = months.filter((m) => monthTotals.get(m)! > 0);
    if (real.length === 0) {
      log.finish();
      throw new DataError(`${file}: every value is 0: no month carries data`, { file });
    }
    const last = real[real.length - 1];
    const dropped = months.filter((m) => m > last);
    for (const crime of bySlug.values()) {
      for (const m of dropped) {
        crime.states.dropMonth(m);
        crime.national.dropMonth(m);
      }
    }
    const droppedMonths = dropped.map(monthLabel);
    if (dropped.length > 0) {
      log.warning(
        'zero padding',
        `${dropped.length} trailing month${dropped.length > 1 ? 's' : ''} (${droppedMonths[0]}..${droppedMonths[droppedMonths.length - 1]}) are all zeros for every area and crime: zero padding, not data; dropped`,
      );
    }
    const gaps: string[] = [];
    for (let m = months[0]; m <= last; m++) if (!monthTotals.has(m)) gaps.push(monthLabel(m));
    if (gaps.length > 0) {
      log.warning(
        'gap',
        `no rows at all for ${gaps.length} month(s) before ${monthLabel(last)}: ${gaps.slice(0, 12).join(', ')}`,
      );
    }
    checkNational(bySlug, last, log);
    log.finish();

    const vintage = monthLabel(last);
    const out: Series[] = [];
    for (const { name, slug, states, national } of [...bySlug.values()].sort((a, b) =>
      a.slug.localeCompare(b.slug),
    )) {
      const meta = (level: 'state' | 'national'): SeriesMeta => ({
        id: `sesnsp.victims.${slug}`,
        title: `${name}: victims ${level === 'state' ? 'by state' : 'national'} (SESNSP)`,
        unit: 'victims',
        level,
        source: 'sesnsp-victims',
        file,
        vintage,
        format: 'sesnsp-victims-timeseries',
        encoding: ctx.input.encoding,
        rows: count,
        droppedMonths: [...droppedMonths],
        warnings: [...log.warnings],
      });
      if (states.monthSet().size > 0) out.push(states.build(meta('state'), Number.NaN));
      if (national.monthSet().size > 0) out.push(national.build(meta('national'), Number.NaN));
    }
    return out;
  },
};

function parseIsoMonth(text: string): number | null {
  const m = /^\s*(\d{4})-(\d{2})(?:-(\d{2}))?\s*$/.exec(text);
  if (!m) return null;
  const month = Number(m[2]);
  if (!isPanelYear(Number(m[1])) || month < 1 || month > 12) return null;
  if (m[3] !== undefined && (Number(m[3]) < 1 || Number(m[3]) > 31)) return null;
  return monthIndex(Number(m[1]), month);
}

/** Warn where the `Nacional` row differs from the sum of the states (complete months only). */
function checkNational(crimes: Map<string, Crime>, last: number, log: IssueLog): void {
  const examples: string[] = [];
  let differ = 0;
  for (const { name, states, national } of crimes.values()) {
    const stateMonths = states.monthSet();
    for (const m of national.monthSet()) {
      if (m > last || !stateMonths.has(m)) continue;
      const n = national.monthTotal(m);
      const s = states.monthTotal(m);
      if (n !== s) {
        differ++;
        if (examples.length < 10) examples.push(`${name} ${monthLabel(m)}: Nacional ${n}, states ${s}`);
      }
    }
  }
  if (differ > 0) {
    log.warning(
      'national mismatch',
      `the Nacional rows differ from the sum of the states in ${differ} crime-months (e.g. ${examples.join('; ')})`,
    );
  }
}
