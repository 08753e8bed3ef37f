import { hostname } from 'node:os';
import { type Job, Queue, QueueEvents, UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { packCanonical, packResult, unpackResult } from './pack.js';

/**
 * Chunked sweeps over BullMQ on Redis: a coordinator (`runOnBullmq`, behind `atalaya explore --engine
 * bullmq --redis URL`) hands out the chunks of a sweep; worker processes on any machine (`serveBullmq`,
 * behind `atalaya worker --redis URL`) run them with a handler named by the sweep's kind.
 *
 * Rules:
 * - A chunk's result is a pure function of (spec, chunk). A chunk may therefore run more than once (a
 *   retry, a job handed on from a dead worker, a duplicate) and still give the same bytes: correctness
 *   rests on that, not on exactly-once execution. The coordinator delivers each index exactly once.
 * - Redis keys, all expiring after `KEEP_SECONDS` (refreshed by each coordinator and each stored result)
 *   so that a crashed coordinator can be resumed from any machine:
 *   `atalaya:sweep:{id}:spec` (kind, spec and chunks, canonical `packResult`; written once),
 *   `atalaya:sweep:{id}:results` (hash: chunk index → packed result; HSETNX, so the first copy stays),
 *   `atalaya:sweep:{id}:cancel` (set when the sweep is cancelled; a new coordinator clears it).
 * - Jobs: one per chunk, in queue `atalaya-sweeps-{kind}` (so a worker only takes kinds it has a handler
 *   for), id `{id}-{index}` (BullMQ refuses ':' in custom ids) so that enqueueing a chunk twice adds one
 *   job, data `{ sweep, kind, index, timeoutMs }`. Jobs are removed once completed or failed: the results
 *   hash and BullMQ's event stream are the record, and a new coordinator can re-add any missing chunk.
 * - Coordinator: stores the spec, delivers the results already in the hash (resume), adds jobs for the
 *   chunks still missing, then follows BullMQ's `QueueEvents` (read from before its jobs were added, so no
 *   event is lost) and polls the hash's length as a safety net; every `LOST_CHECK_MS` it adds again the
 *   chunks whose job vanished without a result (a drained or obliterated queue). A chunk that fails after `attempts` rejects
 *   the sweep (`SweepChunkError`); an abort rejects with the signal's reason. Either way it sets the cancel
 *   key and removes the sweep's waiting jobs.
 * - Worker: before a chunk it checks the cancel key and the hash (a duplicate of a stored chunk returns at
 *   once); while chunks run it polls the cancel keys of their sweeps every `CANCEL_POLL_MS` and aborts
 *   them through BullMQ's own `worker.cancelJob` (the handler sees `control.signal`). A cancelled chunk
 *   fails as unrecoverable with `CANCELLED`. A running coordinator that sees that reason, or a job of its
 *   own removed, without having cancelled (another coordinator of the same sweep gave up) clears the
 *   cancel key and adds the chunk again: it still wants the sweep.
 * - A worker killed mid-chunk loses nothing: its job's lock lapses after `lockDurationMs` and BullMQ's
 *   stalled-job check (every `stalledIntervalMs`, by the surviving workers) hands the job on. A worker
 *   asked to stop (its signal) takes no new chunk and finishes the running ones (BullMQ's `close`).
 * - Overhead: a few milliseconds of CPU per chunk over all processes (BullMQ's own share is about 1 ms), so
 *   chunks should last seconds, not milliseconds.
 *
 * @example
 * // coordinator
 * await runOnBullmq(sweep, { redis: 'redis://queue-host:6379/0', onResult: (i, r) => merge(i, r) });
 * // each worker machine
 * await serveBullmq({ redis: 'redis://queue-host:6379/0', handlers: { explore: exploreHandler }, signal });
 */

export interface SweepHandler<S, C, R> {
  /** Build what every chunk of a sweep shares (called once per sweep id per worker process, cached). */
  prepare(spec: S): unknown | Promise<unknown>;
  /**
   * Compute one chunk. It must yield to the event loop (await) at least every `lockDurationMs / 2`, or the
   * worker cannot renew its lock and the chunk is handed to another worker as stalled; and it should check
   * `control.signal` between items, which aborts when the sweep is cancelled or the chunk times out.
   */
  run(context: unknown, chunk: C, control: { signal: AbortSignal }): R | Promise<R>;
}

export interface DistributedSweep<S, C> {
  kind: string;
  /** content hash of (kind, spec): same sweep, same id */
  id: string;
  spec: S;
  chunks: C[];
}

export interface RunOnBullmqOptions<R> {
  /** redis://[user:password@]host:port/db (or rediss://). */
  redis: string;
  /** Chunk indexes already done (from a local checkpoint): neither run nor delivered. */
  skip?: ReadonlySet<number>;
  /** Exactly once per chunk index not in `skip`, in any order. */
  onResult: (index: number, result: R) => void;
  /** `done` counts skipped chunks too; `total` is the number of chunks. */
  onProgress?: (done: number, total: number) => void;
  /** Cancels the sweep: no more chunks handed out, running ones stopped; rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Runs of a chunk before its failure fails the sweep (default 3). */
  attempts?: number;
  /** A run of a chunk longer than this is aborted and counts as a failed attempt (default: none). */
  timeoutMs?: number;
}

export interface ServeBullmqOptions {
  redis: string;
  /** Handlers by sweep kind; the worker serves those kinds only. */
  // biome-ignore lint/suspicious/noExplicitAny: each kind has its own spec, chunk and result types
  handlers: Record<string, SweepHandler<any, any, any>>;
  /** Chunks run at once, per kind (default 1: handlers are CPU-bound). */
  concurrency?: number;
  /** Stops taking chunks; `serveBullmq` resolves once the running ones have finished. */
  signal?: AbortSignal;
  log?: (line: string) => void;
  /** How long a chunk's lock lasts without renewal: a dead worker's chunk is handed on after about this (default 60 s). */
  lockDurationMs?: number;
  /** How often this worker looks for other workers' stalled chunks (default 30 s). */
  stalledIntervalMs?: number;
}

/** The failure reason of a chunk stopped because its sweep was cancelled. */
export const CANCELLED = 'atalaya: sweep cancelled';
export const KEEP_SECONDS = 7 * 24 * 3600;
const CONNECT_TIMEOUT_MS = 3000;
const CLEANUP_TIMEOUT_MS = 5000;
const CANCEL_POLL_MS = 500;
const RESULTS_POLL_MS = 500;
/** How often the coordinator looks for jobs gone without an event (a drained or obliterated queue). */
const LOST_CHECK_MS = 10_000;
/** Prepared contexts kept per worker process (the most recently used sweeps). */
const CONTEXTS_KEPT = 4;
const WORKER_DEFAULTS = { concurrency: 1, lockDurationMs: 60_000, stalledIntervalMs: 30_000 };

interface ChunkJob {
  sweep: string;
  kind: string;
  index: number;
  timeoutMs?: number;
}

/** What the spec key holds. */
interface StoredSweep {
  kind: string;
  spec: unknown;
  chunks: unknown[];
}

/** A chunk failed for good (after its attempts, or unrecoverably). */
export class SweepChunkError extends Error {
  constructor(
    readonly kind: string,
    readonly sweep: string,
    readonly index: number,
    readonly reason: string,
  ) {
    super(`chunk ${index} of ${kind} sweep ${sweep.slice(0, 12)} failed: ${reason}`);
    this.name = 'SweepChunkError';
  }
}

export class RedisUnreachableError extends Error {
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`cannot reach Redis at ${url}: ${reason}`);
    this.name = 'RedisUnreachableError';
  }
}

export function sweepQueueName(kind: string): string {
  if (!/^[\w.-]+$/.test(kind)) throw new Error(`invalid sweep kind "${kind}": use letters, digits, _ . -`);
  return `atalaya-sweeps-${kind}`;
}

export function sweepKeys(id: string): { spec: string; results: string; cancel: string } {
  const base = `atalaya:sweep:${id}`;
  return { spec: `${base}:spec`, results: `${base}:results`, cancel: `${base}:cancel` };
}

export async function runOnBullmq<S, C, R>(
  sweep: DistributedSweep<S, C>,
  options: RunOnBullmqOptions<R>,
): Promise<void> {
  const { kind, id, chunks } = sweep;
  const attempts = options.attempts ?? 3;
  const signal = options.signal;
  const name = sweepQueueName(kind);
  if (!/^[\w.-]+$/.test(id)) throw new Error(`invalid sweep id "${id}"`);
  signal?.throwIfAborted();
  const keys = sweepKeys(id);
  const total = chunks.length;
  const jobPrefix = `${id}-`;
  const jobId = (index: number) => `${jobPrefix}${index}`;
  const indexOf = (job: string) => (job.startsWith(jobPrefix) ? Number(job.slice(jobPrefix.length)) : -1);

  const redis = await connectRedis(options.redis);
  const queue = new Queue<ChunkJob>(name, { connection: redis });
  let events: QueueEvents | undefined;

  // 1 once a chunk is delivered or skipped.
  const settled = new Uint8Array(total);
  let done = 0;
  for (const i of options.skip ?? []) {
    if (i >= 0 && i < total && !settled[i]) {
      settled[i] = 1;
      done++;
    }
  }
  // Filled by event handlers, drained by the loop below (one Redis conversation at a time).
  const completed = new Set<number>();
  const failed = new Map<number, string>();
  // Jobs removed by someone else (another coordinator of the same sweep cancelling, a dashboard).
  const removed = new Set<number>();
  let failure: unknown;
  // Jobs were added: from then on, a failure or an abort cancels the sweep.
  let started = false;
  let wake = () => {};
  const onAbort = () => wake();
  signal?.addEventListener('abort', onAbort, { once: true });

  // Indexes known to be in the results hash: the poll lists the hash only when it holds others.
  const seen = new Uint8Array(total);
  let seenCount = 0;
  const deliver = async (indexes: number[]) => {
    const wanted = indexes.filter((i) => i >= 0 && i < total && !settled[i]);
    for (let from = 0; from < wanted.length; from += 500) {
      const batch = wanted.slice(from, from + 500);
      const packed = await redis.hmget(keys.results, ...batch.map(String));
      batch.forEach((index, k) => {
        const value = packed[k];
        if (value == null) return;
        if (!seen[index]) {
          seen[index] = 1;
          seenCount++;
        }
        if (settled[index] || signal?.aborted) return;
        settled[index] = 1;
        done++;
        options.onResult(index, unpackResult(value) as R);
        options.onProgress?.(done, total);
      });
    }
  };
  const reconcile = async () => {
    if ((await redis.hlen(keys.results)) <= seenCount) return;
    const indexes = (await redis.hkeys(keys.results)).map(Number);
    await deliver(indexes.filter((i) => i >= 0 && i < total && !seen[i]));
  };
  const enqueue = async (indexes: number[]) => {
    for (let from = 0; from < indexes.length; from += 1000) {
      await queue.addBulk(
        indexes.slice(from, from + 1000).map((index) => ({
          name: kind,
          data: { sweep: id, kind, index, timeoutMs: options.timeoutMs },
          opts: {
            jobId: jobId(index),
            attempts,
            backoff: { type: 'exponential', delay: 250 },
            removeOnComplete: true,
            removeOnFail: true,
          },
        })),
      );
    }
  };
  // Jobs of unsettled chunks that no longer exist and left no result: added again.
  const recoverLost = async () => {
    const pending: number[] = [];
    for (let i = 0; i < total; i++) if (!settled[i]) pending.push(i);
    const pipeline = redis.pipeline();
    for (const i of pending) pipeline.exists(queue.toKey(jobId(i)));
    const answers = (await pipeline.exec()) ?? [];
    // The job is checked before its result: a worker stores the result before the job goes.
    const gone = pending.filter((_, k) => answers[k]?.[1] === 0);
    await deliver(gone);
    await enqueue(gone.filter((i) => !settled[i]));
  };
  const cancelSweep = async () => {
    await redis.set(keys.cancel, '1', 'EX', KEEP_SECONDS);
    const waiting: number[] = [];
    for (let i = 0; i < total; i++) if (!settled[i]) waiting.push(i);
    // Running jobs are locked and stay (remove returns 0): their workers see the cancel key.
    await Promise.all(waiting.map((i) => queue.remove(jobId(i))));
  };

  try {
    const stored = packCanonical({ kind, spec: sweep.spec, chunks });
    if ((await redis.set(keys.spec, stored, 'EX', KEEP_SECONDS, 'NX')) === null) {
      if ((await redis.get(keys.spec)) !== stored) {
        throw new Error(`sweep ${id} is already in Redis with another kind, spec or chunking`);
      }
      await redis.expire(keys.spec, KEEP_SECONDS);
    }
    await redis.del(keys.cancel);
    await redis.expire(keys.results, KEEP_SECONDS);

    // Follow the event stream from its current end, before any of this run's jobs exist.
    const last = await redis.xrevrange(queue.keys.events, '+', '-', 'COUNT', 1);
    events = new QueueEvents(name, { connection: redis, lastEventId: last[0]?.[0] ?? '0-0' });
    events.on('error', () => {}); // the connection retries on its own; the poll below keeps going
    events.on('completed', ({ jobId: job }) => {
      completed.add(indexOf(job));
      wake();
    });
    events.on('failed', ({ jobId: job, failedReason }) => {
      const index = indexOf(job);
      if (index < 0) return;
      failed.set(index, failedReason);
      wake();
    });
    events.on('removed', ({ jobId: job }) => {
      const index = indexOf(job);
      if (index < 0) return;
      removed.add(index);
      wake();
    });
    await events.waitUntilReady();

    await reconcile();
    options.onProgress?.(done, total);
    const missing: number[] = [];
    for (let i = 0; i < total; i++) if (!settled[i]) missing.push(i);
    started = true;
    await enqueue(missing);

    let reconciled = performance.now();
    let lostChecked = reconciled;
    while (done < total) {
      if (signal?.aborted || failure !== undefined) break;
      if (completed.size === 0 && failed.size === 0 && removed.size === 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, RESULTS_POLL_MS);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = () => {};
      }
      if (signal?.aborted) break;
      const ready = [...completed];
      completed.clear();
      await deliver(ready);
      if (failed.size > 0 || removed.size > 0) {
        const failures = [...failed];
        const lost = [...removed];
        failed.clear();
        removed.clear();
        // A failed copy of a chunk that another copy has stored is no failure.
        await deliver([...failures.map(([index]) => index), ...lost]);
        const again = lost.filter((index) => !settled[index]);
        for (const [index, reason] of failures) {
          if (settled[index]) continue;
          if (reason === CANCELLED) again.push(index);
          else failure ??= new SweepChunkError(kind, id, index, reason);
        }
        if (failure === undefined && again.length > 0) {
          // Cancelled or removed by another coordinator of this sweep: this one still wants it.
          await redis.del(keys.cancel);
          await enqueue(again);
        }
      }
      if (performance.now() - reconciled >= RESULTS_POLL_MS) {
        await reconcile();
        reconciled = performance.now();
      }
      if (performance.now() - lostChecked >= LOST_CHECK_MS) {
        await recoverLost();
        lostChecked = performance.now();
      }
    }
    if (signal?.aborted) failure = signal.reason;
  } catch (err) {
    failure = err;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    // Bounded: with Redis gone, commands wait for it to come back (see connectRedis).
    if (failure !== undefined && started) await within(cancelSweep(), CLEANUP_TIMEOUT_MS).catch(() => {});
    await events?.close().catch(() => {});
    await queue.close().catch(() => {});
    redis.disconnect();
  }
  if (failure !== undefined) throw failure;
}

export async function serveBullmq(options: ServeBullmqOptions): Promise<void> {
  const o = { ...WORKER_DEFAULTS, ...options };
  const log = options.log ?? (() => {});
  const kinds = Object.keys(o.handlers);
  if (kinds.length === 0) throw new Error('serveBullmq: no handlers');
  const names = kinds.map(sweepQueueName);
  if (o.signal?.aborted) return;
  const redis = await connectRedis(o.redis);
  redis.on('error', (err) => log(`redis: ${describeError(err)}`));

  const contexts = new Map<string, Promise<{ context: unknown; chunks: unknown[] }>>();
  const prepare = (id: string, kind: string, handler: SweepHandler<unknown, unknown, unknown>) => {
    let entry = contexts.get(id);
    if (entry) {
      contexts.delete(id); // re-inserted below as the most recently used
    } else {
      entry = (async () => {
        const packed = await redis.get(sweepKeys(id).spec);
        if (packed === null) {
          throw new UnrecoverableError(`the spec of sweep ${id} is not in Redis (expired?)`);
        }
        const stored = unpackResult(packed) as StoredSweep;
        if (stored.kind !== kind) {
          throw new UnrecoverableError(`sweep ${id} is of kind ${stored.kind}, not ${kind}`);
        }
        const t0 = performance.now();
        const context = await handler.prepare(stored.spec);
        log(`${kind} sweep ${id.slice(0, 12)}: prepared in ${Math.round(performance.now() - t0)} ms`);
        return { context, chunks: stored.chunks };
      })();
      // A failed preparation is not kept: the job's next attempt tries again.
      entry.catch(() => contexts.delete(id));
    }
    contexts.set(id, entry);
    while (contexts.size > CONTEXTS_KEPT) contexts.delete(contexts.keys().next().value!);
    return entry;
  };

  // Running jobs by sweep, for the cancel poll.
  const running = new Map<string, Map<string, Worker>>();
  const runChunk = async (
    worker: Worker,
    handler: SweepHandler<unknown, unknown, unknown>,
    job: Job<ChunkJob>,
    signal: AbortSignal,
  ) => {
    const { sweep: id, kind, index, timeoutMs } = job.data;
    const keys = sweepKeys(id);
    const answers = (await redis.pipeline().exists(keys.cancel).hexists(keys.results, String(index)).exec())!;
    const [[cancelError, cancelled], [storedError, stored]] = answers;
    if (cancelError || storedError) throw cancelError ?? storedError;
    if (cancelled) throw new UnrecoverableError(CANCELLED);
    if (stored) return 'duplicate';
    const { context, chunks } = await prepare(id, kind, handler);
    if (!(index >= 0 && index < chunks.length)) {
      throw new UnrecoverableError(`sweep ${id} has no chunk ${index}`);
    }
    const jobs = running.get(id) ?? new Map<string, Worker>();
    running.set(id, jobs.set(job.id!, worker));
    const timeout = timeoutMs ? AbortSignal.timeout(timeoutMs) : undefined;
    const control = { signal: timeout ? AbortSignal.any([signal, timeout]) : signal };
    let result: unknown;
    try {
      // Cancelled since the check above (while preparing, say): the next poll sees it and aborts the run.
      result = await handler.run(context, chunks[index], control);
    } catch (err) {
      if (signal.aborted && signal.reason === CANCELLED) throw new UnrecoverableError(CANCELLED);
      if (timeout?.aborted) throw new Error(`timed out after ${timeoutMs} ms`);
      throw err instanceof Error ? err : new Error(String(err));
    } finally {
      jobs.delete(job.id!);
      if (jobs.size === 0) running.delete(id);
    }
    await redis
      .multi()
      .hsetnx(keys.results, String(index), packResult(result))
      .expire(keys.results, KEEP_SECONDS)
      .exec();
    return 'stored';
  };

  const workerName = `${hostname()}:${process.pid}`;
  const workers = kinds.map((kind, k) => {
    const handler = o.handlers[kind];
    const worker: Worker<ChunkJob> = new Worker<ChunkJob>(
      names[k],
      // Three parameters: BullMQ passes the AbortSignal only to processors that declare it.
      (job, _token, signal) => runChunk(worker, handler, job, signal!),
      {
        connection: redis,
        name: workerName,
        concurrency: o.concurrency,
        lockDuration: o.lockDurationMs,
        stalledInterval: o.stalledIntervalMs,
        maxStalledCount: 2,
      },
    );
    worker.on('error', (err) => log(`${kind}: ${describeError(err)}`));
    worker.on('failed', (job, err) => {
      if (job) log(`${kind} sweep ${job.data.sweep.slice(0, 12)} chunk ${job.data.index}: ${err.message}`);
    });
    worker.on('stalled', (job) => log(`${kind}: job ${job} stalled (its worker died?): handed on`));
    return worker;
  });
  log(
    `serving ${kinds.join(', ')} from ${redactUrl(o.redis)} as ${workerName} (concurrency ${o.concurrency})`,
  );

  let polling = false;
  const poll = setInterval(async () => {
    if (polling || running.size === 0) return;
    polling = true;
    try {
      const ids = [...running.keys()];
      const flags = await redis.mget(...ids.map((id) => sweepKeys(id).cancel));
      ids.forEach((id, k) => {
        if (flags[k] === null) return;
        for (const [job, worker] of running.get(id) ?? []) worker.cancelJob(job, CANCELLED);
      });
    } catch (err) {
      log(`cancel poll: ${describeError(err)}`);
    } finally {
      polling = false;
    }
  }, CANCEL_POLL_MS);

  await new Promise<void>((resolve) => {
    if (!o.signal) return; // serve until the process ends
    if (o.signal.aborted) resolve();
    o.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  log('closing: finishing the running chunks');
  await Promise.all(workers.map((w) => w.close()));
  clearInterval(poll);
  await redis.quit().catch(() => redis.disconnect());
  log('closed');
}

/**
 * A client that has answered once: a Redis that cannot be reached fails within a few seconds with
 * `RedisUnreachableError`; after that first contact the client reconnects on its own (BullMQ's workers
 * need `maxRetriesPerRequest: null`: commands wait for Redis to come back rather than fail).
 */
async function connectRedis(url: string): Promise<Redis> {
  const shown = redactUrl(url);
  let lastError: unknown;
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: null,
    connectTimeout: CONNECT_TIMEOUT_MS,
    retryStrategy: () => null,
  });
  client.on('error', (err) => {
    lastError = err;
  });
  try {
    await within(client.connect(), CONNECT_TIMEOUT_MS);
  } catch (err) {
    client.disconnect();
    throw new RedisUnreachableError(shown, describeError(lastError ?? err));
  }
  client.options.retryStrategy = (times) => Math.min(200 * times, 5000);
  return client;
}

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`invalid Redis URL "${url}": expected redis://host:port/db`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new Error(`invalid Redis URL "${url}": expected redis://host:port/db`);
  }
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

function describeError(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length > 0) {
    return [...new Set(err.errors.map(describeError))].join('; ');
  }
  if (err instanceof Error) return err.message || (err as NodeJS.ErrnoException).code || err.name;
  return String(err);
}
