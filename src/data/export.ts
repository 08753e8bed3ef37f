import { parquetWriteBuffer } from 'hyparquet-writer';
import type { AreaRegistry } from './areas.js';
import { monthLabel, parseMonthLabel } from './panel/months.js';
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
  const rows: ExportTable['rows'] = [];
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
          value: Number.isNaN(v) ? null : v,
          complete: !Number.isNaN(v),
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
          value: Number.isNaN(v) ? null : v,
          complete: y.complete[k],
        });
      });
    });
  }
  return {
    series: s.meta.id,
    unit: s.meta.unit,
    vintage: s.meta.vintage,
    source: s.meta.source,
    level,
    freq,
    rows,
  };
}

export function areaName(code: string, areas: AreaRegistry): string {
  if (code === '00') return 'Nacional';
  if (code.length === 2) return STATES.find((s) => s.code === code)?.name ?? code;
  if (code.endsWith('999')) return code === '99999' ? 'Entidad desconocida' : 'Municipio desconocido';
  return areas.municipalities.get(code)?.name ?? code;
}

export function tableToCsv(t: ExportTable): string {
  const q = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = ['series,vintage,unit,level,area,name,period,value,complete'];
  for (const r of t.rows) {
    lines.push(
      [t.series, t.vintage, t.unit, t.level, r.area, q(r.name), r.period, r.value ?? '', r.complete].join(
        ',',
      ),
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
