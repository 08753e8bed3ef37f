import { fixParams, iteratedFilter, type ParameterizedModel, type ParameterSpec } from './if2.js';
import { parameterScale } from './parameter-scale.js';
import type { ResampleScheme } from './particle-filter.js';
import { logLikelihoodReplicates } from './replicates.js';
import { childSeed } from './streams.js';

/**
 * A likelihood profile over one parameter: at each grid value the other parameters are re-maximised by a
 * short IF2 (or held fixed), and the log-likelihood there is estimated by `replicates` independent filters
 * with its Monte Carlo standard error (log-mean-exp and jackknife, as pomp's `logmeanexp(se = TRUE)`;
 * King, Nguyen & Ionides 2016, J Stat Softw 69(12); the profile approach of Ionides et al. 2017, J R Soc
 * Interface 14:20170126, "Monte Carlo profile confidence intervals for dynamic systems").
 *
 * Every grid point is evaluated with the same replicate seeds (common random numbers): the differences
 * between points, which the profile is read by, carry less Monte Carlo noise than the levels.
 */
export interface ProfileOptions {
  /** Every parameter of the model, in the order `setParams` receives them. */
  params: readonly ParameterSpec[];
  /** The profiled parameter and its grid (natural scale). */
  profile: { id: string; values: readonly number[] };
  /** 'if2': re-maximise the others at each grid value; 'fixed': hold them at `at`. Default 'if2'. */
  others?: 'if2' | 'fixed';
  /** Values of the other parameters when fixed (default: the middle of `start` on the estimation scale). */
  at?: Readonly<Record<string, number>>;
  /** Particles of the evaluation filters. */
  particles: number;
  steps: number;
  seed: number;
  /** Independent filters per grid value. Default 10. */
  replicates?: number;
  /** The short IF2 per grid value: iterations (default 20), particles (default `particles`), cooling (0.5). */
  if2?: { iterations?: number; particles?: number; cooling?: number };
  resample?: ResampleScheme;
  onPoint?: (index: number, point: ProfilePoint) => void;
  signal?: AbortSignal;
}

export interface ProfilePoint {
  /** The profiled parameter's value. */
  value: number;
  /** log-mean-exp of the replicate log-likelihoods. */
  logLikelihood: number;
  /** Its Monte Carlo standard error. */
  se: number;
  /** All parameters at this point (natural scale). */
  params: Record<string, number>;
  replicates: Float64Array;
}

/**
 * @example
 * const points = profileLikelihood((n) => new MyModel(n, y), {
 *   params, profile: { id: 'sigma', values: [0.05, 0.1, 0.2] }, particles: 1000, steps: y.length, seed: 1,
 * });
 * // points[i].logLikelihood ± 2 · points[i].se
 */
export function profileLikelihood(
  makeModel: (particles: number, run: number) => ParameterizedModel,
  options: ProfileOptions,
): ProfilePoint[] {
  const { params, profile, particles, steps, seed } = options;
  const others = options.others ?? 'if2';
  const replicates = options.replicates ?? 10;
  const index = params.findIndex((q) => q.id === profile.id);
  if (index < 0) throw new Error(`profileLikelihood: no parameter ${profile.id}`);
  const centre = params.map((q) => {
    const s = parameterScale(q.transform ?? 'none', q.bounds);
    return (
      options.at?.[q.id] ?? s.fromEstimation((s.toEstimation(q.start[0]) + s.toEstimation(q.start[1])) / 2)
    );
  });
  const points: ProfilePoint[] = [];
  profile.values.forEach((value, g) => {
    let values: Float64Array;
    if (others === 'if2') {
      const fit = iteratedFilter(makeModel, {
        params: params.map((q, k) => (k === index ? { ...q, start: [value, value] as const, sd: 0 } : q)),
        iterations: options.if2?.iterations ?? 20,
        particles: options.if2?.particles ?? particles,
        steps,
        seed: childSeed(seed, g, 'profile-if2'),
        cooling: options.if2?.cooling,
        resample: options.resample,
        signal: options.signal,
      });
      values = fit.values;
      // The swarm mean of a parameter held fixed is the value up to rounding: set it exactly.
      values[index] = value;
    } else {
      values = Float64Array.from(centre);
      values[index] = value;
    }
    const ll = logLikelihoodReplicates(
      (r) => fixParams(makeModel(particles, r), values),
      {
        particles,
        steps,
        seed: childSeed(seed, 0, 'profile-eval'),
        resample: options.resample,
        signal: options.signal,
      },
      replicates,
    );
    const point: ProfilePoint = {
      value,
      logLikelihood: ll.mean,
      se: ll.se,
      params: Object.fromEntries(params.map((q, k) => [q.id, values[k]])),
      replicates: ll.values,
    };
    points.push(point);
    options.onPoint?.(g, point);
  });
  return points;
}
