import { parquetWriteBuffer } from 'hyparquet-writer';
import type { AreaRegistry } from './areas.js';
import { csvField } from './csv-write.js';
import { monthLabel, parseMonthLabel, yearOf } from './panel/months.js';
import { aggregate, yearly } from './panel/panel.js';
import type { Level, Series } from './panel/series.js';
import { STATES } from './states.js';

/**
 * `atalaya data export`: a series at a level and frequency, as a long table (one row per area and period)
 * written as CSV, JSON or Parquet. Yearly rows say whether the year is complete (12 reported months).
 */
export interface ExportOptions {
  level?: Level;
  freq?: 'month' | 'year';
  from?: string;
  to?: string;
  /** Divide by the area's population (CONAPO, mid-year of the period's year) × 100,000. */
  per100k?: boolean;
}

export interface ExportTable {
  series: string;
  unit: string;
  vintage: string;
  source: string;
  level: Level;
  freq: 'month' | 'year';
  rows: { area: string; name: string; period: string; value: number | null; complete: boolean }[];
}

export function exportTable(series: Series, areas: AreaRegistry, options: ExportOptions = {}): ExportTable {
  const level = options.level ?? series.meta.level;
  const s = aggregate(series, level);
  const freq = options.freq ?? 'month';
  const from = options.from
    ? parseMonthLabel(options.from.length === 4 ? `${options.from}-01` : options.from)
    : -Infinity;
  const to = options.to
    ? parseMonthLabel(options.to.length === 4 ? `${options.to}-12` : options.to)
    : Infinity;
  const name = (code: string) => areaName(code, areas);
  // Areas without a population (unknown-municipality codes, municipalities newer than the projections)
  // get no rate rather than a wrong one.
  const scale = (code: string, year: number, v: number): number | null => {
    if (Number.isNaN(v)) return null;
    if (!options.per100k) return v;
    const pop = populationFor(code, year, areas);
    return pop ? (v / pop) * 1e5 : null;
  };
  const rows: ExportTable['rows'] = [];
  // Months a later release will still revise (see incomplete.ts) are not "complete", nor are their years.
  const incomplete = new Set(s.meta.incompleteMonths ?? []);
  const incompleteYears = new Set([...incomplete].map((m) => Number(m.slice(0, 4))));
  if (freq === 'month') {
    s.areas.forEach((area, a) => {
      for (let t = 0; t < s.months; t++) {
        const m = s.start + t;
        if (m < from || m > to) continue;
        const v = s.values[a * s.months + t];
        rows.push({
          area,
          name: name(area),
          period: monthLabel(m),
          value: scale(area, yearOf(m), v),
          complete: !Number.isNaN(v) && !incomplete.has(monthLabel(m)),
        });
      }
    });
  } else {
    const y = yearly(s);
    s.areas.forEach((area, a) => {
      y.years.forEach((year, k) => {
        if (Number.isFinite(from) && parseMonthLabel(`${year}-12`) < from) return;
        if (Number.isFinite(to) && parseMonthLabel(`${year}-01`) > to) return;
        const v = y.values[a * y.years.length + k];
        rows.push({
          area,
          name: name(area),
          period: String(year),
          value: scale(area, year, v),
          complete: y.complete[k] && !incompleteYears.has(year),
        });
      });
    });
  }
  return {
    series: s.meta.id,
    unit: options.per100k ? `${s.meta.unit} per 100,000 inhabitants` : s.meta.unit,
    vintage: s.meta.vintage,
    source: s.meta.source,
    level,
    freq,
    rows,
  };
}

/** Population of an area in a year: its own, or for the nation the sum of the states. */
export function populationFor(code: string, year: number, areas: AreaRegistry): number | undefined {
  if (code === '00') {
    let sum = 0;
    for (let k = 1; k <= 32; k++) {
      const v = areas.populationOf(String(k).padStart(2, '0'), year);
      if (v === undefined) return undefined;
      sum += v;
    }
    return sum;
  }
  return areas.populationOf(code, year);
}

export function areaName(code: string, areas: AreaRegistry): string {
  if (code === '00') return 'Nacional';
  if (code.length === 2) return STATES.find((s) => s.code === code)?.name ?? code;
  if (code.endsWith('999')) return code === '99999' ? 'Entidad desconocida' : 'Municipio desconocido';
  return areas.municipalities.get(code)?.name ?? code;
}

export function tableToCsv(t: ExportTable): string {
  const lines = ['series,vintage,unit,level,area,name,period,value,complete'];
  for (const r of t.rows) {
    lines.push(
      [
        csvField(t.series),
        t.vintage,
        csvField(t.unit),
        t.level,
        r.area,
        csvField(r.name),
        r.period,
        r.value ?? '',
        r.complete,
      ].join(','),
    );
  }
  return lines.join('\n');
}

export function tableToJson(t: ExportTable): string {
  return JSON.stringify(t, null, 1);
}

/** Parquet with columns area, name, period, value (nullable double), complete; series facts as metadata. */
export function tableToParquet(t: ExportTable): Uint8Array {
  const buffer = parquetWriteBuffer({
    columnData: [
      { name: 'area', data: t.rows.map((r) => r.area), type: 'STRING' },
      { name: 'name', data: t.rows.map((r) => r.name), type: 'STRING' },
      { name: 'period', data: t.rows.map((r) => r.period), type: 'STRING' },
      { name: 'value', data: t.rows.map((r) => r.value), type: 'DOUBLE' },
      { name: 'complete', data: t.rows.map((r) => r.complete), type: 'BOOLEAN' },
    ],
    kvMetadata: [
      { key: 'series', value: t.series },
      { key: 'vintage', value: t.vintage },
      { key: 'unit', value: t.unit },
      { key: 'level', value: t.level },
      { key: 'freq', value: t.freq },
      { key: 'source', value: t.source },
    ],
  });
  return new Uint8Array(buffer);
}
