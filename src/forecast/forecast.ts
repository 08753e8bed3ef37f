import { QueryError } from '../data/errors.js';
import type { Panel } from '../data/panel/panel.js';
import type { AreaForecast } from './answers.js';
import { type ForecastData, monthOf, prepareData } from './data.js';
import { featureBase } from './features.js';
import {
  type HorizonFit,
  type HorizonForecast,
  MAX_HORIZON,
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
  vintage: string;
  level: string;
  asOf: string;
  model: ModelId;
  horizon: number;
  forecasts: AreaForecast[];
  fits: HorizonFit[];
  warnings: string[];
}

export interface ForecastOptions extends ModelOptions {
  series: string;
  asOf?: string;
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

export function forecast(panel: Panel, options: ForecastOptions): ForecastResult {
  const data = prepareData(panel, { series: options.series, asOf: options.asOf, vintage: options.vintage });
  return forecastFrom(data, options);
}

export function forecastFrom(
  data: ForecastData,
  options: Omit<ForecastOptions, 'series' | 'asOf'>,
): ForecastResult {
  const horizon = options.horizon ?? MAX_HORIZON;
  checkHorizon(horizon);
  const model = options.model ?? 'negbin';
  const horizons = Array.from({ length: horizon }, (_, k) => k + 1);
  const wanted = selectAreas(data, options.areas);
  const run = runModel(model, featureBase(data), horizons, options);
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
  return {
    series: data.series.id,
    vintage: data.series.vintage,
    level: data.series.level,
    asOf: monthOf(data, origin),
    model,
    horizon,
    forecasts,
    fits: run.fits,
    warnings: warningsFor(data),
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
