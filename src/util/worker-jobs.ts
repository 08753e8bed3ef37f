import { parentPort, type Worker, workerData } from 'node:worker_threads';
import { prepareWorker, startWorker } from './start-worker.js';

/**
 * Jobs on worker threads, one at a time per worker, handed out as workers free up: the Monte Carlo's
 * tasks, the filters of its posterior, the hold-out's origins. Results come back by job index, so what
 * the caller builds from them does not depend on the thread count or the order of completion.
 *
 * The protocol, for the worker module (`serveWorkerJobs`): the caller posts `{ index, job }`; the worker
 * posts any number of `{ index, progress }`, then `{ index, ok: true, result }` or `{ index, ok: false,
 * error }`. The worker module gets `init` as its `workerData` once, for what every job shares. A module
 * served with `serveWorkerSetup` can also be reused (`reuse`): the caller then posts `{ init }` first.
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
  /**
   * After the jobs, keep the workers for the next call on the same module, for up to a minute (default
   * false; the module must serve with `serveWorkerSetup`). A new worker costs its start (about 0.3 s of
   * CPU) and, more, its warm-up: its first runs are interpreted while V8 compiles the hot code again,
   * about 1 s of CPU per worker for the Monte Carlo. Idle workers never keep the process alive.
   */
  reuse?: boolean;
}

type Reply<R> =
  | { index: number; progress: unknown }
  | { index: number; ok: true; result: R }
  | { index: number; ok: false; error: string };

/** Run every job; the results in job order. Rejects on the first error, a worker's exit, or an abort. */
export async function runWorkerJobs<J, R>(o: WorkerJobsOptions<J, R>): Promise<R[]> {
  const results: R[] = new Array(o.jobs.length);
  if (o.jobs.length === 0) return results;
  await prepareWorker(o.callerUrl, o.module);
  const key = new URL(o.module, o.callerUrl).href;
  const workers: Worker[] = [];
  const detach: (() => void)[] = [];
  let succeeded = false;
  let next = 0;
  let pending = o.jobs.length;
  let failed = false;
  let onAbort = () => {};
  try {
    await new Promise<void>((resolve, reject) => {
      const fail = (err: Error) => {
        if (failed) return;
        failed = true;
        reject(err);
      };
      onAbort = () => fail(new Error('cancelled'));
      o.signal?.addEventListener('abort', onAbort, { once: true });
      if (o.signal?.aborted) return onAbort();
      const feed = (w: Worker) => {
        if (next >= o.jobs.length) return;
        const index = next++;
        o.onStart?.(index);
        w.postMessage({ index, job: o.jobs[index] });
      };
      for (let i = 0; i < Math.max(1, Math.min(o.threads, o.jobs.length)); i++) {
        const reused = o.reuse ? takeIdle(key) : undefined;
        const w = reused ?? startWorker(o.callerUrl, o.module, o.init);
        if (reused) w.postMessage({ init: o.init });
        workers.push(w);
        const onMessage = (msg: Reply<R>) => {
          if (failed) return;
          if ('progress' in msg) return o.onProgress?.(msg.index, msg.progress);
          if (!msg.ok) return fail(new Error(msg.error));
          if (o.keepResults !== false) results[msg.index] = msg.result;
          o.onResult?.(msg.index, msg.result);
          if (--pending === 0) return resolve();
          feed(w);
        };
        const onExit = (code: number) => {
          if (code !== 0 && pending > 0) fail(new Error(`${o.label} worker exited with code ${code}`));
        };
        w.on('message', onMessage);
        w.on('error', fail);
        w.on('exit', onExit);
        detach.push(() => {
          w.off('message', onMessage);
          w.off('error', fail);
          w.off('exit', onExit);
        });
        feed(w);
      }
    });
    succeeded = true;
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
    // Only workers that answered every job go back to wait; after an error or an abort, all end.
    if (!(succeeded && o.reuse)) await Promise.all(workers.map((w) => w.terminate()));
    for (const d of detach) d();
    if (succeeded && o.reuse) for (const w of workers) keepIdle(key, w);
  }
  return results;
}

/** Workers kept by `reuse`, by module, each with what cancels its wait (its timer and listeners). */
const idle = new Map<string, Map<Worker, () => void>>();
const IDLE_MS = 60_000;

function takeIdle(key: string): Worker | undefined {
  const waiting = idle.get(key);
  if (!waiting) return undefined;
  for (const [w, cancel] of waiting) {
    waiting.delete(w);
    cancel();
    w.ref();
    return w;
  }
  return undefined;
}

function keepIdle(key: string, w: Worker): void {
  const waiting = idle.get(key) ?? new Map<Worker, () => void>();
  idle.set(key, waiting);
  const timer = setTimeout(() => {
    drop();
    void w.terminate();
  }, IDLE_MS);
  timer.unref();
  const cancel = () => {
    clearTimeout(timer);
    w.off('exit', drop);
    w.off('error', drop);
  };
  // A worker that dies while waiting is forgotten.
  const drop = () => {
    waiting.delete(w);
    cancel();
  };
  w.on('exit', drop);
  w.on('error', drop);
  w.unref();
  waiting.set(w, cancel);
}

/** How a worker answers its jobs; `transfer` lists the buffers of a result to move rather than copy. */
export interface WorkerJobHandler<J, R> {
  handle: (job: J, progress: (value: unknown) => void) => R;
  transfer?: (result: R) => ArrayBuffer[];
}

/**
 * The worker side: answer each job with `handle(job, progress)`; `transfer` lists the buffers of a result
 * to move rather than copy. An exception becomes the job's error message.
 */
export function serveWorkerJobs<J, R>(
  handle: (job: J, progress: (value: unknown) => void) => R,
  transfer?: (result: R) => ArrayBuffer[],
): void {
  const handler = { handle, transfer };
  listen(() => handler);
}

/**
 * The worker side of a reusable worker (`reuse`): `setup(init)` makes the handler of a call's jobs, from
 * `workerData` when the worker starts, then from each `{ init }` of a call that reuses it. An exception in
 * `setup` becomes the error of that call's jobs.
 */
export function serveWorkerSetup<I, J, R>(setup: (init: I) => WorkerJobHandler<J, R>): void {
  let current: WorkerJobHandler<J, R> | Error;
  const load = (init: unknown) => {
    try {
      current = setup(init as I);
    } catch (err) {
      current = err as Error;
    }
  };
  load(workerData);
  listen(() => current, load);
}

function listen<J, R>(handler: () => WorkerJobHandler<J, R> | Error, onInit?: (init: unknown) => void): void {
  const port = parentPort!;
  port.on('message', (msg: { index: number; job: J } | { init: unknown }) => {
    if ('init' in msg) return onInit?.(msg.init);
    const { index, job } = msg;
    try {
      const h = handler();
      if (h instanceof Error) throw h;
      const result = h.handle(job, (progress) => port.postMessage({ index, progress }));
      port.postMessage({ index, ok: true, result }, h.transfer?.(result) ?? []);
    } catch (err) {
      port.postMessage({ index, ok: false, error: (err as Error).message });
    }
  });
}
