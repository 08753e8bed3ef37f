import type { GroupNetwork } from '../data/cartel-network.js';
import type { YearValue } from '../data/homicide-history.js';
import type { AnchorSpec } from '../sim/assimilate/anchor.js';
import { weekToYear, yearMonthToWeek } from '../sim/calendar.js';
import type { MetricId } from '../sim/metrics.js';
import { buildWorld, type World } from '../sim/model/world.js';
import { type Plan, plan, simulateRun, toYearEnd } from '../sim/montecarlo.js';
import { centralParams, type Params } from '../sim/params.js';
import type { Scenario } from '../sim/scenario/schema.js';
import { exploreFactors, type Factor, factorValue, paramsAt } from './factors.js';
import { type LeverSpec, leverFactors, withLevers } from './lever-factors.js';
import { blockSize, designFor } from './method.js';
import { type ExploreMethod, OUTCOME_IDS, type OutcomeId } from './types.js';

/**
 * The experiments of a sweep: everything a worker needs, as plain data (structured-cloned to worker
 * threads, JSON through Redis). The design itself is not shipped: each worker regenerates it from
 * (method, samples, seed, factors), which is deterministic and cheaper than moving it.
 */
export interface SweepSpec {
  network: GroupNetwork;
  /** The baseline first, then the policies; starts resolved (no 'present'). */
  scenarios: Scenario[];
  seed: number;
  method: ExploreMethod;
  samples: number;
  /** Parameter ids, in design order; the lever factors follow them. */
  factors: string[];
  levers: LeverSpec[];
  anchor?: AnchorSpec;
  observed?: YearValue[];
}

/** Rows [from, to) of the design. */
export interface Chunk {
  index: number;
  from: number;
  to: number;
}

/**
 * Outcomes of a chunk: for row i, policy s (the scenarios after the baseline) and outcome o, the paired
 * difference at [((i − from) · policies + s) · OUTCOMES + o].
 */
export interface ChunkResult {
  index: number;
  from: number;
  to: number;
  outcomes: Float64Array;
  warnings: Record<string, number>;
}

export interface SweepContext {
  spec: SweepSpec;
  world: World;
  factors: Factor[];
  design: Float64Array;
  plan: Plan;
  /** The scenarios run to their calendar year's end, by history group. */
  groups: Scenario[][];
  /** Where each scenario sits: [group, branch]. */
  where: [number, number][];
  central: Params;
  /** Period index of the policies' start year and of each outcome horizon's year (−1: past the run). */
  horizons: { start: number; years: Record<1 | 3 | 5 | 10, number>; last: number };
  streamsPerBlock: number;
  /** Design columns of a scenario's lever factors. */
  leversOf: (scenario: string) => number[];
}

export const OUTCOMES = OUTCOME_IDS.length;

/** Build once per worker: the world, the design, the plan of periods and history groups. */
export function prepareSweep(spec: SweepSpec): SweepContext {
  const factors = exploreFactors({ include: spec.factors });
  // Catalog order may differ from the spec's: keep the spec's order (the design's columns).
  const byId = new Map(factors.map((f) => [f.id as string, f]));
  const ordered = [
    ...spec.factors.map((id) => byId.get(id) as Factor),
    ...leverFactors(spec.levers, spec.scenarios),
  ];
  const design = designFor(spec.method, spec.samples, ordered.length, spec.seed);
  const options = { network: spec.network, scenarios: spec.scenarios, runs: 1, seed: spec.seed };
  const first = spec.scenarios[0];
  const startYear = weekToYear(yearMonthToWeek(first.start));
  const p = plan({ ...options, fromYear: Math.floor(startYear) });
  const groups = p.groups.map((g) => g.map((i) => toYearEnd(spec.scenarios[i], 'year')));
  const where: [number, number][] = [];
  p.groups.forEach((g, gi) => {
    g.forEach((i, k) => {
      where[i] = [gi, k];
    });
  });
  const period = (year: number) => p.labels.indexOf(year);
  const at = (h: number) => (h <= first.years + 1e-9 ? period(Math.floor(startYear + h - 1e-9)) : -1);
  return {
    spec,
    world: buildWorld(spec.network),
    factors: ordered,
    design,
    plan: p,
    groups,
    where,
    central: centralParams(),
    horizons: {
      start: period(Math.floor(startYear)),
      years: { 1: at(1), 3: at(3), 5: at(5), 10: at(10) },
      last: period(Math.floor(startYear + first.years - 1e-9)),
    },
    streamsPerBlock: blockSize(spec.method, ordered.length),
    leversOf: (id) => ordered.flatMap((f, j) => (f.kind === 'lever' && f.scenario === id ? [j] : [])),
  };
}

/** Run the rows of a chunk: a pure function of (spec, chunk), whichever thread, process or machine. */
export function runChunk(ctx: SweepContext, chunk: Chunk): ChunkResult {
  const { spec, factors, design } = ctx;
  const k = factors.length;
  const S = spec.scenarios.length - 1;
  const out = new Float64Array((chunk.to - chunk.from) * S * OUTCOMES);
  const warnings: Record<string, number> = {};
  const streams = Math.ceil(design.length / k / ctx.streamsPerBlock);
  for (let i = chunk.from; i < chunk.to; i++) {
    const row = design.subarray(i * k, (i + 1) * k);
    // Rows of one trajectory or block share their event streams, so their differences are the factors'.
    const r = Math.floor(i / ctx.streamsPerBlock);
    const metrics = ctx.groups.map((group) => {
      const scenarios = group.map((sc) =>
        withLevers(
          sc,
          ctx.leversOf(sc.id).map((j) => ({ factor: factors[j], value: factorValue(factors[j], row[j]) })),
        ),
      );
      const params = paramsAt(factors, row, scenarios[0].parameters, ctx.central);
      const run = simulateRun(
        ctx.world,
        { seed: spec.seed, observed: spec.observed, runs: streams, anchor: spec.anchor },
        ctx.plan,
        scenarios,
        r,
        params,
      );
      for (const b of run.branches) for (const w of b.warnings) warnings[w] = (warnings[w] ?? 0) + 1;
      return run.branches.map((b) => b.metrics);
    });
    const of = (s: number) => metrics[ctx.where[s][0]][ctx.where[s][1]];
    const base = of(0);
    for (let s = 1; s <= S; s++) {
      outcomesOf(ctx, of(s), base, out.subarray(((i - chunk.from) * S + s - 1) * OUTCOMES));
    }
  }
  return { index: chunk.index, from: chunk.from, to: chunk.to, outcomes: out, warnings };
}

type Metrics = Partial<Record<MetricId, Float64Array>>;

/** One policy's paired differences against the baseline, in OUTCOME_IDS order. */
function outcomesOf(ctx: SweepContext, policy: Metrics, base: Metrics, into: Float64Array): void {
  const { years, start, last } = ctx.horizons;
  const relative = (id: MetricId, k: number) => {
    const v = policy[id]?.[k];
    const w = base[id]?.[k];
    return k < 0 || v === undefined || w === undefined || w === 0 ? Number.NaN : (v - w) / Math.abs(w);
  };
  const absolute = (id: MetricId, k: number) => {
    const v = policy[id]?.[k];
    const w = base[id]?.[k];
    return k < 0 || v === undefined || w === undefined ? Number.NaN : v - w;
  };
  // Flows summed from the start year to the horizon's: before the start both runs are the same.
  const cumulative = (id: MetricId) => {
    if (last < 0 || start < 0) return Number.NaN;
    let sum = 0;
    for (let k = start; k <= last; k++) sum += absolute(id, k);
    return sum;
  };
  const values: Record<OutcomeId, number> = {
    homicides1y: relative('homicides', years[1]),
    homicides3y: relative('homicides', years[3]),
    homicides5y: relative('homicides', years[5]),
    homicides10y: relative('homicides', years[10]),
    members: absolute('members', last),
    overdoseDeaths: cumulative('usOverdoseDeaths'),
    cost: cumulative('fiscalCost'),
  };
  OUTCOME_IDS.forEach((id, o) => {
    into[o] = values[id];
  });
}

/** Chunks of about `size` rows. */
export function chunksOf(rows: number, size: number): Chunk[] {
  const out: Chunk[] = [];
  for (let from = 0, index = 0; from < rows; from += size, index++) {
    out.push({ index, from, to: Math.min(rows, from + size) });
  }
  return out;
}
