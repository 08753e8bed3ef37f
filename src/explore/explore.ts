import type { GroupNetwork } from '../data/cartel-network.js';
import { type NetworkChoice, resolveGroupNetwork } from '../data/group-source.js';
import { type AnchorSpec, presentAnchor } from '../sim/assimilate/anchor.js';
import { METRICS } from '../sim/metrics.js';
import { resolveStarts } from '../sim/montecarlo.js';
import { DEFAULT_SCENARIOS } from '../sim/scenario/defaults.js';
import { loadPreset } from '../sim/scenario/load.js';
import type { Scenario } from '../sim/scenario/schema.js';
import {
  discover,
  type ExperimentTable,
  effects,
  regret,
  reportedOutcomes,
  robustness,
  satisficing,
  sensitivity,
} from './analyze.js';
import { type EngineOptions, EXPLORE_KIND, runSweep } from './engine.js';
import { designValues, exploreFactors } from './factors.js';
import { leverFactors, parseLeverSpec } from './lever-factors.js';
import { designFor, experimentCount } from './method.js';
import { sweepId } from './pack.js';
import {
  type ExploreRequest,
  ExploreRequestError,
  type ExploreRequestInput,
  normalizeExploreRequest,
} from './request.js';
import type { SweepSpec } from './sweep.js';
import { type ExploreSummary, OUTCOME_IDS, type OutcomeId, type OutcomeInfo } from './types.js';

/**
 * `atalaya explore`, as a use case: experiments over every uncertain parameter, each policy's paired
 * differences against the status quo (common random numbers, as `compare`), then global sensitivity,
 * the robustness of the ranking, regret and scenario discovery. The CLI, the server and the dashboard
 * only translate its request and its result.
 *
 * Runs start from the present as `compare --no-filter` would: homicides from the newest observed counts
 * (the anchor), the engine's history with each experiment's parameters. The filtered posterior that
 * `compare` starts from is a draw of the parameters themselves, which an experiment sets instead.
 */
export interface ExploreContext {
  /** Scenarios already loaded (scenario files); default: the request's preset ids. */
  scenarios?: Scenario[];
  network?: GroupNetwork;
  /** The present the homicides start from (default: the newest observed counts in the cache). */
  anchor?: { spec: AnchorSpec; warnings: string[] };
  home?: string;
  dataDir?: string;
  engine?: EngineOptions;
  /** Checkpoint file: a killed sweep resumes from it. */
  checkpoint?: string;
  chunkSize?: number;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

export interface ExploreRun {
  summary: ExploreSummary;
  table: ExperimentTable;
  /** Chunks read back from the checkpoint. */
  resumed: number;
}

export const OUTCOMES_INFO: OutcomeInfo[] = [
  ...([1, 3, 5, 10] as const).map(
    (h): OutcomeInfo => ({
      id: `homicides${h}y` as OutcomeId,
      label: { en: `Homicides, year ${h}`, es: `Homicidios, año ${h}` },
      scale: 'relative',
      unit: 'share of the status quo',
      description: `Change in homicides in the calendar year ${h} years after the start, against the status quo`,
    }),
  ),
  // The simulator's own names and units for these metrics (src/sim/metrics.ts).
  {
    id: 'members',
    label: METRICS.members.label,
    scale: 'absolute',
    unit: METRICS.members.unit,
    description: 'Difference in members at the end of the last simulated year',
  },
  {
    id: 'overdoseDeaths',
    label: METRICS.usOverdoseDeaths.label,
    scale: 'absolute',
    unit: METRICS.usOverdoseDeaths.unit,
    description: 'Difference in US overdose deaths, summed from the start year to the last',
  },
  {
    id: 'cost',
    label: METRICS.fiscalCost.label,
    scale: 'absolute',
    unit: METRICS.fiscalCost.unit,
    description: 'Public spending above the status quo, summed from the start year to the last',
  },
];

/** Build the sweep a request describes (no simulation yet): its spec, id and size. */
export function planExplore(input: ExploreRequestInput, ctx: ExploreContext = {}) {
  const request = normalizeExploreRequest(input);
  const warnings: string[] = [];
  const scenarios = withBaseline(ctx.scenarios ?? loadScenarios(request), request.years);
  const network =
    ctx.network ??
    resolveGroupNetwork({ dataDir: ctx.dataDir, home: ctx.home, network: request.network as NetworkChoice });
  const anchor = request.anchor ? (ctx.anchor ?? presentAnchor(ctx.home)) : undefined;
  warnings.push(...(anchor?.warnings ?? []));
  const resolved = resolveStarts({
    network,
    scenarios,
    runs: 1,
    seed: request.seed,
    anchor: anchor?.spec,
  }).scenarios;
  const levers = request.levers.map(parseLeverSpec);
  const factors = [
    ...exploreFactors({ include: request.parameters, exclude: request.exclude }),
    ...leverFactors(levers, resolved),
  ];
  if (factors.length === 0) throw new ExploreRequestError('no parameters to vary', 'parameters');
  if (request.method === 'sobol' && (request.samples & (request.samples - 1)) !== 0) {
    warnings.push(`Sobol' samples ${request.samples} is not a power of 2: the sequence's balance is lost`);
  }
  const spec: SweepSpec = {
    network,
    scenarios: [...resolved],
    seed: request.seed,
    method: request.method,
    samples: request.samples,
    factors: factors.filter((f) => f.kind === 'parameter').map((f) => f.id),
    levers,
    anchor: anchor?.spec,
  };
  return {
    request,
    spec,
    factors,
    id: sweepId(EXPLORE_KIND, spec),
    experiments: experimentCount(request.method, request.samples, factors.length),
    warnings,
  };
}

/** A sweep as `planExplore` builds it: the request normalized, the spec, its id and size. */
export type PlannedExplore = ReturnType<typeof planExplore>;

export async function runExplore(input: ExploreRequestInput, ctx: ExploreContext = {}): Promise<ExploreRun> {
  return runPlannedExplore(planExplore(input, ctx), ctx);
}

/**
 * Run a sweep already planned (the CLI and the server plan first, to check the request and its size): the
 * experiments on the chosen engine, then the analyses.
 */
export async function runPlannedExplore(
  planned: PlannedExplore,
  ctx: Pick<ExploreContext, 'engine' | 'checkpoint' | 'chunkSize' | 'onProgress' | 'signal'> = {},
): Promise<ExploreRun> {
  const { request, spec, factors, experiments } = planned;
  const policies = spec.scenarios.slice(1).map((s) => s.id);
  const sweep = await runSweep(spec, ctx.engine ?? { engine: 'local', threads: 1 }, {
    rows: experiments,
    policies: policies.length,
    id: planned.id,
    checkpoint: ctx.checkpoint,
    chunkSize: ctx.chunkSize,
    onProgress: ctx.onProgress,
    signal: ctx.signal,
  });
  const unit = designFor(spec.method, spec.samples, factors.length, spec.seed);
  const table: ExperimentTable = {
    method: spec.method,
    samples: spec.samples,
    seed: spec.seed,
    factors,
    unit,
    values: designValues(factors, unit),
    baseline: spec.scenarios[0].id,
    policies,
    outcomes: sweep.outcomes,
  };
  const summary = summarizeExplore(table, request, spec, planned.warnings, sweep.warnings);
  return { summary, table, resumed: sweep.resumed };
}

/** The analyses of a finished sweep. */
export function summarizeExplore(
  table: ExperimentTable,
  request: ExploreRequest,
  spec: SweepSpec,
  warnings: readonly string[],
  runWarnings: Record<string, number>,
): ExploreSummary {
  const outcomes = reportedOutcomes(table);
  const ask = outcomes.includes(request.outcome) ? request.outcome : longestHomicides(outcomes);
  const rows = table.unit.length / table.factors.length;
  return {
    method: table.method,
    samples: table.samples,
    seed: table.seed,
    years: request.years,
    start: spec.scenarios[0].start,
    experiments: rows,
    parameters: table.factors.map((f) => f.id),
    factors: table.factors.map(({ id, kind, label, params, mechanism, low, high, assumption }) => ({
      id,
      kind,
      label,
      params,
      mechanism,
      low,
      high,
      assumption,
    })),
    baseline: table.baseline,
    scenarios: spec.scenarios.slice(1).map((s) => ({ id: s.id, title: s.title, title_es: s.title_es })),
    outcomes: OUTCOMES_INFO.filter((o) => outcomes.includes(o.id)),
    outcome: ask ?? outcomes[0],
    effects: effects(table, outcomes),
    sensitivity: sensitivity(table),
    robustness: robustness(table, outcomes),
    regret: regret(table, outcomes),
    satisficing: satisficing(table, outcomes),
    prim: ask ? discover(table, { outcome: ask }) : [],
    present: spec.anchor && { through: spec.anchor.through, release: spec.anchor.release },
    warnings: [
      ...warnings,
      ...(table.method === 'morris'
        ? [
            'scenario discovery (PRIM) needs points spread independently over the space: run --method lhs or sobol',
          ]
        : []),
      ...(ask && ask !== request.outcome
        ? [
            `${request.outcome} is past the ${request.years} simulated years; scenario discovery asks about ${ask}`,
          ]
        : []),
      ...Object.entries(runWarnings).map(
        ([w, n]) => `${w}: in ${n} of ${rows * spec.scenarios.length} scenario runs`,
      ),
    ],
  };
}

function longestHomicides(outcomes: readonly OutcomeId[]): OutcomeId | undefined {
  return [...OUTCOME_IDS].reverse().find((o) => o.startsWith('homicides') && outcomes.includes(o));
}

function loadScenarios(request: ExploreRequest): Scenario[] {
  const ids = request.scenarios.length > 0 ? request.scenarios : [...DEFAULT_SCENARIOS];
  return ids.map((id) => loadPreset(id));
}

/** The status quo first (the baseline), added when missing; every scenario runs `years` years. */
function withBaseline(scenarios: Scenario[], years: number): Scenario[] {
  const seen = new Set<string>();
  for (const s of scenarios) {
    if (seen.has(s.id)) throw new ExploreRequestError(`scenario "${s.id}" is listed twice`, 'scenarios');
    seen.add(s.id);
  }
  const base = scenarios.find((s) => s.id === 'status-quo') ?? loadPreset('status-quo');
  const rest = scenarios.filter((s) => s !== base);
  if (rest.length === 0)
    throw new ExploreRequestError('explore needs at least one policy besides the status quo', 'scenarios');
  return [base, ...rest].map((s) => ({ ...s, years }));
}
