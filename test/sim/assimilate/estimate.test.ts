import { describe, expect, it } from 'vitest';
import { builtinGroupNetwork } from '../../../src/data/builtin-network.js';
import { type ObservedMonthly, observedHomicides } from '../../../src/data/observed/homicides.js';
import { monthMajor } from '../../../src/sim/assimilate/anchor.js';
import {
  classify,
  estimateNowcast,
  FAR_BELOW,
  NowcastParameterModel,
  nowcastParameters,
  pairedDifference,
  profileInterval,
  profileNowcast,
  toScale,
} from '../../../src/sim/assimilate/estimate.js';
import { logMeanExp } from '../../../src/sim/assimilate/log-mean-exp.js';
import { NowcastModel, type NowcastSettings } from '../../../src/sim/assimilate/nowcast-model.js';
import { NOWCAST_SETTINGS } from '../../../src/sim/assimilate/settings.js';
import { buildWorld } from '../../../src/sim/model/world.js';
import { createRng } from '../../../src/sim/rng.js';
import { MechanismsSchema } from '../../../src/sim/scenario/schema.js';

/**
 * Estimation of the nowcast's settings (estimate.ts) on the built-in groups and table, kept to seconds:
 * few particles, few months. The adapter must hand each slot its own sds; IF2 must move κ towards the
 * value that made synthetic counts; the profile interval must match a known parabola.
 */
const network = builtinGroupNetwork();
const world = buildWorld(network);
const mechanisms = MechanismsSchema.parse({});
const monthly = observedHomicides({ prefer: 'builtin', today: '2025-07' }).monthly;

describe('NowcastParameterModel', () => {
  it('gives each slot the sds it was set, as a model built with those settings gives them', () => {
    const observations = monthMajor(monthly, { months: 6, ids: world.areas.ids });
    const ps = nowcastParameters().filter((p) =>
      ['kappa', 'observationSd', 'levelSd', 'commonSd', 'recruitSd'].includes(p.id),
    );
    const slotValues = [
      { kappa: 2, observationSd: 0.05, levelSd: 0.02, commonSd: 0.08, recruitSd: 0.01 },
      { kappa: 6, observationSd: 0.3, levelSd: 0.1, commonSd: 0.015, recruitSd: 0.05 },
    ];
    const adapter = new NowcastParameterModel({
      world,
      mechanisms,
      observations,
      particles: 2,
      seed: 9,
      settings: NOWCAST_SETTINGS,
      estimate: ps,
    });
    // Two plain models, each with one slot's values as its settings (slot j of each is the same engine).
    const plain = slotValues.map((v) => {
      const settings: NowcastSettings = { ...NOWCAST_SETTINGS, ...v, kappa: [v.kappa, v.kappa] };
      return new NowcastModel({ world, mechanisms, observations, particles: 2, seed: 9, settings });
    });
    for (let t = 0; t < observations.months; t++) {
      for (let j = 0; j < 2; j++) {
        const v = slotValues[j];
        adapter.setParams(
          j,
          Float64Array.from(ps, (p) => toScale(p, v[p.id as keyof typeof v])),
        );
        adapter.propagate(j, t, createRng(100 + t, j));
        plain[j].propagate(j, t, createRng(100 + t, j));
      }
      for (let j = 0; j < 2; j++)
        expect(adapter.logLikelihood(j, t)).toBeCloseTo(plain[j].logLikelihood(j, t), 9);
    }
    // And the two slots differ: the values reached the model.
    expect(adapter.model.kappa[0]).toBe(2);
    expect(adapter.model.kappa[1]).toBe(6);
  });
});

/**
 * Counts made by the model itself with κ = 5: one engine (central parameters), state levels at 0, scatter
 * σ = 0.1 beyond Poisson on the log scale, as the measurement model says.
 */
function syntheticCounts(kappa: number, months: number): ObservedMonthly {
  const A = world.areas.ids.length;
  const truth = new NowcastModel({
    world,
    mechanisms,
    observations: { start: '2015-01', months, victims: new Float64Array(months * A).fill(Number.NaN) },
    particles: 1,
    seed: 77,
    uncertainty: 'none',
    settings: { ...NOWCAST_SETTINGS, kappa: [kappa, kappa], nonCartelRate: [6, 6], recruitStart: [0.7, 0.7] },
  });
  const rng = createRng(78, 0);
  const victims = new Float64Array(A * months);
  const national = new Float64Array(months);
  for (let t = 0; t < months; t++) {
    truth.propagate(0, t, rng);
    for (let a = 0; a < A; a++) {
      const m = truth.mean[a];
      const sd = Math.sqrt(0.1 ** 2 + 1 / (m + 0.5));
      const y = Math.max(0, Math.round((m + 0.5) * Math.exp(sd * rng.normal()) - 0.5));
      victims[a * months + t] = y;
      national[t] += y;
    }
  }
  return { states: [...world.areas.ids], start: '2015-01', months, victims, national, incompleteMonths: [] };
}

describe('estimateNowcast', () => {
  it('moves κ from a wrong start towards the value that made the counts', () => {
    const kappa = 5;
    const observations = syntheticCounts(kappa, 36);
    // Levels pinned near 0 (prior sd 0.01, steps 0.001): then the counts' level is κ's to explain.
    const settings = { levelPriorSd: 0.01, levelSd: 0.001, commonSd: 0.001, observationSd: 0.1 };
    const start = [1.2, 2] as const;
    const fit = estimateNowcast({
      network,
      observations,
      estimate: ['kappa'],
      start: { kappa: start },
      settings: { ...settings, nonCartelRate: [6, 6], recruitStart: [0.7, 0.7] },
      uncertainty: 'none',
      particles: 30,
      iterations: 10,
      cooling: 0.5,
      replicates: 2,
      seed: 3,
    });
    const from = Math.abs(Math.log(Math.sqrt(start[0] * start[1]) / kappa));
    const to = Math.abs(Math.log(fit.estimate.kappa! / kappa));
    console.log(`κ: truth ${kappa}, start ${start.join('–')}, IF2 ${fit.estimate.kappa!.toFixed(2)}`);
    expect(to).toBeLessThan(from / 3);
    // The estimate explains the counts better than the prior drawn per particle (2 replicates of 30
    // particles: the error of the difference is itself rough, so only its sign is checked).
    expect(fit.logLikelihood.difference.mean).toBeGreaterThan(0);
  });

  it('same seed, same numbers; and the documented fields', () => {
    const run = () =>
      estimateNowcast({
        network,
        observations: monthly,
        until: '2016-12',
        estimate: ['observationSd', 'levelSd'],
        particles: 10,
        iterations: 2,
        replicates: 2,
        seed: 5,
      });
    const a = run();
    expect(JSON.stringify(run())).toBe(JSON.stringify(a));
    expect(a.months).toBe(24);
    expect(a.trace).toHaveLength(2);
    expect(a.logLikelihood.estimate.replicates).toHaveLength(2);
    expect(Number.isFinite(a.logLikelihood.difference.se)).toBe(true);
    const sd = nowcastParameters().find((p) => p.id === 'observationSd')!;
    expect(a.estimate.observationSd).toBeGreaterThanOrEqual(sd.range[0]);
    expect(a.estimate.observationSd).toBeLessThanOrEqual(sd.range[1]);
  });

  it('profiles: the grid, the estimate among the points, a verdict', () => {
    const out = profileNowcast({
      network,
      observations: monthly,
      until: '2016-12',
      estimate: ['observationSd', 'kappa'],
      profile: ['observationSd'],
      // A wide search (0.03–0.48): its top is far too wide for monthly counts.
      settings: { observationSd: 0.12 },
      points: 3,
      particles: 10,
      iterations: 2,
      replicates: 2,
      remax: { iterations: 1 },
      seed: 5,
    });
    const prof = out.profiles[0];
    expect(prof.points.map((p) => p.atEstimate).filter(Boolean)).toHaveLength(1);
    expect(prof.points).toHaveLength(4);
    // The search range: the value in use ×/÷ 4.
    const sd = 0.12;
    expect(prof.points[0].value).toBeCloseTo(sd / 4, 10);
    expect(prof.points.at(-1)!.value).toBeCloseTo(sd * 4, 10);
    // Common random numbers: the point at the estimate is the fit's own evaluation.
    const atFit = prof.points.find((p) => p.atEstimate)!;
    expect(atFit.value).toBe(out.fit.estimate.observationSd);
    expect(atFit.logLikelihood).toBe(out.fit.logLikelihood.estimate.mean);
    // The interval holds the profile's best point and stays on the grid; the verdict says when the best
    // point is the grid's upper end (with ten particles and two iterations on the built-in groups, the
    // widest σ can win: a poor fit's misfit is absorbed by scatter).
    expect(prof.ci[1]).toBeLessThanOrEqual(sd * 4 + 1e-12);
    expect(prof.argmax).toBeGreaterThanOrEqual(prof.ci[0]);
    expect(prof.argmax).toBeLessThanOrEqual(prof.ci[1]);
    const best = prof.points.reduce((a, b) => (b.logLikelihood > a.logLikelihood ? b : a));
    if (best === prof.points.at(-1)) expect(prof.note).toMatch(/upper end/);
    else expect(prof.note).not.toMatch(/upper end/);
  });
});

describe('profile intervals', () => {
  const logRange = { scale: 'log' as const, range: [0.01, 1] as const };

  it('a parabola: the interval is where it is within 1.92 of its top', () => {
    // ℓ(z) = −a (z − z0)², z = log θ: the interval is z0 ± √(1.92 / a).
    const a = 8;
    const z0 = Math.log(0.1);
    const zs = [-4.6, -3.5, -2.9, -2.3, -1.7, -1, 0];
    const points = zs.map((z) => ({ value: Math.exp(z), logLikelihood: -a * (z - z0) ** 2 }));
    const near = points.filter((p) => p.logLikelihood > -FAR_BELOW);
    expect(near.length).toBeGreaterThanOrEqual(3);
    const c = classify(logRange, points);
    const half = Math.sqrt(1.92 / a);
    expect(Math.log(c.ci[0])).toBeCloseTo(z0 - half, 2);
    expect(Math.log(c.ci[1])).toBeCloseTo(z0 + half, 2);
    expect(c.argmax).toBeCloseTo(0.1, 2);
    expect(c.status).toBe('identified');
  });

  it('flat or running into a bound: prior-driven', () => {
    const flat = [0.01, 0.05, 0.2, 1].map((v, i) => ({ value: v, logLikelihood: -100 + 0.3 * (i % 2) }));
    expect(classify(logRange, flat)).toMatchObject({ status: 'prior-driven' });
    expect(classify(logRange, flat).note).toMatch(/flat/);
    const rising = [0.01, 0.05, 0.2, 1].map((v) => ({ value: v, logLikelihood: 3 * Math.log(v) }));
    const c = classify(logRange, rising);
    expect(c.status).toBe('prior-driven');
    expect(c.note).toMatch(/upper end/);
    expect(c.ci[1]).toBeCloseTo(1, 10);
  });

  it('points far below the best bound the interval and are not smoothed', () => {
    // A cliff on the right: without the rule a parabola through it would pull the top to the left.
    const x = [0, 1, 2, 3];
    const y = [-2, 0, -1.5, -5000];
    const band = profileInterval(x, y, [0, 3]);
    expect(band.upper).toBeLessThanOrEqual(3);
    expect(band.openUpper).toBe(false);
    expect(band.argmax).toBeGreaterThan(0.5);
    expect(band.argmax).toBeLessThan(1.8);
    // Far points on both sides and too few near ones: the bracket, closed, is an outer bound.
    const c = classify({ scale: 'linear', range: [0, 4] }, [
      { value: 0, logLikelihood: -500 },
      { value: 1, logLikelihood: 0 },
      { value: 2.5, logLikelihood: -1 },
      { value: 4, logLikelihood: -800 },
    ]);
    expect(c.ci).toEqual([0, 4]);
    expect(c.status).toBe('identified');
    expect(c.note).toMatch(/outer bound/);
  });

  it('paired difference: the difference of log-mean-exps, and a small error when the pairs move together', () => {
    const b = [-100, -103, -98, -101, -99];
    const a = b.map((v, i) => v + 5 + 0.01 * i);
    const d = pairedDifference(a, b);
    expect(d.mean).toBeCloseTo(logMeanExp(a).mean - logMeanExp(b).mean, 12);
    expect(d.se).toBeLessThan(0.1 * logMeanExp(b).se);
  });
});
