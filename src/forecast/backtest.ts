import { QueryError } from '../data/errors.js';
import { monthLabel, parseMonthLabel } from '../data/panel/months.js';
import type { Panel } from '../data/panel/panel.js';
import { prepareData } from './data.js';
import { featureBase } from './features.js';
import { areaParts, checkHorizon } from './forecast.js';
import {
  BASELINES,
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
 * fresh cut of the series, see data.ts) and its forecasts for the next 1…H months are scored against what
 * happened. Origins are `count` months `step` apart, the last one H months before the end of the series
 * so that every horizon is observed.
 */
export interface BacktestOptions extends ModelOptions {
  series: string;
  vintage?: string;
  models?: ModelId[];
  /** Explicit origins (YYYY-MM); otherwise `count` origins `step` months apart. */
  origins?: string[];
  count?: number;
  step?: number;
  horizon?: number;
  /** k of the top-k hot-spot scores (default 50, about 2% of municipalities). */
  topK?: number;
  onProgress?: (done: number, total: number, origin: string) => void;
}

export interface BacktestRow {
  model: ModelId;
  h: number;
  scores: Scores;
}

export interface BacktestResult {
  series: string;
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
}

export const DEFAULT_BACKTEST_MODELS: ModelId[] = ['persistence', 'mean12', 'seasonal', 'negbin', 'ensemble'];

export function backtest(panel: Panel, options: BacktestOptions): BacktestResult {
  const horizon = options.horizon ?? MAX_HORIZON;
  checkHorizon(horizon);
  const models = options.models ?? DEFAULT_BACKTEST_MODELS;
  const topK = options.topK ?? 50;
  const full = prepareData(panel, { series: options.series, vintage: options.vintage });
  const origins =
    options.origins ??
    defaultOrigins(full.start + full.months - 1, horizon, options.count ?? 12, options.step ?? 6);
  const lastObserved = full.start + full.months - 1;
  for (const o of origins) {
    let month: number;
    try {
      month = parseMonthLabel(o);
    } catch {
      throw new QueryError(
        `origin "${o}" is not a month (expected YYYY-MM; ${full.series.id} covers ${monthLabel(full.start)}..${monthLabel(lastObserved)})`,
      );
    }
    if (month + horizon > lastObserved) {
      throw new QueryError(
        `origin ${o} + ${horizon} months is past the last month observed (${monthLabel(lastObserved)})`,
      );
    }
  }
  const acc = new Map<string, ScoreAccumulator>();
  const key = (m: ModelId, h: number) => `${m}|${h}`;
  origins.forEach((origin, k) => {
    options.onProgress?.(k, origins.length, origin);
    const data = prepareData(panel, { series: options.series, vintage: options.vintage, asOf: origin });
    if (data.areas.length !== full.areas.length)
      throw new Error('area sets differ between cuts of one series');
    const base = featureBase(data);
    const horizons = Array.from({ length: horizon }, (_, j) => j + 1);
    const runs = new Map<ModelId, ModelRun>();
    const run = (m: ModelId): ModelRun => {
      const done = runs.get(m);
      if (done) return done;
      const r =
        m === 'ensemble' ? ensembleOf(run('negbin'), run('mean12')) : runModel(m, base, horizons, options);
      runs.set(m, r);
      return r;
    };
    const T = data.months;
    const Tf = full.months;
    const offset = data.start - full.start;
    const thresholds = data.areas.map((_, i) => {
      const cum = base.cum;
      return escalationThreshold((cum[i * (T + 1) + T] - cum[i * (T + 1) + T - 12]) / 12);
    });
    for (const m of models) {
      for (const f of run(m).horizons) {
        const a = acc.get(key(m, f.h)) ?? emptyScores();
        acc.set(key(m, f.h), a);
        const means = new Float64Array(data.areas.length);
        const outcomes = new Float64Array(data.areas.length);
        data.areas.forEach((_, i) => {
          const parts = areaParts(f, i);
          const y = full.y[i * Tf + offset + T - 1 + f.h];
          scoreOne(a, mixturePmf(parts), y, thresholds[i]);
          means[i] = parts.reduce((s, c) => s + c.weight * c.mean, 0);
          outcomes[i] = y;
        });
        scoreTopK(a, means, outcomes, topK);
      }
    }
  });
  options.onProgress?.(origins.length, origins.length, '');
  const rows: BacktestRow[] = [];
  for (const m of models)
    for (let h = 1; h <= horizon; h++) rows.push({ model: m, h, scores: finishScores(acc.get(key(m, h))!) });
  const overall = models.map((m) => {
    const all = emptyScores();
    for (let h = 1; h <= horizon; h++) mergeInto(all, acc.get(key(m, h))!);
    return { model: m, scores: finishScores(all) };
  });
  return {
    series: full.series.id,
    vintage: full.series.vintage,
    origins,
    horizon,
    models,
    topK,
    window: options.window ?? 60,
    areas: full.areas.length,
    rows,
    overall,
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
