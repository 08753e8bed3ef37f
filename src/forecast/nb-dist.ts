/**
 * The negative binomial (NB2) predictive distribution of a count: mean μ, dispersion α, variance
 * μ + αμ² (α → 0 is the Poisson). Everything Atalaya's forecasts report — quantiles, the probability of
 * an escalation, CRPS, the expected log(1 + count) — is computed from the exact probability mass
 * function, summed until the remaining tail is negligible.
 *
 * Parameterised as r = 1/α (size) and p = r / (r + μ): P(Y = 0) = p^r and
 * P(Y = k + 1) = P(Y = k) · (k + r) / (k + 1) · (1 − p).
 */

/** Stop summing when the tail beyond is below this (and past the mean). */
const TAIL = 1e-10;
/** Support cap: μ + 40 sd covers any probability the scores can see. */
const MAX_SD = 40;
/** Below this dispersion the Poisson is used (r would overflow the recursion's precision). */
const POISSON_ALPHA = 1e-8;
/** Below this log P(0) the recursion is run on logarithms (exp underflows, or loses digits, near −708). */
const LOG_UNDERFLOW = -600;

/** Probabilities P(Y = 0..K) with K large enough that the tail beyond is negligible. */
export function nbPmf(mu: number, alpha: number): Float64Array {
  if (!(mu > 0)) return Float64Array.of(1);
  const sd = Math.sqrt(mu + alpha * mu * mu);
  const cap = Math.ceil(mu + MAX_SD * sd + 10);
  const out: number[] = [];
  let logP: number;
  let ratio: (k: number) => number;
  if (alpha < POISSON_ALPHA) {
    logP = -mu;
    ratio = (k) => mu / (k + 1);
  } else {
    const r = 1 / alpha;
    const q = mu / (r + mu);
    // log p0 = r log(r / (r + μ)), computed stably for small α.
    logP = -r * Math.log1p(mu / r);
    ratio = (k) => ((k + r) / (k + 1)) * q;
  }
  // A large mean with little dispersion makes p0 underflow (e^−745 is 0): then every later term would be 0
  // too, so the recursion runs on log p instead.
  const inLogs = logP < LOG_UNDERFLOW;
  let p = Math.exp(logP);
  let cum = 0;
  for (let k = 0; k <= cap; k++) {
    out.push(p);
    cum += p;
    if (k > mu && 1 - cum < TAIL) break;
    if (inLogs) {
      logP += Math.log(ratio(k));
      p = Math.exp(logP);
    } else p *= ratio(k);
  }
  return Float64Array.from(out);
}

/** The smallest k with P(Y ≤ k) ≥ q, for each q (ascending). */
export function quantilesFromPmf(pmf: Float64Array, qs: readonly number[]): number[] {
  const out: number[] = [];
  let cum = 0;
  let k = 0;
  for (const q of qs) {
    while (k < pmf.length && cum + pmf[k] < q - 1e-12) {
      cum += pmf[k];
      k++;
    }
    out.push(Math.min(k, pmf.length - 1));
  }
  return out;
}

/** P(Y ≥ k). */
export function upperTail(pmf: Float64Array, k: number): number {
  let below = 0;
  for (let j = 0; j < Math.min(k, pmf.length); j++) below += pmf[j];
  return Math.max(0, 1 - below);
}

/**
 * Continuous ranked probability score of an integer outcome y against a count distribution:
 * CRPS = Σ_k (F(k) − 1{y ≤ k})², exact for integer-valued distributions (unit steps).
 */
export function crpsFromPmf(pmf: Float64Array, y: number): number {
  let cum = 0;
  let s = 0;
  const last = Math.max(pmf.length - 1, y);
  for (let k = 0; k <= last; k++) {
    cum += k < pmf.length ? pmf[k] : 0;
    const step = y <= k ? 1 : 0;
    s += (Math.min(cum, 1) - step) ** 2;
  }
  return s;
}

/** E[log(1 + Y)]: the point forecast that minimises the expected squared error on log(1 + count). */
export function expectedLog1p(pmf: Float64Array): number {
  let s = 0;
  for (let k = 0; k < pmf.length; k++) s += pmf[k] * Math.log1p(k);
  return s;
}

/** A mixture of NB distributions (weights summing to 1): the pmf of the pooled forecast. */
export function mixturePmf(parts: readonly { mean: number; alpha: number; weight: number }[]): Float64Array {
  if (parts.length === 1) return nbPmf(parts[0].mean, parts[0].alpha);
  const pmfs = parts.map((c) => nbPmf(c.mean, c.alpha));
  const out = new Float64Array(Math.max(...pmfs.map((p) => p.length)));
  pmfs.forEach((p, k) => {
    for (let j = 0; j < p.length; j++) out[j] += parts[k].weight * p[j];
  });
  return out;
}

/** Mean of a pmf. */
export function pmfMean(pmf: Float64Array): number {
  let s = 0;
  for (let k = 0; k < pmf.length; k++) s += k * pmf[k];
  return s;
}
