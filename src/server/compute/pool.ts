import type { Worker } from 'node:worker_threads';
import { startWorker } from '../../util/start-worker.js';
import { type ErrorBody, HttpError } from '../errors.js';
import type { Limits } from '../limits.js';
import type { TaskArgs, TaskName, TaskResult } from './tasks.js';

/**
 * The server's heavy, one-off computations — model fits for forecasts and hot spots, the whole audit,
 * network measures and disruption, map projection — run on a worker thread, so that the server keeps
 * answering (the map's months, health checks, Monte Carlo progress) while one takes seconds. One worker:
 * the Monte Carlo runs have their own threads, and these requests are memoised per data version, so they
 * are rare. The worker reads the same data cache as the server (it holds its own copy of the panel).
 *
 * Messages are handled in order by the worker; a crashed worker fails what it held and is started anew
 * on the next request. Errors come back as the HTTP answer the worker computed (`errorAnswer`).
 */
export interface ComputeSetup {
  home: string;
  dataDir?: string;
  limits: Limits;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

export type WorkerReply = { id: number; result: unknown } | { id: number; error: ErrorAnswer };

export interface ErrorAnswer {
  status: number;
  body: ErrorBody;
  headers?: Record<string, string>;
}

export class ComputePool {
  private worker: Worker | undefined;
  private pending = new Map<number, Pending>();
  private nextId = 0;
  /** Tasks handed to the worker so far (memoised answers are not counted: they are not asked again). */
  submitted = 0;

  constructor(private readonly setup: ComputeSetup) {}

  run<K extends TaskName>(task: K, args: TaskArgs<K>): Promise<TaskResult<K>> {
    const worker = this.start();
    const id = this.nextId++;
    this.submitted++;
    return new Promise<TaskResult<K>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ id, task, args });
    });
  }

  /** Stop the worker; what it held fails. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.failAll(new HttpError(503, 'the server is stopping'));
    await worker?.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = startWorker(import.meta.url, './worker', this.setup);
    worker.on('message', (reply: WorkerReply) => {
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      if ('error' in reply) {
        const { status, body, headers } = reply.error;
        p.reject(
          new HttpError(status as HttpError['status'], body.error, {
            field: body.field,
            issues: body.issues,
            headers,
          }),
        );
      } else p.resolve(reply.result);
    });
    worker.on('error', (err) => {
      console.error(`atalaya: the compute worker failed: ${err.stack ?? err.message}`);
      if (this.worker === worker) this.worker = undefined;
      this.failAll(new HttpError(500, 'internal error (see the server log)'));
    });
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = undefined;
    });
    // The worker must not keep a finished process (a test, a CLI run) alive.
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private failAll(err: unknown): void {
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }
}
