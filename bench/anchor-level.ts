/**
 * Which present should the status quo hold? (`npx tsx bench/anchor-level.ts [--particles N] [--builtin]`)
 *
 * At each hold-out origin the counts are filtered up to the origin, and three levels of the present are
 * set against the national totals of the 1–3 years that followed: the observed mean of the last 12 months
 * (what the anchor holds now), the last 6 months, and the filter's expected count of the last 3 months
 * (each particle's levels and engine, posterior mean). Point errors only: the level is what differs; the
 * drift around it is the same for all three. Not a test: a figure for docs/CALIBRATION.md.
 */
import { builtinGroupNetwork } from '../src/data/builtin-network.js';
import { resolveGroupNetwork } from '../src/data/group-source.js';
import { observedHomicides } from '../src/data/observed/homicides.js';
import { parseMonthLabel } from '../src/data/panel/months.js';
import { DEFAULT_ORIGINS } from '../src/sim/assimilate/holdout.js';
import { runNowcast } from '../src/sim/assimilate/nowcast.js';

const args = process.argv.slice(2);
const particles = Number(args[args.indexOf('--particles') + 1] ?? 200) || 200;
const builtin = args.includes('--builtin');
const observed = observedHomicides({ prefer: builtin ? 'builtin' : 'newest' });
const network = builtin ? builtinGroupNetwork() : resolveGroupNetwork({});
const obs = observed.monthly;
const first = parseMonthLabel(obs.start);
const nat = (t: number) => obs.national[t];
const rows: { origin: string; h: number; window: number; six: number; filtered: number }[] = [];
const t0 = Date.now();
for (const origin of DEFAULT_ORIGINS) {
  const T0 = parseMonthLabel(origin) - first + 1;
  const { model } = runNowcast({ network, observations: obs, until: origin, particles, seed: 1 });
  // The filter keeps the last month's means and levels; the two before come from the ring of 12 months
  // scaled by the same levels (the levels move slowly: a month's step is 4%).
  let filtered = 0;
  for (let j = 0; j < model.n; j++) for (let a = 0; a < model.areas; a++) filtered += model.stateMean(j, a);
  filtered /= model.n;
  let window = 0;
  for (let t = T0 - 12; t < T0; t++) window += nat(t);
  let six = 0;
  for (let t = T0 - 6; t < T0; t++) six += nat(t);
  for (let y = 0; y < 3; y++) {
    if (T0 + 12 * y + 12 > obs.months) break;
    let o = 0;
    for (let t = T0 + 12 * y; t < T0 + 12 * y + 12; t++) o += nat(t);
    rows.push({
      origin,
      h: y + 1,
      window: window / o - 1,
      six: (2 * six) / o - 1,
      filtered: (12 * filtered) / o - 1,
    });
  }
}
const pct = (v: number) => `${(100 * v).toFixed(1)}%`.padStart(7);
console.log(`particles ${particles}, ${observed.source.release}, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
console.log('origin   h  12-month  6-month  filtered (signed errors)');
for (const r of rows) console.log(`${r.origin}  ${r.h} ${pct(r.window)} ${pct(r.six)} ${pct(r.filtered)}`);
for (const h of [1, 2, 3]) {
  const r = rows.filter((x) => x.h === h);
  const mae = (f: (x: (typeof rows)[0]) => number) =>
    pct(r.reduce((s, x) => s + Math.abs(f(x)), 0) / r.length);
  console.log(
    `mean abs h=${h} (${r.length}): ${mae((x) => x.window)} ${mae((x) => x.six)} ${mae((x) => x.filtered)}`,
  );
}
