import { createRng, hashString, mix32, type Rng } from '../sim/rng.js';
import { quantile } from '../stats/rank.js';
import type { CompactGraph } from './graph.js';
import { components, globalEfficiency } from './measures/connectivity.js';

/**
 * Recovery: how a disrupted network may regrow.
 *
 * Criminal networks are observed to recover after arrests, sometimes denser and more efficient than
 * before (Duijn, Kashirin & Sloot 2014, Sci. Rep. 4:4238, "The relative ineffectiveness of criminal
 * network disruption"); simulations of recovery let it run on relational mechanisms such as triadic
 * closure and preferential attachment (Diviák 2023, J. Exp. Criminol., doi:10.1007/s11292-023-09563-z).
 * This module does not reproduce either model; it runs three documented mechanisms, each with a
 * parameter that is an ASSUMPTION to vary, not an estimate:
 *
 *   1. Recruitment (`recruitment.rate`, default 0.1): new members replace the L removed ones at `rate·L`
 *      per round, in whole members, up to `recruitment.cap·L` in all (default 1: losses replaced once);
 *      the running total after t rounds is min(⌊t·rate·L⌋, ⌊cap·L⌋), so sizes are deterministic. Each
 *      recruit makes `recruitment.ties` (default 2) ties to distinct present members chosen with
 *      probability ∝ degree + 1: preferential attachment (Barabási & Albert 1999, Science 286:509) with an
 *      initial attractiveness of 1 (Dorogovtsev, Mendes & Samukhin 2000, PRL 85:4633) so that isolated
 *      survivors can be chosen.
 *   Every tie between a survivor u and a removed member x is a "lost tie", open until replaced once:
 *   2. Triadic closure (`triadicClosure`, default 0.1): each round, each open lost tie (u, x) is replaced
 *      with this probability by a tie from u to one of x's other surviving contacts not yet tied to u,
 *      chosen uniformly: the network rewires around its removed brokers.
 *   3. Preferential rewiring (`preferentialRewiring`, default 0.1): an open lost tie not closed in the
 *      round is replaced with this probability by a tie from u to a present member (not u, not already
 *      a neighbour) chosen ∝ degree + 1.
 *   So at most as many ties are rebuilt as were lost to survivors; recruits add 2 each.
 * Within a round: recruitment, then the lost ties in index order of (survivor, removed member).
 *
 * Replicates use common random numbers: replicate r draws from stream r (of purpose 'regrow'), so its
 * path is the same however many replicates run. Reported for round 0 (just after the disruption) to
 * `rounds`: mean and 5/50/95% quantiles over replicates of the size (present members), the number of
 * ties, lccRatio = largest component / largest component of the intact network, global efficiency of
 * the present graph (n = present members), and efficiencyRatio = efficiency / that of the intact network
 * (> 1: "more efficient than before", as Duijn et al. found).
 */

export interface RegrowOptions {
  /** Rounds simulated after the disruption (default 10). */
  rounds?: number;
  /** Replicates (default 100). */
  replicates?: number;
  seed?: number;
  /**
   * New members per round as a share of the removed ones (default 0.1), ties per recruit (default 2), and
   * the most recruits in all as a share of the removed ones (default 1: the losses are replaced once).
   */
  recruitment?: { rate?: number; ties?: number; cap?: number };
  /** Per-round probability that an open lost tie is replaced by closure through the removed broker (default 0.1). */
  triadicClosure?: number;
  /** Per-round probability that an open lost tie not closed this round is replaced preferentially (default 0.1). */
  preferentialRewiring?: number;
  /** Estimate efficiency from this many BFS sources per measurement (large networks); default exact. */
  sampleSources?: number;
}

export interface Summary {
  mean: number;
  p05: number;
  p50: number;
  p95: number;
}

export interface RecoveryRound {
  round: number;
  size: Summary;
  edges: Summary;
  lccRatio: Summary;
  efficiency: Summary;
  efficiencyRatio: Summary;
}

export interface RecoveryResult {
  replicates: number;
  seed: number;
  parameters: {
    rounds: number;
    recruitmentRate: number;
    recruitmentTies: number;
    triadicClosure: number;
    preferentialRewiring: number;
  };
  /** The intact network, reference of the ratios. */
  before: { size: number; edges: number; lcc: number; efficiency: number };
  /** Number of members removed by the disruption. */
  removed: number;
  rounds: RecoveryRound[];
}

interface Sample {
  size: number;
  edges: number;
  lcc: number;
  efficiency: number;
}

/**
 * Simulate regrowth of `g` after removing the nodes flagged in `removedMask`.
 *
 * @example
 * const removed = new Uint8Array(g.n);
 * for (const id of topBetweenness) removed[g.ids.indexOf(id)] = 1;
 * const r = regrow(g, removed, { rounds: 20, replicates: 200, seed: 7 });
 * r.rounds.at(-1)!.efficiencyRatio.mean; // > 1: more efficient than before the disruption
 */
export function regrow(
  g: CompactGraph,
  removedMask: Uint8Array,
  options: RegrowOptions = {},
): RecoveryResult {
  const replicates = Math.max(1, Math.floor(options.replicates ?? 100));
  const seed = options.seed ?? 1;
  const run = context(g, removedMask, options);
  const { rounds } = run;

  let beforeLcc = 0;
  for (const s of components(g).sizes) if (s > beforeLcc) beforeLcc = s;
  // Sampled efficiency (large networks) draws its sources from its own stream, apart from the mechanisms'.
  const efficiencyFor = (r: number) => {
    if (options.sampleSources === undefined)
      return (h: CompactGraph, m?: Uint8Array) => globalEfficiency(h, m);
    const rng = createRng(seed, mix32(r * 0x9e3779b1 + hashString('regrow-efficiency')));
    return (h: CompactGraph, m?: Uint8Array) =>
      globalEfficiency(h, m, { sampleSources: options.sampleSources, rng });
  };
  const beforeEff = efficiencyFor(-1)(g);

  const samples: Sample[][] = [];
  for (let r = 0; r < replicates; r++)
    samples.push(runReplicate(g, removedMask, run, seed, r, efficiencyFor(r)).series);

  const out: RecoveryRound[] = [];
  for (let t = 0; t <= rounds; t++) {
    const at = samples.map((s) => s[t]);
    out.push({
      round: t,
      size: summary(at.map((s) => s.size)),
      edges: summary(at.map((s) => s.edges)),
      lccRatio: summary(at.map((s) => (beforeLcc > 0 ? s.lcc / beforeLcc : 0))),
      efficiency: summary(at.map((s) => s.efficiency)),
      efficiencyRatio: summary(at.map((s) => (beforeEff > 0 ? s.efficiency / beforeEff : Number.NaN))),
    });
  }
  return {
    replicates,
    seed,
    parameters: {
      rounds,
      recruitmentRate: run.rate,
      recruitmentTies: run.ties,
      triadicClosure: run.pClose,
      preferentialRewiring: run.pRewire,
    },
    before: { size: g.n, edges: g.m, lcc: beforeLcc, efficiency: beforeEff },
    removed: run.lost,
    rounds: out,
  };
}

interface RunContext {
  rounds: number;
  lost: number;
  rate: number;
  ties: number;
  pClose: number;
  pRewire: number;
  recruitsBy: (t: number) => number;
  capacity: number;
  /** Lost ties (survivor, removed neighbour), flattened, by survivor then neighbour index. */
  slots: Int32Array;
}

/** Options resolved and checked, and what every replicate shares. */
function context(g: CompactGraph, removedMask: Uint8Array, options: RegrowOptions): RunContext {
  const rounds = Math.max(0, Math.floor(options.rounds ?? 10));
  const rate = options.recruitment?.rate ?? 0.1;
  const ties = Math.max(0, Math.floor(options.recruitment?.ties ?? 2));
  const pClose = options.triadicClosure ?? 0.1;
  const pRewire = options.preferentialRewiring ?? 0.1;
  for (const [name, p] of [
    ['triadicClosure', pClose],
    ['preferentialRewiring', pRewire],
  ] as const) {
    if (!(p >= 0 && p <= 1)) throw new Error(`regrow: ${name} must be a probability, got ${p}`);
  }
  if (!(rate >= 0)) throw new Error(`regrow: recruitment rate must be ≥ 0, got ${rate}`);
  let lost = 0;
  for (let v = 0; v < g.n; v++) if (removedMask[v]) lost++;
  const cap = Math.floor((options.recruitment?.cap ?? 1) * lost + 1e-9);
  // The 1e-9 keeps ⌊t·rate·L⌋ exact when t·rate·L is an integer computed with rounding error.
  const recruitsBy = (t: number) => Math.min(cap, Math.floor(t * rate * lost + 1e-9));
  return {
    rounds,
    lost,
    rate,
    ties,
    pClose,
    pRewire,
    recruitsBy,
    capacity: g.n + recruitsBy(rounds),
    slots: lostTies(g, removedMask),
  };
}

function runReplicate(
  g: CompactGraph,
  removedMask: Uint8Array,
  run: RunContext,
  seed: number,
  r: number,
  efficiency: (h: CompactGraph, removed: Uint8Array) => number,
): { series: Sample[]; state: GrowingGraph } {
  const rng = createRng(seed, mix32(r * 0x9e3779b1 + hashString('regrow')));
  const state = new GrowingGraph(g, removedMask, run.capacity);
  const slots = run.slots;
  const open = new Uint8Array(slots.length / 2).fill(1);
  const eligible: number[] = [];
  const series: Sample[] = [measure(state, efficiency)];
  for (let t = 1; t <= run.rounds; t++) {
    // 1. Recruitment by preferential attachment.
    const newcomers = run.recruitsBy(t) - run.recruitsBy(t - 1);
    for (let i = 0; i < newcomers; i++) {
      const targets: number[] = [];
      const want = Math.min(run.ties, state.present);
      while (targets.length < want) {
        const w = state.preferential(rng);
        if (!targets.includes(w)) targets.push(w);
      }
      const u = state.addNode();
      for (const w of targets) state.addEdge(u, w);
    }
    // 2–3. Each open lost tie (u, x): closure to another former contact of x, else a preferential tie.
    for (let i = 0; i < open.length; i++) {
      if (!open[i]) continue;
      const u = slots[2 * i];
      if (run.pClose > 0 && rng.next() < run.pClose) {
        const x = slots[2 * i + 1];
        eligible.length = 0;
        for (let k = g.offsets[x]; k < g.offsets[x + 1]; k++) {
          const w = g.targets[k];
          if (w !== u && !removedMask[w] && !state.hasEdge(u, w)) eligible.push(w);
        }
        if (eligible.length > 0) {
          state.addEdge(u, eligible[Math.floor(rng.next() * eligible.length)]);
          open[i] = 0;
          continue;
        }
      }
      if (run.pRewire > 0 && rng.next() < run.pRewire) {
        const w = state.preferentialExcept(u, rng);
        if (w >= 0) {
          state.addEdge(u, w);
          open[i] = 0;
        }
      }
    }
    series.push(measure(state, efficiency));
  }
  return { series, state };
}

/**
 * One replicate's network after all rounds, for inspection and tests: the original nodes (removed ones
 * flagged in `removed`) followed by recruits with ids `recruit-1`, `recruit-2`, …
 */
export function regrowReplicate(
  g: CompactGraph,
  removedMask: Uint8Array,
  options: RegrowOptions = {},
  replicate = 0,
): { graph: CompactGraph; removed: Uint8Array } {
  const run = context(g, removedMask, options);
  const { state } = runReplicate(g, removedMask, run, options.seed ?? 1, replicate, () => Number.NaN);
  const { graph, removed } = state.compact();
  graph.ids = Array.from({ length: graph.n }, (_, i) => (i < g.n ? g.ids[i] : `recruit-${i - g.n + 1}`));
  return { graph, removed: removed.slice() };
}

/** The ties between survivors and removed members, as (survivor, removed) pairs in index order. */
export function lostTies(g: CompactGraph, removedMask: Uint8Array): Int32Array {
  const out: number[] = [];
  for (let u = 0; u < g.n; u++) {
    if (removedMask[u]) continue;
    for (let k = g.offsets[u]; k < g.offsets[u + 1]; k++)
      if (removedMask[g.targets[k]]) out.push(u, g.targets[k]);
  }
  return Int32Array.from(out);
}

/**
 * The network during regrowth: original indices kept (removed nodes stay absent), recruits appended
 * after them. Preferential choices use an urn in which each present node appears degree + 1 times, so
 * a draw is O(1) (the classic Barabási–Albert implementation).
 */
class GrowingGraph {
  n: number;
  present = 0;
  edges = 0;
  private readonly adjacency: number[][];
  private readonly edgeKeys = new Set<number>();
  private readonly urn: number[] = [];
  readonly removed: Uint8Array;

  constructor(
    g: CompactGraph,
    removedMask: Uint8Array,
    private readonly capacity: number,
  ) {
    this.n = g.n;
    this.removed = new Uint8Array(capacity);
    this.adjacency = Array.from({ length: g.n }, () => []);
    for (let v = 0; v < g.n; v++) {
      if (removedMask[v]) {
        this.removed[v] = 1;
        continue;
      }
      this.present++;
      this.urn.push(v);
    }
    for (let v = 0; v < g.n; v++) {
      if (removedMask[v]) continue;
      for (let k = g.offsets[v]; k < g.offsets[v + 1]; k++) {
        const w = g.targets[k];
        if (w > v && !removedMask[w]) this.addEdge(v, w);
      }
    }
  }

  addNode(): number {
    if (this.n >= this.capacity) throw new Error('regrow: capacity exceeded');
    const v = this.n++;
    this.adjacency.push([]);
    this.present++;
    this.urn.push(v);
    return v;
  }

  hasEdge(u: number, w: number): boolean {
    return this.edgeKeys.has(u < w ? u * this.capacity + w : w * this.capacity + u);
  }

  addEdge(u: number, w: number): void {
    this.edgeKeys.add(u < w ? u * this.capacity + w : w * this.capacity + u);
    this.adjacency[u].push(w);
    this.adjacency[w].push(u);
    this.urn.push(u, w);
    this.edges++;
  }

  /** A present node with probability ∝ degree + 1. */
  preferential(rng: Rng): number {
    return this.urn[Math.floor(rng.next() * this.urn.length)];
  }

  /**
   * As `preferential`, conditioned on not being v or a neighbour of v (rejection sampling, with a
   * bounded number of tries; −1 when v is already tied to everyone).
   */
  preferentialExcept(v: number, rng: Rng): number {
    if (this.adjacency[v].length >= this.present - 1) return -1;
    for (let tries = 0; tries < 1000; tries++) {
      const w = this.preferential(rng);
      if (w !== v && !this.hasEdge(v, w)) return w;
    }
    return -1;
  }

  /** The current graph in CSR form (absent nodes isolated and flagged in the mask). */
  compact(): { graph: CompactGraph; removed: Uint8Array } {
    const n = this.n;
    const offsets = new Int32Array(n + 1);
    for (let v = 0; v < n; v++) offsets[v + 1] = offsets[v] + this.adjacency[v].length;
    const targets = new Int32Array(offsets[n]);
    for (let v = 0; v < n; v++) targets.set(this.adjacency[v], offsets[v]);
    const ids = Array.from({ length: n }, (_, i) => String(i));
    const graph: CompactGraph = {
      n,
      ids,
      offsets,
      targets,
      weights: new Float64Array(offsets[n]).fill(1),
      m: this.edges,
    };
    return { graph, removed: this.removed.subarray(0, n) };
  }
}

function measure(state: GrowingGraph, efficiency: (g: CompactGraph, removed: Uint8Array) => number): Sample {
  const { graph, removed } = state.compact();
  let lcc = 0;
  for (const s of components(graph, removed).sizes) if (s > lcc) lcc = s;
  return { size: state.present, edges: state.edges, lcc, efficiency: efficiency(graph, removed) };
}

function summary(xs: number[]): Summary {
  const sorted = [...xs].sort((a, b) => a - b);
  let s = 0;
  for (const x of xs) s += x;
  return {
    mean: s / xs.length,
    p05: quantile(sorted, 0.05),
    p50: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
  };
}
