import { QueryError } from '../data/errors.js';
import { areaName } from '../data/export.js';
import { monthLabel, parseMonthLabel } from '../data/panel/months.js';
import type { Panel } from '../data/panel/panel.js';
import type { Level, Series } from '../data/panel/series.js';
import {
  type Freshness,
  freshness,
  homicideSeries,
  isHomicideSeries,
  lastCompleteMonth,
  presentSeries,
  staleWarning,
} from '../data/present.js';
import { normalQuantile } from '../explore/sensitivity.js';
import { prepareData } from './data.js';
import { featureBase } from './features.js';
import { areaParts, methodText, resolveModel } from './forecast.js';
import { fitLocalTrend } from './local-trend.js';
import { type ModelId, runModel } from './models.js';
import { mixturePmf, quantilesFromPmf, upperTail } from './nb-dist.js';

/**
 * `atalaya trends`: for every area of a level, whether its monthly count is rising, falling or flat at the
 * newest month, with an interval, and whether the newest month itself fell outside what was forecast for
 * it (docs/TRENDS.md).
 *
 * **Trend.** Each area's counts over the window are put on a log scale, z = log(y + 1), with the months of
 * the year's common seasonality taken out, and fitted by a local linear trend model (local-trend.ts:
 * level and slope are random walks, variances by maximum likelihood, diffuse start). The trend is the
 * filtered slope at the newest month — the change of the log level per month — reported as the change per
 * year, exp(12β) − 1, with the 90% interval exp(12(β ± 1.645·sd)) − 1. The flag is `rising` when the whole
 * interval is above 0, `falling` when below, `flat` otherwise; areas averaging fewer than `minMean` events
 * a month over the window are `too-few-events` and get no trend.
 *
 * **Seasonality.** With at least three years of data up to the newest month, month-of-year effects are
 * estimated on the log of the level's total (all areas summed) by the ratio to a centred 2×12 moving
 * average, averaged by calendar month and centred (the first step of classical decomposition). They are
 * subtracted from every area's log counts. A shorter homicide series borrows the effects of the homicide
 * series of the panel that reaches closest to its newest month with three years of data (cut there: no
 * look-ahead); any other short series is used as it is, and a warning says so.
 *
 * **Anomalies.** The newest month is compared with the forecast made for it from the month before
 * (horizon 1; the forecast module's model, `model` or its default), through the whole predictive
 * distribution: `above` when the observed count is beyond its 97.5% quantile, `below` when under the 2.5%
 * quantile (the 95% interval). When no forecast can be made (a series too short and nothing to borrow
 * from) the trends are still given and `anomalies.reason` says why.
 */

export type TrendFlag = 'rising' | 'falling' | 'flat' | 'too-few-events';
export type AnomalyFlag = 'above' | 'below' | 'within';
export const TREND_FLAGS: readonly TrendFlag[] = ['rising', 'falling', 'flat', 'too-few-events'];

/** Default months of the trend fit (ASSUMPTION: three years; see docs/TRENDS.md). */
export const DEFAULT_WINDOW = 36;
/** Fewest months a trend is fitted on. */
export const MIN_WINDOW = 12;
/** Longest window accepted. */
export const MAX_WINDOW = 240;
/** Months of data up to the newest month needed to estimate month-of-year effects. */
export const SEASONAL_MONTHS = 36;
/** At most this many months (the newest) go into the month-of-year effects. */
const SEASONAL_SPAN = 120;
/** ASSUMPTION: below two events a month on average the log-scale trend is too coarse (docs/TRENDS.md). */
export const DEFAULT_MIN_MEAN = 2;
export const DEFAULT_CONFIDENCE = 0.9;
/** The anomaly interval: the forecast's central 95%. */
export const ANOMALY_INTERVAL = 0.95;

export interface TrendsOptions {
  /** Default: the homicide series with the newest complete month at `level` (data/present.ts). */
  series?: string;
  /** Default municipality. */
  level?: 'municipality' | 'state';
  vintage?: string;
  /** The newest month used (YYYY-MM; default the series' newest month: provisional months are named in a warning). */
  asOf?: string;
  /** Months of the trend fit, ending at `asOf` (default 36, fewer when the series is shorter). */
  window?: number;
  /** Central probability of the trend interval (default 0.9). */
  confidence?: number;
  /** Areas averaging fewer events a month over the window get no trend (default 2). */
  minMean?: number;
  /** Forecast model of the anomaly check (default: the forecast module's default for the series). */
  model?: ModelId;
  /** Skip the anomaly check (no forecast fitted). */
  anomalies?: boolean;
  /** The date staleness is measured from (default: the clock, or ATALAYA_TODAY). */
  today?: Date | string;
}

export interface AreaTrend {
  area: string;
  name: string;
  /** The state's name (for a state, its own). */
  state: string;
  flag: TrendFlag;
  /** Events over the window, and their mean a month. */
  total: number;
  meanPerMonth: number;
  /** The count of the newest month (null when not reported). */
  last: number | null;
  /** The trend at the newest month; null for `too-few-events`. */
  trend: {
    /** Change per year of the level (0.25 = +25% a year) and its interval. */
    perYear: number;
    low: number;
    high: number;
    /** Slope of log(y + 1) per month and its standard deviation. */
    slope: number;
    se: number;
    /** The smoothed, deseasonalised level at the newest month, in events a month. */
    level: number;
  } | null;
  /** The newest month against the forecast made for it; null when none could be made for this area. */
  anomaly: {
    flag: AnomalyFlag;
    observed: number;
    /** Forecast mean and 95% interval (2.5% and 97.5% quantiles). */
    expected: number;
    low: number;
    high: number;
    /** P(Y ≥ observed) when above, P(Y ≤ observed) when below, the smaller of the two when within. */
    tail: number;
  } | null;
}

export interface SeasonalityInfo {
  /** `own`: the series' total; `borrowed`: another homicide series; `none`: not removed. */
  source: 'own' | 'borrowed' | 'none';
  series?: string;
  vintage?: string;
  from?: string;
  to?: string;
  /** Month-of-year effects on the log scale, January first (null when none). */
  effects: number[] | null;
}

export interface TrendsResult {
  series: string;
  title: string;
  vintage: string;
  level: Level;
  /** The newest month used (the data month). */
  asOf: string;
  freshness: Freshness;
  window: { from: string; to: string; months: number };
  confidence: number;
  minMean: number;
  method: string;
  seasonality: SeasonalityInfo;
  counts: Record<'rising' | 'falling' | 'flat' | 'tooFewEvents' | 'above' | 'below', number>;
  anomalies: {
    /** The month checked (= asOf) and the forecast origin (the month before). */
    month: string;
    origin: string;
    available: boolean;
    model: ModelId | null;
    /** The forecast model in a sentence (for a borrowed model: what it borrowed). */
    method?: string;
    interval: number;
    /** Why no anomaly could be computed, when none could. */
    reason?: string;
    /** Areas without a forecast (no population). */
    notForecast: number;
    /**
     * How many areas would be flagged if every forecast were right: the sum over areas of the probability
     * outside the interval (below 5% of the areas for counts, whose quiet areas cannot fall below 0).
     */
    expectedByChance: number;
  };
  /** Every area, in the series' order. */
  areas: AreaTrend[];
  warnings: string[];
  /** Seconds spent on the trend fits and on the forecast. */
  timing: { trends: number; anomalies: number };
}

export const TREND_METHOD =
  'local linear trend (Harvey 1989) on log(y + 1) minus month-of-year effects, variances by maximum likelihood (diffuse Kalman filter); the filtered slope at the newest month';

/** What a trend fit sees: the series cut to the window, on the model's scale (see `trends`). */
export interface TrendInput {
  series: Series;
  level: 'municipality' | 'state';
  /** Month indices of the window's first and last (newest) month. */
  from: number;
  end: number;
  window: number;
  seasonality: Omit<SeasonalityInfo, 'effects'> & { effects: Float64Array | null };
  /** log(y + 1) minus the month effects, area-major: z[a * window + t] (NaN where not reported). */
  z: Float64Array;
  warnings: string[];
}

/** Resolve the series, month and window, and build the fit's input (shared by `trends` and the tests). */
export function trendInput(panel: Panel, options: TrendsOptions = {}): TrendInput {
  const level = options.level ?? 'municipality';
  if (level !== 'municipality' && level !== 'state') {
    throw new QueryError(`level "${level}" is not supported: trends are by municipality or state`);
  }
  const id = options.series ?? presentSeries(panel, { level, minMonths: MIN_WINDOW }).series;
  if (panel.all(id).length === 0) {
    const usable = [...new Set(panel.series.filter((x) => x.meta.level === level).map((x) => x.meta.id))];
    throw new QueryError(
      `unknown series "${id}"; ${level} series imported: ${usable.sort().join(', ') || 'none (run `atalaya data import`)'}`,
    );
  }
  const s = panel.get(id, { level, vintage: options.vintage });
  const first = s.start;
  const lastMonth = s.start + s.months - 1;
  const range = `${monthLabel(first)}..${monthLabel(lastMonth)}`;
  let end: number;
  if (options.asOf) {
    try {
      end = parseMonthLabel(options.asOf);
    } catch {
      throw new QueryError(
        `--as-of "${options.asOf}" is not a month (expected YYYY-MM; ${id} covers ${range})`,
      );
    }
    if (end < first || end > lastMonth) {
      throw new QueryError(`${id} (${s.meta.vintage}) has no data for ${options.asOf}: it covers ${range}`);
    }
  } else end = lastCompleteMonth(s);
  const requested = options.window ?? DEFAULT_WINDOW;
  if (!Number.isInteger(requested) || requested < MIN_WINDOW || requested > MAX_WINDOW) {
    throw new QueryError(
      `window ${requested} is out of range: whole months from ${MIN_WINDOW} to ${MAX_WINDOW}`,
    );
  }
  const available = end - first + 1;
  const window = Math.min(requested, available);
  if (window < MIN_WINDOW) {
    throw new QueryError(
      `a trend at ${monthLabel(end)} needs ${MIN_WINDOW} months of ${id}; it has ${available} (it covers ${range})`,
    );
  }
  const from = end - window + 1;
  const warnings: string[] = [];
  const flagged = (s.meta.incompleteMonths ?? []).filter((m) => {
    const k = parseMonthLabel(m);
    return k >= from && k <= end;
  });
  if (flagged.length > 0) {
    warnings.push(
      `the window includes months the release flags as provisional (${flagged.join(', ')}): later releases usually raise them, so a fall at the end may partly be late reporting`,
    );
  }
  const seasonality = seasonalEffects(panel, s, end);
  if (seasonality.source === 'none') {
    warnings.push(
      `seasonality not removed: ${id} has fewer than ${SEASONAL_MONTHS} months up to ${monthLabel(end)} and no homicide series to borrow month effects from; a trend at a seasonal peak or trough may partly be season`,
    );
  }
  const effects = seasonality.effects;
  const z = new Float64Array(s.areas.length * window);
  const offset = from - s.start;
  for (let a = 0; a < s.areas.length; a++) {
    for (let t = 0; t < window; t++) {
      const v = s.values[a * s.months + offset + t];
      z[a * window + t] = Number.isFinite(v)
        ? Math.log1p(v) - (effects ? effects[(from + t) % 12] : 0)
        : Number.NaN;
    }
  }
  return { series: s, level, from, end, window, seasonality, z, warnings };
}

export function trends(panel: Panel, options: TrendsOptions = {}): TrendsResult {
  const confidence = options.confidence ?? DEFAULT_CONFIDENCE;
  if (!(confidence > 0.5 && confidence < 1)) {
    throw new QueryError(`confidence ${confidence} is out of range: give a probability between 0.5 and 1`);
  }
  const minMean = options.minMean ?? DEFAULT_MIN_MEAN;
  if (!(minMean >= 0)) throw new QueryError(`minMean ${minMean} must be a number ≥ 0`);
  const t0 = performance.now();
  const input = trendInput(panel, options);
  const { series: s, level, from, end, window, seasonality } = input;
  const id = s.meta.id;
  const first = s.start;
  const asOf = monthLabel(end);
  const fresh = freshness(asOf, options.today);
  const stale = staleWarning(fresh, `${s.meta.title} (${id}, release ${s.meta.vintage})`);
  const warnings = [...(stale ? [stale] : []), ...input.warnings];
  const areas = trendRows(panel, input, confidence, minMean);
  const t1 = performance.now();

  const origin = monthLabel(end - 1);
  const anomalies: TrendsResult['anomalies'] = {
    month: asOf,
    origin,
    available: false,
    model: null,
    interval: ANOMALY_INTERVAL,
    notForecast: 0,
    expectedByChance: 0,
  };
  if (options.anomalies === false) anomalies.reason = 'not requested';
  else if (end - 1 < first) anomalies.reason = `no month before ${asOf} to forecast from`;
  else {
    try {
      const f = newestMonthForecast(panel, {
        series: id,
        level,
        vintage: s.meta.vintage,
        origin,
        model: options.model,
      });
      anomalies.available = true;
      anomalies.model = f.model;
      anomalies.method = f.method;
      let missing = 0;
      let chance = 0;
      s.areas.forEach((area, a) => {
        const row = areas[a];
        const k = f.index.get(area);
        if (k === undefined) {
          missing++;
          return;
        }
        const observed = s.values[a * s.months + (end - s.start)];
        if (!Number.isFinite(observed)) return;
        row.anomaly = anomalyOf(f.pmfs[k], observed);
        chance += outside(f.pmfs[k], row.anomaly.low, row.anomaly.high);
      });
      anomalies.notForecast = missing;
      anomalies.expectedByChance = chance;
      if (missing > 0) {
        warnings.push(
          `${missing} areas have no forecast (no population: unknown or new municipalities): no anomaly flag`,
        );
      }
    } catch (err) {
      if (!(err instanceof QueryError)) throw err;
      anomalies.reason = `no forecast for ${asOf} from ${origin}: ${err.message}`;
      warnings.push(`anomalies not computed: ${anomalies.reason}`);
    }
  }
  const t2 = performance.now();

  const counts = { rising: 0, falling: 0, flat: 0, tooFewEvents: 0, above: 0, below: 0 };
  for (const r of areas) {
    if (r.flag === 'too-few-events') counts.tooFewEvents++;
    else counts[r.flag]++;
    if (r.anomaly?.flag === 'above') counts.above++;
    if (r.anomaly?.flag === 'below') counts.below++;
  }
  return {
    series: id,
    title: s.meta.title,
    vintage: s.meta.vintage,
    level,
    asOf,
    freshness: fresh,
    window: { from: monthLabel(from), to: asOf, months: window },
    confidence,
    minMean,
    method: TREND_METHOD,
    seasonality: { ...seasonality, effects: seasonality.effects ? [...seasonality.effects] : null },
    counts,
    anomalies,
    areas,
    warnings,
    timing: { trends: (t1 - t0) / 1000, anomalies: (t2 - t1) / 1000 },
  };
}

/** Fit every area's trend on the window (counts for the totals, z for the fit). */
function trendRows(panel: Panel, input: TrendInput, confidence: number, minMean: number): AreaTrend[] {
  const { series: s, from, window, z } = input;
  const q = normalQuantile(0.5 + confidence / 2);
  const offset = from - s.start;
  return s.areas.map((area, a) => {
    let total = 0;
    let reported = 0;
    for (let t = 0; t < window; t++) {
      const v = s.values[a * s.months + offset + t];
      if (Number.isFinite(v)) {
        total += v;
        reported++;
      }
    }
    const lastValue = s.values[a * s.months + offset + window - 1];
    const meanPerMonth = reported > 0 ? total / reported : 0;
    const row: AreaTrend = {
      area,
      name: areaName(area, panel.areas),
      state: areaName(area.slice(0, 2), panel.areas),
      flag: 'too-few-events',
      total,
      meanPerMonth,
      last: Number.isFinite(lastValue) ? lastValue : null,
      trend: null,
      anomaly: null,
    };
    if (meanPerMonth < minMean || meanPerMonth === 0) return row;
    const fit = fitLocalTrend(z, a * window, window);
    if (!fit) return row;
    const se = Math.sqrt(Math.max(fit.slopeVar, 0));
    const lo = fit.slope - q * se;
    const hi = fit.slope + q * se;
    row.flag = lo > 0 ? 'rising' : hi < 0 ? 'falling' : 'flat';
    row.trend = {
      perYear: Math.expm1(12 * fit.slope),
      low: Math.expm1(12 * lo),
      high: Math.expm1(12 * hi),
      slope: fit.slope,
      se,
      level: Math.max(Math.expm1(fit.level), 0),
    };
    return row;
  });
}

/** The newest month against its forecast's predictive distribution. */
function anomalyOf(pmf: Float64Array, observed: number): NonNullable<AreaTrend['anomaly']> {
  const lowTail = (1 - ANOMALY_INTERVAL) / 2;
  const [low, high] = quantilesFromPmf(pmf, [lowTail, 1 - lowTail]);
  let expected = 0;
  for (let k = 0; k < pmf.length; k++) expected += k * pmf[k];
  const flag: AnomalyFlag = observed > high ? 'above' : observed < low ? 'below' : 'within';
  // P(Y ≥ observed) and P(Y ≤ observed); `tail` is the one on the observed side (the smaller when within).
  const upper = upperTail(pmf, observed);
  const lower = Math.min(1 - upperTail(pmf, observed + 1), 1);
  const tail = flag === 'above' ? upper : flag === 'below' ? lower : Math.min(upper, lower);
  return { flag, observed, expected, low, high, tail };
}

/** P(Y < low) + P(Y > high). */
function outside(pmf: Float64Array, low: number, high: number): number {
  let inside = 0;
  for (let k = low; k <= high && k < pmf.length; k++) inside += pmf[k];
  return Math.max(0, 1 - inside);
}

/**
 * The forecast module's predictive distribution for the month after `origin` (horizon 1), per area: the
 * same data cut, model choice and model run as `atalaya forecast` (a short series borrows the regression of
 * a long one, forecast/borrowed.ts). Throws QueryError when no forecast can be made.
 */
export function newestMonthForecast(
  panel: Panel,
  options: { series: string; level: Level; vintage?: string; origin: string; model?: ModelId },
): { model: ModelId; method: string; index: Map<string, number>; pmfs: Float64Array[] } {
  const data = prepareData(panel, {
    series: options.series,
    level: options.level,
    asOf: options.origin,
    vintage: options.vintage,
  });
  const { model, donorFit } = resolveModel(panel, data, { model: options.model }, [1]);
  const run = runModel(model, featureBase(data), [1], { donorFit });
  const f = run.horizons[0];
  const pmfs = data.areas.map((_, i) => mixturePmf(areaParts(f, i)));
  return {
    model,
    method: methodText(model, run.fits),
    index: new Map(data.areas.map((a, i) => [a, i])),
    pmfs,
  };
}

/**
 * Month-of-year effects for a series cut at month `end`: its own when it has SEASONAL_MONTHS up to
 * `end`, else (homicide series only) those of another homicide series of the panel, else none.
 */
export function seasonalEffects(
  panel: Panel,
  s: Series,
  end: number,
): Omit<SeasonalityInfo, 'effects'> & { effects: Float64Array | null } {
  if (end - s.start + 1 >= SEASONAL_MONTHS) {
    const from = Math.max(s.start, end - SEASONAL_SPAN + 1);
    const effects = monthEffects(totals(s, from, end), from);
    if (effects) return { source: 'own', from: monthLabel(from), to: monthLabel(end), effects };
  }
  if (isHomicideSeries(s.meta.id)) {
    const donor = seasonalDonor(panel, s.meta.id, end);
    if (donor) {
      const from = Math.max(donor.series.start, donor.end - SEASONAL_SPAN + 1);
      const effects = monthEffects(totals(donor.series, from, donor.end), from);
      if (effects) {
        return {
          source: 'borrowed',
          series: donor.series.meta.id,
          vintage: donor.series.meta.vintage,
          from: monthLabel(from),
          to: monthLabel(donor.end),
          effects,
        };
      }
    }
  }
  return { source: 'none', effects: null };
}

/** The homicide series (state or municipal, other than `target`) reaching closest to `end` with SEASONAL_MONTHS. */
function seasonalDonor(
  panel: Panel,
  target: string,
  end: number,
): { series: Series; end: number } | undefined {
  const found: { id: string; level: Level; vintage: string; end: number; months: number }[] = [];
  for (const level of ['state', 'municipality'] as const) {
    for (const c of homicideSeries(panel, level)) {
      if (c.series === target) continue;
      const first = parseMonthLabel(c.first);
      const cut = Math.min(parseMonthLabel(c.month), end);
      if (cut - first + 1 >= SEASONAL_MONTHS) {
        found.push({ id: c.series, level, vintage: c.vintage, end: cut, months: cut - first + 1 });
      }
    }
  }
  found.sort((a, b) => b.end - a.end || b.months - a.months || a.id.localeCompare(b.id));
  const best = found[0];
  if (!best) return undefined;
  return { series: panel.get(best.id, { level: best.level, vintage: best.vintage }), end: best.end };
}

/** The series summed over its areas, months from..end (NaN where no area reported). */
function totals(s: Series, from: number, end: number): Float64Array {
  const out = new Float64Array(end - from + 1).fill(Number.NaN);
  for (let a = 0; a < s.areas.length; a++) {
    for (let m = from; m <= end; m++) {
      const v = s.values[a * s.months + (m - s.start)];
      if (!Number.isFinite(v)) continue;
      const k = m - from;
      out[k] = Number.isNaN(out[k]) ? v : out[k] + v;
    }
  }
  return out;
}

/**
 * Month-of-year effects of a monthly total (month index of element 0: `start`): log(total) minus its
 * centred 2×12 moving average, averaged by calendar month (January = 0) and centred to sum 0. Null when
 * fewer than SEASONAL_MONTHS months or a calendar month with no usable value.
 */
export function monthEffects(total: Float64Array, start: number): Float64Array | null {
  const n = total.length;
  if (n < SEASONAL_MONTHS) return null;
  const x = Float64Array.from(total, (v) => (v > 0 ? Math.log(v) : Number.NaN));
  const sum = new Float64Array(12);
  const count = new Float64Array(12);
  for (let t = 6; t < n - 6; t++) {
    let ma = (x[t - 6] + x[t + 6]) / 2;
    for (let k = -5; k <= 5; k++) ma += x[t + k];
    ma /= 12;
    const d = x[t] - ma;
    if (!Number.isFinite(d)) continue;
    const month = (start + t) % 12;
    sum[month] += d;
    count[month]++;
  }
  if (count.some((c) => c === 0)) return null;
  const effects = Float64Array.from(sum, (v, j) => v / count[j]);
  const mean = effects.reduce((acc, v) => acc + v, 0) / 12;
  for (let j = 0; j < 12; j++) effects[j] -= mean;
  return effects;
}
