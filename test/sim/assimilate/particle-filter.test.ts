import { describe, expect, it } from 'vitest';
import {
  type ParticleFilterOptions,
  type ParticleModel,
  particleFilter,
} from '../../../src/sim/assimilate/particle-filter.js';
import { particleStream } from '../../../src/sim/assimilate/streams.js';
import { createRng, type Rng } from '../../../src/sim/rng.js';
import { type LocalLevel, LocalLevelModel, simulateLocalLevel } from './models.js';

const s: LocalLevel = { q: 0.5, r: 1, m0: 0, p0: 4 };
const T = 60;
const N = 300;
const data = simulateLocalLevel(T, s, createRng(31, 'truth')).y;

/** A local level whose slots also carry an identity, and that checks every copy the filter asks for. */
class RecordingModel extends LocalLevelModel {
  readonly id: Int32Array;
  /** Slots overwritten since the last `beginStep`. */
  private written: Uint8Array;
  copies = 0;
  badReads = 0;

  constructor(n: number, y: Float64Array) {
    super(n, y, s);
    this.id = Int32Array.from({ length: n }, (_, j) => j);
    this.written = new Uint8Array(n);
  }

  beginStep(): void {
    this.written.fill(0);
  }

  override copy(from: number, to: number): void {
    if (this.written[from]) this.badReads++;
    this.written[to] = 1;
    this.copies++;
    this.id[to] = this.id[from];
    super.copy(from, to);
  }
}

function run(y: Float64Array, options: Partial<ParticleFilterOptions> = {}) {
  const weights: Float64Array[] = [];
  const model = new LocalLevelModel(N, y, s);
  const result = particleFilter(model, {
    particles: N,
    steps: T,
    seed: 7,
    ...options,
    onStep: (_t, w) => {
      weights.push(w.slice());
    },
  });
  return { result, weights };
}

describe('particleFilter', () => {
  it('resamples in place: copies read only intact slots, offspring match the weights', () => {
    for (const resample of ['systematic', 'stratified', 'multinomial'] as const) {
      const model = new RecordingModel(N, data);
      // What each slot held, and the weights, when onStep saw step t; what it held after step t.
      const before: Int32Array[] = [];
      const after: Int32Array[] = [];
      const weights: Float64Array[] = [];
      const result = particleFilter(model, {
        particles: N,
        steps: T,
        seed: 8,
        resample,
        essThreshold: 1,
        onStep: (t, w) => {
          if (t > 0) after.push(model.id.slice());
          model.beginStep();
          before.push(model.id.slice());
          weights.push(w.slice());
        },
      });
      after.push(model.id.slice());
      expect(model.badReads).toBe(0);
      expect(model.copies).toBeGreaterThan(0);
      expect(result.resampled.every((r) => r === 1)).toBe(true);
      // Counted, then asserted once: 60 steps × 300 slots of expect() calls would dominate the test's time.
      let misplaced = 0;
      let movedSurvivors = 0;
      let zeroWeightParents = 0;
      let outsideFloorCeil = 0;
      for (let t = 0; t < T; t++) {
        // Slot j holds what slot ancestry[t][j] held when onStep saw step t.
        const ancestry = result.ancestry[t];
        const offspring = new Int32Array(N);
        for (let j = 0; j < N; j++) {
          if (after[t][j] !== before[t][ancestry[j]]) misplaced++;
          offspring[ancestry[j]]++;
        }
        for (let j = 0; j < N; j++) {
          if (offspring[j] > 0 && ancestry[j] !== j) movedSurvivors++;
          if (weights[t][j] === 0 && offspring[j] > 0) zeroWeightParents++;
          if (resample === 'systematic' && !(Math.abs(offspring[j] - N * weights[t][j]) < 1 + 1e-9))
            outsideFloorCeil++;
        }
      }
      expect({ misplaced, movedSurvivors, zeroWeightParents, outsideFloorCeil }).toEqual({
        misplaced: 0,
        movedSurvivors: 0,
        zeroWeightParents: 0,
        outsideFloorCeil: 0,
      });
    }
  });

  it('resamples exactly when ESS < threshold · N (1: always, 0: never)', () => {
    const always = run(data, { essThreshold: 1 }).result;
    expect(Array.from(always.resampled)).toEqual(new Array(T).fill(1));
    const never = run(data, { essThreshold: 0 }).result;
    expect(Array.from(never.resampled)).toEqual(new Array(T).fill(0));
    expect(never.ancestry[T - 1]).toEqual(Int32Array.from({ length: N }, (_, j) => j));
    const { result: adaptive } = run(data, { essThreshold: 0.5 });
    const count = adaptive.resampled.reduce((a, b) => a + b, 0);
    expect(count).toBeGreaterThan(0);
    expect(count).toBeLessThan(T);
    for (let t = 0; t < T; t++) expect(adaptive.resampled[t]).toBe(adaptive.ess[t] < 0.5 * N ? 1 : 0);
  });

  it('without resampling, the estimate is the importance-sampling mean of each path’s likelihood', () => {
    // Sequential importance sampling: p̂(y) = (1/N) Σ_j Π_t p(y_t | x_t^j), which the step terms must
    // reproduce when weights are carried across steps instead of reset.
    class Tracked extends LocalLevelModel {
      readonly total = new Float64Array(N);
      override logLikelihood(slot: number, t: number): number {
        const ll = super.logLikelihood(slot, t);
        this.total[slot] += ll;
        return ll;
      }
    }
    const model = new Tracked(N, data, s);
    const result = particleFilter(model, { particles: N, steps: 20, seed: 9, essThreshold: 0 });
    const max = Math.max(...model.total);
    const direct = max + Math.log(model.total.reduce((a, v) => a + Math.exp(v - max), 0) / N);
    expect(result.logLikelihood).toBeCloseTo(direct, 10);
    let sum = 0;
    for (const v of result.logLikelihoodByStep) sum += v;
    expect(result.logLikelihood).toBeCloseTo(sum, 12);
    // The final weights are each path's likelihood, normalised.
    for (let j = 0; j < N; j++)
      expect(result.weights[j]).toBeCloseTo(Math.exp(model.total[j] - direct) / N, 12);
  });

  it('does not look ahead: changing y after step k leaves steps 0..k unchanged', () => {
    const k = 29;
    const changed = data.slice();
    for (let t = k + 1; t < T; t++) changed[t] += 5 * Math.sin(t);
    for (const essThreshold of [0.5, 1]) {
      const a = run(data, { essThreshold });
      const b = run(changed, { essThreshold });
      expect(Array.from(b.result.logLikelihoodByStep.subarray(0, k + 1))).toEqual(
        Array.from(a.result.logLikelihoodByStep.subarray(0, k + 1)),
      );
      for (let t = 0; t <= k; t++) {
        expect(b.weights[t]).toEqual(a.weights[t]);
        expect(b.result.ancestry[t]).toEqual(a.result.ancestry[t]);
      }
      expect(b.result.logLikelihoodByStep[k + 1]).not.toBe(a.result.logLikelihoodByStep[k + 1]);
    }
  });

  it('a step without observation leaves the weights alone and adds 0', () => {
    const gap = data.slice();
    gap[10] = Number.NaN;
    const { result, weights } = run(gap, { essThreshold: 0 });
    // Log-weights are renormalised every step, so "0" is 0 up to rounding.
    expect(result.logLikelihoodByStep[10]).toBeCloseTo(0, 14);
    for (let j = 0; j < N; j++) expect(weights[10][j]).toBeCloseTo(weights[9][j], 14);
  });

  it('gives propagate the stream of (seed, t, slot)', () => {
    const seen = new Map<string, number>();
    const model: ParticleModel = {
      propagate: (slot: number, t: number, rng: Rng) => {
        seen.set(`${t}:${slot}`, rng.next());
      },
      logLikelihood: (slot: number) => -slot * 0.01,
      copy: () => {},
    };
    particleFilter(model, { particles: 50, steps: 5, seed: 123 });
    for (let t = 0; t < 5; t++)
      for (let j = 0; j < 50; j++) expect(seen.get(`${t}:${j}`)).toBe(particleStream(123, t, j).next());
  });

  it('is deterministic: same seed, same output; another seed, another output', () => {
    for (const resample of ['systematic', 'stratified', 'multinomial'] as const) {
      const a = run(data, { resample, seed: 5 });
      const b = run(data, { resample, seed: 5 });
      expect(b.result).toEqual(a.result);
      expect(b.weights).toEqual(a.weights);
      const c = run(data, { resample, seed: 6 });
      expect(c.result.logLikelihood).not.toBe(a.result.logLikelihood);
      expect(c.result.weights).not.toEqual(a.result.weights);
    }
  });

  it('reports a step where every particle is impossible and carries on', () => {
    const model: ParticleModel = {
      propagate: () => {},
      logLikelihood: (_slot: number, t: number) => (t === 2 ? Number.NEGATIVE_INFINITY : 0),
      copy: () => {},
    };
    const result = particleFilter(model, { particles: 10, steps: 4, seed: 1 });
    expect(result.failures).toBe(1);
    expect(result.logLikelihood).toBe(Number.NEGATIVE_INFINITY);
    expect(result.logLikelihoodByStep[3]).toBe(0);
    expect(result.resampled[2]).toBe(0);
  });

  it('throws on a NaN log-likelihood, and when aborted', () => {
    const model: ParticleModel = {
      propagate: () => {},
      logLikelihood: (slot: number, t: number) => (t === 1 && slot === 3 ? Number.NaN : 0),
      copy: () => {},
    };
    expect(() => particleFilter(model, { particles: 5, steps: 3, seed: 1 })).toThrow(
      /slot 3 at step 1 is NaN/,
    );
    const controller = new AbortController();
    controller.abort();
    expect(() => run(data, { signal: controller.signal })).toThrow();
  });

  it('keeps no ancestry on request', () => {
    expect(run(data, { ancestry: false }).result.ancestry).toEqual([]);
  });
});
