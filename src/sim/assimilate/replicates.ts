import { type LogMeanExp, logMeanExp } from './log-mean-exp.js';
import { type ParticleFilterOptions, type ParticleModel, particleFilter } from './particle-filter.js';
import { childSeed } from './streams.js';

/**
 * Monte Carlo error of a particle filter's log-likelihood: `replicates` independent filters, combined
 * by log-mean-exp (the likelihood estimate is unbiased on the natural scale, not its log) with pomp's
 * jackknife standard error (King, Nguyen & Ionides 2016, J Stat Softw 69(12); log-mean-exp.ts).
 */
export interface LogLikelihoodReplicates extends LogMeanExp {
  /** Each replicate's log-likelihood. */
  values: Float64Array;
}

/**
 * Replicate r runs on a fresh model from `makeModel(r)` (a filter changes its model's particles) with
 * seed `childSeed(options.seed, r, 'replicate')`. Ancestry is not kept; `onStep` is passed on.
 *
 * @example
 * const { mean, se } = logLikelihoodReplicates(() => new MyModel(1000), { particles: 1000, steps: T, seed: 1 }, 10);
 */
export function logLikelihoodReplicates(
  makeModel: (replicate: number) => ParticleModel,
  options: ParticleFilterOptions,
  replicates: number,
): LogLikelihoodReplicates {
  if (!(Number.isInteger(replicates) && replicates >= 1))
    throw new Error(`logLikelihoodReplicates: replicates must be ≥ 1 (got ${replicates})`);
  const values = new Float64Array(replicates);
  for (let r = 0; r < replicates; r++) {
    const seed = childSeed(options.seed, r, 'replicate');
    values[r] = particleFilter(makeModel(r), { ...options, seed, ancestry: false }).logLikelihood;
  }
  return { ...logMeanExp(values), values };
}
