import { availableParallelism } from 'node:os';
import { runWorkerJobs } from '../util/worker-jobs.js';
import type { PresentPosterior } from './assimilate/posterior.js';
import { buildWorld } from './model/world.js';
import {
  assembleIslands,
  emptyResult,
  filterProgress,
  type IslandJob,
  islandJobs,
  type MonteCarloOptions,
  type MonteCarloResult,
  mergeTask,
  type Plan,
  plan,
  posteriorWarnings,
  resolveStarts,
  runMonteCarloSync,
  type Task,
  type TaskOutput,
  validateOptions,
} from './montecarlo.js';
import type { PoolInit } from './worker.js';

/** Default worker threads: all cores, at most 8. */
export function defaultThreads(): number {
  return Math.max(1, Math.min(8, availableParallelism()));
}

/**
 * Run the Monte Carlo on worker threads. Tasks are handed out as workers free up; results are merged
 * by run index, so the outcome does not depend on the thread count or on scheduling. The workers stay,
 * compiled hot, for the next call (worker.ts): the filter's workers run the runs, and a server's or a
 * sweep's later calls skip the start and the warm-up (about 1 s of CPU a worker).
 *
 * The caller's thread only merges (about 10 ms for 1,000 runs): with 2 threads on 2 cores, the two
 * workers have the cores. It takes no share of the runs, since a server calls this on its event loop.
 */
export async function runMonteCarlo(request: MonteCarloOptions): Promise<MonteCarloResult> {
  validateOptions(request);
  const input = resolveStarts(request);
  const threads = Math.max(1, Math.min(input.threads ?? defaultThreads(), input.runs));
  if (threads === 1) return runMonteCarloSync(input);
  const p = plan(input);
  const options =
    input.assimilate && !input.present
      ? { ...input, present: await filterInWorkers(input, p, threads) }
      : input;
  const world = buildWorld(options.network);
  const result = emptyResult(options, p, world);
  posteriorWarnings(options, p, result);
  const total = options.runs * options.scenarios.length;
  let done = 0;
  const init: PoolInit = {
    runs: {
      network: options.network,
      scenarios: options.scenarios,
      seed: options.seed,
      observed: options.observed,
      runs: options.runs,
      anchor: options.anchor,
      present: options.present,
    },
    plan: p,
  };
  await runWorkerJobs<Task, TaskOutput>({
    callerUrl: import.meta.url,
    module: './worker',
    init,
    jobs: guidedTasks(p, options.runs, threads),
    threads,
    label: 'Monte Carlo',
    signal: options.signal,
    reuse: true,
    // Merged as they arrive: the result's layout is by run index, whatever the order.
    keepResults: false,
    onResult: (_, out) => {
      mergeTask(result, p, out);
      done += (out.to - out.from) * p.groups[out.group].length;
      options.onProgress?.(done, total);
    },
  });
  return result;
}

/**
 * Tasks for the workers, handed out in this order: up to 16 runs each while many remain (a message per
 * 16 runs costs under 1 ms against about 0.25 s of work), then shrinking to single runs, so the workers
 * finish together rather than one waiting for the other's last 16 runs (a variant of guided
 * self-scheduling, Polychronopoulos & Kuck 1987). A run's numbers depend on (seed, run) alone, not on
 * its task.
 */
export function guidedTasks(p: Plan, runs: number, threads: number): Task[] {
  const tasks: Task[] = [];
  for (let from = 0; from < runs; ) {
    const to = Math.min(runs, from + Math.max(1, Math.min(16, Math.ceil((runs - from) / (threads * 4)))));
    for (let g = 0; g < p.groups.length; g++) tasks.push({ group: g, from, to });
    from = to;
  }
  return tasks;
}

/**
 * The islands of a Monte Carlo's posterior (montecarlo.ts `filterIsland`) on worker threads, one job at a
 * time per worker; assembled by job order, so the thread count changes no number.
 */
async function filterInWorkers(
  options: MonteCarloOptions,
  p: Plan,
  threads: number,
): Promise<(PresentPosterior[] | undefined)[]> {
  const jobs = islandJobs(options, p);
  const { network, scenarios, seed, runs, assimilate } = options;
  const progress = filterProgress(options, jobs.length);
  const posteriors = await runWorkerJobs<IslandJob, PresentPosterior>({
    callerUrl: import.meta.url,
    module: './worker',
    init: { filter: { network, scenarios, seed, runs, assimilate }, plan: p } satisfies PoolInit,
    jobs,
    threads,
    label: 'filter',
    signal: options.signal,
    // The same workers then run the Monte Carlo.
    reuse: true,
    onProgress: (index, value) => {
      const [done, total] = value as [number, number];
      progress(index, done, total);
    },
  });
  return assembleIslands(p, jobs, posteriors);
}
