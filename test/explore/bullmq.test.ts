import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  runOnBullmq,
  SweepChunkError,
  serveBullmq,
  sweepKeys,
  sweepQueueName,
} from '../../src/explore/bullmq.js';
import { packResult, sweepId, unpackResult } from '../../src/explore/pack.js';
import { computeLocally, type ToySpec, toySweep } from '../fixtures/explore/bullmq-toy.js';
import { freePort, type RedisServer, startRedis, WorkerProcess } from '../helpers/redis.js';

/**
 * The BullMQ sweep engine against a real redis-server on a free port, with worker processes
 * (test/fixtures/explore/bullmq-worker.ts) serving a toy handler whose results are known bit for bit.
 * Without redis-server the suite is skipped with a notice, except under CI, where it fails.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const WORKER = join(ROOT, 'test/fixtures/explore/bullmq-worker.ts');
const hasRedis = spawnSync('redis-server', ['--version']).status === 0;
const hasTsx = existsSync(join(ROOT, 'node_modules/tsx'));

if (!hasRedis && process.env.CI !== 'true') {
  console.warn(
    'NOTICE: redis-server not found: the BullMQ engine tests are skipped (apt-get install redis-server)',
  );
}

describe('packResult', () => {
  it('round-trips typed arrays, NaN, -0, ±Infinity, undefined, bigint and "$t" keys exactly', () => {
    const f = new Float64Array([
      0.1,
      -0,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      5e-324,
      -1.7976931348623157e308,
    ]);
    const value = {
      f,
      i: new Int32Array([-1, 2 ** 31 - 1]),
      // A view at an odd offset: the bytes packed are the view's, not the whole buffer's.
      u: new Uint8Array([1, 2, 3, 4, 5]).subarray(1, 4),
      n: [Number.NaN, -0, 0, Number.NEGATIVE_INFINITY, undefined, null],
      b: 12345678901234567890n,
      tricky: { $t: 'num', v: 'NaN' },
      // An own "__proto__" key (as JSON.parse makes it) stays a key, not a prototype.
      own: JSON.parse('{"__proto__": {"x": 1}}') as Record<string, unknown>,
    };
    const back = unpackResult(packResult(value)) as typeof value;
    expect(Buffer.from((back.f as Float64Array).buffer)).toEqual(Buffer.from(f.buffer));
    expect(back.f).toBeInstanceOf(Float64Array);
    expect(Array.from(back.i)).toEqual([-1, 2 ** 31 - 1]);
    expect(Array.from(back.u)).toEqual([2, 3, 4]);
    expect(Object.is(back.n[1], -0)).toBe(true);
    expect(back.n).toEqual([Number.NaN, -0, 0, Number.NEGATIVE_INFINITY, undefined, null]);
    expect(back.b).toBe(value.b);
    expect(back.tricky).toEqual({ $t: 'num', v: 'NaN' });
    expect(Object.keys(back.own)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(back.own)).toBe(Object.prototype);
    expect(() => packResult(new Map())).toThrow(/cannot pack a Map/);
  });

  it('gives a sweep id that ignores key order and sees every bit', () => {
    expect(sweepId('toy', { a: 1, b: [2, 3] })).toBe(sweepId('toy', { b: [2, 3], a: 1 }));
    expect(sweepId('toy', { a: 0 })).not.toBe(sweepId('toy', { a: -0 }));
    expect(sweepId('toy', { a: 1 })).not.toBe(sweepId('other', { a: 1 }));
    expect(sweepId('toy', {})).toMatch(/^[0-9a-f]{64}$/);
  });
});

// Each test well under its timeout: a coordinator that hangs fails fast instead of after vitest's 120 s.
describe.skipIf(!hasRedis && process.env.CI !== 'true')(
  'BullMQ sweeps on a real Redis',
  { timeout: 20_000 },
  () => {
    let redis: RedisServer;
    let client: Redis;
    let queue: Queue;
    const workers: WorkerProcess[] = [];
    // Started by a test for itself (killed there, or here if the test failed first).
    const extra: WorkerProcess[] = [];

    beforeAll(async () => {
      expect(hasRedis, 'redis-server is required under CI').toBe(true);
      expect(hasTsx, 'node_modules/tsx is required to start worker processes').toBe(true);
      redis = await startRedis();
      client = new Redis(redis.url);
      queue = new Queue(sweepQueueName('toy'), { connection: client });
      workers.push(startToyWorker(redis.url), startToyWorker(redis.url));
      await Promise.all(workers.map((w) => w.waitFor(/^log serving toy/)));
    });

    afterAll(async () => {
      if (process.env.BULLMQ_TEST_LOG) for (const w of workers) console.log(w.lines.join('\n'));
      // Graceful close: SIGTERM lets each worker finish and exit 0.
      for (const w of extra) w.child.kill('SIGKILL');
      const exits = await Promise.all(workers.map((w) => w.stop()));
      await queue?.close();
      client?.disconnect();
      redis?.stop();
      expect(exits.every((e) => e.code === 0 && e.lines.includes('log closed'))).toBe(true);
    });

    it('survives a worker killed mid-chunk and a duplicated job: every chunk once, bit for bit', async () => {
      const victim = startToyWorker(redis.url);
      extra.push(victim);
      await victim.waitFor(/^log serving toy/);
      const spec: ToySpec = { seed: 1, chunks: 24, itemsPerChunk: 8, itemDelayMs: 30 };
      const sweep = toySweep(spec);
      const delivered = new Array<number>(spec.chunks).fill(0);
      const results: Float64Array[] = [];
      const progress: number[] = [];
      const run = runOnBullmq(sweep, {
        redis: redis.url,
        onResult: (index, result: Float64Array) => {
          delivered[index]++;
          results[index] = result;
        },
        onProgress: (done, total) => {
          expect(total).toBe(spec.chunks);
          progress.push(done);
        },
      });
      const killed = Number((await victim.waitFor(/^run 1 (\d+)$/)).split(' ')[2]);
      victim.child.kill('SIGKILL');
      // The same chunk enqueued again: once under its own job id (BullMQ keeps one job), once under another.
      const data = { sweep: sweep.id, kind: 'toy', index: 5 };
      await queue.add('toy', data, { jobId: `${sweep.id}-5` });
      await queue.add('toy', data, { jobId: `dup-${sweep.id}-5`, removeOnComplete: true });
      await run;
      await until(async () => (await queue.getJobState(`dup-${sweep.id}-5`)) === 'unknown', 3000);

      expect(delivered).toEqual(new Array(spec.chunks).fill(1));
      const local = computeLocally(spec);
      for (let i = 0; i < spec.chunks; i++) {
        expect(Buffer.from(results[i].buffer).equals(Buffer.from(local[i].buffer)), `chunk ${i}`).toBe(true);
      }
      expect(progress.at(-1)).toBe(spec.chunks);
      expect(await client.hlen(sweepKeys(sweep.id).results)).toBe(spec.chunks);
      // The killed worker's chunk was handed on by BullMQ's stalled-job check and run again elsewhere.
      expect(workers.some((w) => w.lines.some((l) => l.includes(`job ${sweep.id}-${killed} stalled`)))).toBe(
        true,
      );
      expect(workers.some((w) => w.runs(1).includes(killed))).toBe(true);
      // Keys expire rather than linger or vanish.
      const ttl = await client.ttl(sweepKeys(sweep.id).results);
      expect(ttl).toBeGreaterThan(6 * 24 * 3600);
    });

    it('cancels a sweep: rejects at once, stops running chunks, and the workers serve the next sweep', async () => {
      const spec: ToySpec = { seed: 2, chunks: 8, itemsPerChunk: 40, itemDelayMs: 50 }; // 2 s a chunk
      const controller = new AbortController();
      const sweep = toySweep(spec);
      const run = runOnBullmq(sweep, { redis: redis.url, onResult: () => {}, signal: controller.signal });
      await Promise.all(workers.map((w) => w.waitFor(/^run 2 \d+$/)));
      const t0 = performance.now();
      controller.abort();
      await expect(run).rejects.toMatchObject({ name: 'AbortError' });
      expect(performance.now() - t0).toBeLessThan(1500);
      // Waiting jobs removed at once; running ones stopped by the workers' cancel poll (0.5 s), well
      // before their 2 s were up.
      await until(async () => {
        const counts = await queue.getJobCounts('active', 'waiting', 'delayed', 'prioritized');
        return Object.values(counts).every((n) => n === 0);
      }, 1500);
      expect(await client.hlen(sweepKeys(sweep.id).results)).toBe(0);
      // Each worker's log says so (its stdout may lag the queue a little).
      await Promise.all(
        workers.map((w) => w.waitFor(/^log toy sweep \w+ chunk \d+: atalaya: sweep cancelled$/, 2000)),
      );

      const next: ToySpec = { seed: 3, chunks: 6, itemsPerChunk: 5, itemDelayMs: 20 }; // 0.1 s a chunk
      const results: Float64Array[] = [];
      await runOnBullmq(toySweep(next), {
        redis: redis.url,
        onResult: (i, r: Float64Array) => (results[i] = r),
      });
      expect(results.map((r) => packResult(r))).toEqual(computeLocally(next).map((r) => packResult(r)));
      expect(workers.every((w) => w.child.exitCode === null && w.runs(3).length > 0)).toBe(true);
    });

    it('resumes: a new coordinator delivers what is in Redis and computes only the rest', async () => {
      const spec: ToySpec = { seed: 4, chunks: 16, itemsPerChunk: 4, itemDelayMs: 25 }; // 0.1 s a chunk
      const sweep = toySweep(spec);
      const first = new Map<number, Float64Array>();
      const controller = new AbortController();
      const aborted = runOnBullmq(sweep, {
        redis: redis.url,
        signal: controller.signal,
        onResult: (i, r: Float64Array) => {
          first.set(i, r);
          if (first.size === 6) controller.abort();
        },
      });
      await expect(aborted).rejects.toMatchObject({ name: 'AbortError' });
      expect(first.size).toBe(6);
      await until(async () => (await queue.getActiveCount()) === 0, 1500);

      // The local checkpoint kept only 3 of the 6 delivered; the other 3 come back from Redis.
      const skip = new Set([...first.keys()].slice(0, 3));
      const second = new Map<number, Float64Array>();
      await runOnBullmq(sweep, {
        redis: redis.url,
        skip,
        onResult: (i, r: Float64Array) => second.set(i, r),
      });
      expect([...second.keys()].filter((i) => skip.has(i))).toEqual([]);
      expect(second.size + skip.size).toBe(spec.chunks);
      const local = computeLocally(spec);
      for (const [i, r] of [...first, ...second]) expect(packResult(r)).toBe(packResult(local[i]));
      // No chunk delivered by the first coordinator was computed again.
      const runs = workers.flatMap((w) => w.runs(4));
      for (const i of first.keys()) expect(runs.filter((r) => r === i).length, `chunk ${i}`).toBe(1);
    });

    it('keeps a sweep going when another coordinator of the same sweep cancels', async () => {
      const spec: ToySpec = { seed: 7, chunks: 12, itemsPerChunk: 4, itemDelayMs: 25 }; // 0.1 s a chunk
      const sweep = toySweep(spec);
      const delivered = new Array<number>(spec.chunks).fill(0);
      const kept = runOnBullmq(sweep, { redis: redis.url, onResult: (i) => delivered[i]++ });
      const controller = new AbortController();
      const given = runOnBullmq(sweep, { redis: redis.url, onResult: () => {}, signal: controller.signal });
      await workers[0].waitFor(/^run 7 \d+$/);
      controller.abort();
      await expect(given).rejects.toMatchObject({ name: 'AbortError' });
      await kept;
      expect(delivered).toEqual(new Array(spec.chunks).fill(1));
    });

    it('rejects with the chunk index and the handler message after the attempts', async () => {
      const spec: ToySpec = { seed: 5, chunks: 6, itemsPerChunk: 2, itemDelayMs: 0, failChunk: 3 };
      const run = runOnBullmq(toySweep(spec), { redis: redis.url, onResult: () => {}, attempts: 3 });
      await expect(run).rejects.toThrow(/^chunk 3 of toy sweep \w+ failed: toy failure in items 6-8$/);
      await run.catch((err) => {
        expect(err).toBeInstanceOf(SweepChunkError);
        expect(err.index).toBe(3);
      });
      expect(workers.flatMap((w) => w.runs(5)).filter((i) => i === 3).length).toBe(3);
    });

    it('reports an unreachable Redis within a few seconds', async () => {
      const url = `redis://127.0.0.1:${await freePort()}/0`;
      const t0 = performance.now();
      await expect(
        runOnBullmq(toySweep({ seed: 0, chunks: 1, itemsPerChunk: 1, itemDelayMs: 0 }), {
          redis: url,
          onResult: () => {},
        }),
      ).rejects.toThrow(`cannot reach Redis at ${url}: `);
      await expect(serveBullmq({ redis: url, handlers: {} as never })).rejects.toThrow(/no handlers/);
      await expect(
        serveBullmq({ redis: url, handlers: { toy: { prepare: () => 0, run: () => 0 } } }),
      ).rejects.toThrow(`cannot reach Redis at ${url}: `);
      expect(performance.now() - t0).toBeLessThan(5000);
    });

    it('measures the per-job overhead: 200 trivial chunks through 2 workers', async () => {
      const spec: ToySpec = { seed: 6, chunks: 200, itemsPerChunk: 1, itemDelayMs: 0 };
      let count = 0;
      const t0 = performance.now();
      await runOnBullmq(toySweep(spec), { redis: redis.url, onResult: () => count++ });
      const seconds = (performance.now() - t0) / 1000;
      console.log(`BullMQ engine: 200 trivial chunks, 2 workers: ${(200 / seconds).toFixed(0)} jobs/s`);
      expect(count).toBe(200);
    });
  },
);

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > end) throw new Error(`not true within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A worker process serving the toy handler (test/fixtures/explore/bullmq-worker.ts). */
function startToyWorker(url: string): WorkerProcess {
  return WorkerProcess.spawn(['--import', 'tsx', WORKER, url], ROOT);
}
