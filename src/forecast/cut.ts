import { QueryError } from '../data/errors.js';
import { monthLabel, parseMonthLabel } from '../data/panel/months.js';
import type { ForecastData } from './data.js';

/**
 * The series cut at `origin` (a month index), made from the data of the whole series without the panel:
 * what `prepareData(panel, { ...same options, asOf: origin })` gives, for an origin inside `full`
 * (`full` being `prepareData` without `asOf`). The counts are a copy holding only the months up to the
 * origin, so nothing later exists in the cut (the no-look-ahead guarantee of data.ts); the months the
 * release flags as incomplete are those up to the origin. The areas, neighbours and population do not
 * depend on the origin and are shared with `full`, as is anything else `full` carries.
 *
 * It checks no length of history: what a model needs is the model's to say (models.ts), and `full` was
 * already accepted by `prepareData`. This is how the backtest cuts every origin from one structured-
 * cloneable copy of the series, on worker threads, without the panel.
 */
export function cutData(full: ForecastData, origin: number): ForecastData {
  const last = full.start + full.months - 1;
  if (!Number.isInteger(origin) || origin < full.start || origin > last) {
    throw new QueryError(
      `${full.series.id} (${full.series.vintage}) has no data for ${Number.isInteger(origin) ? monthLabel(origin) : origin}: it covers ${monthLabel(full.start)}..${monthLabel(last)}`,
    );
  }
  const months = origin - full.start + 1;
  const n = full.areas.length;
  const y = new Float64Array(n * months);
  for (let i = 0; i < n; i++) y.set(full.y.subarray(i * full.months, i * full.months + months), i * months);
  return {
    ...full,
    months,
    y,
    incomplete: full.incomplete.filter((m) => parseMonthLabel(m) <= origin),
  };
}
