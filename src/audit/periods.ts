import { QueryError } from '../data/errors.js';
import { monthIndex, monthLabel, parseMonthLabel } from '../data/panel/months.js';

/**
 * Periods in audit claims: a month (`2024-09`), a year (`2024`) or a range (`2024-01..2024-06`).
 * Held as month indices (see data/panel/months.ts), inclusive.
 */
export interface Period {
  first: number;
  last: number;
  label: string;
}

export function parsePeriod(spec: string, name = 'period'): Period {
  const s = spec.trim();
  const range = s.split('..');
  if (range.length === 2) {
    const a = parsePeriod(range[0], name);
    const b = parsePeriod(range[1], name);
    if (b.last < a.first) throw new QueryError(`${name} "${spec}": the range ends before it starts`);
    return { first: a.first, last: b.last, label: `${monthLabel(a.first)}..${monthLabel(b.last)}` };
  }
  if (/^\d{4}$/.test(s)) {
    const y = Number(s);
    return { first: monthIndex(y, 1), last: monthIndex(y, 12), label: s };
  }
  try {
    const m = parseMonthLabel(s);
    return { first: m, last: m, label: s };
  } catch {
    throw new QueryError(`${name} "${spec}" is not a period (expected YYYY-MM, YYYY or YYYY-MM..YYYY-MM)`);
  }
}

/** The same period one year earlier. */
export function yearBefore(p: Period): Period {
  const shift = (m: number) => m - 12;
  const label = /^\d{4}$/.test(p.label)
    ? String(Number(p.label) - 1)
    : p.first === p.last
      ? monthLabel(shift(p.first))
      : `${monthLabel(shift(p.first))}..${monthLabel(shift(p.last))}`;
  return { first: shift(p.first), last: shift(p.last), label };
}

/** Days in a month index. */
export function daysIn(month: number): number {
  const label = monthLabel(month);
  const [y, m] = label.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export function months(p: Period): number[] {
  return Array.from({ length: p.last - p.first + 1 }, (_, k) => p.first + k);
}

/** "−25%", "-25 %", "-0.25", "−25" (percent assumed when |x| ≥ 1) → −0.25. */
export function parseChange(spec: string): number {
  const s = spec.replace(/\u2212/g, '-').replace(/\s+/g, '');
  const percent = s.endsWith('%');
  const v = Number(percent ? s.slice(0, -1) : s);
  if (!Number.isFinite(v))
    throw new QueryError(`change "${spec}" is not a number (expected e.g. -25% or -0.25)`);
  return percent || Math.abs(v) >= 1 ? v / 100 : v;
}
