import { monthLabel } from '../data/panel/months.js';
import type { Panel } from '../data/panel/panel.js';
import { STATES } from '../data/states.js';
import { placeSeries } from './measure.js';
import { daysIn } from './periods.js';
import { HOMICIDE } from './reclassification.js';

/**
 * Trend breaks: for each place, the monthly series y_t = ln(1 + victims per day) is fitted with
 * month-of-year effects and a linear trend, and with a trend whose level and slope change at one month.
 * The best break month minimises the residual sum of squares over candidates that leave at least 15% of
 * the months (and 12 months) on each side; the break is kept if it lowers the Bayesian information
 * criterion by more than 10, ΔBIC = n ln(SSR₀/SSR₁) − 2 ln n > 10 (two extra parameters; "very strong"
 * on the scale of Kass & Raftery 1995, JASA 90:773 — monthly series are autocorrelated, which makes a
 * plain ΔBIC > 0 too ready to find breaks). BIC selection of breaks follows Yao (1988, Stat Probab Lett
 * 6:181) and Bai & Perron (2003, J Appl Econometrics 18:1).
 */
export interface Break {
  place: string;
  name: string;
  month: string;
  /** Change in level at the break (log points) and in the yearly trend (log points per year). */
  levelShift: number;
  trendBefore: number;
  trendAfter: number;
  deltaBic: number;
  /** Victims per day, averaged over the 12 months before and after the break. */
  before: number;
  after: number;
}

export const BIC_THRESHOLD = 10;

export interface BreakOptions {
  id?: string;
  trim?: number;
}

/** Ordinary least squares by normal equations (small, well-conditioned designs): coefficients and SSR. */
export function ols(X: number[][], y: number[]): { beta: number[]; ssr: number } {
  const p = X[0].length;
  const a = Array.from({ length: p }, () => new Array<number>(p + 1).fill(0));
  for (let t = 0; t < y.length; t++) {
    const row = X[t];
    for (let i = 0; i < p; i++) {
      for (let j = 0; j < p; j++) a[i][j] += row[i] * row[j];
      a[i][p] += row[i] * y[t];
    }
  }
  for (let c = 0; c < p; c++) {
    let piv = c;
    for (let r = c + 1; r < p; r++) if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) piv = r;
    [a[c], a[piv]] = [a[piv], a[c]];
    if (Math.abs(a[c][c]) < 1e-12) continue;
    for (let r = 0; r < p; r++) {
      if (r === c) continue;
      const f = a[r][c] / a[c][c];
      for (let k = c; k <= p; k++) a[r][k] -= f * a[c][k];
    }
  }
  const beta = a.map((row, i) => (Math.abs(row[i]) < 1e-12 ? 0 : row[p] / row[i]));
  let ssr = 0;
  for (let t = 0; t < y.length; t++) {
    let f = 0;
    for (let i = 0; i < p; i++) f += X[t][i] * beta[i];
    ssr += (y[t] - f) ** 2;
  }
  return { beta, ssr };
}

/**
 * Design rows for months given as month indices (gaps allowed): intercept, time in years, 11 month-of-year
 * dummies, and with a break at observation `breakAt` a level step and a slope change from that month.
 */
function design(months: readonly number[], breakAt?: number): number[][] {
  const t0 = months[0];
  const tb = breakAt === undefined ? 0 : months[breakAt];
  return months.map((m, k) => {
    const season = Array.from({ length: 11 }, (_, j) => (m % 12 === j + 1 ? 1 : 0));
    const row = [1, (m - t0) / 12, ...season];
    if (breakAt !== undefined) row.push(k >= breakAt ? 1 : 0, k >= breakAt ? (m - tb) / 12 : 0);
    return row;
  });
}

/**
 * The single best trend break of one monthly series, if BIC prefers it. `months` are the month indices of
 * the values (see data/panel/months.ts); `at` is the index of the first value after the break.
 */
export function trendBreak(
  values: number[],
  months: readonly number[],
  trim = 0.15,
): { at: number; deltaBic: number } | undefined {
  const n = values.length;
  const y = values;
  const ssr0 = ols(design(months), y).ssr;
  const margin = Math.max(12, Math.ceil(trim * n));
  let best: { at: number; ssr: number } | undefined;
  for (let at = margin; at <= n - margin; at++) {
    const ssr = ols(design(months, at), y).ssr;
    if (!best || ssr < best.ssr) best = { at, ssr };
  }
  if (!best || best.ssr <= 0) return undefined;
  const deltaBic = n * Math.log(ssr0 / best.ssr) - 2 * Math.log(n);
  return deltaBic > BIC_THRESHOLD ? { at: best.at, deltaBic } : undefined;
}

/** Breaks in the national and every state's series (default: intentional-homicide victims). */
export function trendBreaks(panel: Panel, options: BreakOptions = {}): Break[] {
  const id = options.id ?? HOMICIDE;
  const places = [{ code: '00', name: 'Nacional' }, ...STATES.map((s) => ({ code: s.code, name: s.name }))];
  const out: Break[] = [];
  for (const place of places) {
    const ps = placeSeries(panel, id, place);
    const s = ps.series;
    // Months flagged incomplete are left out: their revision would look like a break.
    const incomplete = new Set(s.meta.incompleteMonths ?? []);
    const months: number[] = [];
    const perDay: number[] = [];
    for (let t = 0; t < s.months; t++) {
      const m = s.start + t;
      if (incomplete.has(monthLabel(m)) || Number.isNaN(ps.values[t])) continue;
      months.push(m);
      perDay.push(ps.values[t] / daysIn(m));
    }
    if (months.length < 36) continue;
    const y = perDay.map((v) => Math.log1p(v));
    const found = trendBreak(y, months, options.trim);
    if (!found) continue;
    const b = ols(design(months, found.at), y).beta;
    const mean = (a: number[]) => a.reduce((x, v) => x + v, 0) / a.length;
    out.push({
      place: place.code,
      name: place.name,
      month: monthLabel(months[found.at]),
      levelShift: b[13],
      trendBefore: b[1],
      trendAfter: b[1] + b[14],
      deltaBic: found.deltaBic,
      before: mean(perDay.slice(Math.max(0, found.at - 12), found.at)),
      after: mean(perDay.slice(found.at, found.at + 12)),
    });
  }
  return out.sort((a, b) => b.deltaBic - a.deltaBic);
}
