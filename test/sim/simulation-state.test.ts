import { describe, expect, it } from 'vitest';
import { builtinGroupNetwork } from '../../src/data/builtin-network.js';
import { yearToWeek } from '../../src/sim/calendar.js';
import { EventDraws } from '../../src/sim/draws.js';
import { advance, createSimulation, forkSimulation } from '../../src/sim/engine.js';
import { PeriodAccumulator } from '../../src/sim/model/periods.js';
import { SimState } from '../../src/sim/model/state.js';
import { buildWorld } from '../../src/sim/model/world.js';
import { centralParams } from '../../src/sim/params.js';
import { MechanismsSchema } from '../../src/sim/scenario/schema.js';
import { FLOWS, Recorder, type Simulation, SimulationState, STOCKS } from '../../src/sim/simulation.js';

/** Sizes fixed at construction: a copy requires them equal rather than copying them. */
const SIZES = new Set(['cap', 'areas']);

/**
 * Give every field a value no fresh state has. Fields are found from the object itself, not from a list,
 * so a field added to the state later is covered: if the copy lists miss it, the equality checks fail; if
 * it is of a kind this function does not know, it throws.
 */
function mutate(target: object, seed: number): void {
  const fields = target as Record<string, unknown>;
  for (const [key, value] of Object.entries(fields)) {
    if (SIZES.has(key)) continue;
    if (typeof value === 'number') fields[key] = value + seed + 0.5;
    else if (value instanceof Float64Array || value instanceof Int32Array)
      for (let i = 0; i < value.length; i++) value[i] = seed * 7 + i + 1;
    else if (value instanceof SimState) mutate(value, seed);
    else throw new Error(`no rule to mutate field ${key}: decide whether a copy must carry it`);
  }
}

/** Every field as plain data (typed arrays as arrays), nested states included. */
function snapshot(source: object): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(source).map(([key, value]) => [
      key,
      value instanceof SimState
        ? snapshot(value)
        : ArrayBuffer.isView(value)
          ? Array.from(value as Float64Array)
          : value,
    ]),
  );
}

const fresh = () => new SimulationState(new SimState(6, 3, 4));

describe('SimulationState', () => {
  it('the test mutates every field (so the checks below cover them all)', () => {
    const before = snapshot(fresh());
    const state = fresh();
    mutate(state, 1);
    const after = snapshot(state);
    const model = after.model as Record<string, unknown>;
    const modelBefore = before.model as Record<string, unknown>;
    for (const key of Object.keys(after))
      if (key !== 'model') expect(after[key], key).not.toEqual(before[key]);
    for (const key of Object.keys(model))
      if (!SIZES.has(key)) expect(model[key], `model.${key}`).not.toEqual(modelBefore[key]);
  });

  it('clone copies every field, and the copy shares no buffer with the original', () => {
    const original = fresh();
    mutate(original, 1);
    const expected = snapshot(original);
    const copy = original.clone();
    expect(snapshot(copy)).toEqual(expected);
    mutate(copy, 2);
    expect(snapshot(original)).toEqual(expected);
  });

  it('copyInto makes the target equal to the source, without aliasing', () => {
    const source = fresh();
    mutate(source, 1);
    const expected = snapshot(source);
    const target = fresh();
    mutate(target, 3);
    expect(source.copyInto(target)).toBe(target);
    expect(snapshot(target)).toEqual(expected);
    mutate(target, 4);
    expect(snapshot(source)).toEqual(expected);
  });
});

describe('Recorder', () => {
  const bounds = Float64Array.from([0, 52, 104]);
  const make = () => {
    const area = {
      areaRecorded: new Float64Array(6),
      areaConfront: new Float64Array(6),
      pendingRival: new Float64Array(4),
      pendingBaseline: new Float64Array(4),
    };
    return new Recorder(new PeriodAccumulator(bounds, FLOWS, STOCKS), area, []);
  };
  const fill = (r: Recorder, seed: number) => {
    for (const a of Object.values(r.report.flows)) a.fill(seed);
    for (const a of [r.areaRecorded, r.areaConfront, r.pendingRival, r.pendingBaseline]) a?.fill(seed + 1);
    r.events?.push({ week: seed, kind: 'split', group: 0, other: 1 });
    r.calibration = new PeriodAccumulator(bounds, ['recorded'] as const, []) as never;
  };
  const view = (r: Recorder) =>
    snapshot({
      flows: snapshot(r.report.flows),
      stocks: snapshot(r.report.stocks),
      areaRecorded: r.areaRecorded,
      areaConfront: r.areaConfront,
      pendingRival: r.pendingRival,
      pendingBaseline: r.pendingBaseline,
      events: JSON.stringify(r.events),
    });

  it('fork and forkInto copy what was recorded but not the trunk calibration', () => {
    const source = make();
    fill(source, 1);
    const expected = view(source);
    const forked = source.fork();
    expect(view(forked)).toEqual(expected);
    expect(forked.calibration).toBeUndefined();
    const target = make();
    fill(target, 5);
    source.forkInto(target);
    expect(view(target)).toEqual(expected);
    expect(target.calibration).toBeUndefined();
    fill(forked, 9);
    fill(target, 9);
    expect(view(source)).toEqual(expected);
  });
});

describe('forkSimulation', () => {
  it('continues exactly as its source, whether it allocates or reuses another simulation', () => {
    const world = buildWorld(builtinGroupNetwork());
    const base = createSimulation({
      world,
      params: centralParams(),
      mechanisms: MechanismsSchema.parse({}),
      bounds: Float64Array.from([2012, 2014, 2016, 2018], (y) => yearToWeek(y)),
      byArea: true,
      draws: EventDraws.of(1, 0, 'history'),
      logEvents: true,
    });
    const month = 365.2425 / 7 / 12;
    advance(base, 0, yearToWeek(2015), month);
    const later = (sim: Simulation) => {
      advance(sim, yearToWeek(2015), yearToWeek(2017), month);
      return {
        state: snapshot(sim.state),
        flows: snapshot(sim.recorder.report.flows),
        areas: Array.from(sim.recorder.areaRecorded ?? []),
        events: sim.recorder.events?.length,
      };
    };
    const draws = EventDraws.of(1, 0, 'future');
    const allocated = later(forkSimulation(base, draws));
    // A used simulation, further on, whose buffers the fork overwrites.
    const used = forkSimulation(base, EventDraws.of(2, 0, 'future'));
    advance(used, yearToWeek(2015), yearToWeek(2016.5), month);
    const reused = later(forkSimulation(base, draws, undefined, used));
    expect(reused).toEqual(allocated);
    expect(allocated.state).not.toEqual(snapshot(base.state));
  });
});

describe('forks carry the last losses', () => {
  it('a truce with no ramp starts in the same places whatever the order of the scenarios', async () => {
    const { builtinGroupNetwork } = await import('../../src/data/builtin-network.js');
    const { runMonteCarloSync } = await import('../../src/sim/montecarlo.js');
    const { loadPreset } = await import('../../src/sim/scenario/load.js');
    const network = builtinGroupNetwork();
    const set = ['start=2026-01', 'years=2'];
    const truce = loadPreset('mediation-hot-borders', { set: [...set, 'policies.0.rampMonths=0'] });
    const sq = loadPreset('status-quo', { set });
    const options = { network, runs: 4, seed: 7, byArea: true };
    const first = runMonteCarloSync({ ...options, scenarios: [truce, sq] });
    const second = runMonteCarloSync({ ...options, scenarios: [sq, truce] });
    expect(Array.from(second.scenarios[1].areaHomicides!)).toEqual(
      Array.from(first.scenarios[0].areaHomicides!),
    );
    expect(Array.from(second.scenarios[1].values.homicides!)).toEqual(
      Array.from(first.scenarios[0].values.homicides!),
    );
  });
});
