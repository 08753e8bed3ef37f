import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { type NetworkChoice, resolveGroupNetwork } from '../data/group-source.js';
import { renderCsv } from '../report/csv.js';
import type { Locale } from '../report/format.js';
import { renderHtmlReport } from '../report/html.js';
import { renderTerminal } from '../report/terminal.js';
import { presentAnchor } from '../sim/assimilate/anchor.js';
import type { Resolution } from '../sim/calendar.js';
import { METRIC_IDS, type MetricId } from '../sim/metrics.js';
import { runMonteCarlo } from '../sim/pool.js';
import { loadPreset, loadScenarioFile } from '../sim/scenario/load.js';
import type { Scenario } from '../sim/scenario/schema.js';
import { type Summary, summarize } from '../sim/summary.js';
import { UsageError } from './errors.js';
import { addDataOptions, collect, oneOf, positiveInt, seedValue, yearMonth } from './options.js';
import { emit } from './output.js';
import { progressBar } from './progress.js';

/** Options shared by `compare` and `simulate`. */
export interface RunCommandOptions {
  runs: number;
  seed: number;
  threads?: number;
  resolution: Resolution;
  data?: string;
  home?: string;
  network: NetworkChoice;
  years?: number;
  start?: string;
  set: string[];
  json?: boolean;
  csv?: boolean;
  report?: string;
  out?: string;
  metrics?: string;
  baseline?: string;
  lang: Locale;
  progress: boolean;
  anchor: boolean;
}

export function addRunOptions(cmd: Command, defaultRuns: number): Command {
  return addDataOptions(cmd)
    .option('-n, --runs <n>', 'Monte Carlo runs per scenario', positiveInt('--runs', 100_000), defaultRuns)
    .option('--seed <n>', 'random seed (same seed, same numbers, whatever the thread count)', seedValue, 1)
    .option('--threads <n>', 'worker threads (default: all cores, at most 8)', positiveInt('--threads', 64))
    .option(
      '--years <n>',
      'years simulated after the start (overrides the scenarios)',
      positiveInt('--years', 30),
    )
    .option('--start <YYYY-MM>', 'when policies start (overrides the scenarios)', yearMonth)
    .option(
      '--set <path=value>',
      'override a scenario field, e.g. parameters.rho=0.002 (repeatable)',
      collect,
      [],
    )
    .option(
      '--resolution <r>',
      'time step of results: year, month or week',
      oneOf('--resolution', ['year', 'month', 'week'] as const),
      'year',
    )
    .option('--json', 'print the results as JSON')
    .option('--csv', 'print the results as CSV (one row per scenario, metric and period)')
    .option('--report <file.html>', 'write a self-contained HTML report')
    .option('-o, --out <file>', 'write the JSON/CSV/table to a file instead of standard output')
    .option('--metrics <ids>', `metrics in the terminal tables, comma-separated (${METRIC_IDS.join(', ')})`)
    .option('--baseline <id>', 'scenario the others are compared with (default: status-quo)')
    .option('--lang <en|es>', 'language of the HTML report', oneOf('--lang', ['en', 'es'] as const), 'en')
    .option('--no-progress', 'hide the progress bar')
    .option(
      '--no-anchor',
      "runs from 2012 with homicides from the engine's own path calibrated to INEGI 2012–2024, instead of from the filtered present and the newest observed counts",
    );
}

/** A preset id or a scenario file path. */
export function loadScenarioArg(arg: string, set: string[]): Scenario {
  const looksLikeFile = /\.(ya?ml|json)$/i.test(arg) || arg.includes('/');
  if (looksLikeFile) {
    if (!existsSync(arg)) throw new UsageError(`scenario file ${arg} does not exist`);
    return loadScenarioFile(arg, { set });
  }
  return loadPreset(arg, { set });
}

export function overrides(opts: RunCommandOptions): string[] {
  const out = [...opts.set];
  if (opts.years) out.push(`years=${opts.years}`);
  if (opts.start) out.push(`start=${opts.start}`);
  return out;
}

export async function runAndReport(scenarios: Scenario[], opts: RunCommandOptions): Promise<Summary> {
  const ids = new Set<string>();
  for (const s of scenarios) {
    if (ids.has(s.id)) throw new UsageError(`scenario "${s.id}" is listed twice`);
    ids.add(s.id);
  }
  if (opts.baseline && !ids.has(opts.baseline)) {
    throw new UsageError(`--baseline ${opts.baseline}: not among the scenarios (${[...ids].join(', ')})`);
  }
  const metrics = parseMetrics(opts.metrics);
  const network = resolveGroupNetwork({ dataDir: opts.data, home: opts.home, network: opts.network });
  const anchor = opts.anchor ? presentAnchor(opts.home) : undefined;
  const filterBar = progressBar('Filtering the observed months', opts.progress, 'months');
  const bar = progressBar('Simulating', opts.progress);
  let result: Awaited<ReturnType<typeof runMonteCarlo>>;
  try {
    result = await runMonteCarlo({
      network,
      scenarios,
      runs: opts.runs,
      seed: opts.seed,
      threads: opts.threads,
      resolution: opts.resolution,
      // Per-state results are only shown in JSON, CSV and the report (they cost some time to compute).
      byArea: opts.resolution === 'year' && !!(opts.json || opts.csv || opts.report),
      anchor: anchor?.spec,
      assimilate: anchor ? { observed: anchor.observed } : undefined,
      onFilter: filterBar.update,
      onProgress: (done, total) => {
        filterBar.stop();
        bar.update(done, total);
      },
    });
  } finally {
    filterBar.stop();
    bar.stop();
  }
  const summary = summarize(result, { baseline: opts.baseline });
  summary.warnings.push(...(anchor?.warnings ?? []));
  if (opts.report) emit(renderHtmlReport(summary, { locale: opts.lang }), opts.report);
  if (opts.json) emit(JSON.stringify(summary, jsonNumbers, 2), opts.out);
  else if (opts.csv) emit(renderCsv(summary), opts.out);
  else if (!opts.report || opts.out) emit(renderTerminal(summary, { metrics }), opts.out);
  return summary;
}

function parseMetrics(list: string | undefined): MetricId[] | undefined {
  if (!list) return undefined;
  const ids = list.split(',').map((s) => s.trim());
  for (const id of ids) {
    if (!METRIC_IDS.includes(id as MetricId))
      throw new UsageError(`--metrics: unknown metric "${id}"; valid: ${METRIC_IDS.join(', ')}`);
  }
  return ids as MetricId[];
}

/** JSON has no NaN or Infinity: write them as null; round to 6 significant digits to keep files small. */
export function jsonNumbers(_key: string, value: unknown): unknown {
  if (typeof value !== 'number') return value;
  if (!Number.isFinite(value)) return null;
  if (Number.isInteger(value)) return value;
  return Number(value.toPrecision(6));
}
