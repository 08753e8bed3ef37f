import { createRng } from '../sim/rng.js';
import { latinHypercube, morrisDesign, saltelliDesign } from './design.js';
import type { ExploreMethod } from './types.js';

/**
 * The design of each method in the unit hypercube (row-major, rows × factors), a pure function of
 * (method, samples, factors, seed): workers regenerate it instead of receiving it.
 * - morris: `samples` trajectories of factors + 1 rows (Morris 1991), for screening;
 * - sobol: `samples` base rows of a Saltelli (2010) design, factors + 2 rows each, for S1 and ST;
 * - lhs: `samples` Latin hypercube rows (McKay, Beckman & Conover 1979), for robustness and PRIM.
 */
export function designFor(
  method: ExploreMethod,
  samples: number,
  factors: number,
  seed: number,
): Float64Array {
  switch (method) {
    case 'morris':
      return morrisDesign(samples, factors, { rng: createRng(seed, 'explore:morris') });
    case 'sobol':
      return saltelliDesign(samples, factors);
    case 'lhs':
      return latinHypercube(samples, factors, createRng(seed, 'explore:lhs'));
  }
}

/** Rows of the design (experiments). */
export function experimentCount(method: ExploreMethod, samples: number, factors: number): number {
  return samples * blockSize(method, factors);
}

/** Rows of a design that share event streams: a Morris trajectory, a Saltelli block, else one row. */
export function blockSize(method: ExploreMethod, factors: number): number {
  return method === 'morris' ? factors + 1 : method === 'sobol' ? factors + 2 : 1;
}
