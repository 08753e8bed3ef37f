import { QueryError } from '../data/errors.js';
import { monthLabel, parseMonthLabel, yearOf } from '../data/panel/months.js';
import type { Panel } from '../data/panel/panel.js';
import type { Level } from '../data/panel/series.js';
import { MIN_FORECAST_MONTHS } from '../data/present.js';

/**
 * What a forecast may see: one monthly count series for the areas of a level, cut at the forecast origin
 * (`asOf`). The cut is a copy: nothing after `asOf` exists in a `ForecastData`, so no model can look
 * ahead, whatever it does (the tests check this by changing every later value).
 */
export interface ForecastData {
  series: { id: string; title: string; vintage: string; unit: string; level: Level };
  /** Area codes modelled (CVEGEO for municipalities). */
  areas: string[];
  /** Month index of column 0, and the number of months up to and including `asOf`. */
  start: number;
  months: number;
  /** Counts, area-major: y[a * months + t]. */
  y: Float64Array;
  /** Neighbours as indices into `areas` (CSR); areas outside the geometry have none. */
  nbPtr: Int32Array;
  nbIdx: Int32Array;
  /** log(population / 100,000) by area and year (years `popFirst`…), nearest available year outside. */
  logPop: Float64Array;
  popFirst: number;
  popYears: number;
  /** Months up to `asOf` that the release flags as incomplete (a forecast from them says so). */
  incomplete: string[];
  /** Areas of the series left out, and why. */
  skipped: { area: string; reason: string }[];
}

export interface PrepareOptions {
  series: string;
  /** Forecast origin YYYY-MM (default: the newest month; provisional months are named in a warning). */
  asOf?: string;
  level?: Level;
  vintage?: string;
  /** Months of data up to the origin (default MIN_FORECAST_MONTHS, 13: each model checks what it needs). */
  minHistory?: number;
}

export function prepareData(panel: Panel, options: PrepareOptions): ForecastData {
  const level = options.level ?? 'municipality';
  if (panel.all(options.series).length === 0) {
    const usable = panel.series.filter((x) => x.meta.level === level).map((x) => x.meta.id);
    throw new QueryError(
      `unknown series "${options.series}"; ${level} series imported: ${[...new Set(usable)].sort().join(', ') || 'none (run `atalaya data import`)'}`,
    );
  }
  const s = panel.get(options.series, { level, vintage: options.vintage });
  const first = monthLabel(s.start);
  const last = monthLabel(s.start + s.months - 1);
  const flagged = new Set(s.meta.incompleteMonths ?? []);
  let end = s.start + s.months - 1;
  if (options.asOf) {
    let asOf: number;
    try {
      asOf = parseMonthLabel(options.asOf);
    } catch {
      throw new QueryError(
        `--as-of "${options.asOf}" is not a month (expected YYYY-MM; ${s.meta.id} (${s.meta.vintage}) covers ${first}..${last})`,
      );
    }
    if (asOf > end || asOf < s.start) {
      throw new QueryError(
        `${s.meta.id} (${s.meta.vintage}) has no data for ${options.asOf}: it covers ${first}..${last}`,
      );
    }
    end = asOf;
  }
  const months = end - s.start + 1;
  const minHistory = options.minHistory ?? MIN_FORECAST_MONTHS;
  if (months < minHistory) {
    throw new QueryError(
      `a forecast from ${monthLabel(end)} needs ${minHistory} months of ${s.meta.id} before it; the series starts ${first}`,
    );
  }
  const skipped: ForecastData['skipped'] = [];
  const keep: number[] = [];
  s.areas.forEach((area, a) => {
    if (!hasPopulation(panel, area))
      skipped.push({ area, reason: 'no population (unknown or new municipality)' });
    else keep.push(a);
  });
  const areas = keep.map((a) => s.areas[a]);
  const y = new Float64Array(areas.length * months);
  keep.forEach((a, k) => {
    for (let t = 0; t < months; t++) {
      const v = s.values[a * s.months + t];
      // A month not reported counts as 0 here; the series readers already drop padding months.
      y[k * months + t] = Number.isNaN(v) ? 0 : v;
    }
  });
  const { nbPtr, nbIdx } = neighbourIndex(panel, areas);
  const pop = populationTable(panel, areas);
  return {
    series: {
      id: s.meta.id,
      title: s.meta.title,
      vintage: s.meta.vintage,
      unit: s.meta.unit,
      level: s.meta.level,
    },
    areas,
    start: s.start,
    months,
    y,
    nbPtr,
    nbIdx,
    ...pop,
    incomplete: [...flagged].filter((m) => parseMonthLabel(m) <= end).sort(),
    skipped,
  };
}

/** The month label of column t. */
export function monthOf(data: ForecastData, t: number): string {
  return monthLabel(data.start + t);
}

function hasPopulation(panel: Panel, area: string): boolean {
  const row = panel.areas.population.get(area);
  return !!row && row.size > 0;
}

function neighbourIndex(panel: Panel, areas: string[]): { nbPtr: Int32Array; nbIdx: Int32Array } {
  const reg = panel.areas;
  const index = new Map(areas.map((a, k) => [a, k]));
  const geo = new Map(reg.adjacencyCodes.map((c, k) => [c, k]));
  const nbPtr = new Int32Array(areas.length + 1);
  const idx: number[] = [];
  areas.forEach((area, k) => {
    const g = geo.get(area);
    if (g !== undefined) {
      for (let e = reg.adjacencyPtr[g]; e < reg.adjacencyPtr[g + 1]; e++) {
        const j = index.get(reg.adjacencyCodes[reg.adjacencyIdx[e]]);
        if (j !== undefined) idx.push(j);
      }
    }
    nbPtr[k + 1] = idx.length;
  });
  return { nbPtr, nbIdx: Int32Array.from(idx) };
}

function populationTable(
  panel: Panel,
  areas: string[],
): Pick<ForecastData, 'logPop' | 'popFirst' | 'popYears'> {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const a of areas) {
    for (const y of panel.areas.population.get(a)!.keys()) {
      lo = Math.min(lo, y);
      hi = Math.max(hi, y);
    }
  }
  const years = hi - lo + 1;
  const logPop = new Float64Array(areas.length * years);
  areas.forEach((a, k) => {
    const row = panel.areas.population.get(a)!;
    const known = [...row.keys()].sort((x, z) => x - z);
    for (let j = 0; j < years; j++) {
      const year = lo + j;
      const nearest = row.get(year) ?? row.get(year < known[0] ? known[0] : known[known.length - 1])!;
      logPop[k * years + j] = Math.log(Math.max(nearest, 1) / 1e5);
    }
  });
  return { logPop, popFirst: lo, popYears: years };
}

/** log(population / 100,000) of area k in the year of month index m (nearest year available). */
export function logPopulation(data: ForecastData, k: number, month: number): number {
  const j = Math.min(Math.max(yearOf(month) - data.popFirst, 0), data.popYears - 1);
  return data.logPop[k * data.popYears + j];
}
