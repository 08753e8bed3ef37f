import type { Distribution } from '../sim/distributions.js';
import { centralParams, PARAMS, type ParamId, type Params } from '../sim/params.js';
import { ExploreRequestError } from './request.js';
import type { FactorInfo } from './types.js';

/**
 * The dimensions `atalaya explore` varies: every uncertain parameter of the catalog (src/sim/params.ts),
 * each over its stated range.
 *
 * Exploratory modelling asks what happens anywhere in the plausible range, not how likely each value is
 * (Lempert, Popper & Bankes 2003, RAND MR-1626; Kwakkel 2017, Environ. Model. Softw. 96:239): a factor's
 * unit coordinate u ∈ [0, 1] maps linearly onto its range, whatever the shape of the distribution that
 * `compare` draws from. Ranges: a uniform's or triangular's bounds; a normal's central 95% (cut at its
 * truncation bounds); a lognormal's central 95% on the log scale; a fitted posterior column's smallest
 * to largest draw. The leadership block, which `compare` draws jointly from its posterior sample, is
 * explored parameter by parameter: the combinations the evidence fit finds unlikely are explored too,
 * which is the point (what if the fit is wrong?).
 */
export interface Factor extends FactorInfo {
  /** A catalog parameter, or a lever option of one scenario (`--lever`). */
  kind: 'parameter' | 'lever';
  /** Log scale between low and high (lognormal parameters). */
  log: boolean;
  /** Lever factors: the scenario and the `--set` path they write, and whether the field takes whole numbers. */
  scenario?: string;
  path?: string;
  integer?: boolean;
}

const Z975 = 1.959964;

/** The range a distribution is explored over, or undefined for fixed values. */
export function exploredRange(
  dist: Distribution,
  center: number,
): { low: number; high: number; log: boolean } | undefined {
  switch (dist.kind) {
    case 'fixed':
      return undefined;
    case 'uniform':
    case 'triangular':
      return { low: dist.min, high: dist.max, log: false };
    case 'normal':
      return {
        low: Math.max(dist.min ?? Number.NEGATIVE_INFINITY, center - Z975 * dist.sd),
        high: Math.min(dist.max ?? Number.POSITIVE_INFINITY, center + Z975 * dist.sd),
        log: false,
      };
    case 'lognormal':
      return {
        low: center * Math.exp(-Z975 * dist.sdLog),
        high: center * Math.exp(Z975 * dist.sdLog),
        log: true,
      };
    case 'sample': {
      let low = Number.POSITIVE_INFINITY;
      let high = Number.NEGATIVE_INFINITY;
      for (const v of dist.values) {
        low = Math.min(low, v);
        high = Math.max(high, v);
      }
      return { low, high, log: false };
    }
  }
}

export interface FactorOptions {
  /** Only these parameters (default: every uncertain one). */
  include?: readonly string[];
  /** Leave these out (held at their central values). */
  exclude?: readonly string[];
}

/** The factors, in catalog order. Unknown ids in `include`/`exclude` throw, naming the valid ones. */
export function exploreFactors(options: FactorOptions = {}): Factor[] {
  const all: Factor[] = [];
  for (const id of Object.keys(PARAMS) as ParamId[]) {
    const spec = PARAMS[id];
    const range = exploredRange(spec.dist, spec.value);
    if (!range || !(range.high > range.low)) continue;
    all.push({
      id,
      kind: 'parameter',
      label: spec.label,
      params: [id],
      mechanism: spec.mechanism,
      low: range.low,
      high: range.high,
      log: range.log,
      assumption: spec.assumption,
    });
  }
  const known = new Set(all.map((f) => f.id as string));
  for (const id of [...(options.include ?? []), ...(options.exclude ?? [])]) {
    if (!known.has(id)) {
      throw new ExploreRequestError(
        `unknown or fixed parameter "${id}"; the uncertain ones are listed by \`atalaya model params\``,
        'parameters',
      );
    }
  }
  const include = options.include && options.include.length > 0 ? new Set(options.include) : undefined;
  const exclude = new Set(options.exclude ?? []);
  return all.filter((f) => (!include || include.has(f.id)) && !exclude.has(f.id));
}

/** A factor's value at unit coordinate u. */
export function factorValue(f: Pick<Factor, 'low' | 'high' | 'log' | 'integer'>, u: number): number {
  if (f.integer) return Math.min(f.high, Math.floor(f.low + (f.high - f.low + 1) * u));
  return f.log ? f.low * (f.high / f.low) ** u : f.low + (f.high - f.low) * u;
}

/** The parameters of one design row: central values, the factors' values, then the scenario's fixed ones. */
export function paramsAt(
  factors: readonly Factor[],
  row: ArrayLike<number>,
  fixed: Partial<Params> = {},
  central: Params = centralParams(),
): Params {
  const out = { ...central };
  factors.forEach((f, j) => {
    if (f.kind === 'parameter') out[f.id as ParamId] = factorValue(f, row[j]);
  });
  return { ...out, ...fixed };
}

/** Map a unit-cube design (row-major n × k) to factor values, for reports and scenario discovery. */
export function designValues(factors: readonly Factor[], unit: Float64Array): Float64Array {
  const k = factors.length;
  const out = new Float64Array(unit.length);
  for (let i = 0; i < unit.length; i++) out[i] = factorValue(factors[i % k], unit[i]);
  return out;
}
