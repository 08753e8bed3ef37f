import Table from 'cli-table3';
import { Command } from 'commander';
import { csvText } from '../../data/csv-write.js';
import { areaName } from '../../data/export.js';
import { atalayaHome } from '../../data/locate.js';
import { readPanel } from '../../data/panel/cache.js';
import type { Panel } from '../../data/panel/panel.js';
import {
  type BacktestResult,
  backtestOnThreads,
  DEFAULT_BACKTEST_MODELS,
  SHORT_BACKTEST_HORIZON,
  SHORT_BACKTEST_MODELS,
  type SkillRow,
  skillAgainstBaselines,
} from '../../forecast/backtest.js';
import { type ForecastResult, forecast } from '../../forecast/forecast.js';
import { MAX_HORIZON, MODEL_IDS, MODEL_INFO, type ModelId } from '../../forecast/models.js';
import { COMPACT_TABLE } from '../../report/table-style.js';
import { UsageError } from '../errors.js';
import { asUsage, oneOf, positiveInt, yearMonth } from '../options.js';
import { emit } from '../output.js';
import { progressBar } from '../progress.js';

export function loadForecastPanel(home: string | undefined): Panel {
  return readPanel(atalayaHome({ home })).panel;
}

/** Options shared by `forecast`, `forecast backtest` and `hotspots`. */
export function seriesOptions(c: Command): Command {
  return c
    .option(
      '--series <id>',
      'monthly count series in the cache (default: the homicide series with the newest month at --level)',
    )
    .option(
      '--level <level>',
      'municipality or state',
      oneOf('--level', LEVELS),
      'municipality' as ForecastLevel,
    )
    .option('--vintage <v>', 'release of the series (default: the latest imported)')
    .option(
      '--donor <id>',
      'long series a borrowed model learns from (default: the longest homicide series of the level)',
    )
    .option('--home <dir>', 'data cache (default: ATALAYA_HOME or ~/.cache/atalaya)')
    .option(
      '--window <n>',
      'training origins per fit (months of history the regression learns from)',
      positiveInt('--window', 240),
      60,
    );
}

export const LEVELS = ['municipality', 'state'] as const;
export type ForecastLevel = (typeof LEVELS)[number];

export const modelOption = (what: string) =>
  [
    '--model <id>',
    `${what}: ${MODEL_IDS.join(', ')} (default: ensemble, or borrowed-ensemble for a series under four years)`,
    oneOf('--model', MODEL_IDS),
  ] as const;

const horizonOption = positiveInt('--horizon', MAX_HORIZON);

interface ForecastOptions {
  series?: string;
  level: ForecastLevel;
  donor?: string;
  vintage?: string;
  home?: string;
  window: number;
  asOf?: string;
  horizon: number;
  model?: ModelId;
  area?: string;
  json?: boolean;
  csv?: boolean;
  out?: string;
}

export function forecastCommand(): Command {
  const cmd = seriesOptions(
    new Command('forecast')
      .summary(
        'municipal or state forecasts 1–12 months ahead with predictive intervals; `forecast backtest` scores them',
      )
      .description(
        'Forecast a monthly count series from --as-of, using only data up to that month. By default the ' +
          'homicide series with the newest month at --level, from its newest month (the output says which ' +
          'month and release, and warns when it is more than 6 months old). Every forecast is a predictive ' +
          'distribution: its mean and the 5/25/50/75/95% quantiles. A series shorter than four years (SESNSP ' +
          'municipal carpetas start 2024-01) borrows its regression from a long one (--donor).\n\n' +
          'Models (docs/FORECAST.md):\n' +
          MODEL_IDS.map((m) => `  ${m.padEnd(13)}${MODEL_INFO[m]}`).join('\n'),
      ),
  )
    .option(
      '--as-of <YYYY-MM>',
      'forecast origin: the last month used (default: the newest month of the series)',
      yearMonth,
    )
    .option('--horizon <n>', `months ahead, 1 to ${MAX_HORIZON}`, horizonOption, MAX_HORIZON)
    .option(...modelOption('model'))
    .option('--area <codes>', 'only these areas in the output (comma-separated codes: CVEGEO or state)')
    .option(
      '--json',
      'print { series, asOf, model, forecasts: [{ area, t, mean, p05, p25, p50, p75, p95 }] }',
    )
    .option('--csv', 'print one row per area and month')
    .option('-o, --out <file>', 'write the output to this file (atomically) instead of standard output')
    .addHelpText(
      'after',
      '\nExamples:\n  atalaya forecast --horizon 3\n' +
        '  atalaya forecast --series inegi.homicides --as-of 2018-12 --horizon 6\n' +
        '  atalaya forecast --level state --horizon 6\n' +
        '  atalaya forecast --area 02004,08037 --horizon 12\n' +
        '  atalaya forecast --as-of 2019-06 --horizon 3 --json > forecast.json\n' +
        '  atalaya forecast backtest --count 12 --step 6',
    )
    .action((opts: ForecastOptions) => {
      if (opts.json && opts.csv) throw new UsageError('give either --json or --csv, not both');
      const panel = loadForecastPanel(opts.home);
      const result = forecast(panel, {
        series: opts.series,
        level: opts.level,
        donor: opts.donor,
        vintage: opts.vintage,
        asOf: opts.asOf,
        horizon: opts.horizon,
        model: opts.model,
        window: opts.window,
        areas: opts.area ? codeList(opts.area) : undefined,
      });
      if (opts.json) return emit(JSON.stringify(result, null, 2), opts.out);
      if (opts.csv) return emit(forecastCsv(result, panel), opts.out);
      emit(forecastText(result, panel, !!opts.area), opts.out);
    });
  cmd.enablePositionalOptions();
  backtestCommand(cmd);
  return cmd;
}

function codeList(value: string): string[] {
  return value
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);
}

const round = (x: number, digits = 3) => Number(x.toFixed(digits));

function forecastCsv(result: ForecastResult, panel: Panel): string {
  return csvText(
    ['area', 'name', 't', 'mean', 'p05', 'p25', 'p50', 'p75', 'p95'],
    result.forecasts.map((f) => [
      f.area,
      areaName(f.area, panel.areas),
      f.t,
      round(f.mean),
      f.p05,
      f.p25,
      f.p50,
      f.p75,
      f.p95,
    ]),
  );
}

/** Terminal view: the national expected total by month, then the areas (all requested, or the top 15). */
function forecastText(result: ForecastResult, panel: Panel, requested: boolean): string {
  const months = [...new Set(result.forecasts.map((f) => f.t))];
  const totals = months.map((t) => result.forecasts.filter((f) => f.t === t).reduce((s, f) => s + f.mean, 0));
  const head = `${result.title} — ${result.series}, ${result.level}, release ${result.vintage}; data through ${result.asOf}, forecast ${result.horizon} month(s) ahead.`;
  const lines = [head, `Model ${result.method}.`];
  if (!requested) {
    const t = new Table({ head: ['month', 'expected (all areas)'], ...COMPACT_TABLE });
    months.forEach((m, k) => {
      t.push([m, Math.round(totals[k]).toLocaleString('en-US')]);
    });
    lines.push(t.toString());
  }
  const first = months[0];
  const rows = requested
    ? result.forecasts
    : result.forecasts
        .filter((f) => f.t === first)
        .sort((a, b) => b.mean - a.mean)
        .slice(0, 15);
  const t = new Table({
    head: ['area', 'name', 'month', 'expected', '50% interval', '90% interval'],
    ...COMPACT_TABLE,
  });
  for (const f of rows)
    t.push([
      f.area,
      areaName(f.area, panel.areas),
      f.t,
      f.mean.toFixed(1),
      `${f.p25}–${f.p75}`,
      `${f.p05}–${f.p95}`,
    ]);
  lines.push(requested ? '' : `Most expected in ${first}:`, t.toString());
  lines.push(
    'Intervals are predictive quantiles of counts; their coverage in the rolling backtest is in docs/FORECAST.md.',
    'Every area and month: --json or --csv.',
    ...result.warnings.map((w) => `warning: ${w}`),
  );
  return lines.filter((l, k) => l !== '' || k > 0).join('\n');
}

interface BacktestCliOptions {
  series?: string;
  level: ForecastLevel;
  donor?: string;
  vintage?: string;
  home?: string;
  window: number;
  models?: string;
  origins?: string;
  count?: number;
  step?: number;
  horizon?: number;
  scoreProvisional?: boolean;
  topK: number;
  threads?: number;
  progress: boolean;
  json?: boolean;
  out?: string;
}

function backtestCommand(parent: Command): void {
  seriesOptions(
    parent
      .command('backtest')
      .description(
        'rolling-origin backtest: refit every model at each origin on the data up to it, score the next 1…H months ' +
          '(MSE of log(1+count), CRPS, 50/90% interval coverage, top-k precision/recall, escalation detection)',
      ),
  )
    .option(
      '--models <ids>',
      `comma-separated, from ${MODEL_IDS.join(', ')} (default: ${DEFAULT_BACKTEST_MODELS.join(',')}; on a series under four years ${SHORT_BACKTEST_MODELS.join(',')})`,
    )
    .option(
      '--origins <months>',
      'explicit origins YYYY-MM,… (default: --count origins --step months apart; on a short series every month that can be scored)',
    )
    .option('--count <n>', 'number of origins (default 12)', positiveInt('--count', 240))
    .option('--step <n>', 'months between origins (default 6)', positiveInt('--step', 120))
    .option(
      '--horizon <n>',
      `longest horizon, 1 to ${MAX_HORIZON} (default ${MAX_HORIZON}; ${SHORT_BACKTEST_HORIZON} on a short series)`,
      horizonOption,
    )
    .option('--score-provisional', 'also score outcomes in months the release flags as provisional')
    .option('--top-k <n>', 'k of the top-k hot-spot precision and recall', positiveInt('--top-k', 5000), 50)
    .option(
      '--threads <n>',
      'worker threads, one origin each (default: all cores, at most the origins); same numbers for any count',
      positiveInt('--threads', 64),
    )
    .option('--no-progress', 'hide the progress bar')
    .option('--json', 'print every score by model and horizon, and the skill against the best baseline')
    .option('-o, --out <file>', 'write the output to this file (atomically)')
    .addHelpText(
      'after',
      '\nThe last origin is H months before the end of the series, so every forecast is scored.\n' +
        'Examples:\n  atalaya forecast backtest\n  atalaya forecast backtest --models mean12,negbin --horizon 3 --count 4\n' +
        '  atalaya forecast backtest --origins 2016-12,2017-12 --json',
    )
    .action(async (opts: BacktestCliOptions) => {
      const models = opts.models
        ? codeList(opts.models).map(asUsage(oneOf('--models', MODEL_IDS)))
        : undefined;
      if (models?.length === 0) throw new UsageError('--models needs at least one model');
      const origins = opts.origins ? codeList(opts.origins).map(asUsage(yearMonth)) : undefined;
      const panel = loadForecastPanel(opts.home);
      const bar = progressBar('Backtest', opts.progress, 'origins');
      // Ctrl-C cancels: the workers are terminated. A second Ctrl-C exits at once.
      const controller = new AbortController();
      const onSigint = () => {
        if (controller.signal.aborted) process.exit(130);
        process.stderr.write('\ncancelling… (Ctrl-C again to exit at once)\n');
        controller.abort();
      };
      process.on('SIGINT', onSigint);
      let result: BacktestResult;
      try {
        result = await backtestOnThreads(panel, {
          series: opts.series,
          level: opts.level,
          donor: opts.donor,
          provisional: opts.scoreProvisional,
          vintage: opts.vintage,
          window: opts.window,
          models,
          origins,
          count: opts.count,
          step: opts.step,
          horizon: opts.horizon,
          topK: opts.topK,
          threads: opts.threads,
          signal: controller.signal,
          onProgress: (done, total) => bar.update(done, total),
        });
      } catch (err) {
        if (controller.signal.aborted) throw new UsageError('backtest cancelled');
        throw err;
      } finally {
        process.off('SIGINT', onSigint);
        bar.stop();
      }
      const skill = skillAgainstBaselines(result);
      if (opts.json) return emit(JSON.stringify({ ...result, skill }, null, 2), opts.out);
      emit(backtestText(result, skill), opts.out);
    });
}

const f4 = (x: number) => x.toFixed(4);
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const signedPct = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(1)}%`;

export function backtestText(result: BacktestResult, skill: SkillRow[]): string {
  const scores = new Table({
    head: [
      'h',
      'model',
      'MSE log1p',
      'CRPS',
      'cover 50%',
      'cover 90%',
      `top-${result.topK} prec.`,
      'recall',
      'esc. AUC',
      'esc. Brier',
    ],
    ...COMPACT_TABLE,
  });
  for (let h = 1; h <= result.horizon; h++) {
    for (const r of result.rows.filter((x) => x.h === h)) {
      const s = r.scores;
      scores.push([
        h,
        r.model,
        f4(s.mseLog1p),
        f4(s.crps),
        pct(s.pitCoverage50),
        pct(s.pitCoverage90),
        pct(s.topKPrecision),
        pct(s.topKRecall),
        Number.isFinite(s.escalationAuc) ? s.escalationAuc.toFixed(3) : '–',
        f4(s.escalationBrier),
      ]);
    }
  }
  const lines = [
    `Rolling-origin backtest of ${result.series} (release ${result.vintage}): ${result.areas.toLocaleString('en-US')} areas, ${result.origins.length} origins ${result.origins[0]}..${result.origins.at(-1)}, horizons 1–${result.horizon}, training window ${result.window} origins.`,
    ...(result.donor
      ? [
          `Borrowed models: regression fitted on ${result.donor.series} (release ${result.donor.vintage}) up to ${result.donor.through}.`,
        ]
      : []),
    ...(result.provisional ? ['Outcomes in months the release flags as provisional are scored.'] : []),
    scores.toString(),
    'Coverage: share of outcomes inside the central 50%/90% predictive interval (randomised PIT for counts).',
  ];
  if (skill.length > 0) {
    const t = new Table({
      head: [
        'h',
        'model',
        'best baseline (MSE)',
        'MSE skill',
        'best baseline (CRPS)',
        'CRPS skill',
        'beats both',
      ],
      ...COMPACT_TABLE,
    });
    for (const s of skill)
      t.push([
        s.h,
        s.model,
        s.bestBaseline.mse,
        signedPct(s.mseSkill),
        s.bestBaseline.crps,
        signedPct(s.crpsSkill),
        s.beatsBaselines ? 'yes' : 'no',
      ]);
    lines.push(
      '',
      'Skill against the best baseline of each horizon (1 − score / baseline score; positive is better):',
      t.toString(),
    );
  }
  return lines.join('\n');
}
