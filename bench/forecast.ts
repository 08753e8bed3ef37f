/**
 * Benchmark of the municipal forecast (`npm run bench:forecast [-- --backtest] [-- --json]`). Timing is
 * never part of the tests; this prints measurements taken side by side in one run, since these machines
 * are noisy.
 *
 * 1. The NB2 regression with one dispersion: `fitNegBin` against statsmodels (bench/forecast-peer.py, run
 *    with Debian's /usr/bin/python3 and python3-statsmodels) on the same training designs: the
 *    Chihuahua–Sinaloa slices of test/fixtures/forecast/statsmodels-nb2.json and the national design for
 *    h = 1 at the last origin (every municipality × 60 origins). Fit times exclude reading the design;
 *    the designs are written as CSV to a temporary folder (os.tmpdir()) and deleted afterwards.
 * 2. `atalaya forecast`'s work: fit and 12-month forecast of every municipality from 2019-12 (model
 *    negbin, two dispersion strata). Target: under 10 s.
 * 3. With --backtest only (one to two minutes): the default 12-origin rolling backtest with the default
 *    models, on worker threads (all cores). Target: under 2 minutes. bench/forecast-backtest.ts compares
 *    thread counts side by side.
 *
 * Data: the imported cache in ATALAYA_HOME when that variable is set; otherwise the four files a forecast
 * needs are imported from ../shared/data (or ATALAYA_DATA) into a temporary cache, as the tests do.
 * --json prints the measurements as one JSON object on stdout (the table then goes to stderr).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { importData } from '../src/data/import.js';
import { atalayaHome, findDataDir } from '../src/data/locate.js';
import { readPanel } from '../src/data/panel/cache.js';
import type { Panel } from '../src/data/panel/panel.js';
import { backtestOnThreads } from '../src/forecast/backtest.js';
import { forecast } from '../src/forecast/forecast.js';
import { fitNegBin } from '../src/forecast/negbin.js';
import {
  constantColumns,
  type Slice,
  type SliceDesign,
  sliceDesign,
  writeDesignCsv,
} from './forecast-design.js';

const { values: args } = parseArgs({
  options: { backtest: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } },
});
const SERIES = 'inegi.homicides';
const PYTHON = '/usr/bin/python3';
const PEER = join(import.meta.dirname, 'forecast-peer.py');
/** The files of test/forecast/real-panel.ts. */
const FORECAST_FILES = [
  'inegi_homicides_gargiulo/mexico-muni-month-homicide-rates-2000-2019.csv.gz',
  'conapo_population_lapanquecita/poblacion_municipal_total.csv',
  'census2020_mxmaps/censo2020_poblacion_municipal.csv',
  'geo_mxmaps/mxmunicipio.topojson',
];

const lines: string[] = [];
const log = (s: string) => {
  if (args.json) console.error(s);
  else console.log(s);
  lines.push(s);
};
const temporary: string[] = [];
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temporary.push(dir);
  return dir;
};

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
  const dir = tempDir('atalaya-bench-forecast-data-');
  for (const file of FORECAST_FILES) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    copyFileSync(join(found.dir, file), join(dir, file));
  }
  const home = tempDir('atalaya-bench-forecast-home-');
  const t0 = performance.now();
  importData({ dir, home });
  const s = (performance.now() - t0) / 1000;
  return { panel: readPanel(home).panel, source: `${found.dir} (4 files imported in ${s.toFixed(1)} s)` };
}

/** Why statsmodels cannot run, or undefined when it can. */
function peerUnavailable(): string | undefined {
  try {
    execFileSync(PYTHON, ['-c', 'import statsmodels'], { stdio: 'pipe' });
    return undefined;
  } catch (err) {
    return `${PYTHON} cannot import statsmodels (${(err as Error).message.split('\n')[0]}); apt-get install python3-statsmodels`;
  }
}

interface PeerResult {
  params: Record<string, number>;
  alpha: number;
  llf: number;
  n: number;
  seconds: number;
  converged: boolean;
  iterations: number;
  statsmodels: string;
}

interface FitRow {
  design: string;
  rows: number;
  atalaya: { seconds: number; alpha: number; logLik: number; iterations: number; converged: boolean };
  statsmodels?: { seconds: number; alpha: number; logLik: number; iterations: number; converged: boolean };
  maxAbsDeltaBeta?: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (x: number, digits = 2) => x.toFixed(digits);

const started = performance.now();
const { panel, source } = loadPanel();
log(
  `Atalaya forecast benchmark — ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${availableParallelism()} cores`,
);
log(`Data: ${source}\n`);
const report: Record<string, unknown> = { date: new Date().toISOString(), node: process.version };

try {
  // 1. NB2 regression against statsmodels.
  {
    const designs: { label: string; slice: Slice }[] = [
      { label: 'Chihuahua+Sinaloa, 2018-12, h=1', slice: { states: ['08', '25'], asOf: '2018-12', h: 1 } },
      { label: 'Chihuahua+Sinaloa, 2018-12, h=6', slice: { states: ['08', '25'], asOf: '2018-12', h: 6 } },
      { label: 'national, 2019-12, h=1', slice: { asOf: '2019-12', h: 1 } },
    ];
    const unavailable = peerUnavailable();
    log('1. NB2 regression, one dispersion: fitNegBin vs statsmodels NegativeBinomial(nb2), same design');
    if (unavailable) log(`   NOTICE: statsmodels part skipped: ${unavailable}`);
    const csvDir = tempDir('atalaya-bench-forecast-design-');
    const rows: FitRow[] = [];
    for (const [k, { label, slice }] of designs.entries()) {
      const d: SliceDesign = sliceDesign(panel, { series: SERIES, window: 60, ...slice });
      const constant = constantColumns(d);
      if (constant.length > 0) throw new Error(`constant columns in ${label}: ${constant.join(', ')}`);
      // A first fit warms up the JIT; then the median of a few (one for the national design).
      let fit = fitNegBin(d.X, d.y, d.p);
      const times: number[] = [];
      for (let r = 0; r < (d.n > 50_000 ? 1 : 5); r++) {
        const t0 = performance.now();
        fit = fitNegBin(d.X, d.y, d.p);
        times.push((performance.now() - t0) / 1000);
      }
      const row: FitRow = {
        design: `${label} (${d.areas.length} municipalities × ${d.n / d.areas.length} origins, ${d.p} columns)`,
        rows: d.n,
        atalaya: {
          seconds: median(times),
          alpha: fit.alphas[0],
          logLik: fit.logLik,
          iterations: fit.iterations,
          converged: fit.converged,
        },
      };
      if (!unavailable) {
        const csv = join(csvDir, `design-${k}.csv`);
        writeDesignCsv(csv, d);
        const out = JSON.parse(
          execFileSync(PYTHON, [PEER, csv], { encoding: 'utf8', maxBuffer: 1 << 24 }),
        ) as PeerResult;
        rmSync(csv);
        if (out.n !== d.n) throw new Error(`statsmodels read ${out.n} rows of ${label}, expected ${d.n}`);
        row.statsmodels = {
          seconds: out.seconds,
          alpha: out.alpha,
          logLik: out.llf,
          iterations: out.iterations,
          converged: out.converged,
        };
        row.maxAbsDeltaBeta = Math.max(...d.names.map((name, j) => Math.abs(fit.beta[j] - out.params[name])));
        report.statsmodels = out.statsmodels;
      }
      rows.push(row);
    }
    if (report.statsmodels) {
      log(
        `   statsmodels ${report.statsmodels}, Debian python3: its time includes the Poisson start and the BFGS`,
      );
      log('   stage before Newton (see bench/forecast-peer.py); Atalaya: median of 5 fits after a warm-up');
      log('   (one fit for the national design); Δ = Atalaya − statsmodels\n');
    }
    for (const r of rows) {
      log(`   ${r.design}: ${r.rows.toLocaleString('en')} rows`);
      const a = r.atalaya;
      log(
        `     Atalaya      ${fmt(a.seconds, 3).padStart(8)} s   α ${a.alpha.toPrecision(8)}   ℓ ${a.logLik.toFixed(6)}   ${a.iterations} iterations${a.converged ? '' : ' (NOT converged)'}`,
      );
      const s = r.statsmodels;
      if (s) {
        log(
          `     statsmodels  ${fmt(s.seconds, 3).padStart(8)} s   α ${s.alpha.toPrecision(8)}   ℓ ${s.logLik.toFixed(6)}   ${s.iterations} Newton iterations${s.converged ? '' : ' (NOT converged)'}`,
        );
        log(
          `     ratio statsmodels / Atalaya ${fmt(s.seconds / a.seconds, 1)}×   max |Δβ| ${r.maxAbsDeltaBeta!.toExponential(1)}   |Δα|/α ${(Math.abs(a.alpha - s.alpha) / s.alpha).toExponential(1)}   Δℓ ${(a.logLik - s.logLik).toExponential(1)}`,
        );
      }
    }
    report.fits = rows;
  }

  // 2. Fit and 12-month forecast of every municipality.
  {
    const t0 = performance.now();
    const result = forecast(panel, { series: SERIES, asOf: '2019-12', horizon: 12, model: 'negbin' });
    const s = (performance.now() - t0) / 1000;
    const areas = new Set(result.forecasts.map((f) => f.area)).size;
    const rows = result.fits.reduce((t, f) => t + f.n, 0);
    log(
      `\n2. Forecast, model negbin, as of ${result.asOf}, horizons 1–12: ${areas.toLocaleString('en')} municipalities, 12 fits on ${rows.toLocaleString('en')} rows in all`,
    );
    log(`   ${fmt(s)} s   target: under 10 s → ${s < 10 ? 'met' : 'NOT met'}`);
    report.forecast = { seconds: s, areas, fits: result.fits.length, rows };
  }

  // 3. Rolling backtest (opt-in).
  if (args.backtest) {
    const t0 = performance.now();
    const result = await backtestOnThreads(panel, {
      series: SERIES,
      onProgress: (done, total) => {
        if (done < total) process.stderr.write(`   ${done}/${total} origins done\r`);
      },
    });
    process.stderr.write(`${' '.repeat(40)}\r`);
    const s = (performance.now() - t0) / 1000;
    log(
      `\n3. Backtest (${Math.min(availableParallelism(), result.origins.length)} worker threads): ${result.origins.length} origins (${result.origins[0]}…${result.origins.at(-1)}), horizons 1–${result.horizon}, models ${result.models.join(', ')}`,
    );
    log(`   ${fmt(s, 1)} s   target: under 2 min → ${s < 120 ? 'met' : 'NOT met'}`);
    log(
      `   ${'model'.padEnd(12)} ${'CRPS'.padStart(7)} ${'cover90 (PIT)'.padStart(14)} ${'top-50 prec.'.padStart(13)}`,
    );
    for (const o of result.overall) {
      log(
        `   ${o.model.padEnd(12)} ${fmt(o.scores.crps, 4).padStart(7)} ${fmt(o.scores.pitCoverage90, 3).padStart(14)} ${fmt(o.scores.topKPrecision, 3).padStart(13)}`,
      );
    }
    report.backtest = {
      seconds: s,
      origins: result.origins,
      overall: result.overall.map((o) => ({ model: o.model, crps: o.scores.crps })),
    };
  } else log('\n3. Backtest skipped (about 2 minutes): run with --backtest');

  log(`\nTotal ${fmt((performance.now() - started) / 1000, 1)} s`);
  if (args.json) console.log(JSON.stringify(report));
} finally {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
}
