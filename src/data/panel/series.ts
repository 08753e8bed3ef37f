import { monthLabel } from './months.js';

/** Geographic level of a series' areas. */
export type Level = 'national' | 'state' | 'municipality';

/** A problem found while reading data: errors stop an import, warnings are reported and kept. */
export interface Issue {
  severity: 'error' | 'warning';
  file: string;
  line?: number;
  column?: string;
  message: string;
}

/** What a series is and where it came from; stored in the cache manifest. */
export interface SeriesMeta {
  /** Stable id, e.g. `sesnsp.victims.homicidio-doloso`, `inegi.homicides`, `rnpdno.not-located`. */
  id: string;
  title: string;
  /** What is counted: victims, carpetas (investigation files), deaths, persons, events. */
  unit: string;
  level: Level;
  /** Source id (see sources/citations in SOURCES), and the file it was read from (relative to the data folder). */
  source: string;
  file: string;
  /** Release or vintage of the data (YYYY-MM or YYYY-MM-DD); values of the same month differ between vintages. */
  vintage: string;
  /** Detected format and encoding of the file. */
  format: string;
  encoding: string;
  /** Data rows read from the file. */
  rows: number;
  /** Months with no real data yet present in the file (e.g. zero padding), dropped. */
  droppedMonths?: string[];
  /** Months at the end of the series that are likely incomplete (reported later). */
  incompleteMonths?: string[];
  warnings: Issue[];
}

/**
 * One series: areas × months of counts, stored area-major in a Float64Array (NaN = not reported; a
 * reported zero is 0). `start` is the month index of column 0.
 */
export interface Series {
  meta: SeriesMeta;
  areas: string[];
  start: number;
  months: number;
  values: Float64Array;
}

export function seriesFirstMonth(s: Series): string {
  return monthLabel(s.start);
}

export function seriesLastMonth(s: Series): string {
  return monthLabel(s.start + s.months - 1);
}

/**
 * Accumulates (area, month, value) records into a dense series. Duplicate (area, month) records are
 * added when `sum` is set (long files split by sex, age, modality) and reported otherwise.
 */
export class SeriesBuilder {
  private readonly cells = new Map<string, Map<number, number>>();
  private min = Number.POSITIVE_INFINITY;
  private max = Number.NEGATIVE_INFINITY;
  duplicates = 0;

  constructor(private readonly sum: boolean) {}

  add(area: string, month: number, value: number): boolean {
    let row = this.cells.get(area);
    if (!row) {
      row = new Map();
      this.cells.set(area, row);
    }
    const prev = row.get(month);
    if (prev !== undefined && !this.sum) {
      this.duplicates++;
      return false;
    }
    row.set(month, (prev ?? 0) + value);
    if (month < this.min) this.min = month;
    if (month > this.max) this.max = month;
    return true;
  }

  /** Months present in any area. */
  monthSet(): Set<number> {
    const out = new Set<number>();
    for (const row of this.cells.values()) for (const m of row.keys()) out.add(m);
    return out;
  }

  /** Total of one month over all areas. */
  monthTotal(month: number): number {
    let t = 0;
    for (const row of this.cells.values()) t += row.get(month) ?? 0;
    return t;
  }

  dropMonth(month: number): void {
    for (const row of this.cells.values()) row.delete(month);
    this.min = Number.POSITIVE_INFINITY;
    this.max = Number.NEGATIVE_INFINITY;
    for (const m of this.monthSet()) {
      this.min = Math.min(this.min, m);
      this.max = Math.max(this.max, m);
    }
  }

  /**
   * The dense series. `fill` is what a missing cell becomes: 0 for sparse files where absence means none
   * (RNPDNO), NaN where absence means not reported.
   */
  build(meta: SeriesMeta, fill: number, areaOrder?: string[]): Series {
    const areas = areaOrder ?? [...this.cells.keys()].sort();
    const months = Number.isFinite(this.min) ? this.max - this.min + 1 : 0;
    const values = new Float64Array(areas.length * months).fill(fill);
    areas.forEach((area, a) => {
      const row = this.cells.get(area);
      if (!row) return;
      for (const [m, v] of row) values[a * months + (m - this.min)] = v;
    });
    return { meta, areas, start: Number.isFinite(this.min) ? this.min : 0, months, values };
  }
}
