import { describe, expect, it } from 'vitest';
import { traceLineages } from '../../../src/sim/assimilate/lineages.js';
import { particleFilter } from '../../../src/sim/assimilate/particle-filter.js';
import { weightedQuantiles } from '../../../src/sim/assimilate/weighted-quantiles.js';
import { createRng } from '../../../src/sim/rng.js';
import { CountModel, type CountWalk, simulateCounts } from './models.js';

/**
 * Synthetic truth: counts from a known log-intensity random walk with negative binomial noise, filtered
 * by the true model. The 90% filtered band p(x_t | y_0:t) and the 90% smoothed band p(x_t | y_0:T−1)
 * (genealogy tracing) should each hold the true latent path at about 90% of the steps; at least 80% is
 * required (150 steps: the binomial sd of a 90% coverage is 2.4 points, and lineages coalesce far back).
 */
describe('truth recovery on a nonlinear count model', () => {
  const s: CountWalk = { mu: 0, sigma: 0.15, k: 20, m0: 3, s0: 0.5 };
  const T = 150;
  const N = 2000;
  const truth = simulateCounts(T, s, createRng(21, 'truth'));

  it('covers the true latent path with its filtered and smoothed 90% bands', () => {
    const model = new CountModel(N, truth.y, s);
    const recorded = new Float64Array(T * N);
    const filtered = new Float64Array(2 * T);
    const run = particleFilter(model, {
      particles: N,
      steps: T,
      seed: 22,
      onStep: (t, w) => {
        recorded.set(model.x, t * N);
        filtered.set(weightedQuantiles(model.x, w, [0.05, 0.95]), 2 * t);
      },
    });
    const finals = Int32Array.from({ length: N }, (_, j) => j);
    const lineage = traceLineages(run.ancestry, finals);
    const path = new Float64Array(N);
    let inFiltered = 0;
    let inSmoothed = 0;
    let filteredWidth = 0;
    let smoothedWidth = 0;
    for (let t = 0; t < T; t++) {
      const x = truth.x[t];
      if (x >= filtered[2 * t] && x <= filtered[2 * t + 1]) inFiltered++;
      filteredWidth += (filtered[2 * t + 1] - filtered[2 * t]) / T;
      for (let i = 0; i < N; i++) path[i] = recorded[t * N + lineage[t * N + i]];
      const [lo, hi] = weightedQuantiles(path, run.weights, [0.05, 0.95]);
      if (x >= lo && x <= hi) inSmoothed++;
      smoothedWidth += (hi - lo) / T;
    }
    const distinctAtStart = new Set(lineage.subarray(0, N)).size;
    console.log(
      `coverage of the true path: filtered ${((100 * inFiltered) / T).toFixed(1)}% (mean width ${filteredWidth.toFixed(3)}), ` +
        `smoothed ${((100 * inSmoothed) / T).toFixed(1)}% (mean width ${smoothedWidth.toFixed(3)}); ` +
        `${distinctAtStart} distinct ancestors at t = 0; resampled at ${run.resampled.reduce((a, b) => a + b, 0)} of ${T} steps`,
    );
    expect(inFiltered / T).toBeGreaterThanOrEqual(0.8);
    expect(inSmoothed / T).toBeGreaterThanOrEqual(0.8);
    // Smoothing uses the later data too: its band is narrower on average.
    expect(smoothedWidth).toBeLessThan(filteredWidth);
  });
});
