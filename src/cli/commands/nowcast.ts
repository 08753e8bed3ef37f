import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Command } from 'commander';
import type { NetworkSource } from '../../data/cartel-network.js';
import { resolveGroupNetwork } from '../../data/group-source.js';
import { observedHomicides } from '../../data/observed/homicides.js';
import type { Locale } from '../../report/format.js';
import { renderNowcastReport } from '../../report/nowcast.js';
import { type NowcastResult, runNowcast } from '../../sim/assimilate/nowcast.js';
import { UsageError } from '../errors.js';
import { addDataOptions, type DataOptions, oneOf, positiveInt, seedValue, yearMonth } from '../options.js';
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
    .option(
      '--smooth-from <month>',
      'first month smoothed given every count, for the state totals of each complete year (YYYY-MM; default: January of the year before the newest month)',
      yearMonth,
    )
    .option('--json', 'print the whole result as JSON')
    .option('-o, --out <file>', 'write the output to a file (atomically)')
    .option('--report <file.html>', 'write a self-contained HTML report of the nowcast (atomically)')
    .option('--lang <en|es>', 'language of the HTML report', oneOf('--lang', ['en', 'es'] as const), 'en')
    .addHelpText(
      'after',
      '\nExamples:\n  atalaya nowcast\n  atalaya nowcast --report nowcast.html --lang es\n  atalaya nowcast --until 2021-12 --json > nowcast.json',
    )
    .action(
      (
        opts: DataOptions & {
          particles: number;
          seed: number;
          until?: string;
          smoothFrom?: string;
          builtin?: boolean;
          months: number;
          json?: boolean;
          out?: string;
          report?: string;
          lang: Locale;
        },
      ) => {
        if (opts.report) checkReportPath(opts.report, opts.out);
        const observed = observedHomicides({ home: opts.home, prefer: opts.builtin ? 'builtin' : 'newest' });
        const network = resolveGroupNetwork({ dataDir: opts.data, home: opts.home, network: opts.network });
        const bar = progressBar('nowcast', !opts.json, 'months');
        const newest = observed.source.lastMonth;
        const last = opts.until && opts.until < newest ? opts.until : newest;
        const smoothFrom = opts.smoothFrom ?? `${Number(last.slice(0, 4)) - 1}-01`;
        if (smoothFrom < observed.monthly.start || smoothFrom > last)
          throw new UsageError(
            `--smooth-from ${smoothFrom}: expected a month from ${observed.monthly.start} to ${last}`,
          );
        const { result } = runNowcast({
          network,
          observations: observed.monthly,
          until: opts.until,
          particles: opts.particles,
          seed: opts.seed,
          smoothFrom,
          onProgress: bar.update,
        });
        bar.stop();
        const warnings = [...observed.warnings];
        if (opts.report) {
          const html = renderNowcastReport(
            {
              result,
              source: observed.source,
              incompleteMonths: observed.monthly.incompleteMonths,
              groups: { kind: network.source.kind, citation: network.source.citation },
              warnings,
            },
            { locale: opts.lang },
          );
          try {
            emit(html, opts.report);
          } catch (err) {
            throw new UsageError(
              `--report ${opts.report}: cannot write the file (${(err as Error).message})`,
            );
          }
          // As `compare --report`: the report alone replaces the terminal view; --json or --out bring it back.
          if (!opts.json && !opts.out) return;
        }
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

/**
 * Refuse a report path that cannot be written before the filter runs (minutes with many particles): a
 * folder, a name ending in a slash, a parent that is a file, or the same file as --out.
 */
function checkReportPath(path: string, out: string | undefined): void {
  const bad = (why: string) => new UsageError(`--report ${path}: ${why}`);
  const stat = (p: string) => {
    try {
      return statSync(p, { throwIfNoEntry: false });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw bad(code === 'ENOTDIR' ? 'a folder on its path is a file' : `cannot be written (${code})`);
    }
  };
  if (path === '-' || /[/\\]$/.test(path)) throw bad('expected an HTML file name');
  if (out && out !== '-' && resolve(out) === resolve(path)) throw bad('the same file as --out');
  if (stat(path)?.isDirectory()) throw bad('is a folder');
  // The nearest existing ancestor must be a folder (writeFileAtomic creates the missing ones).
  for (let dir = dirname(resolve(path)); ; dir = dirname(dir)) {
    const st = stat(dir);
    if (st) {
      if (!st.isDirectory()) throw bad('a folder on its path is a file');
      return;
    }
    if (dirname(dir) === dir) return;
  }
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

function fixed(b: NowcastResult['present']['perDay'], digits: number): string {
  return `${b.p50.toFixed(digits)} [${b.p05.toFixed(digits)}–${b.p95.toFixed(digits)}]`;
}

/**
 * The newest complete year in the smoothed window: each state's observed total against the band of its
 * total given every count (the in-sample check of docs/CALIBRATION.md).
 */
function yearTable(r: NowcastResult): string[] {
  const y = r.smoothed?.years.at(-1);
  if (!y) return [];
  const inside = (o: number, b: { p05: number; p95: number }) => o >= b.p05 && o <= b.p95;
  const rows = r.states
    .map((s, a) => ({ name: s.name, ...y.states[a] }))
    .sort((a, b) => b.observed - a.observed)
    .map((s) =>
      `  ${s.name.padEnd(32)} ${int(s.observed).padStart(7)}   ${band(s.band).padEnd(24)} ${inside(s.observed, s.band) ? '' : 'outside'}`.trimEnd(),
    );
  const n = y.states.filter((s) => inside(s.observed, s.band)).length;
  return [
    '',
    `${y.year} by state (victims): observed and the year's total given every count (smoothed median [90%])`,
    `  ${'national'.padEnd(32)} ${int(y.national.observed).padStart(7)}   ${band(y.national.band)}`,
    ...rows,
    `  ${n} of ${y.states.length} states inside their band.`,
  ];
}

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
    `Parameters now (median [90%]): κ ${fixed(r.parameters.kappa, 2)} homicides per conflict death, h ${fixed(r.parameters.nonCartelRate, 2)} per 100,000 not tied to the groups (IF2 and profiles: atalaya calibrate nowcast).`,
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
  lines.push(...yearTable(r));
  for (const w of c.warnings) lines.push('', `warning: ${w}`);
  return lines.join('\n');
}
