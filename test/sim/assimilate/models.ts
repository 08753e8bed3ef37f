import type { ParameterizedModel } from '../../../src/sim/assimilate/if2.js';
import type { ParticleModel } from '../../../src/sim/assimilate/particle-filter.js';
import type { Rng } from '../../../src/sim/rng.js';

/**
 * Small models for the filter tests. Each draws its initial state inside `propagate(·, 0, rng)`, so all
 * of a run's randomness comes from the filter's seed and a replicate needs only a fresh object.
 */

const LOG_2PI = Math.log(2 * Math.PI);

export function normalLogPdf(x: number, mean: number, variance: number): number {
  const d = x - mean;
  return -0.5 * (LOG_2PI + Math.log(variance) + (d * d) / variance);
}

/** Local level: x_t = x_{t−1} + w, w ~ N(0, q); y_t = x_t + v, v ~ N(0, r); x_{−1} ~ N(m0, p0). */
export interface LocalLevel {
  q: number;
  r: number;
  m0: number;
  p0: number;
}

export class LocalLevelModel implements ParticleModel {
  readonly x: Float64Array;

  constructor(
    n: number,
    private readonly y: Float64Array,
    private readonly s: LocalLevel,
  ) {
    this.x = new Float64Array(n);
  }

  propagate(slot: number, t: number, rng: Rng): void {
    const { q, m0, p0 } = this.s;
    const prev = t === 0 ? m0 + Math.sqrt(p0) * rng.normal() : this.x[slot];
    this.x[slot] = prev + Math.sqrt(q) * rng.normal();
  }

  logLikelihood(slot: number, t: number): number {
    const y = this.y[t];
    return Number.isNaN(y) ? 0 : normalLogPdf(y, this.x[slot], this.s.r);
  }

  copy(from: number, to: number): void {
    this.x[to] = this.x[from];
  }
}

export function simulateLocalLevel(T: number, s: LocalLevel, rng: Rng): { x: Float64Array; y: Float64Array } {
  const x = new Float64Array(T);
  const y = new Float64Array(T);
  let prev = s.m0 + Math.sqrt(s.p0) * rng.normal();
  for (let t = 0; t < T; t++) {
    prev += Math.sqrt(s.q) * rng.normal();
    x[t] = prev;
    y[t] = prev + Math.sqrt(s.r) * rng.normal();
  }
  return { x, y };
}

/**
 * Bivariate AR(1): x_t = A x_{t−1} + w, w ~ N(0, Q); y_t = x_t + v, v ~ N(0, R), R diagonal;
 * x_{−1} ~ N(0, I). Matrices row-major [a11, a12, a21, a22].
 */
export interface Ar2 {
  A: readonly number[];
  Q: readonly number[];
  R: readonly [number, number];
}

/** Cholesky factor [l11, 0, l21, l22] of a 2×2 covariance. */
export function chol2(S: readonly number[]): number[] {
  const l11 = Math.sqrt(S[0]);
  const l21 = S[2] / l11;
  return [l11, 0, l21, Math.sqrt(S[3] - l21 * l21)];
}

export class Ar2Model implements ParticleModel {
  /** [slot · 2 + i] */
  readonly x: Float64Array;
  private readonly L: number[];

  constructor(
    n: number,
    private readonly y: Float64Array,
    private readonly s: Ar2,
  ) {
    this.x = new Float64Array(2 * n);
    this.L = chol2(s.Q);
  }

  propagate(slot: number, t: number, rng: Rng): void {
    const { A } = this.s;
    const L = this.L;
    const x0 = t === 0 ? rng.normal() : this.x[2 * slot];
    const x1 = t === 0 ? rng.normal() : this.x[2 * slot + 1];
    const e0 = rng.normal();
    const e1 = rng.normal();
    this.x[2 * slot] = A[0] * x0 + A[1] * x1 + L[0] * e0;
    this.x[2 * slot + 1] = A[2] * x0 + A[3] * x1 + L[2] * e0 + L[3] * e1;
  }

  logLikelihood(slot: number, t: number): number {
    const { R } = this.s;
    return (
      normalLogPdf(this.y[2 * t], this.x[2 * slot], R[0]) +
      normalLogPdf(this.y[2 * t + 1], this.x[2 * slot + 1], R[1])
    );
  }

  copy(from: number, to: number): void {
    this.x[2 * to] = this.x[2 * from];
    this.x[2 * to + 1] = this.x[2 * from + 1];
  }
}

export function simulateAr2(T: number, s: Ar2, rng: Rng): Float64Array {
  const L = chol2(s.Q);
  const y = new Float64Array(2 * T);
  let x0 = rng.normal();
  let x1 = rng.normal();
  for (let t = 0; t < T; t++) {
    const e0 = rng.normal();
    const e1 = rng.normal();
    const n0 = s.A[0] * x0 + s.A[1] * x1 + L[0] * e0;
    const n1 = s.A[2] * x0 + s.A[3] * x1 + L[2] * e0 + L[3] * e1;
    x0 = n0;
    x1 = n1;
    y[2 * t] = x0 + Math.sqrt(s.R[0]) * rng.normal();
    y[2 * t + 1] = x1 + Math.sqrt(s.R[1]) * rng.normal();
  }
  return y;
}

/** log Γ(x), x > 0 (Lanczos, g = 7, n = 9). */
export function logGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let a = c[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** log NB(y; mean μ, size k): variance μ + μ²/k. k = ∞ gives the Poisson. */
export function negBinLogPmf(y: number, mu: number, k: number): number {
  if (!Number.isFinite(k)) return y * Math.log(mu) - mu - logGamma(y + 1);
  return (
    logGamma(y + k) - logGamma(k) - logGamma(y + 1) + k * Math.log(k / (k + mu)) + y * Math.log(mu / (k + mu))
  );
}

/** Gamma(shape, 1) (Marsaglia & Tsang 2000). */
export function gammaDraw(shape: number, rng: Rng): number {
  if (shape < 1) return gammaDraw(shape + 1, rng) * rng.next() ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const z = rng.normal();
    const v = (1 + c * z) ** 3;
    if (v <= 0) continue;
    const u = 1 - rng.next();
    if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** Exact Poisson draw: sums of Knuth draws of mean ≤ 30 (rng.ts switches to a normal above 50). */
export function poissonExact(mean: number, rng: Rng): number {
  let k = 0;
  let left = mean;
  while (left > 0) {
    const m = Math.min(left, 30);
    left -= m;
    const limit = Math.exp(-m);
    let p = rng.next();
    while (p > limit) {
      k++;
      p *= rng.next();
    }
  }
  return k;
}

/**
 * Counts with a log-intensity random walk: x_t = x_{t−1} + μ + σ w, y_t ~ NB(e^{x_t}, k) (Poisson when
 * k = ∞); x_{−1} ~ N(m0, s0²). Parameters per slot [μ, σ] (the order of the IF2 specs in the tests).
 */
export interface CountWalk {
  mu: number;
  sigma: number;
  k: number;
  m0: number;
  s0: number;
}

export function simulateCounts(T: number, s: CountWalk, rng: Rng): { x: Float64Array; y: Float64Array } {
  const x = new Float64Array(T);
  const y = new Float64Array(T);
  let prev = s.m0 + s.s0 * rng.normal();
  for (let t = 0; t < T; t++) {
    prev += s.mu + s.sigma * rng.normal();
    x[t] = prev;
    const lambda = Number.isFinite(s.k) ? (gammaDraw(s.k, rng) / s.k) * Math.exp(prev) : Math.exp(prev);
    y[t] = poissonExact(lambda, rng);
  }
  return { x, y };
}

export class CountModel implements ParameterizedModel {
  readonly x: Float64Array;
  readonly mu: Float64Array;
  readonly sigma: Float64Array;
  private readonly logFactorial: Float64Array;

  constructor(
    n: number,
    private readonly y: Float64Array,
    private readonly s: CountWalk,
  ) {
    this.x = new Float64Array(n);
    this.mu = new Float64Array(n).fill(s.mu);
    this.sigma = new Float64Array(n).fill(s.sigma);
    this.logFactorial = Float64Array.from(y, (v) => logGamma(v + 1));
  }

  setParams(slot: number, values: Float64Array): void {
    this.mu[slot] = values[0];
    this.sigma[slot] = values[1];
  }

  propagate(slot: number, t: number, rng: Rng): void {
    const prev = t === 0 ? this.s.m0 + this.s.s0 * rng.normal() : this.x[slot];
    this.x[slot] = prev + this.mu[slot] + this.sigma[slot] * rng.normal();
  }

  logLikelihood(slot: number, t: number): number {
    const y = this.y[t];
    if (Number.isNaN(y)) return 0;
    const x = this.x[slot];
    // Poisson written on the log intensity: no exp/log round trip in the hot loop.
    if (!Number.isFinite(this.s.k)) return y * x - Math.exp(x) - this.logFactorial[t];
    return negBinLogPmf(y, Math.exp(x), this.s.k);
  }

  copy(from: number, to: number): void {
    this.x[to] = this.x[from];
  }
}
