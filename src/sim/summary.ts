import type { NetworkSource } from '../data/cartel-network.js';
import type { Difference, QuantilePoint } from './answers.js';
import { type Resolution, weekToYear, yearMonthToWeek } from './calendar.js';
import type { HistoryBand } from './history-band.js';
import { METRICS, type MetricId } from './metrics.js';
import type { HomicideFit } from './model/homicides.js';
import type { MonteCarloResult, ScenarioRuns } from './montecarlo.js';

export type { Difference, QuantilePoint };

/**
 * Monte Carlo results reduced to what people read: quantiles per period, paired differences against a
 * baseline scenario, per-area homicides at the horizons, and the homicide calibration of the runs.
 * This is the `--json` output of `atalaya compare` and `atalaya simulate`.
 */

export interface MetricSummary {
  unit: string;
  kind: 'flow' | 'stock' | 'mean';
  series: QuantilePoint[];
}

export interface AreaSummary {
  id: string;
  name: string;
  homicides: { t: number; p05: number; p50: number; p95: number }[];
}

export interface ScenarioSummary {
  id: string;
  title: string;
  title_es?: string;
  description?: string;
  description_es?: string;
  start: string;
  years: number;
  metrics: Partial<Record<MetricId, MetricSummary>>;
  versusBaseline?: { baseline: string; metrics: Partial<Record<MetricId, Difference[]>> };
  areas?: AreaSummary[];
}

export interface CalibrationSummary {
  runs: number;
  nonCartelRate: [number, number, number];
  perConflictDeath: [number, number, number];
  legacy: [number, number, number];
  legacyYears: [number, number, number];
  mape: [number, number, number];
}

export interface Summary {
  seed: number;
  runs: number;
  resolution: Resolution;
  /** The groups simulated; without the folder they were read from (no machine paths in outputs). */
  source: Omit<NetworkSource, 'path'>;
  /** Calendar years of the horizons (1, 3, 5, 10 years after the start), for tables. */
  horizons: { years: number; t: string | number }[];
  scenarios: ScenarioSummary[];
  calibration: CalibrationSummary;
  /** The present the homicides start from (absent: the engine's own path, calibrated to INEGI 2012–2024). */
  anchor?: { release: string; window: [string, string]; national: number; inegiScale: number };
  /**
   * The filtered present the runs started from (absent: each run simulated its own history from 2012):
   * the last month filtered, the particles over independent filters (islands), the smallest effective
   * sample size of any month.
   */
  posterior?: { through: string; particles: number; islands: number; minEss: number };
  /** The model meeting the data: observed yearly homicides and the filtered band, INEGI units. */
  history?: HistoryBand;
  warnings: string[];
}

export const HORIZONS = [1, 3, 5, 10];

/** Quantile with linear interpolation (Hyndman & Fan type 7, the default of R and NumPy). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

function finiteSorted(values: ArrayLike<number>): Float64Array {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) out.push(values[i]);
  return Float64Array.from(out).sort();
}

function point(t: string | number, values: ArrayLike<number>): QuantilePoint | undefined {
  const s = finiteSorted(values);
  if (s.length === 0) return undefined;
  let sum = 0;
  for (const v of s) sum += v;
  return {
    t,
    p05: quantileSorted(s, 0.05),
    p25: quantileSorted(s, 0.25),
    p50: quantileSorted(s, 0.5),
    p75: quantileSorted(s, 0.75),
    p95: quantileSorted(s, 0.95),
    mean: sum / s.length,
  };
}

export interface SummarizeOptions {
  /** Scenario id to compare against (default: "status-quo" if present, else the first scenario). */
  baseline?: string;
}

export function summarize(result: MonteCarloResult, options: SummarizeOptions = {}): Summary {
  const R = result.runs;
  const labels = result.labels;
  const baselineId =
    options.baseline ??
    (result.scenarios.some((s) => s.scenario.id === 'status-quo')
      ? 'status-quo'
      : result.scenarios[0].scenario.id);
  const baseline = result.scenarios.find((s) => s.scenario.id === baselineId);
  const first = result.scenarios[0].scenario;
  // h years after the start fall in the calendar year that holds start + h (a start in July: the year
  // after next mid-year), the last year that holds policy for h full years.
  const start = weekToYear(yearMonthToWeek(first.start));
  const horizons = HORIZONS.filter((h) => h <= first.years).map((h) => ({
    years: h,
    t: horizonLabel(result, Math.floor(start + h - 1e-9)),
  }));
  const scenarios = result.scenarios.map((sr) => {
    const metrics: Partial<Record<MetricId, MetricSummary>> = {};
    for (const [id, values] of Object.entries(sr.values) as [MetricId, Float64Array][]) {
      const series: QuantilePoint[] = [];
      labels.forEach((t, k) => {
        const pt = point(t, values.subarray(k * R, (k + 1) * R));
        if (pt) series.push(pt);
      });
      metrics[id] = { unit: METRICS[id].unit, kind: METRICS[id].kind, series };
    }
    const summary: ScenarioSummary = {
      id: sr.scenario.id,
      title: sr.scenario.title,
      title_es: sr.scenario.title_es,
      description: sr.scenario.description,
      description_es: sr.scenario.description_es,
      start: sr.scenario.start,
      years: sr.scenario.years,
      metrics,
    };
    if (baseline && baseline !== sr) summary.versusBaseline = versus(result, sr, baseline);
    if (sr.areaHomicides) summary.areas = areaSummary(result, sr, start);
    return summary;
  });
  return {
    seed: result.seed,
    runs: R,
    resolution: result.resolution,
    source: {
      kind: result.source.kind,
      description: result.source.description,
      citation: result.source.citation,
    },
    horizons,
    scenarios,
    calibration: calibrationSummary(result.fits.filter(Boolean)),
    anchor: result.anchor && {
      release: result.anchor.release,
      window: result.anchor.window,
      national: result.anchor.national,
      inegiScale: Math.exp(result.anchor.scale.logMean),
    },
    posterior: result.posterior && {
      through: result.posterior.through,
      particles: result.posterior.particles,
      islands: result.posterior.islands,
      minEss: result.posterior.minEss,
    },
    history: result.posterior?.history,
    warnings: Object.entries(result.warnings).map(
      ([w, count]) => `${w}: in ${count} of ${R * result.scenarios.length} scenario runs`,
    ),
  };
}

/** Label of the period that holds calendar year `year` (the year itself for yearly results). */
function horizonLabel(result: MonteCarloResult, year: number): string | number {
  if (result.resolution === 'year') return year;
  // For monthly or weekly results, the last period of that year.
  let last: string | number = year;
  result.labels.forEach((l, k) => {
    if (Math.floor(weekToYear(result.bounds[k]) + 1e-9) === year) last = l;
  });
  return last;
}

function versus(
  result: MonteCarloResult,
  sr: ScenarioRuns,
  base: ScenarioRuns,
): ScenarioSummary['versusBaseline'] {
  const R = result.runs;
  const metrics: Partial<Record<MetricId, Difference[]>> = {};
  for (const [id, values] of Object.entries(sr.values) as [MetricId, Float64Array][]) {
    const b = base.values[id];
    if (!b) continue;
    const diffs: Difference[] = [];
    result.labels.forEach((t, k) => {
      const rel: number[] = [];
      const abs: number[] = [];
      let lower = 0;
      let higher = 0;
      for (let r = 0; r < R; r++) {
        const v = values[k * R + r];
        const w = b[k * R + r];
        if (!Number.isFinite(v) || !Number.isFinite(w)) continue;
        abs.push(v - w);
        rel.push(w !== 0 ? (v - w) / Math.abs(w) : Number.NaN);
        if (v < w) lower++;
        else if (v > w) higher++;
      }
      if (abs.length === 0) return;
      const s = finiteSorted(rel);
      const a = Float64Array.from(abs).sort();
      diffs.push({
        t,
        p05: quantileSorted(s, 0.05),
        p50: quantileSorted(s, 0.5),
        p95: quantileSorted(s, 0.95),
        absolute: quantileSorted(a, 0.5),
        absoluteP05: quantileSorted(a, 0.05),
        absoluteP95: quantileSorted(a, 0.95),
        probLower: lower / abs.length,
        probHigher: higher / abs.length,
      });
    });
    metrics[id] = diffs;
  }
  return { baseline: base.scenario.id, metrics };
}

/** Per-state homicides in the last calendar year before the start and at the horizons (`start` in years). */
function areaSummary(result: MonteCarloResult, sr: ScenarioRuns, start: number): AreaSummary[] {
  const R = result.runs;
  const m = result.areas.ids.length;
  const years = [Math.floor(start + 1e-9) - 1, ...HORIZONS.map((h) => Math.floor(start + h - 1e-9))];
  return result.areas.ids.map((id, a) => ({
    id,
    name: result.areas.names[a],
    homicides: years.flatMap((y) => {
      const k = result.labels.indexOf(y);
      if (k < 0) return [];
      const s = finiteSorted(sr.areaHomicides!.subarray((k * m + a) * R, (k * m + a + 1) * R));
      if (s.length === 0) return [];
      return [
        { t: y, p05: quantileSorted(s, 0.05), p50: quantileSorted(s, 0.5), p95: quantileSorted(s, 0.95) },
      ];
    }),
  }));
}

function calibrationSummary(fits: HomicideFit[]): CalibrationSummary {
  const q = (f: (x: HomicideFit) => number): [number, number, number] => {
    const s = Float64Array.from(fits.map(f)).sort();
    return [quantileSorted(s, 0.05), quantileSorted(s, 0.5), quantileSorted(s, 0.95)];
  };
  return {
    runs: fits.length,
    nonCartelRate: q((f) => f.nonCartelRate),
    perConflictDeath: q((f) => f.perConflictDeath),
    legacy: q((f) => f.legacy),
    legacyYears: q((f) => f.legacyYears),
    mape: q((f) => f.mape),
  };
}
