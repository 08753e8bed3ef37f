import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { morrisDesign, saltelliDesign, sobolPoints } from '../../src/explore/design.js';
import { morrisIndices, normalQuantile, sobolIndices } from '../../src/explore/sensitivity.js';
import { createRng } from '../../src/sim/rng.js';
import { gFunction, ishigami, SALIB_INPUT } from '../fixtures/explore/make-salib-input.js';

const rng = () => createRng(2026, 'bootstrap');

/**
 * Ishigami (a = 7, b = 0.1), x_i ~ U(−π, π), f = sin x1 + a sin² x2 + b x3⁴ sin x1.
 * Moments used: E sin² = 1/2, E sin⁴ = 3/8, E x⁴ = π⁴/5, E x⁸ = π⁸/9, odd moments 0.
 *   E[f | x1] − E f = sin x1 (1 + bπ⁴/5)          → V1 = (1 + bπ⁴/5)² / 2
 *   E[f | x2] − E f = a (sin² x2 − 1/2)           → V2 = a² (3/8 − 1/4) = a²/8
 *   E[f | x3] − E f = 0                           → V3 = 0
 *   remainder b (x3⁴ − π⁴/5) sin x1                → V13 = b² (π⁸/9 − π⁸/25) / 2 = 8 b² π⁸ / 225
 *   V = V1 + V2 + V13 = 13.8446; S1 = V1/V, S2 = V2/V, S3 = 0; ST1 = (V1 + V13)/V, ST2 = S2, ST3 = V13/V.
 */
function ishigamiIndices(a = 7, b = 0.1) {
  const v1 = (1 + (b * Math.PI ** 4) / 5) ** 2 / 2;
  const v2 = (a * a) / 8;
  const v13 = (8 * b * b * Math.PI ** 8) / 225;
  const v = v1 + v2 + v13;
  return { S1: [v1 / v, v2 / v, 0], ST: [(v1 + v13) / v, v2 / v, v13 / v] };
}

/**
 * Expected μ* of the g-function on `morrisDesign` with p = 4 levels {0, 1/3, 2/3, 1}, Δ = 2/3.
 * g_i(x) = (|4x − 2| + a_i)/(1 + a_i) takes (2 + a)/(1 + a) at 0 and 1 and (2/3 + a)/(1 + a) at 1/3
 * and 2/3. The only moves are 0 ↔ 2/3 and 1/3 ↔ 1, each changing |4x − 2| by 4/3, so every step has
 * |Δg_i|/Δ = (4/3)/(1 + a_i) / (2/3) = 2/(1 + a_i). The elementary effect of factor i is that times
 * Π_{j≠i} g_j(x_j) at the moment of the move. In the design each factor starts uniformly on the four
 * levels, independently, and its move (0↔2, 1↔3 in level numbers) maps that uniform law onto itself,
 * so whether or not factor j has moved yet, x_j is uniform on the grid and independent of the others.
 * Hence (g_j > 0) E|EE_i| = 2/(1 + a_i) · Π_{j≠i} ḡ_j with the grid mean
 * ḡ_j = [2(2 + a_j) + 2(2/3 + a_j)] / (4(1 + a_j)) = (4/3 + a_j)/(1 + a_j)  (not 1, the continuous mean).
 */
function gMuStar(a: readonly number[]): number[] {
  const mean = a.map((aj) => (4 / 3 + aj) / (1 + aj));
  return a.map((ai, i) => (2 / (1 + ai)) * mean.reduce((p, m, j) => (j === i ? p : p * m), 1));
}

describe('normalQuantile', () => {
  it('matches scipy.stats.norm.ppf', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 8);
    expect(normalQuantile(0.995)).toBeCloseTo(2.5758293035489004, 8);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.3263478740408408, 8);
    expect(normalQuantile(0.5)).toBe(0);
  });
});

describe('sobolIndices', () => {
  it('recovers the Ishigami indices with N = 2^12, analytical values inside the bootstrap intervals', () => {
    const N = 2 ** 12;
    const k = 3;
    const s = sobolIndices(ishigami(saltelliDesign(N, k)), N, k, { rng: rng() });
    const truth = ishigamiIndices();
    expect(truth.S1[0]).toBeCloseTo(0.3139, 4);
    expect(truth.S1[1]).toBeCloseTo(0.4424, 4);
    expect(truth.ST[0]).toBeCloseTo(0.5576, 4);
    expect(truth.ST[2]).toBeCloseTo(0.2437, 4);
    for (let i = 0; i < k; i++) {
      expect(Math.abs(s.S1[i] - truth.S1[i])).toBeLessThan(0.02);
      expect(Math.abs(s.ST[i] - truth.ST[i])).toBeLessThan(0.02);
      expect(s.S1_low[i]).toBeLessThan(truth.S1[i]);
      expect(s.S1_high[i]).toBeGreaterThan(truth.S1[i]);
      expect(s.ST_low[i]).toBeLessThan(truth.ST[i]);
      expect(s.ST_high[i]).toBeGreaterThan(truth.ST[i]);
      // Intervals of useful width: a bootstrap that never resampled would collapse them.
      expect(s.S1_high[i] - s.S1_low[i]).toBeGreaterThan(0.005);
      expect(s.S1_high[i] - s.S1_low[i]).toBeLessThan(0.2);
    }
  });

  it('returns NaN indices for an outcome that never changes', () => {
    const N = 16;
    const s = sobolIndices(new Float64Array(N * 5).fill(0.1), N, 3, { rng: rng(), resamples: 10 });
    for (const values of Object.values(s)) expect(Array.from(values).every(Number.isNaN)).toBe(true);
  });

  it('refuses NaN outputs, naming how many rows, and outputs of the wrong length', () => {
    const N = 8;
    const y = ishigami(saltelliDesign(N, 3));
    y[3] = Number.NaN;
    y[17] = Number.NaN;
    expect(() => sobolIndices(y, N, 3, { rng: rng() })).toThrow(/2 of 40 output rows are NaN.*row 3/);
    expect(() => sobolIndices(y.subarray(1), N, 3, { rng: rng() })).toThrow(/N\(k\+2\) = 40/);
  });

  it('is reproducible by seed', () => {
    const y = ishigami(saltelliDesign(64, 3));
    const a = sobolIndices(y, 64, 3, { rng: rng(), resamples: 200 });
    expect(sobolIndices(y, 64, 3, { rng: rng(), resamples: 200 })).toEqual(a);
  });
});

describe('morrisIndices', () => {
  const a = [0, 1, 4.5, 9, 99, 99, 99, 99];

  it('gives each factor its coefficient for a linear function, with zero spread', () => {
    const c = [3, -2, 0.5, 0];
    const k = c.length;
    const x = morrisDesign(30, k, { rng: createRng(4, 'design'), levels: 6 });
    const y = new Float64Array(x.length / k);
    for (let i = 0; i < y.length; i++) for (let j = 0; j < k; j++) y[i] += c[j] * x[i * k + j];
    const m = morrisIndices(x, y, k, { rng: rng() });
    for (let j = 0; j < k; j++) {
      expect(m.mu[j]).toBeCloseTo(c[j], 12);
      expect(m.muStar[j]).toBeCloseTo(Math.abs(c[j]), 12);
      expect(m.sigma[j]).toBeLessThan(1e-12);
      expect(m.muStarConf[j]).toBeLessThan(1e-12);
    }
  });

  it('recovers μ* of the g-function on the 4-level grid and ranks the factors', () => {
    const k = a.length;
    const x = morrisDesign(2000, k, { rng: createRng(8, 'design') });
    const m = morrisIndices(x, gFunction(x, a), k, { rng: rng() });
    const truth = gMuStar(a);
    // 2.5915, 1.4809, 0.5923, 0.3344, then 0.0344 for each a = 99.
    expect(truth[0]).toBeCloseTo(2.5915, 4);
    for (let j = 0; j < k; j++) {
      expect(Math.abs(m.muStar[j] / truth[j] - 1)).toBeLessThan(0.04);
      expect(Math.abs(m.muStar[j] - truth[j])).toBeLessThan(2 * m.muStarConf[j]);
      expect(m.muStarConf[j]).toBeGreaterThan(0);
    }
    expect(m.muStar[0]).toBeGreaterThan(m.muStar[1]);
    expect(m.muStar[1]).toBeGreaterThan(m.muStar[2]);
    expect(m.muStar[2]).toBeGreaterThan(m.muStar[3]);
    expect(m.muStar[3]).toBeGreaterThan(5 * Math.max(...m.muStar.subarray(4)));
  });

  it('refuses designs whose steps move several factors, and NaN outputs', () => {
    const k = 3;
    const x = morrisDesign(4, k, { rng: createRng(1, 'design') });
    const y = gFunction(x, [0, 1, 2]);
    const broken = x.slice();
    broken[1 * k + 0] = broken[0] === 0 ? 1 : 0; // row 1 changes factor 0 as well as its own
    broken[1 * k + 1] = broken[1] === 0 ? 1 : 0;
    broken[1 * k + 2] = broken[2] === 0 ? 1 : 0;
    expect(() => morrisIndices(broken, y, k, { rng: rng() })).toThrow(/row 1 .*changes 3 factors/);
    y[5] = Number.NaN;
    expect(() => morrisIndices(x, y, k, { rng: rng() })).toThrow(/1 of 16 output rows are NaN/);
  });
});

describe('SALib peer (test/fixtures/explore/salib-peer.py)', () => {
  const input = JSON.parse(readFileSync('test/fixtures/explore/salib-input.json', 'utf8'));
  const expected = JSON.parse(readFileSync('test/fixtures/explore/salib-expected.json', 'utf8'));

  /** Relative difference, with an absolute floor so values near 0 are compared on the index scale. */
  function maxRelDiff(ours: ArrayLike<number>, theirs: number[], floor = 1e-3): number {
    let worst = 0;
    theirs.forEach((t, i) => {
      worst = Math.max(worst, Math.abs(ours[i] - t) / Math.max(Math.abs(t), floor));
    });
    return worst;
  }

  it('stores the designs our code generates now (else rerun make-salib-input.ts and the peer)', () => {
    const { ishigami: is, morris: mo } = SALIB_INPUT;
    expect(input.ishigami.base).toEqual(Array.from(sobolPoints(is.N, 2 * is.k)));
    const x = morrisDesign(mo.r, mo.k, { rng: createRng(mo.seed, mo.stream), levels: mo.levels });
    expect(input.morris.x).toEqual(Array.from(x));
    expect(maxRelDiff(ishigami(saltelliDesign(is.N, is.k)), input.ishigami.y)).toBeLessThan(1e-12);
  });

  it('has SALib and scipy produce the same Sobol points and Saltelli design', () => {
    expect(expected.checks.salibDesignMaxAbsDiff).toBe(0);
    expect(expected.checks.scipySobolMaxAbsDiff).toBe(0);
    expect(expected.checks.directionRowsMatched).toBe(1023);
    const { n, d, weightedSums } = expected.checks.scipySobolDigest;
    const x = sobolPoints(n, d);
    const ours = new Float64Array(d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) ours[j] += (i + 1) * x[i * d + j];
    // Exact: every term is a dyadic rational with few bits.
    expect(Array.from(ours)).toEqual(weightedSums);
  });

  it('matches SALib sobol.analyze(calc_second_order=False) point estimates to 1e-9', () => {
    const { N, k, y } = input.ishigami;
    const s = sobolIndices(Float64Array.from(y), N, k, { rng: rng() });
    expect(maxRelDiff(s.S1, expected.sobol.S1)).toBeLessThan(1e-9);
    expect(maxRelDiff(s.ST, expected.sobol.ST)).toBeLessThan(1e-9);
    // Intervals: our percentile half-width against SALib's z × bootstrap SD — same size, not digits.
    for (let i = 0; i < k; i++) {
      expect((s.S1_high[i] - s.S1_low[i]) / 2 / expected.sobol.S1_conf[i]).toBeGreaterThan(0.75);
      expect((s.S1_high[i] - s.S1_low[i]) / 2 / expected.sobol.S1_conf[i]).toBeLessThan(1.33);
      expect((s.ST_high[i] - s.ST_low[i]) / 2 / expected.sobol.ST_conf[i]).toBeGreaterThan(0.75);
      expect((s.ST_high[i] - s.ST_low[i]) / 2 / expected.sobol.ST_conf[i]).toBeLessThan(1.33);
    }
  });

  it('matches SALib morris.analyze point estimates to 1e-9', () => {
    const { k, x, y } = input.morris;
    const m = morrisIndices(Float64Array.from(x), Float64Array.from(y), k, { rng: rng() });
    expect(maxRelDiff(m.mu, expected.morris.mu)).toBeLessThan(1e-9);
    expect(maxRelDiff(m.muStar, expected.morris.mu_star)).toBeLessThan(1e-9);
    expect(maxRelDiff(m.sigma, expected.morris.sigma)).toBeLessThan(1e-9);
    // Same convention (z × bootstrap SD), different random streams: equal within resampling noise.
    expect(maxRelDiff(m.muStarConf, expected.morris.mu_star_conf)).toBeLessThan(0.2);
  });
});
