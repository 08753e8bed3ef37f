import { QueryError } from '../data/errors.js';
import type { Panel } from '../data/panel/panel.js';
import type { Level } from '../data/panel/series.js';
import { type Freshness, freshness, presentSeries, staleWarning } from '../data/present.js';
import type { AreaForecast } from './answers.js';
import { type DonorFit, donorFitFor } from './borrowed.js';
import { type ForecastData, monthOf, prepareData } from './data.js';
import { featureBase } from './features.js';
import {
  BORROWING,
  defaultModel,
  type HorizonFit,
  type HorizonForecast,
  MAX_HORIZON,
  MODEL_INFO,
  type ModelId,
  type ModelOptions,
  runModel,
} from './models.js';
import { mixturePmf, quantilesFromPmf } from './nb-dist.js';

/**
 * `atalaya forecast`: predictive distributions per area and month for horizons 1…N from an origin. The
 * output shape is the one others can score: { series, asOf, model, forecasts: [{ area, t, mean, p05, p25,
 * p50, p75, p95 }] }, plus what the models were fitted on.
 */
export const QUANTILES = [0.05, 0.25, 0.5, 0.75, 0.95] as const;

export type { AreaForecast };

export interface ForecastResult {
  series: string;
  /** The series' readable name. */
  title: string;
  vintage: string;
  level: string;
  asOf: string;
  /** How old the origin month is; `stale` answers also carry a warning. */
  freshness: Freshness;
  model: ModelId;
  /** What was fitted, in a sentence (for a borrowed model: on what, and how it was scaled). */
  method: string;
  horizon: number;
  forecasts: AreaForecast[];
  fits: HorizonFit[];
  warnings: string[];
}

export interface ForecastOptions extends Omit<ModelOptions, 'donorFit'> {
  /** The long series a borrowed model learns from (default: the longest homicide series of the level). */
  donor?: string;
  /** Default: the homicide series with the newest complete month at `level` (data/present.ts). */
  series?: string;
  /** Default municipality. */
  level?: Level;
  asOf?: string;
  /** The date staleness is measured from (default: the clock, or ATALAYA_TODAY). */
  today?: Date | string;
  horizon?: number;
  model?: ModelId;
  vintage?: string;
  /** Only these area codes in `forecasts` (the model is still fitted on every area). Default: all. */
  areas?: readonly string[];
}

/** The mixture components of one area as plain numbers. */
export function areaParts(f: HorizonForecast, i: number): { mean: number; alpha: number; weight: number }[] {
  return f.components.map((c) => ({ mean: c.mean[i], alpha: c.alpha[i], weight: c.weight }));
}

/** A horizon must be a whole number of months from 1 to MAX_HORIZON (0, 1.5 or 13 would silently misbehave). */
export function checkHorizon(horizon: number): void {
  if (!Number.isInteger(horizon) || horizon < 1 || horizon > MAX_HORIZON) {
    throw new QueryError(
      `horizon ${horizon} is out of range: horizons are whole months from 1 to ${MAX_HORIZON}`,
    );
  }
}

export function forecast(panel: Panel, options: ForecastOptions = {}): ForecastResult {
  const level = options.level ?? 'municipality';
  const series = options.series ?? presentSeries(panel, { level }).series;
  const data = prepareData(panel, { series, level, asOf: options.asOf, vintage: options.vintage });
  const horizon = options.horizon ?? MAX_HORIZON;
  checkHorizon(horizon);
  return forecastFrom(data, { ...options, ...resolveModel(panel, data, options, horizonsUpTo(horizon)) });
}

export function horizonsUpTo(horizon: number): number[] {
  return Array.from({ length: horizon }, (_, k) => k + 1);
}

/**
 * The model to run on `data` (the one asked, or defaultModel's) and, for the borrowed models, the donor
 * fit (a long series of the level, borrowed.ts).
 */
export function resolveModel(
  panel: Panel,
  data: ForecastData,
  options: { model?: ModelId; donor?: string; window?: number },
  horizons: readonly number[],
): { model: ModelId; donorFit?: DonorFit } {
  const model = options.model ?? defaultModel(data);
  if (!BORROWING.includes(model)) return { model };
  return { model, donorFit: donorFitFor(panel, data, horizons, options) };
}

/** A sentence on what was fitted, for every output (the model, and what a borrowed model borrowed). */
export function methodText(model: ModelId, fits: readonly HorizonFit[]): string {
  const donor = fits.find((f) => f.donor);
  const base = `${model}: ${MODEL_INFO[model]}`;
  if (!donor?.donor || !donor.scale) return base;
  const d = donor.donor;
  return `${base}. Regression fitted on ${d.series} (release ${d.vintage}, origins ${d.origins[0]}..${d.origins[1]}), scaled to this series per state (national ratio ${donor.scale.national.toFixed(2)}, from ${donor.scale.n.toLocaleString('en-US')} forecasts of its own past)`;
}

export function forecastFrom(
  data: ForecastData,
  options: Omit<ForecastOptions, 'series' | 'asOf' | 'level' | 'donor'> & { donorFit?: DonorFit },
): ForecastResult {
  const horizon = options.horizon ?? MAX_HORIZON;
  checkHorizon(horizon);
  const model = options.model ?? defaultModel(data);
  const horizons = horizonsUpTo(horizon);
  const wanted = selectAreas(data, options.areas);
  const run = runModel(model, featureBase(data), horizons, {
    window: options.window,
    donorFit: options.donorFit,
  });
  const origin = data.months - 1;
  const forecasts: AreaForecast[] = [];
  for (const f of run.horizons) {
    const t = monthOf(data, origin + f.h);
    data.areas.forEach((area, i) => {
      if (wanted && !wanted.has(i)) return;
      const parts = areaParts(f, i);
      const pmf = mixturePmf(parts);
      const [p05, p25, p50, p75, p95] = quantilesFromPmf(pmf, QUANTILES);
      const mean = parts.reduce((s, c) => s + c.weight * c.mean, 0);
      forecasts.push({ area, t, mean, p05, p25, p50, p75, p95 });
    });
  }
  const asOf = monthOf(data, origin);
  const fresh = freshness(asOf, options.today);
  const stale = staleWarning(
    fresh,
    `${data.series.title} (${data.series.id}, release ${data.series.vintage})`,
  );
  return {
    series: data.series.id,
    title: data.series.title,
    vintage: data.series.vintage,
    level: data.series.level,
    asOf,
    freshness: fresh,
    model,
    method: methodText(model, run.fits),
    horizon,
    forecasts,
    fits: run.fits,
    warnings: [...(stale ? [stale] : []), ...warningsFor(data)],
  };
}

/** Indices of the requested areas; every unknown code is named in one error. */
function selectAreas(data: ForecastData, codes: readonly string[] | undefined): Set<number> | undefined {
  if (!codes) return undefined;
  const index = new Map(data.areas.map((a, i) => [a, i]));
  const skipped = new Map(data.skipped.map((s) => [s.area, s.reason]));
  const problems = codes
    .filter((c) => !index.has(c))
    .map((c) =>
      skipped.has(c)
        ? `${c} is not forecast (${skipped.get(c)})`
        : `${c} is not an area of ${data.series.id} (${data.series.level} codes, e.g. ${data.areas[0]})`,
    );
  if (problems.length > 0) throw new QueryError(`unknown area code: ${problems.join('; ')}`);
  return new Set(codes.map((c) => index.get(c)!));
}

function warningsFor(data: ForecastData): string[] {
  const out: string[] = [];
  if (data.incomplete.length > 0) {
    out.push(`the data used includes months the release flags as incomplete: ${data.incomplete.join(', ')}`);
  }
  if (data.skipped.length > 0) {
    out.push(
      `${data.skipped.length} areas not forecast (no population): ${data.skipped
        .slice(0, 10)
        .map((s) => s.area)
        .join(', ')}${data.skipped.length > 10 ? ', …' : ''}`,
    );
  }
  return out;
}
