/**
 * Simulation time is in weeks (the unit of the Prieto-Curiel et al. rates) from 1 January 2012, the start
 * of the authors' fit. Calendar positions are converted with the mean Gregorian year (365.2425 days), so a
 * year is 52.1775 weeks and results for calendar years do not jump by a week every few years.
 */
export const EPOCH_YEAR = 2012;
export const WEEKS_PER_YEAR = 365.2425 / 7;

/** A calendar month as `YYYY-MM`. */
export type YearMonth = string;

const YM = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function parseYearMonth(s: string): { year: number; month: number } {
  const m = YM.exec(s);
  if (!m) throw new Error(`"${s}" is not a month (expected YYYY-MM, e.g. 2026-01)`);
  return { year: Number(m[1]), month: Number(m[2]) };
}

/** Fractional calendar year at the start of a month, e.g. 2026-07 → 2026.5. */
export function yearMonthToYear(s: YearMonth): number {
  const { year, month } = parseYearMonth(s);
  return year + (month - 1) / 12;
}

export function yearToWeek(year: number): number {
  return (year - EPOCH_YEAR) * WEEKS_PER_YEAR;
}

export function weekToYear(week: number): number {
  return EPOCH_YEAR + week / WEEKS_PER_YEAR;
}

export function yearMonthToWeek(s: YearMonth): number {
  return yearToWeek(yearMonthToYear(s));
}

export type Resolution = 'week' | 'month' | 'year';

/**
 * Reporting periods between two weeks. Flows are summed over a period, splitting a model week that
 * straddles a boundary in proportion to the time on each side; stocks are read at the period's end.
 */
export interface PeriodGrid {
  resolution: Resolution;
  /** Period boundaries in weeks; period k spans [bounds[k], bounds[k+1]). */
  bounds: Float64Array;
  labels: (string | number)[];
}

export function periodGrid(resolution: Resolution, fromYear: number, toYear: number): PeriodGrid {
  const bounds: number[] = [];
  const labels: (string | number)[] = [];
  if (resolution === 'week') {
    const first = Math.ceil(yearToWeek(fromYear) - 1e-9);
    const last = Math.floor(yearToWeek(toYear) + 1e-9);
    for (let w = first; w <= last; w++) {
      bounds.push(w);
      if (w < last) labels.push(isoWeekLabel(w));
    }
  } else {
    const perYear = resolution === 'year' ? 1 : 12;
    const start = Math.round(fromYear * perYear);
    const end = Math.round(toYear * perYear);
    for (let k = start; k <= end; k++) {
      bounds.push(yearToWeek(k / perYear));
      if (k < end) {
        const y = Math.floor(k / perYear);
        labels.push(resolution === 'year' ? y : `${y}-${String((k % 12) + 1).padStart(2, '0')}`);
      }
    }
  }
  return { resolution, bounds: Float64Array.from(bounds), labels };
}

/** ISO-8601 week label (e.g. "2026-W05") of the day a model week starts on. */
export function isoWeekLabel(week: number): string {
  const ms = Date.UTC(EPOCH_YEAR, 0, 1) + Math.round(week * 7) * 86_400_000;
  const d = new Date(ms);
  const day = (d.getUTCDay() + 6) % 7; // Monday = 0
  d.setUTCDate(d.getUTCDate() - day + 3); // Thursday of this ISO week
  const isoYear = d.getUTCFullYear();
  const firstThursday = new Date(Date.UTC(isoYear, 0, 4));
  const fday = (firstThursday.getUTCDay() + 6) % 7;
  firstThursday.setUTCDate(firstThursday.getUTCDate() - fday + 3);
  const wk = 1 + Math.round((d.getTime() - firstThursday.getTime()) / (7 * 86_400_000));
  return `${isoYear}-W${String(wk).padStart(2, '0')}`;
}
