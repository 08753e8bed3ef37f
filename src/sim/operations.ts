import { WEEKS_PER_YEAR } from './calendar.js';
import { DRAW } from './draws.js';
import { pickTarget, removeLeader, splitGroup, startRivalry, sweepMiddleLayer } from './model/events.js';
import { confront, MIN_GROUP_SIZE } from './outputs.js';
import type { Effects } from './policy/effects.js';
import type { Simulation } from './simulation.js';

/**
 * The discrete events of a step: dated history, leader removals (status quo, kingpin policy, US strikes),
 * splits, and middle-layer sweeps. Draws are counter-based (see draws.ts), keyed by the step.
 */

export function historyEvents(sim: Simulation, t: number, dt: number): void {
  const { world, params: p, mechanisms, history } = sim.config;
  const { state } = sim;
  const s = state.model;
  const events = sim.recorder.events;
  while (state.nextHistory < history.length && history[state.nextHistory].week < t + dt) {
    const h = history[state.nextHistory++];
    if (h.event.kind === 'leader-removal' && mechanisms.leadership) {
      removeLeader(world, s, p, h.group, h.event.strength, {
        damping: 0,
        abroad: h.event.abroad ? 1 : 0,
      });
      events?.push({ week: h.week, kind: 'leader-removal', group: h.group });
    } else if (h.event.kind === 'rivalry-onset') {
      startRivalry(world, s, h.group, h.other, p.splitRivalry * h.event.strength);
      events?.push({ week: h.week, kind: 'rivalry-onset', group: h.group, other: h.other });
    }
  }
}

/** Integer key of the step starting at week t (for counter-based draws). */
export function stepKey(t: number): number {
  return Math.round(t * 64);
}

/** Leader removals by Mexican forces (status quo and policy) and US strikes; then splits. */
export function leadershipEvents(
  sim: Simulation,
  t: number,
  dt: number,
  e: Effects,
  effectiveness: number,
): void {
  const { draws } = sim;
  const p = sim.config.params;
  const s = sim.state.model;
  const perWeek = dt / WEEKS_PER_YEAR;
  const key = stepKey(t);
  removals(
    sim,
    t,
    draws.poisson(DRAW.baselineRemovals, key, p.baselineLeaderRemovals * effectiveness * perWeek),
    DRAW.baselineRemovals,
    0,
    false,
  );
  removals(
    sim,
    t,
    draws.poisson(DRAW.kingpinRemovals, key, e.leaderOps * effectiveness * perWeek),
    DRAW.kingpinRemovals,
    e.leaderTopK,
    false,
  );
  removals(sim, t, draws.poisson(DRAW.strikes, key, e.strikes * perWeek), DRAW.strikes, e.leaderTopK, true);
  const n = s.n;
  for (let i = 0; i < n; i++) {
    if (s.coh[i] >= 0.999 || s.C[i] < MIN_GROUP_SIZE) continue;
    const hazard = p.splitHazard * (1 - s.coh[i]) * dt;
    if (draws.uniform(DRAW.split, key, i) < 1 - Math.exp(-hazard)) {
      const k = splitGroup(s, p, i);
      if (k >= 0) sim.recorder.events?.push({ week: t, kind: 'split', group: i, other: k });
    }
  }
}

function removals(
  sim: Simulation,
  t: number,
  count: number,
  kind: number,
  topK: number,
  strike: boolean,
): void {
  const { draws } = sim;
  const { params: p, world } = sim.config;
  const s = sim.state.model;
  const { operations: ctx, effects: e } = sim.scratch;
  for (let c = 0; c < count; c++) {
    const g = pickTarget(s, draws.uniform(DRAW.target + kind, stepKey(t), c), topK);
    if (g < 0) return;
    if (strike) {
      removeLeader(world, s, p, g, 1, { damping: ctx.damping, abroad: 1 });
      confront(sim, e.strikeCollateral, g);
    } else {
      removeLeader(world, s, p, g, 1, ctx);
      // Operations a policy adds also detain the leader's entourage (the status quo's are part of η).
      if (kind === DRAW.kingpinRemovals) {
        const held = Math.min(s.C[g], p.leaderOpDetained * Math.min(1, p.targetedLastingShare * e.lasting));
        s.C[g] -= held;
        s.incarcerated += held;
      }
      confront(sim, p.confrontationDeathsPerOp, g);
    }
    sim.recorder.events?.push({ week: t, kind: strike ? 'strike' : 'leader-removal', group: g });
  }
}

export function sweepEvents(sim: Simulation, t: number, dt: number, e: Effects, effectiveness: number): void {
  const { draws } = sim;
  const p = sim.config.params;
  const s = sim.state.model;
  const ctx = sim.scratch.operations;
  const key = stepKey(t);
  const count = draws.poisson(DRAW.sweeps, key, (e.sweeps * effectiveness * dt) / WEEKS_PER_YEAR);
  for (let c = 0; c < count; c++) {
    const g = pickTarget(s, draws.uniform(DRAW.target + DRAW.sweeps, key, c), e.sweepTopK);
    if (g < 0) return;
    const detained = sweepMiddleLayer(s, p, g, e.lasting, ctx);
    if (!sim.config.mechanisms.layers) s.phi[g] = 1;
    confront(sim, p.confrontationDeathsPerOp, g);
    sim.recorder.events?.push({ week: t, kind: 'sweep', group: g, detained });
  }
}
