import { describe, expect, it } from 'vitest';
import { builtinGroupNetwork } from '../../src/data/builtin-network.js';
import { WEEKS_PER_YEAR, yearToWeek } from '../../src/sim/calendar.js';
import { EventDraws } from '../../src/sim/draws.js';
import { advance, createSimulation } from '../../src/sim/engine.js';
import { METRIC_IDS, METRICS, type MetricId } from '../../src/sim/metrics.js';
import { statusQuoSpending } from '../../src/sim/model/costs.js';
import { buildWorld } from '../../src/sim/model/world.js';
import { runMonteCarloSync } from '../../src/sim/montecarlo.js';
import { centralParams } from '../../src/sim/params.js';
import { compilePolicies } from '../../src/sim/policy/compile.js';
import { LEVER_IDS, LEVERS, type LeverId } from '../../src/sim/policy/levers.js';
import { scenarioFromObject } from '../../src/sim/scenario/load.js';
import { MechanismsSchema, type ScenarioInput } from '../../src/sim/scenario/schema.js';
import { summarize } from '../../src/sim/summary.js';

/**
 * The "at what cost" half of a comparison: every metric the comparison tables show moves when a lever
 * that should move it is pulled, and the costs are in the units they claim. Small Monte Carlo (central
 * parameters, 6 runs, fixed seed): directions are checked on the paired difference against the status
 * quo, so event noise cancels.
 */
const start = '2026-01';
const network = builtinGroupNetwork();
const central = centralParams();
const YEAR = (y: number) => 2026 + y - 1;

function scenario(id: string, policies: ScenarioInput['policies'] = []) {
  return scenarioFromObject({ id, title: id, start, years: 5, uncertainty: 'none', policies });
}

/** One lever at full strength from the start, with its default options. */
function fullStrength(id: LeverId) {
  const options = LEVERS[id].options.parse({});
  return compilePolicies([{ lever: id, intensity: 1, rampMonths: 0, options } as never], start);
}

const single: LeverId[] = [
  'recruitment',
  'nationalGuard',
  'judicialReform',
  'middleLayerSweep',
  'kingpin',
  'borderInspections',
  'usTreatment',
  'usStrikes',
  'extradition',
  'mediation',
];
const result = runMonteCarloSync({
  network,
  scenarios: [
    scenario('status-quo'),
    ...single.map((id) => scenario(id.toLowerCase(), [{ lever: id }])),
    scenario('inspect-half', [{ lever: 'borderInspections', options: { coverage: 0.5 } }]),
  ],
  runs: 6,
  seed: 11,
});
const summary = summarize(result, { baseline: 'status-quo' });

function diff(id: string, metric: MetricId, years: number) {
  const s = summary.scenarios.find((x) => x.id === id)!;
  return s.versusBaseline!.metrics[metric]!.find((d) => d.t === YEAR(years))!;
}

/** Values of every run of a scenario's metric in a year. */
function runs(id: string, metric: MetricId, year: number): number[] {
  const sr = result.scenarios.find((x) => x.scenario.id === id)!;
  const k = result.labels.indexOf(year);
  return Array.from(sr.values[metric]!.subarray(k * result.runs, (k + 1) * result.runs));
}

describe('every metric of the comparison moves with a lever that should move it', () => {
  const cases: [MetricId, string, 1 | -1, number][] = [
    ['homicides', 'recruitment', -1, 5],
    ['homicideRate', 'recruitment', -1, 5],
    ['conflictDeaths', 'kingpin', 1, 5],
    ['members', 'recruitment', -1, 5],
    ['groups', 'kingpin', 1, 5],
    ['incarcerated', 'nationalguard', 1, 3],
    ['incarcerated', 'judicialreform', 1, 3],
    ['incarcerated', 'middlelayersweep', 1, 3],
    ['incarcerated', 'kingpin', 1, 3],
    ['incarcerated', 'usstrikes', -1, 3],
    ['drugFlow', 'borderinspections', -1, 1],
    ['usOverdoseDeaths', 'ustreatment', -1, 3],
    ['extortion', 'recruitment', -1, 5],
    ['extortion', 'borderinspections', 1, 1],
    ['tradeCost', 'borderinspections', 1, 1],
    ['fiscalCost', 'nationalguard', 1, 1],
    ['cooperation', 'usstrikes', -1, 1],
    ['cooperation', 'extradition', 1, 3],
  ];
  for (const [metric, id, direction, years] of cases) {
    it(`${metric} ${direction > 0 ? 'rises' : 'falls'} with ${id} after ${years} year(s)`, () => {
      const d = diff(id, metric, years);
      expect(Math.sign(d.absolute), `median paired difference ${d.absolute}`).toBe(direction);
      expect(direction < 0 ? d.probLower : d.probHigher).toBeGreaterThan(0.5);
    });
  }

  it('covers every metric the comparison reports', () => {
    const tested = new Set(cases.map(([m]) => m));
    for (const id of METRIC_IDS) expect(tested.has(id), id).toBe(true);
  });
});

describe('trade cost', () => {
  it('is coverage × inspectionTradeCost × tradeValue a year once the ramp is over, 0 otherwise', () => {
    const expected = 0.5 * central.inspectionTradeCost * central.tradeValue;
    for (const v of runs('inspect-half', 'tradeCost', 2028)) expect(v).toBeCloseTo(expected, 9);
    // 2026 is the default 12-month ramp: monthly steps at strength 0, 1/12, …, 11/12 → 5.5/12 of a year.
    for (const v of runs('inspect-half', 'tradeCost', 2026)) expect(v).toBeCloseTo((expected * 5.5) / 12, 9);
    for (const v of runs('status-quo', 'tradeCost', 2028)) expect(v).toBe(0);
    for (const v of runs('usstrikes', 'tradeCost', 2028)) expect(v).toBe(0);
  });
});

describe('incarcerated', () => {
  it('is a stock read at the period end, after the step that closes it', () => {
    const world = buildWorld(network);
    const sim = createSimulation({
      world,
      params: central,
      mechanisms: MechanismsSchema.parse({}),
      bounds: Float64Array.from([2012, 2013, 2014], (y) => yearToWeek(y)),
      byArea: false,
      draws: EventDraws.of(1, 0, 'history'),
    });
    advance(sim, 0, yearToWeek(2014), WEEKS_PER_YEAR / 12);
    expect(sim.recorder.report.stocks.incarcerated[1]).toBe(sim.state.model.incarcerated);
  });

  it('holds η × mean sentence under the status quo (persons)', () => {
    const steady = central.eta * WEEKS_PER_YEAR * central.sentenceYears;
    for (const v of runs('status-quo', 'incarcerated', 2030)) expect(v / steady).toBeCloseTo(1, 2);
  });
});

describe('fiscal cost', () => {
  it('is exactly 0 under the status quo in every run and year from the start', () => {
    for (const y of [2026, 2028, 2030])
      for (const v of runs('status-quo', 'fiscalCost', y)) expect(v).toBe(0);
    expect(METRICS.fiscalCost.note).toContain('status quo');
  });

  it('is positive for every costed lever in its first year; unknown (NaN, "–") with the what-if lever', () => {
    for (const id of single) {
      const values = runs(id.toLowerCase(), 'fiscalCost', 2026);
      if (id === 'recruitment') for (const v of values) expect(v).toBeNaN();
      else for (const v of values) expect(v, id).toBeGreaterThan(0);
    }
  });

  it('adds the prisoners a policy keeps to its programme cost', () => {
    // Judicial reform: programme cost = gain × prosecutors' budget; on top, the prisoners it adds.
    const programme = central.prosecutionBudget / central.mxnPerUsd;
    for (const v of runs('judicialreform', 'fiscalCost', 2030)) expect(v).toBeGreaterThan(programme);
    // Strikes without consent cost little to mount and cut Mexican arrests (cooperation collapses), so
    // after a few years their prison savings offset part of the strike cost.
    const strikes = (4 * central.strikeCost) / 1e3;
    for (const v of runs('usstrikes', 'fiscalCost', 2030)) expect(v).toBeLessThan(strikes);
  });

  it('every lever but the what-if has a cost, positive at full strength with default options', () => {
    for (const id of LEVER_IDS) {
      const spec = LEVERS[id];
      if (id === 'recruitment') {
        expect('cost' in spec).toBe(false);
        continue;
      }
      expect(fullStrength(id).spending(central, yearToWeek(2027)), id).toBeGreaterThan(0);
    }
  });

  it('has unit costs in the units they claim (central values, US$ billion a year)', () => {
    const at = (id: LeverId) => fullStrength(id).spending(central, yearToWeek(2027));
    // 20 points of MOUD coverage × 9.6 million adults × US$6,552.
    expect(at('usTreatment')).toBeCloseTo((0.2 * 9.6e6 * 6552) / 1e9, 9);
    // 20% of a MXN 70.8bn Guard budget at 18.5 pesos a dollar.
    expect(at('nationalGuard')).toBeCloseTo((0.2 * 70.8) / 18.5, 9);
    // 50,000 young people at MXN 115,000 a year.
    expect(at('youthPrevention')).toBeCloseTo((50000 * 115000) / 1e9 / 18.5, 9);
    // Full inspection of commercial traffic: what CBP spends (its cost to trade is tradeCost).
    expect(at('borderInspections')).toBeCloseTo(central.inspectionCost, 9);
    expect(at('usStrikes')).toBeCloseTo((4 * 10) / 1e3, 9);
    // Off before the start and after the end.
    expect(fullStrength('kingpin').spending(central, yearToWeek(2025.5))).toBe(0);
  });

  it('puts the status quo’s own spending in context', () => {
    const sq = statusQuoSpending(central);
    expect(sq.guard).toBeCloseTo(70.8 / 18.5, 9);
    expect(sq.prisons).toBeCloseTo(
      (central.eta * WEEKS_PER_YEAR * central.sentenceYears * 180000) / 18.5 / 1e9,
      9,
    );
    expect(sq.total).toBeCloseTo(sq.guard + sq.prosecution + sq.prisons, 12);
  });
});
