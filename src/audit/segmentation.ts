/**
 * Optimal segmentation of a series into segments with their own straight line (level and slope), the
 * numeric kernel of `audit breaks`.
 *
 * 1. Segment costs: the residual sum of squares (SSR) of a least-squares line on every segment [i, j] of
 *    at least `h` observations, each in O(1) from cumulative cross-products of (1, t, y) — O(n²) in all,
 *    on typed arrays. Times may have gaps (they are the months actually observed).
 * 2. Dynamic programming (Bai & Perron 2003, J Appl Econometrics 18:1): for every number of
 *    breaks m = 0..M, the segmentation with minimal total SSR among all whose segments have at least `h`
 *    observations — the global optimum, not a sequence of single-break searches — in O(M n²).
 *
 * A break is the index of the first observation of a new segment.
 */

/**
 * What the segment costs need of the times alone, for every segment of at least h: the centred sum of t
 * and the reciprocal of the centred sum of squares (0 when a segment's times do not vary). The break search
 * builds costs for many series on the same times (one per set of month effects): this is computed once per
 * times array and h.
 */
interface TimeCache {
  n: number;
  h: number;
  mean: number;
  /** 1 / length, by length. */
  invLength: Float64Array;
  st: Float64Array;
  invCtt: Float64Array;
}

const timeCaches = new WeakMap<object, TimeCache>();

function timeCache(t: ArrayLike<number>, h: number): TimeCache {
  const key = t as object;
  const hit = timeCaches.get(key);
  if (hit && hit.n === t.length && hit.h === h) return hit;
  const n = t.length;
  let mean = 0;
  for (let k = 0; k < n; k++) mean += t[k];
  mean /= n || 1;
  const St = new Float64Array(n + 1);
  const Stt = new Float64Array(n + 1);
  for (let k = 0; k < n; k++) {
    const a = t[k] - mean;
    St[k + 1] = St[k] + a;
    Stt[k + 1] = Stt[k] + a * a;
  }
  const invLength = Float64Array.from({ length: n + 1 }, (_, c) => (c > 0 ? 1 / c : 0));
  const st = new Float64Array(n * n);
  const invCtt = new Float64Array(n * n);
  for (let j = h - 1; j < n; j++) {
    for (let i = 0; i <= j - h + 1; i++) {
      const s = St[j + 1] - St[i];
      const ctt = Stt[j + 1] - Stt[i] - s * s * invLength[j + 1 - i];
      st[j * n + i] = s;
      invCtt[j * n + i] = ctt > 1e-12 ? 1 / ctt : 0;
    }
  }
  const cache = { n, h, mean, invLength, st, invCtt };
  // Only arrays can be keys; a fresh array-like (typed or not) is cached the same way.
  if (typeof t === 'object') timeCaches.set(key, cache);
  return cache;
}

/** SSR of a least-squares line on every segment of at least `h` observations. */
export class SegmentCosts {
  readonly n: number;
  readonly h: number;
  /**
   * n × n by segment end: cost[j * n + i] for the segment of observations i..j (meaningless when shorter
   * than h), so that the programme reads the costs of all segments ending at j in order.
   */
  readonly cost: Float64Array;

  /** `buffer` (at least n² long) is reused for the costs when given: the iterations build many. */
  constructor(t: ArrayLike<number>, y: ArrayLike<number>, h: number, buffer?: Float64Array) {
    const n = y.length;
    if (t.length !== n) throw new Error(`segment costs: ${t.length} times for ${n} values`);
    if (!Number.isInteger(h) || h < 2) throw new Error(`segment costs: minimum segment ${h} is below 2`);
    this.n = n;
    this.h = h;
    const tc = timeCache(t, h);
    // Centre t and y on their means before accumulating: smaller sums, less cancellation.
    let ym = 0;
    for (let k = 0; k < n; k++) ym += y[k];
    ym /= n || 1;
    const Sy = new Float64Array(n + 1);
    const Sty = new Float64Array(n + 1);
    const Syy = new Float64Array(n + 1);
    for (let k = 0; k < n; k++) {
      const a = t[k] - tc.mean;
      const b = y[k] - ym;
      Sy[k + 1] = Sy[k] + b;
      Sty[k + 1] = Sty[k] + a * b;
      Syy[k + 1] = Syy[k] + b * b;
    }
    // Only segments of at least h are ever read; the other cells are left as they are.
    const cost = buffer && buffer.length >= n * n ? buffer : new Float64Array(n * n);
    const { st, invCtt, invLength } = tc;
    for (let j = h - 1; j < n; j++) {
      const sy1 = Sy[j + 1];
      const sty1 = Sty[j + 1];
      const syy1 = Syy[j + 1];
      const col = j * n;
      for (let i = 0; i <= j - h + 1; i++) {
        const ic = invLength[j + 1 - i];
        const sy = sy1 - Sy[i];
        const cty = sty1 - Sty[i] - st[col + i] * sy * ic;
        const cyy = syy1 - Syy[i] - sy * sy * ic;
        cost[col + i] = Math.max(cyy - cty * cty * invCtt[col + i], 0);
      }
    }
    this.cost = cost;
  }

  /** SSR of the line on observations i..j (inclusive). */
  at(i: number, j: number): number {
    return this.cost[j * this.n + i];
  }
}

export interface Segmentation {
  /** Number of breaks. */
  m: number;
  /** Total SSR of the m + 1 lines. */
  ssr: number;
  /** First observation of each new segment, ascending. */
  breaks: number[];
}

/** The largest number of breaks `n` observations allow with segments of at least `h`. */
export function maxBreaks(n: number, h: number): number {
  return Math.max(0, Math.floor(n / h) - 1);
}

/**
 * The globally optimal segmentation for every number of breaks 0..maxM (fewer when the series is too
 * short): Bai & Perron's dynamic programme over the segment costs.
 */
export function optimalSegmentations(
  costs: SegmentCosts,
  maxM = maxBreaks(costs.n, costs.h),
): Segmentation[] {
  const { n, h, cost } = costs;
  const M = Math.min(maxM, maxBreaks(n, h));
  if (n < h) return [];
  // best[m][j]: minimal SSR of observations 0..j cut into m + 1 segments; from[m][j]: start of the last.
  const best: Float64Array[] = [];
  const from: Int32Array[] = [];
  const first = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  for (let j = h - 1; j < n; j++) first[j] = costs.at(0, j);
  best.push(first);
  from.push(new Int32Array(n));
  for (let m = 1; m <= M; m++) {
    const prev = best[m - 1];
    const cur = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
    const arg = new Int32Array(n).fill(-1);
    // The last segment starts at s and ends at j; observations 0..s-1 hold m segments of at least h.
    for (let j = (m + 1) * h - 1; j < n; j++) {
      let v = Number.POSITIVE_INFINITY;
      let at = -1;
      const col = j * n;
      for (let s = m * h; s <= j - h + 1; s++) {
        const c = prev[s - 1] + cost[col + s];
        if (c < v) {
          v = c;
          at = s;
        }
      }
      cur[j] = v;
      arg[j] = at;
    }
    best.push(cur);
    from.push(arg);
  }
  const out: Segmentation[] = [];
  for (let m = 0; m <= M; m++) {
    const breaks: number[] = [];
    let j = n - 1;
    for (let k = m; k >= 1; k--) {
      const s = from[k][j];
      breaks.unshift(s);
      j = s - 1;
    }
    out.push({ m, ssr: best[m][n - 1], breaks });
  }
  return out;
}

/**
 * The optimal segmentation with exactly m breaks: the same programme as optimalSegmentations, computing
 * only the cells a segmentation of all n observations into m + 1 segments can go through.
 */
export function optimalSegmentation(costs: SegmentCosts, m: number): Segmentation | undefined {
  const { n, h, cost } = costs;
  if (m > maxBreaks(n, h) || n < h) return undefined;
  if (m === 0) return { m: 0, ssr: costs.at(0, n - 1), breaks: [] };
  // best[k][j]: observations 0..j in k + 1 segments, for j from (k + 1)h − 1 to n − 1 − (m − k)h.
  let prev = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  for (let j = h - 1; j <= n - 1 - m * h; j++) prev[j] = costs.at(0, j);
  const from: Int32Array[] = [new Int32Array(0)];
  for (let k = 1; k <= m; k++) {
    const cur = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
    const arg = new Int32Array(n).fill(-1);
    const jLast = k === m ? n - 1 : n - 1 - (m - k) * h;
    for (let j = k === m ? n - 1 : (k + 1) * h - 1; j <= jLast; j++) {
      let v = Number.POSITIVE_INFINITY;
      let at = -1;
      const col = j * n;
      for (let s = k * h; s <= j - h + 1; s++) {
        const c = prev[s - 1] + cost[col + s];
        if (c < v) {
          v = c;
          at = s;
        }
      }
      cur[j] = v;
      arg[j] = at;
    }
    prev = cur;
    from.push(arg);
  }
  const breaks: number[] = [];
  let j = n - 1;
  for (let k = m; k >= 1; k--) {
    const s = from[k][j];
    breaks.unshift(s);
    j = s - 1;
  }
  return { m, ssr: prev[n - 1], breaks };
}

/** Total SSR of a given segmentation (breaks ascending; each segment at least h long). */
export function segmentationSsr(costs: SegmentCosts, breaks: readonly number[]): number {
  const bounds = [0, ...breaks, costs.n];
  let ssr = 0;
  for (let k = 0; k + 1 < bounds.length; k++) ssr += costs.at(bounds[k], bounds[k + 1] - 1);
  return ssr;
}

/**
 * Every segmentation of n observations into m + 1 segments of at least h (for checks by brute force on
 * small series): calls `visit` with each list of breaks.
 */
export function forEachSegmentation(
  n: number,
  h: number,
  m: number,
  visit: (breaks: readonly number[]) => void,
): void {
  const breaks: number[] = [];
  const rec = (start: number, left: number) => {
    if (left === 0) {
      if (n - start >= h) visit(breaks);
      return;
    }
    for (let b = start + h; b <= n - left * h; b++) {
      breaks.push(b);
      rec(b, left - 1);
      breaks.pop();
    }
  };
  rec(0, m);
}
