import type { GroupNetwork } from '../../data/cartel-network.js';
import { yearToWeek } from '../calendar.js';
import { EventDraws } from '../draws.js';
import { advance, createSimulation, forkSimulation, type Simulation } from '../engine.js';
import { largest, removeLeader } from '../model/events.js';
import { buildWorld, type World } from '../model/world.js';
import { type Params, sampleParams } from '../params.js';
import { substream } from '../rng.js';
import { MechanismsSchema } from '../scenario/schema.js';

/**
 * How much a leader removal raises the violence a group is involved in, the quantity Calderón, Robles,
 * Díaz-Cayeros & Magaloni (2015, JCR 59:1455) estimate from drug-related homicides in the municipalities
 * where leaders were removed: here, conflict deaths the group and any faction split from it suffer or
 * inflict, relative to the same run without the removal (same random numbers).
 *
 * Deaths are not measured by state: a state holds many other groups' fights, which would dilute a
 * municipal-scale effect. The published figure is +36.5% over the first six months; Lindo & Padilla-Romo
 * (2018) find the rise lasts at least twelve months.
 */
export interface RemovalEffect {
  /** Relative rise in the first 6 months (0.365 = +36.5%). */
  sixMonths: number;
  /** Relative rise in months 7–12. */
  monthsSevenToTwelve: number;
  runs: number;
  targets: number;
}

export interface RemovalEffectOptions {
  runs?: number;
  seed?: number;
  /** Removals are tried on each of the k largest groups. */
  targets?: number;
  /** Parameter values fixed in every run (e.g. a trial succession disorder). */
  fixed?: Partial<Params>;
  /** Year of the removal (after a warm-up from 2012). */
  year?: number;
}

const MONTH = 365.2425 / 7 / 12;

export function measureRemovalEffect(
  network: GroupNetwork | World,
  options: RemovalEffectOptions = {},
): RemovalEffect {
  const world =
    'groups' in network && typeof network.groups === 'number'
      ? (network as World)
      : buildWorld(network as GroupNetwork);
  const runs = options.runs ?? 16;
  const seed = options.seed ?? 1;
  const k = options.targets ?? 10;
  const at = yearToWeek(options.year ?? 2016);
  // Leadership, layers and territory on; no random removals and no history, so that the only shock is ours.
  const mechanisms = MechanismsSchema.parse({ history: false });
  let six = [0, 0];
  let late = [0, 0];
  for (let r = 0; r < runs; r++) {
    const params = sampleParams(substream(seed, r, 'params'), {
      baselineLeaderRemovals: 0,
      ...options.fixed,
    });
    const base = createSimulation({
      world,
      params,
      mechanisms,
      bounds: new Float64Array(0),
      byArea: false,
      draws: EventDraws.of(seed, r, 'warm-up'),
      trackInflicted: true,
    });
    advance(base, 0, at, MONTH);
    for (const g of largest(base.state.model, k)) {
      const runBranch = (remove: boolean) => {
        const sim = forkSimulation(base, EventDraws.of(seed, r, `after-${g}`));
        if (remove) removeLeader(sim.state.model, sim.config.params, g, 1, { damping: 0, abroad: 0 });
        const deaths: number[] = [];
        sim.onStep = (x) => deaths.push(involvement(x, g) * MONTH);
        advance(sim, at, at + 12 * MONTH, MONTH);
        return deaths;
      };
      const treated = runBranch(true);
      const control = runBranch(false);
      const sum = (a: number[], from: number, to: number) => a.slice(from, to).reduce((x, y) => x + y, 0);
      six = [six[0] + sum(treated, 0, 6), six[1] + sum(control, 0, 6)];
      late = [late[0] + sum(treated, 6, 12), late[1] + sum(control, 6, 12)];
    }
  }
  return { sixMonths: six[0] / six[1] - 1, monthsSevenToTwelve: late[0] / late[1] - 1, runs, targets: k };
}

/**
 * Conflict deaths per week involving group g's family (g and factions split from it after the removal):
 * deaths its members suffer plus deaths they inflict, counting fights inside the family once.
 */
function involvement(sim: Simulation, g: number): number {
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

/**
 * The succession disorder σ that reproduces a target six-month rise (default +36.5%), by bisection
 * (the rise increases with σ).
 */
export function calibrateSuccession(
  network: GroupNetwork,
  options: RemovalEffectOptions & { target?: number; tolerance?: number } = {},
): { successionDisorder: number; effect: RemovalEffect } {
  const world = buildWorld(network);
  const target = options.target ?? 0.365;
  let lo = 0;
  let hi = 3;
  let best = { successionDisorder: Number.NaN, effect: undefined as unknown as RemovalEffect };
  for (let i = 0; i < 30; i++) {
    const mid = (lo + hi) / 2;
    const effect = measureRemovalEffect(world, {
      ...options,
      fixed: { ...options.fixed, successionDisorder: mid },
    });
    best = { successionDisorder: mid, effect };
    if (Math.abs(effect.sixMonths - target) < (options.tolerance ?? 0.002)) break;
    if (effect.sixMonths < target) lo = mid;
    else hi = mid;
  }
  return best;
}
