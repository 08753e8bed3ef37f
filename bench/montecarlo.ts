/**
 * Benchmark of the policy simulator (`npm run bench`). Timing is never part of the tests; this prints
 * ratios measured side by side in one run, since these machines are noisy.
 *
 * 1. Core kernel: the Prieto-Curiel et al. (2023) model (150 groups, 520 + 4 × 260 weekly RK4 steps),
 *    Atalaya's O(groups + ties) kernel against the direct dense NumPy version (bench/peer_core.py, run
 *    with Debian's /usr/bin/python3 and python3-numpy).
 * 2. Full model, status quo: 1,000 Monte Carlo runs (history 2012→2026 + ten years) on 1 and 2 threads,
 *    cold then warm, alternated and repeated (BENCH_REPEATS, default 3), with the process's CPU time, the
 *    CPU others used meanwhile, and the workers' start-up. Targets on this 2-core machine: 2 threads
 *    ≥ 1.7× one when idle, and under 10 s.
 * 3. The default `atalaya compare` (15 scenarios × 200 runs).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_COMPARE } from '../src/cli/commands/compare.js';
import { hasGroupFiles } from '../src/data/cartel-network.js';
import { groupFileCandidates, resolveGroupNetwork } from '../src/data/group-source.js';
import { plan, resolveStarts, type Task } from '../src/sim/montecarlo.js';
import { runMonteCarlo } from '../src/sim/pool.js';
import { reproducePrietoCuriel } from '../src/sim/reproduce.js';
import { loadPreset } from '../src/sim/scenario/load.js';
import type { Scenario } from '../src/sim/scenario/schema.js';
import type { PoolInit } from '../src/sim/worker.js';
import { prepareWorker } from '../src/util/start-worker.js';
import { runWorkerJobs } from '../src/util/worker-jobs.js';

const network = resolveGroupNetwork();
/** sim/pool.ts's URL, to start its workers as it does (from source under tsx). */
const POOL_URL = new URL(`../src/sim/pool.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url)
  .href;
const filesDir = groupFileCandidates().find((c) => hasGroupFiles(c.dir))?.dir;
const lines: string[] = [];
const log = (s: string) => {
  console.log(s);
  lines.push(s);
};

log(
  `Atalaya simulator benchmark — ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${availableParallelism()} cores`,
);
log(`Groups: ${network.source.description}\n`);

// 1. Core kernel against NumPy.
{
  const repeats = 20;
  reproducePrietoCuriel(network);
  const t0 = performance.now();
  for (let i = 0; i < repeats; i++) reproducePrietoCuriel(network);
  const ts = (performance.now() - t0) / repeats / 1000;
  log('1. Core model (150 groups, 1,560 weekly RK4 steps)');
  log(`   Atalaya (TypeScript, sparse kernel)   ${(ts * 1000).toFixed(2)} ms per run`);
  const python = '/usr/bin/python3';
  if (filesDir && existsSync(python)) {
    try {
      const out = JSON.parse(
        execFileSync(python, [join(import.meta.dirname, 'peer_core.py'), filesDir, '5'], {
          encoding: 'utf8',
        }),
      ) as { seconds_per_run: number; members2022: number };
      log(`   NumPy (dense K, Debian python3)       ${(out.seconds_per_run * 1000).toFixed(2)} ms per run`);
      log(`   ratio NumPy / Atalaya                 ${(out.seconds_per_run / ts).toFixed(1)}×`);
      const ours = reproducePrietoCuriel(network).members2022;
      log(
        `   same result: members 2022 ${Math.round(ours)} (Atalaya) vs ${Math.round(out.members2022)} (NumPy)`,
      );
    } catch (err) {
      log(
        `   NumPy peer unavailable (${(err as Error).message.split('\n')[0]}); apt-get install python3-numpy`,
      );
    }
  } else log('   NumPy peer skipped (needs the 150-group files and /usr/bin/python3)');
}

// 2. Full model, 1,000 runs, on 1 and 2 threads side by side, repeated with the order alternating (the
// machine is shared: medians, and the CPU others used meanwhile). The first repeat is cold: the 2-thread
// run starts its workers, and the 1-thread run is this thread's first full model. Later repeats are warm,
// as later calls in one process (a server, a sweep): this thread has compiled the model, and the pool
// reuses its workers.
{
  log('\n2. Full model, status quo, 1,000 runs (history 2012→2026 + ten years), 1 and 2 threads');
  const scenarios = [loadPreset('status-quo')];
  const runs = 1000;
  const repeats = Math.max(2, Number(process.env.BENCH_REPEATS ?? 3));
  const t0 = performance.now();
  await prepareWorker(POOL_URL, './worker');
  const bundled = (performance.now() - t0) / 1000;
  const one = await workerStartup(scenarios, runs, 1);
  const two = await workerStartup(scenarios, runs, 2);
  log(
    `   worker start-up (to the answer of an empty task): 1 worker ${ms(one.wall)}, CPU ${ms(one.cpu)}; 2 at once ${ms(two.wall)}, CPU ${ms(two.cpu)}`,
  );
  if (POOL_URL.endsWith('.ts'))
    log(`   (workers run from source load one bundled file, ready in ${ms(bundled)}: worker-bundle.ts)`);
  const wall: Record<number, number[]> = { 1: [], 2: [] };
  const cpu: Record<number, number[]> = { 1: [], 2: [] };
  for (let k = 0; k < repeats; k++) {
    const others: number[] = [];
    for (const threads of k % 2 === 0 ? [1, 2] : [2, 1]) {
      const busy0 = machineCpu();
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      await runMonteCarlo({ network, scenarios, runs, seed: 1, threads });
      wall[threads].push((performance.now() - t0) / 1000);
      cpu[threads].push(cpuSeconds(c0));
      others.push(machineCpu() - busy0 - cpu[threads][k]);
    }
    const busy = others.every(Number.isFinite)
      ? `; others' CPU ${others.map((s) => s.toFixed(1)).join(', ')} s`
      : '';
    log(
      `   ${k === 0 ? 'cold  ' : `warm ${k}`}  1 thread ${wall[1][k].toFixed(2)} s (CPU ${cpu[1][k].toFixed(2)} s)   2 threads ${wall[2][k].toFixed(2)} s (CPU ${cpu[2][k].toFixed(2)} s)   ${(wall[1][k] / wall[2][k]).toFixed(2)}×${busy}`,
    );
  }
  const warm = (xs: number[]) => median(xs.slice(1));
  log(
    `   warm medians: 1 thread ${warm(wall[1]).toFixed(2)} s (CPU ${warm(cpu[1]).toFixed(2)} s), 2 threads ${warm(wall[2]).toFixed(2)} s (CPU ${warm(cpu[2]).toFixed(2)} s), ${(runs / warm(wall[2])).toFixed(0)} runs/s`,
  );
  log(
    `   speed-up with 2 threads: cold ${(wall[1][0] / wall[2][0]).toFixed(2)}×, warm ${median(wall[1].slice(1).map((w, k) => w / wall[2][k + 1])).toFixed(2)}× (target ≥ 1.7× on an idle machine); CPU 2 threads / 1: cold ${(cpu[2][0] / cpu[1][0]).toFixed(2)}×`,
  );
  log(
    `   1,000 runs on 2 threads under 10 s: cold ${wall[2][0] < 10 ? 'met' : 'NOT met'}, warm ${warm(wall[2]) < 10 ? 'met' : 'NOT met'}`,
  );
}

// 3. The default comparison.
{
  const scenarios = DEFAULT_COMPARE.map((id) => loadPreset(id));
  const t0 = performance.now();
  await runMonteCarlo({ network, scenarios, runs: 200, seed: 1, threads: 2, byArea: true });
  const s = (performance.now() - t0) / 1000;
  log(
    `\n3. Default compare: ${scenarios.length} scenarios × 200 runs, 2 threads, per-state results: ${s.toFixed(2)} s`,
  );
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** CPU seconds of the whole process (every thread) since `from`. */
function cpuSeconds(from: NodeJS.CpuUsage): number {
  const c = process.cpuUsage(from);
  return (c.user + c.system) / 1e6;
}

/** CPU seconds the whole machine has spent busy (Linux /proc/stat), NaN elsewhere. */
function machineCpu(): number {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal, in USER_HZ (100 a second): all but idle and iowait.
    return (f[0] + f[1] + f[2] + f[5] + f[6] + f[7]) / 100;
  } catch {
    return Number.NaN;
  }
}

function ms(seconds: number): string {
  return `${(seconds * 1000).toFixed(0)} ms`;
}

/**
 * Start `workers` Monte Carlo workers at once (as sim/pool.ts does) and time them to the answer of an empty
 * task: the worker module loaded (bundled when running from source), the world built, one message each way.
 */
async function workerStartup(
  scenarios: Scenario[],
  runs: number,
  workers: number,
): Promise<{ wall: number; cpu: number }> {
  const options = resolveStarts({ network, scenarios, runs, seed: 1 });
  const init: PoolInit = {
    runs: { network, scenarios: options.scenarios, seed: 1, runs },
    plan: plan(options),
  };
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await runWorkerJobs<Task, unknown>({
    callerUrl: POOL_URL,
    module: './worker',
    init,
    jobs: Array.from({ length: workers }, () => ({ group: 0, from: 0, to: 0 })),
    threads: workers,
    label: 'start-up',
  });
  return { wall: (performance.now() - t0) / 1000, cpu: cpuSeconds(c0) };
}
