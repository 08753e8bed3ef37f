import { QueryError } from './errors.js';
import type { Freshness } from './freshness.js';
import { monthIndex, monthLabel, parseMonthLabel } from './panel/months.js';
import type { Panel } from './panel/panel.js';
import type { Level, Series } from './panel/series.js';

export type { Freshness };

/**
 * "The present first": which series and month a forecast, a hot-spot ranking or a map starts from when the
 * user names none, and how old that month is.
 *
 * The default is the homicide series of the level whose last complete month (the last one the release does
 * not flag as incomplete) is the newest; among equals, the longer one. A series too short to forecast
 * (fewer than `minMonths`) is passed over, so a three-month series under a new methodology does not become
 * the default of a tool that needs a year of history.
 */

/**
 * The fewest complete months a series needs to be forecast: twelve for the 12-month mean at the origin and
 * one month after it to estimate the series' scale against the model it borrows (forecast/borrowed.ts).
 */
export const MIN_FORECAST_MONTHS = 13;

/** Intentional homicide series, by id: INEGI death certificates and SESNSP victims or carpetas. */
export function isHomicideSeries(id: string): boolean {
  return id === 'inegi.homicides' || /(^|\.)homicidio-doloso$/.test(id);
}

export interface PresentSeries {
  series: string;
  level: Level;
  vintage: string;
  /** The newest month of that series (YYYY-MM; it may be provisional, see `provisional`). */
  month: string;
  /** Months of the series the release flags as provisional. */
  provisional: string[];
  first: string;
  /** The other homicide series of the level, newest first, for pickers and for the output's record. */
  candidates: {
    series: string;
    title: string;
    vintage: string;
    first: string;
    month: string;
    months: number;
    provisional: string[];
  }[];
}

export interface PresentOptions {
  level?: Level;
  /** Series shorter than this (complete months) are not chosen (default MIN_FORECAST_MONTHS). */
  minMonths?: number;
}

/**
 * The newest month of a series with data: the present. Months the release flags as provisional (SESNSP's
 * last months, revised upward as files come in) count: a warning names them, but an early warning that
 * skipped them would answer about the past. Padding months (zeros for months not yet reported) were already
 * dropped by the readers, so every month here is one the source reported.
 */
export function lastCompleteMonth(s: Series): number {
  return s.start + s.months - 1;
}

/** The months of a series the release flags as provisional (incomplete), up to `end` (a month index). */
export function provisionalMonths(s: Series, end: number = lastCompleteMonth(s)): string[] {
  return (s.meta.incompleteMonths ?? []).filter((m) => parseMonthLabel(m) <= end).sort();
}

/** Every homicide series stored at exactly this level (newest vintage of each id), newest month first. */
export function homicideSeries(panel: Panel, level: Level): PresentSeries['candidates'] {
  const newest = new Map<string, Series>();
  for (const s of panel.series) {
    if (s.meta.level !== level || !isHomicideSeries(s.meta.id)) continue;
    const seen = newest.get(s.meta.id);
    if (!seen || s.meta.vintage.localeCompare(seen.meta.vintage) > 0) newest.set(s.meta.id, s);
  }
  return [...newest.values()]
    .map((s) => {
      const end = lastCompleteMonth(s);
      return {
        series: s.meta.id,
        title: s.meta.title,
        vintage: s.meta.vintage,
        first: monthLabel(s.start),
        month: monthLabel(end),
        months: end - s.start + 1,
        provisional: provisionalMonths(s, end),
      };
    })
    .sort(
      (a, b) => b.month.localeCompare(a.month) || b.months - a.months || a.series.localeCompare(b.series),
    );
}

/** The default series and month of a level (municipality unless asked): see the module comment. */
export function presentSeries(panel: Panel, options: PresentOptions = {}): PresentSeries {
  const level = options.level ?? 'municipality';
  const minMonths = options.minMonths ?? MIN_FORECAST_MONTHS;
  const candidates = homicideSeries(panel, level);
  const chosen = candidates.find((c) => c.months >= minMonths);
  if (!chosen) {
    throw new QueryError(
      candidates.length === 0
        ? `the cache holds no ${level}-level homicide series (import INEGI or SESNSP data with \`atalaya data import\`, or name one with --series)`
        : `no ${level}-level homicide series has the ${minMonths} months a forecast needs (${candidates.map((c) => `${c.series}: ${c.months}`).join(', ')})`,
    );
  }
  const { series, vintage, month, first, provisional } = chosen;
  return { series, level, vintage, month, first, provisional, candidates };
}

/**
 * A forecast warns when its data month is more than six months old: SESNSP publishes each month about
 * three weeks after it ends, so six months means several releases were missed (ASSUMPTION: the issue's
 * threshold, also the simulator's, data/observed/homicides.ts).
 */
export const STALE_MONTHS = 6;

/** `today` as a month index: a Date, a YYYY-MM or YYYY-MM-DD string, or the clock. */
export function monthOfToday(today?: Date | string): number {
  if (typeof today === 'string') return parseMonthLabel(today.slice(0, 7));
  const d = today ?? new Date();
  return monthIndex(d.getUTCFullYear(), d.getUTCMonth() + 1);
}

export function freshness(dataMonth: string, today?: Date | string): Freshness {
  const now = monthOfToday(today ?? process.env.ATALAYA_TODAY);
  const monthsOld = now - parseMonthLabel(dataMonth);
  return { dataMonth, today: monthLabel(now), monthsOld, stale: monthsOld > STALE_MONTHS };
}

/** The warning a stale answer carries (English; the dashboard words its own from `Freshness`). */
export function staleWarning(f: Freshness, what: string): string | undefined {
  if (!f.stale) return undefined;
  return `${what} ends ${f.dataMonth}, ${f.monthsOld} months before ${f.today}: the answer describes the past, not the present. Import a newer release with \`atalaya data import\` (or \`atalaya data pull\`).`;
}
