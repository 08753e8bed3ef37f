/**
 * The status quo against the observed counts (`npx tsx bench/status-quo-table.ts [--runs 200] [--seed 1]`):
 * the default `compare` setup (every run from the filtered present, anchored), status quo only, per-state
 * results; national and the five states with the most victims in the last 12 complete months, for 2025,
 * 2026 and 2030, beside SESNSP 2024 and the last 12 complete months (both × the INEGI/SESNSP ratio) and
 * INEGI 2024. Not a test: the figures for docs/NOWCAST.md and the note.
 */
import { parseArgs } from 'node:util';
import { resolveGroupNetwork } from '../src/data/group-source.js';
import { parseMonthLabel } from '../src/data/panel/months.js';
import { presentAnchor } from '../src/sim/assimilate/anchor.js';
import { runMonteCarlo } from '../src/sim/pool.js';
import { loadPreset } from '../src/sim/scenario/load.js';
import { quantileSorted } from '../src/sim/summary.js';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '200' }, seed: { type: 'string', default: '1' } },
});
const runs = Number(values.runs);
const present = presentAnchor();
const { observed, spec } = present;
const t0 = Date.now();
const result = await runMonteCarlo({
  network: resolveGroupNetwork({}),
  scenarios: [loadPreset('status-quo')],
  runs,
  seed: Number(values.seed),
  byArea: true,
  anchor: spec,
  assimilate: { observed },
});
const seconds = (Date.now() - t0) / 1000;
const ratio = Math.exp(spec.scale.logMean);
const monthly = observed.monthly;
const first = parseMonthLabel(monthly.start);
const sumMonths = (row: (t: number) => number, from: string, to: string) => {
  let s = 0;
  for (let t = parseMonthLabel(from) - first; t <= parseMonthLabel(to) - first; t++) s += row(t);
  return s;
};
const national = (t: number) => monthly.national[t];
const stateRow = (k: number) => (t: number) => monthly.victims[k * monthly.months + t];
const R = result.runs;
const m = result.areas.ids.length;
const sq = result.scenarios[0];
const band = (get: (r: number) => number) => {
  const v = Float64Array.from({ length: R }, (_, r) => get(r)).sort();
  const f = (x: number) => `${(x / 1000).toFixed(1)}k`;
  return `${f(quantileSorted(v, 0.5))} [${f(quantileSorted(v, 0.05))}–${f(quantileSorted(v, 0.95))}]`;
};
const years = [2025, 2026, 2030];
const k = (y: number) => result.labels.indexOf(y);
const inegi2024 = observed.inegi.nationalYearly.find((r) => r.year === 2024)?.value;
const [w0, w1] = spec.window;
const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
console.log(
  `${result.posterior?.particles} particles in ${result.posterior?.islands} filters through ${result.posterior?.through}; ${runs} runs; ${seconds.toFixed(1)} s; ratio ${ratio.toFixed(3)}`,
);
console.log(
  `| | SESNSP 2024 × ${ratio.toFixed(2)} | last 12 complete months (${w0} to ${w1}) × ${ratio.toFixed(2)} | ${years.join(' | ')} |`,
);
console.log(`|---|---|---|${years.map(() => '---').join('|')}|`);
console.log(
  `| National (INEGI 2024: ${inegi2024 ? fmt(inegi2024) : '—'}) | ${fmt(sumMonths(national, '2024-01', '2024-12') * ratio)} | ${fmt(sumMonths(national, w0, w1) * ratio)} | ${years.map((y) => band((r) => sq.values.homicides![k(y) * R + r])).join(' | ')} |`,
);
const order = monthly.states
  .map((id, s) => ({ id, s, last: sumMonths(stateRow(s), w0, w1) }))
  .sort((a, b) => b.last - a.last)
  .slice(0, 5);
for (const { id, s, last } of order) {
  const a = result.areas.ids.indexOf(id);
  const name = result.areas.names[a];
  console.log(
    `| ${name} | ${fmt(sumMonths(stateRow(s), '2024-01', '2024-12') * ratio)} | ${fmt(last * ratio)} | ${years.map((y) => band((r) => sq.areaHomicides![(k(y) * m + a) * R + r])).join(' | ')} |`,
  );
}
