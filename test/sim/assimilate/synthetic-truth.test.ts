import { describe, expect, it } from 'vitest';
import { builtinGroupNetwork } from '../../../src/data/builtin-network.js';
import type { ObservedMonthly } from '../../../src/data/observed/homicides.js';
import { type Band, type NowcastResult, runNowcast } from '../../../src/sim/assimilate/nowcast.js';
import { NowcastModel } from '../../../src/sim/assimilate/nowcast-model.js';
import { NOWCAST_SETTINGS } from '../../../src/sim/assimilate/settings.js';
import { buildWorld } from '../../../src/sim/model/world.js';
import { type Params, sampleParams } from '../../../src/sim/params.js';
import { createRng, substream } from '../../../src/sim/rng.js';
import { MechanismsSchema } from '../../../src/sim/scenario/schema.js';

/**
 * Synthetic truth through the engine: monthly state counts simulated FROM the nowcast's own particle model
 * (one engine with a known parameter draw, κ, h, recruitment-driver path and state levels), filtered by
 * `runNowcast` as if they were SESNSP's. The filtered 90% bands must hold the truth — the expected national
 * count and the recruitment driver — in most months, must not be absurdly wide, and must leave the old truth
 * when the counts double (a filter that ignored the data, or one whose band is wide enough to hold anything,
 * fails these).
 *
 * Built-in groups, 60 months (2015–2019), 150 particles (at 80 the driver's band loses the truth for whole
 * years in some truths: too few particles carry the driver; at 150–200 it holds it), about 2 s per filter.
 */
const network = builtinGroupNetwork();
const world = buildWorld(network);
const mechanisms = MechanismsSchema.parse({});
const settings = NOWCAST_SETTINGS;
const START = '2015-01';
const MONTHS = 60;
const PARTICLES = 150;

interface TruthOptions {
  /** Seed of the truth's engine (its parameter draw and events) and of its drivers, levels and counts. */
  seed: number;
  /** Homicides per conflict death κ and per 100,000 outside the groups h (inside the filter's priors). */
  kappa?: number;
  h?: number;
  /** The recruitment driver at the first month (inside the prior 0.5–1.25). */
  recruit0?: number;
  /** Standard deviation of the states' starting log levels (the filter's prior is 2: much wider). */
  levelSpread?: number;
}

interface Truth {
  observed: ObservedMonthly;
  /** Σ_a m_{a,t} · exp(c_t + u_t + ℓ_{a,t}): the count the truth expects nationally each month. */
  expected: Float64Array;
  /** The recruitment driver r_t. */
  driver: Float64Array;
  /** The truth engine's parameters (a prior draw). */
  params: Params;
}

/**
 * Simulate the truth with the measurement model of nowcast-model.ts: an engine advanced month by month
 * with the driver path set from outside (`frozenDrivers`, so the model adds no step of its own), national
 * factor c and state levels ℓ as random walks and the national transient u as fresh noise, all with the
 * filter's own sizes, and counts
 * log(y + ½) ~ N(log(E + ½), σ² + 1/(E + ½)), rounded: the variance evaluated at the expected count E, as
 * `drawCounts` does (the filter's 1/(y + ½) is the delta-method Poisson variance of that same log count).
 */
function simulateTruth(o: TruthOptions): Truth {
  const { seed, kappa = 3.5, h = 6, recruit0 = 0.75, levelSpread = 0.5 } = o;
  const A = world.areas.ids.length;
  const params = sampleParams(substream(seed, 0, 'params'));
  const engine = new NowcastModel({
    world,
    mechanisms,
    // No observations: the truth model is only advanced, never weighed.
    observations: { start: START, months: MONTHS, victims: new Float64Array(MONTHS * A).fill(Number.NaN) },
    particles: 1,
    seed,
    settings,
    fixed: params,
  });
  engine.kappa[0] = kappa;
  engine.h[0] = h;
  engine.frozenDrivers = true;
  const rng = createRng(seed, 'synthetic-truth');
  const victims = new Float64Array(A * MONTHS);
  const national = new Float64Array(MONTHS);
  const expected = new Float64Array(MONTHS);
  const driver = new Float64Array(MONTHS);
  const level = Float64Array.from({ length: A }, () => levelSpread * rng.normal());
  const sd = settings.observationSd;
  // The month's national transient u_t of the measurement model (read defensively: the model gained it
  // while this test was written; 0 reduces to the model without it).
  const transientSd = (settings as Partial<{ transientSd: number }>).transientSd ?? 0;
  let logRecruit = Math.log(recruit0);
  let common = 0;
  for (let t = 0; t < MONTHS; t++) {
    // The driver path is a draw of the filter's own prior walk: a calibrated band should hold it ~90%.
    logRecruit += settings.recruitSd * rng.normal();
    engine.logRecruit[0] = logRecruit;
    driver[t] = Math.exp(logRecruit);
    engine.propagate(0, t, rng);
    common += settings.commonSd * rng.normal();
    const transient = transientSd * rng.normal();
    for (let a = 0; a < A; a++) {
      level[a] += settings.levelSd * rng.normal();
      const e = engine.mean[a] * Math.exp(common + transient + level[a]);
      const y = (e + 0.5) * Math.exp(Math.sqrt(sd * sd + 1 / (e + 0.5)) * rng.normal()) - 0.5;
      const count = Math.max(0, Math.round(y));
      victims[a * MONTHS + t] = count;
      national[t] += count;
      expected[t] += e;
    }
  }
  return {
    observed: {
      states: [...world.areas.ids],
      start: START,
      months: MONTHS,
      victims,
      national,
      incompleteMonths: [],
    },
    expected,
    driver,
    params,
  };
}

/** The same counts multiplied by `factor` from month `from` on (a shift no truth above produces). */
function scaledFrom(obs: ObservedMonthly, from: number, factor: number): ObservedMonthly {
  const victims = obs.victims.slice();
  const national = obs.national.slice();
  for (let s = 0; s < obs.states.length; s++)
    for (let t = from; t < obs.months; t++) victims[s * obs.months + t] *= factor;
  for (let t = from; t < obs.months; t++) national[t] *= factor;
  return { ...obs, victims, national };
}

/** Share of months t in [from, to) with bands[t] holding values[t]. */
function coverage(values: ArrayLike<number>, bands: Band[], from = 0, to = bands.length): number {
  let inside = 0;
  for (let t = from; t < to; t++) if (values[t] >= bands[t].p05 && values[t] <= bands[t].p95) inside++;
  return inside / (to - from);
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Median over months of the national band's width relative to the true expected count. */
function relativeWidth(result: NowcastResult, expected: Float64Array): number {
  return median(result.national.filtered.map((b, t) => (b.p95 - b.p05) / expected[t]));
}

function report(label: string, truth: Truth, result: NowcastResult): void {
  const driverWidth = median(result.recruitment.map((b) => Math.log(b.p95 / b.p05)));
  const bias = median(result.national.filtered.map((b, t) => b.p50 / truth.expected[t] - 1));
  console.log(
    `${label}: expected national inside the 90% band ${(100 * coverage(truth.expected, result.national.filtered)).toFixed(0)}% ` +
      `(observed ${(100 * coverage(truth.observed.national, result.national.filtered)).toFixed(0)}%), ` +
      `driver ${(100 * coverage(truth.driver, result.recruitment)).toFixed(0)}%; median width ` +
      `${(100 * relativeWidth(result, truth.expected)).toFixed(1)}% of the truth, driver log-width ${driverWidth.toFixed(2)}; ` +
      `median of band median / truth − 1: ${(100 * bias).toFixed(1)}% (truth ~${Math.round(median(Array.from(truth.expected)))} a month); ` +
      `ESS min ${Math.min(...result.ess).toFixed(1)} of ${result.particles}`,
  );
}

describe('synthetic truth through the engine', () => {
  it('same seed, same synthetic counts; another seed, other counts', () => {
    const a = simulateTruth({ seed: 11 });
    const b = simulateTruth({ seed: 11 });
    expect(Array.from(b.observed.victims)).toEqual(Array.from(a.observed.victims));
    expect(Array.from(b.driver)).toEqual(Array.from(a.driver));
    expect(Array.from(simulateTruth({ seed: 12 }).observed.national)).not.toEqual(
      Array.from(a.observed.national),
    );
    // Counts on the scale of Mexico's (1,500–4,000 victims a month), so the test exercises the real regime.
    expect(Math.min(...a.expected)).toBeGreaterThan(500);
    expect(Math.max(...a.expected)).toBeLessThan(20_000);
  });

  // One truth's months are strongly correlated (a band that misses a level shift misses it for a year):
  // coverage is pooled over six truths. Measured (150 particles): national 53–97% per truth, 86.7% pooled;
  // driver 93–100%, 98.3% pooled. The 53% is truth 21, the one with the smallest counts (~1,050 a month
  // nationally, many states under 10): the band's median sits 9% above its truth, against 2–4% for the
  // others — the filter's upward bias at small counts (the 1/(y + ½) variance weighs high months more).
  // A filter twice as biased would fail the 10% bound below.
  const truths = [21, 22, 23, 24, 25, 26].map((seed) => simulateTruth({ seed }));

  /** Coverage pooled over truths: [expected national, driver], and the median relative width. */
  function pooled(runs: { truth: Truth; result: NowcastResult }[]): {
    national: number;
    driver: number;
    width: number;
  } {
    const n = runs.length;
    return {
      national: runs.reduce((s, r) => s + coverage(r.truth.expected, r.result.national.filtered), 0) / n,
      driver: runs.reduce((s, r) => s + coverage(r.truth.driver, r.result.recruitment), 0) / n,
      width: median(runs.map((r) => relativeWidth(r.result, r.truth.expected))),
    };
  }

  it('known engine parameters: the bands hold the expected national count and the recruitment driver', () => {
    // The filter knows the engine's parameters (the truth's draw) and must learn κ, h, the driver and the
    // levels: with the parameters fixed, recruitment is seen through the driver alone.
    const runs = truths.map((truth) => {
      const { result } = runNowcast({
        network,
        observations: truth.observed,
        particles: PARTICLES,
        seed: 5,
        fixed: truth.params,
      });
      report('known parameters', truth, result);
      return { truth, result };
    });
    const p = pooled(runs);
    console.log(
      `known parameters, pooled: national ${(100 * p.national).toFixed(1)}%, driver ${(100 * p.driver).toFixed(1)}%`,
    );
    expect(p.national).toBeGreaterThanOrEqual(0.8);
    expect(p.driver).toBeGreaterThanOrEqual(0.8);
    // Not absurdly wide: a band of ±15% (width 0.3) would hold most of what the truth does with no
    // filtering at all (its national expected count moves about 10% a year).
    expect(p.width).toBeLessThan(0.3);
    for (const { truth, result } of runs)
      expect(
        Math.abs(median(result.national.filtered.map((b, t) => b.p50 / truth.expected[t] - 1))),
      ).toBeLessThan(0.1);
  });

  it('parameters drawn from their priors: the national band still holds the truth', () => {
    const runs = truths.slice(0, 3).map((truth) => {
      const { result } = runNowcast({ network, observations: truth.observed, particles: PARTICLES, seed: 6 });
      report('parameters from priors', truth, result);
      return { truth, result };
    });
    const p = pooled(runs);
    // The driver alone is not asserted here: with the engine's recruitment parameters unknown it trades
    // off against them (the counts see their product), and its band held the truth in 47–100% of months
    // across six truths. The national count, which the data do see, must still be covered (measured:
    // 48%, 97%, 97%; the 48% is truth 21 again, see above).
    console.log(
      `parameters from priors, pooled: national ${(100 * p.national).toFixed(1)}%, driver ${(100 * p.driver).toFixed(1)}%`,
    );
    expect(p.national).toBeGreaterThanOrEqual(0.8);
    expect(p.width).toBeLessThan(0.3);
  });

  it('follows the data: counts doubled after month 30 leave the old truth outside the band', () => {
    const truth = truths[0];
    const shift = 30;
    const doubled = scaledFrom(truth.observed, shift, 2);
    const { result } = runNowcast({
      network,
      observations: doubled,
      particles: PARTICLES,
      seed: 5,
      fixed: truth.params,
    });
    // Three months for the national factor to move (its monthly step is 4%; the counts say 100%).
    const settled = shift + 3;
    const oldTruth = coverage(truth.expected, result.national.filtered, settled);
    const newData = coverage(doubled.national, result.national.filtered, settled);
    console.log(
      `counts ×2 from month ${shift}: old truth inside ${(100 * oldTruth).toFixed(0)}%, doubled counts inside ${(100 * newData).toFixed(0)}%`,
    );
    expect(oldTruth).toBeLessThanOrEqual(0.1);
    expect(newData).toBeGreaterThanOrEqual(0.8);
    // Before the shift the bands are those of the unshifted counts: the filter sees no month ahead.
    const plain = runNowcast({
      network,
      observations: truth.observed,
      particles: PARTICLES,
      seed: 5,
      fixed: truth.params,
    });
    expect(result.national.filtered.slice(0, shift)).toEqual(plain.result.national.filtered.slice(0, shift));
  });
});
