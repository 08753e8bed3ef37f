/**
 * `atalaya calibrate holdout` serially and on worker threads, side by side in one run:
 *
 *   npx tsx bench/holdout-threads.ts [--particles 100] [--seed 99] [--threads 2] [--network auto|files|builtin]
 *
 * Runs the hold-out (built-in SESNSP table, the five default origins) with threads 1 and then with
 * `--threads`, prints the wall time of each and whether the two results are the same JSON (they must be:
 * every random stream is a function of the seed, never of the schedule). Timing is not part of the tests.
 * The origins are unequal (the latest filters 114 months, the earliest 36), so the speed-up with two
 * threads is bounded by the longest origins, not by 2.
 */
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { resolveGroupNetwork } from '../src/data/group-source.js';
import { observedHomicides } from '../src/data/observed/homicides.js';
import { DEFAULT_ORIGINS, holdoutOnThreads } from '../src/sim/assimilate/holdout.js';

const { values: args } = parseArgs({
  options: {
    particles: { type: 'string', default: '100' },
    seed: { type: 'string', default: '99' },
    threads: { type: 'string', default: '2' },
    network: { type: 'string', default: 'auto' },
  },
});
const network = resolveGroupNetwork({ network: args.network as 'auto' | 'files' | 'builtin' });
const monthly = observedHomicides({ prefer: 'builtin' }).monthly;
const options = {
  network,
  observations: monthly,
  particles: Number(args.particles),
  seed: Number(args.seed),
};
const threads = Number(args.threads);

/** Wall time, and CPU time of the whole process (every thread): on a loaded machine only the latter is fair. */
async function timed(n: number): Promise<{ seconds: number; cpu: number; json: string }> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const h = await holdoutOnThreads({ ...options, threads: n });
  const c = process.cpuUsage(c0);
  return {
    seconds: (performance.now() - t0) / 1000,
    cpu: (c.user + c.system) / 1e6,
    json: JSON.stringify(h),
  };
}

console.log(
  `Hold-out, threads 1 vs ${threads} — ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ` +
    `${availableParallelism()} cores; ${options.particles} particles, seed ${options.seed}, origins ${DEFAULT_ORIGINS.join(' ')}, groups ${network.source.kind}`,
);
const serial = await timed(1);
const parallel = await timed(threads);
console.log(
  `load average before: ${loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')} (other processes share the cores)`,
);
console.log(`| threads | wall time | CPU time, all threads | same JSON as threads 1 |`);
console.log(`|---|---|---|---|`);
console.log(`| 1 | ${serial.seconds.toFixed(1)} s | ${serial.cpu.toFixed(1)} s | — |`);
console.log(
  `| ${threads} | ${parallel.seconds.toFixed(1)} s (×${(serial.seconds / parallel.seconds).toFixed(2)}) | ${parallel.cpu.toFixed(1)} s | ${parallel.json === serial.json ? 'yes' : 'NO'} |`,
);
if (parallel.json !== serial.json) process.exitCode = 1;
