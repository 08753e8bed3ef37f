import { monthLabel, yearOf } from '../data/panel/months.js';
import type { Panel } from '../data/panel/panel.js';
import { STATES } from '../data/states.js';
import { type Break, type PlaceBreaks, strongestBreak, trendBreakAnalysis } from './breaks.js';
import { type ClaimInput, type ClaimResult, checkClaim } from './claim.js';
import { type Place, placeSeries } from './measure.js';
import { daysIn, parsePeriod } from './periods.js';
import {
  DESTINATIONS,
  HOMICIDE,
  type Reclassification,
  reclassification,
  reclassificationByState,
} from './reclassification.js';
import { type RevisionSummary, revisionSummaries } from './revisions.js';
import { type ShareJump, shareJumps } from './shares.js';
import { type SourceGap, sourceGap } from './source-gap.js';

/**
 * The whole audit in one object: the claim check, reclassification (national and by state), the gap
 * between SESNSP and INEGI, revisions between releases, trend breaks and share jumps, plus the monthly
 * series the report draws. `atalaya audit report` renders it; `--json` prints it.
 *
 * Each part that needs data which is not imported is left out with the reason in `skipped`, so that an
 * audit of a partial cache still says what it can.
 */

/**
 * The default claim: the federal government's, as reported in its security briefings of 2025 — the daily
 * average of intentional-homicide victims fell by about a quarter between September 2024 (the start of
 * the administration) and June 2025. Claims of −25% to −32% circulated for "mid-2025"; −25% is the
 * figure for June. Source of the measure: SESNSP, víctimas de homicidio doloso, daily average per month.
 */
export const DEFAULT_CLAIM: ClaimInput = {
  series: 'homicidio-doloso',
  from: '2024-09',
  to: '2025-06',
  change: '-25%',
};

export interface MonthlyPoint {
  month: string;
  /** Victims (or persons) per day in the month. */
  perDay: number;
  /** The release flags this month as incomplete (to be revised). */
  incomplete: boolean;
}

export interface CategorySeries {
  id: string;
  label: string;
  label_es: string;
  vintage: string;
  points: MonthlyPoint[];
}

export interface YearlyTotal {
  id: string;
  label: string;
  vintage: string;
  years: { year: number; total: number; complete: boolean }[];
}

export interface StatePanel {
  state: string;
  name: string;
  points: MonthlyPoint[];
  /** The state's break with the largest ΔBIC (kept for readers of earlier audits; see `breaks`). */
  break?: Break;
  /** Every break of the state, by month. */
  breaks?: Break[];
}

export interface Audit {
  claim: ClaimResult;
  reclassification: { national: Reclassification; states: Reclassification[] } | null;
  /** National monthly series of intentional homicide and the categories a death could move into. */
  national: CategorySeries[];
  yearly: YearlyTotal[];
  /** Intentional-homicide victims per day by state, with the state's trend breaks. */
  states: StatePanel[];
  sourceGap: SourceGap | null;
  revisions: RevisionSummary[];
  /** Every trend break, grouped by place (the nation first, then the states by code), by month. */
  breaks: Break[];
  /** What the break search fitted per place (places without a break included). */
  breakPlaces?: PlaceBreaks[];
  shareJumps: ShareJump[];
  skipped: { part: string; reason: string }[];
}

export interface AuditOptions {
  claim?: ClaimInput;
  /** First month of the monthly series kept for charts (default 2015-01, where SESNSP victims start). */
  since?: string;
}

const NATIONAL: Place = { code: '00', name: 'Nacional' };

/** Monthly values of a series for a place as victims per day; missing months are left out. */
export function perDaySeries(panel: Panel, id: string, place: Place, since?: string): MonthlyPoint[] {
  const ps = placeSeries(panel, id, place);
  const s = ps.series;
  const first = since ? parsePeriod(since, 'since').first : s.start;
  const flagged = new Set(s.meta.incompleteMonths ?? []);
  const points: MonthlyPoint[] = [];
  for (let t = Math.max(0, first - s.start); t < s.months; t++) {
    const v = ps.values[t];
    if (Number.isNaN(v)) continue;
    const m = s.start + t;
    points.push({ month: monthLabel(m), perDay: v / daysIn(m), incomplete: flagged.has(monthLabel(m)) });
  }
  return points;
}

/** National totals per calendar year (complete years flagged). */
export function yearlyTotals(
  panel: Panel,
  id: string,
): { years: { year: number; total: number; complete: boolean }[]; vintage: string } {
  const ps = placeSeries(panel, id, NATIONAL);
  const s = ps.series;
  const flagged = new Set(s.meta.incompleteMonths ?? []);
  const byYear = new Map<number, { total: number; months: number }>();
  for (let t = 0; t < s.months; t++) {
    const v = ps.values[t];
    if (Number.isNaN(v)) continue;
    const y = yearOf(s.start + t);
    const e = byYear.get(y) ?? { total: 0, months: 0 };
    e.total += v;
    // A year with months the release flags as incomplete is not complete either.
    if (!flagged.has(monthLabel(s.start + t))) e.months++;
    byYear.set(y, e);
  }
  return {
    vintage: s.meta.vintage,
    years: [...byYear]
      .map(([year, e]) => ({ year, total: e.total, complete: e.months === 12 }))
      .sort((a, b) => a.year - b.year),
  };
}

export function buildAudit(panel: Panel, options: AuditOptions = {}): Audit {
  const claimInput = options.claim ?? DEFAULT_CLAIM;
  const claim = checkClaim(panel, claimInput);
  const skipped: Audit['skipped'] = [];
  const attempt = <T>(part: string, fn: () => T): T | null => {
    try {
      return fn();
    } catch (err) {
      skipped.push({ part, reason: (err as Error).message });
      return null;
    }
  };
  const since = options.since ?? '2015-01';
  const categories = [
    { id: HOMICIDE, label: 'Intentional homicide', label_es: 'Homicidio doloso' },
    ...DESTINATIONS,
  ];
  const national: CategorySeries[] = [];
  const yearly: YearlyTotal[] = [];
  for (const c of categories) {
    if (!panel.ids().includes(c.id)) {
      skipped.push({ part: `series ${c.id}`, reason: 'not imported' });
      continue;
    }
    const points = perDaySeries(panel, c.id, NATIONAL, since);
    const totals = yearlyTotals(panel, c.id);
    national.push({ ...c, vintage: totals.vintage, points });
    yearly.push({ id: c.id, label: c.label, vintage: totals.vintage, years: totals.years });
  }
  const from = parsePeriod(claim.observed.from);
  const to = parsePeriod(claim.observed.to);
  const recl =
    claim.series.id === HOMICIDE
      ? attempt('reclassification', () => ({
          national: reclassification(panel, claim.place, from, to),
          states: reclassificationByState(panel, from, to),
        }))
      : null;
  const analysis = attempt('trend breaks', () => trendBreakAnalysis(panel));
  const breaks = analysis?.breaks ?? [];
  const states: StatePanel[] = STATES.map((s) => ({
    state: s.code,
    name: s.name,
    points: perDaySeries(panel, HOMICIDE, { code: s.code, name: s.name }, since),
    break: strongestBreak(breaks, s.code),
    breaks: breaks.filter((b) => b.place === s.code),
  }));
  return {
    claim,
    reclassification: recl,
    national,
    yearly,
    states,
    sourceGap: attempt('source gap', () => sourceGap(panel)),
    revisions: attempt('revisions', () => revisionSummaries(panel)) ?? [],
    breaks,
    breakPlaces: analysis?.places ?? [],
    shareJumps: attempt('share jumps', () => shareJumps(panel)) ?? [],
    skipped,
  };
}
