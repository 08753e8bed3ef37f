import { describe, expect, it } from 'vitest';
import {
  multinomialResample,
  planInPlace,
  stratifiedResample,
  systematicResample,
} from '../../../src/sim/assimilate/resample.js';
import { createRng } from '../../../src/sim/rng.js';

function randomWeights(n: number, seed: number, zeros = 0): Float64Array {
  const rng = createRng(seed, 'weights');
  const w = Float64Array.from({ length: n }, () => Math.log(1 - rng.next()) ** 2);
  for (let i = 0; i < zeros; i++) w[Math.floor(rng.next() * n)] = 0;
  const sum = w.reduce((a, b) => a + b, 0);
  return w.map((v) => v / sum);
}

const sum = (a: Int32Array) => a.reduce((x, y) => x + y, 0);

describe('resampling schemes', () => {
  it('systematic: the worked example', () => {
    expect(
      Array.from(systematicResample(new Float64Array([0.5, 0.25, 0.25]), 0.1, new Int32Array(3))),
    ).toEqual([2, 1, 0]);
  });

  it('systematic: every particle gets ⌊N w⌋ or ⌈N w⌉ copies, N in all, none for weight 0', () => {
    for (const n of [1, 2, 7, 100, 1000]) {
      const w = randomWeights(n, n, Math.floor(n / 5));
      const rng = createRng(n, 'u');
      for (const u of [0, 0.5, 1 - 2 ** -53, rng.next(), rng.next()]) {
        const c = systematicResample(w, u, new Int32Array(n));
        expect(sum(c)).toBe(n);
        for (let i = 0; i < n; i++) {
          const e = n * w[i];
          // c ∈ {⌊e⌋, ⌈e⌉} ⇔ |c − e| < 1 (e not an integer; 1e-9 for an e a rounding away from one).
          expect(Math.abs(c[i] - e)).toBeLessThan(1 + 1e-9);
          if (w[i] === 0) expect(c[i]).toBe(0);
        }
      }
    }
  });

  it('uniform weights: systematic and stratified give one copy each', () => {
    const n = 64;
    const w = new Float64Array(n).fill(1 / n);
    expect(Array.from(systematicResample(w, 0.37, new Int32Array(n)))).toEqual(new Array(n).fill(1));
    expect(Array.from(stratifiedResample(w, createRng(1), new Int32Array(n)))).toEqual(new Array(n).fill(1));
  });

  it('weights that do not quite sum to 1 never send a point past the last particle', () => {
    const w = new Float64Array([0.3, 0.3, 0.4 - 1e-15, 0]);
    const c = systematicResample(w, 1 - 2 ** -53, new Int32Array(4));
    expect(sum(c)).toBe(4);
    expect(c[3]).toBe(0);
  });

  it('multinomial and stratified are unbiased: mean counts match N w', () => {
    const n = 20;
    const w = randomWeights(n, 5, 3);
    const reps = 20_000;
    for (const scheme of [multinomialResample, stratifiedResample]) {
      const rng = createRng(9, scheme.name);
      const total = new Float64Array(n);
      const c = new Int32Array(n);
      for (let r = 0; r < reps; r++) {
        scheme(w, rng, c);
        expect(sum(c)).toBe(n);
        for (let i = 0; i < n; i++) total[i] += c[i];
      }
      for (let i = 0; i < n; i++) {
        const e = n * w[i];
        // Multinomial variance N w (1 − w) bounds both schemes' variance.
        const se = Math.sqrt((e * (1 - w[i])) / reps);
        expect(Math.abs(total[i] / reps - e)).toBeLessThanOrEqual(4 * se + 1e-12);
        if (w[i] === 0) expect(total[i]).toBe(0);
      }
    }
  });

  it('systematic over uniform offsets is unbiased too', () => {
    const n = 13;
    const w = randomWeights(n, 8);
    const reps = 10_000;
    const total = new Float64Array(n);
    const c = new Int32Array(n);
    for (let r = 0; r < reps; r++) {
      systematicResample(w, (r + 0.5) / reps, c);
      for (let i = 0; i < n; i++) total[i] += c[i];
    }
    // A stratified grid of offsets integrates the count exactly up to O(1/reps).
    for (let i = 0; i < n; i++) expect(total[i] / reps).toBeCloseTo(n * w[i], 3);
  });

  it('rejects invalid weights', () => {
    expect(() => systematicResample(new Float64Array([0, 0]), 0.5, new Int32Array(2))).toThrow(/zero/);
    expect(() => systematicResample(new Float64Array([Number.NaN, 1]), 0.5, new Int32Array(2))).toThrow(
      /weight 0/,
    );
    expect(() => systematicResample(new Float64Array([-1, 2]), 0.5, new Int32Array(2))).toThrow(/weight 0/);
  });
});

describe('planInPlace', () => {
  it('keeps survivors in their slots, fills the empty ones, never reads an overwritten slot', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const n = 500;
      const w = randomWeights(n, seed, 50);
      const counts = systematicResample(w, createRng(seed).next(), new Int32Array(n));
      // Slot contents: the identity of the particle each slot holds.
      const content = Int32Array.from({ length: n }, (_, j) => j);
      const written = new Uint8Array(n);
      const ancestors = planInPlace(counts, new Int32Array(n), (from, to) => {
        expect(written[from]).toBe(0);
        expect(counts[from]).toBeGreaterThan(0);
        expect(counts[to]).toBe(0);
        expect(written[to]).toBe(0);
        written[to] = 1;
        content[to] = content[from];
      });
      const held = new Int32Array(n);
      for (let j = 0; j < n; j++) {
        held[content[j]]++;
        expect(content[j]).toBe(ancestors[j]);
        if (counts[j] > 0) expect(ancestors[j]).toBe(j);
      }
      expect(Array.from(held)).toEqual(Array.from(counts));
    }
  });

  it('rejects counts that do not sum to N', () => {
    expect(() => planInPlace(new Int32Array([2, 0, 0]), new Int32Array(3), () => {})).toThrow(/sum to 2/);
  });
});
