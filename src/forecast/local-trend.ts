/**
 * The local linear trend model (Harvey 1989, *Forecasting, Structural Time Series Models and the Kalman
 * Filter*, §2.3.2) fitted by maximum likelihood with the Kalman filter, on typed arrays:
 *
 *   y_t     = μ_t + ε_t,          ε_t ~ N(0, σ²_ε)
 *   μ_{t+1} = μ_t + β_t + η_t,    η_t ~ N(0, σ²_η)
 *   β_{t+1} = β_t + ζ_t,          ζ_t ~ N(0, σ²_ζ)
 *
 * μ is the level, β the slope (the change of the level per time step). What `trends` reports is the
 * filtered slope at the last observation, E[β_n | y_1..y_n], and its standard deviation: at the last
 * time point the filtered and the smoothed state are the same thing.
 *
 * **Initialisation and likelihood** (`fitLocalTrend`). The initial state is diffuse: nothing is assumed
 * about the level or the slope before the data. For this model the first two observations determine
 * the state exactly, so the filter starts at t = 2 with the closed form (with q the variances):
 *   a_{2|2} = (y_2, y_2 − y_1),  P_{2|2} = [[σ²_ε, σ²_ε], [σ²_ε, 2σ²_ε + σ²_η + σ²_ζ]]
 * and the likelihood is that of y_3..y_n given y_1, y_2 (Harvey 1989, §3.4.3: the diffuse likelihood up
 * to a constant). The overall scale is concentrated out: with the three variances written as
 * σ²·(w_ε, w_η, w_ζ), w on the simplex, σ̂² = Σ v_t²/f_t / m (m terms) and the profile likelihood depends
 * on two numbers only. That is maximised by a coarse grid and Nelder–Mead; any variance may reach 0
 * (a zero slope variance is a fixed slope, zero level and slope variances a straight line).
 *
 * **R's StructTS** (`structTsLogLik`, `fitStructTs`). R's `StructTS(x, type = "trend")` fits the same
 * model with a different start: a_0 = (x_1, 0) and every entry of P_0 equal to 10⁶·var(x)/100, all n
 * observations in the likelihood, L-BFGS-B on the variances. Those two functions reproduce that
 * likelihood exactly; they exist for the reference check (test/forecast/trends-structts.test.ts), not
 * for the trends themselves.
 */

/** ML estimates of the local linear trend, and the state at the last observation. */
export interface LocalTrendFit {
  /** Disturbance variances: level σ²_η, slope σ²_ζ, observation σ²_ε. */
  variances: { level: number; slope: number; epsilon: number };
  /** Maximised log-likelihood (diffuse: of the observations after the first two). */
  logLik: number;
  /** Filtered level and slope at the last observation, with their variances. */
  level: number;
  slope: number;
  levelVar: number;
  slopeVar: number;
  /** Observations used (finite values), and the terms of the likelihood (two fewer). */
  observations: number;
  terms: number;
  /** Likelihood evaluations the optimiser used. */
  evaluations: number;
  converged: boolean;
}

/** Fewest finite observations a fit accepts: two start the filter, the rest estimate three variances. */
export const MIN_OBSERVATIONS = 6;

/** Bounds of the optimiser's log-weights: e^±30 is 0 or ∞ for every practical purpose. */
const THETA_BOUND = 30;
/** Starting grid of the log-weights of the level and slope variances against the observation variance. */
const GRID = [-9, -5, -2, 1, 4];

/**
 * The diffuse Kalman filter of the local linear trend with variances (h, qEta, qZeta) = (σ²_ε, σ²_η,
 * σ²_ζ) over y[from .. from + n): Σ v²/f, Σ log f and the number of terms, and the state at the end
 * written into `state` (level, slope, P11, P12, P22). NaN values are missing months: prediction only.
 */
function diffuseFilter(
  y: Float64Array,
  from: number,
  n: number,
  h: number,
  qEta: number,
  qZeta: number,
  state?: Float64Array,
): { ssq: number; sumLog: number; terms: number } {
  const end = from + n;
  // Start at the first two consecutive finite values (the diffuse initialisation needs both).
  let t0 = from;
  while (t0 + 1 < end && !(Number.isFinite(y[t0]) && Number.isFinite(y[t0 + 1]))) t0++;
  if (t0 + 1 >= end) return { ssq: 0, sumLog: 0, terms: 0 };
  let l = y[t0 + 1];
  let b = y[t0 + 1] - y[t0];
  let p11 = h;
  let p12 = h;
  let p22 = 2 * h + qEta + qZeta;
  let ssq = 0;
  let sumLog = 0;
  let terms = 0;
  for (let t = t0 + 2; t < end; t++) {
    // Predict: a ← T a, P ← T P T' + Q with T = [[1, 1], [0, 1]].
    l += b;
    const n11 = p11 + 2 * p12 + p22 + qEta;
    const n12 = p12 + p22;
    const n22 = p22 + qZeta;
    const yt = y[t];
    if (!Number.isFinite(yt)) {
      p11 = n11;
      p12 = n12;
      p22 = n22;
      continue;
    }
    const v = yt - l;
    const f = n11 + h;
    const k1 = n11 / f;
    const k2 = n12 / f;
    l += k1 * v;
    b += k2 * v;
    p11 = n11 - k1 * n11;
    p12 = n12 - k1 * n12;
    p22 = n22 - k2 * n12;
    ssq += (v * v) / f;
    sumLog += Math.log(f);
    terms++;
  }
  if (state) {
    state[0] = l;
    state[1] = b;
    state[2] = p11;
    state[3] = p12;
    state[4] = p22;
  }
  return { ssq, sumLog, terms };
}

/** The simplex weights (ε, η, ζ) of two log-weights against ε's. */
function weights(thetaEta: number, thetaZeta: number): [number, number, number] {
  const a = Math.exp(Math.min(Math.max(thetaEta, -THETA_BOUND), THETA_BOUND));
  const c = Math.exp(Math.min(Math.max(thetaZeta, -THETA_BOUND), THETA_BOUND));
  const s = 1 + a + c;
  return [1 / s, a / s, c / s];
}

const LOG_2PI = Math.log(2 * Math.PI);

/** Profile (concentrated) diffuse log-likelihood at weights w; NaN when the data are degenerate. */
function profileLogLik(y: Float64Array, from: number, n: number, w: [number, number, number]): number {
  const { ssq, sumLog, terms } = diffuseFilter(y, from, n, w[0], w[1], w[2]);
  if (terms === 0 || !(ssq > 0)) return Number.NaN;
  const s2 = ssq / terms;
  return -0.5 * (terms * (LOG_2PI + 1 + Math.log(s2)) + sumLog);
}

/** Finite observations in y[from .. from + n). */
function countFinite(y: Float64Array, from: number, n: number): number {
  let c = 0;
  for (let t = from; t < from + n; t++) if (Number.isFinite(y[t])) c++;
  return c;
}

/**
 * Fit the local linear trend by maximum likelihood (diffuse start, scale concentrated out) to
 * y[from .. from + n) — a view into a larger array, so that a panel of areas is fitted without copies.
 * Returns null with fewer than MIN_OBSERVATIONS finite values. A series without any variation after
 * its first two values (a constant, or a straight line) has every variance 0 and its exact slope.
 */
export function fitLocalTrend(y: Float64Array, from = 0, n = y.length - from): LocalTrendFit | null {
  const observations = countFinite(y, from, n);
  if (observations < MIN_OBSERVATIONS) return null;
  const f = (x: Float64Array) => {
    const ll = profileLogLik(y, from, n, weights(x[0], x[1]));
    return Number.isNaN(ll) ? Number.POSITIVE_INFINITY : -ll;
  };
  let best = Number.POSITIVE_INFINITY;
  const start = new Float64Array(2);
  let evaluations = 0;
  for (const a of GRID) {
    for (const c of GRID) {
      const x = Float64Array.of(a, c);
      const v = f(x);
      evaluations++;
      if (v < best) {
        best = v;
        start.set(x);
      }
    }
  }
  const state = new Float64Array(5);
  if (!Number.isFinite(best)) {
    // No residual variation at any weights: the data lie on a straight line (or are constant). The filter
    // of a fixed line (any noise variance, here 1) gives that line's level and slope exactly.
    const { terms } = diffuseFilter(y, from, n, 1, 0, 0, state);
    return {
      variances: { level: 0, slope: 0, epsilon: 0 },
      logLik: Number.POSITIVE_INFINITY,
      level: state[0],
      slope: state[1],
      levelVar: 0,
      slopeVar: 0,
      observations,
      terms,
      evaluations,
      converged: true,
    };
  }
  let opt = nelderMead(f, start, 1.5);
  evaluations += opt.evaluations;
  // One restart from the optimum: Nelder–Mead can stall on a ridge; a fresh simplex confirms the optimum.
  const again = nelderMead(f, opt.x, 0.5);
  evaluations += again.evaluations;
  if (again.value <= opt.value) opt = { ...again, converged: again.converged && opt.converged };
  const w = weights(opt.x[0], opt.x[1]);
  const { ssq, sumLog, terms } = diffuseFilter(y, from, n, w[0], w[1], w[2], state);
  const s2 = ssq / terms;
  return {
    variances: { level: s2 * w[1], slope: s2 * w[2], epsilon: s2 * w[0] },
    logLik: -0.5 * (terms * (LOG_2PI + 1 + Math.log(s2)) + sumLog),
    level: state[0],
    slope: state[1],
    levelVar: s2 * state[2],
    slopeVar: s2 * state[4],
    observations,
    terms,
    evaluations,
    converged: opt.converged,
  };
}

/**
 * The diffuse log-likelihood and final state at given variances (not concentrated): for tests and for
 * anyone checking a fit by hand.
 */
export function localTrendLogLik(
  y: Float64Array,
  variances: { level: number; slope: number; epsilon: number },
): { logLik: number; level: number; slope: number; levelVar: number; slopeVar: number; terms: number } {
  const state = new Float64Array(5);
  const { ssq, sumLog, terms } = diffuseFilter(
    y,
    0,
    y.length,
    variances.epsilon,
    variances.level,
    variances.slope,
    state,
  );
  return {
    logLik: -0.5 * (terms * LOG_2PI + sumLog + ssq),
    level: state[0],
    slope: state[1],
    levelVar: state[2],
    slopeVar: state[4],
    terms,
  };
}

/** Result of a Nelder–Mead minimisation. */
interface Minimum {
  x: Float64Array;
  value: number;
  evaluations: number;
  converged: boolean;
}

/**
 * Nelder–Mead simplex minimisation (Nelder & Mead 1965, with the standard coefficients 1, 2, ½, ½),
 * for the two- and three-parameter likelihoods here. Stops when the simplex's values differ by less
 * than `fTol` and its vertices by less than `xTol`, or after `maxEval` evaluations.
 */
export function nelderMead(
  f: (x: Float64Array) => number,
  x0: Float64Array,
  step: number,
  options: { fTol?: number; xTol?: number; maxEval?: number } = {},
): Minimum {
  const d = x0.length;
  const fTol = options.fTol ?? 1e-10;
  const xTol = options.xTol ?? 1e-7;
  const maxEval = options.maxEval ?? 400 * d;
  const pts: Float64Array[] = [Float64Array.from(x0)];
  for (let i = 0; i < d; i++) {
    const p = Float64Array.from(x0);
    p[i] += step;
    pts.push(p);
  }
  const vals = pts.map((p) => f(p));
  let evaluations = d + 1;
  const centroid = new Float64Array(d);
  const trial = new Float64Array(d);
  const trial2 = new Float64Array(d);
  const order = Array.from({ length: d + 1 }, (_, i) => i);
  let converged = false;
  while (evaluations < maxEval) {
    order.sort((a, b) => vals[a] - vals[b]);
    const lo = order[0];
    const hi = order[d];
    const second = order[d - 1];
    let spread = 0;
    for (let i = 1; i <= d; i++) {
      for (let k = 0; k < d; k++) spread = Math.max(spread, Math.abs(pts[order[i]][k] - pts[lo][k]));
    }
    if (Math.abs(vals[hi] - vals[lo]) <= fTol && spread <= xTol) {
      converged = true;
      break;
    }
    // A flat region (every vertex equally good, e.g. a variance already at its bound): done as well.
    if (vals[hi] === vals[lo] && Number.isFinite(vals[lo]) && spread <= 1e-3) {
      converged = true;
      break;
    }
    centroid.fill(0);
    for (let i = 0; i < d; i++) for (let k = 0; k < d; k++) centroid[k] += pts[order[i]][k] / d;
    for (let k = 0; k < d; k++) trial[k] = centroid[k] + (centroid[k] - pts[hi][k]);
    const fr = f(trial);
    evaluations++;
    if (fr < vals[lo]) {
      for (let k = 0; k < d; k++) trial2[k] = centroid[k] + 2 * (centroid[k] - pts[hi][k]);
      const fe = f(trial2);
      evaluations++;
      if (fe < fr) {
        pts[hi].set(trial2);
        vals[hi] = fe;
      } else {
        pts[hi].set(trial);
        vals[hi] = fr;
      }
      continue;
    }
    if (fr < vals[second]) {
      pts[hi].set(trial);
      vals[hi] = fr;
      continue;
    }
    // Contraction: outside if the reflection improved on the worst, else inside.
    const outside = fr < vals[hi];
    for (let k = 0; k < d; k++) {
      trial2[k] = outside
        ? centroid[k] + 0.5 * (trial[k] - centroid[k])
        : centroid[k] + 0.5 * (pts[hi][k] - centroid[k]);
    }
    const fc = f(trial2);
    evaluations++;
    if (fc < (outside ? fr : vals[hi])) {
      pts[hi].set(trial2);
      vals[hi] = fc;
      continue;
    }
    // Shrink towards the best vertex.
    for (let i = 1; i <= d; i++) {
      const p = pts[order[i]];
      for (let k = 0; k < d; k++) p[k] = pts[lo][k] + 0.5 * (p[k] - pts[lo][k]);
      vals[order[i]] = f(p);
      evaluations++;
    }
  }
  let best = 0;
  for (let i = 1; i <= d; i++) if (vals[i] < vals[best]) best = i;
  return { x: pts[best], value: vals[best], evaluations, converged };
}

// ---------------------------------------------------------------------------------------------------
// R's StructTS(type = "trend"), for the reference check.

/** var(x) with the n − 1 denominator over the finite values (R's `var(x, na.rm = TRUE)`). */
function sampleVariance(y: Float64Array): number {
  let n = 0;
  let m = 0;
  let s = 0;
  for (const v of y) {
    if (!Number.isFinite(v)) continue;
    n++;
    const d = v - m;
    m += d / n;
    s += d * (v - m);
  }
  return n > 1 ? s / (n - 1) : Number.NaN;
}

export interface StructTsState {
  logLik: number;
  level: number;
  slope: number;
  /** Filtered covariance of (level, slope) at the last observation. */
  p11: number;
  p12: number;
  p22: number;
}

/**
 * The log-likelihood R's StructTS(x, type = "trend") maximises, at variances (level, slope, epsilon):
 * a_0 = (x_1, 0), every entry of P_0 equal to 10⁶·var(x)/100, each step predict-then-update, every finite
 * observation a term (R: loglik = −½ Σ (log f_t + v_t²/f_t) − ½ n log 2π), and the filtered state at
 * the end (R: `fit$fitted[n, ]` and `fit$model$P`).
 */
export function structTsLogLik(
  y: Float64Array,
  variances: { level: number; slope: number; epsilon: number },
): StructTsState {
  const kappa = (1e6 * sampleVariance(y)) / 100;
  const h = variances.epsilon;
  const qEta = variances.level;
  const qZeta = variances.slope;
  let l = y[0];
  let b = 0;
  let p11 = kappa;
  let p12 = kappa;
  let p22 = kappa;
  let ssq = 0;
  let sumLog = 0;
  let terms = 0;
  for (let t = 0; t < y.length; t++) {
    l += b;
    const n11 = p11 + 2 * p12 + p22 + qEta;
    const n12 = p12 + p22;
    const n22 = p22 + qZeta;
    const yt = y[t];
    if (!Number.isFinite(yt)) {
      p11 = n11;
      p12 = n12;
      p22 = n22;
      continue;
    }
    const v = yt - l;
    const f = n11 + h;
    l += (n11 / f) * v;
    b += (n12 / f) * v;
    p11 = n11 - (n11 * n11) / f;
    p12 = n12 - (n11 * n12) / f;
    p22 = n22 - (n12 * n12) / f;
    ssq += (v * v) / f;
    sumLog += Math.log(f);
    terms++;
  }
  return { logLik: -0.5 * (ssq + sumLog) - 0.5 * terms * LOG_2PI, level: l, slope: b, p11, p12, p22 };
}

/**
 * Maximum likelihood on R's StructTS likelihood (Nelder–Mead on the log of each variance over
 * var(x)/100, from R's own start, 1, and from a few others; the best is kept). Only for the reference
 * check: the trends use `fitLocalTrend`.
 */
export function fitStructTs(y: Float64Array): {
  variances: { level: number; slope: number; epsilon: number };
  state: StructTsState;
} {
  const vx = sampleVariance(y) / 100;
  const at = (x: Float64Array) => ({
    level: vx * Math.exp(Math.max(x[0], -60)),
    slope: vx * Math.exp(Math.max(x[1], -60)),
    epsilon: vx * Math.exp(Math.max(x[2], -60)),
  });
  const f = (x: Float64Array) => -structTsLogLik(y, at(x)).logLik;
  let best: Minimum | undefined;
  for (const s of [
    [0, 0, 0],
    [-10, -10, 0],
    [0, -10, 0],
    [-10, 0, 0],
    [0, 0, -10],
  ]) {
    let m = nelderMead(f, Float64Array.from(s), 2, { maxEval: 3000, fTol: 1e-12 });
    m = nelderMead(f, m.x, 0.5, { maxEval: 3000, fTol: 1e-12 });
    if (!best || m.value < best.value) best = m;
  }
  const variances = at(best!.x);
  return { variances, state: structTsLogLik(y, variances) };
}
