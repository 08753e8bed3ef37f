import Table from 'cli-table3';
import { Command } from 'commander';
import { writeFileAtomic } from '../../data/atomic-write.js';
import { csvText } from '../../data/csv-write.js';
import { DataError } from '../../data/errors.js';
import { atalayaHome } from '../../data/locate.js';
import { type LoadedPanel, readPanel, readTopology } from '../../data/panel/cache.js';
import { type HotspotResult, hotspots } from '../../forecast/hotspots.js';
import { MAX_HORIZON, type ModelId } from '../../forecast/models.js';
import { renderChoropleth, svgToPng } from '../../report/choropleth.js';
import { COMPACT_TABLE } from '../../report/table-style.js';
import { UsageError } from '../errors.js';
import { oneOf, positiveInt, yearMonth } from '../options.js';
import { emit } from '../output.js';
import { addLayerOptions, type LayerOptions, layerFromOptions } from '../territory-options.js';
import { type ForecastLevel, modelOption, seriesOptions } from './forecast.js';

interface HotspotCliOptions extends LayerOptions {
  series: string;
  vintage?: string;
  home?: string;
  window: number;
  asOf?: string;
  level: ForecastLevel;
  donor?: string;
  horizon: number;
  model?: ModelId;
  top: number;
  territory: boolean;
  map?: string;
  mapValue: 'rate' | 'escalation';
  json?: boolean;
  csv?: boolean;
  out?: string;
}

/** How many hot spots the map marks and lists. */
const MAP_LABELS = 10;

export function hotspotsCommand(): Command {
  return addLayerOptions(
    seriesOptions(
      new Command('hotspots')
        .summary('where violence is expected next: ranked municipalities (or states), why, and a map')
        .description(
          'Rank municipalities (or states, --level state) by the expected count of the target month (--horizon ' +
            'months after --as-of; by default the month after the newest month of the homicide series with the ' +
            'newest data, which the output names, with a warning when it is more than 6 months old), with ' +
            'its 90% interval, the annualised rate per 100,000, the probability of an escalation (twice the ' +
            "12-month mean, at least 5), the trend, the contestation of a territory layer, and each area's drivers.",
        ),
    ),
  )
    .option(
      '--as-of <YYYY-MM>',
      'forecast origin: the last month used (default: the newest month of the series)',
      yearMonth,
    )
    .option(
      '--horizon <n>',
      `months ahead of the origin, 1 to ${MAX_HORIZON}`,
      positiveInt('--horizon', MAX_HORIZON),
      1,
    )
    .option(...modelOption('forecast model'))
    .option('--top <n>', 'how many areas to rank', positiveInt('--top', 5000), 20)
    .option('--no-territory', 'leave out contestation (no territory layer)')
    .option('--map <file>', 'also draw a municipal choropleth: .svg or .png (atomically written)')
    .option(
      '--map-value <v>',
      'what the map colours: rate (per 100,000, annualised) or escalation (probability)',
      oneOf('--map-value', ['rate', 'escalation'] as const),
      'rate',
    )
    .option('--json', 'print the ranking, totals, territory notes and warnings as JSON')
    .option('--csv', 'print the ranking as CSV')
    .option('-o, --out <file>', 'write the table/JSON/CSV to this file (atomically)')
    .addHelpText(
      'after',
      '\nExamples:\n  atalaya hotspots\n  atalaya hotspots --level state --top 10\n' +
        '  atalaya hotspots --series inegi.homicides --as-of 2018-12 --horizon 6 --top 30\n' +
        '  atalaya hotspots --map hotspots.png --map-value escalation\n' +
        '  atalaya hotspots --historical --as-of 2010-06 --json',
    )
    .action((opts: HotspotCliOptions) => {
      if (opts.json && opts.csv) throw new UsageError('give either --json or --csv, not both');
      const mapFormat = opts.map ? mapFormatOf(opts.map) : undefined;
      const loaded = readPanel(atalayaHome({ home: opts.home }));
      const territory = opts.territory ? layerFromOptions(opts, loaded.panel.areas) : undefined;
      const result = hotspots(loaded.panel, {
        series: opts.series,
        level: opts.level,
        donor: opts.donor,
        vintage: opts.vintage,
        asOf: opts.asOf,
        horizon: opts.horizon,
        model: opts.model,
        top: opts.top,
        window: opts.window,
        territory,
      });
      // The map first: if it cannot be drawn (no geometry), nothing is written at all.
      const map = mapFormat ? drawMap(loaded, result, opts.mapValue, mapFormat) : undefined;
      const { all: _all, ...rest } = result;
      if (opts.json) emit(JSON.stringify(rest, null, 2), opts.out);
      else if (opts.csv) emit(hotspotsCsv(result), opts.out);
      else emit(hotspotsText(result), opts.out);
      if (map && opts.map) {
        writeFileAtomic(opts.map, map);
        process.stderr.write(`wrote ${opts.map}\n`);
      }
    });
}

function mapFormatOf(file: string): 'svg' | 'png' {
  const ext = file.toLowerCase().split('.').at(-1);
  if (ext === 'svg' || ext === 'png') return ext;
  throw new UsageError(`--map ${file}: the file name must end in .svg or .png`);
}

function drawMap(
  loaded: LoadedPanel,
  result: HotspotResult,
  value: 'rate' | 'escalation',
  format: 'svg' | 'png',
): string | Uint8Array {
  const level = result.level === 'state' ? 'state' : 'municipality';
  const topology = readTopology(loaded, level);
  if (!topology) {
    throw new DataError(
      `the imported data has no ${level} geometry to draw a map: import a ${level} TopoJSON (e.g. geo_mxmaps/${level === 'state' ? 'mxstate' : 'mxmunicipio'}.topojson) with \`atalaya data import\``,
    );
  }
  const rate = value === 'rate';
  const svg = renderChoropleth({
    topology,
    states: level === 'state' ? undefined : readTopology(loaded, 'state'),
    values: new Map(result.all.map((a) => [a.area, rate ? a.ratePer100k : a.escalationProbability])),
    color: rate ? { type: 'sqrt' } : { type: 'linear', domain: [0, 1], scheme: 'purples' },
    labels: result.hotspots
      .slice(0, MAP_LABELS)
      .map((h) => ({ code: h.area, text: `${h.name}, ${h.state}` })),
    // Readable names, not ids: the series' title and the months (the ids and model are in --json).
    title: `${rate ? 'Expected rate' : 'Probability of escalation'}, ${result.target} — ${result.title}; data through ${result.asOf}`,
    legendLabel: rate ? 'per 100,000 a year' : 'P(twice the 12-month mean, ≥ 5)',
    format: rate ? undefined : (v) => `${Math.round(v * 100)}%`,
  });
  return format === 'svg' ? svg : svgToPng(svg);
}

const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
const signedPct = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(0)}%`;

function hotspotsCsv(result: HotspotResult): string {
  return csvText(
    [
      'rank',
      'area',
      'name',
      'state',
      'target',
      'expected',
      'p05',
      'p95',
      'rate_per_100k',
      'escalation_probability',
      'trend',
      'recent_mean',
      'contestation',
      'contested',
      'drivers',
    ],
    result.hotspots.map((h) => [
      h.rank,
      h.area,
      h.name,
      h.state,
      result.target,
      h.expected.toFixed(3),
      h.p05,
      h.p95,
      h.ratePer100k.toFixed(2),
      h.escalationProbability.toFixed(4),
      h.trend.toFixed(4),
      h.recentMean.toFixed(3),
      h.contestation.toFixed(4),
      h.contested ? 'yes' : 'no',
      h.drivers.join('; '),
    ]),
  );
}

function hotspotsText(result: HotspotResult): string {
  const states = result.level === 'state';
  const t = new Table({
    head: [
      '#',
      'code',
      states ? 'state' : 'municipality',
      states ? '' : 'state',
      'expected (90%)',
      'rate/100k',
      'P(esc.)',
      'trend',
      'contest.',
      'why',
    ],
    ...COMPACT_TABLE,
  });
  for (const h of result.hotspots) {
    t.push([
      h.rank,
      h.area,
      h.name,
      states ? '' : h.state,
      `${h.expected.toFixed(1)} (${h.p05}–${h.p95})`,
      h.ratePer100k.toFixed(0),
      pct(h.escalationProbability),
      signedPct(h.trend),
      result.territory ? `${h.contestation.toFixed(2)}${h.contested ? ' ✱' : ''}` : '–',
      h.drivers.join('; '),
    ]);
  }
  const national = Math.round(result.nationalExpected).toLocaleString('en-US');
  return [
    `Hot spots in ${result.target}: ${result.title} — ${result.series}, release ${result.vintage}; data through ${result.asOf}, ${result.horizon} month(s) ahead.`,
    `Model ${result.method}.`,
    t.toString(),
    `Expected in ${result.target}, all ${states ? 'states' : 'municipalities'}: ${national}. The ten with the most: ${Math.round(result.top10.expected).toLocaleString('en-US')} (${(result.top10.share * 100).toFixed(1)}% of the total).`,
    'Rate: expected count × 12 per 100,000 inhabitants. Escalation: the count reaching twice its 12-month mean (and ≥ 5).',
    result.territory
      ? `Contestation: layer ${result.territory.layer} at ${result.territory.month} (✱ contested; docs/TERRITORY.md).`
      : 'Contestation: not computed (--no-territory).',
    ...(result.territory?.notes ?? []).map((n) => `note: ${n}`),
    ...result.warnings.map((w) => `warning: ${w}`),
  ].join('\n');
}
