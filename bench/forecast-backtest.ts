/**
 * The default rolling backtest (`atalaya forecast backtest`: INEGI municipal homicides, 12 origins six
 * months apart, horizons 1–12, the five default models) on 1 and on N worker threads, side by side in one
 * run, since these machines are shared and noisy:
 *
 *   ATALAYA_HOME=… npx tsx bench/forecast-backtest.ts [--threads 1,2] [--repeat 1] [--count 12] [--json]
 *
 * Prints, per thread count, the wall time, the CPU time of the whole process (every thread: on a loaded
 * machine the fairer figure), the speed-up against the first thread count, whether the result is the
 * same JSON as the first (it must be: the origins' scores are merged in origin order), and, from the
 * progress callbacks, the shortest and longest origin (with one thread, the time between two origins
 * finishing), which says whether splitting origins further (across horizons) could balance the threads
 * better. `--repeat` alternates the thread counts (1, 2, 1, 2, …) so that a change in the machine's load
 * touches both. Target: under 2 minutes with 2 threads. Timing is never part of the tests.
 *
 * Data: the imported cache in ATALAYA_HOME when that variable is set; otherwise the four files a forecast
 * needs are imported from ../shared/data (or ATALAYA_DATA) into a temporary cache, as the tests do.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { importData } from '../src/data/import.js';
import { atalayaHome, findDataDir } from '../src/data/locate.js';
import { readPanel } from '../src/data/panel/cache.js';
import type { Panel } from '../src/data/panel/panel.js';
import { type BacktestResult, backtestOnThreads } from '../src/forecast/backtest.js';

const { values: args } = parseArgs({
  options: {
    threads: { type: 'string', default: '1,2' },
    repeat: { type: 'string', default: '1' },
    count: { type: 'string', default: '12' },
    json: { type: 'boolean', default: false },
  },
});
const SERIES = 'inegi.homicides';
/** The files of test/forecast/real-panel.ts. */
const FORECAST_FILES = [
  'inegi_homicides_gargiulo/mexico-muni-month-homicide-rates-2000-2019.csv.gz',
  'conapo_population_lapanquecita/poblacion_municipal_total.csv',
  'census2020_mxmaps/censo2020_poblacion_municipal.csv',
  'geo_mxmaps/mxmunicipio.topojson',
];
const threadCounts = args.threads.split(',').map(Number);
const repeat = Number(args.repeat);
const count = Number(args.count);
const log = (s: string) => (args.json ? console.error(s) : console.log(s));
const temporary: string[] = [];

function loadPanel(): { panel: Panel; source: string } {
  if (process.env.ATALAYA_HOME) {
    const home = atalayaHome();
    return { panel: readPanel(home).panel, source: `cache ${home}` };
  }
  const found = findDataDir();
  if (!found) {
    console.log('No data: set ATALAYA_HOME to an imported cache, or provide ../shared/data (ATALAYA_DATA).');
    process.exit(0);
  }
  const dir = mkdtempSync(join(tmpdir(), 'atalaya-bench-backtest-data-'));
  const home = mkdtempSync(join(tmpdir(), 'atalaya-bench-backtest-home-'));
  temporary.push(dir, home);
  for (const file of FORECAST_FILES) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    copyFileSync(join(found.dir, file), join(dir, file));
  }
  importData({ dir, home });
  return { panel: readPanel(home).panel, source: `${found.dir} (imported into a temporary cache)` };
}

interface Run {
  threads: number;
  seconds: number;
  cpu: number;
  /** Seconds between consecutive origins finishing (with one thread: each origin's time). */
  gaps: number[];
  json: string;
  result: BacktestResult;
}

async function timed(panel: Panel, threads: number): Promise<Run> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const marks: number[] = [];
  const result = await backtestOnThreads(panel, {
    series: SERIES,
    count,
    threads,
    onProgress: (done, total, origin) => {
      if (done > 0) marks.push(performance.now());
      if (!args.json && process.stderr.isTTY)
        process.stderr.write(`   threads ${threads}: ${done}/${total} origins ${origin}      \r`);
    },
  });
  const seconds = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  const gaps = marks.map((m, k) => (m - (k === 0 ? t0 : marks[k - 1])) / 1000);
  return { threads, seconds, cpu: (c.user + c.system) / 1e6, gaps, json: JSON.stringify(result), result };
}

const fmt = (x: number, digits = 1) => x.toFixed(digits);
const load = () =>
  loadavg()
    .map((v) => v.toFixed(2))
    .join(' ');

try {
  const { panel, source } = loadPanel();
  log(
    `Rolling backtest on worker threads — ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${availableParallelism()} cores`,
  );
  log(`Data: ${source}`);
  log(`Load average before: ${load()} (other processes share the cores)`);
  const runs: Run[] = [];
  for (let r = 0; r < repeat; r++) for (const n of threadCounts) runs.push(await timed(panel, n));
  if (!args.json && process.stderr.isTTY) process.stderr.write(`${' '.repeat(60)}\r`);
  const first = runs[0];
  const res = first.result;
  log(`Load average after:  ${load()}`);
  log(
    `\n\`atalaya forecast backtest\`: ${res.series}, ${res.areas.toLocaleString('en')} municipalities, ${res.origins.length} origins ${res.origins[0]}…${res.origins.at(-1)}, horizons 1–${res.horizon}, models ${res.models.join(', ')}\n`,
  );
  log(
    '| threads | wall time | CPU time, all threads | wall vs first | origin min–max | same JSON as first |',
  );
  log('|---:|---:|---:|---:|---:|---|');
  for (const run of runs) {
    const origins =
      run.threads === 1 ? `${fmt(Math.min(...run.gaps))}–${fmt(Math.max(...run.gaps))} s` : '(overlapping)';
    log(
      `| ${run.threads} | ${fmt(run.seconds)} s | ${fmt(run.cpu)} s | ×${(first.seconds / run.seconds).toFixed(2)} | ${origins} | ${run === first ? '—' : run.json === first.json ? 'yes' : 'NO'} |`,
    );
  }
  const best = (n: number) => Math.min(...runs.filter((x) => x.threads === n).map((x) => x.seconds));
  const top = Math.max(...threadCounts);
  log(
    `\nSpeed-up, best of each: ${threadCounts.map((n) => `${n} thread(s) ${fmt(best(n))} s`).join(', ')}; ×${(best(threadCounts[0]) / best(top)).toFixed(2)} with ${top}.`,
  );
  log(`Target under 2 min with ${top} threads: ${best(top) < 120 ? 'met' : 'NOT met'}.`);
  if (runs.some((x) => x.json !== first.json)) {
    log('ERROR: the results differ between thread counts');
    process.exitCode = 1;
  }
  if (args.json) {
    console.log(
      JSON.stringify({
        date: new Date().toISOString(),
        node: process.version,
        cores: availableParallelism(),
        origins: res.origins,
        runs: runs.map(({ threads, seconds, cpu, gaps, json }) => ({
          threads,
          seconds,
          cpu,
          originSeconds: gaps,
          sameAsFirst: json === first.json,
        })),
      }),
    );
  }
} finally {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
}
