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
  tasksFor,
  validateOptions,
} from './montecarlo.js';

/** Default worker threads: all cores, at most 8. */
export function defaultThreads(): number {
  return Math.max(1, Math.min(8, availableParallelism()));
}

/**
 * Run the Monte Carlo on worker threads. Tasks are handed out as workers free up; results are merged
 * by run index, so the outcome does not depend on the thread count or on scheduling.
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
  // Small tasks balance the load; at least a few per thread.
  const size = Math.max(1, Math.min(16, Math.ceil(options.runs / (threads * 4))));
  const total = options.runs * options.scenarios.length;
  let done = 0;
  const init = {
    options: {
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
    jobs: tasksFor(p, options.runs, size),
    threads,
    label: 'Monte Carlo',
    signal: options.signal,
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
    module: './assimilate/present-worker',
    init: { options: { network, scenarios, seed, runs, assimilate }, plan: p },
    jobs,
    threads,
    label: 'filter',
    signal: options.signal,
    onProgress: (index, value) => {
      const [done, total] = value as [number, number];
      progress(index, done, total);
    },
  });
  return assembleIslands(p, jobs, posteriors);
}
