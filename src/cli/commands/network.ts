import Table from 'cli-table3';
import { type Command, Command as CommandClass } from 'commander';
import { writeFileAtomic } from '../../data/atomic-write.js';
import { csvText } from '../../data/csv-write.js';
import { describeNetwork, type NetworkDescription } from '../../network/describe.js';
import { type DisruptionResult, disrupt } from '../../network/disrupt.js';
import { compactGraph, type NetworkData } from '../../network/graph.js';
import { DEFAULT_MAX_MEMBERS, type LoadOptions, loadNetwork, loadNetworkSeries } from '../../network/load.js';
import { type PhaseAnalysis, phaseAnalysis } from '../../network/phases.js';
import { type RecoveryResult, regrow } from '../../network/recovery.js';
import {
  type AttributeRoleMap,
  attributeRoles,
  ROLE_PRESETS,
  ROLES,
  type Role,
  roleAgreement,
  structuralRoles,
} from '../../network/roles.js';
import { parseStrategy, strategyLabel } from '../../network/strategy.js';
import { svgToPng } from '../../report/choropleth.js';
import { renderDisruptionChart } from '../../report/disruption-chart.js';
import { renderNetworkMap } from '../../report/network-map.js';
import { COMPACT_TABLE } from '../../report/table-style.js';
import { UsageError } from '../errors.js';
import { asUsage, collect, oneOf, positiveInt, seedValue } from '../options.js';
import { emit } from '../output.js';

/**
 * `atalaya network`: load a criminal network reconstructed from an investigation, describe it, classify
 * roles, remove nodes by strategy (with regrowth), follow it across phases. Node ids only: names are
 * never needed and never printed beyond the ids the file uses.
 */
export function networkCommand(): Command {
  const cmd = new CommandClass('network')
    .summary('criminal networks: structure, roles, disruption strategies and regrowth, phases')
    .description(
      'Networks from investigations (edge lists, adjacency matrices, GraphML, Pajek, UCINET DL, with node ' +
        'attribute CSVs): structure and centralities, roles (leaders, middle layer, periphery), disruption by ' +
        'strategy and the network’s regrowth, change across phases. See docs/NETWORK.md.',
    );
  describeCommand(cmd);
  rolesCommand(cmd);
  disruptCommand(cmd);
  recoverCommand(cmd);
  phasesCommand(cmd);
  return cmd;
}

interface LoadCliOptions {
  format?: LoadOptions['format'];
  directed?: boolean;
  undirected?: boolean;
  columns?: string;
  attributes?: string;
  idPrefix?: string;
  maxMembers: number;
}

/**
 * `--max-members N`, on every command that reads networks: a file with more members (or declaring more,
 * as `*Vertices n` or `DL n=…` do) is refused before it can exhaust memory.
 */
function maxMembersOption(c: Command): Command {
  return c.option(
    '--max-members <n>',
    `refuse a network with more members than this (a guard against huge or hostile files; default ${DEFAULT_MAX_MEMBERS})`,
    positiveInt('--max-members'),
    DEFAULT_MAX_MEMBERS,
  );
}

/** The load options, and `--svg`/`--png` drawing `picture` when given. */
function loadOptions(c: Command, picture?: string): Command {
  if (picture) addPictureOptions(c, picture);
  c.option(
    '--format <f>',
    'input format (default: from the extension and content)',
    oneOf('--format', ['edgelist', 'matrix', 'graphml', 'pajek', 'dl'] as const),
  )
    .option(
      '--directed',
      'read the ties as directed (default: edge lists undirected, matrices by their symmetry)',
    )
    .option('--undirected', 'read the ties as undirected, even an asymmetric matrix')
    .option(
      '--columns <s,t[,w]>',
      'edge-list columns holding source, target and weight (when the header does not say)',
    )
    .option('--attributes <file>', 'node attributes CSV joined by id (first column, or a column named id)')
    .option('--id-prefix <p>', 'attribute ids carry this prefix (e.g. N: attribute id N12 = node 12)');
  return maxMembersOption(c);
}

function load(file: string, opts: LoadCliOptions): NetworkData {
  if (opts.directed && opts.undirected)
    throw new UsageError('give either --directed or --undirected, not both');
  return loadNetwork(file, {
    format: opts.format,
    directed: opts.directed ? true : opts.undirected ? false : undefined,
    columns: opts.columns ? columnsOf(opts.columns) : undefined,
    attributes: opts.attributes,
    idPrefix: opts.idPrefix,
    maxMembers: opts.maxMembers,
  });
}

function columnsOf(value: string): LoadOptions['columns'] {
  const [source, target, weight] = value.split(',').map((c) => c.trim());
  if (!source || !target) throw new UsageError(`--columns needs at least source,target (got "${value}")`);
  return { source, target, weight: weight || undefined };
}

/** `--svg FILE` and `--png FILE`: the same picture as SVG or rasterised to PNG (both may be given). */
interface PictureOptions {
  svg?: string;
  png?: string;
}

function addPictureOptions(c: Command, what: string): Command {
  return c.option('--svg <file>', `draw ${what} as SVG`).option('--png <file>', `draw ${what} as PNG`);
}

/** Written after everything else succeeded, each atomically. */
function writePictures(opts: PictureOptions, draw: () => string): void {
  if (!opts.svg && !opts.png) return;
  const svg = draw();
  for (const [file, data] of [
    [opts.svg, svg],
    [opts.png, opts.png ? svgToPng(svg) : undefined],
  ] as const) {
    if (!file || data === undefined) continue;
    writeFileAtomic(file, data);
    process.stderr.write(`wrote ${file}\n`);
  }
}

// ---------------------------------------------------------------------------------------------------------
// describe

interface DescribeCliOptions extends LoadCliOptions, PictureOptions {
  seed: number;
  json?: boolean;
  csv?: boolean;
}

function describeCommand(cmd: Command): void {
  loadOptions(
    cmd
      .command('describe')
      .description(
        'size, density, components, degree distribution, centralities, k-cores, communities, brokerage, efficiency',
      )
      .argument('<file>', 'network file'),
    'the network coloured by structural role',
  )
    .option('--seed <n>', 'seed of the community detection (Louvain)', seedValue, 1)
    .option('--json', 'print everything, with the per-node table, as JSON')
    .option('--csv', 'print the per-node table as CSV')
    .addHelpText(
      'after',
      '\nExamples:\n  atalaya network describe caviar/phase6.csv\n' +
        '  atalaya network describe Montagna_meetings_edgelist.csv --attributes montagna_attributes.csv --id-prefix N --json',
    )
    .action((file: string, opts: DescribeCliOptions) => {
      if (opts.json && opts.csv) throw new UsageError('give either --json or --csv, not both');
      const data = load(file, opts);
      const d = describeNetwork(data, { seed: opts.seed });
      writePictures(opts, () => networkPicture(data, opts.seed));
      if (opts.json) return emit(JSON.stringify({ file, warnings: data.warnings, ...d }, null, 2));
      if (opts.csv) return emit(nodeCsv(d));
      emit(describeText(file, data, d));
    });
}

function networkPicture(data: NetworkData, seed: number, roles?: (Role | undefined)[]): string {
  const g = compactGraph(data);
  const s = structuralRoles(g);
  return renderNetworkMap({
    graph: g,
    roles: roles ?? s.roles,
    size: s.betweenness,
    title: `${data.name}: ${g.n} members, ${g.m} ties — ${roles ? 'roles from attributes' : 'structural roles'}`,
    seed,
  });
}

const f3 = (x: number | null) => (x === null || Number.isNaN(x) ? '–' : x.toFixed(3));

function nodeCsv(d: NetworkDescription): string {
  const cols = [
    'id',
    'degree',
    'betweenness',
    'closeness',
    'eigenvector',
    'katz',
    'core',
    'constraint',
    'community',
  ];
  return csvText(
    cols,
    d.nodes.map((n) => [
      n.id,
      n.degree,
      n.betweenness,
      n.closeness,
      n.eigenvector,
      n.katz,
      n.core,
      n.constraint ?? '',
      n.community,
    ]),
  );
}

function describeText(file: string, data: NetworkData, d: NetworkDescription): string {
  const t = new Table({ head: ['measure', 'value'], ...COMPACT_TABLE });
  t.push(
    ['members (nodes)', d.n],
    ['ties (undirected)', d.m],
    ...(d.arcs !== undefined ? [['directed arcs', d.arcs]] : []),
    ['density', f3(d.density)],
    ['components / largest', `${d.components.count} / ${d.components.largestSize}`],
    ['degree mean / max', `${d.degree.mean.toFixed(2)} / ${d.degree.max}`],
    ['k-core max', d.kcore.max],
    ['communities (Louvain) / modularity', `${d.communities.count} / ${f3(d.communities.modularity)}`],
    ["mean Burt's constraint", f3(d.meanConstraint)],
    ['global efficiency (unweighted)', f3(d.globalEfficiency)],
  );
  const top = new Table({
    head: ['rank', 'degree', 'betweenness', 'closeness', 'eigenvector', 'katz'],
    ...COMPACT_TABLE,
  });
  for (let k = 0; k < Math.min(10, d.n); k++) {
    top.push([
      k + 1,
      d.top.degree[k] ?? '',
      d.top.betweenness[k] ?? '',
      d.top.closeness[k] ?? '',
      d.top.eigenvector[k] ?? '',
      d.top.katz[k] ?? '',
    ]);
  }
  return [
    `${file} (${data.format}, ${data.directed ? 'directed' : 'undirected'}; measures on the undirected simple graph, unweighted)`,
    t.toString(),
    'Most central members (ids; ties by order in the file):',
    top.toString(),
    'Efficiency: mean of 1/distance over ordered pairs (Latora & Marchiori 2001). Per-node table: --csv or --json.',
    ...data.warnings.map((w) => `warning: ${w}`),
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------------------
// roles

interface RolesCliOptions extends LoadCliOptions, PictureOptions {
  attribute?: string;
  leaderValues?: string;
  middleValues?: string;
  leaderShare: number;
  middleShare: number;
  json?: boolean;
  csv?: boolean;
  seed: number;
}

const share = (name: string) => (value: string) => {
  const x = Number(value);
  if (!(x > 0 && x < 1)) throw new UsageError(`${name} must be a share between 0 and 1 (got "${value}")`);
  return x;
};

function rolesCommand(cmd: Command): void {
  loadOptions(
    cmd
      .command('roles')
      .description(
        'leaders, middle layer and periphery: from structure, and from attributes where the data have them',
      )
      .argument('<file>', 'network file'),
    'the network coloured by role',
  )
    .option(
      '--attribute <name>',
      `attribute with ranks or roles (presets: ${Object.keys(ROLE_PRESETS).join(', ')})`,
    )
    .option('--leader-values <list>', 'attribute values meaning leader (comma-separated words)')
    .option('--middle-values <list>', 'attribute values meaning middle layer (comma-separated words)')
    .option(
      '--leader-share <x>',
      'structural leaders: this share of members, by degree',
      share('--leader-share'),
      0.05,
    )
    .option(
      '--middle-share <x>',
      'structural middle layer: this share, by betweenness',
      share('--middle-share'),
      0.25,
    )
    .option('--json', 'print every member’s roles and the agreement as JSON')
    .option('--csv', 'print one row per member')
    .option('--seed <n>', 'layout seed of the picture', seedValue, 1)
    .addHelpText(
      'after',
      '\nExample (Montagna, titles from the attribute file):\n' +
        '  atalaya network roles Montagna_meetings_edgelist.csv --attributes montagna_attributes.csv --id-prefix N --attribute title',
    )
    .action((file: string, opts: RolesCliOptions) => {
      if (opts.json && opts.csv) throw new UsageError('give either --json or --csv, not both');
      const data = load(file, opts);
      const g = compactGraph(data);
      const s = structuralRoles(g, { leaderShare: opts.leaderShare, middleShare: opts.middleShare });
      const map = opts.attribute ? roleMap(opts, data) : undefined;
      const given = map ? attributeRoles(data, map) : undefined;
      const agreement = given ? roleAgreement(s.roles, given) : undefined;
      const members = data.nodes.map((id, v) => ({
        id,
        structural: s.roles[v],
        attribute: given?.[v] ?? null,
        value: map ? (data.attributes.get(id)?.[map.attribute] ?? null) : null,
        degree: s.degree[v],
        betweenness: s.betweenness[v],
      }));
      writePictures(opts, () => networkPicture(data, opts.seed, given ?? undefined));
      if (opts.json)
        return emit(
          JSON.stringify(
            { file, options: s.options, mapping: map ?? null, agreement: agreement ?? null, members },
            null,
            2,
          ),
        );
      if (opts.csv)
        return emit(
          csvText(
            ['id', 'structural', 'attribute_role', 'attribute_value', 'degree', 'betweenness'],
            members.map((m) => [
              m.id,
              m.structural,
              m.attribute ?? '',
              m.value ?? '',
              m.degree,
              m.betweenness,
            ]),
          ),
        );
      emit(rolesText(file, members, s.options, map, agreement));
    });
}

function roleMap(opts: RolesCliOptions, data: NetworkData): AttributeRoleMap {
  const name = opts.attribute!;
  const known = new Set([...data.attributes.values()].flatMap((a) => Object.keys(a)));
  if (!known.has(name)) {
    throw new UsageError(
      `no attribute "${name}" in the data${known.size ? `; attributes: ${[...known].join(', ')}` : ' (pass --attributes FILE)'}`,
    );
  }
  const list = (v: string) =>
    v
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
  const preset = ROLE_PRESETS[name];
  if (opts.leaderValues || opts.middleValues || !preset) {
    if (!opts.leaderValues)
      throw new UsageError(`--attribute ${name} has no preset: give --leader-values (and --middle-values)`);
    return {
      attribute: name,
      leader: list(opts.leaderValues),
      middle: list(opts.middleValues ?? ''),
      source: 'values given on the command line',
    };
  }
  return preset;
}

type Member = {
  id: string;
  structural: Role;
  attribute: Role | null;
  value: string | null;
  degree: number;
  betweenness: number;
};

function rolesText(
  file: string,
  members: Member[],
  options: { leaderShare: number; middleShare: number },
  map: AttributeRoleMap | undefined,
  agreement: ReturnType<typeof roleAgreement> | undefined,
): string {
  const count = (r: Role, key: 'structural' | 'attribute') => members.filter((m) => m[key] === r).length;
  const lines = [
    `${file}: ${members.length} members. Structural roles (leaders: top ${options.leaderShare * 100}% by degree; middle layer: top ${options.middleShare * 100}% by betweenness among the rest):`,
    ROLES.map((r) => `  ${r}: ${count(r, 'structural')}`).join('\n'),
  ];
  const shown = members.filter(
    (m) => m.structural !== 'periphery' || (m.attribute && m.attribute !== 'periphery'),
  );
  const t = new Table({
    head: ['id', 'structural', ...(map ? ['from attribute', map.attribute] : []), 'degree', 'betweenness'],
    ...COMPACT_TABLE,
  });
  for (const m of shown)
    t.push([
      m.id,
      m.structural,
      ...(map ? [m.attribute ?? '–', m.value ?? ''] : []),
      m.degree,
      m.betweenness.toFixed(3),
    ]);
  lines.push('Leaders and middle layer (either way):', t.toString());
  if (map && agreement) {
    const a = new Table({ head: ['structural \\ attribute', ...ROLES], ...COMPACT_TABLE });
    for (const r of ROLES) a.push([r, ...ROLES.map((s) => agreement.table[r][s])]);
    lines.push(
      `Roles from "${map.attribute}" (leader: ${map.leader.join(', ')}; middle: ${map.middle.join(', ') || '–'}; ${map.source}):`,
      ROLES.map((r) => `  ${r}: ${count(r, 'attribute')}`).join('\n'),
      a.toString(),
      `Agreement on ${agreement.n} members with both: ${(agreement.agreement * 100).toFixed(1)}%, Cohen's kappa ${f3(agreement.kappa)}.`,
    );
  } else
    lines.push(
      'No attribute roles: pass --attributes FILE --attribute NAME to compare with ranks or roles in the data.',
    );
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------------------
// disrupt

interface DisruptCliOptions extends LoadCliOptions, PictureOptions {
  strategy: string[];
  mode: 'sequential' | 'block' | 'static';
  blockSize: number;
  steps?: number;
  draws: number;
  seed: number;
  flow?: string;
  json?: boolean;
  csv?: boolean;
}

function disruptCommand(cmd: Command): void {
  loadOptions(
    cmd
      .command('disrupt')
      .description(
        'remove members by strategy and follow the largest component, efficiency, components and flow',
      )
      .argument('<file>', 'network file'),
    'the largest-component curves of every strategy',
  )
    .option(
      '--strategy <s>',
      'degree | betweenness | random | leaders | middle | attribute:NAME=v1,v2 — join with + to chain (attribute:title=boss+betweenness); repeat to compare',
      collect,
    )
    .option(
      '--mode <m>',
      'sequential (recompute after each removal), block (raids), static',
      oneOf('--mode', ['sequential', 'block', 'static'] as const),
      'sequential',
    )
    .option('--block-size <n>', 'members removed per step', positiveInt('--block-size', 100000), 1)
    .option(
      '--steps <n>',
      'steps after the intact state (default: until the strategy runs out)',
      positiveInt('--steps', 100000),
    )
    .option('--draws <n>', 'replicates of random strategies', positiveInt('--draws', 100000), 100)
    .option('--seed <n>', 'seed of random strategies', seedValue, 1)
    .option(
      '--flow <a,b>',
      'flow measure between two roles (leader, middle, periphery), e.g. leader,periphery',
    )
    .option(
      '--json',
      'print { strategy, mode, steps: [{ removed, lccRatio, efficiency, components }] } (an array when comparing)',
    )
    .option('--csv', 'one row per strategy and step')
    .addHelpText(
      'after',
      '\nExamples:\n  atalaya network disrupt Montagna_meetings_edgelist.csv --strategy betweenness --steps 20\n' +
        '  atalaya network disrupt montagna.csv --strategy degree --strategy betweenness --strategy random --mode block --block-size 5 --svg curves.svg\n' +
        '  atalaya network disrupt montagna.csv --attributes attrs.csv --id-prefix N --strategy attribute:title=boss,underboss+betweenness',
    )
    .action((file: string, opts: DisruptCliOptions) => {
      if (opts.json && opts.csv) throw new UsageError('give either --json or --csv, not both');
      const specs = opts.strategy?.length ? opts.strategy : ['betweenness'];
      const data = load(file, opts);
      const g = compactGraph(data);
      const roles = structuralRoles(g);
      const flow = opts.flow ? flowSets(opts.flow, data, roles.roles) : undefined;
      const results = specs.map((spec) =>
        disrupt(g, {
          strategy: parseStrategy(spec, data, roles.roles),
          mode: opts.mode,
          blockSize: opts.blockSize,
          steps: opts.steps,
          draws: opts.draws,
          seed: opts.seed,
          flow,
        }),
      );
      writePictures(opts, () => disruptionPicture(data, specs, results));
      if (opts.json) {
        const shaped = results.map((r, k) => ({ ...r, strategy: strategyLabel(specs[k]) }));
        return emit(JSON.stringify(shaped.length === 1 ? shaped[0] : shaped, null, 2));
      }
      if (opts.csv) return emit(disruptCsv(specs, results));
      emit(disruptText(file, specs, results, !!flow));
    });
}

function flowSets(value: string, data: NetworkData, roles: Role[]): { a: string[]; b: string[] } {
  const [a, b] = value.split(',').map((x) => x.trim());
  const check = (r: string | undefined) => asUsage(oneOf('--flow', ROLES))(r ?? '');
  const ra = check(a);
  const rb = check(b);
  const members = (r: Role) => data.nodes.filter((_, v) => roles[v] === r);
  return { a: members(ra), b: members(rb) };
}

function disruptionPicture(data: NetworkData, specs: string[], results: DisruptionResult[]): string {
  return renderDisruptionChart({
    series: results.map((r, k) => ({
      label: strategyLabel(specs[k]),
      points: r.steps.map((s) => ({
        removed: s.removed,
        value: s.lccRatio,
        low: s.spread?.lccRatio.p05,
        high: s.spread?.lccRatio.p95,
      })),
    })),
    measure: 'largest component / intact',
    title: `${data.name}: largest connected component as members are removed (${results[0].mode}${results[0].blockSize > 1 ? `, blocks of ${results[0].blockSize}` : ''})`,
  });
}

function disruptCsv(specs: string[], results: DisruptionResult[]): string {
  return csvText(
    ['strategy', 'mode', 'removed', 'removed_ids', 'lcc_ratio', 'efficiency', 'components', 'flow'],
    results.flatMap((r, k) =>
      r.steps.map((s) => [
        strategyLabel(specs[k]),
        r.mode,
        s.removed,
        s.removedIds.join(' '),
        s.lccRatio,
        s.efficiency,
        s.components,
        s.flow ?? '',
      ]),
    ),
  );
}

function disruptText(file: string, specs: string[], results: DisruptionResult[], flow: boolean): string {
  const removedCounts = [...new Set(results.flatMap((r) => r.steps.map((s) => s.removed)))].sort(
    (a, b) => a - b,
  );
  const t = new Table({
    head: [
      'removed',
      ...results.map((_, k) => `${strategyLabel(specs[k])}: LCC / eff. / comp.${flow ? ' / flow' : ''}`),
    ],
    ...COMPACT_TABLE,
  });
  for (const n of removedCounts) {
    t.push([
      n,
      ...results.map((r) => {
        const s = r.steps.find((x) => x.removed === n);
        if (!s) return '';
        return `${s.lccRatio.toFixed(3)} / ${s.efficiency.toFixed(3)} / ${s.components.toFixed(s.spread ? 1 : 0)}${flow ? ` / ${(s.flow ?? Number.NaN).toFixed(3)}` : ''}`;
      }),
    ]);
  }
  const r0 = results[0];
  const random = results.find((r) => r.draws > 1);
  return [
    `${file}: ${r0.lccBefore} members in the largest component, efficiency ${r0.efficiencyBefore.toFixed(3)}; mode ${r0.mode}, ${r0.blockSize} per step${random ? `; random: mean of ${random.draws} draws, seed ${random.seed}` : ''}.`,
    t.toString(),
    'LCC: largest connected component / intact. Eff.: global efficiency of what remains. Comp.: components.',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------------------
// recover

interface RecoverCliOptions extends LoadCliOptions, PictureOptions {
  strategy: string;
  remove: number;
  mode: 'sequential' | 'block' | 'static';
  rounds: number;
  replicates: number;
  seed: number;
  recruitment: number;
  closure: number;
  rewiring: number;
  json?: boolean;
  csv?: boolean;
}

const probability = (name: string) => (value: string) => {
  const x = Number(value);
  if (!(x >= 0 && x <= 1)) throw new UsageError(`${name} must be a probability from 0 to 1 (got "${value}")`);
  return x;
};

function recoverCommand(cmd: Command): void {
  loadOptions(
    cmd
      .command('recover')
      .description(
        'remove members by a strategy, then let the network regrow (recruitment, triadic closure, preferential rewiring)',
      )
      .argument('<file>', 'network file'),
    'efficiency and largest component over the rounds',
  )
    .option('--strategy <s>', 'who is removed (as for disrupt; random draws one order)', 'betweenness')
    .option('--remove <n>', 'how many members are removed', positiveInt('--remove', 100000), 5)
    .option(
      '--mode <m>',
      'sequential, block or static (as for disrupt)',
      oneOf('--mode', ['sequential', 'block', 'static'] as const),
      'sequential',
    )
    .option('--rounds <n>', 'rounds of regrowth after the disruption', positiveInt('--rounds', 10000), 10)
    .option('--replicates <n>', 'replicates of the regrowth', positiveInt('--replicates', 100000), 100)
    .option('--seed <n>', 'seed', seedValue, 1)
    .option(
      '--recruitment <x>',
      'new members per round, as a share of those removed',
      probability('--recruitment'),
      0.1,
    )
    .option(
      '--closure <p>',
      'per-round probability that a lost tie closes through the removed broker',
      probability('--closure'),
      0.1,
    )
    .option(
      '--rewiring <p>',
      'per-round probability that a lost tie is rebuilt by preferential attachment',
      probability('--rewiring'),
      0.1,
    )
    .option('--json', 'print the removal and every round (mean and 5/50/95% over replicates) as JSON')
    .option('--csv', 'one row per round')
    .addHelpText(
      'after',
      '\nMechanisms and their (assumed) parameters: docs/NETWORK-DISRUPTION.md. Example:\n' +
        '  atalaya network recover Montagna_meetings_edgelist.csv --strategy betweenness --remove 5 --rounds 20',
    )
    .action((file: string, opts: RecoverCliOptions) => {
      if (opts.json && opts.csv) throw new UsageError('give either --json or --csv, not both');
      const data = load(file, opts);
      const g = compactGraph(data);
      if (opts.remove >= g.n)
        throw new UsageError(`--remove ${opts.remove}: the network has only ${g.n} members`);
      const roles = structuralRoles(g);
      const removal = disrupt(g, {
        strategy: parseStrategy(opts.strategy, data, roles.roles),
        mode: opts.mode,
        blockSize: opts.mode === 'sequential' ? 1 : opts.remove,
        steps: opts.mode === 'sequential' ? opts.remove : 1,
        draws: 1,
        seed: opts.seed,
        efficiency: false,
      });
      const removedIds = removal.steps.flatMap((s) => s.removedIds).slice(0, opts.remove);
      const index = new Map(g.ids.map((id, v) => [id, v]));
      const mask = new Uint8Array(g.n);
      for (const id of removedIds) mask[index.get(id)!] = 1;
      const result = regrow(g, mask, {
        rounds: opts.rounds,
        replicates: opts.replicates,
        seed: opts.seed,
        recruitment: { rate: opts.recruitment },
        triadicClosure: opts.closure,
        preferentialRewiring: opts.rewiring,
      });
      writePictures(opts, () => recoveryPicture(data, opts, result));
      const strategy = strategyLabel(opts.strategy);
      if (opts.json)
        return emit(JSON.stringify({ file, strategy, mode: opts.mode, removedIds, ...result }, null, 2));
      if (opts.csv) return emit(recoveryCsv(result));
      emit(recoveryText(file, strategy, removedIds, result));
    });
}

function recoveryPicture(data: NetworkData, opts: RecoverCliOptions, r: RecoveryResult): string {
  const line = (
    label: string,
    pick: (x: RecoveryResult['rounds'][number]) => { mean: number; p05: number; p95: number },
  ) => ({
    label,
    points: r.rounds.map((x) => ({
      removed: x.round,
      value: pick(x).mean,
      low: pick(x).p05,
      high: pick(x).p95,
    })),
  });
  return renderDisruptionChart({
    series: [
      line('efficiency / intact', (x) => x.efficiencyRatio),
      line('largest component / intact', (x) => x.lccRatio),
    ],
    measure: 'relative to the intact network',
    xLabel: 'rounds after the disruption',
    bandLabel: `5–95% of ${r.replicates} replicates`,
    title: `${data.name}: regrowth after removing ${r.removed} members (${strategyLabel(opts.strategy)})`,
  });
}

function recoveryCsv(r: RecoveryResult): string {
  const cols = ['size', 'edges', 'lccRatio', 'efficiency', 'efficiencyRatio'] as const;
  return csvText(
    ['round', ...cols.flatMap((c) => [`${c}_mean`, `${c}_p05`, `${c}_p95`])],
    r.rounds.map((x) => [x.round, ...cols.flatMap((c) => [x[c].mean, x[c].p05, x[c].p95])]),
  );
}

function recoveryText(file: string, strategy: string, removedIds: string[], r: RecoveryResult): string {
  const t = new Table({
    head: ['round', 'members', 'ties', 'LCC / intact', 'efficiency / intact (5–95%)'],
    ...COMPACT_TABLE,
  });
  for (const x of r.rounds) {
    t.push([
      x.round,
      x.size.mean.toFixed(1),
      x.edges.mean.toFixed(1),
      x.lccRatio.mean.toFixed(3),
      `${x.efficiencyRatio.mean.toFixed(3)} (${x.efficiencyRatio.p05.toFixed(3)}–${x.efficiencyRatio.p95.toFixed(3)})`,
    ]);
  }
  const p = r.parameters;
  return [
    `${file}: ${r.before.size} members, ${r.before.edges} ties, efficiency ${r.before.efficiency.toFixed(3)}. Removed by ${strategy}: ${removedIds.join(' ')}.`,
    t.toString(),
    `Regrowth (mean of ${r.replicates} replicates, seed ${r.seed}): recruitment ${p.recruitmentRate} of the removed per round (${p.recruitmentTies} ties each, preferential), triadic closure ${p.triadicClosure}, preferential rewiring ${p.preferentialRewiring} — assumptions to vary (docs/NETWORK-DISRUPTION.md).`,
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------------------
// phases

interface PhasesCliOptions {
  top: number;
  json?: boolean;
  maxMembers: number;
}

function phasesCommand(cmd: Command): void {
  const phases = cmd
    .command('phases')
    .description(
      'a network observed in phases (e.g. CAVIAR’s 11): who is central in each, and how that changes',
    )
    .argument('<files...>', 'one file per phase, in order (or a folder: its files in natural order)')
    .option('--top <n>', 'size of the top sets per phase', positiveInt('--top', 1000), 5)
    .option('--json', 'print phases, changes and per-node tracks as JSON');
  maxMembersOption(phases).action((files: string[], opts: PhasesCliOptions) => {
    const series = loadNetworkSeries(files, { maxMembers: opts.maxMembers });
    if (series.length < 2)
      throw new UsageError('phases needs at least two networks (files, or a folder with several)');
    const r = phaseAnalysis(series, { top: opts.top });
    if (opts.json) return emit(JSON.stringify(r, null, 2));
    emit(phasesText(r));
  });
}

function phasesText(r: PhaseAnalysis): string {
  const t = new Table({
    head: ['phase', 'members', 'ties', 'density', 'top by degree', 'top by betweenness', 'leaders'],
    ...COMPACT_TABLE,
  });
  for (const p of r.phases)
    t.push([
      p.name,
      p.nodes,
      p.edges,
      p.density.toFixed(3),
      p.topDegree.join(' '),
      p.topBetweenness.join(' '),
      p.leaders.join(' '),
    ]);
  const c = new Table({
    head: [
      'from → to',
      'stayed',
      'entered',
      'left',
      'ρ degree',
      'ρ betweenness',
      'top overlap (deg./betw.)',
      'role changes',
    ],
    ...COMPACT_TABLE,
  });
  for (const x of r.changes)
    c.push([
      `${x.from} → ${x.to}`,
      x.common,
      x.entered,
      x.left,
      f3(x.degreeSpearman),
      f3(x.betweennessSpearman),
      `${f3(x.topDegreeJaccard)} / ${f3(x.topBetweennessJaccard)}`,
      x.roleChanges.length,
    ]);
  return [
    t.toString(),
    'Between consecutive phases (ρ: Spearman rank correlation over members present in both; overlap: Jaccard):',
    c.toString(),
  ].join('\n');
}
