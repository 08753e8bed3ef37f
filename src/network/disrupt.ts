import { createRng, hashString, mix32, type Rng } from '../sim/rng.js';
import { quantile } from '../stats/rank.js';
import type { DisruptionMode, DisruptionResult, DisruptionStep, Spread } from './answers.js';
import type { CompactGraph } from './graph.js';
import { betweenness } from './measures/betweenness.js';
import { components, globalEfficiency } from './measures/connectivity.js';

export type { DisruptionMode, DisruptionResult, DisruptionStep, Spread };

/**
 * Disruption: remove nodes by a strategy and follow how the network falls apart.
 *
 * A strategy is a list of phases run in order; each phase has a pool of candidate nodes and a way to
 * rank them, and ends when its pool is exhausted or its `limit` is reached:
 *   - 'degree' / 'betweenness': every present node, highest score first (scores on the remaining graph);
 *   - 'attribute': the nodes given a score (highest first) or a ranked list of ids (e.g. bosses first);
 *   - 'targets': an explicit node set (e.g. the middle layer), in the caller's order or by degree or
 *     betweenness among the set;
 *   - 'random': every present node in uniformly random order (seeded; `draws` replicates).
 * So `['attribute', 'betweenness']` removes the bosses first, then goes on by betweenness.
 *
 * Each step removes `blockSize` nodes (fewer at the end). Modes say when scores are computed:
 *   - 'sequential': before every single removal, on the graph left by all earlier removals (what the
 *     networkx studies call sequential or "recalculated" removal). Steps only set the reporting interval.
 *   - 'block' (raids): once per step, on the graph at the start of the step; the step's `blockSize` nodes
 *     are the top of that one ranking and go together.
 *   - 'static': once, on the intact graph ("initial" ranking), then removed in that order.
 * With blockSize 1, 'sequential' and 'block' coincide.
 *
 * Ties: the highest score wins; scores within `TIE_TOLERANCE` (relative to the highest) are tied, and
 * ties go to the node that appears first in the input (lowest index), so results match studies that
 * read the same files. The tolerance keeps float noise in betweenness (sums over paths in a different
 * order than networkx) from reordering genuine ties; the networkx check applies the same rule.
 *
 * After each step: the largest connected component relative to the intact one (lccRatio), the global
 * efficiency of the remaining graph, the number of components, and, when role sets are given, a flow
 * measure: the share of (A, B) pairs (a ∈ A, b ∈ B, a ≠ b) whose two members are both present and in the
 * same component, relative to the intact network.
 */

export const TIE_TOLERANCE = 1e-10;

export type ScoreKind = 'degree' | 'betweenness';

export type PhaseSpec =
  | 'degree'
  | 'betweenness'
  | 'random'
  | { strategy: 'degree' | 'betweenness' | 'random'; limit?: number }
  /** Nodes with a finite score, highest first (the score is fixed: an attribute does not change on removal). */
  | {
      strategy: 'attribute';
      scores: ReadonlyMap<string, number> | Readonly<Record<string, number>>;
      limit?: number;
    }
  /** Nodes in the given order (first = removed first). */
  | { strategy: 'attribute'; ranking: readonly string[]; limit?: number }
  /** An explicit set: in the given order, or ranked among themselves by a score recomputed as the mode says. */
  | { strategy: 'targets'; nodes: readonly string[]; order?: 'given' | ScoreKind; limit?: number };

export interface DisruptOptions {
  /** One phase or several run in order. */
  strategy: PhaseSpec | readonly PhaseSpec[];
  /** Default 'sequential'. */
  mode?: DisruptionMode;
  /** Nodes removed per step (default 1). */
  blockSize?: number;
  /** Maximum number of steps after the intact state (default: until the phases or the nodes run out). */
  steps?: number;
  /** Seed for random phases (default 1). */
  seed?: number;
  /** Replicates when a phase is random (default 100; 1 when no phase is random). */
  draws?: number;
  /** Role sets for the flow measure (node ids; unknown ids are ignored). */
  flow?: { a: readonly string[]; b: readonly string[] };
  /** n of the efficiency (see globalEfficiency): default 'present'. */
  efficiencyDenominator?: 'present' | 'original';
  /** Skip the O(n·m) efficiency when false (reported as NaN). Default true. */
  efficiency?: boolean;
}

interface Phase {
  kind: 'degree' | 'betweenness' | 'random' | 'ranked' | 'targets';
  limit: number;
  /** Fixed order (attribute, targets 'given'). */
  order?: Int32Array;
  /** Pool membership for targets ranked by a score. */
  members?: Uint8Array;
  score?: ScoreKind;
  label: string;
}

interface Trace {
  removedIds: string[][];
  removed: number[];
  lcc: number[];
  efficiency: number[];
  components: number[];
  flowPairs: number[];
}

/**
 * Remove nodes by a strategy and report the state after each step.
 *
 * @example
 * const g = compactGraph(loadNetwork('montagna.csv'));
 * disrupt(g, { strategy: 'betweenness', mode: 'sequential', steps: 20 });
 * disrupt(g, { strategy: [{ strategy: 'attribute', ranking: bosses }, 'betweenness'], mode: 'block', blockSize: 5 });
 * disrupt(g, { strategy: 'random', draws: 200, seed: 7 });
 */
export function disrupt(g: CompactGraph, options: DisruptOptions): DisruptionResult {
  const mode = options.mode ?? 'sequential';
  const blockSize = Math.max(1, Math.floor(options.blockSize ?? 1));
  const seed = options.seed ?? 1;
  const specs = (Array.isArray(options.strategy) ? options.strategy : [options.strategy]) as PhaseSpec[];
  if (specs.length === 0) throw new Error('disrupt: empty strategy');
  const index = new Map(g.ids.map((id, i) => [id, i]));
  const phases = specs.map((s) => buildPhase(g, s, index));
  const isRandom = phases.some((p) => p.kind === 'random');
  const draws = isRandom ? Math.max(1, Math.floor(options.draws ?? 100)) : 1;
  const maxSteps = options.steps ?? Number.POSITIVE_INFINITY;

  const flowA = options.flow ? maskOf(g, options.flow.a, index) : undefined;
  const flowB = options.flow ? maskOf(g, options.flow.b, index) : undefined;

  const traces: Trace[] = [];
  for (let r = 0; r < draws; r++) {
    // Common random numbers: draw r always uses stream r of its purpose, however draws are split.
    const rng = createRng(seed, mix32(r * 0x9e3779b1 + hashString('disrupt')));
    traces.push(runOnce(g, phases, mode, blockSize, maxSteps, rng, options, flowA, flowB));
  }

  const base = traces[0];
  const length = Math.min(...traces.map((t) => t.removed.length));
  const steps: DisruptionStep[] = [];
  for (let s = 0; s < length; s++) {
    const pick = (f: (t: Trace) => number) => traces.map(f);
    const lcc = pick((t) => t.lcc[s] / base.lcc[0]);
    const eff = pick((t) => t.efficiency[s]);
    const comps = pick((t) => t.components[s]);
    const flows = flowA ? pick((t) => ratio(t.flowPairs[s], t.flowPairs[0])) : undefined;
    const sameIds = traces.every((t) => t.removedIds[s].join('\u0000') === base.removedIds[s].join('\u0000'));
    const step: DisruptionStep = {
      removed: base.removed[s],
      removedIds: sameIds ? base.removedIds[s] : [],
      lccRatio: base.lcc[0] > 0 ? mean(lcc) : 0,
      efficiency: mean(eff),
      components: mean(comps),
    };
    if (flows) step.flow = mean(flows);
    if (draws > 1) {
      step.spread = { lccRatio: spread(lcc), efficiency: spread(eff), components: spread(comps) };
      if (flows) step.spread.flow = spread(flows);
    }
    steps.push(step);
  }
  return {
    strategy: phases.map((p) => p.label).join('+'),
    mode,
    blockSize,
    draws,
    seed,
    lccBefore: base.lcc[0],
    efficiencyBefore: base.efficiency[0],
    steps,
  };
}

function buildPhase(g: CompactGraph, spec: PhaseSpec, index: Map<string, number>): Phase {
  const s = typeof spec === 'string' ? { strategy: spec } : spec;
  const limit = s.limit === undefined ? Number.POSITIVE_INFINITY : Math.max(0, Math.floor(s.limit));
  switch (s.strategy) {
    case 'degree':
    case 'betweenness':
      return { kind: s.strategy, limit, score: s.strategy, label: s.strategy };
    case 'random':
      return { kind: 'random', limit, label: 'random' };
    case 'attribute': {
      if ('ranking' in s)
        return { kind: 'ranked', limit, order: indicesOf(s.ranking, index), label: 'attribute' };
      const entries: [number, number][] = [];
      const scores = s.scores instanceof Map ? s.scores : new Map(Object.entries(s.scores));
      for (const [id, v] of scores) {
        const i = index.get(id);
        if (i !== undefined && Number.isFinite(v)) entries.push([i, v]);
      }
      entries.sort((x, y) => y[1] - x[1] || x[0] - y[0]);
      return { kind: 'ranked', limit, order: Int32Array.from(entries, (e) => e[0]), label: 'attribute' };
    }
    case 'targets': {
      const order = indicesOf(s.nodes, index);
      if (!s.order || s.order === 'given') return { kind: 'ranked', limit, order, label: 'targets' };
      const members = new Uint8Array(g.n);
      for (const i of order) members[i] = 1;
      return { kind: 'targets', limit, members, score: s.order, label: `targets(${s.order})` };
    }
  }
}

/** Node indices of ids in the given order, unknown ids and repeats dropped. */
function indicesOf(ids: readonly string[], index: Map<string, number>): Int32Array {
  const seen = new Set<number>();
  for (const id of ids) {
    const i = index.get(id);
    if (i !== undefined) seen.add(i);
  }
  return Int32Array.from(seen);
}

function maskOf(g: CompactGraph, ids: readonly string[], index: Map<string, number>): Uint8Array {
  const mask = new Uint8Array(g.n);
  for (const i of indicesOf(ids, index)) mask[i] = 1;
  return mask;
}

function runOnce(
  g: CompactGraph,
  phases: Phase[],
  mode: DisruptionMode,
  blockSize: number,
  maxSteps: number,
  rng: Rng,
  options: DisruptOptions,
  flowA: Uint8Array | undefined,
  flowB: Uint8Array | undefined,
): Trace {
  const removed = new Uint8Array(g.n);
  const trace: Trace = {
    removedIds: [],
    removed: [],
    lcc: [],
    efficiency: [],
    components: [],
    flowPairs: [],
  };
  const record = (ids: string[], count: number) => {
    const comp = components(g, removed);
    let lcc = 0;
    for (const s of comp.sizes) if (s > lcc) lcc = s;
    trace.removedIds.push(ids);
    trace.removed.push(count);
    trace.lcc.push(lcc);
    trace.components.push(comp.count);
    trace.efficiency.push(
      options.efficiency === false
        ? Number.NaN
        : globalEfficiency(g, removed, { denominator: options.efficiencyDenominator ?? 'present' }),
    );
    trace.flowPairs.push(flowA && flowB ? connectedPairs(comp.label, comp.count, flowA, flowB) : 0);
  };
  record([], 0);

  // Per-phase state: how many it removed, where a fixed order stands, and a random order once drawn.
  const used = new Int32Array(phases.length);
  const cursor = new Int32Array(phases.length);
  const shuffled: (Int32Array | undefined)[] = phases.map(() => undefined);
  // Scores by kind, valid for the current ranking epoch (see `mode`).
  let cache = new Map<ScoreKind, Float64Array>();
  const scoresOf = (kind: ScoreKind): Float64Array => {
    let s = cache.get(kind);
    if (!s) {
      s = kind === 'degree' ? presentDegrees(g, removed) : betweenness(g, { removed, normalized: true });
      cache.set(kind, s);
    }
    return s;
  };
  // `taken` = removed or already chosen in the current block.
  const taken = new Uint8Array(g.n);
  let phase = 0;
  let count = 0;

  const next = (): number => {
    while (phase < phases.length) {
      const p = phases[phase];
      let v = -1;
      if (used[phase] < p.limit) {
        if (p.kind === 'random' && !shuffled[phase]) shuffled[phase] = shufflePresent(taken, rng);
        const order = p.kind === 'random' ? shuffled[phase] : p.order;
        if (order) {
          while (cursor[phase] < order.length && taken[order[cursor[phase]]]) cursor[phase]++;
          if (cursor[phase] < order.length) v = order[cursor[phase]];
        } else v = best(scoresOf(p.score!), taken, p.members);
      }
      if (v >= 0) {
        used[phase]++;
        return v;
      }
      phase++;
    }
    return -1;
  };

  for (let step = 0; step < maxSteps; step++) {
    if (mode === 'block') cache = new Map();
    const ids: string[] = [];
    const chosen: number[] = [];
    for (let k = 0; k < blockSize; k++) {
      if (mode === 'sequential') cache = new Map();
      const v = next();
      if (v < 0) break;
      taken[v] = 1;
      chosen.push(v);
      ids.push(g.ids[v]);
      // In block mode the block's nodes stay in the graph until the block is done.
      if (mode !== 'block') removed[v] = 1;
    }
    if (chosen.length === 0) break;
    for (const v of chosen) removed[v] = 1;
    count += chosen.length;
    record(ids, count);
  }
  return trace;
}

/**
 * The highest-scoring node not yet taken (within `members` when given); scores within TIE_TOLERANCE of
 * the highest tie, and ties go to the lowest index. −1 when none is left.
 */
export function best(scores: Float64Array, taken: Uint8Array, members?: Uint8Array): number {
  let top = Number.NEGATIVE_INFINITY;
  for (let v = 0; v < scores.length; v++) {
    if (taken[v] || (members && !members[v])) continue;
    if (scores[v] > top) top = scores[v];
  }
  if (top === Number.NEGATIVE_INFINITY) return -1;
  const floor = top - TIE_TOLERANCE * Math.abs(top);
  for (let v = 0; v < scores.length; v++) {
    if (taken[v] || (members && !members[v])) continue;
    if (scores[v] >= floor) return v;
  }
  return -1;
}

function presentDegrees(g: CompactGraph, removed: Uint8Array): Float64Array {
  const out = new Float64Array(g.n);
  for (let v = 0; v < g.n; v++) {
    if (removed[v]) continue;
    let d = 0;
    for (let k = g.offsets[v]; k < g.offsets[v + 1]; k++) if (!removed[g.targets[k]]) d++;
    out[v] = d;
  }
  return out;
}

/** The nodes not yet taken, in uniformly random order (Fisher–Yates). */
function shufflePresent(taken: Uint8Array, rng: Rng): Int32Array {
  const out: number[] = [];
  for (let v = 0; v < taken.length; v++) if (!taken[v]) out.push(v);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    const t = out[i];
    out[i] = out[j];
    out[j] = t;
  }
  return Int32Array.from(out);
}

/** Ordered pairs (a, b), a ∈ A, b ∈ B, a ≠ b, both present and in the same component. */
export function connectedPairs(label: Int32Array, count: number, a: Uint8Array, b: Uint8Array): number {
  const inA = new Float64Array(count);
  const inB = new Float64Array(count);
  const inBoth = new Float64Array(count);
  for (let v = 0; v < label.length; v++) {
    const c = label[v];
    if (c < 0) continue;
    if (a[v]) inA[c]++;
    if (b[v]) inB[c]++;
    if (a[v] && b[v]) inBoth[c]++;
  }
  let pairs = 0;
  for (let c = 0; c < count; c++) pairs += inA[c] * inB[c] - inBoth[c];
  return pairs;
}

function ratio(x: number, y: number): number {
  return y > 0 ? x / y : Number.NaN;
}

function mean(xs: number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

export function spread(xs: readonly number[]): Spread {
  const sorted = [...xs].sort((x, y) => x - y);
  return { p05: quantile(sorted, 0.05), p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95) };
}
