import type { Worker } from 'node:worker_threads';
import { startWorker } from '../../util/start-worker.js';
import { type ErrorBody, HttpError } from '../errors.js';
import type { Limits } from '../limits.js';
import type { TaskArgs, TaskName, TaskResult } from './tasks.js';

/**
 * The server's heavy, one-off computations — model fits for forecasts and hot spots, the whole audit,
 * network measures and disruption, map projection — run on a worker thread, so that the server keeps
 * answering (the map's months, health checks, Monte Carlo progress) while one takes seconds. One worker:
 * the Monte Carlo runs have their own threads, and the panel computations are memoised per data version.
 * The worker reads the same data cache as the server (it holds its own copy of the panel).
 *
 * Bounded like the runs: one task at a time, at most `maxQueuedTasks` waiting (429 beyond), each within
 * `computeTimeoutMs` (503 beyond: the worker is stopped and a new one takes the next task). A task whose
 * caller went away (its `signal` aborted) is dropped from the queue, or stopped if it is running. Errors
 * come back as the HTTP answer the worker computed (`errorAnswer`).
 */
export interface ComputeSetup {
  home: string;
  dataDir?: string;
  limits: Limits;
}

export interface ErrorAnswer {
  status: number;
  body: ErrorBody;
  headers?: Record<string, string>;
}

export type WorkerReply =
  | { id: number; started: true }
  | { id: number; result: unknown }
  | { id: number; error: ErrorAnswer };

interface Job {
  id: number;
  task: TaskName;
  args: unknown;
  signal?: AbortSignal;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
  onAbort?: () => void;
}

export class ComputePool {
  private worker: Worker | undefined;
  private readonly queue: Job[] = [];
  private running: { job: Job; timer?: NodeJS.Timeout } | undefined;
  private nextId = 0;
  private closed = false;
  /** Tasks accepted, and how those that did not answer ended (memoised answers are not asked again). */
  readonly counts = { submitted: 0, timedOut: 0, cancelled: 0, refused: 0 };

  constructor(private readonly setup: ComputeSetup) {}

  run<K extends TaskName>(
    task: K,
    args: TaskArgs<K>,
    options: { signal?: AbortSignal } = {},
  ): Promise<TaskResult<K>> {
    const { limits } = this.setup;
    if (this.closed) return Promise.reject(new HttpError(503, 'the server is stopping'));
    if (options.signal?.aborted) return Promise.reject(new HttpError(503, 'the request was cancelled'));
    if (this.queue.length >= limits.maxQueuedTasks && this.running) {
      this.counts.refused++;
      return Promise.reject(
        new HttpError(
          429,
          `the server is busy: ${this.queue.length} computations are waiting; retry shortly`,
          {
            headers: { 'Retry-After': '5' },
          },
        ),
      );
    }
    this.counts.submitted++;
    return new Promise<TaskResult<K>>((resolve, reject) => {
      const job: Job = {
        id: this.nextId++,
        task,
        args,
        signal: options.signal,
        resolve: resolve as (v: unknown) => void,
        reject,
      };
      if (job.signal) {
        job.onAbort = () => this.cancel(job);
        job.signal.addEventListener('abort', job.onAbort, { once: true });
      }
      this.queue.push(job);
      this.next();
    });
  }

  /** Stop the worker; queued and running tasks fail with 503. */
  async close(): Promise<void> {
    this.closed = true;
    const stopping = new HttpError(503, 'the server is stopping');
    for (const job of this.queue.splice(0)) this.settle(job, stopping);
    if (this.running) this.finish(this.running.job, stopping);
    await this.stopWorker();
  }

  /** Hand the next queued task to the worker when it is free. */
  private next(): void {
    if (this.running || this.closed) return;
    const job = this.queue.shift();
    if (!job) return;
    this.running = { job };
    this.start().postMessage({ id: job.id, task: job.task, args: job.args });
  }

  /**
   * The time budget counts from when the worker begins the task, not from when it was posted: a new
   * worker first loads its modules (about a second from TypeScript sources).
   */
  private startClock(job: Job): void {
    if (this.running?.job !== job) return;
    const timeout = this.setup.limits.computeTimeoutMs;
    this.running.timer = setTimeout(() => {
      this.counts.timedOut++;
      this.abortRunning(
        job,
        new HttpError(
          503,
          `the computation took longer than this server allows (${timeout / 1000} s): ask for less (fewer steps, a smaller network) or raise computeTimeoutMs`,
        ),
      );
    }, timeout);
    this.running.timer.unref();
  }

  /** The caller went away: drop the task if queued, stop the worker if it is running it. */
  private cancel(job: Job): void {
    const at = this.queue.indexOf(job);
    const cancelled = new HttpError(503, 'the request was cancelled');
    if (at >= 0) {
      this.queue.splice(at, 1);
      this.counts.cancelled++;
      this.settle(job, cancelled);
    } else if (this.running?.job === job) {
      this.counts.cancelled++;
      this.abortRunning(job, cancelled);
    }
  }

  /** Stop the worker in the middle of a task (the next task gets a new one), then end the task. */
  private abortRunning(job: Job, err: HttpError): void {
    void this.stopWorker();
    this.finish(job, err);
  }

  /** The running task ends (answer or error); the next one starts. */
  private finish(job: Job, outcome: { result: unknown } | unknown): void {
    if (this.running?.job !== job) return;
    if (this.running.timer) clearTimeout(this.running.timer);
    this.running = undefined;
    this.settle(job, outcome);
    this.next();
  }

  private settle(job: Job, outcome: { result: unknown } | unknown): void {
    if (job.onAbort) job.signal?.removeEventListener('abort', job.onAbort);
    if (outcome && typeof outcome === 'object' && 'result' in outcome) job.resolve(outcome.result);
    else job.reject(outcome);
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = startWorker(import.meta.url, './worker', this.setup);
    worker.on('message', (reply: WorkerReply) => {
      const job = this.running?.job;
      if (!job || job.id !== reply.id) return;
      if ('started' in reply) this.startClock(job);
      else if ('error' in reply) {
        const { status, body, headers } = reply.error;
        const err = new HttpError(status as HttpError['status'], body.error, {
          field: body.field,
          issues: body.issues,
          headers,
        });
        this.finish(job, err);
      } else this.finish(job, { result: reply.result });
    });
    worker.on('error', (err) => {
      console.error(`atalaya: the compute worker failed: ${err.stack ?? err.message}`);
      if (this.worker === worker) this.worker = undefined;
      if (this.running)
        this.finish(this.running.job, new HttpError(500, 'internal error (see the server log)'));
    });
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = undefined;
    });
    // The worker must not keep a finished process (a test, a CLI run) alive.
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private async stopWorker(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }
}
