import { parentPort, type Worker } from 'node:worker_threads';
import { startWorker } from './start-worker.js';

/**
 * Jobs on worker threads, one at a time per worker, handed out as workers free up: the Monte Carlo's
 * tasks, the filters of its posterior, the hold-out's origins. Results come back by job index, so what
 * the caller builds from them does not depend on the thread count or the order of completion.
 *
 * The protocol, for the worker module (`serveWorkerJobs`): the caller posts `{ index, job }`; the worker
 * posts any number of `{ index, progress }`, then `{ index, ok: true, result }` or `{ index, ok: false,
 * error }`. The worker module gets `init` as its `workerData` once, for what every job shares.
 */
export interface WorkerJobsOptions<J, R> {
  /** `import.meta.url` of the caller, and the worker module relative to it, without extension. */
  callerUrl: string;
  module: string;
  init: unknown;
  jobs: readonly J[];
  threads: number;
  /** Names the workers in errors ("filter worker exited with code 1"). */
  label: string;
  signal?: AbortSignal;
  /** A job is handed to a worker. */
  onStart?: (index: number) => void;
  /** A job's result arrived (in completion order; the returned array is in job order). */
  onResult?: (index: number, result: R) => void;
  onProgress?: (index: number, progress: unknown) => void;
  /** Keep the results for the returned array (default true; false when `onResult` consumes them). */
  keepResults?: boolean;
}

type Reply<R> =
  | { index: number; progress: unknown }
  | { index: number; ok: true; result: R }
  | { index: number; ok: false; error: string };

/** Run every job; the results in job order. Rejects on the first error, a worker's exit, or an abort. */
export async function runWorkerJobs<J, R>(o: WorkerJobsOptions<J, R>): Promise<R[]> {
  const results: R[] = new Array(o.jobs.length);
  if (o.jobs.length === 0) return results;
  const workers: Worker[] = [];
  let next = 0;
  let pending = o.jobs.length;
  try {
    await new Promise<void>((resolve, reject) => {
      let failed = false;
      const fail = (err: Error) => {
        if (failed) return;
        failed = true;
        reject(err);
      };
      const onAbort = () => fail(new Error('cancelled'));
      o.signal?.addEventListener('abort', onAbort, { once: true });
      if (o.signal?.aborted) return onAbort();
      const feed = (w: Worker) => {
        if (next >= o.jobs.length) return;
        const index = next++;
        o.onStart?.(index);
        w.postMessage({ index, job: o.jobs[index] });
      };
      for (let i = 0; i < Math.max(1, Math.min(o.threads, o.jobs.length)); i++) {
        const w = startWorker(o.callerUrl, o.module, o.init);
        workers.push(w);
        w.on('message', (msg: Reply<R>) => {
          if (failed) return;
          if ('progress' in msg) return o.onProgress?.(msg.index, msg.progress);
          if (!msg.ok) return fail(new Error(msg.error));
          if (o.keepResults !== false) results[msg.index] = msg.result;
          o.onResult?.(msg.index, msg.result);
          if (--pending === 0) {
            o.signal?.removeEventListener('abort', onAbort);
            return resolve();
          }
          feed(w);
        });
        w.on('error', fail);
        w.on('exit', (code) => {
          if (code !== 0 && pending > 0) fail(new Error(`${o.label} worker exited with code ${code}`));
        });
        feed(w);
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}

/**
 * The worker side: answer each job with `handle(job, progress)`; `transfer` lists the buffers of a result
 * to move rather than copy. An exception becomes the job's error message.
 */
export function serveWorkerJobs<J, R>(
  handle: (job: J, progress: (value: unknown) => void) => R,
  transfer?: (result: R) => ArrayBuffer[],
): void {
  const port = parentPort!;
  port.on('message', ({ index, job }: { index: number; job: J }) => {
    try {
      const result = handle(job, (progress) => port.postMessage({ index, progress }));
      port.postMessage({ index, ok: true, result }, transfer?.(result) ?? []);
    } catch (err) {
      port.postMessage({ index, ok: false, error: (err as Error).message });
    }
  });
}
