import { describe, expect, it } from 'vitest';
import { fixParams, iteratedFilter, type ParameterSpec } from '../../../src/sim/assimilate/if2.js';
import { profileLikelihood } from '../../../src/sim/assimilate/profile.js';
import { logLikelihoodReplicates } from '../../../src/sim/assimilate/replicates.js';
import { createRng } from '../../../src/sim/rng.js';
import { CountModel, type CountWalk, simulateCounts } from './models.js';

/**
 * IF2 on simulated counts: a log-intensity random walk with drift μ and step sd σ, Poisson counts
 * (x_{−1} ~ N(3, 0.5²) known). With 150 steps the drift is known to about σ/√T ≈ 0.01 and σ to a few
 * tens of percent (the Poisson noise on log counts near e³ is about as large as σ), so the tolerances
 * are: |μ̂ − μ| < 0.02 and σ̂ within a factor 1.5 of σ. The likelihood at the estimate must beat a
 * wrong value by more than its Monte Carlo error.
 */
const truthParams: CountWalk = { mu: 0.01, sigma: 0.1, k: Number.POSITIVE_INFINITY, m0: 3, s0: 0.5 };
const T = 150;
const { y } = simulateCounts(T, truthParams, createRng(41, 'truth'));
const makeModel = (n: number) => new CountModel(n, y, truthParams);

// The order of `setParams` in CountModel: [μ, σ].
const params: ParameterSpec[] = [
  { id: 'mu', start: [-0.05, 0.05], sd: 0.001 },
  { id: 'sigma', start: [0.03, 0.5], sd: 0.02, transform: 'log' },
];

describe('iteratedFilter (IF2)', () => {
  it('recovers drift and process sd from simulated counts', () => {
    // Cooling 0.2 rather than pomp's customary 0.5: with 40 iterations at 0.5 the walk is still wide at the
    // end and the final-step swarm mean follows the last stretch of the series (μ̂ = 0.017, its
    // log-likelihood 1.3 below the truth's); at 0.2 the estimate is at least as likely as the truth.
    const fit = iteratedFilter(makeModel, {
      params,
      iterations: 40,
      particles: 1000,
      steps: T,
      seed: 42,
      cooling: 0.2,
    });
    const { mu, sigma } = fit.estimate;
    const traceLl = Array.from(fit.trace.logLikelihood);
    console.log(
      `IF2: mu ${mu.toFixed(4)} (truth ${truthParams.mu}), sigma ${sigma.toFixed(4)} (truth ${truthParams.sigma}); ` +
        `perturbed loglik first ${traceLl[0].toFixed(2)}, last ${traceLl[traceLl.length - 1].toFixed(2)}`,
    );
    expect(Math.abs(mu - truthParams.mu)).toBeLessThan(0.02);
    expect(sigma / truthParams.sigma).toBeGreaterThan(1 / 1.5);
    expect(sigma / truthParams.sigma).toBeLessThan(1.5);
    expect(fit.values).toEqual(Float64Array.from([mu, sigma]));
    expect(fit.trace.params.length).toBe(40 * 2);
    expect(fit.swarm.length).toBe(1000 * 2);
    // The swarm has concentrated: the sd of each parameter (estimation scale) is well below the initial
    // swarm's (uniform: range / √12).
    const spread = (k: number, f: (v: number) => number) => {
      let m = 0;
      let ss = 0;
      for (let j = 0; j < 1000; j++) m += f(fit.swarm[2 * j + k]) / 1000;
      for (let j = 0; j < 1000; j++) ss += (f(fit.swarm[2 * j + k]) - m) ** 2 / 1000;
      return Math.sqrt(ss);
    };
    const muSd = spread(0, (v) => v);
    const logSigmaSd = spread(1, Math.log);
    console.log(`final swarm sd: mu ${muSd.toFixed(4)}, log sigma ${logSigmaSd.toFixed(4)}`);
    expect(muSd).toBeLessThan(0.5 * (0.1 / Math.sqrt(12)));
    expect(logSigmaSd).toBeLessThan(0.5 * (Math.log(0.5 / 0.03) / Math.sqrt(12)));

    const evaluate = (values: number[], seed: number) =>
      logLikelihoodReplicates(
        () => fixParams(makeModel(1000), Float64Array.from(values)),
        { particles: 1000, steps: T, seed },
        8,
      );
    // Common random numbers (one seed) for the three evaluations.
    const atFit = evaluate([mu, sigma], 43);
    const atTruth = evaluate([truthParams.mu, truthParams.sigma], 43);
    const wrong = evaluate([0, 0.3], 43);
    console.log(
      `loglik at the IF2 estimate ${atFit.mean.toFixed(2)} ± ${atFit.se.toFixed(2)}, ` +
        `at the truth ${atTruth.mean.toFixed(2)} ± ${atTruth.se.toFixed(2)}, ` +
        `at (mu 0, sigma 0.3) ${wrong.mean.toFixed(2)} ± ${wrong.se.toFixed(2)}`,
    );
    expect(atFit.mean - wrong.mean).toBeGreaterThan(3 * Math.hypot(atFit.se, wrong.se));
    // The estimate approximates the MLE: it explains the data at least about as well as the truth
    // (within Monte Carlo error).
    expect(atFit.mean).toBeGreaterThan(atTruth.mean - 3 * Math.hypot(atFit.se, atTruth.se));
  });

  it('is deterministic and reports every iteration', () => {
    const seen: number[] = [];
    const options = { params, iterations: 3, particles: 100, steps: 40, seed: 5 };
    const a = iteratedFilter(makeModel, { ...options, onIteration: (m) => seen.push(m) });
    const b = iteratedFilter(makeModel, options);
    expect(seen).toEqual([0, 1, 2]);
    expect(b).toEqual(a);
    expect(iteratedFilter(makeModel, { ...options, seed: 6 }).values).not.toEqual(a.values);
  });

  it('keeps parameters inside their bounds and leaves sd-0 parameters alone', () => {
    const bounded: ParameterSpec[] = [
      { id: 'mu', start: [0.01, 0.01], sd: 0 },
      { id: 'sigma', start: [0.08, 0.12], sd: 0.5, transform: 'logit', bounds: [0.05, 0.15] },
    ];
    const fit = iteratedFilter(makeModel, {
      params: bounded,
      iterations: 2,
      particles: 200,
      steps: 30,
      seed: 1,
    });
    for (let j = 0; j < 200; j++) {
      expect(fit.swarm[2 * j]).toBe(0.01);
      expect(fit.swarm[2 * j + 1]).toBeGreaterThan(0.05);
      expect(fit.swarm[2 * j + 1]).toBeLessThan(0.15);
    }
  });
});

describe('profileLikelihood', () => {
  it('peaks near the true sd with the drift fixed, with Monte Carlo standard errors', () => {
    const points = profileLikelihood((n) => makeModel(n), {
      params,
      profile: { id: 'sigma', values: [0.03, 0.1, 0.4] },
      others: 'fixed',
      at: { mu: truthParams.mu },
      particles: 500,
      steps: T,
      seed: 44,
      replicates: 5,
    });
    console.log(
      `profile (mu fixed): ${points.map((p) => `sigma ${p.value}: ${p.logLikelihood.toFixed(2)} ± ${p.se.toFixed(2)}`).join('; ')}`,
    );
    expect(points.map((p) => p.params.mu)).toEqual([0.01, 0.01, 0.01]);
    for (const p of points) {
      expect(p.se).toBeGreaterThan(0);
      expect(p.replicates.length).toBe(5);
    }
    const [low, mid, high] = points;
    expect(mid.logLikelihood - low.logLikelihood).toBeGreaterThan(3 * Math.hypot(mid.se, low.se));
    expect(mid.logLikelihood - high.logLikelihood).toBeGreaterThan(3 * Math.hypot(mid.se, high.se));
  });

  it('re-maximises the other parameters by a short IF2, holding the profiled one exactly', () => {
    const points = profileLikelihood((n) => makeModel(n), {
      params,
      profile: { id: 'sigma', values: [0.1, 0.2] },
      particles: 200,
      steps: 60,
      seed: 45,
      replicates: 3,
      if2: { iterations: 5 },
    });
    expect(points.map((p) => p.params.sigma)).toEqual([0.1, 0.2]);
    for (const p of points) {
      expect(Number.isFinite(p.logLikelihood)).toBe(true);
      expect(p.params.mu).toBeGreaterThan(-0.1);
      expect(p.params.mu).toBeLessThan(0.1);
    }
  });
});
