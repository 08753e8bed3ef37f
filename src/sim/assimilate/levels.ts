/**
 * The linear-Gaussian part of the nowcast model (nowcast-model.ts): one particle's levels
 * x = (c, ℓ_1 … ℓ_A, u) — national factor, state levels, the month's national scatter — as a Kalman mean
 * `x` (length A + 2) and covariance `P` (row-major, (A + 2)²). The particle filter runs them forward inside
 * each particle; the smoother (smoother.ts) runs the same steps along a lineage, so both share these
 * kernels and agree to the last bit.
 *
 *   transition  c_t = c_{t−1} + ν_c,  ℓ_{a,t} = ℓ_{a,t−1} + ν_a,  u_t ~ N(0, σ_u²) fresh each month
 *   observation log(y_{a,t} + ½) = log m_{a,t} + c_t + ℓ_{a,t} + u_t + ε,  ε ~ N(0, σ² + 1/(ŷ + ½))
 */
export interface LevelSteps {
  /** Monthly log step of a state level. */
  levelSd: number;
  /** Monthly log step of the national factor. */
  commonSd: number;
  /** The month's national scatter that does not persist. */
  transientSd: number;
}

const LOG_2PI = Math.log(2 * Math.PI);

/**
 * One month of the random walks (Kalman prediction), in place: c and every ℓ_a gain their step variance;
 * u is drawn afresh (mean 0, variance σ_u², independent of the rest).
 */
export function predictLevels(x: Float64Array, P: Float64Array, steps: LevelSteps): void {
  const dim = x.length;
  const u = dim - 1;
  P[0] += steps.commonSd * steps.commonSd;
  for (let a = 1; a < u; a++) P[a * dim + a] += steps.levelSd * steps.levelSd;
  for (let r = 0; r < dim; r++) {
    P[r * dim + u] = 0;
    P[u * dim + r] = 0;
  }
  P[u * dim + u] = steps.transientSd * steps.transientSd;
  x[u] = 0;
}

/**
 * The month's Kalman update by the observed counts `y` (NaN = missing) given the model means `means` (both
 * one per state), in place; returns log p(y | means) with the levels integrated out, on the count scale
 * (the Jacobian 1/(y + ½) of the log transform included), −Infinity when a state with a count has no
 * positive mean. `v` is scratch of length A + 2.
 */
export function updateLevels(
  x: Float64Array,
  P: Float64Array,
  means: ArrayLike<number>,
  y: ArrayLike<number>,
  observationSd: number,
  v: Float64Array,
): number {
  const dim = x.length;
  const u = dim - 1;
  const r0 = observationSd * observationSd;
  let ll = 0;
  for (let a = 0; a < means.length; a++) {
    const obs = y[a];
    if (Number.isNaN(obs)) continue;
    const mu = means[a];
    if (!(mu > 0)) return Number.NEGATIVE_INFINITY;
    // Observation z = c + ℓ_a + u + ε: h = e_0 + e_{a+1} + e_u; one scalar update, rank one on the
    // covariance.
    const i = a + 1;
    for (let r = 0; r < dim; r++) v[r] = P[r * dim] + P[r * dim + i] + P[r * dim + u];
    // Poisson scatter of the log count at the count the state predicts, not at the count observed:
    // at the observed one a low month weighs less than a high one, and small states drift upward
    // (+25% at 6 a month: bench/nowcast-check.ts, test/sim/assimilate/synthetic-truth.test.ts).
    const logPredicted = Math.log(mu) + x[0] + x[i] + x[u];
    const variance = v[0] + v[i] + v[u] + r0 + 1 / (Math.exp(logPredicted) + 0.5);
    const logY = Math.log(obs + 0.5);
    const innovation = logY - logPredicted;
    // Density of log(y + ½), carried to y by the Jacobian 1/(y + ½): comparable across models.
    ll += -0.5 * (LOG_2PI + Math.log(variance) + (innovation * innovation) / variance) - logY;
    const g = innovation / variance;
    for (let r = 0; r < dim; r++) {
      x[r] += v[r] * g;
      const vr = v[r] / variance;
      const row = r * dim;
      for (let k = 0; k < dim; k++) P[row + k] -= vr * v[k];
    }
  }
  return ll;
}
