import { runWorkerJobs } from '../util/worker-jobs.js';
import { openCheckpoint } from './checkpoint.js';
import {
  type Chunk,
  type ChunkResult,
  chunksOf,
  OUTCOMES,
  prepareSweep,
  runChunk,
  type SweepContext,
  type SweepSpec,
} from './sweep.js';

/**
 * Where a sweep's chunks run: worker threads on this machine (default), or BullMQ jobs on Redis served
 * by `atalaya worker` processes on any number of machines. Either way a chunk's result is a pure function
 * of (spec, chunk) and results are placed by row, so the numbers do not depend on the engine, the number
 * of workers, the chunking or the order of completion.
 */
export type EngineOptions = { engine: 'local'; threads: number } | { engine: 'bullmq'; redis: string };

export interface SweepRunOptions {
  rows: number;
  policies: number;
  chunkSize?: number;
  /** A checkpoint file: finished chunks are appended; a killed sweep resumes from it. */
  checkpoint?: string;
  /** The sweep's content hash (checkpoint and Redis keys). */
  id: string;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

export interface SweepOutput {
  /** Paired differences, [(row · policies + policy) · OUTCOMES + outcome]. */
  outcomes: Float64Array;
  warnings: Record<string, number>;
  /** Chunks read back from the checkpoint instead of run. */
  resumed: number;
}

export const EXPLORE_KIND = 'atalaya-explore';

/**
 * What `atalaya worker` runs for an explore sweep's jobs: the same kernel as the local engine, a row at a
 * time, yielding between rows so that BullMQ can renew the job's lock and a cancelled sweep stops soon.
 */
export const exploreHandler = {
  prepare: (spec: SweepSpec) => prepareSweep(spec),
  async run(context: unknown, chunk: Chunk, control: { signal: AbortSignal }): Promise<ChunkResult> {
    const ctx = context as SweepContext;
    const rows: ChunkResult[] = [];
    for (let i = chunk.from; i < chunk.to; i++) {
      if (control.signal.aborted) throw new Error('cancelled');
      rows.push(runChunk(ctx, { index: chunk.index, from: i, to: i + 1 }));
      await new Promise((r) => setImmediate(r));
    }
    return joinRows(chunk, rows);
  },
};

/** Row results of one chunk as the chunk's result. */
function joinRows(chunk: Chunk, rows: readonly ChunkResult[]): ChunkResult {
  const outcomes = new Float64Array(rows.reduce((n, r) => n + r.outcomes.length, 0));
  const warnings: Record<string, number> = {};
  let at = 0;
  for (const r of rows) {
    outcomes.set(r.outcomes, at);
    at += r.outcomes.length;
    for (const [w, n] of Object.entries(r.warnings)) warnings[w] = (warnings[w] ?? 0) + n;
  }
  return { ...chunk, outcomes, warnings };
}

export async function runSweep(
  spec: SweepSpec,
  engine: EngineOptions,
  options: SweepRunOptions,
): Promise<SweepOutput> {
  const chunks = chunksOf(options.rows, options.chunkSize ?? defaultChunkSize(options.rows));
  const checkpoint = options.checkpoint
    ? openCheckpoint(options.checkpoint, options.id, chunks.length)
    : undefined;
  const outcomes = new Float64Array(options.rows * options.policies * OUTCOMES).fill(Number.NaN);
  const warnings: Record<string, number> = {};
  const merged = new Set<number>();
  let rowsDone = 0;
  const merge = (result: ChunkResult, fresh: boolean) => {
    // Idempotent by chunk index: a chunk delivered twice (a retried job) is counted once.
    if (merged.has(result.index)) return;
    const chunk = chunks[result.index];
    if (!chunk || chunk.from !== result.from || chunk.to !== result.to) {
      throw new Error(
        `chunk ${result.index}: rows ${result.from}–${result.to} do not match the sweep's chunking`,
      );
    }
    merged.add(result.index);
    outcomes.set(result.outcomes, chunk.from * options.policies * OUTCOMES);
    for (const [w, n] of Object.entries(result.warnings)) warnings[w] = (warnings[w] ?? 0) + n;
    if (fresh) checkpoint?.append(result);
    rowsDone += chunk.to - chunk.from;
    options.onProgress?.(rowsDone, options.rows);
  };
  try {
    for (const result of checkpoint?.done.values() ?? []) merge(result, false);
    const todo = chunks.filter((c) => !merged.has(c.index));
    if (todo.length > 0) await runChunks(spec, engine, { ...options, chunks, todo, merged }, merge);
  } finally {
    checkpoint?.release();
  }
  return { outcomes, warnings, resumed: checkpoint?.done.size ?? 0 };
}

/** The chunks still to run, on the chosen engine; each result goes to `merge` as it arrives. */
async function runChunks(
  spec: SweepSpec,
  engine: EngineOptions,
  o: SweepRunOptions & { chunks: Chunk[]; todo: Chunk[]; merged: ReadonlySet<number> },
  merge: (result: ChunkResult, fresh: boolean) => void,
): Promise<void> {
  if (engine.engine === 'bullmq') {
    const { runOnBullmq } = await import('./bullmq.js');
    await runOnBullmq<SweepSpec, Chunk, ChunkResult>(
      { kind: EXPLORE_KIND, id: o.id, spec, chunks: o.chunks },
      { redis: engine.redis, skip: new Set(o.merged), onResult: (_, r) => merge(r, true), signal: o.signal },
    );
  } else if (engine.threads <= 1) {
    const context = prepareSweep(spec);
    for (const chunk of o.todo) {
      if (o.signal?.aborted) throw new Error('cancelled');
      merge(runChunk(context, chunk), true);
    }
  } else {
    await runWorkerJobs<Chunk, ChunkResult>({
      callerUrl: import.meta.url,
      module: './sweep-worker',
      init: spec,
      jobs: o.todo,
      threads: Math.min(engine.threads, o.todo.length),
      label: 'explore',
      signal: o.signal,
      reuse: true,
      keepResults: false,
      onResult: (_, r) => merge(r, true),
    });
  }
}

/**
 * About 64 chunks (at most 50 rows each): enough to balance a few workers and checkpoint often, few enough
 * to keep the per-job overhead small. A function of the rows only, so a sweep resumed with another engine
 * or thread count finds the same chunks in its checkpoint.
 */
export function defaultChunkSize(rows: number): number {
  return Math.max(1, Math.min(50, Math.ceil(rows / 64)));
}
