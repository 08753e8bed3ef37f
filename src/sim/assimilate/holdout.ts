import { parseMonthLabel } from '../../data/panel/months.js';
import { runWorkerJobs } from '../../util/worker-jobs.js';
import { defaultThreads } from '../pool.js';
import { quantileSorted } from '../summary.js';
import { type NowcastInput, runNowcast } from './nowcast.js';
import { projectStatusQuo } from './project.js';
import { ensembleCrps } from './scores.js';

/**
 * `atalaya calibrate holdout`: the nowcast filtered only on the data up to each origin, the status quo
 * projected 1–3 years on, and scored against the counts that followed — beside two baselines: the last 12
 * months held flat, and a straight line through the last 36 months.
 */
export interface HoldoutOptions extends Omit<NowcastInput, 'until' | 'onProgress'> {
  /** Last months observed at each origin (default: `DEFAULT_ORIGINS`, every half year 2016-12 to 2024-06). */
  origins?: string[];
  /** Years projected (default 3). */
  years?: number;
  /** Weight of the model's own change in the status quo projection (project.ts `modelWeight`). */
  modelWeight?: number;
  /** Called as origin `index` starts (on threads: as it is handed to a worker). */
  onOrigin?: (origin: string, index: number, total: number) => void;
  /** Called as an origin's rows are ready, with the number of origins done so far. */
  onOriginDone?: (origin: string, done: number, total: number) => void;
}

export interface HoldoutRow {
  origin: string;
  /** Years after the origin (1 = the 12 months that follow it). */
  horizon: number;
  observed: number;
  /** Absolute relative error of the median projection of the national 12-month total (a fraction). */
  model: { median: number; p05: number; p95: number; error: number; crps: number; coverage90: number };
  flat: { value: number; error: number };
  trend: { value: number; error: number };
}

export interface HoldoutResult {
  rows: HoldoutRow[];
  /** Mean errors by horizon, model against the baselines. */
  byHorizon: {
    horizon: number;
    origins: number;
    model: number;
    flat: number;
    trend: number;
    coverage90: number;
  }[];
  particles: number;
  seed: number;
}

/**
 * Every June and December from the end of 2016 (two years of counts behind it, what the filter needs) to
 * mid-2024 (the last origin with a year after it): 16 origins, 14 with two years after and 12 with three.
 * Five origins (the ends of 2017, 2019, 2021, 2023 and mid-2024) left the comparison with no change to one
 * or two months of one origin; sixteen half-yearly ones make it a comparison.
 */
export const DEFAULT_ORIGINS = Array.from({ length: 16 }, (_, k) => {
  const year = 2016 + Math.floor((k + 1) / 2);
  return `${year}-${k % 2 === 0 ? '12' : '06'}`;
});

export function holdout(options: HoldoutOptions): HoldoutResult {
  const origins = options.origins ?? DEFAULT_ORIGINS;
  const rows = origins.flatMap((origin, i) => {
    options.onOrigin?.(origin, i, origins.length);
    const r = holdoutOrigin(options, origin);
    options.onOriginDone?.(origin, i + 1, origins.length);
    return r;
  });
  return holdoutResult(rows, options);
}

/**
 * The hold-out with its origins filtered in parallel on worker threads (holdout-worker.ts), one origin per
 * task. Each origin's rows depend only on the options and the origin (every random stream is a function of
 * the seed), and rows are put back in the order of `origins`: the result is the same for any thread count.
 * `threads` 1 runs in this thread. `onOrigin` is called as an origin is handed out, `onOriginDone` (with
 * the number done so far) as it finishes.
 */
export async function holdoutOnThreads(
  options: HoldoutOptions & { threads?: number },
): Promise<HoldoutResult> {
  const origins = options.origins ?? DEFAULT_ORIGINS;
  const threads = Math.max(1, Math.min(options.threads ?? defaultThreads(), origins.length));
  if (threads === 1) return holdout(options);
  // Functions and the abort signal stay here; the rest is cloned into each worker.
  const { onOrigin, onOriginDone, signal, threads: _threads, ...data } = options;
  let done = 0;
  const byOrigin = await runWorkerJobs<string, HoldoutRow[]>({
    callerUrl: import.meta.url,
    module: './holdout-worker',
    init: { options: data },
    jobs: origins,
    threads,
    label: 'hold-out',
    signal,
    onStart: (index) => onOrigin?.(origins[index], index, origins.length),
    onResult: (index) => onOriginDone?.(origins[index], ++done, origins.length),
  });
  return holdoutResult(byOrigin.flat(), options);
}

/** The rows of one origin: the filter on the months up to it, the projection, and the baselines. */
export function holdoutOrigin(options: HoldoutOptions, origin: string): HoldoutRow[] {
  const obs = options.observations;
  const first = parseMonthLabel(obs.start);
  const years = options.years ?? 3;
  const national = (t: number) => obs.national[t];
  const rows: HoldoutRow[] = [];
  const T0 = parseMonthLabel(origin) - first + 1;
  const H = Math.min(12 * years, obs.months - T0);
  if (H < 12) return rows;
  const { model, world } = runNowcast({ ...options, until: origin });
  const projection = projectStatusQuo(model, {
    months: H,
    seed: options.seed ?? 1,
    modelWeight: options.modelWeight,
  });
  const A = world.areas.ids.length;
  // State codes in the world's order, to pool state coverage against the observed layout.
  const stateIndex = world.areas.ids.map((id) => obs.states.indexOf(id));
  let flat = 0;
  for (let t = T0 - 12; t < T0; t++) flat += national(t);
  // Up to 36 months (the earliest origins have 24 behind them).
  const span = Math.min(36, T0);
  const trendSlope = lineSlope(Array.from({ length: span }, (_, k) => national(T0 - span + k)));
  for (let y = 0; y < Math.floor(H / 12); y++) {
    let observed = 0;
    for (let t = T0 + 12 * y; t < T0 + 12 * y + 12; t++) observed += national(t);
    const totals = new Float64Array(projection.runs);
    const stateTotals = new Float64Array(projection.runs * A);
    for (let j = 0; j < projection.runs; j++) {
      for (let h = 12 * y; h < 12 * y + 12; h++) {
        for (let a = 0; a < A; a++) {
          const v = projection.values[(j * H + h) * A + a];
          totals[j] += v;
          stateTotals[a * projection.runs + j] += v;
        }
      }
    }
    const sorted = Float64Array.from(totals).sort();
    const median = quantileSorted(sorted, 0.5);
    const p05 = quantileSorted(sorted, 0.05);
    const p95 = quantileSorted(sorted, 0.95);
    // 90% coverage pooled over the national total and the states.
    let inside = observed >= p05 && observed <= p95 ? 1 : 0;
    let count = 1;
    for (let a = 0; a < A; a++) {
      if (stateIndex[a] < 0) continue;
      let o = 0;
      for (let t = T0 + 12 * y; t < T0 + 12 * y + 12; t++) o += obs.victims[stateIndex[a] * obs.months + t];
      const st = stateTotals.slice(a * projection.runs, (a + 1) * projection.runs).sort();
      if (o >= quantileSorted(st, 0.05) && o <= quantileSorted(st, 0.95)) inside++;
      count++;
    }
    // The line through the last 36 months, summed over the 12 months of this horizon.
    let trend = 0;
    for (let h = 12 * y; h < 12 * y + 12; h++) trend += Math.max(0, trendSlope.at(span + h));
    rows.push({
      origin,
      horizon: y + 1,
      observed,
      model: {
        median,
        p05,
        p95,
        error: Math.abs(median / observed - 1),
        crps: ensembleCrps(totals, observed) / observed,
        coverage90: inside / count,
      },
      flat: { value: flat, error: Math.abs(flat / observed - 1) },
      trend: { value: trend, error: Math.abs(trend / observed - 1) },
    });
  }
  return rows;
}

/** Mean errors and coverage by horizon over every origin's rows. */
function holdoutResult(rows: HoldoutRow[], options: HoldoutOptions): HoldoutResult {
  const byHorizon = [1, 2, 3]
    .map((horizon) => {
      const r = rows.filter((x) => x.horizon === horizon);
      const mean = (f: (x: HoldoutRow) => number) => r.reduce((s, x) => s + f(x), 0) / r.length;
      return {
        horizon,
        origins: r.length,
        model: mean((x) => x.model.error),
        flat: mean((x) => x.flat.error),
        trend: mean((x) => x.trend.error),
        coverage90: mean((x) => x.model.coverage90),
      };
    })
    .filter((h) => h.origins > 0);
  return { rows, byHorizon, particles: options.particles ?? 1000, seed: options.seed ?? 1 };
}

/** Least-squares line through y_0 … y_{n−1}; `at(k)` its value at month k. */
function lineSlope(y: number[]): { at: (k: number) => number } {
  const n = y.length;
  const mx = (n - 1) / 2;
  const my = y.reduce((s, v) => s + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  y.forEach((v, k) => {
    sxy += (k - mx) * (v - my);
    sxx += (k - mx) * (k - mx);
  });
  const b = sxx > 0 ? sxy / sxx : 0;
  return { at: (k) => my + b * (k - mx) };
}
