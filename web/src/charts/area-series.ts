import * as Plot from '@observablehq/plot';
import type { AreaForecast, SeriesRow } from '../api-types.js';
import { intlLocale, t } from '../i18n/locale.js';
import { monthDate } from '../months.js';

/**
 * One municipality's monthly counts as a line, and, when given, the forecast after them as a fan: the 90%
 * interval, the 50% interval and the mean.
 */
export function areaSeriesChart(rows: SeriesRow[], forecasts: AreaForecast[] = [], width = 640): Element {
  const observed = rows
    .filter((r) => Number.isFinite(r.value))
    .map((r) => ({ date: monthDate(r.period), value: r.value }));
  const fan = forecasts.map((f) => ({ ...f, date: monthDate(f.t) }));
  const marks: Plot.Markish[] = [
    Plot.ruleY([0]),
    Plot.lineY(observed, { x: 'date', y: 'value', stroke: '#444', strokeWidth: 1 }),
  ];
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
