import type { GroupNetwork } from '../../data/cartel-network.js';
import type { ObservedMonthly } from '../../data/observed/homicides.js';
import { monthLabel, parseMonthLabel } from '../../data/panel/months.js';
import { buildWorld, type World } from '../model/world.js';
import type { Params } from '../params.js';
import { substream } from '../rng.js';
import { type Mechanisms, MechanismsSchema } from '../scenario/schema.js';
import { monthMajor } from './anchor.js';
import { traceLineages } from './lineages.js';
import { type MonthlyObservations, NowcastModel, type NowcastSettings } from './nowcast-model.js';
import { particleFilter } from './particle-filter.js';
import { NOWCAST_SETTINGS } from './settings.js';
import { smoothCounts } from './smoother.js';
import { weightedQuantiles } from './weighted-quantiles.js';

/**
 * `atalaya nowcast`: the simulator filtered through the observed monthly homicide counts, up to the newest
 * month (or `until`): where the model stands now, and how it met the data on the way.
 */
export interface NowcastInput {
  network: GroupNetwork;
  /**
   * Monthly counts by state (SESNSP victims of intentional homicide; data/observed). Months listed as
   * incomplete (the last ones, which later releases still revise upward) are filtered through as missing.
   */
  observations: ObservedMonthly;
  /** Only months up to this one are used (a hold-out origin). Default: every observed month. */
  until?: string;
  particles?: number;
  seed?: number;
  settings?: Partial<NowcastSettings>;
  mechanisms?: Mechanisms;
  fixed?: Partial<Params>;
  /** 'none': every particle starts from the cited central values (a scenario's `uncertainty: none`). */
  uncertainty?: 'full' | 'none';
  /**
   * First month (YYYY-MM) of the window whose state counts are smoothed given every count (smoother.ts):
   * `NowcastResult.smoothed`. Default: none (the Monte Carlo's starts and the hold-out need only the end).
   */
  smoothFrom?: string;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export interface Band {
  p05: number;
  p50: number;
  p95: number;
}

export interface NowcastResult {
  /** First and last month used. */
  from: string;
  to: string;
  months: string[];
  particles: number;
  seed: number;
  settings: NowcastSettings;
  logLikelihood: number;
  /** Effective sample size before each month's resampling. */
  ess: number[];
  /**
   * National counts: observed, filtered (each month's band given the counts up to it), and smoothed (given
   * every count: the lineages of the final particles, lineages.ts; coarser far back, where they coalesce).
   */
  national: { observed: number[]; filtered: Band[]; smoothed: Band[] };
  states: { code: string; name: string; observed: number[]; filtered: Band[] }[];
  /** The recruitment driver (1 = the published model's recruitment). */
  recruitment: Band[];
  members: Band[];
  /** The newest month: expected homicides a day, national, with its band. */
  present: { month: string; perDay: Band };
  /**
   * The particles' parameters at the end, weighted: what the counts made of the priors (κ homicides per
   * conflict death, h homicides per 100,000 not tied to the groups). IF2 estimates and profiles:
   * `atalaya calibrate nowcast`.
   */
  parameters: { kappa: Band; nonCartelRate: Band };
  /** With `smoothFrom`: the window's counts given every count, by month and by complete calendar year. */
  smoothed?: SmoothedWindow;
}

/**
 * Counts of the months from `smoothFrom` on, given every count: each final particle's levels drawn along
 * its lineage (smoother.ts), each month's scatter drawn on top. The in-sample check of a year's state
 * totals (bench/nowcast-check.ts): a filtered band trails a jump by months, a smoothed one does not.
 */
export interface SmoothedWindow {
  months: string[];
  national: Band[];
  /** [state in `NowcastResult.states` order][month of the window]. */
  states: Band[][];
  /** Calendar years wholly inside the window: observed totals and the bands of the smoothed totals. */
  years: {
    year: number;
    national: { observed: number; band: Band };
    states: { observed: number; band: Band }[];
  }[];
}

export interface Nowcast {
  result: NowcastResult;
  /** The filtered model (particles resampled to equal weights): projections continue from it. */
  model: NowcastModel;
  world: World;
  /** The filter's genealogy (particle-filter.ts `ancestry`): lineages of the final particles. */
  ancestry: Int32Array[];
  /** Each month's national count drawn from each slot's filtered state: [t · particles + slot]. */
  nationalDraws: Float64Array;
  /** `lineages[t · particles + i]`: the slot final particle i's ancestor held at month t (lineages.ts). */
  lineages: Int32Array;
}

/** Run the filter; see NowcastResult. */
export function runNowcast(input: NowcastInput): Nowcast {
  const settings = { ...NOWCAST_SETTINGS, ...input.settings };
  const particles = input.particles ?? 1000;
  const seed = input.seed ?? 1;
  const world = buildWorld(input.network);
  const observations = alignObservations(input.observations, world, input.until);
  const model = new NowcastModel({
    world,
    mechanisms: input.mechanisms ?? MechanismsSchema.parse({}),
    observations,
    particles,
    seed,
    settings,
    fixed: input.fixed,
    uncertainty: input.uncertainty,
  });
  const A = world.areas.ids.length;
  const T = observations.months;
  const national: Band[] = [];
  const stateBands: Band[][] = world.areas.ids.map(() => []);
  const recruitment: Band[] = [];
  const members: Band[] = [];
  const nat = new Float64Array(particles);
  const perState = new Float64Array(particles * A);
  const scratch = new Float64Array(particles);
  const draws = new Float64Array(A);
  const nationalDraws = new Float64Array(T * particles);
  const window = smoothWindow(input.smoothFrom, observations, model);
  const run = particleFilter(model, {
    particles,
    steps: T,
    seed,
    signal: input.signal,
    // Resampled every month: projections start from equally weighted particles.
    essThreshold: 1,
    onStep: (t: number, weights: Float64Array) => {
      const rng = substream(seed, t, 'nowcast-summary');
      // Counts drawn from each particle's filtered state: the band a month's count should fall in.
      for (let j = 0; j < particles; j++) {
        model.drawCounts(j, rng, draws);
        let sum = 0;
        for (let a = 0; a < A; a++) {
          perState[j * A + a] = draws[a];
          sum += draws[a];
        }
        nat[j] = sum;
      }
      nationalDraws.set(nat, t * particles);
      window?.record(t);
      national.push(weightedBand(nat, weights));
      for (let a = 0; a < A; a++) {
        for (let j = 0; j < particles; j++) scratch[j] = perState[j * A + a];
        stateBands[a].push(weightedBand(scratch, weights));
      }
      for (let j = 0; j < particles; j++) scratch[j] = Math.exp(model.logRecruit[j]);
      recruitment.push(weightedBand(scratch, weights));
      for (let j = 0; j < particles; j++) scratch[j] = model.sims[j].state.model.totalMembers();
      members.push(weightedBand(scratch, weights));
      input.onProgress?.(t + 1, T);
    },
  });
  const lineages = traceLineages(
    run.ancestry,
    Int32Array.from({ length: particles }, (_, i) => i),
  );
  const months = Array.from({ length: T }, (_, t) => monthLabel(parseMonthLabel(observations.start) + t));
  // Observed values as published (incomplete months included, as counted so far).
  const stateRow = world.areas.ids.map((id) => input.observations.states.indexOf(id));
  const observedAt = (t: number, a: number) =>
    stateRow[a] < 0 ? Number.NaN : input.observations.victims[stateRow[a] * input.observations.months + t];
  const last = national[T - 1];
  const days = daysIn(months[T - 1]);
  const result: NowcastResult = {
    from: months[0],
    to: months[T - 1],
    months,
    particles,
    seed,
    settings,
    logLikelihood: run.logLikelihood,
    ess: Array.from(run.ess),
    national: {
      observed: Array.from(input.observations.national.subarray(0, T)),
      filtered: national,
      smoothed: smoothedBands(lineages, nationalDraws, particles, run.weights),
    },
    states: world.areas.ids.map((code, a) => ({
      code,
      name: world.areas.names[a],
      observed: months.map((_, t) => observedAt(t, a)),
      filtered: stateBands[a],
    })),
    recruitment,
    members,
    present: {
      month: months[T - 1],
      perDay: { p05: last.p05 / days, p50: last.p50 / days, p95: last.p95 / days },
    },
    parameters: {
      kappa: weightedBand(model.kappa, run.weights),
      nonCartelRate: weightedBand(model.h, run.weights),
    },
    smoothed: window?.finish(lineages, run.weights, months, input.observations, stateRow),
  };
  return { result, model, world, ancestry: run.ancestry, nationalDraws, lineages };
}

/** The counts month-major in the world's area order, cut at `until`. */
function alignObservations(
  obs: ObservedMonthly,
  world: World,
  until: string | undefined,
): MonthlyObservations {
  const from = parseMonthLabel(obs.start);
  const months = until ? Math.min(obs.months, parseMonthLabel(until) - from + 1) : obs.months;
  if (months < 24) throw new Error(`the nowcast needs at least 24 observed months (got ${months})`);
  return monthMajor(obs, { months, ids: world.areas.ids });
}

/**
 * What the smoother needs from the filter (model means of every slot in the window, filtered moments at
 * its first month), recorded in `onStep`, and the window's bands once the lineages are known.
 */
function smoothWindow(from: string | undefined, observations: MonthlyObservations, model: NowcastModel) {
  if (from === undefined) return undefined;
  const first = parseMonthLabel(observations.start);
  const T = observations.months;
  const t0 = parseMonthLabel(from) - first;
  if (!(t0 >= 0 && t0 < T))
    throw new Error(
      `smoothFrom ${from}: expected a month inside ${observations.start}…${monthLabel(first + T - 1)}`,
    );
  const { n, areas: A, dim } = model;
  const means = new Float64Array((T - t0) * n * A);
  const start = { mean: new Float64Array(n * dim), cov: new Float64Array(n * dim * dim) };
  return {
    record(t: number) {
      if (t < t0) return;
      means.set(model.mean, (t - t0) * n * A);
      if (t === t0) {
        start.mean.set(model.levelMean);
        start.cov.set(model.levelCov);
      }
    },
    finish(
      lineages: Int32Array,
      weights: Float64Array,
      months: string[],
      published: ObservedMonthly,
      stateRow: number[],
    ): SmoothedWindow {
      const counts = smoothCounts({
        lineages,
        particles: n,
        from: t0,
        to: T,
        start,
        means,
        victims: observations.victims,
        areas: A,
        settings: model.settings,
        seed: model.seed,
      });
      return summariseWindow(counts, weights, months.slice(t0), published, stateRow, t0);
    },
  };
}

/** Monthly and calendar-year bands of the smoothed counts ([(k · N + i) · A + a]). */
function summariseWindow(
  counts: Float64Array,
  weights: Float64Array,
  months: string[],
  published: ObservedMonthly,
  stateRow: number[],
  t0: number,
): SmoothedWindow {
  const n = weights.length;
  const A = stateRow.length;
  const K = months.length;
  const values = new Float64Array(n);
  const sumOver = (ks: number[], a: number | undefined) => {
    values.fill(0);
    for (const k of ks)
      for (let i = 0; i < n; i++) {
        const row = (k * n + i) * A;
        if (a !== undefined) values[i] += counts[row + a];
        else for (let b = 0; b < A; b++) values[i] += counts[row + b];
      }
    return weightedBand(values, weights);
  };
  const observedAt = (k: number, a: number) =>
    stateRow[a] < 0 ? Number.NaN : published.victims[stateRow[a] * published.months + t0 + k];
  const years: SmoothedWindow['years'] = [];
  for (let k = 0; k + 12 <= K; k++) {
    if (!months[k].endsWith('-01')) continue;
    const ks = Array.from({ length: 12 }, (_, j) => k + j);
    const states = stateRow.map((_, a) => ({
      observed: ks.reduce((s, j) => s + observedAt(j, a), 0),
      band: sumOver(ks, a),
    }));
    years.push({
      year: Number(months[k].slice(0, 4)),
      national: {
        observed: ks.reduce((s, j) => s + published.national[t0 + j], 0),
        band: sumOver(ks, undefined),
      },
      states,
    });
  }
  return {
    months,
    national: months.map((_, k) => sumOver([k], undefined)),
    states: stateRow.map((_, a) => months.map((_, k) => sumOver([k], a))),
    years,
  };
}

const PROBS = [0.05, 0.5, 0.95];

/** Each month's band of the draws along the final particles' lineages, weighted by their final weights. */
function smoothedBands(
  lineages: Int32Array,
  draws: Float64Array,
  particles: number,
  weights: Float64Array,
): Band[] {
  const values = new Float64Array(particles);
  return Array.from({ length: lineages.length / particles }, (_, t) => {
    for (let i = 0; i < particles; i++) values[i] = draws[t * particles + lineages[t * particles + i]];
    return weightedBand(values, weights);
  });
}

function weightedBand(values: Float64Array, weights: Float64Array): Band {
  const [p05, p50, p95] = weightedQuantiles(values, weights, PROBS);
  return { p05, p50, p95 };
}

function daysIn(month: string): number {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}
