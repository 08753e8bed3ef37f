import type { GroupNetwork } from '../../data/cartel-network.js';
import type { ObservedMonthly } from '../../data/observed/homicides.js';
import { monthLabel, parseMonthLabel } from '../../data/panel/months.js';
import { buildWorld, type World } from '../model/world.js';
import type { Params } from '../params.js';
import type { Rng } from '../rng.js';
import { type Mechanisms, MechanismsSchema } from '../scenario/schema.js';
import { monthMajor } from './anchor.js';
import { fixParams, iteratedFilter, type ParameterizedModel, type ParameterSpec } from './if2.js';
import { logMeanExp } from './log-mean-exp.js';
import {
  type MonthlyObservations,
  NowcastModel,
  type NowcastModelOptions,
  type NowcastSettings,
} from './nowcast-model.js';
import { profileLikelihood } from './profile.js';
import { logLikelihoodReplicates } from './replicates.js';
import { NOWCAST_SETTINGS } from './settings.js';
import { childSeed } from './streams.js';

/**
 * What the data identify: the nowcast's measurement and driver settings (settings.ts) estimated by IF2
 * (if2.ts; Ionides et al. 2015, PNAS 112:719) and profiled (profile.ts; Ionides, Breto, Park, Smith & King
 * 2017, J R Soc Interface 14:20170126), with the Monte Carlo error of every log-likelihood (replicates.ts).
 *
 * Each parameter is estimated as one value shared by every particle. κ, h and the recruitment driver's
 * starting value are priors in the nowcast (each particle draws its own); here each becomes a point to
 * estimate, and the nowcast as it runs today (the priors integrated over, the sds in use) is the
 * comparison ("the settings in use").
 *
 * A parameter is "identified" when its 95% profile interval closes inside its range and covers at most
 * half of it (on the estimation scale); otherwise the range (the prior, or the search range around a
 * setting fixed today) decides it: "prior-driven".
 */

export const NOWCAST_PARAMETER_IDS = [
  'kappa',
  'nonCartelRate',
  'recruitStart',
  'observationSd',
  'levelSd',
  'commonSd',
  'transientSd',
  'recruitSd',
] as const;

export type NowcastParameterId = (typeof NOWCAST_PARAMETER_IDS)[number];

export interface NowcastParameter {
  id: NowcastParameterId;
  label: string;
  /**
   * 'log': estimated, walked, gridded and smoothed on log θ (a positive rate or sd: its steps are relative
   * changes, and its prior is log-uniform); 'linear': on θ.
   */
  scale: 'log' | 'linear';
  /** What IF2 searches and the profile spans (natural scale): the prior in use, or a search range. */
  range: readonly [number, number];
  /** Where the range comes from. */
  rangeSource: string;
  /** The value in use: a fixed setting, or the prior range each particle draws from. */
  current: number | readonly [number, number];
  /**
   * IF2 random-walk sd on the estimation scale, before cooling: per observed month, or for an initial value
   * (`initial`) per iteration (see `if2Specs`).
   */
  step: number;
  /** An initial value: it acts on the first month only (pomp's `ivp`). */
  initial?: boolean;
}

/**
 * A setting fixed today is searched over its value in use ×/÷ 4 (a 16-fold range): wide enough that a
 * likelihood peak inside it is the data's, not the range's, and the grid the settings were chosen on
 * (σ 0.08–0.12, q 0.01–0.04, docs/NOWCAST.md) lies well inside it.
 */
const SEARCH_FACTOR = 4;

/**
 * Random-walk sd per month on the log scale: 0.02, pomp's customary choice (King, Nguyen & Ionides 2016,
 * J Stat Softw 69(12), examples): over the 126 months one iteration walks about 0.02 · √126 ≈ 0.22, a
 * quarter of the narrowest log range here (κ's prior: log 8 = 2.1; the driver's start: log 2.5 = 0.92).
 */
const LOG_STEP = 0.02;

/** The parameters, their ranges and what the nowcast uses for them now (from `settings`). */
export function nowcastParameters(settings: NowcastSettings = NOWCAST_SETTINGS): NowcastParameter[] {
  const search = (v: number): readonly [number, number] => [v / SEARCH_FACTOR, v * SEARCH_FACTOR];
  const searched = `search range: the value in use ×/÷ ${SEARCH_FACTOR}`;
  return [
    {
      id: 'kappa',
      label: 'κ, homicides per conflict death',
      scale: 'log',
      range: settings.kappa,
      rangeSource: 'prior in use: the per-run homicide fit (MODEL.md §9)',
      current: settings.kappa,
      step: LOG_STEP,
    },
    {
      id: 'nonCartelRate',
      label: 'h, homicides per 100,000 not tied to the groups',
      scale: 'linear',
      range: settings.nonCartelRate,
      rangeSource: 'prior in use (MODEL.md §9)',
      current: settings.nonCartelRate,
      // 0.1 per 100,000: 2% of its middle value (6), the log parameters' relative step.
      step: 0.1,
    },
    {
      id: 'recruitStart',
      label: 'recruitment driver at the first month',
      scale: 'log',
      range: settings.recruitStart,
      rangeSource: 'prior in use (settings.ts)',
      current: settings.recruitStart,
      // Per iteration, as pomp's ivp(0.2) in its examples: about a fifth of the prior's log width.
      step: 0.2,
      initial: true,
    },
    sdParameter('observationSd', 'σ, scatter of a month beyond Poisson', settings.observationSd),
    sdParameter('levelSd', 'q, state level monthly log step', settings.levelSd),
    sdParameter('commonSd', 'q_c, national factor monthly log step', settings.commonSd),
    sdParameter('transientSd', 'σ_u, national monthly scatter that does not persist', settings.transientSd),
    sdParameter('recruitSd', 'recruitment driver monthly log step', settings.recruitSd),
  ];

  function sdParameter(id: NowcastParameterId, label: string, value: number): NowcastParameter {
    return {
      id,
      label,
      scale: 'log',
      range: search(value),
      rangeSource: searched,
      current: value,
      step: LOG_STEP,
    };
  }
}

/** θ on its estimation scale. */
export function toScale(p: Pick<NowcastParameter, 'scale'>, value: number): number {
  return p.scale === 'log' ? Math.log(value) : value;
}

/** θ from its estimation scale. */
export function fromScale(p: Pick<NowcastParameter, 'scale'>, value: number): number {
  return p.scale === 'log' ? Math.exp(value) : value;
}

/** The nowcast model's options (a filter's, not a replay's), and the parameters estimated. */
export interface NowcastParameterModelOptions extends Omit<NowcastModelOptions, 'roots' | 'simulation'> {
  /** The parameters `setParams` receives, in this order, each on its estimation scale. */
  estimate: readonly NowcastParameter[];
}

const SLOT_FIELDS = NOWCAST_PARAMETER_IDS.length;
const FIELD = Object.fromEntries(NOWCAST_PARAMETER_IDS.map((id, k) => [id, k])) as Record<
  NowcastParameterId,
  number
>;

/**
 * The nowcast model as a `ParameterizedModel`: every particle runs with its own value of each estimated
 * parameter. κ and h are per particle in the model already (its `kappa` and `h` arrays); the initial
 * recruitment driver is set on the first month; the five sds are global settings there, so this adapter
 * keeps them per slot and hands the model a settings object of its own, whose sds it sets to the slot's
 * values before each call (the model reads its settings at every `propagate` and `logLikelihood`; a test
 * checks that a slot's sds give what a model built with them gives). Parameters not estimated keep the
 * model's behaviour: κ, h and the driver's start drawn per particle from their priors, the sds in use.
 */
export class NowcastParameterModel implements ParameterizedModel {
  readonly model: NowcastModel;
  private readonly live: NowcastSettings;
  /** Natural-scale values per slot, [slot · SLOT_FIELDS + FIELD[id]]. */
  private readonly values: Float64Array;
  private readonly fields: Int32Array;
  private readonly on: Record<'kappa' | 'nonCartelRate' | 'recruitStart', boolean>;

  constructor(private readonly o: NowcastParameterModelOptions) {
    this.live = { ...o.settings };
    this.model = new NowcastModel({ ...o, settings: this.live });
    this.values = new Float64Array(o.particles * SLOT_FIELDS);
    for (let slot = 0; slot < o.particles; slot++) {
      const base = slot * SLOT_FIELDS;
      this.values[base + FIELD.observationSd] = o.settings.observationSd;
      this.values[base + FIELD.levelSd] = o.settings.levelSd;
      this.values[base + FIELD.commonSd] = o.settings.commonSd;
      this.values[base + FIELD.transientSd] = o.settings.transientSd;
      this.values[base + FIELD.recruitSd] = o.settings.recruitSd;
    }
    this.fields = Int32Array.from(o.estimate, (p) => FIELD[p.id]);
    const has = (id: NowcastParameterId) => o.estimate.some((p) => p.id === id);
    this.on = { kappa: has('kappa'), nonCartelRate: has('nonCartelRate'), recruitStart: has('recruitStart') };
  }

  setParams(slot: number, values: Float64Array): void {
    const base = slot * SLOT_FIELDS;
    for (let k = 0; k < this.fields.length; k++)
      this.values[base + this.fields[k]] = fromScale(this.o.estimate[k], values[k]);
  }

  propagate(slot: number, t: number, rng: Rng): void {
    const base = slot * SLOT_FIELDS;
    if (this.on.kappa) this.model.kappa[slot] = this.values[base + FIELD.kappa];
    if (this.on.nonCartelRate) this.model.h[slot] = this.values[base + FIELD.nonCartelRate];
    // The driver before the first month's step, where the prior draw would be (nowcast-model.ts).
    if (this.on.recruitStart && t === 0)
      this.model.logRecruit[slot] = Math.log(this.values[base + FIELD.recruitStart]);
    this.live.recruitSd = this.values[base + FIELD.recruitSd];
    this.model.propagate(slot, t, rng);
  }

  logLikelihood(slot: number, t: number): number {
    const base = slot * SLOT_FIELDS;
    this.live.observationSd = this.values[base + FIELD.observationSd];
    this.live.levelSd = this.values[base + FIELD.levelSd];
    this.live.commonSd = this.values[base + FIELD.commonSd];
    this.live.transientSd = this.values[base + FIELD.transientSd];
    return this.model.logLikelihood(slot, t);
  }

  copy(from: number, to: number): void {
    this.model.copy(from, to);
    this.values.copyWithin(to * SLOT_FIELDS, from * SLOT_FIELDS, (from + 1) * SLOT_FIELDS);
  }
}

/** What estimation and profiles share: the data, the groups and how hard to work. */
export interface EstimateNowcastOptions {
  network: GroupNetwork;
  /** SESNSP victims by state and month; incomplete months are filtered as missing, as in the nowcast. */
  observations: ObservedMonthly;
  /** Only the months up to this one (YYYY-MM). Default: all. */
  until?: string;
  /** Parameters estimated (default: all eight). */
  estimate?: readonly NowcastParameterId[];
  /** IF2's initial swarm per parameter, natural scale (default: its whole range). */
  start?: Partial<Record<NowcastParameterId, readonly [number, number]>>;
  /** Settings in use (default settings.ts), and so the ranges (`nowcastParameters`). */
  settings?: Partial<NowcastSettings>;
  /** Particles of IF2 and of the log-likelihood filters. Default 200. */
  particles?: number;
  /** IF2 iterations. Default 20. */
  iterations?: number;
  /**
   * IF2 cooling (pomp's cooling.fraction.50). Default 0.2: on the tested count model 0.5 left the walk wide
   * after 40 iterations and the estimate followed the last stretch of data (test/sim/assimilate/if2.test.ts).
   */
  cooling?: number;
  /** Independent filters per log-likelihood (its Monte Carlo standard error needs ≥ 2). Default 5. */
  replicates?: number;
  seed?: number;
  mechanisms?: Mechanisms;
  fixed?: Partial<Params>;
  /** 'none': every engine from the cited central parameters (as NowcastModel; for synthetic checks). */
  uncertainty?: 'full' | 'none';
  /** One line per finished piece of work (an IF2 iteration, an evaluation, a profile point). */
  onProgress?: (line: string) => void;
}

export interface Replicated {
  mean: number;
  se: number;
  replicates: number[];
}

export interface NowcastEstimate {
  from: string;
  to: string;
  months: number;
  particles: number;
  iterations: number;
  cooling: number;
  replicates: number;
  seed: number;
  parameters: NowcastParameter[];
  /** The last IF2 iteration's swarm mean (natural scale; geometric for log-scale parameters). */
  estimate: Partial<Record<NowcastParameterId, number>>;
  trace: { iteration: number; logLikelihood: number; params: Partial<Record<NowcastParameterId, number>> }[];
  logLikelihood: {
    /** At the estimate (every particle with the estimated values). */
    estimate: Replicated;
    /** The nowcast as it runs with the settings in use (priors drawn per particle). */
    current: Replicated;
    /** estimate − current, its standard error by the paired jackknife (common random numbers). */
    difference: { mean: number; se: number };
  };
}

interface Context {
  world: World;
  observations: MonthlyObservations;
  settings: NowcastSettings;
  parameters: NowcastParameter[];
  particles: number;
  iterations: number;
  cooling: number;
  replicates: number;
  seed: number;
  options: EstimateNowcastOptions;
}

/** Defaults: 200 particles and 20 iterations, about five minutes for the 126 months on two cores. */
function context(options: EstimateNowcastOptions): Context {
  const settings = { ...NOWCAST_SETTINGS, ...options.settings };
  const ids = options.estimate ?? NOWCAST_PARAMETER_IDS;
  const all = nowcastParameters(settings);
  const unknown = ids.filter((id) => !all.some((p) => p.id === id));
  if (unknown.length > 0) throw new Error(`estimateNowcast: unknown parameters ${unknown.join(', ')}`);
  const world = buildWorld(options.network);
  const ctx: Context = {
    world,
    observations: alignObservations(options.observations, world, options.until),
    settings,
    parameters: all.filter((p) => ids.includes(p.id)),
    particles: options.particles ?? 200,
    iterations: options.iterations ?? 20,
    cooling: options.cooling ?? 0.2,
    replicates: options.replicates ?? 5,
    seed: options.seed ?? 1,
    options,
  };
  if (!(Number.isInteger(ctx.replicates) && ctx.replicates >= 2))
    throw new Error(`estimateNowcast: replicates must be ≥ 2 for a standard error (got ${ctx.replicates})`);
  return ctx;
}

/** As the nowcast: month-major, the world's state order, cut at `until`, at least 24 months. */
function alignObservations(obs: ObservedMonthly, world: World, until?: string): MonthlyObservations {
  const from = parseMonthLabel(obs.start);
  const months = until ? Math.min(obs.months, parseMonthLabel(until) - from + 1) : obs.months;
  if (months < 24) throw new Error(`the nowcast needs at least 24 observed months (got ${months})`);
  return monthMajor(obs, { months, ids: world.areas.ids });
}

/**
 * The models the filters run: model `index` (an IF2 iteration or a replicate) has its own engine draws
 * and parameter draws, so replicates are independent and the i-th replicate is the same engine history at
 * every point evaluated (common random numbers).
 */
function factory(ctx: Context, estimate: readonly NowcastParameter[]) {
  return (particles: number, index: number) =>
    new NowcastParameterModel({
      world: ctx.world,
      mechanisms: ctx.options.mechanisms ?? MechanismsSchema.parse({}),
      observations: ctx.observations,
      particles,
      seed: childSeed(ctx.seed, index, 'nowcast-model'),
      settings: ctx.settings,
      estimate,
      fixed: ctx.options.fixed,
      uncertainty: ctx.options.uncertainty,
    });
}

/**
 * IF2's view of the parameters: the estimation scale is ours (log or linear), so its transform is the
 * identity with the range as reflecting bounds. An initial value's walk continues after the first month
 * without effect; its per-month sd is step / √T so that one iteration moves it by `step`, as pomp's ivp.
 */
function if2Specs(ctx: Context, start: EstimateNowcastOptions['start'] = {}): ParameterSpec[] {
  const T = ctx.observations.months;
  return ctx.parameters.map((p) => {
    const [lo, hi] = start[p.id] ?? p.range;
    return {
      id: p.id,
      start: [toScale(p, lo), toScale(p, hi)] as const,
      sd: p.initial ? p.step / Math.sqrt(T) : p.step,
      transform: 'none' as const,
      bounds: [toScale(p, p.range[0]), toScale(p, p.range[1])] as const,
    };
  });
}

/** Replicate filters at one point; seeds as profile.ts's evaluations (its points share these numbers). */
function evaluate(ctx: Context, estimate: readonly NowcastParameter[], values: Float64Array): Replicated {
  const make = factory(ctx, estimate);
  const ll = logLikelihoodReplicates(
    (r) => fixParams(make(ctx.particles, r), values),
    {
      particles: ctx.particles,
      steps: ctx.observations.months,
      seed: childSeed(ctx.seed, 0, 'profile-eval'),
    },
    ctx.replicates,
  );
  return { mean: ll.mean, se: ll.se, replicates: Array.from(ll.values) };
}

/**
 * log-mean-exp(a) − log-mean-exp(b) and its jackknife standard error, leaving out replicate k of both:
 * with common random numbers the two move together and the difference is known better than either.
 */
export function pairedDifference(a: readonly number[], b: readonly number[]): { mean: number; se: number } {
  const n = a.length;
  const mean = logMeanExp(a).mean - logMeanExp(b).mean;
  if (n < 2 || b.length !== n) return { mean, se: Number.NaN };
  const jk = a.map((_, k) => {
    const drop = (x: readonly number[]) => x.filter((_, i) => i !== k);
    return logMeanExp(drop(a)).mean - logMeanExp(drop(b)).mean;
  });
  const avg = jk.reduce((s, v) => s + v, 0) / n;
  const sd = Math.sqrt(jk.reduce((s, v) => s + (v - avg) ** 2, 0) / (n - 1));
  return { mean, se: ((n - 1) * sd) / Math.sqrt(n) };
}

const byId = <T>(ps: readonly NowcastParameter[], values: ArrayLike<T>) =>
  Object.fromEntries(ps.map((p, k) => [p.id, values[k]])) as Partial<Record<NowcastParameterId, T>>;

const natural = (ps: readonly NowcastParameter[], values: ArrayLike<number>) =>
  byId(
    ps,
    ps.map((p, k) => fromScale(p, values[k])),
  );

/**
 * IF2 from the whole range (or `start`), then the log-likelihood at its end point and at the settings in
 * use, each by `replicates` independent filters with common random numbers.
 *
 * @example
 * const fit = estimateNowcast({ network, observations: observedHomicides().monthly, particles: 200, iterations: 20 });
 * fit.estimate.observationSd; fit.logLikelihood.difference; // { mean, se }
 */
export function estimateNowcast(options: EstimateNowcastOptions): NowcastEstimate {
  return estimateIn(context(options));
}

function estimateIn(ctx: Context): NowcastEstimate {
  const { parameters, observations } = ctx;
  const say = ctx.options.onProgress ?? (() => {});
  const trace: NowcastEstimate['trace'] = [];
  const fit = iteratedFilter(factory(ctx, parameters), {
    params: if2Specs(ctx, ctx.options.start),
    iterations: ctx.iterations,
    particles: ctx.particles,
    steps: observations.months,
    seed: ctx.seed,
    cooling: ctx.cooling,
    onIteration: (m, s) => {
      const params = natural(
        parameters,
        parameters.map((p) => s.params[p.id]),
      );
      trace.push({ iteration: m + 1, logLikelihood: s.logLikelihood, params });
      say(`IF2 iteration ${m + 1}/${ctx.iterations}: perturbed log-likelihood ${s.logLikelihood.toFixed(1)}`);
    },
  });
  const atEstimate = evaluate(ctx, parameters, fit.values);
  say(`log-likelihood at the estimate: ${atEstimate.mean.toFixed(1)} ± ${atEstimate.se.toFixed(1)}`);
  const atCurrent = evaluate(ctx, [], new Float64Array(0));
  say(`log-likelihood with the settings in use: ${atCurrent.mean.toFixed(1)} ± ${atCurrent.se.toFixed(1)}`);
  const start = parseMonthLabel(observations.start);
  return {
    from: observations.start,
    to: monthLabel(start + observations.months - 1),
    months: observations.months,
    particles: ctx.particles,
    iterations: ctx.iterations,
    cooling: ctx.cooling,
    replicates: ctx.replicates,
    seed: ctx.seed,
    parameters,
    estimate: natural(parameters, fit.values),
    trace,
    logLikelihood: {
      estimate: atEstimate,
      current: atCurrent,
      difference: pairedDifference(atEstimate.replicates, atCurrent.replicates),
    },
  };
}

export interface ProfileNowcastOptions extends EstimateNowcastOptions {
  /** The parameters profiled (each must be estimated). */
  profile: readonly NowcastParameterId[];
  /** Grid points across each range, its ends included (the estimate is added to them). Default 4. */
  points?: number;
  /**
   * The short IF2 that re-maximises the others at each grid point: iterations (default 5), particles
   * (default `particles`), and the half-width of its initial swarm around the estimate as a share of each
   * range on the estimation scale (default 0.25: lets the others move as far as the profiled value pulls
   * them, without restarting a global search).
   */
  remax?: { iterations?: number; particles?: number; spread?: number };
  /** The fit to profile around (default: `estimateNowcast` with these options). */
  fit?: NowcastEstimate;
}

export interface ProfilePointOut {
  /** The profiled parameter (natural scale). */
  value: number;
  logLikelihood: number;
  se: number;
  /** Every estimated parameter at this point, the others re-maximised (natural scale). */
  params: Partial<Record<NowcastParameterId, number>>;
  /** The IF2 estimate itself (its evaluation, shared with the fit). */
  atEstimate: boolean;
}

export type IdentificationStatus = 'identified' | 'prior-driven';

export interface NowcastProfile {
  id: NowcastParameterId;
  points: ProfilePointOut[];
  /** The smoothed profile's maximiser and 95% interval (natural scale). */
  argmax: number;
  ci: readonly [number, number];
  status: IdentificationStatus;
  /** Why, in words. */
  note: string;
}

export interface NowcastProfiles {
  fit: NowcastEstimate;
  profiles: NowcastProfile[];
  /** How the profiles were smoothed and cut. */
  method: string;
}

/** χ²₁(0.95) / 2: the likelihood-ratio cutoff of a 95% interval for one parameter. */
export const PROFILE_CUTOFF = 1.92;

/**
 * Profile points more than this far below the best one bound the interval but are not smoothed: a
 * parabola through a cliff (σ = 0.48 is thousands below σ = 0.06) misplaces the top; ten times the cutoff.
 */
export const FAR_BELOW = 10 * PROFILE_CUTOFF;

/**
 * Profiles over each `profile` parameter: `points` values across its range, the others re-maximised at
 * each by a short IF2 started around the fit, plus the fit itself; the log-likelihood by `replicates`
 * filters (the same replicate seeds as the fit's evaluation), then smoothed and cut at 1.92 below the
 * smoothed maximum.
 *
 * A re-maximisation that falls short lowers its point: the profile is then narrower than the truth, so an
 * "identified" verdict is stronger evidence than a "prior-driven" one is against identification.
 */
export function profileNowcast(options: ProfileNowcastOptions): NowcastProfiles {
  const ctx = context(options);
  const missing = options.profile.filter((id) => !ctx.parameters.some((p) => p.id === id));
  if (missing.length > 0) throw new Error(`profileNowcast: not estimated: ${missing.join(', ')}`);
  const fit = options.fit ?? estimateIn(ctx);
  const profiles = options.profile.map((id) => profileOne(ctx, fit, id, options));
  return { fit, profiles, method: PROFILE_METHOD };
}

export const PROFILE_METHOD =
  'loess of degree 2 on the estimation scale (log θ, or θ for h): tricube weights over the nearest max(4, ⌈0.75·n⌉) ' +
  'points, bandwidth 1.2 × the farthest of them (Ionides et al. 2017 smooth with loess); points more than ' +
  `${FAR_BELOW.toFixed(1)} below the best bound the interval but are not smoothed; the 95% interval is where the ` +
  `smoothed profile is within ${PROFILE_CUTOFF} of its maximum, around it, on a 401-point grid`;

function profileOne(
  ctx: Context,
  fit: NowcastEstimate,
  id: NowcastParameterId,
  options: ProfileNowcastOptions,
): NowcastProfile {
  const target = ctx.parameters.find((p) => p.id === id)!;
  const grid = profilePointsIn(ctx, fit, id, profileGrid(target, options.points ?? 4), options);
  // The point at the estimate is the fit's own evaluation (the same replicate seeds: common random
  // numbers). Its others were maximised by the long IF2, the grid's by a short one, which can land a
  // little lower: a flat profile may then show a small peak at the estimate (docs/NOWCAST.md).
  const atEstimate: ProfilePointOut = {
    value: fit.estimate[id]!,
    logLikelihood: fit.logLikelihood.estimate.mean,
    se: fit.logLikelihood.estimate.se,
    params: fit.estimate,
    atEstimate: true,
  };
  const points = [...grid, atEstimate].sort((a, b) => a.value - b.value);
  return { id, points, ...classify(target, points) };
}

/**
 * Profile points of parameter `id` at `values` (natural scale) around `fit`: the others re-maximised by
 * the short IF2 of `options.remax`, the log-likelihood by the replicate filters the fit's evaluation used
 * (common random numbers). The i-th value's IF2 has seed childSeed(seed, i, 'profile-if2') (profile.ts).
 */
export function profilePointsAt(
  options: ProfileNowcastOptions & { fit: NowcastEstimate },
  id: NowcastParameterId,
  values: readonly number[],
): ProfilePointOut[] {
  return profilePointsIn(context(options), options.fit, id, values, options);
}

function profilePointsIn(
  ctx: Context,
  fit: NowcastEstimate,
  id: NowcastParameterId,
  values: readonly number[],
  options: ProfileNowcastOptions,
): ProfilePointOut[] {
  const target = ctx.parameters.find((p) => p.id === id);
  if (!target) throw new Error(`profileNowcast: not estimated: ${id}`);
  const say = ctx.options.onProgress ?? (() => {});
  const raw = profileLikelihood(factory(ctx, ctx.parameters), {
    params: if2Specs(ctx, remaxStart(ctx, fit, options.remax?.spread ?? 0.25)),
    profile: { id, values: values.map((v) => toScale(target, v)) },
    particles: ctx.particles,
    steps: ctx.observations.months,
    seed: ctx.seed,
    replicates: ctx.replicates,
    if2: {
      iterations: options.remax?.iterations ?? 5,
      particles: options.remax?.particles ?? ctx.particles,
      cooling: ctx.cooling,
    },
    onPoint: (g, p) =>
      say(
        `profile ${id} ${g + 1}/${values.length}: ${id} = ${fmt(fromScale(target, p.value))}, log-likelihood ${p.logLikelihood.toFixed(1)} ± ${p.se.toFixed(1)}`,
      ),
  });
  return raw.map((p) => ({
    value: fromScale(target, p.value),
    logLikelihood: p.logLikelihood,
    se: p.se,
    params: natural(
      ctx.parameters,
      ctx.parameters.map((q) => p.params[q.id]),
    ),
    atEstimate: false,
  }));
}

/** The re-maximisation's initial swarm: each parameter's estimate ± `spread` of its range (estimation scale). */
function remaxStart(ctx: Context, fit: NowcastEstimate, spread: number): EstimateNowcastOptions['start'] {
  return Object.fromEntries(
    ctx.parameters.map((p) => {
      const lo = toScale(p, p.range[0]);
      const hi = toScale(p, p.range[1]);
      const at = toScale(p, fit.estimate[p.id]!);
      const half = spread * (hi - lo);
      return [p.id, [fromScale(p, Math.max(lo, at - half)), fromScale(p, Math.min(hi, at + half))]];
    }),
  );
}

const fmt = (v: number) => (Math.abs(v) >= 10 ? v.toFixed(1) : v.toPrecision(3));

/** `points` values equally spaced on the estimation scale from one end of the range to the other. */
export function profileGrid(p: NowcastParameter, points: number): number[] {
  if (!(Number.isInteger(points) && points >= 2))
    throw new Error(`profile points must be ≥ 2 (got ${points})`);
  const lo = toScale(p, p.range[0]);
  const hi = toScale(p, p.range[1]);
  return Array.from({ length: points }, (_, i) => fromScale(p, lo + ((hi - lo) * i) / (points - 1)));
}

/**
 * The smoothed profile's maximiser and 95% interval, and the verdict: "identified" when the interval
 * closes inside the range on both sides and spans at most half of it (estimation scale), else
 * "prior-driven" with the reason.
 */
export function classify(
  p: Pick<NowcastParameter, 'scale' | 'range'>,
  points: readonly { value: number; logLikelihood: number }[],
): { argmax: number; ci: readonly [number, number]; status: IdentificationStatus; note: string } {
  const finite = points.filter((q) => Number.isFinite(q.logLikelihood));
  if (finite.length < 3)
    return {
      argmax: Number.NaN,
      ci: p.range,
      status: 'prior-driven',
      note: 'fewer than 3 finite profile points',
    };
  const x = finite.map((q) => toScale(p, q.value));
  const y = finite.map((q) => q.logLikelihood);
  const lo = toScale(p, p.range[0]);
  const hi = toScale(p, p.range[1]);
  const band = profileInterval(x, y, [Math.min(lo, ...x), Math.max(hi, ...x)]);
  const ci = [fromScale(p, band.lower), fromScale(p, band.upper)] as const;
  const argmax = fromScale(p, band.argmax);
  const share = (band.upper - band.lower) / (hi - lo);
  const reasons: string[] = [];
  if (band.drop < PROFILE_CUTOFF)
    reasons.push(`flat: the smoothed profile varies by ${band.drop.toFixed(2)} over the range`);
  else {
    if (band.openLower) reasons.push('the interval reaches the lower end of the range');
    if (band.openUpper) reasons.push('the interval reaches the upper end of the range');
    // A bracket by far points is an outer bound: the profile fell by more than FAR_BELOW on both sides.
    if (!band.openLower && !band.openUpper && !band.bracketed && share > 0.5)
      reasons.push(`the interval covers ${(share * 100).toFixed(0)}% of the range`);
  }
  if (reasons.length > 0) return { argmax, ci, status: 'prior-driven', note: reasons.join('; ') };
  const note = band.bracketed
    ? `the profile falls more than ${FAR_BELOW.toFixed(1)} below its best at ${fmt(ci[0])} and ${fmt(ci[1])}: the interval lies inside (an outer bound)`
    : `the interval covers ${(share * 100).toFixed(0)}% of the range (estimation scale)`;
  return { argmax, ci, status: 'identified', note };
}

export interface ProfileInterval {
  argmax: number;
  max: number;
  lower: number;
  upper: number;
  /** The interval runs to the end of `domain` on that side (no crossing of the cutoff). */
  openLower: boolean;
  openUpper: boolean;
  /** Smoothed maximum minus smoothed minimum over the domain. */
  drop: number;
  /** Points more than FAR_BELOW under the best lie on both sides: the interval is inside their bracket. */
  bracketed: boolean;
}

/**
 * The 95% interval of a profile (x on the estimation scale) from its smoothed curve over `domain`. Points
 * more than FAR_BELOW under the best close the interval on their side; the others are smoothed (loess2)
 * and the curve cut at `cutoff` below its maximum. With fewer than three near points the interval is the
 * bracket between the far points either side of the best (ends of `domain` where there are none).
 */
export function profileInterval(
  x: readonly number[],
  y: readonly number[],
  domain: readonly [number, number],
  cutoff = PROFILE_CUTOFF,
): ProfileInterval {
  const top = y.indexOf(Math.max(...y));
  const near = x.map((_, i) => i).filter((i) => y[i] >= y[top] - FAR_BELOW);
  const farLeft = x.filter((v, i) => v < x[top] && y[i] < y[top] - FAR_BELOW);
  const farRight = x.filter((v, i) => v > x[top] && y[i] < y[top] - FAR_BELOW);
  const left = farLeft.length > 0 ? Math.max(...farLeft) : domain[0];
  const right = farRight.length > 0 ? Math.min(...farRight) : domain[1];
  const lowest = Math.min(...y);
  if (near.length < 3)
    return {
      argmax: x[top],
      max: y[top],
      lower: left,
      upper: right,
      openLower: farLeft.length === 0,
      openUpper: farRight.length === 0,
      drop: y[top] - lowest,
      bracketed: farLeft.length > 0 && farRight.length > 0,
    };
  const smooth = loess2(
    near.map((i) => x[i]),
    near.map((i) => y[i]),
  );
  const G = 401;
  const gx = Array.from({ length: G }, (_, i) => left + ((right - left) * i) / (G - 1));
  const gy = gx.map(smooth);
  let best = 0;
  for (let i = 1; i < G; i++) if (gy[i] > gy[best]) best = i;
  const level = gy[best] - cutoff;
  const cross = (i: number, j: number) => gx[i] + ((gx[j] - gx[i]) * (level - gy[i])) / (gy[j] - gy[i]);
  let l = best;
  while (l > 0 && gy[l - 1] >= level) l--;
  let u = best;
  while (u < G - 1 && gy[u + 1] >= level) u++;
  return {
    argmax: gx[best],
    max: gy[best],
    lower: l > 0 ? cross(l - 1, l) : gx[0],
    upper: u < G - 1 ? cross(u + 1, u) : gx[G - 1],
    openLower: l === 0 && farLeft.length === 0,
    openUpper: u === G - 1 && farRight.length === 0,
    drop: gy[best] - Math.min(lowest, ...gy),
    bracketed: farLeft.length > 0 && farRight.length > 0,
  };
}

/**
 * Local quadratic regression (loess, degree 2; Cleveland 1979) through the profile points: at x0, a
 * weighted least-squares parabola over the nearest q = max(4, ⌈0.75 n⌉) points (all of them when fewer),
 * tricube weights with bandwidth 1.2 × the distance to the farthest of them, so every one of the q counts
 * and, with four or more, the curve smooths the Monte Carlo noise rather than interpolating it.
 */
export function loess2(x: readonly number[], y: readonly number[]): (x0: number) => number {
  const n = x.length;
  if (n < 3 || y.length !== n) throw new Error('loess2: at least 3 points, as many x as y');
  const q = Math.min(n, Math.max(4, Math.ceil(0.75 * n)));
  return (x0) => {
    const d = x.map((v) => Math.abs(v - x0));
    const h = 1.2 * [...d].sort((a, b) => a - b)[q - 1] || 1;
    const w = d.map((v) => (v < h ? (1 - (v / h) ** 3) ** 3 : 0));
    return weightedQuadratic(x, y, w, x0);
  };
}

/** The weighted least-squares parabola through (x, y), centred at x0, evaluated at x0 (its intercept). */
function weightedQuadratic(
  x: readonly number[],
  y: readonly number[],
  w: readonly number[],
  x0: number,
): number {
  // Normal equations of y ≈ b0 + b1 u + b2 u², u = x − x0: S_k = Σ w u^k, T_k = Σ w y u^k.
  const S = [0, 0, 0, 0, 0];
  const T = [0, 0, 0];
  x.forEach((xi, i) => {
    const u = xi - x0;
    let p = w[i];
    for (let k = 0; k < 5; k++) {
      S[k] += p;
      if (k < 3) T[k] += p * y[i];
      p *= u;
    }
  });
  const A = [
    [S[0], S[1], S[2]],
    [S[1], S[2], S[3]],
    [S[2], S[3], S[4]],
  ];
  return solve3(A, T)[0];
}

/** Gaussian elimination with partial pivoting; a degenerate system falls back to the weighted mean. */
function solve3(A: number[][], b: number[]): number[] {
  const M = A.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < 3; c++) {
    let piv = c;
    for (let r = c + 1; r < 3; r++) if (Math.abs(M[r][c]) > Math.abs(M[piv][c])) piv = r;
    if (Math.abs(M[piv][c]) < 1e-12 * (Math.abs(M[0][0]) || 1)) return [b[0] / A[0][0], 0, 0];
    [M[c], M[piv]] = [M[piv], M[c]];
    for (let r = c + 1; r < 3; r++) {
      const f = M[r][c] / M[c][c];
      for (let k = c; k < 4; k++) M[r][k] -= f * M[c][k];
    }
  }
  const out = [0, 0, 0];
  for (let r = 2; r >= 0; r--) {
    let s = M[r][3];
    for (let k = r + 1; k < 3; k++) s -= M[r][k] * out[k];
    out[r] = s / M[r][r];
  }
  return out;
}
