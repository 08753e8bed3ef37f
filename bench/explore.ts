/**
 * Benchmark of `atalaya explore` (`npx tsx bench/explore.ts`). Timing is never part of the tests; the
 * figures are ratios measured side by side in one run, since these machines are shared and noisy.
 *
 * 1. Throughput per core: `compare`'s Monte Carlo (the 16 default scenarios, anchored, one thread) against
 *    the explore engine on one thread, in scenario-runs per second. Target: explore ≥ compare.
 * 2. The local engine on 1 and 2 worker threads (cold: the pool's first sweep; warm: the next).
 * 3. Scale-out: the same sweep through BullMQ on a local Redis with 2 `atalaya worker` processes, against
 *    2 worker threads. Target ≥ 90% of the worker-thread rate. Needs redis-server (skipped without it).
 *    Workers are started (and warmed up on a small sweep) before the clock starts: on a cluster they
 *    are long-lived.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { resolveGroupNetwork } from '../src/data/group-source.js';
import { type EngineOptions, runSweep } from '../src/explore/engine.js';
import { planExplore } from '../src/explore/explore.js';
import type { ExploreRequestInput } from '../src/explore/request.js';
import { presentAnchor } from '../src/sim/assimilate/anchor.js';
import { runMonteCarlo } from '../src/sim/pool.js';
import { DEFAULT_SCENARIOS } from '../src/sim/scenario/defaults.js';

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 48);
const network = resolveGroupNetwork();
const anchor = presentAnchor();
const lines: string[] = [];
const log = (s: string) => {
  console.log(s);
  lines.push(s);
};

log(
  `Atalaya explore benchmark — ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${availableParallelism()} cores, load ${loadavg()[0].toFixed(2)}`,
);
log(
  `Groups: ${network.source.description}; ${DEFAULT_SCENARIOS.length} scenarios; LHS ${SAMPLES} experiments\n`,
);

const request: ExploreRequestInput = { method: 'lhs', samples: SAMPLES, seed: 11 };
const planned = planExplore(request, { network, anchor });
const scenarioRuns = planned.experiments * planned.spec.scenarios.length;

async function sweep(
  engine: EngineOptions,
  samples = SAMPLES,
): Promise<{ seconds: number; outcomes: Float64Array }> {
  const p = samples === SAMPLES ? planned : planExplore({ ...request, samples }, { network, anchor });
  const t0 = performance.now();
  const out = await runSweep(p.spec, engine, {
    rows: p.experiments,
    policies: p.spec.scenarios.length - 1,
    id: `${p.id}-${Date.now()}`,
  });
  return { seconds: (performance.now() - t0) / 1000, outcomes: out.outcomes };
}

// 1. Per core: compare's Monte Carlo against the explore engine.
{
  const runs = SAMPLES;
  const t0 = performance.now();
  await runMonteCarlo({
    network,
    scenarios: planned.spec.scenarios,
    runs,
    seed: 11,
    threads: 1,
    anchor: anchor.spec,
  });
  const compare = (performance.now() - t0) / 1000;
  const local = await sweep({ engine: 'local', threads: 1 });
  const rate = (n: number, s: number) => `${(n / s).toFixed(1)} scenario-runs/s`;
  log('1. One core');
  log(
    `   compare (Monte Carlo, ${runs} runs × ${planned.spec.scenarios.length})   ${compare.toFixed(2)} s   ${rate(runs * planned.spec.scenarios.length, compare)}`,
  );
  log(
    `   explore (${planned.experiments} experiments × ${planned.spec.scenarios.length})        ${local.seconds.toFixed(2)} s   ${rate(scenarioRuns, local.seconds)}`,
  );
  log(`   explore / compare rate: ${(compare / local.seconds).toFixed(2)}× (target ≥ 1)`);
}

// 2. Threads. The pool keeps its workers warm between sweeps (reuse): the first 2-thread sweep pays their
// start and JIT warm-up, a second one does not (as the BullMQ workers below, started before the clock).
let threads2 = 0;
let reference: Float64Array | undefined;
{
  const one = await sweep({ engine: 'local', threads: 1 });
  const cold = await sweep({ engine: 'local', threads: 2 });
  const warm = await sweep({ engine: 'local', threads: 2 });
  threads2 = warm.seconds;
  reference = one.outcomes;
  log('\n2. Local engine');
  log(`   1 thread              ${one.seconds.toFixed(2)} s`);
  log(
    `   2 threads, cold       ${cold.seconds.toFixed(2)} s   speed-up ${(one.seconds / cold.seconds).toFixed(2)}×`,
  );
  log(
    `   2 threads, warm       ${warm.seconds.toFixed(2)} s   speed-up ${(one.seconds / warm.seconds).toFixed(2)}×`,
  );
  log(`   same numbers: ${same(one.outcomes, cold.outcomes)}, ${same(one.outcomes, warm.outcomes)}`);
}

// 3. BullMQ on a local Redis, 2 worker processes.
{
  log('\n3. BullMQ, 2 worker processes on a local Redis');
  const redisBin = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find(existsSync);
  if (!redisBin) log('   skipped: redis-server not installed (apt-get install redis-server)');
  else {
    const port = await freePort();
    const redis = spawn(
      redisBin,
      [
        '--port',
        String(port),
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        mkdtempSync(join(tmpdir(), 'bench-redis-')),
      ],
      { stdio: 'ignore' },
    );
    const url = `redis://127.0.0.1:${port}`;
    const workers: ChildProcess[] = [];
    try {
      await new Promise((r) => setTimeout(r, 500));
      const cli = resolve('dist/cli/main.js');
      const args = existsSync(cli) ? [cli] : ['--import', 'tsx', resolve('src/cli/main.ts')];
      for (let i = 0; i < 2; i++)
        workers.push(spawn(process.execPath, [...args, 'worker', '--redis', url], { stdio: 'ignore' }));
      // Warm up: the workers load, connect and prepare a sweep before the clock starts.
      await sweep({ engine: 'bullmq', redis: url }, 4);
      const remote = await sweep({ engine: 'bullmq', redis: url });
      log(
        `   2 workers   ${remote.seconds.toFixed(2)} s   ${((threads2 / remote.seconds) * 100).toFixed(0)}% of the warm 2-thread rate (target ≥ 90%)`,
      );
      log(`   same numbers as the local engine: ${reference ? same(reference, remote.outcomes) : 'n/a'}`);
    } finally {
      for (const w of workers) w.kill('SIGTERM');
      redis.kill('SIGTERM');
    }
  }
}
log(`\nload after: ${loadavg()[0].toFixed(2)}`);
process.exit(0);

function same(a: Float64Array, b: Float64Array): string {
  return Buffer.from(a.buffer).equals(Buffer.from(b.buffer)) ? 'yes (bit for bit)' : 'NO';
}

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => res(port));
    });
    s.on('error', rej);
  });
}
