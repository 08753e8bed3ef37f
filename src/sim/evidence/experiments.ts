import { yearToWeek } from '../calendar.js';
import { EventDraws } from '../draws.js';
import { advance, createSimulation, forkSimulation, refreshLocation, type Simulation } from '../engine.js';
import { largest, removeLeader, sweepMiddleLayer } from '../model/events.js';
import { allocateLosses } from '../model/territory.js';
import type { World } from '../model/world.js';
import type { Params } from '../params.js';
import { compilePolicies } from '../policy/compile.js';
import { MechanismsSchema, type Policy, PolicySchema } from '../scenario/schema.js';

/**
 * The designs of the published studies, re-run inside the model (docs/EVIDENCE.md). Each experiment
 * warms one run up from 2012 to the study's period, then forks it into a treated and an untreated copy
 * with the same random numbers (common random numbers: the difference is the treatment's effect, not
 * noise), and measures the study's estimand on both.
 *
 * History events and the status quo's random leader removals are off, so that the only shock is the
 * treatment; every other mechanism is on, at the run's parameter draw.
 */
export interface ExperimentOptions {
  world: World;
  params: Params;
  /** Seed and evaluation index: the run's event draws (pure functions of both). */
  seed: number;
  evaluation: number;
  /** Year of the treatment (after the warm-up from 2012). Default 2016. */
  year?: number;
  /** Treatments are tried on each of the k largest groups (removal and sweep designs). Default 10. */
  targets?: number;
}

const MONTH = 365.2425 / 7 / 12;

/** A run warmed up to the treatment year, ready to fork. */
function warmUp(o: ExperimentOptions): { base: Simulation; at: number } {
  const at = yearToWeek(o.year ?? 2016);
  const base = createSimulation({
    world: o.world,
    params: { ...o.params, baselineLeaderRemovals: 0 },
    mechanisms: MechanismsSchema.parse({ history: false }),
    bounds: new Float64Array(0),
    byArea: false,
    draws: EventDraws.of(o.seed, o.evaluation, 'evidence-warm-up'),
    trackInflicted: true,
  });
  advance(base, 0, at, MONTH);
  return { base, at };
}

/** Recorded conflict deaths of the step just taken, nationwide, per week. */
function nationalDeaths(sim: Simulation): number {
  const s = sim.state.model;
  const { lossR, lossB } = sim.scratch.dynamics;
  const rec = sim.state.recordedFactor;
  let total = 0;
  for (let i = 0; i < s.n; i++) total += (lossR[i] + lossB[i]) * rec[i];
  return total;
}

/**
 * Recorded conflict deaths of the step just taken, by area (per month of the step's rate), into `into`:
 * each group's losses placed where its fights are (territory.ts, allocateLosses).
 */
class DeathLocator {
  private readonly r: Float64Array;
  private readonly b: Float64Array;
  private readonly byArea: Float64Array;

  constructor(cap: number, areas: number) {
    this.r = new Float64Array(cap);
    this.b = new Float64Array(cap);
    this.byArea = new Float64Array(areas);
  }

  add(sim: Simulation, into: Float64Array): void {
    const s = sim.state.model;
    if (s.locStale) refreshLocation(sim);
    const { lossR, lossB } = sim.scratch.dynamics;
    const rec = sim.state.recordedFactor;
    for (let i = 0; i < s.n; i++) {
      this.r[i] = lossR[i] * rec[i] * MONTH;
      this.b[i] = lossB[i] * rec[i] * MONTH;
    }
    this.byArea.fill(0);
    allocateLosses(s, this.r, this.b, this.byArea);
    for (let a = 0; a < into.length; a++) into[a] += this.byArea[a];
  }
}

/** Month-by-month sums of `measure` along a branch forked from `base` at `at`. */
function monthly(
  base: Simulation,
  at: number,
  months: number,
  label: string,
  o: ExperimentOptions,
  treat: (sim: Simulation) => void,
  measure: (sim: Simulation) => number,
  policies?: ReturnType<typeof compilePolicies>,
): Float64Array {
  const sim = forkSimulation(base, EventDraws.of(o.seed, o.evaluation, label), policies);
  treat(sim);
  const out = new Float64Array(months);
  let k = 0;
  sim.onStep = (x) => {
    out[k++] += measure(x) * MONTH;
  };
  advance(sim, at, at + months * MONTH, MONTH);
  return out;
}

const sum = (a: Float64Array, from: number, to: number) => a.subarray(from, to).reduce((x, y) => x + y, 0);

/** What the leader-removal designs measure (Calderón et al. 2015; Lindo & Padilla-Romo 2018; Dickenson 2014). */
export interface RemovalOutcome {
  /**
   * Relative rise in recorded conflict deaths in the area where the group's leader was removed (its home
   * state), months 1–6: the state-scale analog of Calderón et al.'s municipal estimate.
   */
  sixMonths: number;
  /** The same, months 7–12 (Lindo & Padilla-Romo: the rise lasts at least a year). */
  monthsSevenToTwelve: number;
  /**
   * Extra recorded conflict deaths nationwide in the 12 months after a removal, per removal, as a share of
   * a year's conflict deaths nationwide without it: Dickenson's count, free of the era's scale.
   */
  extraShare: number;
  /** Relative change in conflict deaths involving the group (and its splinters), months 1–6. */
  groupSixMonths: number;
  /** Relative change in recorded conflict deaths in the states bordering the home state, months 1–12. */
  neighbours: number;
}

/** A leader removal (arrest, kept in a Mexican prison) on each of the largest groups in turn. */
export function removalExperiment(o: ExperimentOptions): RemovalOutcome {
  const { base, at } = warmUp(o);
  const m = o.world.areas.ids.length;
  const locator = new DeathLocator(base.state.model.cap, m);
  const acc = { six: [0, 0], late: [0, 0], group: [0, 0], near: [0, 0], extra: 0, year: 0 };
  const { nbPtr, nbIdx } = o.world.areas;
  const targets = largest(base.state.model, o.targets ?? 10);
  for (const g of targets) {
    const home = o.world.home[base.state.model.root[g]];
    const branch = (remove: boolean) => {
      const here = new Float64Array(12);
      const near = new Float64Array(12);
      const byArea = new Float64Array(m);
      let k = 0;
      const national = monthly(
        base,
        at,
        12,
        `evidence-removal-${g}`,
        o,
        (sim) => {
          if (remove)
            removeLeader(o.world, sim.state.model, sim.config.params, g, 1, { damping: 0, abroad: 0 });
        },
        (sim) => {
          byArea.fill(0);
          locator.add(sim, byArea);
          here[k] = byArea[home];
          for (let e = nbPtr[home]; e < nbPtr[home + 1]; e++) near[k] += byArea[nbIdx[e]];
          k++;
          return nationalDeaths(sim);
        },
      );
      const group = monthly(
        base,
        at,
        6,
        `evidence-removal-${g}`,
        o,
        (sim) => {
          if (remove)
            removeLeader(o.world, sim.state.model, sim.config.params, g, 1, { damping: 0, abroad: 0 });
        },
        (sim) => involvement(sim, g),
      );
      return { here, near, national, group };
    };
    const treated = branch(true);
    const control = branch(false);
    acc.six[0] += sum(treated.here, 0, 6);
    acc.six[1] += sum(control.here, 0, 6);
    acc.late[0] += sum(treated.here, 6, 12);
    acc.late[1] += sum(control.here, 6, 12);
    acc.near[0] += sum(treated.near, 0, 12);
    acc.near[1] += sum(control.near, 0, 12);
    acc.group[0] += sum(treated.group, 0, 6);
    acc.group[1] += sum(control.group, 0, 6);
    acc.extra += sum(treated.national, 0, 12) - sum(control.national, 0, 12);
    acc.year += sum(control.national, 0, 12);
  }
  const n = Math.max(1, targets.length);
  return {
    sixMonths: acc.six[0] / acc.six[1] - 1,
    monthsSevenToTwelve: acc.late[0] / acc.late[1] - 1,
    extraShare: acc.extra / n / (acc.year / n),
    groupSixMonths: acc.group[0] / acc.group[1] - 1,
    neighbours: acc.near[0] / acc.near[1] - 1,
  };
}

/**
 * A middle-layer sweep (mid-level arrests: Phillips 2015) on each of the largest groups in turn: relative
 * change in conflict deaths involving the group in the first three months.
 */
export function sweepExperiment(o: ExperimentOptions): number {
  const { base, at } = warmUp(o);
  let treated = 0;
  let control = 0;
  for (const g of largest(base.state.model, o.targets ?? 10)) {
    const branch = (sweep: boolean) =>
      monthly(
        base,
        at,
        3,
        `evidence-sweep-${g}`,
        o,
        (sim) => {
          if (sweep) sweepMiddleLayer(sim.state.model, sim.config.params, g, 1, { damping: 0, abroad: 0 });
        },
        (sim) => involvement(sim, g),
      );
    treated += sum(branch(true), 0, 3);
    control += sum(branch(false), 0, 3);
  }
  return treated / control - 1;
}

/**
 * A truce (the mediation lever at full strength from its first month, as the El Salvador truce began, its areas the hottest when it starts) held for `months`
 * (default 22, as the El Salvador evaluation of Katz, Hedberg & Amaya 2016, while that truce held): the
 * rate ratio of recorded conflict deaths in the mediated areas, treated over untreated, over the period.
 *
 * The engine's fights are between groups, not places: a truce cuts each group's vulnerability by its share
 * of conflict in the mediated areas (engine.ts, setMediationFactors), which removes the right number of
 * deaths but spreads the cut over the group's areas when deaths are located. So the deaths a truce averts
 * are credited to the mediated areas: ratio = 1 − (untreated − treated, nationwide) / untreated in the
 * mediated areas.
 */
export function truceExperiment(o: ExperimentOptions & { months?: number; areas?: number }): number {
  // Katz et al. measured the months the truce held: no collapse within the window.
  const { base, at } = warmUp({ ...o, params: { ...o.params, truceCollapse: 0 } });
  const months = o.months ?? 22;
  // The warm-up ends on 1 January of the treatment year: the policy starts that month.
  const policy = PolicySchema.parse({
    lever: 'mediation',
    rampMonths: 0,
    options: { areas: o.areas ?? 5 },
  });
  const policies = compilePolicies([policy], `${o.year ?? 2016}-01`);
  const m = o.world.areas.ids.length;
  const locator = new DeathLocator(base.state.model.cap, m);
  let mediated: number[] = [];
  // Deaths by area over the period, with or without the truce (same random numbers); the treated run
  // records which areas were mediated.
  const run = (truce?: ReturnType<typeof compilePolicies>) => {
    const byArea = new Float64Array(m);
    const record = (sim: Simulation) => {
      const s = sim.state.model;
      if (truce && mediated.length === 0 && s.medAreaCount > 0)
        mediated = Array.from(s.medAreas.subarray(0, s.medAreaCount));
      locator.add(sim, byArea);
      return 0;
    };
    monthly(base, at, months, 'evidence-truce', o, () => {}, record, truce);
    return byArea;
  };
  const treated = run(policies);
  const control = run();
  if (mediated.length === 0) return Number.NaN;
  const total = (v: Float64Array) => v.reduce((x, y) => x + y, 0);
  const inMediated = mediated.reduce((x, a) => x + control[a], 0);
  return 1 - (total(control) - total(treated)) / inMediated;
}

/**
 * A policy from the treatment year on (the scenario's own levers, compiled as `compare` does), against
 * the same run without it: the relative change in recorded conflict deaths nationwide over `months`.
 */
export function policyExperiment(
  o: ExperimentOptions & { policies: readonly Policy[]; months: number; label: string },
): number {
  const { base, at } = warmUp(o);
  const compiled = compilePolicies(o.policies, `${o.year ?? 2016}-01`);
  const treated = monthly(base, at, o.months, `evidence-${o.label}`, o, () => {}, nationalDeaths, compiled);
  const control = monthly(base, at, o.months, `evidence-${o.label}`, o, () => {}, nationalDeaths);
  return sum(treated, 0, o.months) / sum(control, 0, o.months) - 1;
}

/**
 * Conflict deaths per week involving group g's family (g and factions split from it after the removal):
 * deaths its members suffer plus deaths they inflict, counting fights inside the family once.
 */
export function involvement(sim: Simulation, g: number): number {
  const s = sim.state.model;
  const ws = sim.scratch.dynamics;
  const family: number[] = [];
  for (let i = 0; i < s.n; i++) {
    let a = i;
    while (a >= 0 && a !== g) a = s.parent[a];
    if (a === g) family.push(i);
  }
  let total = 0;
  for (const f of family) total += ws.lossR[f] + ws.lossB[f] + ws.inflicted[f];
  // Fights between family members were counted as a loss of one and an infliction of the other.
  const { vul, atk } = ws.factors;
  for (const f of family) {
    for (const h of family) {
      if (f === h) continue;
      let r = 0;
      for (let e = 0; e < s.exN; e++) {
        if ((s.exA[e] === f && s.exB[e] === h) || (s.exA[e] === h && s.exB[e] === f)) r += s.exW[e];
      }
      total -= vul[f] * s.C[f] * (r + 1) * atk[h] * s.C[h];
    }
  }
  return total;
}
