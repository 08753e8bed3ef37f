import { DataError } from '../errors.js';
import { isPanelYear, monthIndex, monthLabel, SPANISH_MONTHS } from '../panel/months.js';
import type { Level, Series, SeriesMeta } from '../panel/series.js';
import { quote } from './quote.js';
import type { ReadContext, Reader } from './reader.js';
import {
  checkWidth,
  crimeNameProblem,
  crimeSlug,
  headerKeys,
  IssueLog,
  linesList,
  MAX_CRIMES,
  mapColumns,
  openRows,
  stateCodeOf,
  tooManyCrimes,
} from './sesnsp-victims-long.js';
import { parseCount } from './text.js';

/*
 * The official SESNSP incidence files (carpetas de investigación), wide with one column per month:
 *   state (IDEFC_NM / estatal):   Año,Clave_Ent,Entidad,Bien jurídico afectado,Tipo de delito,Subtipo de delito,Modalidad,Enero,…,Diciembre
 *   municipal (IDM_NM, "Municipal-Delitos"): the same with `Cve. Municipio,Municipio` after `Entidad`.
 * Usually Latin-1. Header spelling varies across years ("Año"/"AÑO", "Cve. Municipio"/"Cve.Municipio"), so
 * headers are matched accent-, case- and punctuation-insensitively.
 *
 * Empty month cells:
 * - after the last published month (the rest of the latest year): not yet published, dropped and listed
 *   in `droppedMonths`;
 * - before it: a "missing month" error naming the line and the month column (counts are never guessed).
 * Duplicate rows (same area, crime type, subtype, modality and year twice) are errors: summing them
 * would double count and keeping either would be arbitrary; the official files have one row per key.
 * Municipal codes ending in 998/999 that are not known municipalities are SESNSP's "No especificado" /
 * "Otros municipios" rows: they cannot be placed on the map, so they are dropped with one warning that
 * says how many carpetas were dropped.
 */

/** Canonical (official) column names; the header is matched to them by `headerKey`. */
const MONTH_COLUMNS = SPANISH_MONTHS.map((m) => m[0].toUpperCase() + m.slice(1));

const BASE_ROLES: Record<string, string> = {
  ano: 'Año',
  'clave ent': 'Clave_Ent',
  'cve ent': 'Clave_Ent',
  'clave entidad': 'Clave_Ent',
  'cve entidad': 'Clave_Ent',
  entidad: 'Entidad',
  'bien juridico afectado': 'Bien jurídico afectado',
  'tipo de delito': 'Tipo de delito',
  'subtipo de delito': 'Subtipo de delito',
  modalidad: 'Modalidad',
  ...Object.fromEntries(SPANISH_MONTHS.map((m, k) => [m, MONTH_COLUMNS[k]])),
  setiembre: 'Septiembre',
};

const MUNICIPAL_ROLES: Record<string, string> = {
  ...BASE_ROLES,
  'cve municipio': 'Cve. Municipio',
  'clave municipio': 'Cve. Municipio',
  'cve mun': 'Cve. Municipio',
  municipio: 'Municipio',
};

const CRIME_COLUMNS = ['Bien jurídico afectado', 'Tipo de delito', 'Subtipo de delito', 'Modalidad'];
const STATE_REQUIRED = ['Año', 'Clave_Ent', 'Entidad', ...CRIME_COLUMNS, ...MONTH_COLUMNS];
const MUNICIPAL_REQUIRED = [
  'Año',
  'Clave_Ent',
  'Entidad',
  'Cve. Municipio',
  'Municipio',
  ...CRIME_COLUMNS,
  ...MONTH_COLUMNS,
];

function detectWide(header: string, delimiter: string, municipal: boolean): boolean {
  const k = headerKeys(header, delimiter);
  const has = (...alts: string[]) => alts.some((a) => k.includes(a));
  const base =
    has('ano') &&
    has('clave ent', 'cve ent', 'clave entidad', 'cve entidad') &&
    has('subtipo de delito') &&
    has('modalidad') &&
    has('enero') &&
    has('diciembre');
  const mun = has('cve municipio', 'clave municipio', 'cve mun');
  return base && mun === municipal;
}

function makeWideReader(level: 'state' | 'municipality'): Reader {
  const municipal = level === 'municipality';
  const format = municipal ? 'sesnsp-incidence-municipal-wide' : 'sesnsp-incidence-state-wide';
  return {
    format,
    description: municipal
      ? 'SESNSP municipal incidence (carpetas), official wide format (IDM_NM, one column per month)'
      : 'SESNSP state incidence (carpetas), official wide format (one column per month)',
    detect: (header, delimiter) => detectWide(header, delimiter, municipal),
    read: (ctx) => readWide(ctx, level, format),
  };
}

function readWide(ctx: ReadContext, level: 'state' | 'municipality', format: string) {
  const { file } = ctx;
  const municipal = level === 'municipality';
  const log = new IssueLog(ctx);
  const { header, keys, rows } = openRows(ctx);
  const col = mapColumns(
    header,
    keys,
    municipal ? MUNICIPAL_ROLES : BASE_ROLES,
    municipal ? MUNICIPAL_REQUIRED : STATE_REQUIRED,
    file,
  );
  const iYear = col.get('Año')!;
  const iState = col.get('Clave_Ent')!;
  const iStateName = col.get('Entidad')!;
  const iMun = municipal ? col.get('Cve. Municipio')! : -1;
  const iType = col.get('Tipo de delito')!;
  const iSub = col.get('Subtipo de delito')!;
  const iMod = col.get('Modalidad')!;
  const monthCols = MONTH_COLUMNS.map((c) => col.get(c)!);
  const width = header.length;

  const years = new Map<string, number | null>();
  const states = new Map<string, string | null>();
  const stateNames = new Map<string, string | undefined>();
  const munis = new Map<string, { code: string; state: string; unspecified: boolean; known: boolean }>();
  const crimes = new Map<string, MonthTable>();
  const bySlug = new Map<string, MonthTable>();
  // Duplicate detection without per-row strings: area, year and (type, subtype, modality) as small ints.
  const areaIds = new Map<string, number>();
  const comboIds = new Map<string, Map<string, Map<string, number>>>();
  let combos = 0;
  /** Per area id: (year, crime combination) → line of the row. */
  const seen: Map<number, number>[] = [];
  // Rows ending in empty cells: the month index of their first empty cell, checked once the last
  // published month is known.
  const tailLines: number[] = [];
  const tailMonths: number[] = [];
  const values = new Float64Array(12);
  let lastPublished = Number.NEGATIVE_INFINITY;
  let count = 0;
  let unspecifiedRows = 0;
  let unspecifiedTotal = 0;
  const unspecifiedCodes = new Set<string>();
  const unspecifiedLines: number[] = [];

  for (const { line, fields } of rows) {
    checkWidth(fields, width, file, line);
    count++;
    const yearText = fields[iYear];
    let year = years.get(yearText);
    if (year === undefined) {
      const y = Number(yearText.trim());
      year = /^\s*\d{4}\s*$/.test(yearText) && isPanelYear(y) ? y : null;
      years.set(yearText, year);
    }
    if (year === null) {
      log.error(
        'bad year',
        `column ${quote(header[iYear])}: ${quote(yearText)} is not a year (1990–2100)`,
        line,
        header[iYear],
      );
      continue;
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
        `column ${quote(header[iState])}: ${quote(stateText)} is not a state code (01–32)`,
        line,
        header[iState],
      );
      continue;
    }
    const nameText = fields[iStateName];
    let named = stateNames.get(nameText);
    if (named === undefined && !stateNames.has(nameText)) {
      named = ctx.areas.stateCode(nameText);
      stateNames.set(nameText, named);
    }
    if (named !== undefined && named !== state) {
      log.error(
        'state name mismatch',
        `column ${quote(header[iStateName])}: ${quote(nameText)} is state ${named} but ${header[iState]} is ${state}`,
        line,
        header[iStateName],
      );
      continue;
    }
    let area = state;
    let unspecified = false;
    if (municipal) {
      const munText = fields[iMun];
      let mun = munis.get(munText);
      if (mun === undefined) {
        const t = munText.trim();
        const code = /^\d{4,5}$/.test(t) ? t.padStart(5, '0') : '';
        const unknownCode = /99[89]$/.test(code) && !ctx.areas.municipalities.has(code);
        mun = {
          code,
          state: code.slice(0, 2),
          unspecified: unknownCode,
          known: code !== '' && (unknownCode || ctx.areas.isMunicipality(code)),
        };
        munis.set(munText, mun);
      }
      if (mun.code === '') {
        log.error(
          'bad municipality',
          `column ${quote(header[iMun])}: ${quote(munText)} is not a municipality code (CVEGEO, 5 digits)`,
          line,
          header[iMun],
        );
        continue;
      }
      if (mun.state !== state) {
        log.error(
          'municipality state mismatch',
          `column ${quote(header[iMun])}: municipality ${mun.code} is not in state ${state} (${header[iState]})`,
          line,
          header[iMun],
        );
        continue;
      }
      if (!mun.known) {
        log.error(
          'unknown municipality',
          `column ${quote(header[iMun])}: ${mun.code} is not a known municipality`,
          line,
          header[iMun],
        );
        continue;
      }
      unspecified = mun.unspecified;
      area = mun.code;
    }

    // Month cells: filled up to some month, then possibly empty to December.
    let lastFilled = -1;
    for (let k = 0; k < 12; k++) {
      const raw = fields[monthCols[k]];
      const v = raw === '' ? Number.NaN : parseCount(raw, file, line, header[monthCols[k]]);
      values[k] = v;
      if (!Number.isNaN(v)) lastFilled = k;
    }
    let holes = false;
    for (let k = 0; k < lastFilled; k++) {
      if (Number.isNaN(values[k])) {
        holes = true;
        missingMonth(log, header[monthCols[k]], year, k, line);
      }
    }
    if (holes) continue;
    if (lastFilled < 11) {
      tailLines.push(line);
      tailMonths.push(monthIndex(year, lastFilled + 2));
    }
    if (lastFilled >= 0) lastPublished = Math.max(lastPublished, monthIndex(year, lastFilled + 1));

    let areaId = areaIds.get(area);
    if (areaId === undefined) {
      areaId = areaIds.size;
      areaIds.set(area, areaId);
      seen.push(new Map());
    }
    const typeText = fields[iType];
    const subText = fields[iSub];
    const modText = fields[iMod];
    let bySub = comboIds.get(typeText);
    if (!bySub) {
      bySub = new Map();
      comboIds.set(typeText, bySub);
    }
    let byMod = bySub.get(subText);
    if (!byMod) {
      byMod = new Map();
      bySub.set(subText, byMod);
    }
    let combo = byMod.get(modText);
    if (combo === undefined) {
      combo = combos++;
      if (combo >= 100_000)
        throw new DataError(`${file}: more than 100,000 crime type/subtype/modality combinations`, {
          file,
          line,
        });
      byMod.set(modText, combo);
    }
    const key = (year - 1990) * 100_000 + combo;
    const before = seen[areaId].get(key);
    if (before !== undefined) {
      log.error(
        'duplicate',
        `duplicate row: ${area}, ${quote(subText, 60)} / ${quote(modText, 60)}, ${year} already given on line ${before}`,
        line,
      );
      continue;
    }
    seen[areaId].set(key, line);

    if (unspecified) {
      unspecifiedRows++;
      unspecifiedCodes.add(area);
      if (unspecifiedLines.length < 10) unspecifiedLines.push(line);
      for (let k = 0; k <= lastFilled; k++) unspecifiedTotal += values[k];
      continue;
    }
    let crime = crimes.get(subText);
    if (crime === undefined) {
      const slug = crimeSlug(subText);
      const bad = crimeNameProblem(subText, slug);
      if (bad) {
        log.error(
          bad === 'empty' ? 'empty subtype' : 'long subtype',
          `column ${quote(header[iSub])}: ${bad}`,
          line,
          header[iSub],
        );
        continue;
      }
      if (!bySlug.has(slug) && bySlug.size >= MAX_CRIMES) throw tooManyCrimes(file, line, header[iSub]);
      crime = bySlug.get(slug) ?? new MonthTable(subText.trim(), slug);
      bySlug.set(slug, crime);
      crimes.set(subText, crime);
    }
    if (lastFilled >= 0) crime.add(area, year, values, lastFilled);
  }
  if (count === 0) throw new DataError(`${file}: no data rows`, { file, line: 2 });
  if (!Number.isFinite(lastPublished)) {
    log.finish();
    throw new DataError(`${file}: every month cell is empty: no published month`, { file });
  }
  // Empty cells up to the last published month are missing data, not "not yet published".
  for (let i = 0; i < tailLines.length; i++) {
    const m = tailMonths[i];
    if (m <= lastPublished) {
      const k = m % 12;
      missingMonth(log, header[monthCols[k]], Math.floor(m / 12) + 1990, k, tailLines[i]);
    }
  }
  if (unspecifiedRows > 0) {
    log.warning(
      'unspecified municipality',
      `${unspecifiedRows} rows for unspecified municipalities (${[...unspecifiedCodes].sort().slice(0, 20).join(', ')}: "No especificado"/"Otros municipios") dropped: ${unspecifiedTotal} carpetas not placed in any municipality (${linesList(unspecifiedLines, unspecifiedRows)})`,
      unspecifiedLines[0],
      header[iMun],
    );
  }
  log.finish();

  const droppedMonths: string[] = [];
  for (let m = lastPublished + 1; m % 12 !== 0; m++) droppedMonths.push(monthLabel(m));
  const vintage = monthLabel(lastPublished);
  const prefix = municipal ? 'sesnsp.incidence-municipal' : 'sesnsp.incidence';
  const seriesLevel: Level = level;
  return [...bySlug.values()]
    .sort((a, b) => a.slug.localeCompare(b.slug))
    .map((table) => {
      const { name, slug } = table;
      const meta: SeriesMeta = {
        id: `${prefix}.${slug}`,
        title: `${name}: carpetas de investigación by ${municipal ? 'municipality' : 'state'} (SESNSP)`,
        unit: 'carpetas',
        level: seriesLevel,
        source: 'sesnsp-incidence',
        file,
        vintage,
        format,
        encoding: ctx.input.encoding,
        rows: count,
        droppedMonths: [...droppedMonths],
        warnings: [...log.warnings],
      };
      return table.build(meta);
    });
}

/**
 * Counts of one crime by area and month, summed over modalities: per area one array of months from its
 * first year (NaN = no value). Plain arrays grow cheaply as files run year by year; cheaper than a
 * per-cell map (or a typed array per area) for files of millions of rows × 12 months.
 */
class MonthTable {
  private readonly cells = new Map<string, { base: number; data: number[] }>();
  private first = Number.POSITIVE_INFINITY;
  private last = Number.NEGATIVE_INFINITY;

  constructor(
    readonly name: string,
    readonly slug: string,
  ) {}

  /** Adds months 0..lastFilled of a year (all filled: rows with holes are rejected before). */
  add(area: string, year: number, values: Float64Array, lastFilled: number): void {
    const m0 = monthIndex(year, 1);
    let c = this.cells.get(area);
    if (!c) {
      c = { base: m0, data: [] };
      this.cells.set(area, c);
    } else if (m0 < c.base) {
      // A year before this area's first (unsorted file): shift the data.
      c.data = [...new Array<number>(c.base - m0).fill(Number.NaN), ...c.data];
      c.base = m0;
    }
    const data = c.data;
    const off = m0 - c.base;
    while (data.length < off + 12) data.push(Number.NaN);
    for (let k = 0; k <= lastFilled; k++) {
      const prev = data[off + k];
      data[off + k] = Number.isNaN(prev) ? values[k] : prev + values[k];
    }
    if (m0 < this.first) this.first = m0;
    if (m0 + lastFilled > this.last) this.last = m0 + lastFilled;
  }

  build(meta: SeriesMeta): Series {
    const areas = [...this.cells.keys()].sort();
    const start = this.first;
    const months = this.last - start + 1;
    const values = new Float64Array(areas.length * months).fill(Number.NaN);
    areas.forEach((area, a) => {
      const { base, data } = this.cells.get(area)!;
      const from = Math.max(base, start);
      const to = Math.min(base + data.length, start + months);
      for (let m = from; m < to; m++) values[a * months + m - start] = data[m - base];
    });
    return { meta, areas, start, months, values };
  }
}

function missingMonth(log: IssueLog, column: string, year: number, k: number, line: number): void {
  log.error(
    'missing month',
    `missing month: column ${quote(column)} (${monthLabel(monthIndex(year, k + 1))}) is empty but later months are published`,
    line,
    column,
  );
}

/** SESNSP state incidence, official wide format. */
export const sesnspWideState: Reader = makeWideReader('state');
/** SESNSP municipal incidence, official wide format (IDM_NM). */
export const sesnspWideMunicipal: Reader = makeWideReader('municipality');
