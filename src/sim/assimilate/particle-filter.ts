import { createRng, type Rng } from '../rng.js';
import { multinomialResample, planInPlace, stratifiedResample, systematicResample } from './resample.js';
import { propagateSeed, stepStream } from './streams.js';

/**
 * The bootstrap particle filter (Gordon, Salmond & Smith 1993, IEE Proc F 140:107) with adaptive
 * resampling, over a model seen only as N numbered slots.
 *
 * The filter never holds a state: the model owns its particles (for the engine, big typed arrays per
 * particle) and the filter tells it which slot to advance, to weigh, or to copy over another. Per step t
 * (t = 0 is the first observation):
 *
 *   1. propagate every slot from t − 1 to t (at t = 0, from the model's initial state);
 *   2. weigh: log w_j += log p(y_t | x_t^j);
 *   3. step log-likelihood: log Σ_j W_j^{t−1} p(y_t | x_t^j), W^{t−1} the normalised weights carried
 *      into the step (1/N after a resampling). Their sum over steps is the log of the standard estimate
 *      of p(y_0:T−1), unbiased on the natural scale with or without resampling at every step (Del Moral
 *      2004; pomp's pfilter, King, Nguyen & Ionides 2016, J Stat Softw 69(12));
 *   4. `onStep(t, W^t)`: the filtered distribution p(x_t | y_0:t) as the slots and weights now hold it;
 *   5. resample in place if ESS = 1 / Σ W² falls below `essThreshold` · N (1 = every step, as pomp).
 *
 * In-place resampling: offspring counts from the scheme (resample.ts); a particle with offspring keeps
 * its slot and its extra copies overwrite slots of particles without offspring, so N slots suffice and a
 * slot is never overwritten while it is still a source. `ancestry[t][j]` records where slot j's particle
 * came from, for smoothing by lineages (lineages.ts).
 *
 * Randomness is a pure function of (seed, t, slot): `propagate(j, t, rng)` gets `particleStream(seed, t,
 * j)`, resampling at t draws from `stepStream(seed, t, 'resample')`. Two copies of one particle sit in
 * different slots and so move apart; splitting `propagate` across threads would change no number.
 */

/** The model, seen by the filter as N numbered slots (particle states owned by the model). */
export interface ParticleModel {
  /**
   * Advance the particle in `slot` from observation time t − 1 to t (t = 0 is the first observation; at
   * t = 0 it starts from the particle's initial state). `rng` depends only on (seed, t, slot).
   */
  propagate(slot: number, t: number, rng: Rng): void;
  /**
   * log p(y_t | particle), after `propagate`; may update the particle's own sufficient statistics
   * (Rao–Blackwellised parts). −Infinity for impossible; 0 when there is no observation at t. NaN is a
   * bug: the filter throws.
   */
  logLikelihood(slot: number, t: number): number;
  /** Copy the particle in slot `from` over slot `to` (for resampling). */
  copy(from: number, to: number): void;
}

export type ResampleScheme = 'systematic' | 'multinomial' | 'stratified';

/** What `onStep` learns besides the weights. */
export interface StepInfo {
  /** Effective sample size 1 / Σ W² of these weights. */
  ess: number;
  /** This step's log-likelihood term. */
  logLikelihood: number;
  /** Whether the filter resamples right after this call. */
  willResample: boolean;
}

export interface ParticleFilterOptions {
  /** Number of particles N (slots 0..N−1 of the model). */
  particles: number;
  /** Number of observation times T. */
  steps: number;
  seed: number;
  /** Default 'systematic' (Kitagawa 1996): least resampling noise of the three, O(N). */
  resample?: ResampleScheme;
  /** Resample when ESS < essThreshold · N; 1 = every step, 0 = never. Default 0.5. */
  essThreshold?: number;
  /**
   * Called after step t's weighting, before its resampling: slot j holds a draw of p(x_t | y_0:t) of
   * normalised weight `weights[j]`. `weights` is the filter's buffer: read it during the call, copy it to
   * keep it.
   */
  onStep?: (t: number, weights: Float64Array, info: StepInfo) => void;
  /** Keep `ancestry` (N Int32 per step). Default true. */
  ancestry?: boolean;
  signal?: AbortSignal;
}

export interface ParticleFilterResult {
  /** log p̂(y_0:T−1): −Infinity if every particle became impossible at some step. */
  logLikelihood: number;
  logLikelihoodByStep: Float64Array;
  /** Effective sample size at each step, before resampling. */
  ess: Float64Array;
  /** 1 where the step resampled. */
  resampled: Uint8Array;
  /** Normalised weights of the slots at the end (after the last step's resampling: 1/N if it resampled). */
  weights: Float64Array;
  /**
   * `ancestry[t][j]`: the slot at step t (as `onStep` saw it) of the parent of the particle in slot j after
   * step t; the identity where step t did not resample. Empty when `ancestry: false`.
   */
  ancestry: Int32Array[];
  /** Steps at which every particle had likelihood 0: weights restarted uniform, no resampling. */
  failures: number;
}

/**
 * Run the bootstrap particle filter.
 *
 * @example
 * const run = particleFilter(model, { particles: 1000, steps: y.length, seed: 1,
 *   onStep: (t, w) => { bands[t] = weightedQuantiles(model.x, w, [0.05, 0.5, 0.95]); } });
 * run.logLikelihood;
 */
export function particleFilter(model: ParticleModel, options: ParticleFilterOptions): ParticleFilterResult {
  const { particles: n, steps, seed, onStep, signal } = options;
  const scheme = options.resample ?? 'systematic';
  const essThreshold = options.essThreshold ?? 0.5;
  const keepAncestry = options.ancestry ?? true;
  if (!(Number.isInteger(n) && n >= 1)) throw new Error(`particleFilter: particles must be ≥ 1 (got ${n})`);
  if (!(Number.isInteger(steps) && steps >= 0)) throw new Error(`particleFilter: bad steps ${steps}`);
  if (!(essThreshold >= 0)) throw new Error(`particleFilter: bad essThreshold ${essThreshold}`);
  const always = essThreshold >= 1;
  const logW = new Float64Array(n).fill(-Math.log(n));
  const w = new Float64Array(n).fill(1 / n);
  const counts = new Int32Array(n);
  // Parents of the current step when ancestry is not kept.
  const scratchParents = new Int32Array(n);
  const byStep = new Float64Array(steps);
  const essByStep = new Float64Array(steps);
  const resampled = new Uint8Array(steps);
  const ancestry: Int32Array[] = [];
  const copy = (from: number, to: number) => model.copy(from, to);
  let failures = 0;
  let total = 0;

  for (let t = 0; t < steps; t++) {
    signal?.throwIfAborted();
    // particleStream(seed, t, j), with the step's part computed once.
    const stepSeed = propagateSeed(seed, t);
    for (let j = 0; j < n; j++) model.propagate(j, t, createRng(stepSeed, j));
    let max = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < n; j++) {
      const ll = model.logLikelihood(j, t);
      if (Number.isNaN(ll) || ll === Number.POSITIVE_INFINITY)
        throw new Error(`particleFilter: log-likelihood of slot ${j} at step ${t} is ${ll}`);
      const lw = logW[j] + ll;
      logW[j] = lw;
      if (lw > max) max = lw;
    }
    let ess: number;
    let stepLl: number;
    if (max === Number.NEGATIVE_INFINITY) {
      // Every particle impossible: the estimate is 0 (log −∞); carry on from uniform weights, as pomp does.
      failures++;
      stepLl = Number.NEGATIVE_INFINITY;
      logW.fill(-Math.log(n));
      w.fill(1 / n);
      ess = n;
    } else {
      let sum = 0;
      for (let j = 0; j < n; j++) {
        const e = Math.exp(logW[j] - max);
        w[j] = e;
        sum += e;
      }
      // The carried log-weights sum to 1 on the natural scale, so this is log Σ W^{t−1} p(y_t | x).
      stepLl = max + Math.log(sum);
      let sq = 0;
      for (let j = 0; j < n; j++) {
        const v = w[j] / sum;
        w[j] = v;
        sq += v * v;
        logW[j] -= stepLl;
      }
      ess = 1 / sq;
    }
    byStep[t] = stepLl;
    total += stepLl;
    essByStep[t] = ess;
    const resample = stepLl !== Number.NEGATIVE_INFINITY && (always || ess < essThreshold * n);
    onStep?.(t, w, { ess, logLikelihood: stepLl, willResample: resample });
    const parents = keepAncestry ? new Int32Array(n) : undefined;
    if (resample) {
      offspring(scheme, w, stepStream(seed, t, 'resample'), counts);
      planInPlace(counts, parents ?? scratchParents, copy);
      logW.fill(-Math.log(n));
      w.fill(1 / n);
      resampled[t] = 1;
    } else if (parents) {
      for (let j = 0; j < n; j++) parents[j] = j;
    }
    if (parents) ancestry.push(parents);
  }
  return {
    logLikelihood: total,
    logLikelihoodByStep: byStep,
    ess: essByStep,
    resampled,
    weights: w,
    ancestry,
    failures,
  };
}

function offspring(scheme: ResampleScheme, w: Float64Array, rng: Rng, counts: Int32Array): Int32Array {
  switch (scheme) {
    case 'systematic':
      return systematicResample(w, rng.next(), counts);
    case 'stratified':
      return stratifiedResample(w, rng, counts);
    case 'multinomial':
      return multinomialResample(w, rng, counts);
    default:
      throw new Error(`particleFilter: unknown resampling scheme ${scheme as string}`);
  }
}
