import type { GroupNetwork, NetworkSource } from '../data/cartel-network.js';
import { homicideHistory, type YearValue } from '../data/homicide-history.js';
import type { AnchorSpec } from './assimilate/anchor.js';
import { periodGrid, type Resolution, weekToYear, yearMonthToWeek, yearToWeek } from './calendar.js';
import { EventDraws } from './draws.js';
import { runSimulation } from './engine.js';
import { METRIC_IDS, type MetricId, metricsFor } from './metrics.js';
import type { HomicideFit } from './model/homicides.js';
import { buildWorld, type World } from './model/world.js';
import { centralParams, type Params, sampleParams } from './params.js';
import { substream } from './rng.js';
import type { Scenario } from './scenario/schema.js';

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
  onProgress?: (done: number, total: number) => void;
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
  options: Pick<MonteCarloOptions, 'scenarios' | 'seed' | 'observed' | 'runs' | 'anchor'>,
  p: Plan,
  task: Task,
): TaskOutput {
  const scenarios = p.groups[task.group].map((i) => options.scenarios[i]);
  const first = scenarios[0];
  const results: TaskOutput['results'] = scenarios.map(() => []);
  const fits: HomicideFit[] = [];
  const observed = options.observed ?? homicideHistory();
  for (let r = task.from; r < task.to; r++) {
    const params: Params =
      first.uncertainty === 'none'
        ? { ...centralParams(), ...first.parameters }
        : sampleParams(substream(options.seed, r, 'params'), first.parameters);
    const run = runSimulation({
      world,
      scenarios,
      params,
      bounds: p.bounds,
      byArea: p.byArea,
      observed,
      historyDraws: EventDraws.of(options.seed, r, 'history'),
      futureDraws: EventDraws.of(options.seed, r, 'future'),
      // Weekly results need weekly steps (a step may straddle at most one period boundary).
      dt: p.resolution === 'week' ? 1 : undefined,
      rngCalibration: first.uncertainty === 'none' ? undefined : substream(options.seed, r, 'calibration'),
      anchor: options.anchor ? anchorStream(options.anchor, options.seed, r, options.runs) : undefined,
    });
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

/** The whole Monte Carlo in this thread. */
export function runMonteCarloSync(options: MonteCarloOptions): MonteCarloResult {
  validateOptions(options);
  const world = buildWorld(options.network);
  const p = plan(options);
  const result = emptyResult(options, p, world);
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
