import { describe, expect, it } from 'vitest';
import {
  crpsFromPmf,
  expectedLog1p,
  mixturePmf,
  nbPmf,
  pmfMean,
  quantilesFromPmf,
  upperTail,
} from '../../src/forecast/nb-dist.js';
import { lgamma, referencePmf } from './reference-nb.js';

/**
 * The NB2 distribution helpers against values computed here independently: exact rational pmfs for
 * integer sizes, the closed form through a log-gamma written here, the Poisson limit by factorials,
 * CRPS by its definition and by the kernel form E|X − y| − ½E|X − X′| (Gneiting & Raftery 2007).
 */

function factorial(n: number): number {
  let f = 1;
  for (let j = 2; j <= n; j++) f *= j;
  return f;
}

function binomial(n: number, k: number): number {
  return factorial(n) / (factorial(k) * factorial(n - k));
}

const sum = (xs: ArrayLike<number>) => Array.from(xs).reduce((s, v) => s + v, 0);

function expectRelClose(actual: number, expected: number, rel: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.abs(expected) + 1e-300);
}

describe('the log-gamma used by these tests', () => {
  it('matches log n! and log √π', () => {
    for (let n = 0; n <= 20; n++) expect(lgamma(n + 1)).toBeCloseTo(Math.log(factorial(n)), 12);
    expect(lgamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
    expect(lgamma(1.5)).toBeCloseTo(0.5 * Math.log(Math.PI) - Math.log(2), 12);
  });
});

describe('nbPmf', () => {
  it('is exact for integer sizes: α = 1, μ = 1 is the geometric 2^−(k+1)', () => {
    const pmf = nbPmf(1, 1);
    for (let k = 0; k < 30; k++) expectRelClose(pmf[k], 2 ** -(k + 1), 1e-12);
  });

  it('is exact for integer sizes: α = 0.5, μ = 2 gives (k + 1) / 2^(k+2)', () => {
    // r = 2, p = r / (r + μ) = 1/2: P(k) = C(k + 1, 1) p² (1 − p)^k.
    const pmf = nbPmf(2, 0.5);
    for (let k = 0; k < 30; k++) expectRelClose(pmf[k], (k + 1) / 2 ** (k + 2), 1e-12);
  });

  it('is exact for integer sizes: α = 0.25, μ = 4 gives C(k + 3, 3) / 2^(k+4)', () => {
    const pmf = nbPmf(4, 0.25);
    for (let k = 0; k < 15; k++) expectRelClose(pmf[k], binomial(k + 3, 3) / 2 ** (k + 4), 1e-12);
  });

  const grid: [number, number][] = [];
  for (const mu of [0.01, 0.3, 1, 4.5, 27, 300])
    for (const alpha of [1e-6, 0.01, 0.3, 2, 10]) grid.push([mu, alpha]);

  it.each(grid)('P(0) = (1 + αμ)^(−1/α) for μ = %s, α = %s', (mu, alpha) => {
    expectRelClose(nbPmf(mu, alpha)[0], (1 + alpha * mu) ** (-1 / alpha), 1e-9);
  });

  it.each(grid)(
    'matches the closed form Γ(k + r)/(Γ(r) k!) p^r (1 − p)^k for μ = %s, α = %s',
    (mu, alpha) => {
      const pmf = nbPmf(mu, alpha);
      const ref = referencePmf(mu, alpha);
      for (let k = 0; k < pmf.length; k++) {
        if (ref[k] < 1e-200) continue;
        expectRelClose(pmf[k], ref[k], 1e-9);
      }
    },
  );

  it.each(grid)('sums to 1, has mean μ and variance μ + αμ² (μ = %s, α = %s)', (mu, alpha) => {
    const pmf = nbPmf(mu, alpha);
    // The support stops at μ + 40 sd. With α = 10 (q = μ/(r + μ) near 1, a very long tail) ~3e-8 of
    // mass lies beyond, far out, which shows in the mean (~1e-5) and the variance (~1e-4).
    const heavy = alpha >= 10;
    expect(Math.abs(sum(pmf) - 1)).toBeLessThan(heavy ? 1e-7 : 1e-9);
    expect(pmf.length).toBeGreaterThan(mu);
    const m = pmfMean(pmf);
    expectRelClose(m, mu, heavy ? 2e-5 : 1e-7);
    let v = 0;
    for (let k = 0; k < pmf.length; k++) v += pmf[k] * (k - m) ** 2;
    expectRelClose(v, mu + alpha * mu * mu, heavy ? 2e-4 : 1e-5);
  });

  it('tends to the Poisson as α → 0 (and is the Poisson at α = 0)', () => {
    const mu = 3;
    const poisson = (k: number) => (Math.exp(-mu) * mu ** k) / factorial(k);
    for (const alpha of [0, 1e-10]) {
      const pmf = nbPmf(mu, alpha);
      for (let k = 0; k <= 18; k++) expectRelClose(pmf[k], poisson(k), 1e-12);
    }
    // Just above the switch to the Poisson (α = 1e-8) and a little further: relative gap O(α k²).
    for (const alpha of [1e-8, 2e-8, 1e-6]) {
      const pmf = nbPmf(mu, alpha);
      for (let k = 0; k <= 15; k++) expectRelClose(pmf[k], poisson(k), 1e-3 * alpha * 1e6 + 1e-6);
    }
  });

  it('is a point mass at 0 when the mean is 0 (or not positive)', () => {
    expect(Array.from(nbPmf(0, 0.5))).toEqual([1]);
    expect(Array.from(nbPmf(-1, 0.5))).toEqual([1]);
  });

  it('keeps its mass for large means with little dispersion (P(0) underflows)', () => {
    // e^−800 is 0 in double precision; the pmf must not collapse to all zeros.
    for (const [mu, alpha] of [
      [800, 0],
      [2000, 1e-4],
      [2000, 1e-8],
      [730, 0],
    ] as [number, number][]) {
      const pmf = nbPmf(mu, alpha);
      expect(Math.abs(sum(pmf) - 1)).toBeLessThan(1e-9);
      expectRelClose(pmfMean(pmf), mu, 1e-8);
      const k = Math.round(mu);
      const ref = alpha === 0 ? Math.exp(-mu + k * Math.log(mu) - lgamma(k + 1)) : referencePmf(mu, alpha)[k];
      expectRelClose(pmf[k], ref, 1e-8);
      const [, median] = quantilesFromPmf(pmf, [0.05, 0.5]);
      expect(Math.abs(median - mu)).toBeLessThanOrEqual(1);
    }
  });
});

describe('quantilesFromPmf: the smallest k with P(Y ≤ k) ≥ q', () => {
  it('takes k itself when the CDF reaches q exactly at k', () => {
    const pmf = Float64Array.of(0.25, 0.25, 0.5);
    expect(quantilesFromPmf(pmf, [0, 0.1, 0.25])).toEqual([0, 0, 0]);
    expect(quantilesFromPmf(pmf, [0.2500001, 0.5])).toEqual([1, 1]);
    expect(quantilesFromPmf(pmf, [0.5000001, 0.99, 1])).toEqual([2, 2, 2]);
  });

  it('does not step past k when the CDF misses q by rounding (0.7 + 0.2 < 0.9 in floating point)', () => {
    expect(0.7 + 0.2 < 0.9).toBe(true);
    expect(quantilesFromPmf(Float64Array.of(0.7, 0.2, 0.1), [0.9])).toEqual([1]);
    expect(quantilesFromPmf(Float64Array.of(0.1, 0.2, 0.7), [0.3, 0.30001])).toEqual([1, 2]);
  });

  it('skips zero-probability values and stops at the last value when q exceeds the stored mass', () => {
    expect(quantilesFromPmf(Float64Array.of(0, 0, 0.5, 0, 0.5), [0.05, 0.5, 0.51, 0.95])).toEqual([
      2, 2, 4, 4,
    ]);
    expect(quantilesFromPmf(Float64Array.of(0.5, 0.4), [0.95, 1])).toEqual([1, 1]);
  });

  it('agrees with a scan of the CDF for NB pmfs', () => {
    const qs = [0.05, 0.25, 0.5, 0.75, 0.95];
    for (const [mu, alpha] of [
      [0.2, 1.5],
      [3, 0.4],
      [40, 0.1],
    ] as [number, number][]) {
      const pmf = nbPmf(mu, alpha);
      const ref = referencePmf(mu, alpha);
      const got = quantilesFromPmf(pmf, qs);
      qs.forEach((q, j) => {
        let cum = 0;
        let k = 0;
        while (cum + ref[k] < q) cum += ref[k++];
        expect(got[j]).toBe(k);
      });
    }
  });
});

describe('upperTail: P(Y ≥ k)', () => {
  it('on a hand-made pmf', () => {
    const pmf = Float64Array.of(0.2, 0.5, 0.3);
    expect(upperTail(pmf, 0)).toBe(1);
    expect(upperTail(pmf, 1)).toBeCloseTo(0.8, 15);
    expect(upperTail(pmf, 2)).toBeCloseTo(0.3, 15);
    expect(upperTail(pmf, 3)).toBeCloseTo(0, 15);
    expect(upperTail(pmf, 10)).toBeGreaterThanOrEqual(0);
  });

  it('is 1 − CDF(k − 1) of the NB', () => {
    const pmf = nbPmf(6, 0.3);
    const ref = referencePmf(6, 0.3);
    for (const k of [0, 1, 5, 12, 20]) {
      const below = ref.slice(0, k).reduce((s, v) => s + v, 0);
      expect(upperTail(pmf, k)).toBeCloseTo(1 - below, 9);
    }
  });
});

/** CRPS by its definition: Σ_k (F(k) − 1{k ≥ y})² out to well past the support and y. */
function bruteCrps(pmf: ArrayLike<number>, y: number): number {
  let cum = 0;
  let s = 0;
  for (let k = 0; k <= Math.max(pmf.length, y) + 5; k++) {
    cum += k < pmf.length ? pmf[k] : 0;
    s += (cum - (k >= y ? 1 : 0)) ** 2;
  }
  return s;
}

/** CRPS in kernel form: E|X − y| − ½ E|X − X′|. */
function kernelCrps(pmf: ArrayLike<number>, y: number): number {
  let e1 = 0;
  let e2 = 0;
  for (let j = 0; j < pmf.length; j++) {
    e1 += pmf[j] * Math.abs(j - y);
    for (let k = 0; k < pmf.length; k++) e2 += pmf[j] * pmf[k] * Math.abs(j - k);
  }
  return e1 - e2 / 2;
}

describe('crpsFromPmf', () => {
  it('is |k − y| for a point mass at k', () => {
    for (let k = 0; k <= 6; k++) {
      const pmf = new Float64Array(k + 1);
      pmf[k] = 1;
      for (let y = 0; y <= 9; y++) expect(crpsFromPmf(pmf, y)).toBeCloseTo(Math.abs(k - y), 14);
    }
  });

  it('is p² at y = 0 and (1 − p)² at y = 1 for a Bernoulli(p)', () => {
    for (const p of [0.1, 0.5, 0.83]) {
      const pmf = Float64Array.of(1 - p, p);
      expect(crpsFromPmf(pmf, 0)).toBeCloseTo(p * p, 14);
      expect(crpsFromPmf(pmf, 1)).toBeCloseTo((1 - p) ** 2, 14);
    }
  });

  it('matches the definition and the kernel form for NB pmfs, inside and far outside the support', () => {
    for (const [mu, alpha] of [
      [0.4, 2],
      [3, 0.4],
      [25, 0.08],
    ] as [number, number][]) {
      const pmf = nbPmf(mu, alpha);
      for (const y of [0, 1, 2, Math.round(mu), Math.round(3 * mu) + 4, pmf.length + 50]) {
        const got = crpsFromPmf(pmf, y);
        expect(got).toBeCloseTo(bruteCrps(pmf, y), 9);
        expect(got).toBeCloseTo(kernelCrps(pmf, y), 7);
      }
    }
  });
});

describe('expectedLog1p', () => {
  it('on hand-made pmfs', () => {
    expect(expectedLog1p(Float64Array.of(0.5, 0, 0.5))).toBeCloseTo(0.5 * Math.log(3), 15);
    const point = new Float64Array(8);
    point[7] = 1;
    expect(expectedLog1p(point)).toBeCloseTo(Math.log(8), 15);
    expect(expectedLog1p(Float64Array.of(1))).toBe(0);
  });

  it('is E[log(1 + Y)] of the NB, below log(1 + μ) (Jensen)', () => {
    for (const [mu, alpha] of [
      [0.3, 1],
      [5, 0.2],
      [80, 0.05],
    ] as [number, number][]) {
      const ref = referencePmf(mu, alpha).reduce((s, p, k) => s + p * Math.log1p(k), 0);
      const got = expectedLog1p(nbPmf(mu, alpha));
      expect(got).toBeCloseTo(ref, 8);
      expect(got).toBeLessThan(Math.log1p(mu));
    }
  });
});

describe('mixturePmf', () => {
  it('is the weighted sum of the components, zero-padded to the longer support', () => {
    const a = { mean: 2, alpha: 0.5, weight: 0.3 };
    const b = { mean: 10, alpha: 0.1, weight: 0.7 };
    const mix = mixturePmf([a, b]);
    const ra = referencePmf(a.mean, a.alpha);
    const rb = referencePmf(b.mean, b.alpha);
    expect(mix.length).toBe(Math.max(nbPmf(a.mean, a.alpha).length, nbPmf(b.mean, b.alpha).length));
    for (let k = 0; k < mix.length; k++) {
      // Each component's support ends where its tail is below 1e-10: beyond, it contributes 0.
      const expected = 0.3 * (ra[k] ?? 0) + 0.7 * (rb[k] ?? 0);
      expect(Math.abs(mix[k] - expected)).toBeLessThan(1e-10 + 1e-9 * expected);
    }
    expect(Math.abs(sum(mix) - 1)).toBeLessThan(1e-9);
    expect(pmfMean(mix)).toBeCloseTo(0.3 * 2 + 0.7 * 10, 7);
  });

  it('with equal weights is the average, and with one component is that NB', () => {
    const mix = mixturePmf([
      { mean: 1, alpha: 1, weight: 0.5 },
      { mean: 2, alpha: 0.5, weight: 0.5 },
    ]);
    for (let k = 0; k < 20; k++)
      expectRelClose(mix[k], 0.5 * 2 ** -(k + 1) + 0.5 * ((k + 1) / 2 ** (k + 2)), 1e-12);
    const one = mixturePmf([{ mean: 2, alpha: 0.5, weight: 1 }]);
    for (let k = 0; k < 20; k++) expectRelClose(one[k], (k + 1) / 2 ** (k + 2), 1e-12);
  });
});
