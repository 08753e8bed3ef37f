import type { AreaRegistry } from '../areas.js';
import { QueryError } from '../errors.js';
import { monthLabel, yearOf } from './months.js';
import type { Level, Series } from './series.js';

/**
 * The panel: every imported series (several vintages of the same series may coexist), with the areas
 * registry. Queries return new series; nothing here mutates imported data.
 */
export class Panel {
  constructor(
    readonly series: Series[],
    readonly areas: AreaRegistry,
  ) {}

  ids(): string[] {
    return [...new Set(this.series.map((s) => s.meta.id))].sort();
  }

  /** All series with this id (any level, any vintage), newest vintage first. */
  all(id: string): Series[] {
    return this.series
      .filter((s) => s.meta.id === id)
      .sort((a, b) => b.meta.vintage.localeCompare(a.meta.vintage));
  }

  /**
   * One series by id: the given vintage, else the newest; among equals the finest level. Throws with the
   * valid ids or vintages when there is none.
   */
  get(id: string, options: { vintage?: string; level?: Level } = {}): Series {
    const candidates = this.all(id);
    if (candidates.length === 0)
      throw new QueryError(`unknown series "${id}"; imported series: ${this.ids().join(', ') || 'none'}`);
    const byVintage = options.vintage
      ? candidates.filter((s) => s.meta.vintage === options.vintage)
      : candidates;
    if (byVintage.length === 0) {
      throw new QueryError(
        `series "${id}" has no vintage ${options.vintage}; vintages: ${[...new Set(candidates.map((s) => s.meta.vintage))].join(', ')}`,
      );
    }
    const order: Level[] = ['municipality', 'state', 'national'];
    const rank = (l: Level) => order.indexOf(l);
    // Series at the requested level or finer (which can be summed up to it); newest vintage first, then
    // the coarsest that still qualifies (an exact match needs no aggregation).
    const usable = options.level
      ? byVintage.filter((s) => rank(s.meta.level) <= rank(options.level!))
      : byVintage;
    if (usable.length === 0) {
      throw new QueryError(
        `series "${id}" is not available at ${options.level} level (it is at: ${[...new Set(byVintage.map((s) => s.meta.level))].join(', ')})`,
      );
    }
    const newest = usable[0].meta.vintage;
    const same = usable.filter((s) => s.meta.vintage === newest);
    if (!options.level) return same.sort((a, b) => rank(a.meta.level) - rank(b.meta.level))[0];
    const best = same.sort((a, b) => rank(b.meta.level) - rank(a.meta.level))[0];
    return aggregate(best, options.level);
  }
}

/** The code of the area a finer area belongs to at `level`. */
export function parentCode(code: string, level: Level): string {
  if (level === 'national') return '00';
  if (level === 'state') return code.slice(0, 2);
  return code;
}

/**
 * Sum a series up to a coarser level (municipality → state → national). A cell of the result is NaN only
 * if every contributing cell is NaN.
 */
export function aggregate(s: Series, level: Level): Series {
  if (s.meta.level === level) return s;
  const order: Level[] = ['municipality', 'state', 'national'];
  if (order.indexOf(level) < order.indexOf(s.meta.level)) {
    throw new Error(`cannot disaggregate ${s.meta.id} from ${s.meta.level} to ${level}`);
  }
  const codes = [...new Set(s.areas.map((a) => parentCode(a, level)))].sort();
  const index = new Map(codes.map((c, i) => [c, i]));
  const T = s.months;
  const values = new Float64Array(codes.length * T).fill(Number.NaN);
  s.areas.forEach((area, a) => {
    const row = index.get(parentCode(area, level))! * T;
    for (let t = 0; t < T; t++) {
      const v = s.values[a * T + t];
      if (Number.isNaN(v)) continue;
      values[row + t] = Number.isNaN(values[row + t]) ? v : values[row + t] + v;
    }
  });
  return { meta: { ...s.meta, level }, areas: codes, start: s.start, months: T, values };
}

/** Calendar-year totals per area; a year is `complete` only if all 12 months are reported. */
export function yearly(s: Series): { years: number[]; values: Float64Array; complete: boolean[] } {
  const first = yearOf(s.start);
  const last = yearOf(s.start + s.months - 1);
  const years = Array.from({ length: last - first + 1 }, (_, k) => first + k);
  const values = new Float64Array(s.areas.length * years.length).fill(Number.NaN);
  const counts = new Int32Array(years.length);
  for (let t = 0; t < s.months; t++) counts[yearOf(s.start + t) - first]++;
  for (let a = 0; a < s.areas.length; a++) {
    for (let t = 0; t < s.months; t++) {
      const v = s.values[a * s.months + t];
      if (Number.isNaN(v)) continue;
      const k = a * years.length + (yearOf(s.start + t) - first);
      values[k] = Number.isNaN(values[k]) ? v : values[k] + v;
    }
  }
  return { years, values, complete: years.map((_, k) => counts[k] === 12) };
}

/** A cell value by area code and month label (NaN outside the series). */
export function valueAt(s: Series, area: string, month: string): number {
  const a = s.areas.indexOf(area);
  const [y, m] = month.split('-').map(Number);
  const t = (y - 1990) * 12 + (m - 1) - s.start;
  if (a < 0 || t < 0 || t >= s.months) return Number.NaN;
  return s.values[a * s.months + t];
}

/** Revisions between two vintages of a series: every (area, month) whose value changed. */
export function revisions(
  older: Series,
  newer: Series,
): { area: string; month: string; before: number; after: number }[] {
  const out: { area: string; month: string; before: number; after: number }[] = [];
  const end = Math.min(older.start + older.months, newer.start + newer.months);
  const start = Math.max(older.start, newer.start);
  for (const area of older.areas) {
    const a = older.areas.indexOf(area);
    const b = newer.areas.indexOf(area);
    if (b < 0) continue;
    for (let t = start; t < end; t++) {
      const before = older.values[a * older.months + (t - older.start)];
      const after = newer.values[b * newer.months + (t - newer.start)];
      if (Number.isNaN(before) && Number.isNaN(after)) continue;
      if (before !== after) out.push({ area, month: monthLabel(t), before, after });
    }
  }
  return out;
}
