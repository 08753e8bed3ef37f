import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../util/start-worker.js';
import type { PresentPosterior } from './assimilate/posterior.js';
import { buildWorld } from './model/world.js';
import {
  assembleIslands,
  emptyResult,
  filterProgress,
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
  const queue: Task[] = tasksFor(p, options.runs, size);
  const total = options.runs * options.scenarios.length;
  let done = 0;
  const workerData = {
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
  const workers: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let active = 0;
      let failed = false;
      const fail = (err: Error) => {
        if (failed) return;
        failed = true;
        reject(err);
      };
      const onAbort = () => fail(new Error('cancelled'));
      options.signal?.addEventListener('abort', onAbort, { once: true });
      if (options.signal?.aborted) return onAbort();
      const feed = (w: Worker) => {
        const task = queue.shift();
        if (!task) {
          active--;
          if (active === 0 && !failed) {
            options.signal?.removeEventListener('abort', onAbort);
            resolve();
          }
          return;
        }
        w.postMessage(task);
      };
      for (let i = 0; i < threads; i++) {
        const w = startWorker(import.meta.url, './worker', workerData);
        workers.push(w);
        active++;
        w.on('message', (msg: { ok: true; out: TaskOutput } | { ok: false; error: string }) => {
          if (failed) return;
          if (!msg.ok) return fail(new Error(msg.error));
          mergeTask(result, p, msg.out);
          done += (msg.out.to - msg.out.from) * p.groups[msg.out.group].length;
          options.onProgress?.(done, total);
          feed(w);
        });
        w.on('error', fail);
        w.on('exit', (code) => {
          if (code !== 0 && !failed && (queue.length > 0 || active > 0))
            fail(new Error(`worker exited with code ${code}`));
        });
        feed(w);
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
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
  if (jobs.length === 0) return assembleIslands(p, jobs, []);
  const { network, scenarios, seed, runs, assimilate } = options;
  const init = { options: { network, scenarios, seed, runs, assimilate }, plan: p };
  const progress = filterProgress(options, jobs.length);
  const posteriors: PresentPosterior[] = new Array(jobs.length);
  const workers: Worker[] = [];
  let next = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      let pending = jobs.length;
      let failed = false;
      const fail = (err: Error) => {
        if (failed) return;
        failed = true;
        reject(err);
      };
      const onAbort = () => fail(new Error('cancelled'));
      options.signal?.addEventListener('abort', onAbort, { once: true });
      if (options.signal?.aborted) return onAbort();
      type Message =
        | { progress: [number, number] }
        | { ok: true; posterior: PresentPosterior }
        | { ok: false; error: string };
      for (let i = 0; i < Math.min(threads, jobs.length); i++) {
        const w = startWorker(import.meta.url, './assimilate/present-worker', init);
        workers.push(w);
        let current = -1;
        const feed = () => {
          if (next >= jobs.length) return;
          current = next++;
          w.postMessage(jobs[current]);
        };
        w.on('message', (msg: Message) => {
          if (failed) return;
          if ('progress' in msg) return progress(current, ...msg.progress);
          if (!msg.ok) return fail(new Error(msg.error));
          posteriors[current] = msg.posterior;
          if (--pending === 0) {
            options.signal?.removeEventListener('abort', onAbort);
            return resolve();
          }
          feed();
        });
        w.on('error', fail);
        w.on('exit', (code) => {
          if (code !== 0 && pending > 0) fail(new Error(`filter worker exited with code ${code}`));
        });
        feed();
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return assembleIslands(p, jobs, posteriors);
}
