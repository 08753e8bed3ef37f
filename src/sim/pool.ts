import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../util/start-worker.js';
import { buildWorld } from './model/world.js';
import {
  emptyResult,
  type MonteCarloOptions,
  type MonteCarloResult,
  mergeTask,
  plan,
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
export async function runMonteCarlo(options: MonteCarloOptions): Promise<MonteCarloResult> {
  validateOptions(options);
  const threads = Math.max(1, Math.min(options.threads ?? defaultThreads(), options.runs));
  if (threads === 1) return runMonteCarloSync(options);
  const p = plan(options);
  const world = buildWorld(options.network);
  const result = emptyResult(options, p, world);
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
