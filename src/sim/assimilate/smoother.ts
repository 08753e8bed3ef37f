import { createRng } from '../rng.js';
import { type LevelSteps, predictLevels, updateLevels } from './levels.js';

/**
 * Smoothed counts of the last months: the levels (c, ℓ_1 … ℓ_A, u) drawn given every count, along each
 * final particle's lineage.
 *
 * A lineage (lineages.ts) fixes the engine's path, hence the model means m_{a,t}; given them the levels
 * are linear-Gaussian (levels.ts), so their joint distribution given all counts is exact: forward
 * filtering along the lineage, then backward sampling (Carter & Kohn 1994, Biometrika 81:541;
 * Frühwirth-Schnatter 1994, J Time Ser Anal 15:183) — a Rao–Blackwellised smoother (Doucet, Godsill &
 * Andrieu 2000, Stat Comput 10:197). Why not the filtered levels along the lineage: each month's filtered
 * level knows only the counts up to it, so after a jump (Sinaloa from September 2024) it trails the counts
 * by months, and a year's total summed from filtered months lies below what the year's counts say.
 *
 * The forward pass repeats the filter's own Kalman steps (the same kernels), from the ancestor's filtered
 * moments at the window's first month; along a lineage they are exactly the moments its ancestors held.
 */
export interface SmoothInput {
  /** `lineages[t · N + i]`: final particle i's ancestor slot at month t (traceLineages, N finals). */
  lineages: Int32Array;
  particles: number;
  /** Window of months [from, to) (indices of the observed series); to ≤ the filtered months. */
  from: number;
  to: number;
  /**
   * Filtered moments of every slot at month `from`, after its update: means [slot · dim + k], covariances
   * [slot · dim² + k · dim + l].
   */
  start: { mean: Float64Array; cov: Float64Array };
  /** Model means of every slot in each window month: [((t − from) · N + slot) · A + a]. */
  means: Float64Array;
  /** Observed counts, month-major [t · A + a] (NaN = missing), as the filter saw them. */
  victims: Float64Array;
  areas: number;
  settings: LevelSteps & { observationSd: number };
  seed: number;
}

/**
 * Counts drawn from the smoothed levels: [((t − from) · N + i) · A + a], for final particle i (weight: its
 * final weight), each with the month's scatter beyond the levels (σ and Poisson, as the measurement model).
 */
export function smoothCounts(input: SmoothInput): Float64Array {
  const { particles: n, from, to, areas: A } = input;
  const dim = A + 2;
  const months = Math.max(0, to - from);
  const levels = smoothLevels(input);
  const out = new Float64Array(months * n * A);
  const sd2 = input.settings.observationSd * input.settings.observationSd;
  for (let i = 0; i < n; i++) {
    const rng = createRng(input.seed, `nowcast-smooth-counts-${i}`);
    for (let k = 0; k < months; k++) {
      const slot = input.lineages[(from + k) * n + i];
      const x = (k * n + i) * dim;
      const means = (k * n + slot) * A;
      for (let a = 0; a < A; a++) {
        const expected =
          input.means[means + a] * Math.exp(levels[x] + levels[x + a + 1] + levels[x + dim - 1]);
        const scatter = Math.sqrt(sd2 + 1 / (expected + 0.5));
        out[(k * n + i) * A + a] = Math.max(0, (expected + 0.5) * Math.exp(scatter * rng.normal()) - 0.5);
      }
    }
  }
  return out;
}

/**
 * One draw of the levels' path given every count in the window, per final particle:
 * [((t − from) · N + i) · dim + k], dim = A + 2 (c, ℓ_1 … ℓ_A, u).
 */
export function smoothLevels(input: SmoothInput): Float64Array {
  const { particles: n, from, to, areas: A, settings } = input;
  const dim = A + 2;
  const months = Math.max(0, to - from);
  const out = new Float64Array(months * n * dim);
  // Per lineage: the filtered moments along it, then one backward draw.
  const xs = new Float64Array(months * dim);
  const Ps = new Float64Array(months * dim * dim);
  const v = new Float64Array(dim);
  const work = new Workspace(dim);
  for (let i = 0; i < n; i++) {
    if (months === 0) break;
    const root = input.lineages[from * n + i];
    xs.set(input.start.mean.subarray(root * dim, (root + 1) * dim));
    Ps.set(input.start.cov.subarray(root * dim * dim, (root + 1) * dim * dim));
    for (let k = 1; k < months; k++) {
      const x = xs.subarray(k * dim, (k + 1) * dim);
      const P = Ps.subarray(k * dim * dim, (k + 1) * dim * dim);
      x.set(xs.subarray((k - 1) * dim, k * dim));
      P.set(Ps.subarray((k - 1) * dim * dim, k * dim * dim));
      predictLevels(x, P, settings);
      const slot = input.lineages[(from + k) * n + i];
      const t = from + k;
      updateLevels(
        x,
        P,
        input.means.subarray((k * n + slot) * A, (k * n + slot + 1) * A),
        input.victims.subarray(t * A, (t + 1) * A),
        settings.observationSd,
        v,
      );
    }
    const rng = createRng(input.seed, `nowcast-smooth-${i}`);
    const normal = () => rng.normal();
    for (let k = months - 1; k >= 0; k--) {
      const x = xs.subarray(k * dim, (k + 1) * dim);
      const P = Ps.subarray(k * dim * dim, (k + 1) * dim * dim);
      if (k === months - 1) work.sample(x, P, normal);
      else work.backward(x, P, settings, normal);
      out.set(work.draw, (k * n + i) * dim);
    }
  }
  return out;
}

/**
 * Dense scratch for the backward draws: `draw` holds the current draw of x (first the last month's, then
 * each earlier month's given the one after it).
 */
class Workspace {
  readonly draw: Float64Array;
  private readonly pred: Float64Array;
  private readonly B: Float64Array;
  private readonly L: Float64Array;
  private readonly cov: Float64Array;
  private readonly mean: Float64Array;
  private readonly d: Float64Array;
  private readonly z: Float64Array;
  private readonly predicted: Float64Array;

  constructor(private readonly dim: number) {
    this.draw = new Float64Array(dim);
    this.pred = new Float64Array(dim * dim);
    this.B = new Float64Array(dim * dim);
    this.L = new Float64Array(dim * dim);
    this.cov = new Float64Array(dim * dim);
    this.mean = new Float64Array(dim);
    this.d = new Float64Array(dim);
    this.z = new Float64Array(dim);
    this.predicted = new Float64Array(dim);
  }

  /** draw ~ N(x, P). */
  sample(x: Float64Array, P: Float64Array, normal: () => number): void {
    const { dim, L, z } = this;
    cholesky(P, L, dim);
    for (let r = 0; r < dim; r++) z[r] = normal();
    for (let r = 0; r < dim; r++) {
      let s = x[r];
      for (let k = 0; k <= r; k++) s += L[r * dim + k] * z[k];
      this.draw[r] = s;
    }
  }

  /**
   * draw ← a draw of x_t given x_{t+1} = draw and the counts up to t (filtered moments x, P):
   * with F the transition (identity, except the fresh u: row and column 0), B = F P and
   * Π = F P Fᵀ + Q the prediction's covariance,
   *   mean = x + Bᵀ Π⁻¹ (x_{t+1} − F x),   cov = P − Bᵀ Π⁻¹ B.
   */
  backward(x: Float64Array, P: Float64Array, steps: LevelSteps, normal: () => number): void {
    const { dim, pred, B, L, cov, mean, d } = this;
    const u = dim - 1;
    B.set(P);
    B.fill(0, u * dim, dim * dim);
    pred.set(B);
    for (let r = 0; r < dim; r++) pred[r * dim + u] = 0;
    const predicted = this.predicted;
    predicted.set(x);
    predictLevels(predicted, pred, steps);
    cholesky(pred, L, dim);
    // d = Π⁻¹ (x_{t+1} − F x) by two triangular solves.
    for (let r = 0; r < dim; r++) d[r] = this.draw[r] - predicted[r];
    forwardSolve(L, d, dim, 1);
    backSolve(L, d, dim);
    for (let r = 0; r < dim; r++) {
      let s = x[r];
      for (let k = 0; k < dim; k++) s += B[k * dim + r] * d[k];
      mean[r] = s;
    }
    // W = L⁻¹ B (column by column, in place in B), cov = P − Wᵀ W.
    forwardSolve(L, B, dim, dim);
    for (let r = 0; r < dim; r++)
      for (let c = 0; c <= r; c++) {
        let s = P[r * dim + c];
        for (let k = 0; k < dim; k++) s -= B[k * dim + r] * B[k * dim + c];
        cov[r * dim + c] = s;
        cov[c * dim + r] = s;
      }
    this.sample(mean, cov, normal);
  }
}

/**
 * Lower Cholesky factor of a symmetric positive semi-definite A (dim², row-major) into L. A pivot at or
 * below a relative 1e-12 (a direction the data pinned or the model does not move, such as u after the
 * counts fix it) gets a zero column: the draw does not move along it.
 */
function cholesky(A: Float64Array, L: Float64Array, dim: number): void {
  L.fill(0);
  let scale = 0;
  for (let i = 0; i < dim; i++) scale = Math.max(scale, Math.abs(A[i * dim + i]));
  const tiny = 1e-12 * (scale || 1);
  for (let i = 0; i < dim; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * dim + j];
      for (let k = 0; k < j; k++) s -= L[i * dim + k] * L[j * dim + k];
      if (i === j) L[i * dim + i] = s > tiny ? Math.sqrt(s) : 0;
      else L[i * dim + j] = L[j * dim + j] > 0 ? s / L[j * dim + j] : 0;
    }
  }
}

/** Solve L X = Y in place for `cols` right-hand sides (Y row-major, dim × cols); zero pivots give 0. */
function forwardSolve(L: Float64Array, Y: Float64Array, dim: number, cols: number): void {
  for (let r = 0; r < dim; r++) {
    const p = L[r * dim + r];
    for (let c = 0; c < cols; c++) {
      let s = Y[r * cols + c];
      for (let k = 0; k < r; k++) s -= L[r * dim + k] * Y[k * cols + c];
      Y[r * cols + c] = p > 0 ? s / p : 0;
    }
  }
}

/** Solve Lᵀ x = y in place (one right-hand side); zero pivots give 0. */
function backSolve(L: Float64Array, y: Float64Array, dim: number): void {
  for (let r = dim - 1; r >= 0; r--) {
    const p = L[r * dim + r];
    let s = y[r];
    for (let k = r + 1; k < dim; k++) s -= L[k * dim + r] * y[k];
    y[r] = p > 0 ? s / p : 0;
  }
}
