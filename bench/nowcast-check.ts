/**
 * In-sample check of the nowcast filter on the full series (docs/CALIBRATION.md, "In sample: national
 * months and state totals for 2024"):
 *
 *   npx tsx bench/nowcast-check.ts [--particles 500] [--seed 1] [--builtin] [--network auto|files|builtin] [--verify]
 *
 * (i)   the share of complete months (2015 onward) whose observed national count lies inside the filtered
 *       90% band of the national count (as `atalaya nowcast` reports it);
 * (ii)  for each of the 32 states, the observed 2024 total (the 12 monthly SESNSP counts) against the band
 *       of the 2024 total — built from per-particle annual sums: each particle's monthly draws summed
 *       along its lineage (see below);
 * (iii) a verdict per state; ESS statistics and wall time.
 *
 * `runNowcast` keeps only monthly bands, not the particles' draws, so this script drives `particleFilter`
 * over a `NowcastModel` itself, exactly as nowcast.ts does (same model, settings, seed, resampling at every
 * month, and the same draws from `substream(seed, t, 'nowcast-summary')`), recording `model.drawCounts` of
 * every particle each month. `--verify` also runs `runNowcast` and checks the national bands are identical.
 *
 * Why the annual band is smoothed, not filtered: the filter resamples every month, so slot j in March and
 * slot j in April are not the same particle, and summing a slot's draws over the year mixes particles. A
 * particle's annual total needs its ancestors at each month: `traceLineages` from the last month of 2024
 * gives, for each particle alive after December 2024's resampling (equal weights), its ancestor in every
 * month of the year — a draw of the year's path given the data through December 2024 (smoothed within the
 * year). Summing the draws recorded along each lineage gives one annual total per particle; the band is
 * their 5% and 95% quantiles. Lineages coalesce going back (path degeneracy): the script reports how many
 * distinct ancestors January 2024 keeps. Where several lineages share an ancestor, they share its recorded
 * draw for that month; see `--fresh`, which redraws the counts of each lineage and month independently from
 * the ancestor's stored filtered state, so that shared ancestors do not shrink the band to their one draw.
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { resolveGroupNetwork } from '../src/data/group-source.js';
import { observedHomicides } from '../src/data/observed/homicides.js';
import { monthLabel, parseMonthLabel } from '../src/data/panel/months.js';
import { monthMajor } from '../src/sim/assimilate/anchor.js';
import { traceLineages } from '../src/sim/assimilate/lineages.js';
import { runNowcast } from '../src/sim/assimilate/nowcast.js';
import { NowcastModel } from '../src/sim/assimilate/nowcast-model.js';
import { particleFilter } from '../src/sim/assimilate/particle-filter.js';
import { NOWCAST_SETTINGS } from '../src/sim/assimilate/settings.js';
import { weightedQuantiles } from '../src/sim/assimilate/weighted-quantiles.js';
import { buildWorld } from '../src/sim/model/world.js';
import { createRng, substream } from '../src/sim/rng.js';
import { MechanismsSchema } from '../src/sim/scenario/schema.js';

const { values: args } = parseArgs({
  options: {
    particles: { type: 'string', default: '500' },
    seed: { type: 'string', default: '1' },
    year: { type: 'string', default: '2024' },
    builtin: { type: 'boolean', default: false },
    network: { type: 'string', default: 'auto' },
    verify: { type: 'boolean', default: false },
    fresh: { type: 'boolean', default: false },
  },
});
const particles = Number(args.particles);
const seed = Number(args.seed);
const year = Number(args.year);
if (!(Number.isInteger(particles) && particles >= 2))
  throw new Error(`--particles: an integer ≥ 2 (got ${args.particles})`);
const networkKind = args.network as 'auto' | 'files' | 'builtin';
if (!['auto', 'files', 'builtin'].includes(networkKind)) throw new Error(`--network: auto, files or builtin`);

const started = performance.now();
const observed = observedHomicides({ prefer: args.builtin ? 'builtin' : 'newest' });
const monthly = observed.monthly;
const network = resolveGroupNetwork({ network: networkKind });
const world = buildWorld(network);
const ids = world.areas.ids;
const A = ids.length;
const obs = monthMajor(monthly, { ids });
const T = obs.months;
const first = parseMonthLabel(obs.start);
const settings = NOWCAST_SETTINGS;
const model = new NowcastModel({
  world,
  mechanisms: MechanismsSchema.parse({}),
  observations: obs,
  particles,
  seed,
  settings,
});
const yearFrom = parseMonthLabel(`${year}-01`) - first;
const yearTo = yearFrom + 12;
if (yearFrom < 0 || yearTo > T)
  throw new Error(`${year} is not inside ${obs.start}…${monthLabel(first + T - 1)}`);

// Every particle's draw of every state, every month: [(t · N + j) · A + a]. National bands use all months;
// the annual totals only the year's.
const draws = new Float64Array(T * particles * A);
const weights = new Float64Array(T * particles);
// For --fresh: each slot's filtered state in the year's months (what drawCounts reads), to redraw later.
// The Kalman block's size is read from the model (its levels may include more than c and ℓ_1 … ℓ_A).
const dim = model.levelMean.length / particles;
const stored = args.fresh
  ? {
      mean: new Float64Array(12 * particles * A),
      levelMean: new Float64Array(12 * particles * dim),
      levelCov: new Float64Array(12 * particles * dim * dim),
    }
  : undefined;
const scratch = new Float64Array(A);
const run = particleFilter(model, {
  particles,
  steps: T,
  seed,
  essThreshold: 1,
  onStep: (t, w) => {
    // The same stream and order of draws as runNowcast's onStep: the national bands come out identical.
    const rng = substream(seed, t, 'nowcast-summary');
    for (let j = 0; j < particles; j++) {
      model.drawCounts(j, rng, scratch);
      draws.set(scratch, (t * particles + j) * A);
    }
    weights.set(w, t * particles);
    if (stored && t >= yearFrom && t < yearTo) {
      const k = t - yearFrom;
      stored.mean.set(model.mean, k * particles * A);
      stored.levelMean.set(model.levelMean, k * particles * dim);
      stored.levelCov.set(model.levelCov, k * particles * dim * dim);
    }
  },
});
const filterSeconds = (performance.now() - started) / 1000;

// (i) National months inside the filtered 90% band (complete months only: the newest are filtered as missing).
const incomplete = new Set(monthly.incompleteMonths);
const nat = new Float64Array(particles);
let inside = 0;
let complete = 0;
const outside: string[] = [];
const nationalBands: [number, number][] = [];
for (let t = 0; t < T; t++) {
  for (let j = 0; j < particles; j++) {
    let s = 0;
    for (let a = 0; a < A; a++) s += draws[(t * particles + j) * A + a];
    nat[j] = s;
  }
  const [p05, p95] = weightedQuantiles(
    nat,
    weights.subarray(t * particles, (t + 1) * particles),
    [0.05, 0.95],
  );
  nationalBands.push([p05, p95]);
  const label = monthLabel(first + t);
  if (incomplete.has(label)) continue;
  complete++;
  const o = monthly.national[t];
  if (o >= p05 && o <= p95) inside++;
  else outside.push(`${label} (${Math.round(o)} vs ${Math.round(p05)}–${Math.round(p95)})`);
}

if (args.verify) {
  const check = runNowcast({ network, observations: monthly, particles, seed });
  const same = check.result.national.filtered.every(
    (b, t) => b.p05 === nationalBands[t][0] && b.p95 === nationalBands[t][1],
  );
  console.log(`--verify: national bands ${same ? 'identical to' : 'DIFFER from'} runNowcast's`);
  if (!same) process.exitCode = 1;
}

// (ii) The year's totals along lineages traced back from the year's last month.
const finals = Int32Array.from({ length: particles }, (_, j) => j);
const lineage = traceLineages(run.ancestry.slice(0, yearTo), finals);
const distinct = (t: number) => new Set(lineage.subarray(t * particles, (t + 1) * particles)).size;
const annual = new Float64Array(particles * A);
if (stored) {
  // One engine to hold a stored state at a time: drawCounts reads only its mean, levelMean and levelCov.
  const holder = new NowcastModel({
    world,
    mechanisms: MechanismsSchema.parse({}),
    observations: obs,
    particles: 1,
    seed,
    settings,
  });
  for (let i = 0; i < particles; i++) {
    const rng = createRng(seed, `nowcast-check-fresh-${i}`);
    for (let k = 0; k < 12; k++) {
      const s = lineage[(yearFrom + k) * particles + i];
      holder.mean.set(stored.mean.subarray((k * particles + s) * A, (k * particles + s + 1) * A));
      holder.levelMean.set(
        stored.levelMean.subarray((k * particles + s) * dim, (k * particles + s + 1) * dim),
      );
      holder.levelCov.set(
        stored.levelCov.subarray((k * particles + s) * dim * dim, (k * particles + s + 1) * dim * dim),
      );
      holder.drawCounts(0, rng, scratch);
      for (let a = 0; a < A; a++) annual[i * A + a] += scratch[a];
    }
  }
} else {
  for (let t = yearFrom; t < yearTo; t++)
    for (let i = 0; i < particles; i++) {
      const s = lineage[t * particles + i];
      for (let a = 0; a < A; a++) annual[i * A + a] += draws[(t * particles + s) * A + a];
    }
}
// After December's resampling every particle has weight 1/N.
const equal = new Float64Array(particles).fill(1 / particles);
const column = new Float64Array(particles);
const rows = ids.map((code, a) => {
  const row = monthly.states.indexOf(code);
  let total = 0;
  for (let t = yearFrom; t < yearTo; t++) total += monthly.victims[row * monthly.months + t];
  for (let i = 0; i < particles; i++) column[i] = annual[i * A + a];
  const [p05, p50, p95] = weightedQuantiles(column, equal, [0.05, 0.5, 0.95]);
  const verdict = total < p05 ? 'below' : total > p95 ? 'above' : 'inside';
  return { code, name: world.areas.names[a], total, p05, p50, p95, verdict };
});

const ess = Array.from(run.ess).sort((x, y) => x - y);
const q = (p: number) => ess[Math.min(ess.length - 1, Math.floor(p * ess.length))];
const worst = Array.from(run.ess)
  .map((e, t) => ({ e, m: monthLabel(first + t) }))
  .sort((x, y) => x.e - y.e)
  .slice(0, 3);
const wall = (performance.now() - started) / 1000;

const fmt = (v: number) => Math.round(v).toLocaleString('en');
console.log(
  `Nowcast in-sample check — ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${availableParallelism()} cores`,
);
console.log(
  `command: npx tsx bench/nowcast-check.ts --particles ${particles} --seed ${seed}${args.builtin ? ' --builtin' : ''} --network ${networkKind}${args.fresh ? ' --fresh' : ''}`,
);
console.log(
  `data: ${observed.source.release} (${observed.source.kind}), ${obs.start}…${monthLabel(first + T - 1)}; groups: ${network.source.kind}, ${network.groups.length}`,
);
console.log(
  `(i) national months inside the filtered 90% band: ${inside} of ${complete} (${((100 * inside) / complete).toFixed(1)}%)`,
);
console.log(`    outside: ${outside.join(', ') || 'none'}`);
console.log(
  `(ii) ${year} totals by state, band of per-particle annual sums along lineages traced from ${year}-12 ` +
    `(${args.fresh ? 'counts redrawn per lineage and month' : 'recorded draws'}); distinct ancestors: ` +
    `${year}-01 ${distinct(yearFrom)}, ${year}-06 ${distinct(yearFrom + 5)}, ${year}-12 ${distinct(yearTo - 1)} of ${particles}`,
);
console.log('| state | code | observed | median | 90% band | verdict |');
console.log('|---|---|---|---|---|---|');
for (const r of rows)
  console.log(
    `| ${r.name} | ${r.code} | ${fmt(r.total)} | ${fmt(r.p50)} | ${fmt(r.p05)}–${fmt(r.p95)} | ${r.verdict} |`,
  );
const off = rows.filter((r) => r.verdict !== 'inside');
console.log(
  `(iii) ${rows.length - off.length} of ${rows.length} states inside; outside: ${off.map((r) => `${r.name} (${r.verdict})`).join(', ') || 'none'}`,
);
console.log(
  `ESS (of ${particles}, before each month's resampling): min ${ess[0].toFixed(1)}, 5% ${q(0.05).toFixed(1)}, ` +
    `median ${q(0.5).toFixed(1)}; lowest: ${worst.map((w) => `${w.m} ${w.e.toFixed(1)}`).join(', ')}`,
);
console.log(
  `log-likelihood ${run.logLikelihood.toFixed(1)}; wall time ${wall.toFixed(1)} s (filter ${filterSeconds.toFixed(1)} s)`,
);
