import { QueryError } from '../data/errors.js';

/**
 * Negative binomial (NB2) regression by maximum likelihood, on typed arrays: y ~ NB(μ, α) with
 * log μ = Xβ and Var(y) = μ + αμ². With one dispersion this is the model and likelihood of statsmodels'
 * `discrete_model.NegativeBinomial(loglike_method='nb2')` (Cameron & Trivedi 2013, Regression Analysis of
 * Count Data, 2nd ed., ch. 3), which the tests compare against. Optionally α differs between strata of
 * rows (e.g. quiet and violent places), each estimated by maximum likelihood.
 *
 * Fitting alternates two exact steps until the likelihood settles: β by iteratively reweighted least
 * squares with α fixed (weights μ/(1 + αμ), working response η + (y − μ)/μ, step-halving if the
 * likelihood drops), then each α by Newton's method on log(1/α) with β fixed. For integer counts,
 * lgamma(y + r) − lgamma(r) = Σ_{j<y} log(r + j): exact and cheap, as most municipal counts are 0 or small.
 */
export interface NbFit {
  beta: Float64Array;
  /** Dispersion of each stratum (one value without strata). */
  alphas: Float64Array;
  logLik: number;
  /** Outer iterations (β, then α). */
  iterations: number;
  converged: boolean;
  n: number;
}

/** Which dispersion each row has: index[i] in 0..count−1. */
export interface Strata {
  index: Uint8Array;
  count: number;
}

export interface NbOptions {
  maxIterations?: number;
  /** Convergence on the change of log-likelihood per observation. */
  tolerance?: number;
  /** Starting dispersion(s). */
  alphas?: ArrayLike<number>;
  /** Starting coefficients (e.g. the fit of a neighbouring horizon: far fewer iterations). */
  beta?: ArrayLike<number>;
  strata?: Strata;
}

/** Largest 1/α considered: beyond it the counts are Poisson for every practical purpose. */
const MAX_SIZE = 1e8;
const ETA_LIMIT = 30;

/** X is row-major, n × p; column 0 is expected to be the constant. */
export function fitNegBin(X: Float64Array, y: Float64Array, p: number, options: NbOptions = {}): NbFit {
  const n = y.length;
  if (X.length !== n * p) throw new Error(`design has ${X.length} cells, expected ${n} × ${p}`);
  checkCounts(y);
  const strata = options.strata ?? { index: new Uint8Array(n), count: 1 };
  const maxIterations = options.maxIterations ?? 100;
  const tolerance = options.tolerance ?? 1e-9;
  const logFact = logFactorials(y);
  const alphas = Float64Array.from({ length: strata.count }, (_, k) => options.alphas?.[k] ?? 0.5);
  const beta = new Float64Array(p);
  if (options.beta) beta.set(options.beta);
  else beta[0] = Math.log(Math.max(meanOf(y), 1e-6));
  const sparse = sparseRows(X, n, p);
  const eta = new Float64Array(n);
  linear(X, sparse, beta, p, eta);
  const rows = new RowTerms(y, logFact);
  const spread = () => rows.setAlphas((i) => alphas[strata.index[i]]);
  spread();
  let ll = rows.logLik(eta);
  let converged = false;
  let iterations = 0;
  // One alternating pass brings (β, α) close (skipped from a warm start); joint Newton steps then
  // converge quadratically. A step whose Hessian is not negative definite falls back to alternating.
  const above = strataExceedances(y, strata);
  const problem: JointProblem = { X, sparse, y, p, strata, above, rows, beta, alphas, eta };
  for (; iterations < maxIterations && !converged; iterations++) {
    const before = ll;
    const joint = iterations > 0 || options.beta ? newtonStep(problem, ll) : undefined;
    if (joint === undefined) {
      irls(X, sparse, y, p, rows, beta, eta, 50);
      fitStrataAlphas(y, eta, strata, alphas);
      spread();
      ll = rows.logLik(eta);
    } else ll = joint;
    converged = Math.abs(ll - before) <= tolerance * n;
  }
  return { beta, alphas, logLik: ll, iterations, converged, n };
}

interface JointProblem {
  X: Float64Array;
  sparse: SparseRows;
  y: Float64Array;
  p: number;
  strata: Strata;
  /** Per stratum, how many counts exceed j (see `exceedances`). */
  above: Float64Array[];
  rows: RowTerms;
  beta: Float64Array;
  alphas: Float64Array;
  eta: Float64Array;
}

/**
 * One Newton step on (β, θ_k = log r_k) jointly, with the observed Hessian (r = 1/α, per row μ = e^η):
 *   ∂ℓ/∂β = Σ x r(y − μ)/(r + μ)             ∂²ℓ/∂β∂β' = −Σ x x' μ r (r + y)/(r + μ)²
 *   ∂²ℓ/∂β∂r = Σ x (y − μ) μ/(r + μ)²        ∂ℓ/∂r, ∂²ℓ/∂r² as in fitAlpha
 * and the chain rule for θ = log r. Backtracks on the likelihood; returns the new log-likelihood, or
 * undefined when the Hessian is not negative definite (the caller then alternates instead).
 */
function newtonStep(pr: JointProblem, ll: number): number | undefined {
  const { X, sparse, y, p, strata, above, rows, beta, alphas, eta } = pr;
  const K = strata.count;
  const m = p + K;
  const H = new Float64Array(m * m);
  const g = new Float64Array(m);
  const gr = new Float64Array(K);
  const hr = new Float64Array(K);
  const { ptr, col } = sparse;
  for (let i = 0, o = 0; i < y.length; i++, o += p) {
    const k = strata.index[i];
    const r = rows.size[i];
    const mu = Math.exp(clampEta(eta[i]));
    const yi = y[i];
    const d = r + mu;
    const wb = (mu * r * (r + yi)) / (d * d);
    const sb = (r * (yi - mu)) / d;
    const cross = ((yi - mu) * mu) / (d * d);
    gr[k] += Math.log(r / d) + 1 - (r + yi) / d;
    hr[k] += 1 / r - 1 / d - (mu - yi) / (d * d);
    const kc = p + k;
    for (let u = ptr[i]; u < ptr[i + 1]; u++) {
      const a = col[u];
      const xa = X[o + a];
      g[a] += xa * sb;
      H[a * m + kc] += xa * cross;
      for (let v = u; v < ptr[i + 1]; v++) H[a * m + col[v]] -= wb * xa * X[o + col[v]];
    }
  }
  for (let k = 0; k < K; k++) {
    const r = sizeOf(alphas[k]);
    // The count terms Σ_{j<y} 1/(r + j) and their squares, summed over the stratum's rows at once.
    for (let j = 0; j < above[k].length; j++) {
      const q = 1 / (r + j);
      gr[k] += above[k][j] * q;
      hr[k] -= above[k][j] * q * q;
    }
    g[p + k] = r * gr[k];
    H[(p + k) * m + p + k] = r * r * hr[k] + r * gr[k];
    for (let a = 0; a < p; a++) H[a * m + p + k] *= r;
  }
  for (let a = 0; a < m; a++) for (let b = 0; b < a; b++) H[a * m + b] = H[b * m + a];
  const negH = H.map((v) => -v);
  let delta: Float64Array;
  try {
    delta = solveSpd(negH, g, m);
  } catch {
    return undefined;
  }
  const trialBeta = new Float64Array(p);
  const trialEta = new Float64Array(y.length);
  const theta = Float64Array.from(alphas, (a) => Math.log(sizeOf(a)));
  for (let step = 1, h = 0; h < 30; h++, step /= 2) {
    for (let j = 0; j < p; j++) trialBeta[j] = beta[j] + step * delta[j];
    const trialAlphas = Float64Array.from(
      theta,
      (t, k) => 1 / Math.exp(Math.min(t + step * delta[p + k], Math.log(MAX_SIZE))),
    );
    linear(X, sparse, trialBeta, p, trialEta);
    rows.setAlphas((i) => trialAlphas[strata.index[i]]);
    const next = rows.logLik(trialEta);
    if (next >= ll - 1e-12 * Math.abs(ll)) {
      beta.set(trialBeta);
      eta.set(trialEta);
      alphas.set(trialAlphas);
      return next;
    }
  }
  rows.setAlphas((i) => alphas[strata.index[i]]);
  return undefined;
}

function meanOf(y: Float64Array): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += y[i];
  return s / y.length;
}

/**
 * NB2 log-likelihood of counts y with linear predictors η (log means) and dispersion α (one for all rows,
 * or one per row).
 */
export function logLikelihood(
  y: Float64Array,
  eta: Float64Array,
  alpha: number | Float64Array,
  logFact?: Float64Array,
): number {
  const lf = logFact ?? logFactorials(y);
  const alphas = typeof alpha === 'number' ? new Float64Array(y.length).fill(alpha) : alpha;
  let ll = 0;
  for (let i = 0; i < y.length; i++) {
    const r = sizeOf(alphas[i]);
    const mu = Math.exp(clampEta(eta[i]));
    const yi = y[i];
    let s = 0;
    for (let j = 0; j < yi; j++) s += Math.log(r + j);
    ll += s - yi * Math.log(r) - lf[yi] - (r + yi) * Math.log1p(mu / r) + yi * Math.log(mu);
  }
  return ll;
}

function sizeOf(alpha: number): number {
  return Math.min(1 / Math.max(alpha, 1 / MAX_SIZE), MAX_SIZE);
}

function clampEta(e: number): number {
  return Math.min(ETA_LIMIT, Math.max(e, -ETA_LIMIT));
}

function checkCounts(y: Float64Array): void {
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (!(v >= 0) || v !== Math.floor(v)) {
      throw new QueryError(
        `negative binomial regression needs counts (whole numbers ≥ 0); row ${i} has ${v}`,
      );
    }
  }
}

/** log(k!) for k up to the largest count. */
function logFactorials(y: Float64Array): Float64Array {
  let max = 0;
  for (let i = 0; i < y.length; i++) if (y[i] > max) max = y[i];
  const out = new Float64Array(max + 1);
  for (let k = 2; k <= max; k++) out[k] = out[k - 1] + Math.log(k);
  return out;
}

function linear(X: Float64Array, sparse: SparseRows, beta: Float64Array, p: number, out: Float64Array): void {
  const { ptr, col } = sparse;
  for (let i = 0, o = 0; i < out.length; i++, o += p) {
    let s = 0;
    for (let u = ptr[i]; u < ptr[i + 1]; u++) s += X[o + col[u]] * beta[col[u]];
    out[i] = s;
  }
}

/**
 * The parts of each row's log-likelihood that depend on α but not on μ, kept while α is fixed so that
 * the IRLS loop only evaluates −(r + y) log(1 + μ/r) + y log μ per row:
 * c_i = Σ_{j<y} log(r + j) − y log r − log y!.
 */
class RowTerms {
  readonly size: Float64Array;
  readonly alpha: Float64Array;
  private readonly constant: Float64Array;
  constructor(
    private readonly y: Float64Array,
    private readonly logFact: Float64Array,
  ) {
    this.size = new Float64Array(y.length);
    this.alpha = new Float64Array(y.length);
    this.constant = new Float64Array(y.length);
  }

  setAlphas(alphaOf: (i: number) => number): void {
    const { y, logFact, size, alpha, constant } = this;
    for (let i = 0; i < y.length; i++) {
      const a = alphaOf(i);
      const r = sizeOf(a);
      alpha[i] = a;
      size[i] = r;
      const yi = y[i];
      let s = -logFact[yi];
      if (yi > 0) {
        for (let j = 0; j < yi; j++) s += Math.log(r + j);
        s -= yi * Math.log(r);
      }
      constant[i] = s;
    }
  }

  logLik(eta: Float64Array): number {
    const { y, size, constant } = this;
    let ll = 0;
    for (let i = 0; i < y.length; i++) {
      const e = clampEta(eta[i]);
      const r = size[i];
      ll += constant[i] - (r + y[i]) * Math.log1p(Math.exp(e) / r) + y[i] * e;
    }
    return ll;
  }
}

/** The non-zero columns of each row (CSR): designs with month indicators are mostly zeros. */
interface SparseRows {
  ptr: Int32Array;
  col: Int32Array;
}

function sparseRows(X: Float64Array, n: number, p: number): SparseRows {
  const ptr = new Int32Array(n + 1);
  const col = new Int32Array(n * p);
  let m = 0;
  for (let i = 0, o = 0; i < n; i++, o += p) {
    for (let a = 0; a < p; a++) if (X[o + a] !== 0) col[m++] = a;
    ptr[i + 1] = m;
  }
  return { ptr, col: col.slice(0, m) };
}

/** IRLS for β with α fixed, in place (beta, eta); returns the log-likelihood reached. */
function irls(
  X: Float64Array,
  sparse: SparseRows,
  y: Float64Array,
  p: number,
  rows: RowTerms,
  beta: Float64Array,
  eta: Float64Array,
  maxIterations: number,
): number {
  const n = y.length;
  const { ptr, col } = sparse;
  const alphas = rows.alpha;
  let ll = rows.logLik(eta);
  const xtwx = new Float64Array(p * p);
  const xtwz = new Float64Array(p);
  const trial = new Float64Array(p);
  const trialEta = new Float64Array(n);
  for (let it = 0; it < maxIterations; it++) {
    xtwx.fill(0);
    xtwz.fill(0);
    for (let i = 0, o = 0; i < n; i++, o += p) {
      const mu = Math.exp(clampEta(eta[i]));
      const w = mu / (1 + alphas[i] * mu);
      const z = eta[i] + (y[i] - mu) / mu;
      const end = ptr[i + 1];
      for (let u = ptr[i]; u < end; u++) {
        const a = col[u];
        const wa = w * X[o + a];
        xtwz[a] += wa * z;
        const rowA = a * p;
        for (let v = u; v < end; v++) {
          const b = col[v];
          xtwx[rowA + b] += wa * X[o + b];
        }
      }
    }
    for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) xtwx[a * p + b] = xtwx[b * p + a];
    const target = solveSpd(xtwx, xtwz, p);
    // Step-halving: move towards the IRLS solution until the likelihood does not drop.
    let step = 1;
    let next = ll;
    for (let h = 0; h < 30; h++, step /= 2) {
      for (let j = 0; j < p; j++) trial[j] = beta[j] + step * (target[j] - beta[j]);
      linear(X, sparse, trial, p, trialEta);
      next = rows.logLik(trialEta);
      if (next >= ll - 1e-12 * Math.abs(ll)) break;
    }
    if (next < ll - 1e-12 * Math.abs(ll)) break;
    beta.set(trial);
    eta.set(trialEta);
    const gain = next - ll;
    ll = next;
    // The outer loop (β, then α) decides convergence; here stop once a step gains almost nothing.
    if (gain <= 1e-9 * Math.max(1, Math.abs(ll))) break;
  }
  return ll;
}

/** Each stratum's α by maximum likelihood with the means fixed (in place). */
export function fitStrataAlphas(
  y: Float64Array,
  eta: Float64Array,
  strata: Strata,
  alphas: Float64Array,
  maxSteps = 100,
): void {
  if (strata.count === 1) {
    alphas[0] = fitAlpha(y, eta, alphas[0], maxSteps);
    return;
  }
  const sizes = new Int32Array(strata.count);
  for (let i = 0; i < y.length; i++) sizes[strata.index[i]]++;
  const ys = Array.from(sizes, (m) => new Float64Array(m));
  const etas = Array.from(sizes, (m) => new Float64Array(m));
  const fill = new Int32Array(strata.count);
  for (let i = 0; i < y.length; i++) {
    const k = strata.index[i];
    ys[k][fill[k]] = y[i];
    etas[k][fill[k]++] = eta[i];
  }
  for (let k = 0; k < strata.count; k++) {
    if (sizes[k] > 0) alphas[k] = fitAlpha(ys[k], etas[k], alphas[k], maxSteps);
  }
}

/**
 * ML estimate of α given the means, by Newton's method on θ = log r (r = 1/α) with backtracking.
 * Score and Hessian in r (per observation, μ = exp η):
 *   dℓ/dr  = Σ_{j<y} 1/(r + j) + log(r / (r + μ)) + 1 − (r + y)/(r + μ)
 *   d²ℓ/dr² = −Σ_{j<y} 1/(r + j)² + 1/r − 1/(r + μ) − (μ − y)/(r + μ)²
 */
export function fitAlpha(y: Float64Array, eta: Float64Array, alpha0: number, maxSteps = 100): number {
  checkCounts(y);
  const mu = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) mu[i] = Math.exp(clampEta(eta[i]));
  // Σ_i Σ_{j<y_i} f(r + j) = Σ_j above[j] · f(r + j), with above[j] = #{i : y_i > j}: the count terms cost
  // O(max y) instead of O(Σ y) per evaluation (the violent strata have counts in the hundreds).
  const above = exceedances(y);
  const ll = (r: number) => {
    let s = 0;
    for (let j = 0; j < above.length; j++) s += above[j] * Math.log(r + j);
    for (let i = 0; i < y.length; i++) s += -y[i] * Math.log(r) - (r + y[i]) * Math.log1p(mu[i] / r);
    return s;
  };
  let theta = Math.log(sizeOf(alpha0));
  let current = ll(Math.exp(theta));
  for (let it = 0; it < maxSteps; it++) {
    const r = Math.exp(theta);
    let g = 0;
    let h = 0;
    for (let j = 0; j < above.length; j++) {
      const d = 1 / (r + j);
      g += above[j] * d;
      h -= above[j] * d * d;
    }
    for (let i = 0; i < y.length; i++) {
      const yi = y[i];
      const m = mu[i];
      g += Math.log(r / (r + m)) + 1 - (r + yi) / (r + m);
      h += 1 / r - 1 / (r + m) - (m - yi) / ((r + m) * (r + m));
    }
    const gTheta = r * g;
    const hTheta = r * r * h + r * g;
    // Newton if the curvature is right, else a gradient step; then backtrack on the likelihood.
    let delta = hTheta < 0 ? -gTheta / hTheta : Math.sign(gTheta);
    delta = Math.max(-3, Math.min(3, delta));
    let accepted = false;
    for (let k = 0; k < 40; k++, delta /= 2) {
      const next = Math.min(theta + delta, Math.log(MAX_SIZE));
      const value = ll(Math.exp(next));
      if (value >= current - 1e-12 * Math.abs(current)) {
        const moved = Math.abs(next - theta);
        theta = next;
        current = value;
        accepted = moved > 1e-8;
        break;
      }
    }
    if (!accepted || theta >= Math.log(MAX_SIZE)) break;
  }
  return 1 / Math.exp(theta);
}

function strataExceedances(y: Float64Array, strata: Strata): Float64Array[] {
  const groups: number[][] = Array.from({ length: strata.count }, () => []);
  for (let i = 0; i < y.length; i++) groups[strata.index[i]].push(y[i]);
  return groups.map((g) => exceedances(Float64Array.from(g)));
}

/** above[j] = how many counts exceed j, for j = 0 … max − 1. */
function exceedances(y: Float64Array): Float64Array {
  let max = 0;
  for (let i = 0; i < y.length; i++) if (y[i] > max) max = y[i];
  const above = new Float64Array(max);
  for (let i = 0; i < y.length; i++) if (y[i] > 0) above[y[i] - 1]++;
  for (let j = max - 2; j >= 0; j--) above[j] += above[j + 1];
  return above;
}

/** Solve A x = b for a symmetric positive definite A (p × p, row-major) by Cholesky, with a tiny ridge. */
export function solveSpd(A: Float64Array, b: Float64Array, p: number): Float64Array {
  const L = new Float64Array(p * p);
  let scale = 0;
  for (let i = 0; i < p; i++) scale = Math.max(scale, Math.abs(A[i * p + i]));
  const ridge = 1e-12 * (scale || 1);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * p + j] + (i === j ? ridge : 0);
      for (let k = 0; k < j; k++) s -= L[i * p + k] * L[j * p + k];
      if (i === j) {
        if (!(s > 0)) throw new Error('design matrix is singular (a column is constant or repeats another)');
        L[i * p + i] = Math.sqrt(s);
      } else L[i * p + j] = s / L[j * p + j];
    }
  }
  const z = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= L[i * p + k] * z[k];
    z[i] = s / L[i * p + i];
  }
  const x = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let s = z[i];
    for (let k = i + 1; k < p; k++) s -= L[k * p + i] * x[k];
    x[i] = s / L[i * p + i];
  }
  return x;
}
