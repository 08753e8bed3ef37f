import { describe, expect, it } from 'vitest';
import { fitNegBin, logLikelihood } from '../../src/forecast/negbin.js';
import { createRng, type Rng } from '../../src/sim/rng.js';

/**
 * NB2 regression on data drawn from the model with known parameters, and the NB2 log-likelihood on
 * values computed by hand. The sampler and the reference formulas are written here, independently of
 * src/forecast/negbin.ts.
 */

/** Gamma(shape, scale 1) by Marsaglia and Tsang's squeeze method (boosted for shape < 1). */
function gamma(rng: Rng, shape: number): number {
  if (shape < 1) return gamma(rng, shape + 1) * (1 - rng.next()) ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = rng.normal();
    const v = (1 + c * x) ** 3;
    if (v <= 0) continue;
    const u = 1 - rng.next();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** Exact Poisson draw: Knuth's product of uniforms, on pieces of mean ≤ 20 for large means. */
function poissonDraw(rng: Rng, mean: number): number {
  const pieces = Math.max(1, Math.ceil(mean / 20));
  const limit = Math.exp(-mean / pieces);
  let total = 0;
  for (let k = 0; k < pieces; k++) {
    let p = rng.next();
    while (p > limit) {
      total++;
      p *= rng.next();
    }
  }
  return total;
}

/** NB2 as a gamma–Poisson mixture: λ ~ Gamma(1/α, scale αμ), y ~ Poisson(λ). */
function nb2Draw(rng: Rng, mu: number, alpha: number): number {
  return poissonDraw(rng, mu * alpha * gamma(rng, 1 / alpha));
}

/**
 * log P(y) for NB2 from the binomial-coefficient form with r = 1/α, p = r/(r + μ):
 * P(y) = Π_{j=1..y} (r + j − 1)/j · p^r (1 − p)^y.
 */
function nb2LogPmf(y: number, mu: number, alpha: number): number {
  const r = 1 / alpha;
  let s = 0;
  for (let j = 1; j <= y; j++) s += Math.log((r + j - 1) / j);
  return s + r * Math.log(r / (r + mu)) + y * Math.log(mu / (r + mu));
}

/** Inverse of a small symmetric positive definite matrix (row-major) by Gauss–Jordan elimination. */
function inverse(A: number[][]): number[][] {
  const m = A.length;
  const a = A.map((row, i) => [...row, ...Array.from({ length: m }, (_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < m; c++) {
    const pivot = a[c][c];
    for (let j = 0; j < 2 * m; j++) a[c][j] /= pivot;
    for (let i = 0; i < m; i++) {
      if (i === c) continue;
      const f = a[i][c];
      for (let j = 0; j < 2 * m; j++) a[i][j] -= f * a[c][j];
    }
  }
  return a.map((row) => row.slice(m));
}

interface Synthetic {
  X: Float64Array;
  y: Float64Array;
  p: number;
  mu: Float64Array;
  alphaOf: Float64Array;
  stratum: Uint8Array;
}

const BETA = [0.5, 0.4, -0.6, 0.3];

/**
 * n rows: intercept, a standard normal, a Bernoulli(0.3) indicator and a uniform on (−1, 1); rows with
 * i odd are in stratum 1 (dispersion alphas[1]), the others in stratum 0.
 */
function synthetic(seed: number, n: number, alphas: number[]): Synthetic {
  const rng = createRng(seed, 'negbin-synthetic');
  const p = BETA.length;
  const X = new Float64Array(n * p);
  const y = new Float64Array(n);
  const mu = new Float64Array(n);
  const alphaOf = new Float64Array(n);
  const stratum = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const x = [1, rng.normal(), rng.next() < 0.3 ? 1 : 0, 2 * rng.next() - 1];
    X.set(x, i * p);
    mu[i] = Math.exp(x.reduce((s, v, j) => s + v * BETA[j], 0));
    stratum[i] = alphas.length > 1 ? i % 2 : 0;
    alphaOf[i] = alphas[stratum[i]];
    y[i] = nb2Draw(rng, mu[i], alphaOf[i]);
  }
  return { X, y, p, mu, alphaOf, stratum };
}

/** Standard errors of β̂ from the expected information Σ x x' μ/(1 + αμ) at the true parameters. */
function betaStandardErrors(s: Synthetic): number[] {
  const { X, p, mu, alphaOf } = s;
  const info = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let i = 0; i < mu.length; i++) {
    const w = mu[i] / (1 + alphaOf[i] * mu[i]);
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) info[a][b] += w * X[i * p + a] * X[i * p + b];
  }
  const cov = inverse(info);
  return cov.map((row, j) => Math.sqrt(row[j]));
}

/** Standard error of α̂ in one stratum: observed information in α (second difference) at the true means. */
function alphaStandardError(s: Synthetic, k: number, alpha: number): number {
  const ll = (a: number) => {
    let t = 0;
    for (let i = 0; i < s.y.length; i++) if (s.stratum[i] === k) t += nb2LogPmf(s.y[i], s.mu[i], a);
    return t;
  };
  const h = 1e-3 * alpha;
  const curvature = (ll(alpha + h) - 2 * ll(alpha) + ll(alpha - h)) / (h * h);
  expect(curvature).toBeLessThan(0);
  return 1 / Math.sqrt(-curvature);
}

describe('NB2 sampler (test helper)', () => {
  it('draws counts with mean μ, variance μ + αμ² and P(0) = (1 + αμ)^(−1/α)', () => {
    const rng = createRng(11, 'sampler');
    const mu = 2;
    const alpha = 0.7;
    const n = 200_000;
    let sum = 0;
    let sq = 0;
    let zeros = 0;
    for (let i = 0; i < n; i++) {
      const v = nb2Draw(rng, mu, alpha);
      sum += v;
      sq += v * v;
      if (v === 0) zeros++;
    }
    const mean = sum / n;
    const variance = sq / n - mean * mean;
    const expectedVariance = mu + alpha * mu * mu;
    expect(Math.abs(mean - mu)).toBeLessThan(4 * Math.sqrt(expectedVariance / n));
    expect(Math.abs(variance / expectedVariance - 1)).toBeLessThan(0.03);
    const p0 = (1 + alpha * mu) ** (-1 / alpha);
    expect(Math.abs(zeros / n - p0)).toBeLessThan(4 * Math.sqrt((p0 * (1 - p0)) / n));
  });
});

describe('fitNegBin on synthetic NB2 data', () => {
  it('recovers β and one α', () => {
    const alpha = 0.7;
    const s = synthetic(2024, 20_000, [alpha]);
    const fit = fitNegBin(s.X, s.y, s.p);
    expect(fit.converged).toBe(true);
    expect(fit.n).toBe(20_000);
    const se = betaStandardErrors(s);
    BETA.forEach((b, j) => {
      expect(se[j]).toBeLessThan(0.05);
      expect(Math.abs(fit.beta[j] - b), `β${j}`).toBeLessThan(4 * se[j]);
    });
    const seAlpha = alphaStandardError(s, 0, alpha);
    expect(seAlpha).toBeLessThan(0.05);
    expect(fit.alphas.length).toBe(1);
    expect(Math.abs(fit.alphas[0] - alpha)).toBeLessThan(4 * seAlpha);
  });

  it('recovers two strata with different α', () => {
    const alphas = [0.3, 1.5];
    const s = synthetic(7, 20_000, alphas);
    const fit = fitNegBin(s.X, s.y, s.p, { strata: { index: s.stratum, count: 2 } });
    expect(fit.converged).toBe(true);
    const se = betaStandardErrors(s);
    BETA.forEach((b, j) => {
      expect(Math.abs(fit.beta[j] - b), `β${j}`).toBeLessThan(4 * se[j]);
    });
    expect(fit.alphas.length).toBe(2);
    alphas.forEach((a, k) => {
      const seAlpha = alphaStandardError(s, k, a);
      expect(seAlpha).toBeLessThan(0.1);
      expect(Math.abs(fit.alphas[k] - a), `α${k}`).toBeLessThan(4 * seAlpha);
    });
  });

  it('the stratified fit has the likelihood of the generating model within the χ² margin', () => {
    // At the MLE, 2(ℓ̂ − ℓ(true)) ~ χ²(6) (4 coefficients and 2 dispersions): between 0 and ~22.5
    // (its 99.9% quantile).
    const alphas = [0.3, 1.5];
    const s = synthetic(7, 20_000, alphas);
    const fit = fitNegBin(s.X, s.y, s.p, { strata: { index: s.stratum, count: 2 } });
    let truth = 0;
    for (let i = 0; i < s.y.length; i++) truth += nb2LogPmf(s.y[i], s.mu[i], s.alphaOf[i]);
    const lr = 2 * (fit.logLik - truth);
    expect(lr).toBeGreaterThanOrEqual(0);
    expect(lr).toBeLessThan(22.5);
  });
});

describe('logLikelihood (NB2) on hand-computed values', () => {
  const eta = (mus: number[]) => Float64Array.from(mus, Math.log);
  const y = (ys: number[]) => Float64Array.from(ys);

  it('α = 1 is geometric: μ = 1 gives P(y) = 2^−(y+1)', () => {
    // y = 0, 1, 2: log(1/2 · 1/4 · 1/8) = −6 log 2.
    expect(logLikelihood(y([0, 1, 2]), eta([1, 1, 1]), 1)).toBeCloseTo(-6 * Math.LN2, 12);
  });

  it('α = 1/2, μ = 2 gives P(y) = (y + 1)/2^(y+2)', () => {
    // y = 0: 1/4; y = 3: 4/32. log(1/32) = −5 log 2.
    expect(logLikelihood(y([0, 3]), eta([2, 2]), 0.5)).toBeCloseTo(-5 * Math.LN2, 12);
  });

  it('α = 2, μ = 1/2, y = 2: Γ(5/2)/(Γ(1/2) 2!) · 2^(−1/2) · 2^(−2) = (3/8) · 2^(−5/2)', () => {
    expect(logLikelihood(y([2]), eta([0.5]), 2)).toBeCloseTo(Math.log(3 / 8) - 2.5 * Math.LN2, 12);
  });

  it('one dispersion per row adds up the rows', () => {
    const alphas = Float64Array.from([1, 1, 1, 0.5, 0.5]);
    expect(logLikelihood(y([0, 1, 2, 0, 3]), eta([1, 1, 1, 2, 2]), alphas)).toBeCloseTo(-11 * Math.LN2, 12);
  });

  it('tends to the Poisson log-likelihood as α → 0', () => {
    // Poisson(2) at 3: 3 log 2 − 2 − log 6.
    const poisson = 3 * Math.LN2 - 2 - Math.log(6);
    expect(Math.abs(logLikelihood(y([3]), eta([2]), 1e-9) - poisson)).toBeLessThan(1e-6);
  });

  it('agrees with the binomial-coefficient form on a grid of counts, means and dispersions', () => {
    const ys: number[] = [];
    const mus: number[] = [];
    const as: number[] = [];
    for (const count of [0, 1, 2, 5, 17, 60]) {
      for (const mu of [0.01, 0.3, 1, 4.5, 40]) {
        for (const a of [0.02, 0.25, 1, 3.7]) {
          ys.push(count);
          mus.push(mu);
          as.push(a);
        }
      }
    }
    for (let i = 0; i < ys.length; i++) {
      const expected = nb2LogPmf(ys[i], mus[i], as[i]);
      const got = logLikelihood(y([ys[i]]), eta([mus[i]]), as[i]);
      expect(Math.abs(got - expected), `y=${ys[i]} μ=${mus[i]} α=${as[i]}`).toBeLessThan(
        1e-11 * Math.max(1, Math.abs(expected)),
      );
    }
  });
});
