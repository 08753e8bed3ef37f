import type { Rng } from '../rng.js';
import { type ParameterScale, parameterScale, type Transform } from './parameter-scale.js';
import { type ParticleModel, particleFilter, type ResampleScheme } from './particle-filter.js';
import { childSeed, stepStream } from './streams.js';

/**
 * IF2, iterated filtering by perturbed Bayes maps (Ionides, Nguyen, Atchadé, Stoev & King 2015, PNAS
 * 112:719), as pomp's `mif2` runs it (King, Nguyen & Ionides 2016, J Stat Softw 69(12)).
 *
 * Every particle carries its own parameter vector. At every step of every iteration, before the particle
 * moves, its parameters take a random-walk step on the estimation scale (parameter-scale.ts) of sd
 * sd · α with α = c^(((t + 1)/T + m) / 50) at step t of T in iteration m = 0, 1, …: pomp's geometric
 * cooling, c = `cooling` (cooling.fraction.50: after 50 iterations the steps are c times their first
 * size). Resampling carries the parameters with the states, so the swarm drifts towards parameters that
 * explain the data; the swarm left by one iteration starts the next. As the walk cools, the swarm
 * concentrates on the maximum-likelihood estimate (Ionides et al. 2015 give the conditions).
 *
 * Each iteration's estimate is the weighted swarm mean on the estimation scale at the last step, before
 * its resampling (pomp's `coef` of a mif2 run), reported on the natural scale. While the walk is still
 * wide, that mean leans towards what the last stretch of data says (the parameters are then, in effect,
 * time-varying): cool further (smaller `cooling`, more iterations) when the trace has not settled. The
 * trace's log-likelihood is that of the perturbed filter, not the likelihood at the estimate: evaluate
 * the end point with `logLikelihoodReplicates` and `fixParams`.
 */

/** A particle model whose particles each run with their own parameters. */
export interface ParameterizedModel extends ParticleModel {
  /**
   * The parameters (natural scale, in the order of the filter's `params`) the particle in `slot` uses
   * from now on. Called before every `propagate`; `values` is the filter's scratch buffer: copy what
   * you keep. `copy(from, to)` need not copy parameters: the caller sets them again.
   */
  setParams(slot: number, values: Float64Array): void;
}

export interface ParameterSpec {
  id: string;
  /** The initial swarm: uniform between these natural-scale values on the estimation scale. */
  start: readonly [number, number];
  /** Random-walk sd per step on the estimation scale, before cooling (0: not estimated). */
  sd: number;
  /** Default 'none'. */
  transform?: Transform;
  /** Natural-scale domain (see parameter-scale.ts). */
  bounds?: readonly [number, number];
}

export interface IterationSummary {
  /** log-likelihood of this iteration's perturbed filter. */
  logLikelihood: number;
  /** The swarm's weighted mean at the last step (natural scale). */
  params: Record<string, number>;
}

export interface IteratedFilterOptions {
  params: readonly ParameterSpec[];
  /** Number of IF2 iterations M. */
  iterations: number;
  particles: number;
  steps: number;
  seed: number;
  /** Fraction of the random-walk sd left after 50 iterations (pomp's cooling.fraction.50). Default 0.5. */
  cooling?: number;
  resample?: ResampleScheme;
  /** Default 1: resample at every step, as pomp's mif2. */
  essThreshold?: number;
  onIteration?: (iteration: number, summary: IterationSummary) => void;
  signal?: AbortSignal;
}

export interface IteratedFilterResult {
  ids: string[];
  /** The last iteration's swarm mean (natural scale). */
  estimate: Record<string, number>;
  /** The same, in the order of `params`. */
  values: Float64Array;
  trace: {
    /** Per iteration: log-likelihood of the perturbed filter. */
    logLikelihood: Float64Array;
    /** Per iteration m, parameter k: the swarm mean at [m · P + k] (natural scale). */
    params: Float64Array;
  };
  /** The final swarm, natural scale, particle j's parameter k at [j · P + k]. */
  swarm: Float64Array;
}

/**
 * Run IF2. `makeModel(particles, iteration)` gives the model each iteration filters (its particles at
 * their initial state; it may return the same object reset).
 *
 * @example
 * const fit = iteratedFilter((n) => new MyModel(n, y), {
 *   params: [
 *     { id: 'sigma', start: [0.05, 0.5], sd: 0.02, transform: 'log' },
 *     { id: 'drift', start: [-0.1, 0.1], sd: 0.005 },
 *   ],
 *   iterations: 50, particles: 1000, steps: y.length, seed: 1,
 * });
 * fit.estimate.sigma;
 */
export function iteratedFilter(
  makeModel: (particles: number, iteration: number) => ParameterizedModel,
  options: IteratedFilterOptions,
): IteratedFilterResult {
  const { particles: n, steps, iterations, seed, params } = options;
  const cooling = options.cooling ?? 0.5;
  if (!(cooling > 0 && cooling <= 1))
    throw new Error(`iteratedFilter: cooling must be in (0, 1] (got ${cooling})`);
  if (!(Number.isInteger(iterations) && iterations >= 1)) throw new Error('iteratedFilter: iterations ≥ 1');
  if (!(steps >= 1)) throw new Error('iteratedFilter: steps ≥ 1');
  const p = params.length;
  const ids = params.map((q) => q.id);
  const scales = params.map((q) => parameterScale(q.transform ?? 'none', q.bounds));
  const theta = initialSwarm(params, scales, n, stepStream(seed, 0, 'if2-start'));
  const traceLl = new Float64Array(iterations);
  const traceParams = new Float64Array(iterations * p);
  const mean = new Float64Array(p);
  const factor = cooling ** (1 / 50);

  for (let m = 0; m < iterations; m++) {
    const alpha = Float64Array.from({ length: steps }, (_, t) => factor ** ((t + 1) / steps + m));
    const perturbed = new PerturbedModel(makeModel(n, m), theta, params, scales, alpha);
    const run = particleFilter(perturbed, {
      particles: n,
      steps,
      seed: childSeed(seed, m, 'if2'),
      resample: options.resample,
      essThreshold: options.essThreshold ?? 1,
      ancestry: false,
      signal: options.signal,
      onStep: (t, w) => {
        if (t === steps - 1) weightedRowMean(theta, w, p, mean);
      },
    });
    traceLl[m] = run.logLikelihood;
    for (let k = 0; k < p; k++) traceParams[m * p + k] = scales[k].fromEstimation(mean[k]);
    options.onIteration?.(m, {
      logLikelihood: run.logLikelihood,
      params: record(ids, traceParams.subarray(m * p, (m + 1) * p)),
    });
  }
  const values = traceParams.slice((iterations - 1) * p);
  const swarm = new Float64Array(n * p);
  for (let j = 0; j < n; j++)
    for (let k = 0; k < p; k++) swarm[j * p + k] = scales[k].fromEstimation(theta[j * p + k]);
  return {
    ids,
    estimate: record(ids, values),
    values,
    trace: { logLikelihood: traceLl, params: traceParams },
    swarm,
  };
}

/**
 * A `ParameterizedModel` run with the same parameters in every slot: the plain filter's view of one
 * point of parameter space (to evaluate an IF2 estimate or a profile point).
 *
 * @example
 * logLikelihoodReplicates(() => fixParams(new MyModel(1000, y), fit.values), { particles: 1000, steps, seed: 2 }, 10);
 */
export function fixParams(model: ParameterizedModel, values: Float64Array): ParticleModel {
  const scratch = Float64Array.from(values);
  return {
    propagate(slot, t, rng) {
      scratch.set(values);
      model.setParams(slot, scratch);
      model.propagate(slot, t, rng);
    },
    logLikelihood: (slot, t) => model.logLikelihood(slot, t),
    copy: (from, to) => model.copy(from, to),
  };
}

/** The model as the filter sees it in IF2: parameters perturbed before each move, copied on resampling. */
class PerturbedModel implements ParticleModel {
  private readonly scratch: Float64Array;
  private readonly sd: Float64Array;

  constructor(
    private readonly model: ParameterizedModel,
    /** Estimation-scale parameters, [slot · P + k]; owned by the filter, carried across iterations. */
    private readonly theta: Float64Array,
    params: readonly ParameterSpec[],
    private readonly scales: readonly ParameterScale[],
    private readonly alpha: Float64Array,
  ) {
    this.scratch = new Float64Array(params.length);
    this.sd = Float64Array.from(params, (q) => q.sd);
  }

  propagate(slot: number, t: number, rng: Rng): void {
    const p = this.scratch.length;
    const a = this.alpha[t];
    const base = slot * p;
    // The perturbation draws first from the particle's stream, then the model: still a function of
    // (seed, t, slot) alone.
    for (let k = 0; k < p; k++) {
      let z = this.theta[base + k];
      const sd = this.sd[k];
      if (sd > 0) {
        z = this.scales[k].reflect(z + sd * a * rng.normal());
        this.theta[base + k] = z;
      }
      this.scratch[k] = this.scales[k].fromEstimation(z);
    }
    this.model.setParams(slot, this.scratch);
    this.model.propagate(slot, t, rng);
  }

  logLikelihood(slot: number, t: number): number {
    return this.model.logLikelihood(slot, t);
  }

  copy(from: number, to: number): void {
    this.model.copy(from, to);
    const p = this.scratch.length;
    this.theta.copyWithin(to * p, from * p, from * p + p);
  }
}

/** The first iteration's swarm: uniform on the estimation scale between the `start` values. */
function initialSwarm(
  params: readonly ParameterSpec[],
  scales: readonly ParameterScale[],
  n: number,
  rng: Rng,
): Float64Array {
  const p = params.length;
  const theta = new Float64Array(n * p);
  for (let k = 0; k < p; k++) {
    const [a, b] = params[k].start;
    const lo = scales[k].toEstimation(a);
    const hi = scales[k].toEstimation(b);
    if (!(Number.isFinite(lo) && Number.isFinite(hi)))
      throw new Error(`iteratedFilter: start of ${params[k].id} is outside its domain`);
    for (let j = 0; j < n; j++) theta[j * p + k] = lo + (hi - lo) * rng.next();
  }
  return theta;
}

function weightedRowMean(theta: Float64Array, w: Float64Array, p: number, out: Float64Array): void {
  out.fill(0);
  for (let j = 0; j < w.length; j++) {
    const wj = w[j];
    if (wj === 0) continue;
    for (let k = 0; k < p; k++) out[k] += wj * theta[j * p + k];
  }
}

function record(ids: readonly string[], values: Float64Array): Record<string, number> {
  const out: Record<string, number> = {};
  ids.forEach((id, k) => {
    out[id] = values[k];
  });
  return out;
}
