import { weightedQuantiles } from '../assimilate/weighted-quantiles.js';
import { type Rng, substream } from '../rng.js';

/**
 * Approximate Bayesian Computation by sequential Monte Carlo, ABC-SMC (Toni, Welch, Strelkowa, Ipsen &
 * Stumpf 2009, J R Soc Interface 6:187), for models we can simulate but whose likelihood we cannot
 * write down.
 *
 * Rejection ABC keeps prior draws whose simulation lands within a tolerance ε of the data; its cost
 * explodes as ε shrinks because almost every prior draw misses. ABC-SMC walks down a sequence of
 * tolerances ε_0 > ε_1 > … instead, each population proposing from the last one, so every generation
 * searches only where the previous one found the data plausible:
 *
 *   - generation 0 draws N particles from the prior and accepts them all (ε_0 = ∞), but records their
 *     distances so the first real tolerance can be chosen from them;
 *   - generation g ≥ 1 takes ε_g = the `quantile` (default the median) of generation g − 1's distances,
 *     weighted by its weights: an adaptive schedule in the spirit of Del Moral, Doucet & Jasra (2012,
 *     Stat Comput 22:1009), which needs no hand-tuned tolerances and keeps the acceptance rate of each
 *     generation roughly steady;
 *   - a proposal picks a particle θ_j of generation g − 1 with probability w_j and moves it with a
 *     Gaussian kernel K of covariance twice the weighted covariance of that population (Beaumont,
 *     Cornuet, Marin & Robert 2009, Biometrika 96:983: the choice minimising the Kullback–Leibler
 *     divergence between successive ABC posteriors, under a Gaussian approximation). The full covariance,
 *     not only its diagonal, so that proposals follow ridges of correlated parameters rather than
 *     stepping off them;
 *   - a proposal outside the prior's box has prior density 0 and is rejected without simulating; one
 *     inside is simulated and kept if its distance is ≤ ε_g;
 *   - the kept particle's importance weight is w_i ∝ π(θ_i) / Σ_j w_j K(θ_i | θ_j): the prior over the
 *     density of the mixture it was drawn from, which makes the weighted population a sample of the ABC
 *     posterior at ε_g, not of the proposal.
 *
 * Working scale. A 'log-uniform' parameter is uniform in log θ, so the sampler works on log θ for it (θ
 * itself for a 'uniform' one): there every prior is uniform on an interval, the kernel's covariance is
 * that of the quantities the prior treats evenly (a kernel on θ spanning decades would be far too wide
 * near the lower bound and too narrow near the upper), and π is constant inside the box, so π(θ_i)
 * cancels from the normalised weights. Particles, summaries and the `distance` argument are all on the
 * natural scale.
 *
 * Randomness is a pure function of (seed, generation, attempt): attempt a of generation g proposes from
 * `substream(seed, a, 'abc-smc:g:propose')` and simulates with `substream(seed, a, 'abc-smc:g:simulate')`,
 * two streams so that the model's draws do not depend on how many the proposal used. A run is
 * reproduced exactly from its seed, and attempts could be farmed out to workers without changing a number.
 */

/** One estimated parameter: a bounded, independent prior. */
export interface AbcParameter {
  id: string;
  /** Lower bound (> 0 for 'log-uniform'). */
  min: number;
  /** Upper bound (> min). */
  max: number;
  /** 'uniform' on [min, max], or 'log-uniform': log θ uniform on [log min, log max]. */
  prior: 'uniform' | 'log-uniform';
}

/**
 * Simulate the model at `theta` (natural scale, in the order of `parameters`; a fresh array the caller
 * may keep) with `rng`, and return the distance between the simulated and the observed data (≥ 0, or
 * ∞ for a simulation that failed). `evaluation` counts the calls over the whole run from 0: a label for
 * logs or caches. NaN is a bug: the sampler throws.
 */
export type AbcDistance = (theta: Float64Array, rng: Rng, evaluation: number) => number;

/** What `onGeneration` learns when a generation is complete. */
export interface AbcGenerationInfo {
  generation: number;
  /** ε of this generation (∞ for generation 0). */
  tolerance: number;
  /** Proposals made, including those outside the prior's box. */
  attempts: number;
  /** particles / attempts. */
  acceptance: number;
  /** Effective sample size 1 / Σ w² of the new population. */
  ess: number;
}

export interface AbcSmcOptions {
  parameters: readonly AbcParameter[];
  distance: AbcDistance;
  /** Population size N. Default 200. */
  particles?: number;
  /** Number of generations, counting generation 0 (the prior). Default 5. */
  generations?: number;
  /** ε_g is this weighted quantile of generation g − 1's distances; in (0, 1]. Default 0.5. */
  quantile?: number;
  /** Default 1. */
  seed?: number;
  /** Give up (throw) when a generation has not accepted N particles after this many proposals. Default 200 N. */
  maxAttemptsPerGeneration?: number;
  /**
   * Never aim below this ε; stop after the first generation run at it (so `tolerances` may be shorter
   * than `generations`). Default 0: a run stops early only if its tolerance reaches 0.
   */
  finalTolerance?: number;
  onGeneration?: (info: AbcGenerationInfo) => void;
  signal?: AbortSignal;
}

export interface AbcSmcResult {
  /** Parameter ids, in the order of the particles' columns. */
  parameters: string[];
  /** The last population, natural scale: particle i's parameter k at [i · d + k]. */
  particles: Float64Array;
  /** Its importance weights, normalised to sum to 1. */
  weights: Float64Array;
  /** Its distances (each ≤ the last tolerance). */
  distances: Float64Array;
  /** Per generation: ε (generation 0: ∞). */
  tolerances: number[];
  /** Per generation: proposals made, including those outside the prior's box. */
  attempts: number[];
  /** Per generation: particles / attempts. */
  acceptance: number[];
  /** Per generation: effective sample size 1 / Σ w². */
  ess: number[];
}

/** A population on the working scale. */
interface Population {
  /** Working-scale values, [i · d + k]. */
  phi: Float64Array;
  /** Natural-scale values, [i · d + k]. */
  theta: Float64Array;
  weights: Float64Array;
  distances: Float64Array;
}

/** A prior as the sampler sees it: uniform on [lo, hi] of the working scale. */
interface WorkingPrior {
  lo: number;
  hi: number;
  log: boolean;
  /** Natural-scale bounds, to clamp exp(log θ) rounding. */
  min: number;
  max: number;
}

/**
 * Run ABC-SMC and return the last population with the per-generation diagnostics.
 *
 * @example
 * // θ of a normal mean: the simulated sample mean of 20 draws against the observed 1.3.
 * const fit = abcSmc({
 *   parameters: [{ id: 'theta', min: -10, max: 10, prior: 'uniform' }],
 *   distance: (th, rng) => Math.abs(th[0] + rng.normal() / Math.sqrt(20) - 1.3),
 *   particles: 400, generations: 8, seed: 3,
 * });
 * posteriorSummary(fit)[0].mean; // ≈ 1.3
 */
export function abcSmc(options: AbcSmcOptions): AbcSmcResult {
  const settings = resolveOptions(options);
  const { n, generations, quantile, finalTolerance } = settings;
  const priors = options.parameters.map(workingPrior);
  const d = priors.length;
  const tolerances: number[] = [];
  const attempts: number[] = [];
  const acceptance: number[] = [];
  const ess: number[] = [];
  const run: Run = { options, settings, priors, evaluations: 0 };
  let pop: Population | undefined;

  for (let g = 0; g < generations; g++) {
    options.signal?.throwIfAborted();
    const tolerance = pop ? nextTolerance(pop, quantile, finalTolerance) : Number.POSITIVE_INFINITY;
    const next: Population = {
      phi: new Float64Array(n * d),
      theta: new Float64Array(n * d),
      weights: new Float64Array(n),
      distances: new Float64Array(n),
    };
    const proposer = pop ? mutationProposer(pop, priors) : priorProposer(priors);
    const tried = fill(run, next, g, tolerance, proposer);
    if (pop) importanceWeights(next, pop, proposer.whitened!, d);
    else next.weights.fill(1 / n);
    pop = next;
    tolerances.push(tolerance);
    attempts.push(tried);
    acceptance.push(n / tried);
    ess.push(effectiveSampleSize(next.weights));
    options.onGeneration?.({ generation: g, tolerance, attempts: tried, acceptance: n / tried, ess: ess[g] });
    if (tolerance <= finalTolerance) break;
  }
  const last = pop!;
  return {
    parameters: options.parameters.map((p) => p.id),
    particles: last.theta,
    weights: last.weights,
    distances: last.distances,
    tolerances,
    attempts,
    acceptance,
    ess,
  };
}

/** One row of `posteriorSummary`: weighted moments and quantiles of one parameter, natural scale. */
export interface AbcPosteriorSummary {
  id: string;
  mean: number;
  sd: number;
  p05: number;
  p50: number;
  p95: number;
}

/**
 * Weighted mean, sd and 5/50/95 % quantiles of each parameter of the last population. The quantiles are
 * those of `weightedQuantiles` (no interpolation), and so the same on either scale of a log-uniform
 * parameter; mean and sd are on the natural scale.
 *
 * @example
 * for (const s of posteriorSummary(fit)) console.log(s.id, s.p05, s.p50, s.p95);
 */
export function posteriorSummary(result: AbcSmcResult): AbcPosteriorSummary[] {
  const d = result.parameters.length;
  const n = result.weights.length;
  const w = result.weights;
  return result.parameters.map((id, k) => {
    const x = Float64Array.from({ length: n }, (_, i) => result.particles[i * d + k]);
    let mean = 0;
    for (let i = 0; i < n; i++) mean += w[i] * x[i];
    let ss = 0;
    for (let i = 0; i < n; i++) ss += w[i] * (x[i] - mean) ** 2;
    const [p05, p50, p95] = weightedQuantiles(x, w, [0.05, 0.5, 0.95]);
    return { id, mean, sd: Math.sqrt(ss), p05, p50, p95 };
  });
}

interface Settings {
  n: number;
  generations: number;
  quantile: number;
  seed: number;
  maxAttempts: number;
  finalTolerance: number;
}

/** Defaults, and the checks that would otherwise surface as a confusing failure deep in a run. */
function resolveOptions(options: AbcSmcOptions): Settings {
  const n = options.particles ?? 200;
  const generations = options.generations ?? 5;
  const quantile = options.quantile ?? 0.5;
  const maxAttempts = options.maxAttemptsPerGeneration ?? 200 * n;
  const finalTolerance = options.finalTolerance ?? 0;
  if (options.parameters.length === 0) throw new Error('abcSmc: no parameters to estimate');
  if (!(Number.isInteger(n) && n >= 2))
    throw new Error(`abcSmc: particles must be an integer ≥ 2 (got ${n})`);
  if (!(Number.isInteger(generations) && generations >= 1))
    throw new Error(`abcSmc: generations must be an integer ≥ 1 (got ${generations})`);
  if (!(quantile > 0 && quantile <= 1))
    throw new Error(`abcSmc: quantile must be in (0, 1] (got ${quantile})`);
  if (!(Number.isInteger(maxAttempts) && maxAttempts >= n))
    throw new Error(`abcSmc: maxAttemptsPerGeneration must be an integer ≥ particles (got ${maxAttempts})`);
  if (!(finalTolerance >= 0)) throw new Error(`abcSmc: finalTolerance must be ≥ 0 (got ${finalTolerance})`);
  return { n, generations, quantile, seed: options.seed ?? 1, maxAttempts, finalTolerance };
}

function workingPrior(p: AbcParameter): WorkingPrior {
  if (!(Number.isFinite(p.min) && Number.isFinite(p.max) && p.min < p.max))
    throw new Error(`abcSmc: parameter ${p.id} needs finite min < max (got ${p.min}, ${p.max})`);
  if (p.prior === 'uniform') return { lo: p.min, hi: p.max, log: false, min: p.min, max: p.max };
  if (p.prior === 'log-uniform') {
    if (!(p.min > 0)) throw new Error(`abcSmc: log-uniform parameter ${p.id} needs min > 0 (got ${p.min})`);
    return { lo: Math.log(p.min), hi: Math.log(p.max), log: true, min: p.min, max: p.max };
  }
  throw new Error(`abcSmc: parameter ${p.id} has unknown prior ${p.prior as string}`);
}

/**
 * ε_g: the weighted `quantile` of the previous distances, but not below `finalTolerance`. A quantile of
 * distances the previous population actually reached is a tolerance the sampler knows to be attainable,
 * and with q = 0.5 roughly half the mass of the previous population already meets it.
 */
function nextTolerance(prev: Population, quantile: number, finalTolerance: number): number {
  const q = weightedQuantiles(prev.distances, prev.weights, [quantile])[0];
  return Math.max(q, finalTolerance);
}

/** Draws a proposal into `phi` (working scale); `whitened` is set for kernel proposals. */
interface Proposer {
  propose(rng: Rng, phi: Float64Array): void;
  /** The kernel, for the importance weights (absent for generation 0). */
  whitened?: Whitening;
}

function priorProposer(priors: readonly WorkingPrior[]): Proposer {
  return {
    propose(rng, phi) {
      for (let k = 0; k < priors.length; k++)
        phi[k] = priors[k].lo + (priors[k].hi - priors[k].lo) * rng.next();
    },
  };
}

/** A Gaussian kernel N(φ_j, Σ) through Σ's lower Cholesky factor L, and the particles in L⁻¹ coordinates. */
interface Whitening {
  chol: Float64Array;
  /** L⁻¹ φ_j of the previous particles, [j · d + k]: |L⁻¹(φ_i − φ_j)|² = |y_i − y_j|². */
  y: Float64Array;
}

/** Pick θ_j with probability w_j, add L z with z ~ N(0, I): a draw of Σ_j w_j K(· | θ_j). */
function mutationProposer(prev: Population, priors: readonly WorkingPrior[]): Proposer {
  const d = priors.length;
  const n = prev.weights.length;
  const chol = kernelCholesky(prev, priors);
  const y = new Float64Array(n * d);
  for (let j = 0; j < n; j++) forwardSolve(chol, prev.phi, j * d, y, j * d, d);
  const cumulative = new Float64Array(n);
  let total = 0;
  for (let j = 0; j < n; j++) {
    total += prev.weights[j];
    cumulative[j] = total;
  }
  const z = new Float64Array(d);
  return {
    whitened: { chol, y },
    propose(rng, phi) {
      const j = lowerBound(cumulative, rng.next() * total);
      for (let k = 0; k < d; k++) z[k] = rng.normal();
      for (let k = 0; k < d; k++) {
        let s = prev.phi[j * d + k];
        for (let m = 0; m <= k; m++) s += chol[k * d + m] * z[m];
        phi[k] = s;
      }
    },
  };
}

/** First index whose cumulative weight exceeds u (the last one if rounding leaves u at the total). */
function lowerBound(cumulative: Float64Array, u: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid] > u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** What every generation of one run shares. */
interface Run {
  options: AbcSmcOptions;
  settings: Settings;
  priors: readonly WorkingPrior[];
  /** Calls of `distance` so far. */
  evaluations: number;
}

/**
 * Propose, simulate, keep or reject until the population holds N particles; returns the attempts made.
 * Throws when `maxAttemptsPerGeneration` runs out, saying what would help.
 */
function fill(run: Run, next: Population, g: number, tolerance: number, proposer: Proposer): number {
  const { options, priors } = run;
  const { n, seed, maxAttempts } = run.settings;
  const d = priors.length;
  const phi = new Float64Array(d);
  let accepted = 0;
  let attempt = 0;
  while (accepted < n) {
    if (attempt >= maxAttempts) throw exhausted(g, accepted, n, attempt, tolerance);
    options.signal?.throwIfAborted();
    const a = attempt++;
    proposer.propose(substream(seed, a, `abc-smc:${g}:propose`), phi);
    if (!insideBox(phi, priors)) continue;
    const theta = toNatural(phi, priors);
    const dist = options.distance(theta, substream(seed, a, `abc-smc:${g}:simulate`), run.evaluations++);
    if (Number.isNaN(dist)) throw new Error(`abcSmc: distance is NaN at generation ${g}, attempt ${a}`);
    if (!(dist <= tolerance)) continue;
    next.phi.set(phi, accepted * d);
    next.theta.set(theta, accepted * d);
    next.distances[accepted] = dist;
    accepted++;
  }
  return attempt;
}

function exhausted(g: number, accepted: number, n: number, attempts: number, tolerance: number): Error {
  return new Error(
    `abcSmc: generation ${g} accepted only ${accepted} of ${n} particles in ${attempts} attempts at ` +
      `tolerance ${tolerance}. The model rarely comes that close to the data: stop earlier (fewer ` +
      `generations, or a finalTolerance above ${tolerance}), shrink the tolerance more gently (a quantile ` +
      `closer to 1), or raise maxAttemptsPerGeneration.`,
  );
}

function insideBox(phi: Float64Array, priors: readonly WorkingPrior[]): boolean {
  for (let k = 0; k < priors.length; k++)
    if (!(phi[k] >= priors[k].lo && phi[k] <= priors[k].hi)) return false;
  return true;
}

/** Natural-scale values of a working-scale point, clamped so exp(log min) rounding stays in bounds. */
function toNatural(phi: Float64Array, priors: readonly WorkingPrior[]): Float64Array {
  const theta = new Float64Array(priors.length);
  for (let k = 0; k < priors.length; k++) {
    const p = priors[k];
    theta[k] = p.log ? Math.min(p.max, Math.max(p.min, Math.exp(phi[k]))) : phi[k];
  }
  return theta;
}

/**
 * Lower Cholesky factor of Σ = 2 · (weighted covariance of the previous population) + ridge. The ridge,
 * a tiny multiple of each prior's squared width on the diagonal, keeps Σ positive definite when the
 * population has collapsed in some direction (all particles equal, or a parameter the data pin down
 * exactly); it is raised a hundredfold at a time if rounding still defeats the factorisation.
 */
function kernelCholesky(prev: Population, priors: readonly WorkingPrior[]): Float64Array {
  const d = priors.length;
  const cov = weightedCovariance(prev.phi, prev.weights, d);
  const sigma = new Float64Array(d * d);
  for (let ridge = 1e-10; ridge < 1; ridge *= 100) {
    for (let i = 0; i < d * d; i++) sigma[i] = 2 * cov[i];
    for (let k = 0; k < d; k++) sigma[k * d + k] += ridge * (priors[k].hi - priors[k].lo) ** 2;
    const chol = cholesky(sigma, d);
    if (chol) return chol;
  }
  throw new Error('abcSmc: the perturbation kernel covariance is not positive definite');
}

/** Σ_i w_i (φ_i − m)(φ_i − m)ᵀ with normalised weights, row-major d × d. */
function weightedCovariance(phi: Float64Array, w: Float64Array, d: number): Float64Array {
  const n = w.length;
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) mean[k] += w[i] * phi[i * d + k];
  const cov = new Float64Array(d * d);
  for (let i = 0; i < n; i++)
    for (let a = 0; a < d; a++) {
      const da = phi[i * d + a] - mean[a];
      for (let b = 0; b <= a; b++) cov[a * d + b] += w[i] * da * (phi[i * d + b] - mean[b]);
    }
  for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) cov[b * d + a] = cov[a * d + b];
  return cov;
}

/** Lower-triangular L with L Lᵀ = A (row-major), or undefined if A is not positive definite. */
function cholesky(a: Float64Array, d: number): Float64Array | undefined {
  const l = new Float64Array(d * d);
  for (let i = 0; i < d; i++)
    for (let j = 0; j <= i; j++) {
      let s = a[i * d + j];
      for (let k = 0; k < j; k++) s -= l[i * d + k] * l[j * d + k];
      if (i === j) {
        if (!(s > 0)) return undefined;
        l[i * d + i] = Math.sqrt(s);
      } else l[i * d + j] = s / l[j * d + j];
    }
  return l;
}

/** out[outAt .. outAt + d) = L⁻¹ x[at .. at + d), by forward substitution. */
function forwardSolve(
  l: Float64Array,
  x: Float64Array,
  at: number,
  out: Float64Array,
  outAt: number,
  d: number,
) {
  for (let k = 0; k < d; k++) {
    let s = x[at + k];
    for (let m = 0; m < k; m++) s -= l[k * d + m] * out[outAt + m];
    out[outAt + k] = s / l[k * d + k];
  }
}

/**
 * w_i ∝ π(θ_i) / Σ_j w_j K(θ_i | θ_j), normalised. π is constant on the working scale inside the box
 * (every accepted particle is inside), and K's normalising constant is common to all terms, so both
 * cancel: log w_i = −log Σ_j w_j exp(−|y_i − y_j|² / 2), with y = L⁻¹ φ. Summed in log space, because
 * a particle that jumped far (many kernel sds) from every parent would otherwise get 0/0.
 */
function importanceWeights(next: Population, prev: Population, kernel: Whitening, d: number): void {
  const n = next.weights.length;
  const logPrevW = Float64Array.from(prev.weights, Math.log);
  const yi = new Float64Array(d);
  const terms = new Float64Array(prev.weights.length);
  const logW = next.weights;
  for (let i = 0; i < n; i++) {
    forwardSolve(kernel.chol, next.phi, i * d, yi, 0, d);
    let max = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < terms.length; j++) {
      let r2 = 0;
      for (let k = 0; k < d; k++) r2 += (yi[k] - kernel.y[j * d + k]) ** 2;
      const t = logPrevW[j] - 0.5 * r2;
      terms[j] = t;
      if (t > max) max = t;
    }
    let sum = 0;
    for (let j = 0; j < terms.length; j++) sum += Math.exp(terms[j] - max);
    logW[i] = -(max + Math.log(sum));
  }
  normaliseLogWeights(logW);
}

/** In place: log weights → weights summing to 1. */
function normaliseLogWeights(w: Float64Array): void {
  let max = Number.NEGATIVE_INFINITY;
  for (const v of w) if (v > max) max = v;
  let sum = 0;
  for (let i = 0; i < w.length; i++) {
    w[i] = Math.exp(w[i] - max);
    sum += w[i];
  }
  for (let i = 0; i < w.length; i++) w[i] /= sum;
}

function effectiveSampleSize(w: Float64Array): number {
  let sq = 0;
  for (const v of w) sq += v * v;
  return 1 / sq;
}
