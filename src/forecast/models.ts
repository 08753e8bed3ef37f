import { QueryError } from '../data/errors.js';
import {
  applyDonor,
  type BorrowedScale,
  type DonorFit,
  isShort,
  LONG_MONTHS,
  SHORT_FIRST_ORIGIN,
} from './borrowed.js';
import { type ForecastData, monthOf } from './data.js';
import {
  FEATURE_NAMES,
  type FeatureBase,
  FIRST_ORIGIN,
  P,
  STRATA,
  stratumOf,
  trainingDesign,
  writeFeatures,
} from './features.js';
import { fitNegBin, fitStrataAlphas } from './negbin.js';

/**
 * Forecasting models. Every model gives, for each horizon h, a negative binomial predictive distribution
 * per area (mean and dispersion), made at the last month of the data (the origin) from that data only.
 *
 * - `persistence`: next months = last month;
 * - `mean12`: the mean of the last 12 months;
 * - `seasonal`: the same month a year earlier (seasonal naive);
 * - `negbin`: negative binomial regression on the area's lags, its neighbours' recent violence (spatial
 *   lag), population and seasonality (features.ts), one direct model per horizon;
 * - `negbin-local`: the same without the neighbours' violence, to measure what contagion adds;
 * - `ensemble`: an equal mixture of `negbin` and `mean12` (a pooled distribution: wider where they
 *   disagree).
 *
 * Baselines are made distributions the same way as the regression, so that the comparison is fair: their
 * point forecast is the NB mean, and α is fitted by maximum likelihood on the same training months and in
 * the same dispersion strata (features.ts: by the area's recent level).
 * ASSUMPTION: a baseline mean of 0 is raised to 0.01 so that every outcome keeps a positive probability
 * (a point mass at 0 would score infinitely badly on the first event).
 */
export type ModelId =
  | 'persistence'
  | 'mean12'
  | 'seasonal'
  | 'negbin'
  | 'negbin-local'
  | 'ensemble'
  | 'borrowed'
  | 'borrowed-ensemble';
export const MODEL_IDS: readonly ModelId[] = [
  'persistence',
  'mean12',
  'seasonal',
  'negbin',
  'negbin-local',
  'ensemble',
  'borrowed',
  'borrowed-ensemble',
];
export const BASELINES: readonly ModelId[] = ['persistence', 'mean12', 'seasonal'];

export const MODEL_INFO: Record<ModelId, string> = {
  persistence: 'last month carried forward (negative binomial around it)',
  mean12: 'mean of the last 12 months (negative binomial around it)',
  seasonal: 'same month a year earlier (negative binomial around it)',
  negbin: "negative binomial regression: own lags, neighbours' violence, population, seasonality",
  'negbin-local': 'the same regression without the neighbours (no contagion term)',
  ensemble: 'equal mixture of negbin and mean12',
  borrowed:
    'for short series: the regression fitted on a long series of the level (the donor), scaled per state (borrowed.ts)',
  'borrowed-ensemble': 'equal mixture of borrowed and mean12',
};

/** Models that need a donor fit (`ModelOptions.donorFit`). */
export const BORROWING: readonly ModelId[] = ['borrowed', 'borrowed-ensemble'];

/**
 * The model used when none is named: the ensemble on a series long enough for its own regression, the
 * borrowed ensemble on a shorter one.
 */
export function defaultModel(data: ForecastData): ModelId {
  return isShort(data) ? 'borrowed-ensemble' : 'ensemble';
}

/** One mixture component: NB(mean[i], alpha[i]) for area i. */
export interface Component {
  mean: Float64Array;
  alpha: Float64Array;
  weight: number;
}

export interface HorizonForecast {
  h: number;
  /** A mixture of NB distributions (one component for every model but the ensemble). */
  components: Component[];
}

export interface HorizonFit {
  h: number;
  model: ModelId;
  /** Training rows (areas × origins). */
  n: number;
  /** First and last training origins (YYYY-MM): each row predicts h months after its origin. */
  origins: [string, string];
  /** Dispersion by stratum of recent level (features.ts STRATUM_EDGES). */
  alphas: number[];
  logLik?: number;
  coefficients?: Record<string, number>;
  converged?: boolean;
  /** Borrowed models: the donor's fit at this horizon and the scale applied to the short series. */
  donor?: { series: string; vintage: string; origins: [string, string]; n: number; logLik: number };
  scale?: BorrowedScale;
}

export interface ModelRun {
  model: ModelId;
  horizons: HorizonForecast[];
  fits: HorizonFit[];
}

export interface ModelOptions {
  /** Origins in each training window (default 60: five years of months). */
  window?: number;
  /** The donor regression of the borrowed models (borrowed.ts; plain numbers, so it travels to workers). */
  donorFit?: DonorFit;
}

/** Columns of the spatial lag in the design (features.ts). */
const SPATIAL_COLUMNS = ['log_neighbours_mean3', 'log_neighbours_mean12'];

export const MAX_HORIZON = 12;
const MEAN_FLOOR = 0.01;

export function runModel(
  model: ModelId,
  base: FeatureBase,
  horizons: readonly number[],
  options: ModelOptions = {},
): ModelRun {
  for (const h of horizons) {
    if (!Number.isInteger(h) || h < 1 || h > MAX_HORIZON) {
      throw new QueryError(`horizon ${h} is out of range: horizons are 1 to ${MAX_HORIZON} months`);
    }
  }
  if (model === 'ensemble') return ensemble(base, horizons, options);
  if (model === 'borrowed-ensemble')
    return ensembleOf(
      runModel('borrowed', base, horizons, options),
      runModel('mean12', base, horizons, options),
      model,
    );
  if (model === 'borrowed') return borrowed(base, horizons, options);
  if ((model === 'negbin' || model === 'negbin-local') && isShort(base.data)) {
    throw new QueryError(
      `${base.data.series.id} has ${base.data.months} months up to ${monthOf(base.data, base.data.months - 1)}: its own regression needs ${LONG_MONTHS}; use --model borrowed or borrowed-ensemble (a regression fitted on a long series of the level)`,
    );
  }
  const out: ModelRun = { model, horizons: [], fits: [] };
  let previous: HorizonFit | undefined;
  for (const h of horizons) {
    const fit =
      model === 'negbin' || model === 'negbin-local'
        ? fitRegression(
            base,
            h,
            ...trainingOrigins(base.data, h, options.window ?? 60),
            // Without adjacency (state-level data) the neighbour columns would be constant.
            model === 'negbin' && base.data.nbIdx.length > 0,
            previous,
          )
        : fitBaseline(model, base, h, ...baselineOrigins(base.data, h, options.window ?? 60), previous);
    out.horizons.push({
      h,
      components: [{ mean: fit.mean, alpha: areaAlphas(base, fit.fit.alphas), weight: 1 }],
    });
    out.fits.push(fit.fit);
    previous = fit.fit;
  }
  return out;
}

/** Training origins for horizon h: the last `window` whose target is observed, with full histories. */
export function trainingOrigins(data: ForecastData, h: number, window: number): [number, number] {
  const last = data.months - 1 - h;
  const first = Math.max(FIRST_ORIGIN, last - window + 1);
  if (last - first + 1 < 12) {
    throw new QueryError(
      `not enough history to train a ${h}-month forecast: ${last - first + 1} origins (need 12; the model uses 36 months of lags)`,
    );
  }
  return [first, last];
}

/**
 * Training origins of a baseline's dispersion. A long series uses the regression's; a short one every origin
 * from month 11 (its 12-month mean exists) whose target is observed — possibly none for long horizons, when
 * the previous horizon's dispersions are kept.
 */
function baselineOrigins(data: ForecastData, h: number, window: number): [number, number] {
  if (!isShort(data)) return trainingOrigins(data, h, window);
  if (data.months < SHORT_FIRST_ORIGIN + 2) {
    throw new QueryError(
      `${data.series.id} has ${data.months} months up to ${monthOf(data, data.months - 1)}: a forecast needs ${SHORT_FIRST_ORIGIN + 2}`,
    );
  }
  const last = data.months - 1 - h;
  return [Math.max(SHORT_FIRST_ORIGIN, last - window + 1), last];
}

/** The borrowed model (borrowed.ts): the donor's regression on this series, scaled per state. */
function borrowed(base: FeatureBase, horizons: readonly number[], options: ModelOptions): ModelRun {
  const donor = options.donorFit;
  if (!donor) throw new Error('the borrowed model needs a donor fit (ModelOptions.donorFit)');
  const out: ModelRun = { model: 'borrowed', horizons: [], fits: [] };
  for (const f of applyDonor(base, donor, horizons)) {
    const d = donor.horizons.find((x) => x.h === f.h)!;
    out.horizons.push({ h: f.h, components: [{ mean: f.mean, alpha: f.alpha, weight: 1 }] });
    out.fits.push({
      h: f.h,
      model: 'borrowed',
      n: f.scale.n,
      origins: f.scale.origins ?? d.origins,
      alphas: f.alphas,
      coefficients: Object.fromEntries(donor.features.map((name, j) => [name, d.beta[j]])),
      donor: { series: donor.series, vintage: donor.vintage, origins: d.origins, n: d.n, logLik: d.logLik },
      scale: f.scale,
    });
  }
  return out;
}

/** Each area's dispersion at the origin, from its stratum. */
function areaAlphas(base: FeatureBase, alphas: number[]): Float64Array {
  const origin = base.data.months - 1;
  return Float64Array.from(base.data.areas, (_, i) => alphas[stratumOf(base, i, origin)]);
}

function originFeatures(base: FeatureBase, h: number): Float64Array {
  const n = base.data.areas.length;
  const X = new Float64Array(n * P);
  for (let i = 0; i < n; i++) writeFeatures(base, i, base.data.months - 1, h, X, i * P);
  return X;
}

function fitRegression(
  base: FeatureBase,
  h: number,
  first: number,
  last: number,
  spatial: boolean,
  warm?: HorizonFit,
): { mean: Float64Array; fit: HorizonFit } {
  const names = FEATURE_NAMES.filter((f) => spatial || !SPATIAL_COLUMNS.includes(f));
  const keep = names.map((f) => FEATURE_NAMES.indexOf(f));
  const q = keep.length;
  const design = trainingDesign(base, h, first, last);
  const X = selectColumns(design.X, P, keep);
  // Neighbouring horizons have similar coefficients: start from the previous one.
  const start = warm?.coefficients ? names.map((k) => warm.coefficients![k]) : undefined;
  const nb = fitNegBin(X, design.y, q, {
    beta: start,
    alphas: warm?.alphas,
    strata: { index: design.strata, count: STRATA },
  });
  const Xo = selectColumns(originFeatures(base, h), P, keep);
  const n = base.data.areas.length;
  const mean = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let eta = 0;
    for (let j = 0; j < q; j++) eta += Xo[i * q + j] * nb.beta[j];
    mean[i] = Math.exp(Math.min(eta, 30));
  }
  const y = design.y;
  return {
    mean,
    fit: {
      h,
      model: spatial ? 'negbin' : 'negbin-local',
      n: y.length,
      origins: [monthOf(base.data, first), monthOf(base.data, last)],
      alphas: Array.from(nb.alphas),
      logLik: nb.logLik,
      converged: nb.converged,
      coefficients: Object.fromEntries(names.map((name, j) => [name, nb.beta[j]])),
    },
  };
}

/** The given columns of a row-major matrix with p columns. */
function selectColumns(X: Float64Array, p: number, keep: readonly number[]): Float64Array {
  if (keep.length === p) return X;
  const rows = X.length / p;
  const out = new Float64Array(rows * keep.length);
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < keep.length; j++) out[i * keep.length + j] = X[i * p + keep[j]];
  return out;
}

/** A baseline's point forecast for area i made at origin t for t + h. */
function baselinePoint(model: ModelId, base: FeatureBase, i: number, t: number, h: number): number {
  const { y, months: T } = base.data;
  const T1 = T + 1;
  switch (model) {
    case 'persistence':
      return y[i * T + t];
    case 'mean12':
      return (base.cum[i * T1 + t + 1] - base.cum[i * T1 + t - 11]) / 12;
    case 'seasonal':
      return y[i * T + t + h - 12];
    default:
      throw new Error(`not a baseline: ${model}`);
  }
}

function fitBaseline(
  model: ModelId,
  base: FeatureBase,
  h: number,
  first: number,
  last: number,
  warm?: HorizonFit,
): { mean: Float64Array; fit: HorizonFit } {
  const { y, months: T, areas } = base.data;
  const n = areas.length;
  const rows = n * Math.max(0, last - first + 1);
  if (rows === 0 && !warm) {
    throw new QueryError(
      `${base.data.series.id}: no observed target to fit a ${h}-month forecast's dispersion`,
    );
  }
  const target = new Float64Array(rows);
  const eta = new Float64Array(rows);
  const index = new Uint8Array(rows);
  let r = 0;
  for (let t = first; t <= last; t++) {
    for (let i = 0; i < n; i++, r++) {
      target[r] = y[i * T + t + h];
      eta[r] = Math.log(Math.max(baselinePoint(model, base, i, t, h), MEAN_FLOOR));
      index[r] = stratumOf(base, i, t);
    }
  }
  // The previous horizon's dispersions are close: a warm start saves most Newton steps.
  const alphas = warm ? Float64Array.from(warm.alphas) : new Float64Array(STRATA).fill(0.5);
  if (rows > 0) fitStrataAlphas(target, eta, { index, count: STRATA }, alphas);
  const mean = new Float64Array(n);
  for (let i = 0; i < n; i++) mean[i] = Math.max(baselinePoint(model, base, i, T - 1, h), MEAN_FLOOR);
  const fit: HorizonFit = {
    h,
    model,
    n: rows,
    // No training row (a short series, a long horizon): the previous horizon's dispersions, and origins.
    origins: rows > 0 ? [monthOf(base.data, first), monthOf(base.data, last)] : warm!.origins,
    alphas: Array.from(alphas),
  };
  return { mean, fit };
}

function ensemble(base: FeatureBase, horizons: readonly number[], options: ModelOptions): ModelRun {
  return ensembleOf(runModel('negbin', base, horizons, options), runModel('mean12', base, horizons, options));
}

/** The equal mixture of two runs over the same horizons. */
export function ensembleOf(a: ModelRun, b: ModelRun, model: ModelId = 'ensemble'): ModelRun {
  return {
    model,
    horizons: a.horizons.map((f, k) => ({
      h: f.h,
      components: [...f.components, ...b.horizons[k].components].map((c) => ({ ...c, weight: c.weight / 2 })),
    })),
    fits: [...a.fits, ...b.fits],
  };
}
