import { Command } from 'commander';
import type { NetworkSource } from '../../data/cartel-network.js';
import { resolveGroupNetwork } from '../../data/group-source.js';
import { observedHomicides } from '../../data/observed/homicides.js';
import { type NowcastResult, runNowcast } from '../../sim/assimilate/nowcast.js';
import { addDataOptions, type DataOptions, positiveInt, seedValue, yearMonth } from '../options.js';
import { emit } from '../output.js';
import { progressBar } from '../progress.js';

/**
 * `atalaya nowcast`: the simulator filtered through the observed monthly homicides (SESNSP victims by
 * state) up to the newest month: where it stands now, and how it met the data on the way.
 */
export function nowcastCommand(): Command {
  return addDataOptions(
    new Command('nowcast').summary(
      'filter the simulator through the observed homicides by state and month: the present, with its band',
    ),
  )
    .option('-n, --particles <n>', 'particles of the filter', positiveInt('--particles', 20_000), 1000)
    .option('--seed <n>', 'random seed (same seed, same numbers)', seedValue, 1)
    .option('--until <month>', 'use only the months up to this one (YYYY-MM)', yearMonth)
    .option('--builtin', "use Atalaya's built-in table even when the data cache holds a newer release")
    .option('--months <n>', 'months of the national table shown', positiveInt('--months', 600), 24)
    .option('--json', 'print the whole result as JSON')
    .option('-o, --out <file>', 'write the output to a file (atomically)')
    .action(
      (
        opts: DataOptions & {
          particles: number;
          seed: number;
          until?: string;
          builtin?: boolean;
          months: number;
          json?: boolean;
          out?: string;
        },
      ) => {
        const observed = observedHomicides({ home: opts.home, prefer: opts.builtin ? 'builtin' : 'newest' });
        const network = resolveGroupNetwork({ dataDir: opts.data, home: opts.home, network: opts.network });
        const bar = progressBar('nowcast', !opts.json, 'months');
        const { result } = runNowcast({
          network,
          observations: observed.monthly,
          until: opts.until,
          particles: opts.particles,
          seed: opts.seed,
          onProgress: bar.update,
        });
        bar.stop();
        const warnings = [...observed.warnings];
        if (opts.json) {
          emit(
            JSON.stringify(
              {
                source: observed.source,
                groups: groupsLabel(network.source),
                incompleteMonths: observed.monthly.incompleteMonths,
                ...result,
                warnings,
              },
              null,
              2,
            ),
            opts.out,
          );
          return;
        }
        emit(
          renderNowcast(result, {
            source: observed.source,
            incomplete: observed.monthly.incompleteMonths,
            groups: groupsLabel(network.source),
            months: opts.months,
            warnings,
          }),
          opts.out,
        );
      },
    );
}

/** The groups simulated, without the folder they were read from (no machine paths in outputs). */
function groupsLabel(source: NetworkSource): string {
  return source.kind === 'files'
    ? `${source.citation} (the 150-group files)`
    : "Atalaya's built-in description of the groups";
}

interface RenderContext {
  source: { release: string; kind: string; lastMonth: string };
  incomplete: string[];
  groups: string;
  months: number;
  warnings: string[];
}

const int = (v: number) => Math.round(v).toLocaleString('en-US');
const band = (b: { p05: number; p50: number; p95: number }) => `${int(b.p50)} [${int(b.p05)}–${int(b.p95)}]`;

/** The terminal view: the present first, then how the filter met the data. */
export function renderNowcast(r: NowcastResult, c: RenderContext): string {
  const T = r.months.length;
  const lines = [
    'Atalaya — nowcast: the simulator filtered through the observed homicides',
    `Data: ${c.source.release} (${c.source.kind === 'cache' ? 'data cache' : 'built-in table'}), SESNSP victims of intentional homicide by state, ${r.from} to ${r.to}${c.incomplete.length > 0 ? `; ${c.incomplete.join(', ')} still incomplete (filtered as missing)` : ''}.`,
    `Groups: ${c.groups}. ${r.particles} particles, seed ${r.seed}.`,
    '',
    `Present (${r.present.month}): ${r.present.perDay.p50.toFixed(0)} homicide victims a day [90%: ${r.present.perDay.p05.toFixed(0)}–${r.present.perDay.p95.toFixed(0)}]`,
    `Recruitment now ${r.recruitment[T - 1].p50.toFixed(2)}× the published model's [${r.recruitment[T - 1].p05.toFixed(2)}–${r.recruitment[T - 1].p95.toFixed(2)}]; members ${band(r.members[T - 1])}.`,
    '',
    `National, victims a month: observed and filtered (median [90%])`,
    '  month     observed   filtered',
  ];
  for (let t = Math.max(0, T - c.months); t < T; t++) {
    const o = r.national.observed[t];
    lines.push(
      `  ${r.months[t]}  ${(Number.isNaN(o) ? '—' : int(o)).padStart(8)}   ${band(r.national.filtered[t])}`,
    );
  }
  const inside = r.national.observed.filter((o, t) => {
    const b = r.national.filtered[t];
    return !Number.isNaN(o) && o >= b.p05 && o <= b.p95;
  }).length;
  const counted = r.national.observed.filter((o) => !Number.isNaN(o)).length;
  const ess = [...r.ess].sort((a, b) => a - b);
  lines.push(
    '',
    `Observed national months inside the filtered 90% band: ${inside} of ${counted}.`,
    `Log-likelihood ${r.logLikelihood.toFixed(1)}; effective sample size median ${int(ess[Math.floor(ess.length / 2)])}, lowest ${int(ess[0])} of ${r.particles}.`,
    '',
    `States, the last 12 months (victims): observed and filtered median`,
  );
  const rows = r.states
    .map((s) => {
      let o = 0;
      let f = 0;
      for (let t = T - 12; t < T; t++) {
        o += Number.isNaN(s.observed[t]) ? 0 : s.observed[t];
        f += s.filtered[t].p50;
      }
      return { name: s.name, o, f };
    })
    .sort((a, b) => b.o - a.o);
  for (const s of rows) lines.push(`  ${s.name.padEnd(32)} ${int(s.o).padStart(7)} ${int(s.f).padStart(9)}`);
  for (const w of c.warnings) lines.push('', `warning: ${w}`);
  return lines.join('\n');
}
