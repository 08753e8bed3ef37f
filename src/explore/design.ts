/**
 * Experiment designs for `atalaya explore`, all in the unit hypercube [0, 1)^k (Morris: [0, 1]^k).
 *
 * Every design is a row-major `Float64Array` of n×k values: row i, factor j at `[i * k + j]`. Mapping
 * the unit values onto each factor's distribution (inverse CDF) is the caller's job, so one design
 * serves any parameter set.
 *
 * - `latinHypercube`: stratified random sampling (McKay, Beckman & Conover 1979).
 * - `sobolPoints`: the unscrambled Sobol' sequence with Joe & Kuo (2008) direction numbers.
 * - `saltelliDesign`: the radial A / AB^(i) / B design of Saltelli et al. (2010) for first-order and
 *   total Sobol' indices, row for row as SALib's `sobol.sample(..., calc_second_order=False)`.
 * - `morrisDesign`: Morris (1991) one-at-a-time trajectories on a p-level grid.
 *
 * Randomness only comes through an `Rng`; the Sobol'-based designs are deterministic.
 */

import type { Rng } from '../sim/rng.js';
import { JOE_KUO_DIRECTIONS, SOBOL_MAX_DIMENSION } from './sobol-directions.js';

/** Largest double below 1: a stratum's random position must stay inside [0, 1). */
const ONE_BELOW = 1 - 2 ** -53;

/** Uniform integer on 0..n−1. */
function randomInt(rng: Rng, n: number): number {
  return Math.floor(rng.next() * n);
}

/** In-place Fisher–Yates shuffle (Durstenfeld's form: one draw per position). */
function shuffle(values: Int32Array, rng: Rng): Int32Array {
  for (let i = values.length - 1; i > 0; i--) {
    const j = randomInt(rng, i + 1);
    const t = values[i];
    values[i] = values[j];
    values[j] = t;
  }
  return values;
}

function checkCount(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`${name} must be an integer ≥ ${min}, got ${value}`);
  }
}

/**
 * Latin hypercube sample: in every column each of the n strata [s/n, (s+1)/n) holds exactly one
 * point, at a uniform random position inside it; columns are paired by independent random
 * permutations (McKay, Beckman & Conover 1979, Technometrics 21, 239–245).
 *
 * Draw order (fixed, so a seed gives the same bytes): column by column, first the permutation
 * (n − 1 draws), then the n positions.
 *
 * @example
 * const x = latinHypercube(100, 5, createRng(42, 'design'));
 * x[3 * 5 + 2]; // factor 2 of the fourth experiment, in [0, 1)
 */
export function latinHypercube(n: number, k: number, rng: Rng): Float64Array {
  checkCount('latinHypercube: n', n, 1);
  checkCount('latinHypercube: k', k, 1);
  const out = new Float64Array(n * k);
  const strata = new Int32Array(n);
  for (let j = 0; j < k; j++) {
    for (let i = 0; i < n; i++) strata[i] = i;
    shuffle(strata, rng);
    for (let i = 0; i < n; i++) {
      const v = (strata[i] + rng.next()) / n;
      // (n − 1 + u) / n can round up to 1 when u is within an ulp of 1.
      out[i * k + j] = v < 1 ? v : ONE_BELOW;
    }
  }
  return out;
}

/** Bits of the Sobol' integers: points are X / 2^32, so 2^32 − 1 points at most. */
const SOBOL_BITS = 32;

let directionCache: Uint32Array | null = null;

/**
 * Direction numbers v_{d,j} = m_{d,j} · 2^(32−j), j = 1..32, for every tabled dimension, as one
 * flat array (dimension d at [d * 32 + j − 1]). Built once: 1024 × 32 words.
 */
function directionNumbers(): Uint32Array {
  if (directionCache) return directionCache;
  const v = new Uint32Array(SOBOL_MAX_DIMENSION * SOBOL_BITS);
  // Dimension 1: every m_j is 1.
  for (let j = 1; j <= SOBOL_BITS; j++) v[j - 1] = 2 ** (SOBOL_BITS - j);
  const lines = JOE_KUO_DIRECTIONS.split('\n');
  for (let d = 1; d < SOBOL_MAX_DIMENSION; d++) {
    const row = lines[d - 1].split(' ').map(Number);
    const a = row[0];
    const s = row.length - 1;
    const base = d * SOBOL_BITS;
    for (let j = 1; j <= Math.min(s, SOBOL_BITS); j++) v[base + j - 1] = row[j] * 2 ** (SOBOL_BITS - j);
    // Bratley & Fox (1988) recurrence on the primitive polynomial x^s + a_1 x^(s−1) + … + a_(s−1) x + 1:
    // v_j = a_1 v_(j−1) ⊕ … ⊕ a_(s−1) v_(j−s+1) ⊕ v_(j−s) ⊕ (v_(j−s) >> s). The shift drops no set
    // bit while j ≤ 32, so the numbers equal those of a 30- or 64-bit generator scaled by 2^(bits−32).
    for (let j = s + 1; j <= SOBOL_BITS; j++) {
      const back = v[base + j - s - 1];
      let w = back ^ (back >>> s);
      for (let q = 1; q < s; q++) {
        if ((a >>> (s - 1 - q)) & 1) w ^= v[base + j - q - 1];
      }
      v[base + j - 1] = w;
    }
  }
  directionCache = v;
  return v;
}

/** Index (0-based) of the lowest set bit of a positive integer below 2^32. */
function lowestSetBit(i: number): number {
  return 31 - Math.clz32(i & -i);
}

export interface SobolOptions {
  /**
   * Points to skip after the first (all-zero) point, which is always dropped: the design starts at
   * sequence index 1 + skip. Default 0. Owen (2020, arXiv:2008.08051) argues against skipping more;
   * it is offered for comparison with designs that do.
   */
  skip?: number;
}

/**
 * n points of the unscrambled k-dimensional Sobol' sequence (Sobol' 1967), Gray-code order
 * (Antonov & Saleev 1979), 32-bit integers, Joe & Kuo (2008) "new-joe-kuo-6.21201" direction numbers
 * for up to 1024 dimensions. Every value is a dyadic rational X / 2^32, so the points equal
 * scipy's `qmc.Sobol(k, scramble=False)` bit for bit (after its first, all-zero point).
 *
 * The net properties (each column of 2^m points a permutation of {0, 1, …, 2^m − 1} / 2^m, and so on)
 * hold for blocks of 2^m consecutive indices starting at a multiple of 2^m: with the default, n = 2^m − 1
 * points complete such a block with the dropped origin; `skip: 2^m − 1` starts one at index 2^m.
 *
 * @example
 * sobolPoints(3, 2); // [0.5, 0.5, 0.75, 0.25, 0.25, 0.75]
 */
export function sobolPoints(n: number, k: number, options: SobolOptions = {}): Float64Array {
  const { skip = 0 } = options;
  checkCount('sobolPoints: n', n, 0);
  checkCount('sobolPoints: k', k, 1);
  checkCount('sobolPoints: skip', skip, 0);
  if (k > SOBOL_MAX_DIMENSION) {
    throw new RangeError(
      `sobolPoints: ${k} dimensions requested, but the Joe–Kuo direction table in ` +
        `src/explore/sobol-directions.ts has ${SOBOL_MAX_DIMENSION}`,
    );
  }
  const first = 1 + skip;
  if (first + n > 2 ** SOBOL_BITS) {
    throw new RangeError(`sobolPoints: indices up to ${first + n - 1} exceed the 32-bit sequence`);
  }
  const v = directionNumbers();
  // Jump straight to index `first`: its integer is the XOR of the direction numbers at the set bits
  // of its Gray code.
  const x = new Uint32Array(k);
  const gray = (first ^ Math.floor(first / 2)) >>> 0;
  for (let b = 0; b < SOBOL_BITS; b++) {
    if (Math.floor(gray / 2 ** b) % 2 === 1) {
      for (let d = 0; d < k; d++) x[d] ^= v[d * SOBOL_BITS + b];
    }
  }
  const out = new Float64Array(n * k);
  const scale = 2 ** -SOBOL_BITS;
  for (let i = 0; i < n; i++) {
    if (i > 0) {
      // Gray-code step from index m−1 to m flips the direction number of m's lowest set bit.
      const c = lowestSetBit(first + i);
      for (let d = 0; d < k; d++) x[d] ^= v[d * SOBOL_BITS + c];
    }
    for (let d = 0; d < k; d++) out[i * k + d] = x[d] * scale;
  }
  return out;
}

/**
 * Saltelli et al. (2010) design for first-order and total Sobol' indices (no second order):
 * A and B are the first and last k columns of a 2k-dimensional Sobol' sequence; for each base sample
 * j the block of k + 2 rows is A_j, AB_j^(1) … AB_j^(k) (A_j with column i from B_j), B_j.
 * N(k + 2) rows, the layout of SALib's `sobol.sample(problem, N, calc_second_order=False,
 * scramble=False, skip_values=1)` (SALib keeps the zero point unless skipped; we drop it).
 *
 * Saltelli, A., Annoni, P., Azzini, I., Campolongo, F., Ratto, M., Tarantola, S. (2010). Variance based
 * sensitivity analysis of model output. Computer Physics Communications 181, 259–270.
 *
 * @example
 * const x = saltelliDesign(1024, 6); // 8192 rows of 6 factors, for sobolIndices(y, 1024, 6, …)
 */
export function saltelliDesign(N: number, k: number, options: SobolOptions = {}): Float64Array {
  checkCount('saltelliDesign: N', N, 1);
  checkCount('saltelliDesign: k', k, 1);
  if (2 * k > SOBOL_MAX_DIMENSION) {
    throw new RangeError(
      `saltelliDesign: ${k} factors need ${2 * k} Sobol' dimensions; the table has ${SOBOL_MAX_DIMENSION}`,
    );
  }
  const base = sobolPoints(N, 2 * k, options);
  const rows = k + 2;
  const out = new Float64Array(N * rows * k);
  for (let j = 0; j < N; j++) {
    const a = j * 2 * k;
    const b = a + k;
    const block = j * rows * k;
    for (let r = 0; r < rows; r++) {
      const row = block + r * k;
      for (let c = 0; c < k; c++) {
        // Row 0 is A, row k+1 is B, row i+1 is A with column i from B.
        const fromB = r === rows - 1 || r === c + 1;
        out[row + c] = base[(fromB ? b : a) + c];
      }
    }
  }
  return out;
}

export interface MorrisOptions {
  rng: Rng;
  /** Grid levels p (even, ≥ 2): values {0, 1/(p−1), …, 1}. Default 4, as SALib. */
  levels?: number;
}

/**
 * Morris (1991) elementary-effects design: r trajectories of k + 1 rows, one after another (SALib's
 * morris layout). Each trajectory starts at a random grid point and then moves one factor at a time,
 * in a random order, by Δ = p / (2(p − 1)), up or down.
 *
 * With p even, Δ is p/2 grid steps, so from level ℓ only one move stays on the grid (up if ℓ < p/2,
 * else down). Morris's construction — base x* uniform on the lower half of the grid, a random sign
 * per factor that starts it at x* or x* + Δ — therefore makes every factor's starting level uniform
 * on all p levels and its direction random. Draw order per trajectory: k base levels, k signs, then
 * the k − 1 draws of the factor permutation.
 *
 * Morris, M. D. (1991). Factorial sampling plans for preliminary computational experiments.
 * Technometrics 33, 161–174.
 *
 * @example
 * const x = morrisDesign(20, 8, { rng: createRng(7, 'morris') }); // 180 rows of 8 factors
 */
export function morrisDesign(r: number, k: number, options: MorrisOptions): Float64Array {
  const { rng, levels = 4 } = options;
  checkCount('morrisDesign: r', r, 1);
  checkCount('morrisDesign: k', k, 1);
  if (!Number.isInteger(levels) || levels < 2 || levels % 2 !== 0) {
    // With odd p, Δ = p/(2(p−1)) is not a whole number of grid steps: points would leave the grid.
    throw new RangeError(`morrisDesign: levels must be an even integer ≥ 2, got ${levels}`);
  }
  const half = levels / 2;
  const top = levels - 1;
  const out = new Float64Array(r * (k + 1) * k);
  const level = new Int32Array(k);
  const order = new Int32Array(k);
  for (let t = 0; t < r; t++) {
    for (let j = 0; j < k; j++) level[j] = randomInt(rng, half);
    for (let j = 0; j < k; j++) if (rng.next() < 0.5) level[j] += half;
    for (let j = 0; j < k; j++) order[j] = j;
    shuffle(order, rng);
    const first = t * (k + 1) * k;
    for (let j = 0; j < k; j++) out[first + j] = level[j] / top;
    for (let step = 0; step < k; step++) {
      const f = order[step];
      level[f] += level[f] < half ? half : -half;
      const row = first + (step + 1) * k;
      // Values are recomputed from integer levels so that every one is exactly a grid value.
      for (let j = 0; j < k; j++) out[row + j] = level[j] / top;
    }
  }
  return out;
}
