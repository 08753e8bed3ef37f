import Table from 'cli-table3';
import { Command, InvalidArgumentError } from 'commander';
import { csvText } from '../../data/csv-write.js';
import { atalayaHome } from '../../data/locate.js';
import { readPanel } from '../../data/panel/cache.js';
import { MODEL_IDS, type ModelId } from '../../forecast/models.js';
import {
  type AreaTrend,
  DEFAULT_CONFIDENCE,
  DEFAULT_MIN_MEAN,
  DEFAULT_WINDOW,
  MAX_WINDOW,
  MIN_WINDOW,
  type TrendsResult,
  trends,
} from '../../forecast/trends.js';
import { COMPACT_TABLE } from '../../report/table-style.js';
import { UsageError } from '../errors.js';
import { atLeast, oneOf, positiveInt, yearMonth } from '../options.js';
import { emit } from '../output.js';

type Lang = 'en' | 'es';

interface TrendsCliOptions {
  series?: string;
  level: 'municipality' | 'state';
  vintage?: string;
  home?: string;
  asOf?: string;
  window: number;
  confidence: number;
  minMean: number;
  model?: ModelId;
  anomalies: boolean;
  top: number;
  json?: boolean;
  csv?: boolean;
  lang: Lang;
  out?: string;
}

function probability(value: string): number {
  const p = Number(value);
  if (!(p > 0.5 && p < 1))
    throw new InvalidArgumentError(`--confidence must be between 0.5 and 1 (got "${value}")`);
  return p;
}

function nonNegative(value: string): number {
  const x = Number(value);
  if (!(x >= 0) || !Number.isFinite(x))
    throw new InvalidArgumentError(`--min-mean must be a number ≥ 0 (got "${value}")`);
  return x;
}

export function trendsCommand(): Command {
  return new Command('trends')
    .summary(
      'rising, falling or flat: the trend of every municipality or state, and the newest month’s anomalies',
    )
    .description(
      'For every area of a level, the trend of its monthly count at the newest month — a local linear trend ' +
        'model on log(count + 1) without the months’ seasonality, variances by maximum likelihood — as % change ' +
        'a year with its interval: rising when the whole interval is above 0, falling when below, flat ' +
        'otherwise; areas with too few events get no trend. And whether the newest month fell outside the ' +
        '95% interval of the forecast made for it from the month before (docs/TRENDS.md).',
    )
    .option(
      '--series <id>',
      'monthly count series in the cache (default: the homicide series with the newest month at --level)',
    )
    .option(
      '--level <level>',
      'municipality or state',
      oneOf('--level', ['municipality', 'state'] as const),
      'municipality',
    )
    .option('--vintage <v>', 'release of the series (default: the latest imported)')
    .option('--home <dir>', 'data cache (default: ATALAYA_HOME or ~/.cache/atalaya)')
    .option('--as-of <YYYY-MM>', 'the newest month used (default: the newest month of the series)', yearMonth)
    .option(
      '--window <n>',
      `months of the trend fit, ending at --as-of (${MIN_WINDOW} to ${MAX_WINDOW}; fewer if the series is shorter)`,
      atLeast('--window', MIN_WINDOW, MAX_WINDOW),
      DEFAULT_WINDOW,
    )
    .option('--confidence <p>', 'central probability of the trend interval', probability, DEFAULT_CONFIDENCE)
    .option(
      '--min-mean <n>',
      'areas averaging fewer events a month over the window get no trend ("too few events")',
      nonNegative,
      DEFAULT_MIN_MEAN,
    )
    .option(
      '--model <id>',
      `forecast model of the anomaly check: ${MODEL_IDS.join(', ')} (default: the forecast's own choice)`,
      oneOf('--model', MODEL_IDS),
    )
    .option('--no-anomalies', 'skip the anomaly check (no forecast is fitted)')
    .option(
      '--top <n>',
      'how many rising, falling and anomalous areas to list',
      positiveInt('--top', 5000),
      10,
    )
    .option(
      '--json',
      'print every area as JSON (trend, interval, flag, anomaly), with warnings and freshness',
    )
    .option('--csv', 'print one row per area as CSV')
    .option('--lang <en|es>', 'language of the table', oneOf('--lang', ['en', 'es'] as const), 'en')
    .option('-o, --out <file>', 'write the table/JSON/CSV to this file (atomically)')
    .addHelpText(
      'after',
      '\nExamples:\n  atalaya trends\n  atalaya trends --level state --top 5 --lang es\n' +
        '  atalaya trends --series sesnsp.victims.homicidio-doloso --level state --window 60\n' +
        '  atalaya trends --as-of 2025-04 --json > trends.json',
    )
    .action((opts: TrendsCliOptions) => {
      if (opts.json && opts.csv) throw new UsageError('give either --json or --csv, not both');
      const { panel } = readPanel(atalayaHome({ home: opts.home }));
      const result = trends(panel, {
        series: opts.series,
        level: opts.level,
        vintage: opts.vintage,
        asOf: opts.asOf,
        window: opts.window,
        confidence: opts.confidence,
        minMean: opts.minMean,
        model: opts.model,
        anomalies: opts.anomalies,
      });
      if (opts.json) emit(JSON.stringify(result, null, 2), opts.out);
      else if (opts.csv) emit(trendsCsv(result), opts.out);
      else emit(trendsText(result, opts.top, opts.lang), opts.out);
    });
}

const round = (x: number, digits: number) => Number(x.toFixed(digits));

export function trendsCsv(result: TrendsResult): string {
  return csvText(
    [
      'area',
      'name',
      'state',
      'month',
      'flag',
      'per_year',
      'low',
      'high',
      'slope',
      'se',
      'mean_per_month',
      'total',
      'last',
      'anomaly',
      'expected',
      'low95',
      'high95',
      'tail',
    ],
    result.areas.map((r) => [
      r.area,
      r.name,
      r.state,
      result.asOf,
      r.flag,
      r.trend ? round(r.trend.perYear, 4) : '',
      r.trend ? round(r.trend.low, 4) : '',
      r.trend ? round(r.trend.high, 4) : '',
      r.trend ? round(r.trend.slope, 6) : '',
      r.trend ? round(r.trend.se, 6) : '',
      round(r.meanPerMonth, 3),
      r.total,
      r.last ?? '',
      r.anomaly?.flag ?? '',
      r.anomaly ? round(r.anomaly.expected, 3) : '',
      r.anomaly?.low ?? '',
      r.anomaly?.high ?? '',
      r.anomaly ? round(r.anomaly.tail, 6) : '',
    ]),
  );
}

const TEXT = {
  en: {
    head: (r: TrendsResult) =>
      `Trends of ${r.title} (${r.series}, release ${r.vintage}) by ${r.level}, at ${r.asOf} (the newest month used; trend fitted on ${r.window.from}..${r.window.to}, ${r.window.months} months).`,
    rising: (n: number, of: number, p: string) =>
      `Rising (the ${p} interval of the trend above 0): ${n} of ${of} areas with a trend.`,
    falling: (n: number, of: number, p: string) => `Falling (the ${p} interval below 0): ${n} of ${of}.`,
    flat: (n: number, few: number, min: number) =>
      `Flat: ${n}. Too few events (under ${min} a month on average): ${few}, no trend given.`,
    none: '  (none)',
    cols: (level: string, p: string, month: string) => [
      '#',
      'code',
      level === 'state' ? 'state' : 'municipality',
      ...(level === 'state' ? [] : ['state']),
      `a year (${p})`,
      'events/month',
      month,
    ],
    anomalies: (r: TrendsResult) =>
      `Anomalies in ${r.anomalies.month}: ${r.counts.above} above and ${r.counts.below} below the 95% interval of the forecast from ${r.anomalies.origin} (model ${r.anomalies.model}); ${r.anomalies.expectedByChance.toFixed(1)} expected by chance if every forecast were right.`,
    marked: (month: string) =>
      `! ${month} is itself an anomaly: the trend at the end rests on it; a provisional month may still be revised.`,
    noAnomalies: (r: TrendsResult) =>
      `Anomalies in ${r.anomalies.month}: not computed (${r.anomalies.reason}).`,
    anomalyCols: (level: string, month: string) => [
      'code',
      level === 'state' ? 'state' : 'municipality',
      ...(level === 'state' ? [] : ['state']),
      month,
      'expected (95%)',
      'flag',
      'P',
    ],
    flag: { above: 'above', below: 'below', within: 'within' },
    to: 'to',
    method:
      'Method: local linear trend (Harvey 1989) on log(count + 1) without the months’ seasonality, variances by maximum likelihood; the slope at the newest month as change a year (docs/TRENDS.md).',
    seasonality: (r: TrendsResult) =>
      r.seasonality.source === 'own'
        ? `Seasonality: month effects of the series' total, ${r.seasonality.from}..${r.seasonality.to}.`
        : r.seasonality.source === 'borrowed'
          ? `Seasonality: month effects borrowed from ${r.seasonality.series} (release ${r.seasonality.vintage}), ${r.seasonality.from}..${r.seasonality.to}.`
          : 'Seasonality: not removed.',
    p: 'P: the probability of a count at least this far out under the forecast.',
    warning: 'warning',
  },
  es: {
    head: (r: TrendsResult) =>
      `Tendencias de ${r.title} (${r.series}, publicación ${r.vintage}) por ${r.level === 'state' ? 'estado' : 'municipio'}, a ${r.asOf} (el mes más reciente usado; tendencia ajustada en ${r.window.from}..${r.window.to}, ${r.window.months} meses).`,
    rising: (n: number, of: number, p: string) =>
      `Al alza (el intervalo de ${p} de la tendencia por encima de 0): ${n} de ${of} áreas con tendencia.`,
    falling: (n: number, of: number, p: string) =>
      `A la baja (el intervalo de ${p} por debajo de 0): ${n} de ${of}.`,
    flat: (n: number, few: number, min: number) =>
      `Estables: ${n}. Muy pocos eventos (menos de ${min} al mes en promedio): ${few}, sin tendencia.`,
    none: '  (ninguna)',
    cols: (level: string, p: string, month: string) => [
      '#',
      'clave',
      level === 'state' ? 'estado' : 'municipio',
      ...(level === 'state' ? [] : ['estado']),
      `al año (${p})`,
      'eventos/mes',
      month,
    ],
    anomalies: (r: TrendsResult) =>
      `Anomalías en ${r.anomalies.month}: ${r.counts.above} por encima y ${r.counts.below} por debajo del intervalo de 95% del pronóstico desde ${r.anomalies.origin} (modelo ${r.anomalies.model}); ${r.anomalies.expectedByChance.toFixed(1)} esperadas por azar si todos los pronósticos fueran correctos.`,
    marked: (month: string) =>
      `! ${month} es en sí una anomalía: la tendencia al final se apoya en ese mes; un mes preliminar aún puede revisarse.`,
    noAnomalies: (r: TrendsResult) =>
      `Anomalías en ${r.anomalies.month}: no calculadas (${r.anomalies.reason}).`,
    anomalyCols: (level: string, month: string) => [
      'clave',
      level === 'state' ? 'estado' : 'municipio',
      ...(level === 'state' ? [] : ['estado']),
      month,
      'esperado (95%)',
      'señal',
      'P',
    ],
    flag: { above: 'por encima', below: 'por debajo', within: 'dentro' },
    to: 'a',
    method:
      'Método: tendencia lineal local (Harvey 1989) sobre log(conteo + 1) sin la estacionalidad de los meses, varianzas por máxima verosimilitud; la pendiente en el mes más reciente como cambio al año (docs/TRENDS.md).',
    seasonality: (r: TrendsResult) =>
      r.seasonality.source === 'own'
        ? `Estacionalidad: efectos de mes del total de la serie, ${r.seasonality.from}..${r.seasonality.to}.`
        : r.seasonality.source === 'borrowed'
          ? `Estacionalidad: efectos de mes tomados de ${r.seasonality.series} (publicación ${r.seasonality.vintage}), ${r.seasonality.from}..${r.seasonality.to}.`
          : 'Estacionalidad: no se quitó.',
    p: 'P: la probabilidad, según el pronóstico, de un conteo al menos así de extremo.',
    warning: 'aviso',
  },
} as const;

/** A change a year as a signed percentage; beyond ±999% the digits stop meaning anything. */
function pct(x: number): string {
  const v = x * 100;
  if (v > 999) return '>+999%';
  const r = Math.round(v);
  return `${r > 0 ? '+' : r < 0 ? '−' : ''}${Math.abs(r)}%`;
}

function trendCell(t: NonNullable<AreaTrend['trend']>, to: string): string {
  const bare = (x: number) => pct(x).replace('%', '');
  return `${pct(t.perYear)} (${bare(t.low)} ${to} ${bare(t.high)})`;
}

export function trendsText(result: TrendsResult, top: number, lang: Lang = 'en'): string {
  const T = TEXT[lang];
  const p = `${Math.round(result.confidence * 100)}%`;
  const withTrend = result.areas.filter((r) => r.trend);
  const fitted = withTrend.length;
  const rising = withTrend
    .filter((r) => r.flag === 'rising')
    .sort((a, b) => b.trend!.perYear - a.trend!.perYear || a.area.localeCompare(b.area));
  const falling = withTrend
    .filter((r) => r.flag === 'falling')
    .sort((a, b) => a.trend!.perYear - b.trend!.perYear || a.area.localeCompare(b.area));
  const state = result.level !== 'state';
  let marked = false;
  const lastCell = (r: AreaTrend) => {
    if (r.last === null) return '–';
    if (!r.anomaly || r.anomaly.flag === 'within') return String(r.last);
    marked = true;
    return `${r.last} !`;
  };
  const table = (rows: AreaTrend[]) => {
    if (rows.length === 0) return T.none;
    const t = new Table({ head: [...T.cols(result.level, p, result.asOf)], ...COMPACT_TABLE });
    rows.slice(0, top).forEach((r, k) => {
      t.push([
        k + 1,
        r.area,
        r.name,
        ...(state ? [r.state] : []),
        trendCell(r.trend!, T.to),
        r.meanPerMonth.toFixed(1),
        lastCell(r),
      ]);
    });
    return t.toString();
  };
  const tables = [
    T.head(result),
    '',
    T.rising(rising.length, fitted, p),
    table(rising),
    '',
    T.falling(falling.length, fitted, p),
    table(falling),
  ];
  const lines = [
    ...tables,
    ...(marked ? [T.marked(result.asOf)] : []),
    '',
    T.flat(result.counts.flat, result.counts.tooFewEvents, result.minMean),
    '',
  ];
  if (result.anomalies.available) {
    lines.push(T.anomalies(result));
    const flagged = result.areas
      .filter((r) => r.anomaly && r.anomaly.flag !== 'within')
      .sort((a, b) => a.anomaly!.tail - b.anomaly!.tail || a.area.localeCompare(b.area));
    if (flagged.length === 0) lines.push(T.none);
    else {
      const t = new Table({ head: [...T.anomalyCols(result.level, result.asOf)], ...COMPACT_TABLE });
      for (const r of flagged.slice(0, top)) {
        const a = r.anomaly!;
        t.push([
          r.area,
          r.name,
          ...(state ? [r.state] : []),
          a.observed,
          `${a.expected.toFixed(1)} (${a.low}–${a.high})`,
          T.flag[a.flag],
          a.tail < 0.001 ? '<0.001' : a.tail.toFixed(3),
        ]);
      }
      lines.push(t.toString(), T.p);
    }
  } else lines.push(T.noAnomalies(result));
  lines.push('', T.method, T.seasonality(result), ...result.warnings.map((w) => `${T.warning}: ${w}`));
  return lines.join('\n');
}
