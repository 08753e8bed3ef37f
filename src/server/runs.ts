import { randomBytes } from 'node:crypto';
import { HttpError } from './errors.js';
import type { Limits } from './limits.js';

/**
 * Monte Carlo runs requested over HTTP: a bounded queue in front of a bounded number of running jobs.
 *
 * - At most `maxConcurrentRuns` execute at once; up to `maxQueuedRuns` wait; beyond that `submit` refuses
 *   with 429 (Retry-After). A slot is freed only when the job's promise has settled, i.e. after the core
 *   has terminated its worker threads, so cancelled work never overlaps new work.
 * - A running job is aborted (its AbortSignal fires) when: it is cancelled (DELETE), its time budget
 *   `runTimeoutMs` runs out (status `timeout`), its last live listener left and none came back within
 *   `disconnectGraceMs` (status `cancelled`), or the server closes. A job nobody ever listened to is only
 *   ended by DELETE, its time budget or the server closing: polling clients are not penalised.
 * - Every submitted job reaches exactly one final status (done, error, cancelled, timeout); `counts`
 *   tallies them, so the accounting can be checked (tests, `bench/serve-load.ts`).
 * - The last `keepFinishedRuns` finished jobs stay readable; older ones are forgotten (404).
 */
export type RunStatus = 'queued' | 'running' | 'done' | 'error' | 'cancelled' | 'timeout';
export type FinalStatus = Exclude<RunStatus, 'queued' | 'running'>;
export const FINAL_STATUSES: readonly FinalStatus[] = ['done', 'error', 'cancelled', 'timeout'];

export interface RunInfo<D = unknown> {
  id: string;
  status: RunStatus;
  created: string;
  started?: string;
  finished?: string;
  progress: { done: number; total: number };
  /** What was asked (scenario ids, runs, seed…), for display. */
  request: D;
  /** Position in the queue (0 = next), while queued. */
  queuePosition?: number;
  error?: string;
}

export type RunEvent<R> =
  | { type: 'progress'; done: number; total: number }
  | { type: FinalStatus; info: RunInfo; result?: R };

export type Execute<J, R> = (
  job: J,
  control: { signal: AbortSignal; onProgress: (done: number, total: number) => void },
) => Promise<R>;

interface Run<J, R> {
  info: RunInfo;
  job: J;
  result?: R;
  controller: AbortController;
  /** Why the run was aborted (decides its final status). */
  abortReason?: 'cancelled' | 'timeout';
  listeners: Set<(e: RunEvent<R>) => void>;
  /** Ever had a listener: the disconnect rule only applies then. */
  watched: boolean;
  graceTimer?: NodeJS.Timeout;
  timeoutTimer?: NodeJS.Timeout;
  settled?: Promise<void>;
}

type RunLimits = Pick<
  Limits,
  'maxConcurrentRuns' | 'maxQueuedRuns' | 'runTimeoutMs' | 'keepFinishedRuns' | 'disconnectGraceMs'
>;

export class RunManager<J, R, D = unknown> {
  private readonly runs = new Map<string, Run<J, R>>();
  private readonly queue: Run<J, R>[] = [];
  private readonly finishedOrder: string[] = [];
  private active = 0;
  private closed = false;
  readonly counts: Record<'submitted' | FinalStatus, number> = {
    submitted: 0,
    done: 0,
    error: 0,
    cancelled: 0,
    timeout: 0,
  };

  constructor(
    private readonly limits: RunLimits,
    private readonly execute: Execute<J, R>,
    private readonly describe: (job: J) => D,
  ) {}

  /** Queue a job (or start it at once); 429 when the queue is full, 503 once the server is closing. */
  submit(job: J): RunInfo<D> {
    if (this.closed) throw new HttpError(503, 'the server is shutting down');
    if (this.active >= this.limits.maxConcurrentRuns && this.queue.length >= this.limits.maxQueuedRuns) {
      throw new HttpError(
        429,
        `too many runs: ${this.active} running and ${this.queue.length} queued (limits ${this.limits.maxConcurrentRuns} and ${this.limits.maxQueuedRuns}); retry when one has finished`,
        { headers: { 'Retry-After': '5' } },
      );
    }
    const id = randomBytes(8).toString('hex');
    const run: Run<J, R> = {
      info: {
        id,
        status: 'queued',
        created: new Date().toISOString(),
        progress: { done: 0, total: 0 },
        request: this.describe(job),
      },
      job,
      controller: new AbortController(),
      listeners: new Set(),
      watched: false,
    };
    this.runs.set(id, run);
    this.counts.submitted++;
    this.queue.push(run);
    this.pump();
    return this.info(id)!;
  }

  info(id: string): RunInfo<D> | undefined {
    const run = this.runs.get(id);
    if (!run) return undefined;
    const k = this.queue.indexOf(run);
    return {
      ...run.info,
      progress: { ...run.info.progress },
      ...(k >= 0 ? { queuePosition: k } : {}),
    } as RunInfo<D>;
  }

  result(id: string): R | undefined {
    return this.runs.get(id)?.result;
  }

  /** Cancel a queued or running job. False when it had already finished. */
  cancel(id: string, reason: 'cancelled' | 'timeout' = 'cancelled'): boolean {
    const run = this.runs.get(id);
    if (!run || isFinal(run.info.status)) return false;
    const k = this.queue.indexOf(run);
    if (k >= 0) {
      this.queue.splice(k, 1);
      this.finish(run, reason);
      return true;
    }
    if (!run.abortReason) {
      run.abortReason = reason;
      run.controller.abort(reason);
    }
    return true;
  }

  /**
   * Follow a job: progress, then exactly one final event (at once if it has already finished). Returns the
   * function to stop listening; when the last listener of an unfinished job stops, the job is cancelled
   * after `disconnectGraceMs` unless someone listens again.
   */
  listen(id: string, listener: (e: RunEvent<R>) => void): () => void {
    const run = this.runs.get(id);
    if (!run) throw new HttpError(404, `unknown run "${id}"`, { field: 'id' });
    if (isFinal(run.info.status)) {
      listener({ type: run.info.status as FinalStatus, info: this.info(id)!, result: run.result });
      return () => {};
    }
    run.watched = true;
    run.listeners.add(listener);
    clearTimeout(run.graceTimer);
    run.graceTimer = undefined;
    return () => {
      if (!run.listeners.delete(listener)) return;
      if (run.listeners.size > 0 || isFinal(run.info.status)) return;
      const grace = this.limits.disconnectGraceMs;
      if (grace === 0) this.cancel(id);
      else {
        run.graceTimer = setTimeout(() => {
          if (run.listeners.size === 0) this.cancel(id);
        }, grace);
        run.graceTimer.unref();
      }
    };
  }

  stats(): { running: number; queued: number; kept: number } {
    return { running: this.active, queued: this.queue.length, kept: this.runs.size };
  }

  /** Refuse new jobs, cancel every unfinished one, and wait until all have settled. */
  async close(): Promise<void> {
    this.closed = true;
    for (const run of [...this.runs.values()]) this.cancel(run.info.id);
    await Promise.all([...this.runs.values()].map((r) => r.settled));
  }

  private pump(): void {
    while (this.active < this.limits.maxConcurrentRuns && this.queue.length > 0) {
      this.start(this.queue.shift()!);
    }
  }

  private start(run: Run<J, R>): void {
    this.active++;
    run.info.status = 'running';
    run.info.started = new Date().toISOString();
    run.timeoutTimer = setTimeout(() => this.cancel(run.info.id, 'timeout'), this.limits.runTimeoutMs);
    run.timeoutTimer.unref();
    const onProgress = (done: number, total: number) => {
      if (isFinal(run.info.status)) return;
      run.info.progress = { done, total };
      for (const l of run.listeners) l({ type: 'progress', done, total });
    };
    run.settled = (async () => {
      try {
        // Started on the next turn, so that a job cannot finish inside `submit` itself.
        await Promise.resolve();
        if (run.controller.signal.aborted) throw new Error('cancelled');
        const result = await this.execute(run.job, { signal: run.controller.signal, onProgress });
        if (run.abortReason) this.finish(run, run.abortReason);
        else {
          run.result = result;
          this.finish(run, 'done');
        }
      } catch (err) {
        if (run.abortReason) this.finish(run, run.abortReason);
        else this.finish(run, 'error', (err as Error)?.message ?? String(err));
      } finally {
        this.active--;
        this.pump();
      }
    })();
  }

  /** The one place a job becomes final: guarded, so no job is counted twice. */
  private finish(run: Run<J, R>, status: FinalStatus, error?: string): void {
    if (isFinal(run.info.status)) return;
    clearTimeout(run.timeoutTimer);
    clearTimeout(run.graceTimer);
    run.info.status = status;
    run.info.finished = new Date().toISOString();
    if (error) run.info.error = error;
    if (status === 'timeout')
      run.info.error = `the run exceeded its time budget of ${this.limits.runTimeoutMs} ms`;
    this.counts[status]++;
    const event: RunEvent<R> = { type: status, info: this.info(run.info.id)!, result: run.result };
    const listeners = [...run.listeners];
    run.listeners.clear();
    for (const l of listeners) l(event);
    this.finishedOrder.push(run.info.id);
    while (this.finishedOrder.length > this.limits.keepFinishedRuns) {
      this.runs.delete(this.finishedOrder.shift()!);
    }
  }
}

function isFinal(status: RunStatus): status is FinalStatus {
  return (FINAL_STATUSES as readonly string[]).includes(status);
}
