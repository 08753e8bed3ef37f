import * as Plot from '@observablehq/plot';
import type { AreaForecast, SeriesRow } from '../api-types.js';
import { intlLocale, t } from '../i18n/locale.js';
import { monthDate } from '../months.js';

export interface ChartEvent {
  month: string;
  /** Does it concern a group in the area (red), or is it context (grey)? */
  here: boolean;
  label: string;
}

/**
 * One municipality's monthly counts as a line, and, when given, the forecast after them as a fan: the 90%
 * interval, the 50% interval and the mean. Dated events are vertical rules (red when they concern the area).
 */
export function areaSeriesChart(
  rows: SeriesRow[],
  forecasts: AreaForecast[] = [],
  width = 640,
  events: ChartEvent[] = [],
): Element {
  const observed = rows
    .filter((r) => Number.isFinite(r.value))
    .map((r) => ({ date: monthDate(r.period), value: r.value }));
  const fan = forecasts.map((f) => ({ ...f, date: monthDate(f.t) }));
  const marks: Plot.Markish[] = [
    Plot.ruleY([0]),
    Plot.lineY(observed, { x: 'date', y: 'value', stroke: '#444', strokeWidth: 1 }),
  ];
  // Only the events inside the plotted months: a rule outside would stretch the time axis.
  const first = observed[0]?.date ?? new Date(0);
  const last = fan.at(-1)?.date ?? observed.at(-1)?.date ?? new Date(0);
  const dated = events
    .map((e) => ({ ...e, date: monthDate(e.month) }))
    .filter((e) => e.date >= first && e.date <= last);
  marks.unshift(
    Plot.ruleX(
      dated.filter((e) => !e.here),
      { x: 'date', stroke: '#bbb', strokeDasharray: '3,3', title: 'label' },
    ),
    Plot.ruleX(
      dated.filter((e) => e.here),
      { x: 'date', stroke: '#b30000', title: 'label' },
    ),
  );
  if (fan.length > 0) {
    marks.push(
      Plot.areaY(fan, { x: 'date', y1: 'p05', y2: 'p95', fill: '#e34a33', fillOpacity: 0.2 }),
      Plot.areaY(fan, { x: 'date', y1: 'p25', y2: 'p75', fill: '#e34a33', fillOpacity: 0.35 }),
      Plot.lineY(fan, { x: 'date', y: 'mean', stroke: '#b30000', strokeWidth: 1.5 }),
    );
  }
  const numbers = new Intl.NumberFormat(intlLocale(), { maximumFractionDigits: 0 });
  const years = new Intl.DateTimeFormat(intlLocale(), { year: 'numeric', timeZone: 'UTC' });
  return Plot.plot({
    width,
    height: 260,
    marginLeft: 48,
    x: { type: 'utc', label: null, tickFormat: (d: Date) => years.format(d) },
    y: { label: t('deaths'), grid: true, tickFormat: (v: number) => numbers.format(v) },
    marks,
  }) as Element;
}
