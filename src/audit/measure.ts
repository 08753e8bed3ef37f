import { QueryError } from '../data/errors.js';
import { areaName } from '../data/export.js';
import { monthLabel } from '../data/panel/months.js';
import type { Panel } from '../data/panel/panel.js';
import type { Series } from '../data/panel/series.js';
import { STATES, stateCodeByName } from '../data/states.js';
import { daysIn, months, type Period } from './periods.js';

/**
 * What an audit measures: one series for one place (the nation or a state), read period by period.
 * Monthly values come from the newest vintage unless one is named; periods outside the series' coverage
 * are errors, and months a later release will still revise are reported, never silently used.
 */
export type Basis = 'daily-average' | 'monthly-total';

export interface Place {
  code: string;
  name: string;
}

export interface PlaceSeries {
  series: Series;
  place: Place;
  /** Monthly values for the place, indexed by month - series.start. */
  values: Float64Array;
}

/** Series names users type: a full id, or the part after `sesnsp.victims.` (e.g. `homicidio-doloso`). */
export function resolveSeriesId(panel: Panel, name: string): string {
  const ids = panel.ids();
  if (ids.includes(name)) return name;
  for (const prefix of ['sesnsp.victims.', 'sesnsp.incidence.', 'rnpdno.', 'inegi.'])
    if (ids.includes(prefix + name)) return prefix + name;
  throw new QueryError(
    `unknown series "${name}"; valid: ${ids.map((i) => i.replace(/^sesnsp\.victims\./, '')).join(', ')}`,
  );
}

/** The nation (default) or a state given by code or name. */
export function resolvePlace(spec: string | undefined): Place {
  if (!spec || /^(national|nacional|mexico|méxico nacional|00)$/i.test(spec))
    return { code: '00', name: 'Nacional' };
  const code = /^\d{1,2}$/.test(spec) ? spec.padStart(2, '0') : stateCodeByName(spec);
  const state = STATES.find((s) => s.code === code);
  if (!state)
    throw new QueryError(
      `unknown state "${spec}"; valid: national or ${STATES.map((s) => `${s.code} ${s.name}`).join(', ')}`,
    );
  return { code: state.code, name: state.name };
}

export function placeSeries(panel: Panel, id: string, place: Place, vintage?: string): PlaceSeries {
  const level = place.code === '00' ? 'national' : 'state';
  const series = panel.get(id, { vintage, level });
  const a = series.areas.indexOf(place.code);
  if (a < 0) throw new QueryError(`${id} has no data for ${place.name} (${place.code})`);
  return {
    series,
    place: { ...place, name: place.code === '00' ? 'Nacional' : areaName(place.code, panel.areas) },
    values: series.values.subarray(a * series.months, (a + 1) * series.months),
  };
}

/** The value of a period on a basis; throws naming the coverage when a month is missing. */
export function periodValue(ps: PlaceSeries, period: Period, basis: Basis): number {
  const s = ps.series;
  let sum = 0;
  let days = 0;
  for (const m of months(period)) {
    const t = m - s.start;
    const v = t >= 0 && t < s.months ? ps.values[t] : Number.NaN;
    if (Number.isNaN(v)) {
      throw new QueryError(
        `${s.meta.id} (${s.meta.vintage}) has no value for ${ps.place.name} in ${monthLabel(m)}: it covers ${monthLabel(s.start)}..${monthLabel(s.start + s.months - 1)}`,
      );
    }
    sum += v;
    days += daysIn(m);
  }
  return basis === 'daily-average' ? sum / days : sum;
}

/** Months of a period that the release flags as incomplete (to be revised). */
export function incompleteIn(ps: PlaceSeries, period: Period): string[] {
  const flagged = new Set(ps.series.meta.incompleteMonths ?? []);
  return months(period)
    .map(monthLabel)
    .filter((m) => flagged.has(m));
}
