import { areaName } from '../data/export.js';
import { monthLabel, parseMonthLabel } from '../data/panel/months.js';
import type { Panel } from '../data/panel/panel.js';
import type { Level } from '../data/panel/series.js';
import { type Freshness, freshness, presentSeries, staleWarning } from '../data/present.js';
import { type ContestationResult, contestation } from '../territory/contestation.js';
import type { ResolvedLayer } from '../territory/load.js';
import type { Driver, Hotspot, HotspotArea } from './answers.js';
import { logPopulation, prepareData } from './data.js';
import { driverText } from './driver-text.js';
import { FEATURE_NAMES, type FeatureBase, featureBase, P, writeFeatures } from './features.js';
import { areaParts, checkHorizon, methodText, resolveModel } from './forecast.js';
import { type ModelId, type ModelOptions, type ModelRun, runModel } from './models.js';
import { mixturePmf, quantilesFromPmf, upperTail } from './nb-dist.js';
import { ESCALATION, escalationThreshold } from './scores.js';

/**
 * Ranked hot spots: the areas with the most expected events in the month `horizon` months after the
 * origin, with the rate, the probability of an escalation (the count reaching twice the area's mean of
 * the last 12 months, and at least 5), the recent trend, the contestation of the territory layer, and the
 * reasons each area is ranked (its drivers).
 *
 * Drivers (see `drivers` below) are the area's level, then the regression's effects on its expected count
 * of its recent change, its neighbours and its seasonality, plus contestation and escalation when they
 * stand out. With a baseline model only the level and the recent change are read from the data.
 */
export type { Hotspot };

export interface HotspotResult {
  series: string;
  /** The series' readable name (the reader's title). */
  title: string;
  level: Level;
  vintage: string;
  asOf: string;
  /** How old the origin month is; `stale` answers also carry a warning. */
  freshness: Freshness;
  horizon: number;
  target: string;
  model: ModelId;
  /** What was fitted, in a sentence (for a borrowed model: on what, and how it was scaled). */
  method: string;
  /** Sum of expected counts over every area in the target month. */
  nationalExpected: number;
  hotspots: Hotspot[];
  /** The ten areas with the most expected events, together, and their share of the national total. */
  top10: { expected: number; share: number };
  territory: { layer: string; month: string; notes: string[] } | null;
  /** Every area's expected count with its 90% interval, rate and escalation probability (for maps). */
  all: HotspotArea[];
  warnings: string[];
}

export interface HotspotOptions extends Omit<ModelOptions, 'donorFit'> {
  /** The long series a borrowed model learns from (default: the longest homicide series of the level). */
  donor?: string;
  /** Default: the homicide series with the newest complete month at `level` (data/present.ts). */
  series?: string;
  /** Default municipality. */
  level?: Level;
  /** The date staleness is measured from (default: the clock, or ATALAYA_TODAY). */
  today?: Date | string;
  asOf?: string;
  horizon?: number;
  model?: ModelId;
  top?: number;
  vintage?: string;
  /** The territory layer (see territory/load.ts); none: no contestation column. */
  territory?: ResolvedLayer;
}

export function hotspots(panel: Panel, options: HotspotOptions): HotspotResult {
  const horizon = options.horizon ?? 1;
  checkHorizon(horizon);
  const level = options.level ?? 'municipality';
  const series = options.series ?? presentSeries(panel, { level }).series;
  const data = prepareData(panel, { series, level, asOf: options.asOf, vintage: options.vintage });
  const base = featureBase(data);
  const { model, donorFit } = resolveModel(panel, data, options, [horizon]);
  const run = runModel(model, base, [horizon], { window: options.window, donorFit });
  const origin = data.months - 1;
  const f = run.horizons[0];
  // Contestation is a municipal reading of the territory layer.
  const contest =
    level === 'municipality' ? territoryAt(panel, options.territory, monthLabel(data.start + origin)) : null;
  const byArea = new Map(contest?.result.areas.map((a) => [a.area, a]) ?? []);
  const rows = data.areas.map((area, i) => {
    const parts = areaParts(f, i);
    const pmf = mixturePmf(parts);
    const [p05, p95] = quantilesFromPmf(pmf, [0.05, 0.95]);
    const expected = parts.reduce((s, c) => s + c.weight * c.mean, 0);
    const recentMean = windowMean(base, i, 12);
    const recent3 = windowMean(base, i, 3);
    const pop = Math.exp(logPopulation(data, i, data.start + origin + horizon)) * 1e5;
    const c = byArea.get(area);
    return {
      i,
      area,
      expected,
      p05,
      p95,
      ratePer100k: (expected * 12 * 1e5) / pop,
      escalationProbability: upperTail(pmf, escalationThreshold(recentMean)),
      trend: recentMean > 0 ? recent3 / recentMean - 1 : 0,
      recentMean,
      contestation: c?.score ?? 0,
      contested: c?.contested ?? false,
      pairs: c?.pairs ?? [],
    };
  });
  const national = rows.reduce((s, r) => s + r.expected, 0);
  const ranked = [...rows].sort((a, b) => b.expected - a.expected || a.area.localeCompare(b.area));
  const top = options.top ?? 20;
  const coefficients = regressionOf(run);
  const means = coefficients ? featureMeans(base, horizon) : undefined;
  const hot: Hotspot[] = ranked.slice(0, top).map((r, k) => {
    const why = drivers(base, r, horizon, coefficients, means);
    return {
      rank: k + 1,
      area: r.area,
      name: areaName(r.area, panel.areas),
      state: areaName(r.area.slice(0, 2), panel.areas),
      expected: r.expected,
      p05: r.p05,
      p95: r.p95,
      ratePer100k: r.ratePer100k,
      escalationProbability: r.escalationProbability,
      trend: r.trend,
      recentMean: r.recentMean,
      contestation: r.contestation,
      contested: r.contested,
      drivers: why.map((d) => driverText(d)),
      why,
    };
  });
  const top10 = ranked.slice(0, 10).reduce((s, r) => s + r.expected, 0);
  const asOf = monthLabel(data.start + origin);
  const fresh = freshness(asOf, options.today);
  const stale = staleWarning(
    fresh,
    `${data.series.title} (${data.series.id}, release ${data.series.vintage})`,
  );
  return {
    series: data.series.id,
    title: data.series.title,
    level: data.series.level,
    vintage: data.series.vintage,
    asOf,
    freshness: fresh,
    horizon,
    target: monthLabel(data.start + origin + horizon),
    model,
    method: methodText(model, run.fits),
    nationalExpected: national,
    hotspots: hot,
    top10: { expected: top10, share: national > 0 ? top10 / national : 0 },
    territory: contest ? { layer: contest.result.layer, month: contest.month, notes: contest.notes } : null,
    all: rows.map((r) => ({
      area: r.area,
      expected: r.expected,
      p05: r.p05,
      p95: r.p95,
      ratePer100k: r.ratePer100k,
      escalationProbability: r.escalationProbability,
    })),
    warnings: [
      ...(stale ? [stale] : []),
      ...(data.incomplete.length > 0
        ? [`the data used includes months the release flags as incomplete: ${data.incomplete.join(', ')}`]
        : []),
      ...(data.skipped.length > 0 ? [`${data.skipped.length} areas not ranked (no population)`] : []),
    ],
  };
}

/** Mean count of the last w months at the origin. */
function windowMean(base: FeatureBase, i: number, w: number): number {
  const T = base.data.months;
  const row = i * (T + 1);
  return (base.cum[row + T] - base.cum[row + T - w]) / w;
}

/**
 * Contestation at the origin month; a layer that starts later (the 2020 network layer against data that
 * ends in 2019) is read at its first month, and the note says so.
 */
function territoryAt(
  panel: Panel,
  resolved: ResolvedLayer | undefined,
  month: string,
): { result: ContestationResult; month: string; notes: string[] } | null {
  if (!resolved) return null;
  const starts = resolved.layer.entries.map((e) => e.start).sort();
  const first = starts[0];
  const notes = [...resolved.notes];
  let at = month;
  if (first && parseMonthLabel(first) > parseMonthLabel(month)) {
    at = first;
    notes.push(
      `the territory layer starts ${first}, after the forecast origin ${month}: contestation is read at ${first}`,
    );
  }
  const result = contestation({ ...resolved, areas: panel.areas }, at, { level: 'municipality' });
  return { result, month: at, notes };
}

function regressionOf(run: ModelRun): Record<string, number> | undefined {
  return run.fits.find((f) => f.coefficients)?.coefficients;
}

/** Mean of each predictor over the areas at the origin (the reference of the neighbours' contribution). */
function featureMeans(base: FeatureBase, h: number): Float64Array {
  const n = base.data.areas.length;
  const row = new Float64Array(P);
  const mean = new Float64Array(P);
  for (let i = 0; i < n; i++) {
    writeFeatures(base, i, base.data.months - 1, h, row, 0);
    for (let j = 0; j < P; j++) mean[j] += row[j] / n;
  }
  return mean;
}

interface DriverRow {
  i: number;
  recentMean: number;
  trend: number;
  contested: boolean;
  escalationProbability: number;
  pairs: { group: string; rival: string; kind: string }[];
}

const column = (name: string) => FEATURE_NAMES.indexOf(name as (typeof FEATURE_NAMES)[number]);

/** Smallest effect on the expected count (|log| ≥ 0.1, about ±10%) worth naming as a driver. */
const DRIVER_MIN = 0.1;

/**
 * Why an area ranks where it does. The level comes first (it is what ranks municipalities). The other
 * drivers are read from the regression as effects on the area's own expected count: the recent change is
 * β_last·(x_last − x_mean12) + β_mean3·(x_mean3 − x_mean12) (the last months against the area's own
 * 12-month level), the seasonality β_same·(x_same − x_mean12), and the neighbours β·(x − mean over areas)
 * (against a municipality with average neighbours). Without a regression, the change is read from the data.
 */
function drivers(
  base: FeatureBase,
  r: DriverRow,
  h: number,
  coefficients: Record<string, number> | undefined,
  means: Float64Array | undefined,
): Driver[] {
  const out: Driver[] = [{ kind: 'level', perMonth: r.recentMean }];
  if (coefficients && means) {
    const x = new Float64Array(P);
    writeFeatures(base, r.i, base.data.months - 1, h, x, 0);
    const b = (name: string) => coefficients[name] ?? 0;
    const v = (name: string) => x[column(name)];
    const own = v('log_mean12');
    const change = b('log_last') * (v('log_last') - own) + b('log_mean3') * (v('log_mean3') - own);
    const season = b('log_same_month_last_year') * (v('log_same_month_last_year') - own);
    const neighbours = ['log_neighbours_mean3', 'log_neighbours_mean12'].reduce(
      (s, name) => s + b(name) * (v(name) - means[column(name)]),
      0,
    );
    if (Math.abs(change) >= DRIVER_MIN)
      out.push({ kind: 'change', trend: r.trend, factor: Math.exp(change) });
    if (neighbours >= DRIVER_MIN) out.push({ kind: 'neighbours', factor: Math.exp(neighbours) });
    if (Math.abs(season) >= DRIVER_MIN) out.push({ kind: 'season', factor: Math.exp(season) });
  } else if (Math.abs(r.trend) >= 0.2) {
    out.push({ kind: 'change', trend: r.trend });
  }
  if (r.contested && r.pairs.length > 0) {
    const p = r.pairs[0];
    out.push({ kind: 'contested', border: p.kind === 'border', group: p.group, rival: p.rival });
  }
  if (r.escalationProbability >= 0.2) {
    out.push({ kind: 'escalation', probability: r.escalationProbability, multiple: ESCALATION.factor });
  }
  return out;
}
