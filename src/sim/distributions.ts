import type { Rng } from './rng.js';

/**
 * Uncertainty of a model parameter. The Monte Carlo draws each run's value from it; `fixed` values
 * never vary. Truncation bounds keep draws physically meaningful (rates ≥ 0, shares ≤ 1).
 */
export type Distribution =
  | { kind: 'fixed' }
  | { kind: 'normal'; sd: number; min?: number; max?: number }
  | { kind: 'lognormal'; sdLog: number }
  | { kind: 'uniform'; min: number; max: number }
  | { kind: 'triangular'; min: number; max: number }
  /**
   * Draws of a fitted posterior (src/sim/evidence/posterior-sample.ts): parameters of one `group` take the
   * same row in a run, so the posterior's correlations are kept (params.ts, sampleParams).
   */
  | { kind: 'sample'; group: string; values: readonly number[] };

/** Draw a value around `center` (the cited central value, also the mode of a triangular). */
export function drawFrom(dist: Distribution, center: number, rng: Rng): number {
  switch (dist.kind) {
    case 'fixed':
      return center;
    case 'normal': {
      const v = center + dist.sd * rng.normal();
      return Math.min(
        dist.max ?? Number.POSITIVE_INFINITY,
        Math.max(dist.min ?? Number.NEGATIVE_INFINITY, v),
      );
    }
    case 'lognormal':
      return center * Math.exp(dist.sdLog * rng.normal());
    case 'uniform':
      return dist.min + (dist.max - dist.min) * rng.next();
    case 'sample':
      return dist.values[sampleRow(rng.next(), dist.values.length)];
    case 'triangular': {
      const { min, max } = dist;
      const mode = Math.min(max, Math.max(min, center));
      const u = rng.next();
      const f = (mode - min) / (max - min || 1);
      return u < f
        ? min + Math.sqrt(u * (max - min) * (mode - min))
        : max - Math.sqrt((1 - u) * (max - min) * (max - mode));
    }
  }
}

/** The row a uniform u picks among n equally weighted draws. */
export function sampleRow(u: number, n: number): number {
  return Math.min(n - 1, Math.floor(u * n));
}

/** The 5%–95% range of a distribution around `center`, for documentation tables. */
export function range90(dist: Distribution, center: number): [number, number] {
  switch (dist.kind) {
    case 'fixed':
      return [center, center];
    case 'normal':
      return [
        Math.max(dist.min ?? Number.NEGATIVE_INFINITY, center - 1.645 * dist.sd),
        Math.min(dist.max ?? Number.POSITIVE_INFINITY, center + 1.645 * dist.sd),
      ];
    case 'lognormal':
      return [center * Math.exp(-1.645 * dist.sdLog), center * Math.exp(1.645 * dist.sdLog)];
    case 'uniform':
      return [dist.min + 0.05 * (dist.max - dist.min), dist.min + 0.95 * (dist.max - dist.min)];
    case 'triangular':
      return [dist.min, dist.max];
    case 'sample': {
      const sorted = [...dist.values].sort((a, b) => a - b);
      const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
      return [at(0.05), at(0.95)];
    }
  }
}
