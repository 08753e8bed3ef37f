import type { AreaLevel, DataStatus, Freshness, StatusSeries } from './api-types.js';

/**
 * "The present first", in the browser: which series and month a page opens on when the address names
 * none, and how old the month shown is. The server chooses the present (`present` of /api/data/status,
 * src/data/present.ts); these helpers read it, and measure any other month against the server's today
 * (which honours ATALAYA_TODAY), so that the map's slider and the hot-spot month picker warn alike.
 */

/** A month more than this many months before today is stale (the server's STALE_MONTHS). */
export const STALE_MONTHS = 6;

/** The fewest complete months a series needs to be forecast (the server's MIN_FORECAST_MONTHS). */
export const MIN_FORECAST_MONTHS = 13;

export const AREA_LEVELS: readonly AreaLevel[] = ['municipality', 'state'];

export function isAreaLevel(level: string | null | undefined): level is AreaLevel {
  return level === 'municipality' || level === 'state';
}

function monthNumber(month: string): number {
  const [y, m] = month.split('-').map(Number);
  return y * 12 + m - 1;
}

/** Whole months from `from` to `to` ("2025-06" → "2025-12": 6). */
export function monthsBetween(from: string, to: string): number {
  return monthNumber(to) - monthNumber(from);
}

/**
 * Today's month as the server measures staleness (the `today` of any level's present), else the
 * browser's clock.
 */
export function todayMonth(status: DataStatus | undefined, clock: Date = new Date()): string {
  const fromServer = AREA_LEVELS.map((l) => status?.present?.[l]?.freshness.today).find(Boolean);
  if (fromServer) return fromServer;
  return `${clock.getUTCFullYear()}-${String(clock.getUTCMonth() + 1).padStart(2, '0')}`;
}

export function freshnessOf(dataMonth: string, today: string): Freshness {
  const monthsOld = monthsBetween(dataMonth, today);
  return { dataMonth, today, monthsOld, stale: monthsOld > STALE_MONTHS };
}

/**
 * The month a page opens a series on: the present's month when the series is the present of its level,
 * else its newest month. Months the release flags as provisional count (the server's choice: an early
 * warning that skipped them would describe the past); the pages mark them.
 */
export function openingMonth(
  status: DataStatus | undefined,
  s: Pick<StatusSeries, 'id' | 'level' | 'vintage' | 'last'>,
): string {
  const p = isAreaLevel(s.level) ? status?.present?.[s.level] : undefined;
  return p && p.series === s.id && p.vintage === s.vintage ? p.month : s.last;
}

function addMonth(month: string, n: number): string {
  const i = monthNumber(month) + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

export function seriesKey(s: { id: string; level: string }): string {
  return `${s.id}@${s.level}`;
}

/**
 * One row per series and level — the newest release, the one the series API answers when no vintage is
 * named — in the order of the status.
 */
export function latestVintages(rows: readonly StatusSeries[]): StatusSeries[] {
  const newest = new Map<string, StatusSeries>();
  for (const r of rows) {
    const seen = newest.get(seriesKey(r));
    if (!seen || r.vintage.localeCompare(seen.vintage) > 0) newest.set(seriesKey(r), r);
  }
  return rows.filter((r) => newest.get(seriesKey(r)) === r);
}

/**
 * The homicide series of a level a forecast can start from, newest month first, as the status's
 * `present` lists them (series too short to forecast left out), with their status rows.
 */
export function homicideChoices(status: DataStatus, level: AreaLevel): StatusSeries[] {
  const rows = status.series ?? [];
  const out: StatusSeries[] = [];
  for (const c of status.present?.[level]?.candidates ?? []) {
    if (c.months < MIN_FORECAST_MONTHS) continue;
    const row = rows.find((r) => r.id === c.series && r.level === level && r.vintage === c.vintage);
    if (row) out.push(row);
  }
  return out;
}

/**
 * The series a page opens on: the one the address names (id and level), else the present of the level,
 * else `fallback` (the old default), else the first.
 */
export function chooseSeries(
  choices: readonly StatusSeries[],
  status: DataStatus,
  wanted: { series?: string | null; level?: string | null },
  fallback?: string,
): StatusSeries | undefined {
  const level = isAreaLevel(wanted.level) ? wanted.level : 'municipality';
  const find = (id: string | null | undefined) =>
    id ? choices.find((s) => s.id === id && s.level === level) : undefined;
  return (
    find(wanted.series) ??
    find(status.present?.[level]?.series) ??
    find(fallback) ??
    choices.find((s) => s.id === fallback) ??
    choices[0]
  );
}

/** The present of a level when it is newer than `month`: what a stale page can offer instead. */
export function newerPresent(
  status: DataStatus,
  level: AreaLevel,
  month: string,
): { series: StatusSeries; month: string } | undefined {
  const p = status.present?.[level];
  if (!p || p.month <= month) return undefined;
  const row = (status.series ?? []).find(
    (r) => r.id === p.series && r.level === level && r.vintage === p.vintage,
  );
  return row ? { series: row, month: p.month } : undefined;
}

/**
 * The months a forecast can start from, newest first: from the first with MIN_FORECAST_MONTHS of history
 * to the last (months the release flags as incomplete included: the page marks them).
 */
export function originMonths(s: Pick<StatusSeries, 'first' | 'last'>): string[] {
  const out: string[] = [];
  const first = addMonth(s.first, MIN_FORECAST_MONTHS - 1);
  for (let m = s.last; m >= first; m = addMonth(m, -1)) out.push(m);
  return out;
}
