import Table from 'cli-table3';
import { Command, InvalidArgumentError } from 'commander';
import type { AreaRegistry } from '../../data/areas.js';
import { DataError } from '../../data/errors.js';
import { atalayaHome, type LocateOptions } from '../../data/locate.js';
import { currentVersion, readPanel } from '../../data/panel/cache.js';
import type { Panel } from '../../data/panel/panel.js';
import { COMPACT_TABLE } from '../../report/table-style.js';
import { type CideCheckResult, type CideContrast, cideCheck } from '../../territory/cide-check.js';
import {
  type AreaContestation,
  type ContestationResult,
  contestation,
  rankAreas,
  type TerritoryLevel,
} from '../../territory/contestation.js';
import { areaEvents } from '../../territory/events.js';
import { historicalLayer } from '../../territory/historical.js';
import {
  lastDatedMonth,
  readTerritoryCsv,
  type TerritoryLayer,
  territoryCsv,
} from '../../territory/layer.js';
import { knownGroupNames } from '../../territory/load.js';
import { layerFromNetwork } from '../../territory/network-layer.js';
import { oneOf, positiveInt, seedValue, yearMonth } from '../options.js';
import { emit } from '../output.js';
import {
  addLayerOptions,
  addNetworkOptions,
  type LayerOptions,
  layerFromOptions,
  type NetworkOptions,
  networkOf,
} from '../territory-options.js';

/** Options every territory command takes: the cache and, where groups are needed, the network. */
function common(c: Command, withNetwork = true): Command {
  c.option('--home <dir>', 'data cache (default: ATALAYA_HOME or ~/.cache/atalaya)');
  return withNetwork ? addNetworkOptions(c) : c;
}

/**
 * The imported municipal references, or undefined when nothing was imported and they are optional
 * (state-level work). When required, the error says how to get them or how to do without.
 */
function loadPanel(home: string | undefined, required: boolean): Panel | undefined {
  const where: LocateOptions = { home };
  if (!required && !currentVersion(atalayaHome(where))) return undefined;
  try {
    return readPanel(atalayaHome(where)).panel;
  } catch (err) {
    if (err instanceof DataError && required)
      throw new DataError(
        `${err.message}\n(municipal work needs the imported references; --level state does not)`,
      );
    throw err;
  }
}

export function territoryCommand(): Command {
  const cmd = new Command('territory')
    .summary('where rival organisations meet: territory layers, contested areas, a check on 2006–2011 events')
    .description(
      'Territory layers say which organisations are present where and when (with a confidence and a source);\n' +
        'contestation scores where rivals share an area, face each other across a border, or were just hit by\n' +
        'a shock such as a leader removal. Organisations only, never individuals. See docs/TERRITORY.md.',
    );
  exampleCommand(cmd);
  validateCommand(cmd);
  contestedCommand(cmd);
  eventsCommand(cmd);
  cideCheckCommand(cmd);
  return cmd;
}

function exampleCommand(cmd: Command): void {
  common(
    cmd
      .command('example')
      .description(
        'an example layer as CSV: each network group in its home state from 2020 (default), or the built-in 2006–2011 layer',
      )
      .option('--historical', 'the built-in 2006–2011 state-level layer (CRS R41576, InSight Crime)')
      .option('-o, --out <file>', 'write to this file (atomically) instead of standard output'),
  ).action((opts: NetworkOptions & { historical?: boolean; out?: string }) => {
    const layer = opts.historical ? historicalLayer() : layerFromNetwork(networkOf(opts)());
    emit(territoryCsv(layer), opts.out);
  });
}

function validateCommand(cmd: Command): void {
  common(
    cmd
      .command('validate')
      .description(
        'check a territory CSV: codes, groups, months, confidences; every error names line and field',
      )
      .argument('<file>', 'territory CSV (area,group,start,end,confidence,source)')
      .option(
        '--groups <which>',
        'also check group names against: network (the 2020 groups) or historical (the 2006–2011 layer)',
        oneOf('--groups', ['network', 'historical'] as const),
      )
      .option('--json', 'print the summary as JSON'),
  ).action((file: string, opts: NetworkOptions & { groups?: 'network' | 'historical'; json?: boolean }) => {
    const areas = loadPanel(opts.home, false)?.areas;
    const groups = opts.groups ? knownGroupNames(opts.groups, networkOf(opts)) : undefined;
    const layer = readTerritoryCsv(file, { areas, groups });
    const summary = layerSummary(layer, areas);
    if (opts.json) return emit(JSON.stringify({ file, valid: true, ...summary }, null, 2));
    emit(
      `${file}: valid — ${plural(summary.entries, 'entry', 'entries')}, ${plural(summary.groups, 'group', 'groups')}, ${summary.states} state and ${summary.municipalities} municipal areas, ${summary.first} to ${summary.last}` +
        (summary.municipalCodesChecked
          ? ''
          : '\n(no imported municipal references: 5-digit codes were checked for their state only; run `atalaya data import`)') +
        (groups ? '' : '\n(group names not checked: pass --groups network or --groups historical)'),
    );
  });
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function layerSummary(layer: TerritoryLayer, areas: AreaRegistry | undefined) {
  const codes = new Set(layer.entries.map((e) => e.area));
  return {
    entries: layer.entries.length,
    groups: new Set(layer.entries.map((e) => e.group)).size,
    states: [...codes].filter((c) => c.length === 2).length,
    municipalities: [...codes].filter((c) => c.length === 5).length,
    first: layer.entries.map((e) => e.start).sort()[0],
    last: lastDatedMonth(layer),
    municipalCodesChecked: !!areas?.hasMunicipalities,
  };
}

interface ContestedOptions extends LayerOptions {
  home?: string;
  asOf?: string;
  level: TerritoryLevel;
  top: number;
  json?: boolean;
}

function contestedCommand(cmd: Command): void {
  common(addLayerOptions(cmd.command('contested')), false)
    .description(
      'rank areas by contestation at a month, with its parts and the rival pairs behind each score',
    )
    .option('--as-of <YYYY-MM>', 'month (default: the last month the layer dates)', yearMonth)
    .option(
      '--level <level>',
      'municipality or state',
      oneOf('--level', ['municipality', 'state'] as const),
      'municipality',
    )
    .option('--top <n>', 'how many areas to list', positiveInt('--top', 5000), 20)
    .option('--json', 'print every ranked area with its parts, pairs and shocks as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  atalaya territory contested --historical --as-of 2010-06\n' +
        '  atalaya territory contested --level state --top 10\n' +
        '  atalaya territory contested --layer my-layer.csv --as-of 2024-10 --json',
    )
    .action((opts: ContestedOptions) => {
      const panel = loadPanel(opts.home, opts.level === 'municipality');
      const resolved = layerFromOptions(opts, panel?.areas);
      const month = opts.asOf ?? lastDatedMonth(resolved.layer);
      const result = contestation({ ...resolved, areas: panel?.areas }, month, { level: opts.level });
      const ranked = rankAreas(result, opts.top);
      if (opts.json) {
        const { areas: _all, ...rest } = result;
        return emit(JSON.stringify({ ...rest, notes: resolved.notes, ranked }, null, 2));
      }
      emit(contestedText(result, ranked, resolved.notes));
    });
}

const fmt = (x: number) => x.toFixed(3);

function why(a: AreaContestation): string {
  const pairs = a.pairs.map(
    (p) =>
      `${p.group} × ${p.rival} (${p.kind === 'border' ? `border, ${p.neighbour}` : 'same area'} ${fmt(p.value)})`,
  );
  // Shocks that have decayed below what the table shows are left out of the "why" (not of the score).
  const shocks = a.shocks
    .filter((s) => s.value >= 0.0005)
    .map((s) => `${s.kind} ${s.group} ${s.date.slice(0, 7)} (${fmt(s.value)})`);
  return [...pairs, ...shocks].slice(0, 3).join('; ');
}

function contestedText(result: ContestationResult, ranked: AreaContestation[], notes: string[]): string {
  const t = new Table({
    head: ['#', 'code', 'area', 'score', 'same area', 'border', 'shocks', 'contested', 'why (largest parts)'],
    ...COMPACT_TABLE,
  });
  ranked.forEach((a, k) => {
    t.push([
      k + 1,
      a.area,
      a.name,
      fmt(a.score),
      fmt(a.components.sameArea),
      fmt(a.components.border),
      fmt(a.components.shock),
      a.contested ? 'yes' : '',
      why(a),
    ]);
  });
  const w = result.weights;
  return [
    `Contestation by ${result.level}, ${result.month}, layer ${result.layer}: ${result.contestedCount} of ${result.areas.length} areas contested (score > ${w.threshold}).`,
    ranked.length > 0 ? t.toString() : 'No area has rivals present in or next to it this month.',
    `Weights (assumptions, docs/TERRITORY.md): border ${w.border}, shock ${w.shock}, half-life ${w.halfLifeMonths} months.`,
    'Presence is not control: layers are coarse; a score says rivals are recorded in or next to an area.',
    ...notes.map((n) => `note: ${n}`),
  ].join('\n');
}

interface EventsOptions extends LayerOptions {
  area: string;
  from?: string;
  to?: string;
  onlyHere?: boolean;
  json?: boolean;
}

function eventsCommand(cmd: Command): void {
  common(addLayerOptions(cmd.command('events')), false)
    .description(
      "a layer's dated events (leader removals, splits, rivalry onsets), marking those that concern a group\n" +
        'the layer places in an area (as the dashboard marks them on the area’s series)',
    )
    .requiredOption('--area <code>', 'INEGI code: 2 digits (state) or 5 (municipality)', areaCode)
    .option('--from <YYYY-MM>', 'first month kept', yearMonth)
    .option('--to <YYYY-MM>', 'last month kept', yearMonth)
    .option('--only-here', 'only the events that concern a group in the area')
    .option('--json', 'print the events as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  atalaya territory events --area 10005\n  atalaya territory events --area 08 --historical --json',
    )
    .action((opts: EventsOptions) => {
      const resolved = layerFromOptions(opts, loadPanel(opts.home, false)?.areas);
      const events = areaEvents(resolved, opts.area, {
        from: opts.from,
        to: opts.to,
        onlyHere: opts.onlyHere,
      });
      if (opts.json)
        return emit(JSON.stringify({ area: opts.area, layer: resolved.layer.name, events }, null, 2));
      const t = new Table({
        head: ['date', 'kind', 'organisation', 'concerns here', 'what'],
        ...COMPACT_TABLE,
      });
      for (const e of events) {
        t.push([
          e.date,
          e.kind,
          e.other ? `${e.group} / ${e.other}` : e.group,
          e.groups.join(', '),
          e.what ?? '',
        ]);
      }
      const here = events.filter((e) => e.groups.length > 0).length;
      emit(
        [
          `Events of layer ${resolved.layer.name} for area ${opts.area}: ${events.length}, of which ${here} concern a group the layer places there.`,
          events.length > 0 ? t.toString() : 'No events.',
          'Organisations only, never individuals; sources with --json.',
        ].join('\n'),
      );
    });
}

function areaCode(value: string): string {
  if (!/^\d{2}(\d{3})?$/.test(value))
    throw new InvalidArgumentError(
      `--area: expected an INEGI code of 2 or 5 digits (e.g. 08037), got "${value}"`,
    );
  return value;
}

function cideCheckCommand(cmd: Command): void {
  common(
    cmd
      .command('cide-check')
      .description(
        'do the CIDE-PPD events of 2006–2011 concentrate in municipalities the built-in historical layer marks as contested?',
      )
      .option('--seed <n>', 'bootstrap seed', seedValue, 1)
      .option('--replicates <n>', 'bootstrap replicates', positiveInt('--replicates', 100000), 2000)
      .option('--json', 'print the figures as JSON'),
    false,
  ).action((opts: { home?: string; seed: number; replicates: number; json?: boolean }) => {
    const panel = loadPanel(opts.home, true)!;
    const result = cideCheck(panel, { seed: opts.seed, replicates: opts.replicates });
    emit(opts.json ? JSON.stringify(result, null, 2) : cideText(result));
  });
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function contrastLine(c: CideContrast): string {
  return `${c.label}: rate ratio ${c.rateRatio.toFixed(2)}; ${pct(c.share.events)} of events in ${pct(c.share.population)} of person-time; ${c.municipalitiesEverContested} municipalities ever contested`;
}

function cideText(r: CideCheckResult): string {
  const m = r.main;
  return [
    `CIDE-PPD events (${r.series.join(' + ')}), ${r.months.first} to ${r.months.last} (${r.months.count} months), vintage ${r.vintage}`,
    `Layer: ${r.layer} (coarse, state level); municipal adjacency; population ${r.populationYear}.`,
    `Municipalities used: ${r.municipalities.used} (${r.municipalities.withEvents} with events; ${r.municipalities.excludedNoPopulation} without population left out). Events: ${r.events.used} of ${r.events.total}.`,
    '',
    `Contested municipality-months: ${m.contestedCells} (${m.municipalitiesEverContested} municipalities ever contested).`,
    `Events per 100,000 person-years: contested ${m.rate.contested.toFixed(2)}, other ${m.rate.other.toFixed(2)}.`,
    `Rate ratio: ${m.rateRatio.toFixed(2)} (${Math.round(r.bootstrap.coverage * 100)}% bootstrap interval over municipalities ${r.bootstrap.low.toFixed(2)}–${r.bootstrap.high.toFixed(2)}; ${r.bootstrap.replicates} replicates, seed ${r.bootstrap.seed}${r.bootstrap.undefinedReplicates ? `, ${r.bootstrap.undefinedReplicates} undefined` : ''}).`,
    `Share of events in contested cells: ${pct(m.share.events)}; share of person-time: ${pct(m.share.population)}.`,
    `Spearman rank correlation, mean score vs events per capita: ${r.spearman.rho.toFixed(3)} (n = ${r.spearman.n}).`,
    '',
    'Sensitivity (same threshold, no bootstrap):',
    ...r.variants.map((v) => `  ${contrastLine(v)}`),
    '',
    'Read with care: the layer was written knowing where the period’s wars were fought, so this checks that the',
    'score and the events agree, not that contestation predicts violence; events are not attributed to groups.',
  ].join('\n');
}
