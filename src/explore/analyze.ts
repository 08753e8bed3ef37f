import { createRng } from '../sim/rng.js';
import { quantileSorted } from '../sim/summary.js';
import { cartBoxes } from './cart.js';
import type { Factor } from './factors.js';
import { type PrimBoxResult, prim, type ScenarioBox } from './prim.js';
import { morrisIndices, sobolIndices } from './sensitivity.js';
import { OUTCOMES } from './sweep.js';
import {
  type EffectRow,
  type ExploreMethod,
  OUTCOME_IDS,
  type OutcomeId,
  type PrimAnswer,
  type PrimBox,
  type RegretRow,
  type RobustnessRow,
  type SatisficingRow,
  type SensitivityRow,
} from './types.js';

/**
 * Every experiment of a sweep: the design (unit cube and factor units) and each policy's paired
 * differences against the baseline. The analyses below are pure functions of it.
 */
export interface ExperimentTable {
  method: ExploreMethod;
  samples: number;
  seed: number;
  factors: Factor[];
  /** rows × factors, unit cube. */
  unit: Float64Array;
  /** rows × factors, in the factors' own units. */
  values: Float64Array;
  baseline: string;
  /** Policy ids (the scenarios after the baseline). */
  policies: string[];
  /** [(row · policies + policy) · OUTCOMES + outcome]. */
  outcomes: Float64Array;
}

export function rowsOf(t: ExperimentTable): number {
  return t.unit.length / t.factors.length;
}

/** One policy's outcome over every row. */
export function column(t: ExperimentTable, policy: number, outcome: number): Float64Array {
  const n = rowsOf(t);
  const P = t.policies.length;
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = t.outcomes[(i * P + policy) * OUTCOMES + outcome];
  return y;
}

function allFinite(y: Float64Array): boolean {
  for (const v of y) if (!Number.isFinite(v)) return false;
  return true;
}

/** Outcomes every row of every policy reports (a 10-year outcome needs 10 simulated years, etc.). */
export function reportedOutcomes(t: ExperimentTable): OutcomeId[] {
  return OUTCOME_IDS.filter((_, o) => t.policies.some((_, s) => allFinite(column(t, s, o))));
}

/**
 * Morris elementary effects (screening) or Sobol first-order and total indices, per policy, outcome and
 * factor, with bootstrap intervals. A Latin hypercube has neither (its rows are not paired); its answers
 * are the robustness, regret and scenario-discovery sections.
 */
export function sensitivity(t: ExperimentTable): SensitivityRow[] {
  if (t.method === 'lhs') return [];
  const k = t.factors.length;
  const rows: SensitivityRow[] = [];
  t.policies.forEach((scenario, s) => {
    OUTCOME_IDS.forEach((outcome, o) => {
      const y = column(t, s, o);
      if (!allFinite(y)) return;
      const rng = createRng(t.seed, `explore:bootstrap:${scenario}:${outcome}`);
      if (t.method === 'morris') {
        const m = morrisIndices(t.unit, y, k, { rng });
        t.factors.forEach((f, j) => {
          rows.push({
            scenario,
            outcome,
            parameter: f.id,
            muStar: m.muStar[j],
            muStarConf: m.muStarConf[j],
            mu: m.mu[j],
            sigma: m.sigma[j],
          });
        });
      } else {
        const v = sobolIndices(y, t.samples, k, { rng });
        t.factors.forEach((f, j) => {
          rows.push({
            scenario,
            outcome,
            parameter: f.id,
            S1: v.S1[j],
            S1_low: v.S1_low[j],
            S1_high: v.S1_high[j],
            ST: v.ST[j],
            ST_low: v.ST_low[j],
            ST_high: v.ST_high[j],
          });
        });
      }
    });
  });
  return rows;
}

/** The options compared: the baseline (difference 0 in every row) and each policy. */
function options(t: ExperimentTable, o: number): { id: string; y: Float64Array }[] {
  return [{ id: t.baseline, y: new Float64Array(rowsOf(t)) }, ...reporting(t, o)];
}

/**
 * The policies that report an outcome in every experiment, with their column. A scenario without the
 * metric (no cost for a what-if lever, no overdoses without the drugs mechanism) is left out of that
 * outcome's comparisons rather than compared as if its value were zero.
 */
function reporting(t: ExperimentTable, o: number): { id: string; y: Float64Array }[] {
  return t.policies.flatMap((id, s) => {
    const y = column(t, s, o);
    return allFinite(y) ? [{ id, y }] : [];
  });
}

/** For each pair of options and outcome, the share of experiments where a's outcome is lower than b's. */
export function robustness(t: ExperimentTable, outcomes: readonly OutcomeId[]): RobustnessRow[] {
  const rows: RobustnessRow[] = [];
  for (const outcome of outcomes) {
    const opts = options(t, OUTCOME_IDS.indexOf(outcome));
    for (const a of opts) {
      for (const b of opts) {
        if (a === b) continue;
        let better = 0;
        for (let i = 0; i < a.y.length; i++) if (a.y[i] < b.y[i]) better++;
        rows.push({ a: a.id, b: b.id, outcome, shareABetter: better / a.y.length });
      }
    }
  }
  return rows;
}

/**
 * Regret (Savage 1951; as in Lempert, Popper & Bankes 2003): in each experiment, how much worse an option
 * is than the best option of that experiment (all outcomes are better when lower).
 */
export function regret(t: ExperimentTable, outcomes: readonly OutcomeId[]): RegretRow[] {
  const rows: RegretRow[] = [];
  for (const outcome of outcomes) {
    const opts = options(t, OUTCOME_IDS.indexOf(outcome));
    const n = opts[0].y.length;
    const best = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
    for (const { y } of opts) for (let i = 0; i < n; i++) best[i] = Math.min(best[i], y[i]);
    for (const { id, y } of opts) {
      const r = new Float64Array(n);
      let isBest = 0;
      for (let i = 0; i < n; i++) {
        r[i] = y[i] - best[i];
        if (r[i] === 0) isBest++;
      }
      r.sort();
      rows.push({
        scenario: id,
        outcome,
        p50: quantileSorted(r, 0.5),
        p90: quantileSorted(r, 0.9),
        max: r[n - 1],
        shareBest: isBest / n,
      });
    }
  }
  return rows;
}

/** Each policy's paired difference over the experiments: 5th, 50th and 95th percentiles and mean. */
export function effects(t: ExperimentTable, outcomes: readonly OutcomeId[]): EffectRow[] {
  return outcomes.flatMap((outcome) =>
    reporting(t, OUTCOME_IDS.indexOf(outcome)).map(({ id: scenario, y }) => {
      let sum = 0;
      for (const v of y) sum += v;
      y.sort();
      return {
        scenario,
        outcome,
        p05: quantileSorted(y, 0.05),
        p50: quantileSorted(y, 0.5),
        p95: quantileSorted(y, 0.95),
        mean: sum / y.length,
      };
    }),
  );
}

/** The share of experiments in which each policy lowers the outcome against the baseline. */
export function satisficing(t: ExperimentTable, outcomes: readonly OutcomeId[]): SatisficingRow[] {
  return outcomes.flatMap((outcome) =>
    reporting(t, OUTCOME_IDS.indexOf(outcome)).map(({ id: scenario, y }) => {
      let lower = 0;
      for (const v of y) if (v < 0) lower++;
      return { scenario, outcome, shareLower: lower / y.length };
    }),
  );
}

export interface DiscoveryOptions {
  /** The outcome the questions are about (default: homicides at 5 years, or the longest horizon run). */
  outcome: OutcomeId;
  /** Policies asked about (default: all). */
  policies?: readonly string[];
}

/**
 * Scenario discovery (Bryant & Lempert 2010): for each policy, the question its result raises. A policy
 * that mostly raises the outcome: under which assumptions does it lower it? One that mostly lowers it:
 * when does it backfire? Answered by PRIM (Friedman & Fisher 1999) and, as a check, a CART tree.
 */
export function discover(t: ExperimentTable, options: DiscoveryOptions): PrimAnswer[] {
  const o = OUTCOME_IDS.indexOf(options.outcome);
  const k = t.factors.length;
  const rows = discoveryRows(t);
  if (rows.length === 0) return [];
  const x = new Float64Array(rows.length * k);
  rows.forEach((i, r) => {
    x.set(t.values.subarray(i * k, (i + 1) * k), r * k);
  });
  const asked = new Set(options.policies ?? t.policies);
  const answers: PrimAnswer[] = [];
  t.policies.forEach((scenario, s) => {
    if (!asked.has(scenario)) return;
    const all = column(t, s, o);
    const y = Float64Array.from(rows, (i) => all[i]);
    if (!allFinite(y)) return;
    let lower = 0;
    for (const v of y) if (v < 0) lower++;
    const direction = lower / y.length < 0.5 ? 'lower' : 'higher';
    const interesting = new Uint8Array(y.length);
    for (let i = 0; i < y.length; i++) interesting[i] = (direction === 'lower' ? y[i] < 0 : y[i] > 0) ? 1 : 0;
    const cases = interesting.reduce((n, v) => n + v, 0);
    // Too few cases to tell a range of the assumptions from chance: reported, not boxed.
    const rare = cases < MIN_CASES;
    const names = t.factors.map((f) => f.id);
    const found = rare ? { boxes: [], baseRate: cases / y.length } : prim(x, k, interesting, { names });
    const cart = rare ? [] : cartBoxes(x, k, interesting, { names });
    answers.push({
      scenario,
      question: `${scenario} ${direction === 'lower' ? 'lowers' : 'raises'} ${options.outcome} against ${t.baseline}`,
      outcome: options.outcome,
      direction,
      threshold: 0,
      baseRate: found.baseRate,
      sample: rows.length,
      boxes: found.boxes.filter((b) => lifts(b, found.baseRate)).map(toBox),
      // A tree's small leaves fit the noise of a hundred factors: only leaves holding a tenth of the cases.
      cart: cart.filter((b) => lifts(b, found.baseRate) && b.coverage >= 0.1).map(toBox),
    });
  });
  return answers;
}

/** Cases of interest below which no box is sought. */
export const MIN_CASES = 20;

/**
 * The rows scenario discovery may use: points spread independently over the space. A Latin hypercube's
 * rows are; of a Saltelli design, the A and B rows (the AB rows repeat all but one of their coordinates);
 * a Morris trajectory's rows share all but one coordinate with their neighbours, so a Morris design has
 * too few independent points for PRIM (none are used, and the summary says so).
 */
export function discoveryRows(t: ExperimentTable): number[] {
  const n = rowsOf(t);
  const k = t.factors.length;
  if (t.method === 'lhs') return Array.from({ length: n }, (_, i) => i);
  if (t.method === 'morris') return [];
  const out: number[] = [];
  for (let j = 0; j < t.samples; j++) out.push(j * (k + 2), j * (k + 2) + k + 1);
  return out;
}

/**
 * A box worth reporting concentrates the cases: density at least 1.25 times the base rate. (Covering's
 * later boxes, found among the points earlier boxes left, can otherwise sit at the base rate itself.)
 */
function lifts(b: ScenarioBox, baseRate: number): boolean {
  return b.density >= MIN_LIFT * baseRate;
}

const MIN_LIFT = 1.25;

function toBox(b: ScenarioBox | PrimBoxResult): PrimBox {
  const box: PrimBox = { limits: b.limits ?? {}, coverage: b.coverage, density: b.density, mass: b.mass };
  if ('trajectory' in b) Object.assign(box, { trajectory: b.trajectory, chosen: b.chosen });
  return box;
}
