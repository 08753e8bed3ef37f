/**
 * In-sample check of the nowcast filter on the full series (docs/CALIBRATION.md, "In sample: national
 * months and state totals for 2024"):
 *
 *   npx tsx bench/nowcast-check.ts [--particles 500] [--seed 1] [--year 2024] [--builtin] [--network auto|files|builtin]
 *
 * (i)   the share of complete months (2015 onward) whose observed national count lies inside the filtered
 *       90% band of the national count (as `atalaya nowcast` reports it);
 * (ii)  for each of the 32 states, the observed total of the year against the band of the year's total
 *       given every count: `runNowcast`'s smoothed window (smoother.ts: each final particle's levels drawn
 *       along its lineage by forward filtering and backward sampling, each month's scatter drawn on top);
 *       beside it, for comparison, the band of the filtered months' draws summed along the same lineages
 *       (what this check used before the smoother: it trails a jump such as Sinaloa's from September 2024);
 * (iii) a verdict per state; ESS statistics and wall time.
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { resolveGroupNetwork } from '../src/data/group-source.js';
import { observedHomicides } from '../src/data/observed/homicides.js';
import { monthLabel, parseMonthLabel } from '../src/data/panel/months.js';
import { runNowcast } from '../src/sim/assimilate/nowcast.js';
import { weightedQuantiles } from '../src/sim/assimilate/weighted-quantiles.js';

const { values: args } = parseArgs({
  options: {
    particles: { type: 'string', default: '500' },
    seed: { type: 'string', default: '1' },
    year: { type: 'string', default: '2024' },
    builtin: { type: 'boolean', default: false },
    network: { type: 'string', default: 'auto' },
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
const {
  result: r,
  nationalDraws,
  lineages,
  model,
} = runNowcast({
  network,
  observations: monthly,
  particles,
  seed,
  smoothFrom: `${year}-01`,
});
const wall = (performance.now() - started) / 1000;
const T = r.months.length;
const first = parseMonthLabel(r.from);

// (i) National months inside the filtered 90% band (complete months only: the newest are filtered as missing).
const incomplete = new Set(monthly.incompleteMonths);
let inside = 0;
let complete = 0;
const outside: string[] = [];
for (let t = 0; t < T; t++) {
  if (incomplete.has(r.months[t])) continue;
  complete++;
  const o = r.national.observed[t];
  const b = r.national.filtered[t];
  if (o >= b.p05 && o <= b.p95) inside++;
  else outside.push(`${r.months[t]} (${Math.round(o)} vs ${Math.round(b.p05)}–${Math.round(b.p95)})`);
}

// (ii) The year's state totals: smoothed (the target) and, for comparison, filtered draws along lineages.
const totals = r.smoothed?.years.find((y) => y.year === year);
if (!totals) throw new Error(`${year} is not a complete year inside ${r.from}…${r.to}`);
const yearFrom = parseMonthLabel(`${year}-01`) - first;
const filteredNational = new Float64Array(particles);
for (let t = yearFrom; t < yearFrom + 12; t++)
  for (let i = 0; i < particles; i++)
    filteredNational[i] += nationalDraws[t * particles + lineages[t * particles + i]];
const equal = new Float64Array(particles).fill(1 / particles);
const [f05, f95] = weightedQuantiles(filteredNational, equal, [0.05, 0.95]);
const distinct = (t: number) => new Set(lineages.subarray(t * particles, (t + 1) * particles)).size;
const rows = r.states.map((s, a) => {
  const { observed: total, band } = totals.states[a];
  const verdict = total < band.p05 ? 'below' : total > band.p95 ? 'above' : 'inside';
  return { name: s.name, code: s.code, total, ...band, verdict };
});

const ess = [...r.ess].sort((x, y) => x - y);
const q = (p: number) => ess[Math.min(ess.length - 1, Math.floor(p * ess.length))];
const worst = r.ess
  .map((e, t) => ({ e, m: monthLabel(first + t) }))
  .sort((x, y) => x.e - y.e)
  .slice(0, 3);

const fmt = (v: number) => Math.round(v).toLocaleString('en');
console.log(
  `Nowcast in-sample check — ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${availableParallelism()} cores`,
);
console.log(
  `command: npx tsx bench/nowcast-check.ts --particles ${particles} --seed ${seed} --year ${year}${args.builtin ? ' --builtin' : ''} --network ${networkKind}`,
);
console.log(
  `data: ${observed.source.release} (${observed.source.kind}), ${r.from}…${r.to}; groups: ${network.source.kind}, ${network.groups.length}`,
);
console.log(
  `(i) national months inside the filtered 90% band: ${inside} of ${complete} (${((100 * inside) / complete).toFixed(1)}%)`,
);
console.log(`    outside: ${outside.join(', ') || 'none'}`);
console.log(
  `(ii) ${year} totals by state, 90% band given every count (levels smoothed along ${particles} lineages; distinct ancestors ` +
    `${year}-01 ${distinct(yearFrom)}, ${year}-12 ${distinct(yearFrom + 11)}); national ${fmt(totals.national.observed)} observed, ` +
    `smoothed ${fmt(totals.national.band.p05)}–${fmt(totals.national.band.p95)}, filtered months along lineages ${fmt(f05)}–${fmt(f95)}`,
);
console.log('| state | code | observed | median | 90% band | verdict |');
console.log('|---|---|---|---|---|---|');
for (const row of rows)
  console.log(
    `| ${row.name} | ${row.code} | ${fmt(row.total)} | ${fmt(row.p50)} | ${fmt(row.p05)}–${fmt(row.p95)} | ${row.verdict} |`,
  );
const off = rows.filter((row) => row.verdict !== 'inside');
console.log(
  `(iii) ${rows.length - off.length} of ${rows.length} states inside; outside: ${off.map((row) => `${row.name} (${row.verdict})`).join(', ') || 'none'}`,
);
console.log(
  `ESS (of ${particles}, before each month's resampling): min ${ess[0].toFixed(1)}, 5% ${q(0.05).toFixed(1)}, ` +
    `median ${q(0.5).toFixed(1)}; lowest: ${worst.map((w) => `${w.m} ${w.e.toFixed(1)}`).join(', ')}`,
);
console.log(
  `log-likelihood ${r.logLikelihood.toFixed(1)}; wall time ${wall.toFixed(1)} s; κ ${model.kappa.length} particles`,
);
