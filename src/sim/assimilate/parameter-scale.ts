/**
 * The estimation scale of a parameter: where IF2's random walk moves it (King, Nguyen & Ionides 2016,
 * J Stat Softw 69(12), "partrans"). A positive rate walks on its log, a share on its logit, so a step is a
 * relative change and the walk cannot leave the parameter's domain.
 *
 * `bounds` (natural scale) set the domain: 'log' maps (lo, ∞) by log(θ − lo), lo = bounds[0] ?? 0;
 * 'logit' maps (lo, hi) by log((θ − lo) / (hi − θ)), default (0, 1); 'none' is the identity. A bound the
 * transform leaves finite on the estimation scale (both for 'none', the upper one for 'log') reflects
 * the walk.
 */
export type Transform = 'log' | 'logit' | 'none';

export interface ParameterScale {
  toEstimation(theta: number): number;
  fromEstimation(z: number): number;
  /** Reflect an estimation-scale value into the domain. */
  reflect(z: number): number;
}

/**
 * @example
 * const s = parameterScale('logit', [0, 10]);
 * s.fromEstimation(s.toEstimation(2.5)) // 2.5
 */
export function parameterScale(transform: Transform, bounds?: readonly [number, number]): ParameterScale {
  let to: (x: number) => number;
  let from: (z: number) => number;
  let lower = Number.NEGATIVE_INFINITY;
  let upper = Number.POSITIVE_INFINITY;
  if (transform === 'log') {
    const lo = bounds?.[0] ?? 0;
    to = (x) => Math.log(x - lo);
    from = (z) => lo + Math.exp(z);
    if (bounds && Number.isFinite(bounds[1])) upper = Math.log(bounds[1] - lo);
  } else if (transform === 'logit') {
    const [lo, hi] = bounds ?? [0, 1];
    if (!(hi > lo)) throw new Error(`parameterScale: logit bounds must be lo < hi (got ${lo}, ${hi})`);
    to = (x) => Math.log((x - lo) / (hi - x));
    // lo + (hi − lo) · logistic(z), measured from the nearer bound so values close to it keep their digits.
    from = (z) => {
      const e = Math.exp(-Math.abs(z));
      return z >= 0 ? hi - ((hi - lo) * e) / (1 + e) : lo + ((hi - lo) * e) / (1 + e);
    };
  } else if (transform === 'none') {
    to = (x) => x;
    from = (z) => z;
    if (bounds) [lower, upper] = bounds;
  } else {
    throw new Error(`parameterScale: unknown transform ${transform as string}`);
  }
  if (!(upper > lower)) throw new Error(`parameterScale: empty bounds (${lower}, ${upper})`);
  return { toEstimation: to, fromEstimation: from, reflect: reflector(lower, upper) };
}

function reflector(lower: number, upper: number): (z: number) => number {
  const lo = Number.isFinite(lower);
  const hi = Number.isFinite(upper);
  if (lo && hi) {
    const width = upper - lower;
    // Folding the line onto [lower, upper] repeatedly: period 2 · width.
    return (z) => {
      if (z >= lower && z <= upper) return z;
      const r = (((z - lower) % (2 * width)) + 2 * width) % (2 * width);
      return lower + (r <= width ? r : 2 * width - r);
    };
  }
  if (lo) return (z) => (z < lower ? 2 * lower - z : z);
  if (hi) return (z) => (z > upper ? 2 * upper - z : z);
  return (z) => z;
}
