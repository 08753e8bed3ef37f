/**
 * Benchmark of the policy simulator (`npm run bench`). Timing is never part of the tests; this prints
 * ratios measured side by side in one run, since these machines are noisy.
 *
 * 1. Core kernel: the Prieto-Curiel et al. (2023) model (150 groups, 520 + 4 × 260 weekly RK4 steps),
 *    Atalaya's O(groups + ties) kernel against the direct dense NumPy version (bench/peer_core.py, run
 *    with Debian's /usr/bin/python3 and python3-numpy).
 * 2. Full model, status quo: 1,000 Monte Carlo runs (history 2012→2026 + ten years) on 1 and 2 threads;
 *    the target is under 10 s on this 2-core machine.
 * 3. The default `atalaya compare` (15 scenarios × 200 runs).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_COMPARE } from '../src/cli/commands/compare.js';
import { hasGroupFiles } from '../src/data/cartel-network.js';
import { groupFileCandidates, resolveGroupNetwork } from '../src/data/group-source.js';
import { runMonteCarlo } from '../src/sim/pool.js';
import { reproducePrietoCuriel } from '../src/sim/reproduce.js';
import { loadPreset } from '../src/sim/scenario/load.js';

const network = resolveGroupNetwork();
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

// 2. Full model, 1,000 runs.
{
  log('\n2. Full model, status quo, 1,000 runs (history 2012→2026 + ten years)');
  const scenarios = [loadPreset('status-quo')];
  const times: number[] = [];
  for (const threads of [1, 2]) {
    const t0 = performance.now();
    await runMonteCarlo({ network, scenarios, runs: 1000, seed: 1, threads });
    const s = (performance.now() - t0) / 1000;
    times.push(s);
    log(
      `   ${threads} thread${threads > 1 ? 's' : ' '}   ${s.toFixed(2)} s   ${(1000 / s).toFixed(0)} runs/s`,
    );
  }
  log(
    `   speed-up with 2 threads: ${(times[0] / times[1]).toFixed(2)}×   target: under 10 s → ${times[1] < 10 ? 'met' : 'NOT met'}`,
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
