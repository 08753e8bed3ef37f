/**
 * Independent reference formulas for the forecast tests, written from the textbook definitions and not
 * from src/forecast: log Γ, the NB2 probabilities in closed form, and the randomised-PIT interval share.
 */

/** log Γ(x) for x > 0: Stirling's series after shifting x above 15 (absolute error < 1e-13). */
export function lgamma(x: number): number {
  let shift = 0;
  while (x < 15) {
    shift += Math.log(x);
    x += 1;
  }
  const x2 = x * x;
  const series = 1 / (12 * x) - 1 / (360 * x * x2) + 1 / (1260 * x * x2 * x2) - 1 / (1680 * x * x2 * x2 * x2);
  return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + series - shift;
}

/**
 * log P(Y = y) of NB2 with mean μ and dispersion α (size r = 1/α; α = 0 is the Poisson):
 * log Γ(y + r) − log Γ(r) − log y! + r log(r / (r + μ)) + y log(μ / (r + μ)). For large r the difference
 * of log Γ cancels badly, so it is summed as Σ_{j<y} log(r + j).
 */
export function nbLogPmf(y: number, mu: number, alpha: number): number {
  if (alpha === 0) return -mu + y * Math.log(mu) - lgamma(y + 1);
  const r = 1 / alpha;
  let ratio = 0;
  if (r <= 1e3) ratio = lgamma(y + r) - lgamma(r);
  else for (let j = 0; j < y; j++) ratio += Math.log(r + j);
  return ratio - lgamma(y + 1) - r * Math.log1p(mu / r) + y * Math.log(mu / (r + mu));
}

/** P(Y = 0, 1, …) out to where the remaining mass is below 1e-14. */
export function referencePmf(mu: number, alpha: number): number[] {
  const out: number[] = [];
  let cum = 0;
  for (let k = 0; k < 1e6; k++) {
    const p = Math.exp(nbLogPmf(k, mu, alpha));
    out.push(p);
    cum += p;
    if (k > mu && (1 - cum < 1e-14 || p < 1e-30)) break;
  }
  return out;
}

/** Share of Uniform(lo, hi) inside [a, b], by the definition (a point mass when lo = hi). */
export function shareInside(lo: number, hi: number, a: number, b: number): number {
  if (hi === lo) return lo >= a && lo <= b ? 1 : 0;
  const overlap = Math.min(hi, b) - Math.max(lo, a);
  return overlap > 0 ? overlap / (hi - lo) : 0;
}
