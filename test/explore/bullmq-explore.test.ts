import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runExplore } from '../../src/explore/explore.js';
import type { ExploreRequestInput } from '../../src/explore/request.js';
import { HAS_REDIS, type RedisServer, startRedis, WorkerProcess } from '../helpers/redis.js';

/**
 * `atalaya explore --engine bullmq` end to end with the real kernel: `atalaya worker` processes on a real
 * Redis, one of them killed (SIGKILL) in the middle of its chunk; the merged result equals the local
 * engine's bit for bit. CI installs redis-server; elsewhere the suite is skipped with a notice.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const REQUEST: ExploreRequestInput = {
  scenarios: ['kingpin-targeting', 'mediation-hot-borders', 'halve-recruitment'],
  method: 'lhs',
  samples: 24,
  years: 5,
  seed: 5,
  parameters: ['rho', 'splitHazard', 'leaderCapacityCut', 'truceCollapse'],
  network: 'builtin',
};

if (!HAS_REDIS && process.env.CI !== 'true') {
  console.warn(
    'NOTICE: redis-server not found: the explore scale-out test is skipped (apt-get install redis-server)',
  );
}

/** `atalaya worker` from source, with short locks so that a killed worker's chunk is handed on in ~2 s. */
function startWorker(url: string): WorkerProcess {
  return WorkerProcess.spawn(
    [
      '--import',
      'tsx',
      'src/cli/main.ts',
      'worker',
      '--redis',
      url,
      '--lock-duration',
      '2000',
      '--stalled-interval',
      '500',
    ],
    ROOT,
  );
}

describe.skipIf(!HAS_REDIS && process.env.CI !== 'true')('explore on BullMQ workers', () => {
  let redis: RedisServer;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    expect(HAS_REDIS, 'redis-server is required under CI').toBe(true);
    redis = await startRedis();
  });

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    redis?.stop();
  });

  it('gives the local engine’s numbers with two workers and a third killed mid-chunk', async () => {
    const local = await runExplore(REQUEST, { chunkSize: 4 });
    // The victim starts alone and is killed once it has prepared the sweep for its first chunk.
    const victim = startWorker(redis.url);
    workers.push(victim);
    const progress: number[] = [];
    const remote = runExplore(REQUEST, {
      chunkSize: 4,
      engine: { engine: 'bullmq', redis: redis.url },
      onProgress: (done) => progress.push(done),
    });
    await victim.waitFor(/prepared in/, 60_000);
    victim.child.kill('SIGKILL');
    workers.push(startWorker(redis.url), startWorker(redis.url));
    const result = await remote;
    expect(Buffer.from(result.table.outcomes.buffer).equals(Buffer.from(local.table.outcomes.buffer))).toBe(
      true,
    );
    expect(JSON.stringify(result.summary)).toBe(JSON.stringify(local.summary));
    // Every chunk counted once: progress rises to the 24 experiments in whole chunks, never past them.
    expect(progress.at(-1)).toBe(24);
    expect(new Set(progress).size).toBe(progress.length);
    // The victim's chunk was handed on by a survivor (BullMQ's stalled-job check), not lost.
    expect(workers.slice(1).some((w) => w.lines.some((l) => /stalled/.test(l)))).toBe(true);
  }, 120_000);
});
