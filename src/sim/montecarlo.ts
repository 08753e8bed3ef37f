import type { GroupNetwork, NetworkSource } from '../data/cartel-network.js';
import { homicideHistory, type YearValue } from '../data/homicide-history.js';
import { type ObservedHomicides, observedHomicides } from '../data/observed/homicides.js';
import { monthLabel, parseMonthLabel } from '../data/panel/months.js';
import type { AnchorSpec } from './assimilate/anchor.js';
import { filterPresent, historyBand, type PresentPosterior, replayParticle } from './assimilate/posterior.js';
import { childSeed } from './assimilate/streams.js';
import { periodGrid, type Resolution, weekToYear, yearMonthToWeek, yearToWeek } from './calendar.js';
import { EventDraws } from './draws.js';
import { type RunOptions, runSimulation } from './engine.js';
import type { HistoryBand } from './history-band.js';
import { METRIC_IDS, type MetricId, metricsFor } from './metrics.js';
import type { HomicideFit } from './model/homicides.js';
import { buildWorld, type World } from './model/world.js';
import { centralParams, type Params, sampleParams } from './params.js';
import { substream } from './rng.js';
import { PRESENT, type Scenario } from './scenario/schema.js';

/**
 * Monte Carlo over parameter uncertainty and event randomness.
 *
 * Run r of every scenario uses the same parameter draw and the same random streams (common random
 * numbers), derived from (seed, r) alone: results are identical whatever the number of threads, and
 * differences between scenarios are not sampling noise. Scenarios that share a start, mechanisms and
 * parameter overrides also share the simulated history of each run (it is computed once).
 */
export interface MonteCarloOptions {
  network: GroupNetwork;
  scenarios: readonly Scenario[];
  runs: number;
  seed: number;
  resolution?: Resolution;
  /** First reported year (default: 2012 for yearly results, the earliest start for month/week). */
  fromYear?: number;
  /** Per-state homicides (yearly resolution only). */
  byArea?: boolean;
  /** Worker threads (1 = in this thread). */
  threads?: number;
  observed?: readonly YearValue[];
  /**
   * Start homicides from the present (sim/assimilate/anchor.ts): after the anchor, each run's homicides are
   * the observed level, drifting, times the engine's change against a run without policies. Without it,
   * homicides are the engine's own path calibrated to INEGI 2012–2024 (docs/MODEL.md section 9).
   */
  anchor?: AnchorSpec;
  /**
   * Start every run from a draw of the filtered posterior (sim/assimilate/posterior.ts) instead of its own
   * history from 2012: the observed counts are filtered up to the month before each history group's start
   * with `particles` particles (default: the runs, at most 400; run r takes final particle r mod
   * particles), and each run replays its particle's lineage.
   */
  assimilate?: { observed: ObservedHomicides; particles?: number };
  /** Set by the Monte Carlo from `assimilate`: each history group's islands (undefined: its own history). */
  present?: (PresentPosterior[] | undefined)[];
  onProgress?: (done: number, total: number) => void;
  /** Progress of the filter through the observed months, before the runs. */
  onFilter?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

export interface ScenarioRuns {
  scenario: Scenario;
  /** metric → values, period-major: value of run r in period k at [k · runs + r]. */
  values: Partial<Record<MetricId, Float64Array>>;
  /** Homicides by area: [(k · areas + a) · runs + r]. */
  areaHomicides?: Float64Array;
}

export interface MonteCarloResult {
  seed: number;
  runs: number;
  resolution: Resolution;
  labels: (string | number)[];
  bounds: Float64Array;
  source: NetworkSource;
  areas: { ids: string[]; names: string[] };
  scenarios: ScenarioRuns[];
  /** Homicide calibration of each run (first history group). */
  fits: HomicideFit[];
  /** The present the homicides start from, when anchored. */
  anchor?: AnchorSpec;
  /** The filtered posterior the runs started from (first history group), when assimilated. */
  posterior?: {
    through: string;
    /** Particles over all islands. */
    particles: number;
    islands: number;
    /** Each island's log-likelihood estimate. */
    logLikelihood: number[];
    minEss: number;
    history: HistoryBand;
  };
  /** Warning → number of (run, scenario) results that raised it. */
  warnings: Record<string, number>;
}

/** A unit of work: runs [from, to) of one history group. */
export interface Task {
  group: number;
  from: number;
  to: number;
}

/** What a task sends back: per scenario of the group, per run, the metric arrays. */
export interface TaskOutput {
  group: number;
  from: number;
  to: number;
  /** [scenario][run - from] → metric → per-period values. */
  results: {
    metrics: Partial<Record<MetricId, Float64Array>>;
    areaHomicides?: Float64Array;
    warnings: string[];
  }[][];
  fits: HomicideFit[];
}

export interface Plan {
  groups: number[][];
  bounds: Float64Array;
  labels: (string | number)[];
  resolution: Resolution;
  byArea: boolean;
}

/** Group scenarios by shared history and lay out the reporting periods. */
export function plan(options: MonteCarloOptions): Plan {
  const resolution = options.resolution ?? 'year';
  const keyOf = (s: Scenario) => JSON.stringify([s.start, s.mechanisms, s.parameters, s.uncertainty]);
  const keys = new Map<string, number[]>();
  options.scenarios.forEach((s, i) => {
    const k = keyOf(s);
    if (!keys.has(k)) keys.set(k, []);
    keys.get(k)!.push(i);
  });
  const starts = options.scenarios.map((s) => weekToYear(yearMonthToWeek(s.start)));
  const ends = options.scenarios.map((s, i) => starts[i] + s.years);
  const from = options.fromYear ?? (resolution === 'year' ? 2012 : Math.floor(Math.min(...starts)));
  const to = resolution === 'year' ? Math.ceil(Math.max(...ends) - 1e-9) : Math.max(...ends);
  const grid = periodGrid(resolution, from, to);
  return {
    groups: [...keys.values()],
    bounds: grid.bounds,
    labels: grid.labels,
    resolution,
    byArea: (options.byArea ?? false) && resolution === 'year',
  };
}

/** Run one task in this thread (also what each worker runs). */
export function runTask(
  world: World,
  options: Pick<MonteCarloOptions, 'scenarios' | 'seed' | 'observed' | 'runs' | 'anchor' | 'present'>,
  p: Plan,
  task: Task,
): TaskOutput {
  const scenarios = p.groups[task.group].map((i) => toYearEnd(options.scenarios[i], p.resolution));
  const first = scenarios[0];
  const results: TaskOutput['results'] = scenarios.map(() => []);
  const fits: HomicideFit[] = [];
  const islands = options.present?.[task.group];
  // Run r starts from a particle of the islands (island r mod islands, then its rank there).
  const start = (r: number): RunOptions['present'] =>
    islands &&
    ((config, prepare) =>
      replayParticle(islands[r % islands.length], {
        world,
        draw: Math.floor(r / islands.length),
        mechanisms: first.mechanisms,
        fixed: first.parameters,
        uncertainty: first.uncertainty,
        simulation: { bounds: config.bounds, byArea: config.byArea, prepare },
      }));
  for (let r = task.from; r < task.to; r++) {
    const params: Params =
      first.uncertainty === 'none'
        ? { ...centralParams(), ...first.parameters }
        : sampleParams(substream(options.seed, r, 'params'), first.parameters);
    const run = simulateRun(world, options, p, scenarios, r, params, start(r));
    fits.push(run.fit);
    run.branches.forEach((b, k) => {
      const end = yearToWeek(weekToYear(yearMonthToWeek(scenarios[k].start)) + scenarios[k].years);
      blankAfter(b.metrics, p.bounds, end);
      results[k].push({ metrics: b.metrics, areaHomicides: b.areaHomicides, warnings: b.warnings });
    });
  }
  return { group: task.group, from: task.from, to: task.to, results, fits };
}

/**
 * One run of a history group's scenarios with the given parameters: run r's event streams, calibration
 * and anchor draws (`atalaya explore` sets the parameters from its design instead of drawing them).
 */
export function simulateRun(
  world: World,
  options: Pick<MonteCarloOptions, 'seed' | 'observed' | 'runs' | 'anchor'>,
  p: Pick<Plan, 'bounds' | 'byArea' | 'resolution'>,
  scenarios: readonly Scenario[],
  r: number,
  params: Params,
  present?: RunOptions['present'],
): ReturnType<typeof runSimulation> {
  const first = scenarios[0];
  return runSimulation({
    world,
    scenarios,
    params,
    bounds: p.bounds,
    byArea: p.byArea,
    observed: options.observed ?? homicideHistory(),
    historyDraws: EventDraws.of(options.seed, r, 'history'),
    futureDraws: EventDraws.of(options.seed, r, 'future'),
    // Weekly results need weekly steps (a step may straddle at most one period boundary).
    dt: p.resolution === 'week' ? 1 : undefined,
    rngCalibration: first.uncertainty === 'none' ? undefined : substream(options.seed, r, 'calibration'),
    anchor: options.anchor ? anchorStream(options.anchor, options.seed, r, options.runs) : undefined,
    present,
  });
}

/**
 * Run r's anchor draws. Antithetic pairs (r and r + runs/2 take opposite draws of one stream) keep the
 * ensemble's median at the present held, instead of the present plus sampling noise; an odd last run has
 * its own stream. A pure function of (seed, r, runs): any thread count gives the same numbers.
 */
function anchorStream(spec: AnchorSpec, seed: number, r: number, runs: number) {
  const half = Math.floor(runs / 2);
  const paired = r >= half && r < 2 * half;
  return {
    spec,
    rng: substream(seed, paired ? r - half : r, 'anchor'),
    sign: paired ? (-1 as const) : (1 as const),
  };
}

/**
 * Yearly results are calendar years: a scenario that starts mid-year runs on to the end of the calendar
 * year its horizon falls in (10 years from July 2025: to December 2035), so that its last year is whole
 * rather than missing. The engine reads `years` as a length; it need not be whole.
 */
export function toYearEnd(scenario: Scenario, resolution: Resolution): Scenario {
  if (resolution !== 'year') return scenario;
  const start = weekToYear(yearMonthToWeek(scenario.start));
  return { ...scenario, years: Math.ceil(start + scenario.years - 1e-9) - start };
}

/** Periods ending after a scenario's horizon are not results of that scenario. */
function blankAfter(
  metrics: Partial<Record<MetricId, Float64Array>>,
  bounds: Float64Array,
  endWeek: number,
): void {
  for (const a of Object.values(metrics)) {
    for (let k = 0; k < a.length; k++) if (bounds[k + 1] > endWeek + 1e-6) a[k] = Number.NaN;
  }
}

/** Allocate the result arrays for a plan. */
export function emptyResult(options: MonteCarloOptions, p: Plan, world: World): MonteCarloResult {
  const P = p.bounds.length - 1;
  const m = world.areas.ids.length;
  return {
    seed: options.seed,
    runs: options.runs,
    resolution: p.resolution,
    labels: p.labels,
    bounds: p.bounds,
    source: world.source,
    areas: { ids: world.areas.ids, names: world.areas.names },
    scenarios: options.scenarios.map((scenario) => ({
      scenario,
      values: Object.fromEntries(
        metricsFor(scenario.mechanisms).map((id) => [id, new Float64Array(P * options.runs)]),
      ) as Partial<Record<MetricId, Float64Array>>,
      areaHomicides: p.byArea ? new Float64Array(P * m * options.runs) : undefined,
    })),
    fits: new Array(options.runs),
    anchor: options.anchor,
    posterior: posteriorSummary(options.present?.[0]),
    warnings: {},
  };
}

/** Copy a task's output into the result (period-major layout). */
export function mergeTask(result: MonteCarloResult, p: Plan, out: TaskOutput): void {
  const R = result.runs;
  const P = p.bounds.length - 1;
  const m = result.areas.ids.length;
  p.groups[out.group].forEach((si, k) => {
    const target = result.scenarios[si];
    out.results[k].forEach((res, j) => {
      const r = out.from + j;
      for (const id of METRIC_IDS) {
        const src = res.metrics[id];
        const dst = target.values[id];
        if (!src || !dst) continue;
        for (let t = 0; t < P; t++) dst[t * R + r] = src[t];
      }
      if (target.areaHomicides && res.areaHomicides) {
        for (let q = 0; q < P * m; q++) target.areaHomicides[q * R + r] = res.areaHomicides[q];
      }
      for (const w of res.warnings) result.warnings[w] = (result.warnings[w] ?? 0) + 1;
    });
  });
  if (out.group === 0)
    out.fits.forEach((f, j) => {
      result.fits[out.from + j] = f;
    });
}

/** Split runs into tasks of about `size` runs for each history group. */
export function tasksFor(p: Plan, runs: number, size: number): Task[] {
  const tasks: Task[] = [];
  for (let from = 0; from < runs; from += size) {
    for (let g = 0; g < p.groups.length; g++) tasks.push({ group: g, from, to: Math.min(runs, from + size) });
  }
  return tasks;
}

/**
 * Independent filters per history group (islands), each with `particles / ISLANDS` particles and its own
 * seed; run r takes island r mod ISLANDS. Each island is a consistent approximation of the posterior, so
 * their pooled particles are one (Vergé, Dubarry, Del Moral & Moulines 2015, Stat Comput 25:243, on
 * island particle filters; equal weights, no interaction). Islands run on separate threads without
 * exchanging particles, and their number is fixed, so the numbers do not depend on the thread count.
 */
export const ISLANDS = 4;

/** One island of one history group. */
export interface IslandJob {
  group: number;
  island: number;
}

/**
 * The islands to filter: every history group that starts at least 24 observed months after the first
 * (the filter needs them); the others run their own history from 2012 (`posteriorWarnings` says so).
 */
export function islandJobs(options: MonteCarloOptions, p: Plan): IslandJob[] {
  const monthly = options.assimilate?.observed.monthly;
  if (!monthly) return [];
  const jobs: IslandJob[] = [];
  p.groups.forEach((group, g) => {
    const until = parseMonthLabel(options.scenarios[group[0]].start) - 1;
    if (until - parseMonthLabel(monthly.start) + 1 < 24) return;
    for (let island = 0; island < ISLANDS; island++) jobs.push({ group: g, island });
  });
  return jobs;
}

/** Filter one island: the group's mechanisms, parameter overrides and uncertainty, counts up to its start. */
export function filterIsland(
  options: MonteCarloOptions,
  p: Plan,
  job: IslandJob,
  onProgress?: (done: number, total: number) => void,
): PresentPosterior {
  const assimilate = options.assimilate!;
  const first = options.scenarios[p.groups[job.group][0]];
  const total = assimilate.particles ?? Math.min(options.runs, DEFAULT_PARTICLES);
  return filterPresent({
    network: options.network,
    observed: assimilate.observed,
    until: monthLabel(parseMonthLabel(first.start) - 1),
    particles: Math.max(2, Math.ceil(total / ISLANDS)),
    seed: childSeed(options.seed, job.island, 'island'),
    mechanisms: first.mechanisms,
    fixed: first.parameters,
    uncertainty: first.uncertainty,
    signal: options.signal,
    onProgress,
  });
}

/** Particles of the filter across its islands, unless `assimilate.particles` says otherwise. */
const DEFAULT_PARTICLES = 160;

/** The islands of each history group, in island order (undefined: the group runs its own history). */
export function assembleIslands(
  p: Plan,
  jobs: readonly IslandJob[],
  posteriors: readonly PresentPosterior[],
): (PresentPosterior[] | undefined)[] {
  return p.groups.map((_, g) => {
    const mine = jobs.flatMap((job, k) => (job.group === g ? [posteriors[k]] : []));
    return mine.length > 0 ? mine : undefined;
  });
}

/** Every island of every group, in this thread. */
export function filterGroups(options: MonteCarloOptions, p: Plan): (PresentPosterior[] | undefined)[] {
  const jobs = islandJobs(options, p);
  const progress = filterProgress(options, jobs.length);
  const posteriors = jobs.map((job, k) =>
    filterIsland(options, p, job, (done, total) => progress(k, done, total)),
  );
  return assembleIslands(p, jobs, posteriors);
}

/** Progress over all islands' months, from each island's (done, total). */
export function filterProgress(
  options: MonteCarloOptions,
  islands: number,
): (island: number, done: number, total: number) => void {
  const done = new Int32Array(islands);
  return (island, d, total) => {
    done[island] = d;
    let sum = 0;
    for (const v of done) sum += v;
    options.onFilter?.(sum, total * islands);
  };
}

/** What a result keeps of a group's islands: the history band of their pooled particles. */
function posteriorSummary(islands: PresentPosterior[] | undefined): MonteCarloResult['posterior'] {
  if (!islands) return undefined;
  const { through, release } = islands[0];
  return {
    through,
    particles: islands.reduce((s, p) => s + p.particles, 0),
    islands: islands.length,
    logLikelihood: islands.map((p) => p.logLikelihood),
    minEss: Math.min(...islands.map((p) => p.minEss)),
    history: historyBand(
      release,
      through,
      islands.map((p) => p.years),
    ),
  };
}

/** Warnings of groups that could not start from the posterior. */
export function posteriorWarnings(options: MonteCarloOptions, p: Plan, result: MonteCarloResult): void {
  if (!options.assimilate || !options.present) return;
  p.groups.forEach((group, g) => {
    if (options.present?.[g]) return;
    const w = `${group.map((i) => options.scenarios[i].id).join(', ')}: starts before 24 months of observed counts; runs its own history from 2012`;
    result.warnings[w] = (result.warnings[w] ?? 0) + options.runs * group.length;
  });
}

/**
 * Scenarios whose start is 'present' start the month after the newest observed month: of the counts
 * filtered, else of the anchor, else of the built-in table.
 */
export function resolveStarts(options: MonteCarloOptions): MonteCarloOptions {
  if (!options.scenarios.some((s) => s.start === PRESENT)) return options;
  const newest =
    options.assimilate?.observed.source.lastMonth ??
    options.anchor?.through ??
    observedHomicides({ prefer: 'builtin' }).source.lastMonth;
  const start = monthLabel(parseMonthLabel(newest) + 1);
  return {
    ...options,
    scenarios: options.scenarios.map((s) => (s.start === PRESENT ? { ...s, start } : s)),
  };
}

/** The whole Monte Carlo in this thread. */
export function runMonteCarloSync(request: MonteCarloOptions): MonteCarloResult {
  validateOptions(request);
  const input = resolveStarts(request);
  const p = plan(input);
  const options = input.assimilate && !input.present ? { ...input, present: filterGroups(input, p) } : input;
  const world = buildWorld(options.network);
  const result = emptyResult(options, p, world);
  posteriorWarnings(options, p, result);
  const tasks = tasksFor(p, options.runs, 8);
  let done = 0;
  const total = options.runs * options.scenarios.length;
  for (const task of tasks) {
    if (options.signal?.aborted) throw new Error('cancelled');
    const out = runTask(world, options, p, task);
    mergeTask(result, p, out);
    done += (task.to - task.from) * p.groups[task.group].length;
    options.onProgress?.(done, total);
  }
  return result;
}

export function validateOptions(options: MonteCarloOptions): void {
  if (!Number.isInteger(options.runs) || options.runs < 1)
    throw new Error(`runs must be a positive integer (got ${options.runs})`);
  if (!Number.isInteger(options.seed) || options.seed < 0 || options.seed > 0xffffffff) {
    throw new Error(`seed must be an integer between 0 and 4294967295 (got ${options.seed})`);
  }
  if (options.scenarios.length === 0) throw new Error('no scenarios to run');
}
