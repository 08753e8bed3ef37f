import { availableParallelism } from 'node:os';
import { QueryError } from '../data/errors.js';
import { monthLabel, parseMonthLabel } from '../data/panel/months.js';
import type { Panel } from '../data/panel/panel.js';
import type { Level } from '../data/panel/series.js';
import { presentSeries } from '../data/present.js';
import { runWorkerJobs } from '../util/worker-jobs.js';
import { donorFitFor, isShort, SHORT_FIRST_ORIGIN } from './borrowed.js';
import { cutData } from './cut.js';
import { type ForecastData, prepareData } from './data.js';
import { FIRST_ORIGIN, featureBase } from './features.js';
import { areaParts, checkHorizon } from './forecast.js';
import {
  BASELINES,
  BORROWING,
  ensembleOf,
  MAX_HORIZON,
  type ModelId,
  type ModelOptions,
  type ModelRun,
  runModel,
} from './models.js';
import { mixturePmf } from './nb-dist.js';
import {
  emptyScores,
  escalationThreshold,
  finishScores,
  type ScoreAccumulator,
  type Scores,
  scoreOne,
  scoreTopK,
} from './scores.js';

/**
 * Rolling-origin backtest: for each origin, every model is fitted on the data up to that month only (a
 * fresh cut of the series, see cut.ts and data.ts) and its forecasts for the next 1…H months are scored
 * against what happened. Origins are `count` months `step` apart, the last one H months before the end of
 * the series so that every horizon is observed.
 *
 * Each origin is a pure function of a structured-cloneable `BacktestContext` (the whole series as typed
 * arrays, the origins, models, model options and k) that returns its own score accumulators
 * (`backtestOrigin`); the result merges them in origin order (`backtestResult`). So `backtest` (this
 * thread) and `backtestOnThreads` (worker threads) give the same numbers, bit for bit, at any thread
 * count and whatever order the origins finish in.
 */
export interface BacktestOptions extends ModelOptions {
  /** Default: the homicide series with the newest month at `level` (data/present.ts). */
  series?: string;
  /** The long series the borrowed models learn from (default: the longest homicide series of the level). */
  donor?: string;
  /**
   * Score outcomes in months the release flags as provisional (default false: they are still being
   * revised). Every model faces the same outcomes, so the comparison stays fair; short series need it.
   */
  provisional?: boolean;
  /** Level of the series (default municipality). */
  level?: Level;
  vintage?: string;
  models?: ModelId[];
  /** Explicit origins (YYYY-MM); otherwise `count` origins `step` months apart. */
  origins?: string[];
  count?: number;
  step?: number;
  horizon?: number;
  /** k of the top-k hot-spot scores (default 50, about 2% of municipalities). */
  topK?: number;
  /**
   * Called with (0, origins, '') before the work, then as each origin's scores are ready with the number of
   * origins done so far and that origin (on threads: in the order they finish).
   */
  onProgress?: (done: number, total: number, origin: string) => void;
}

export interface BacktestThreadOptions extends BacktestOptions {
  /**
   * Worker threads, each scoring one origin at a time (default: the available cores,
   * `os.availableParallelism()`; never more than the origins). The numbers do not depend on it.
   */
  threads?: number;
  /** Aborting cancels the backtest: the workers are terminated and the promise rejects. */
  signal?: AbortSignal;
}

export interface BacktestRow {
  model: ModelId;
  h: number;
  scores: Scores;
}

export interface BacktestResult {
  series: string;
  level: Level;
  vintage: string;
  origins: string[];
  horizon: number;
  models: ModelId[];
  topK: number;
  window: number;
  areas: number;
  rows: BacktestRow[];
  /** All horizons together, per model. */
  overall: { model: ModelId; scores: Scores }[];
  /** The borrowed models' donor: its series, release and last month used. */
  donor?: { series: string; vintage: string; through: string };
  /** Whether outcomes in provisional months were scored. */
  provisional: boolean;
}

export const DEFAULT_BACKTEST_MODELS: ModelId[] = ['persistence', 'mean12', 'seasonal', 'negbin', 'ensemble'];
/** The default models on a series too short for its own regression (borrowed.ts). */
export const SHORT_BACKTEST_MODELS: ModelId[] = [
  'persistence',
  'mean12',
  'seasonal',
  'borrowed',
  'borrowed-ensemble',
];
/** The default longest horizon on a short series (as many origins as possible with a few horizons). */
export const SHORT_BACKTEST_HORIZON = 3;

/**
 * What every origin's scores depend on, and nothing else: structured-cloneable (typed arrays and plain
 * data), so it goes to worker threads as it is.
 */
export interface BacktestContext {
  /** The whole series as `prepareData` gives it without `asOf`; each origin is cut from it (cut.ts). */
  data: ForecastData;
  /** Origins as month indices, in the order of the result. */
  origins: number[];
  horizon: number;
  models: ModelId[];
  topK: number;
  /** The caller's model options, forwarded intact (every field but the backtest's own). */
  modelOptions: ModelOptions;
  provisional: boolean;
}

/**
 * The score accumulators of one origin, one per model and horizon, model-major:
 * `[models[0] h=1, …, models[0] h=H, models[1] h=1, …]`.
 */
export type OriginScores = ScoreAccumulator[];

/** The backtest in this thread: every origin in turn, then the merge (the same path as on threads). */
export function backtest(panel: Panel, options: BacktestOptions): BacktestResult {
  const context = backtestContext(panel, options);
  const total = context.origins.length;
  options.onProgress?.(0, total, '');
  const perOrigin = context.origins.map((origin, k) => {
    const scores = backtestOrigin(context, k);
    options.onProgress?.(k + 1, total, monthLabel(origin));
    return scores;
  });
  return backtestResult(context, perOrigin);
}

/**
 * The backtest with its origins scored on worker threads (backtest-worker.ts), one origin per job, handed
 * out as workers free up. Every origin runs on a worker, at any thread count (so the caller's event loop
 * stays free and an abort stops the work at once); the per-origin accumulators come back by origin and
 * are merged in origin order, so the result is the one `backtest` gives, bit for bit. A worker's error
 * rejects with the origin named (a QueryError stays a QueryError); an abort rejects with an AbortError.
 */
export async function backtestOnThreads(
  panel: Panel,
  options: BacktestThreadOptions,
): Promise<BacktestResult> {
  const context = backtestContext(panel, options);
  const total = context.origins.length;
  const threads = backtestThreads(options.threads, total);
  try {
    structuredClone(context.modelOptions);
  } catch (err) {
    throw new Error(
      `backtest: the model options cannot go to worker threads (they must be plain data): ${(err as Error).message}`,
    );
  }
  if (options.signal?.aborted) throw cancelled(options.signal);
  options.onProgress?.(0, total, '');
  // Stops the other workers when one origin fails, as well as on the caller's abort.
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  let failure: Error | undefined;
  let done = 0;
  try {
    const outcomes = await runWorkerJobs<number, OriginOutcome>({
      callerUrl: import.meta.url,
      module: './backtest-worker',
      init: { context } satisfies BacktestWorkerInit,
      jobs: context.origins.map((_, k) => k),
      threads,
      label: 'backtest',
      signal: stop.signal,
      onResult: (k, outcome) => {
        if ('error' in outcome) {
          failure ??= originError(context, k, outcome.error);
          stop.abort();
          return;
        }
        options.onProgress?.(++done, total, monthLabel(context.origins[k]));
      },
    });
    return backtestResult(
      context,
      outcomes.map((o) => (o as { scores: OriginScores }).scores),
    );
  } catch (err) {
    if (failure) throw failure;
    if (options.signal?.aborted) throw cancelled(options.signal);
    throw new Error(`backtest on worker threads failed: ${(err as Error).message}`, { cause: err });
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
}

function cancelled(signal: AbortSignal): Error {
  const err = new Error('backtest cancelled', { cause: signal.reason });
  err.name = 'AbortError';
  return err;
}

/** Worker threads for `total` origins: `requested` or the available cores, at most one per origin. */
export function backtestThreads(requested: number | undefined, total: number): number {
  if (requested !== undefined && !(Number.isInteger(requested) && requested >= 1)) {
    throw new QueryError(`threads must be a whole number of at least 1, not ${requested}`);
  }
  return Math.max(1, Math.min(requested ?? availableParallelism(), total));
}

/** What a backtest worker receives once (its `workerData`). */
export interface BacktestWorkerInit {
  context: BacktestContext;
}

/** A worker's answer for one origin: its accumulators, or why it failed (kept apart to keep QueryError). */
export type OriginOutcome =
  | { scores: OriginScores }
  | { error: { message: string; query: boolean; stack?: string } };

/** `backtestOrigin` for a worker: an error becomes part of the answer rather than a bare message. */
export function originOutcome(context: BacktestContext, k: number): OriginOutcome {
  try {
    return { scores: backtestOrigin(context, k) };
  } catch (err) {
    const e = err as Error;
    return {
      error: { message: e?.message ?? String(err), query: err instanceof QueryError, stack: e?.stack },
    };
  }
}

function originError(
  context: BacktestContext,
  k: number,
  error: { message: string; query: boolean; stack?: string },
) {
  if (error.query) return new QueryError(error.message);
  const cause = new Error(error.message);
  if (error.stack) cause.stack = error.stack;
  return new Error(
    `backtest of origin ${monthLabel(context.origins[k])} failed on a worker thread: ${error.message}`,
    { cause },
  );
}

/**
 * Check the request and gather what the origins need: the whole series (whatever history `prepareData`
 * accepts for it), the origins as month indices, the models, k, and the caller's model options (every
 * option that is not the backtest's own, so fields added to `ModelOptions` reach the models, on worker
 * threads too).
 */
export function backtestContext(
  panel: Panel,
  options: BacktestOptions | BacktestThreadOptions,
): BacktestContext {
  const {
    series = presentSeries(panel, { level: options.level }).series,
    level,
    vintage,
    donor,
    provisional = false,
    origins: requested,
    count = 12,
    step = 6,
    topK = 50,
    onProgress: _onProgress,
    threads: _threads,
    signal: _signal,
    ...rest
  } = options as BacktestThreadOptions;
  const data = prepareData(panel, { series, level, vintage });
  const short = isShort(data);
  const {
    models = short ? SHORT_BACKTEST_MODELS : DEFAULT_BACKTEST_MODELS,
    horizon: asked,
    ...modelOptions
  } = rest;
  // Outcomes are complete months only unless asked: months the release flags as incomplete at the end of
  // the series (provisional counts, still growing) are not scored.
  const flagged = new Set(provisional ? [] : data.incomplete);
  let lastObserved = data.start + data.months - 1;
  while (lastObserved > data.start && flagged.has(monthLabel(lastObserved))) lastObserved--;
  // A short series: every month from the first with a year of history (and one month to scale a borrowed
  // model) whose horizons are all observed, a few horizons.
  const firstShort = data.start + SHORT_FIRST_ORIGIN + 1;
  const horizon =
    asked ?? (short ? Math.max(1, Math.min(SHORT_BACKTEST_HORIZON, lastObserved - firstShort)) : MAX_HORIZON);
  checkHorizon(horizon);
  const labels =
    requested ??
    (short && options.count === undefined && options.step === undefined
      ? shortOrigins(firstShort, lastObserved - horizon)
      : defaultOrigins(lastObserved, horizon, count, step).filter(
          // Default origins need the regression's history at every horizon (36 months of lags and 12
          // training origins): those too early are dropped; explicit ones are checked by the models.
          (o) => short || parseMonthLabel(o) - data.start >= FIRST_ORIGIN + 11 + horizon,
        ));
  const origins = labels.map((o) => {
    let month: number;
    try {
      month = parseMonthLabel(o);
    } catch {
      throw new QueryError(
        `origin "${o}" is not a month (expected YYYY-MM; ${data.series.id} covers ${monthLabel(data.start)}..${monthLabel(lastObserved)})`,
      );
    }
    if (month + horizon > lastObserved) {
      throw new QueryError(
        `origin ${o} + ${horizon} months is past the last month observed (${monthLabel(lastObserved)})`,
      );
    }
    if (month < data.start) {
      throw new QueryError(
        `origin ${o} is before the first month of ${data.series.id} (${data.series.vintage}): it covers ${monthLabel(data.start)}..${monthLabel(lastObserved)}`,
      );
    }
    return month;
  });
  if (origins.length === 0) {
    throw new QueryError(
      `${data.series.id} has no origin with ${SHORT_FIRST_ORIGIN + 2} months of history and ${horizon} observed months after it (it covers ${monthLabel(data.start)}..${monthLabel(lastObserved)}${provisional ? '' : ', provisional months left out: --score-provisional scores them'})`,
    );
  }
  // The borrowed models' donor is fitted once, on data up to the first origin (no origin sees later data).
  if (models.some((m) => BORROWING.includes(m)) && !modelOptions.donorFit) {
    const horizons = Array.from({ length: horizon }, (_, j) => j + 1);
    const first = cutData(data, Math.min(...origins));
    modelOptions.donorFit = donorFitFor(panel, first, horizons, { donor, window: modelOptions.window });
  }
  return { data, origins, horizon, models: [...models], topK, modelOptions, provisional };
}

function shortOrigins(first: number, last: number): string[] {
  const out: string[] = [];
  for (let m = first; m <= last; m++) out.push(monthLabel(m));
  return out;
}

/**
 * The scores of origin `k` of the context: every model fitted on the series cut at that origin, its
 * forecasts for 1…H months scored against the whole series. A pure function of (context, k).
 */
export function backtestOrigin(context: BacktestContext, k: number): OriginScores {
  const { data: full, horizon, models, topK, modelOptions } = context;
  const origin = context.origins[k];
  try {
    const data = cutData(full, origin);
    const base = featureBase(data);
    const horizons = Array.from({ length: horizon }, (_, j) => j + 1);
    const runs = new Map<ModelId, ModelRun>();
    const run = (m: ModelId): ModelRun => {
      const done = runs.get(m);
      if (done) return done;
      const r =
        m === 'ensemble'
          ? ensembleOf(run('negbin'), run('mean12'))
          : m === 'borrowed-ensemble'
            ? ensembleOf(run('borrowed'), run('mean12'), m)
            : runModel(m, base, horizons, modelOptions);
      runs.set(m, r);
      return r;
    };
    const T = data.months;
    const Tf = full.months;
    // Column of the origin in the whole series.
    const at = origin - full.start;
    const n = data.areas.length;
    const thresholds = data.areas.map((_, i) => {
      const cum = base.cum;
      return escalationThreshold((cum[i * (T + 1) + T] - cum[i * (T + 1) + T - 12]) / 12);
    });
    const out: OriginScores = Array.from({ length: models.length * horizon }, () => emptyScores());
    models.forEach((m, mi) => {
      for (const f of run(m).horizons) {
        const a = out[mi * horizon + f.h - 1];
        const means = new Float64Array(n);
        const outcomes = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          const parts = areaParts(f, i);
          const y = full.y[i * Tf + at + f.h];
          scoreOne(a, mixturePmf(parts), y, thresholds[i]);
          means[i] = parts.reduce((s, c) => s + c.weight * c.mean, 0);
          outcomes[i] = y;
        }
        scoreTopK(a, means, outcomes, topK);
      }
    });
    return out;
  } catch (err) {
    if (err instanceof QueryError) throw new QueryError(`origin ${monthLabel(origin)}: ${err.message}`);
    throw err;
  }
}

/** Merge the origins' accumulators in origin order (whatever order they were computed in) and score. */
export function backtestResult(context: BacktestContext, perOrigin: readonly OriginScores[]): BacktestResult {
  const { data, horizon, models } = context;
  if (perOrigin.length !== context.origins.length)
    throw new Error(`${perOrigin.length} origins scored, ${context.origins.length} expected`);
  const cells = models.length * horizon;
  const merged = Array.from({ length: cells }, () => emptyScores());
  for (const scores of perOrigin) {
    if (scores.length !== cells)
      throw new Error(`an origin has ${scores.length} score cells, ${cells} expected`);
    for (let c = 0; c < cells; c++) mergeInto(merged[c], scores[c]);
  }
  const rows: BacktestRow[] = [];
  models.forEach((model, mi) => {
    for (let h = 1; h <= horizon; h++)
      rows.push({ model, h, scores: finishScores(merged[mi * horizon + h - 1]) });
  });
  const overall = models.map((model, mi) => {
    const all = emptyScores();
    for (let h = 1; h <= horizon; h++) mergeInto(all, merged[mi * horizon + h - 1]);
    return { model, scores: finishScores(all) };
  });
  return {
    series: data.series.id,
    level: data.series.level,
    vintage: data.series.vintage,
    origins: context.origins.map(monthLabel),
    horizon,
    models,
    topK: context.topK,
    window: context.modelOptions.window ?? 60,
    areas: data.areas.length,
    rows,
    overall,
    ...(context.modelOptions.donorFit
      ? {
          donor: {
            series: context.modelOptions.donorFit.series,
            vintage: context.modelOptions.donorFit.vintage,
            through: context.modelOptions.donorFit.through,
          },
        }
      : {}),
    provisional: context.provisional,
  };
}

function defaultOrigins(lastObserved: number, horizon: number, count: number, step: number): string[] {
  const last = lastObserved - horizon;
  return Array.from({ length: count }, (_, k) => monthLabel(last - (count - 1 - k) * step));
}

function mergeInto(a: ScoreAccumulator, b: ScoreAccumulator): void {
  a.n += b.n;
  a.sqErrLog += b.sqErrLog;
  a.crps += b.crps;
  a.in50 += b.in50;
  a.in90 += b.in90;
  a.pit50 += b.pit50;
  a.pit90 += b.pit90;
  a.topHits += b.topHits;
  a.topHot += b.topHot;
  a.topK += b.topK;
  a.brier += b.brier;
  a.escalations += b.escalations;
  for (const p of b.escalationPairs) a.escalationPairs.push(p);
}

/** How a model compares with the best baseline at one horizon (skill = 1 − score / baseline's score). */
export interface SkillRow {
  h: number;
  model: ModelId;
  bestBaseline: { mse: ModelId; crps: ModelId };
  mseSkill: number;
  crpsSkill: number;
  /** True when the model beats the best baseline on both MSE(log1p) and CRPS. */
  beatsBaselines: boolean;
}

/**
 * For every non-baseline model and horizon, its skill against the best baseline of that horizon (chosen
 * per measure, as the ViEWS prediction challenge compares against its best benchmark). Empty when the
 * backtest ran no baseline.
 */
export function skillAgainstBaselines(result: BacktestResult): SkillRow[] {
  const baselines = result.models.filter((m) => BASELINES.includes(m));
  if (baselines.length === 0) return [];
  const rowOf = new Map(result.rows.map((r) => [`${r.model}|${r.h}`, r.scores]));
  const out: SkillRow[] = [];
  for (let h = 1; h <= result.horizon; h++) {
    const best = (measure: 'mseLog1p' | 'crps') =>
      baselines.reduce((a, b) =>
        rowOf.get(`${b}|${h}`)![measure] < rowOf.get(`${a}|${h}`)![measure] ? b : a,
      );
    const mse = best('mseLog1p');
    const crps = best('crps');
    for (const m of result.models) {
      if (BASELINES.includes(m)) continue;
      const s = rowOf.get(`${m}|${h}`)!;
      const mseSkill = 1 - s.mseLog1p / rowOf.get(`${mse}|${h}`)!.mseLog1p;
      const crpsSkill = 1 - s.crps / rowOf.get(`${crps}|${h}`)!.crps;
      out.push({
        h,
        model: m,
        bestBaseline: { mse, crps },
        mseSkill,
        crpsSkill,
        beatsBaselines: mseSkill > 0 && crpsSkill > 0,
      });
    }
  }
  return out;
}
