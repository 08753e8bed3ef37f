/**
 * Scenario discovery by PRIM, the Patient Rule Induction Method (Friedman & Fisher 1999, "Bump hunting in
 * high-dimensional data", Statistics and Computing 9:123–143), in the form scenario discovery uses it
 * (Bryant & Lempert 2010, "Thinking inside the box", Technological Forecasting & Social Change 77:34–49;
 * Kwakkel's EMA Workbench): given n experiments over k factors and a 0/1 mark per experiment ("kingpin
 * targeting lowered violence here"), find hyper-rectangles of factor ranges where the marked experiments
 * concentrate. Pipeline for each box:
 *
 *   peel → choose a box on the trajectory → paste → simplify → quasi-p-values → next box (covering)
 *
 * - Peel: from the box holding every point in play, repeatedly remove the lowest or highest `alpha` share
 *   of the box's points along one factor, whichever raises the density (share of marked points in the box)
 *   the most. A cut never splits a group of tied values, so a discrete factor loses whole levels, which may
 *   be far more than `alpha`; peels are therefore ranked by density gained per point removed, the
 *   criterion the EMA Workbench uses by default ("lenient1"). When every peel removes the same number of
 *   points (continuous factors) this is simply the peel leaving the highest density; ranked by density
 *   alone, a binary factor's 70% level won by chance in a test and cut the box's coverage to a third.
 *   Ties between peels: lowest factor index, then the lower side. Peeling stops when
 *   no peel keeps at least `minMass` of all n points, or when the density reaches 1 (no peel can raise it,
 *   and further peels only lose coverage). Every box along the way is recorded: the trajectory.
 * - Choose: the densest box on the trajectory among those covering at least `minCoverage` of the marked
 *   points (the earliest, i.e. the widest, on ties). This automates the analyst's pick on the coverage–
 *   density trade-off that Bryant & Lempert make by eye.
 * - Paste (Friedman & Fisher 1999): widen one restricted limit at a time by `alpha` of the box's points, or
 *   by a half, a quarter, … of that down to one point (always whole tie groups), taking the widening with
 *   the highest density, for as long as the density does not fall. Peeling in steps of `alpha` overshoots
 *   an edge by up to a step; the smaller pastes take back the part of it that cost nothing. (Friedman &
 *   Fisher paste in steps of `alpha` only; in the planted-box tests that left 5–8% of the marked points
 *   outside the box, and the next covering round then reported that rim as a box of its own.)
 * - Simplify: drop, one at a time and cheapest first, every restriction whose removal lowers the density by
 *   less than `simplify` (relative, default 1%) of the box's density; then, weakest first, every one whose
 *   quasi-p-value (below) exceeds `maxPValue` (default 0.05). With 100+ factors, peels that won by chance
 *   are the main way a box ends up naming factors that do not matter, and under label noise a chance peel
 *   can buy more than 1% of density, so the size rule alone keeps some of them. The p-values are optimistic
 *   (each restriction was selected for looking good), so the second rule is a floor, not a test.
 * - Quasi-p-values (Bryant & Lempert 2010): for each restriction, the one-sided binomial probability of
 *   seeing at least the box's marked count among its points if the marked share were that of the same box
 *   without this restriction. Reported for the restrictions left after simplifying.
 * - Covering: the points inside the box leave play, and the search starts again on the rest, until
 *   `maxBoxes` boxes, no marked point left in play, or a search that ends with no restriction.
 *
 * Two frames of reference, stated because they differ after the first box: the trajectory (coverage,
 * density, mass) and the quasi-p-values are computed on the points still in play for that box, which is
 * what the search saw; each box's own `coverage`, `density` and `mass` are recomputed on ALL n points
 * (a later box may overlap an earlier one), so boxes can be compared and read without the search's history.
 *
 * Limits are data values and inclusive: a point is in the box when lower[j] ≤ x[j] ≤ upper[j] for every j.
 * Factors the box does not restrict carry the data's minimum and maximum over all n points.
 *
 * Cost: one presort of every factor (see sortColumns), then each peel scans about `alpha`·n positions per
 * factor and side; n = 20,000 and k = 120 take about 1 s of CPU for two boxes (a shared 2-core machine).
 *
 * A box must restrict at least one factor: with no marked points, or every point marked, or no structure
 * a peel can find, `boxes` is empty and `baseRate` tells the story.
 *
 * @example
 * // x: n × k row-major design, hit[i] = 1 when experiment i lowered homicides
 * const { boxes, baseRate } = prim(x, k, hit, { names: factorIds });
 * boxes[0].limits; // { 'leadership.successor': [0.21, 0.58], 'plaza.war': [0.5, 0.9] }
 */

export interface ScenarioBox {
  /** Inclusive lower limit per factor (length k); unrestricted factors carry the data's minimum. */
  lower: Float64Array;
  /** Inclusive upper limit per factor (length k); unrestricted factors carry the data's maximum. */
  upper: Float64Array;
  /** Restricted factors, by index, ascending. */
  restricted: number[];
  /** Marked points inside / all marked points (all n points). */
  coverage: number;
  /** Marked points inside / points inside (all n points). */
  density: number;
  /** Points inside / n. */
  mass: number;
  /** With `names`: factor name → [lower, upper], restricted factors only. */
  limits?: Record<string, [number, number]>;
}

export interface TrajectoryStep {
  /** On the points in play for this box (see the header). */
  coverage: number;
  density: number;
  mass: number;
  /** Number of restricted factors. */
  restricted: number;
}

export interface PrimBoxResult extends ScenarioBox {
  /** The peeling trajectory this box was chosen from, starting at the whole space in play. */
  trajectory: TrajectoryStep[];
  /** Index of the chosen step in `trajectory` (before pasting and simplifying). */
  chosen: number;
  /** Quasi-p-value per restricted factor, aligned with `restricted` (computed on the points in play). */
  pValues: Float64Array;
}

export interface PrimResult {
  boxes: PrimBoxResult[];
  /** Marked points / n. */
  baseRate: number;
}

export interface PrimOptions {
  /** Peeling (and pasting) fraction of the box's points. Default 0.05. */
  alpha?: number;
  /** Stop peeling before the box holds less than this share of all n points. Default 0.05. */
  minMass?: number;
  /** Box choice: the densest trajectory box covering at least this share. Default 0.5. */
  minCoverage?: number;
  /** Widen the chosen box back out where that costs no density. Default true. */
  paste?: boolean;
  /** Drop restrictions whose removal costs less than this share of the density; false keeps all. Default 0.01. */
  simplify?: number | false;
  /** Also drop restrictions whose quasi-p-value exceeds this (1 keeps them all). Default 0.05. */
  maxPValue?: number;
  /** Boxes to find by covering. Default 2. */
  maxBoxes?: number;
  /** Factor names (length k): boxes then carry `limits` keyed by name. */
  names?: readonly string[];
}

const DEFAULTS = {
  alpha: 0.05,
  minMass: 0.05,
  minCoverage: 0.5,
  paste: true,
  simplify: 0.01 as number | false,
  maxPValue: 0.05,
  maxBoxes: 2,
};

/** Checks the design's shape and values; returns n. */
export function checkDesign(x: Float64Array, k: number, interesting: Uint8Array): number {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}`);
  const n = interesting.length;
  if (x.length !== n * k) throw new RangeError(`x has ${x.length} values, expected n·k = ${n}·${k}`);
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) throw new RangeError(`x[${i}] is not finite (row ${Math.floor(i / k)})`);
  }
  for (let i = 0; i < n; i++) {
    if (interesting[i] > 1) throw new RangeError(`interesting[${i}] must be 0 or 1`);
  }
  return n;
}

/** Little-endian hosts keep a double's low 32 bits first (every platform Node runs on, but checked). */
const LOW_WORD = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1 ? 0 : 1;
const RADIX_BITS = 11;
const RADIX = 1 << RADIX_BITS;
const MASK = RADIX - 1;

/**
 * For each factor j, the given rows sorted by x[·, j] (ties by their order in `rows`, so the result is
 * deterministic), laid out as k blocks of rows.length: block j holds factor j's order. Sorting once and
 * filtering afterwards keeps every later quantile a scan instead of a sort.
 *
 * An LSD radix sort on the doubles' bits (made order-preserving: negatives flip every bit, positives the
 * sign bit; −0 counts as +0), six stable passes of 11 bits with all six histograms from one read: O(n) per
 * factor. For n = 20,000 and k = 120 it takes a third of a comparator sort's time or less (0.2–0.3 s of
 * CPU against 0.75–1.2 s, on a shared, busy 2-core machine); the comparator sort was most of CART's time.
 */
export function sortColumns(x: Float64Array, k: number, rows: Int32Array): Int32Array {
  const m = rows.length;
  const out = new Int32Array(k * m);
  const bits = new Float64Array(m);
  const words = new Int32Array(bits.buffer);
  const hi = new Int32Array(m);
  const lo = new Int32Array(m);
  let idx = new Int32Array(m);
  let tmp = new Int32Array(m);
  const count = new Int32Array(6 * RADIX);
  for (let j = 0; j < k; j++) {
    for (let r = 0; r < m; r++) {
      const v = x[rows[r] * k + j];
      bits[r] = v === 0 ? 0 : v;
    }
    count.fill(0);
    for (let r = 0; r < m; r++) {
      const h = words[2 * r + 1 - LOW_WORD];
      const l = words[2 * r + LOW_WORD];
      const a = h < 0 ? ~h : h ^ -0x80000000;
      const b = h < 0 ? ~l : l;
      hi[r] = a;
      lo[r] = b;
      idx[r] = r;
      count[b & MASK]++;
      count[RADIX + ((b >>> RADIX_BITS) & MASK)]++;
      count[2 * RADIX + (b >>> (2 * RADIX_BITS))]++;
      count[3 * RADIX + (a & MASK)]++;
      count[4 * RADIX + ((a >>> RADIX_BITS) & MASK)]++;
      count[5 * RADIX + (a >>> (2 * RADIX_BITS))]++;
    }
    for (let pass = 0; pass < 6 && m > 0; pass++) {
      const key = pass < 3 ? lo : hi;
      const shift = (pass % 3) * RADIX_BITS;
      const off = pass * RADIX;
      // A digit every key shares moves nothing.
      if (count[off + ((key[0] >>> shift) & MASK)] === m) continue;
      for (let d = 0, sum = 0; d < RADIX; d++) {
        const c = count[off + d];
        count[off + d] = sum;
        sum += c;
      }
      for (let r = 0; r < m; r++) {
        const e = idx[r];
        tmp[count[off + ((key[e] >>> shift) & MASK)]++] = e;
      }
      const swap = idx;
      idx = tmp;
      tmp = swap;
    }
    for (let r = 0; r < m; r++) out[j * m + r] = rows[idx[r]];
  }
  return out;
}

/** Minimum and maximum of every factor over the given rows. */
export function columnRanges(
  x: Float64Array,
  k: number,
  rows: Int32Array,
): { min: Float64Array; max: Float64Array } {
  const min = new Float64Array(k).fill(Number.POSITIVE_INFINITY);
  const max = new Float64Array(k).fill(Number.NEGATIVE_INFINITY);
  for (let r = 0; r < rows.length; r++) {
    const o = rows[r] * k;
    for (let j = 0; j < k; j++) {
      const v = x[o + j];
      if (v < min[j]) min[j] = v;
      if (v > max[j]) max[j] = v;
    }
  }
  return { min, max };
}

/** Coverage, density and mass of the box [lower, upper] over all n points. */
export function boxStats(
  x: Float64Array,
  k: number,
  interesting: Uint8Array,
  lower: Float64Array,
  upper: Float64Array,
): { coverage: number; density: number; mass: number } {
  const n = interesting.length;
  let count = 0;
  let hits = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    total += interesting[i];
    const o = i * k;
    let inside = true;
    for (let j = 0; j < k && inside; j++) {
      const v = x[o + j];
      inside = v >= lower[j] && v <= upper[j];
    }
    if (inside) {
      count++;
      hits += interesting[i];
    }
  }
  return {
    coverage: total > 0 ? hits / total : 0,
    density: count > 0 ? hits / count : 0,
    mass: n > 0 ? count / n : 0,
  };
}

/**
 * P(X ≥ y) for X ~ Binomial(n, p), summed term by term from the side of the mode where terms fall, so
 * no term overflows and the sum needs no special function. O(n) at worst, once per restriction.
 */
export function binomialUpperTail(y: number, n: number, p: number): number {
  if (y <= 0) return 1;
  if (y > n) return 0;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  const odds = p / (1 - p);
  const mode = Math.floor((n + 1) * p);
  // Start at s (y itself above the mode, y − 1 below it) and sum away from the mode.
  const upper = y > mode;
  const s = upper ? y : y - 1;
  let logTerm = s * Math.log(p) + (n - s) * Math.log1p(-p);
  for (let i = 1; i <= s; i++) logTerm += Math.log((n - s + i) / i);
  let sum = 0;
  let t = 1;
  if (upper) {
    for (let j = s; j <= n && t > 1e-17 * sum; j++) {
      sum += t;
      t *= ((n - j) / (j + 1)) * odds;
    }
  } else {
    for (let j = s; j >= 0 && t > 1e-17 * sum; j--) {
      sum += t;
      t *= j / (n - j + 1) / odds;
    }
  }
  const tail = Math.exp(logTerm + Math.log(sum));
  return upper ? Math.min(1, tail) : Math.max(0, 1 - tail);
}

/** The points in play for one covering round, with each factor's order among them. */
interface Play {
  rows: Int32Array;
  /** k blocks of rows.length: see sortColumns. */
  order: Int32Array;
  min: Float64Array;
  max: Float64Array;
  hits: number;
}

/** The box being peeled or pasted. `lo[j]`/`hi[j]`: first/last position in factor j's order within the limits. */
interface Box {
  lower: Float64Array;
  upper: Float64Array;
  /** By point id (length n); only points in play are ever set. */
  inBox: Uint8Array;
  count: number;
  hits: number;
  lo: Int32Array;
  hi: Int32Array;
}

interface Move {
  j: number;
  side: 0 | 1;
  /** Points (and marked points) the move removes (peel) or adds (paste). */
  count: number;
  hits: number;
  /** The new limit, a data value. */
  limit: number;
}

function takePlay(
  x: Float64Array,
  k: number,
  interesting: Uint8Array,
  order: Int32Array,
  keep: Uint8Array,
): Play {
  const n = interesting.length;
  let m = 0;
  for (let i = 0; i < n; i++) m += keep[i];
  const rows = new Int32Array(m);
  let hits = 0;
  for (let i = 0, r = 0; i < n; i++) {
    if (keep[i]) {
      rows[r++] = i;
      hits += interesting[i];
    }
  }
  // Filter the global orders rather than sorting again.
  const sub = new Int32Array(k * m);
  for (let j = 0; j < k; j++) {
    let w = j * m;
    for (let r = j * n; r < (j + 1) * n; r++) if (keep[order[r]]) sub[w++] = order[r];
  }
  const { min, max } = columnRanges(x, k, rows);
  return { rows, order: sub, min, max, hits };
}

function fullBox(play: Play, k: number, n: number, interesting: Uint8Array): Box {
  const m = play.rows.length;
  const inBox = new Uint8Array(n);
  for (const i of play.rows) inBox[i] = 1;
  const lo = new Int32Array(k);
  const hi = new Int32Array(k).fill(m - 1);
  let hits = 0;
  for (const i of play.rows) hits += interesting[i];
  return { lower: play.min.slice(), upper: play.max.slice(), inBox, count: m, hits, lo, hi };
}

function countRestricted(box: Box, play: Play): number {
  let c = 0;
  for (let j = 0; j < box.lower.length; j++) {
    if (box.lower[j] > play.min[j] || box.upper[j] < play.max[j]) c++;
  }
  return c;
}

/** Peel the `take` lowest (side 0) or highest (side 1) points of the box along j, whole tie groups. */
function peelMove(
  x: Float64Array,
  k: number,
  interesting: Uint8Array,
  play: Play,
  box: Box,
  j: number,
  side: 0 | 1,
  take: number,
): Move | null {
  const m = play.rows.length;
  const ord = play.order;
  const base = j * m;
  const step = side === 0 ? 1 : -1;
  const end = side === 0 ? box.hi[j] + step : box.lo[j] + step;
  let r = side === 0 ? box.lo[j] : box.hi[j];
  let count = 0;
  let hits = 0;
  for (; r !== end && count < take; r += step) {
    const p = ord[base + r];
    if (box.inBox[p]) {
      count++;
      hits += interesting[p];
    }
  }
  if (count === 0) return null;
  // The last point taken sets the cut; its tied neighbours go with it.
  const v = x[ord[base + r - step] * k + j];
  for (; r !== end && x[ord[base + r] * k + j] === v; r += step) {
    const p = ord[base + r];
    if (box.inBox[p]) {
      count++;
      hits += interesting[p];
    }
  }
  while (r !== end && !box.inBox[ord[base + r]]) r += step;
  if (r === end) return null; // the peel would empty the box (e.g. a constant factor)
  return { j, side, count, hits, limit: x[ord[base + r] * k + j] };
}

function applyPeel(x: Float64Array, k: number, play: Play, box: Box, mv: Move): void {
  const m = play.rows.length;
  const base = mv.j * m;
  if (mv.side === 0) {
    let r = box.lo[mv.j];
    for (; x[play.order[base + r] * k + mv.j] < mv.limit; r++) box.inBox[play.order[base + r]] = 0;
    box.lo[mv.j] = r;
    box.lower[mv.j] = mv.limit;
  } else {
    let r = box.hi[mv.j];
    for (; x[play.order[base + r] * k + mv.j] > mv.limit; r--) box.inBox[play.order[base + r]] = 0;
    box.hi[mv.j] = r;
    box.upper[mv.j] = mv.limit;
  }
  box.count -= mv.count;
  box.hits -= mv.hits;
}

/** Recompute membership, counts and order positions from the limits (after pasting or dropping). */
function refresh(x: Float64Array, k: number, interesting: Uint8Array, play: Play, box: Box): void {
  const m = play.rows.length;
  box.count = 0;
  box.hits = 0;
  for (const i of play.rows) {
    const o = i * k;
    let inside = 1;
    for (let j = 0; j < k && inside; j++) {
      const v = x[o + j];
      if (v < box.lower[j] || v > box.upper[j]) inside = 0;
    }
    box.inBox[i] = inside;
    box.count += inside;
    if (inside) box.hits += interesting[i];
  }
  for (let j = 0; j < k; j++) {
    const base = j * m;
    let a = 0;
    let b = m;
    while (a < b) {
      const mid = (a + b) >>> 1;
      if (x[play.order[base + mid] * k + j] < box.lower[j]) a = mid + 1;
      else b = mid;
    }
    box.lo[j] = a;
    a = 0;
    b = m;
    while (a < b) {
      const mid = (a + b) >>> 1;
      if (x[play.order[base + mid] * k + j] <= box.upper[j]) a = mid + 1;
      else b = mid;
    }
    box.hi[j] = a - 1;
  }
}

/**
 * For each point in play: how many limits it breaks, and which one when that is a single limit. Points that
 * break only factor j's limits are exactly those that widening or dropping j would let in.
 */
function violations(
  x: Float64Array,
  k: number,
  play: Play,
  box: Box,
  nViol: Int32Array,
  vDim: Int32Array,
): void {
  for (const i of play.rows) {
    const o = i * k;
    let c = 0;
    let d = -1;
    for (let j = 0; j < k && c < 2; j++) {
      const v = x[o + j];
      if (v < box.lower[j] || v > box.upper[j]) {
        c++;
        d = j;
      }
    }
    nViol[i] = c;
    vDim[i] = d;
  }
}

/** Widen factor j's lower (side 0) or upper (side 1) limit by `take` points that break only that limit. */
function pasteMove(
  x: Float64Array,
  k: number,
  interesting: Uint8Array,
  play: Play,
  box: Box,
  nViol: Int32Array,
  vDim: Int32Array,
  j: number,
  side: 0 | 1,
  take: number,
): Move | null {
  const m = play.rows.length;
  const ord = play.order;
  const base = j * m;
  const step = side === 0 ? -1 : 1;
  const end = side === 0 ? -1 : m;
  const letIn = (p: number) => nViol[p] === 1 && vDim[p] === j;
  let r = side === 0 ? box.lo[j] - 1 : box.hi[j] + 1;
  let count = 0;
  let hits = 0;
  let v = Number.NaN;
  for (; r !== end && count < take; r += step) {
    const p = ord[base + r];
    if (letIn(p)) {
      count++;
      hits += interesting[p];
      v = x[p * k + j];
    }
  }
  if (count === 0) return null;
  for (; r !== end && x[ord[base + r] * k + j] === v; r += step) {
    const p = ord[base + r];
    if (letIn(p)) {
      count++;
      hits += interesting[p];
    }
  }
  return { j, side, count, hits, limit: v };
}

/** Points and marked points that dropping each factor's restriction would add. */
function dropGains(
  interesting: Uint8Array,
  play: Play,
  nViol: Int32Array,
  vDim: Int32Array,
  k: number,
): { count: Int32Array; hits: Int32Array } {
  const count = new Int32Array(k);
  const hits = new Int32Array(k);
  for (const i of play.rows) {
    if (nViol[i] === 1) {
      count[vDim[i]]++;
      hits[vDim[i]] += interesting[i];
    }
  }
  return { count, hits };
}

interface Settings {
  alpha: number;
  minCount: number;
  minCoverage: number;
  paste: boolean;
  simplify: number | false;
  maxPValue: number;
}

/** Peel from the full box in play; returns the trajectory and the moves that produced it. */
function peel(
  x: Float64Array,
  k: number,
  interesting: Uint8Array,
  play: Play,
  box: Box,
  s: Settings,
): { trajectory: TrajectoryStep[]; moves: Move[] } {
  const m = play.rows.length;
  const point = (): TrajectoryStep => ({
    coverage: box.hits / play.hits,
    density: box.hits / box.count,
    mass: box.count / m,
    restricted: countRestricted(box, play),
  });
  const trajectory = [point()];
  const moves: Move[] = [];
  while (box.hits < box.count) {
    const take = Math.max(1, Math.floor(s.alpha * box.count + 1e-9));
    const density = box.hits / box.count;
    let best: Move | null = null;
    let bestGain = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < k; j++) {
      for (const side of [0, 1] as const) {
        const mv = peelMove(x, k, interesting, play, box, j, side, take);
        if (!mv || box.count - mv.count < s.minCount) continue;
        // Gain in density per point removed. Peels of equal size rank as by density alone; a peel of a
        // large tie group must earn its size. Equal counts give bit-identical values, so `>` keeps the
        // first of tied peels.
        const gain = ((box.hits - mv.hits) / (box.count - mv.count) - density) / mv.count;
        if (gain > bestGain) {
          bestGain = gain;
          best = mv;
        }
      }
    }
    if (!best) break;
    applyPeel(x, k, play, box, best);
    moves.push(best);
    trajectory.push(point());
  }
  return { trajectory, moves };
}

/** The densest step with enough coverage; the earliest on ties. */
function chooseStep(trajectory: TrajectoryStep[], minCoverage: number): number {
  let best = 0;
  for (let t = 1; t < trajectory.length; t++) {
    const step = trajectory[t];
    if (step.coverage >= minCoverage - 1e-12 && step.density > trajectory[best].density) best = t;
  }
  return best;
}

function pasteBox(
  x: Float64Array,
  k: number,
  interesting: Uint8Array,
  play: Play,
  box: Box,
  s: Settings,
  nViol: Int32Array,
  vDim: Int32Array,
): void {
  for (;;) {
    violations(x, k, play, box, nViol, vDim);
    const take = Math.max(1, Math.floor(s.alpha * box.count + 1e-9));
    const density = box.hits / box.count;
    let best: Move | null = null;
    let bestDensity = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < k; j++) {
      for (const side of [0, 1] as const) {
        const limit = side === 0 ? box.lower[j] : box.upper[j];
        if (limit === (side === 0 ? play.min[j] : play.max[j])) continue;
        // A whole alpha step first, then halves of it: peeling's fixed step overshoots an edge by up to
        // alpha, and only a smaller paste can take back part of a step.
        for (let size = take; size >= 1; size >>= 1) {
          const mv = pasteMove(x, k, interesting, play, box, nViol, vDim, j, side, size);
          if (!mv) break;
          const d = (box.hits + mv.hits) / (box.count + mv.count);
          if (d > bestDensity) {
            bestDensity = d;
            best = mv;
          }
        }
      }
    }
    // "Does not fall": a widening at equal density is kept (more coverage for free).
    if (!best || bestDensity < density) return;
    if (best.side === 0) box.lower[best.j] = best.limit;
    else box.upper[best.j] = best.limit;
    refresh(x, k, interesting, play, box);
  }
}

/**
 * For each restricted factor: the box's density without that restriction, and the restriction's
 * quasi-p-value, P(X ≥ hits) for X ~ Binomial(count, that density). Unrestricted factors get NaN.
 */
function restrictionTests(
  x: Float64Array,
  k: number,
  interesting: Uint8Array,
  play: Play,
  box: Box,
  nViol: Int32Array,
  vDim: Int32Array,
): { without: Float64Array; pValue: Float64Array } {
  violations(x, k, play, box, nViol, vDim);
  const gain = dropGains(interesting, play, nViol, vDim, k);
  const without = new Float64Array(k).fill(Number.NaN);
  const pValue = new Float64Array(k).fill(Number.NaN);
  for (let j = 0; j < k; j++) {
    if (box.lower[j] === play.min[j] && box.upper[j] === play.max[j]) continue;
    without[j] = (box.hits + gain.hits[j]) / (box.count + gain.count[j]);
    pValue[j] = binomialUpperTail(box.hits, box.count, without[j]);
  }
  return { without, pValue };
}

/**
 * Drop restrictions one at a time: first the cheapest while it costs less than `tolerance` of the density,
 * then the least significant while its quasi-p-value exceeds `maxPValue`. Each drop changes the box, so
 * every test is redone after it.
 */
function simplifyBox(
  x: Float64Array,
  k: number,
  interesting: Uint8Array,
  play: Play,
  box: Box,
  s: Settings,
  nViol: Int32Array,
  vDim: Int32Array,
): void {
  for (;;) {
    const { without, pValue } = restrictionTests(x, k, interesting, play, box, nViol, vDim);
    const density = box.hits / box.count;
    let cheapest = -1;
    let weakest = -1;
    for (let j = 0; j < k; j++) {
      if (Number.isNaN(without[j])) continue;
      if (cheapest < 0 || without[j] > without[cheapest]) cheapest = j;
      if (weakest < 0 || pValue[j] > pValue[weakest]) weakest = j;
    }
    let drop = -1;
    if (cheapest >= 0 && s.simplify !== false && density - without[cheapest] < s.simplify * density) {
      drop = cheapest;
    } else if (weakest >= 0 && pValue[weakest] > s.maxPValue) drop = weakest;
    if (drop < 0) return;
    box.lower[drop] = play.min[drop];
    box.upper[drop] = play.max[drop];
    refresh(x, k, interesting, play, box);
  }
}

/** One covering round: the box found among the points in play, or null when none restricts anything. */
function searchBox(
  x: Float64Array,
  k: number,
  interesting: Uint8Array,
  play: Play,
  s: Settings,
): { box: Box; trajectory: TrajectoryStep[]; chosen: number; pValue: Float64Array } | null {
  const n = interesting.length;
  const box = fullBox(play, k, n, interesting);
  const { trajectory, moves } = peel(x, k, interesting, play, box, s);
  const chosen = chooseStep(trajectory, s.minCoverage);
  if (chosen === 0) return null;
  // Rebuild the chosen box by replaying its peels on the full box.
  const picked = fullBox(play, k, n, interesting);
  for (let t = 0; t < chosen; t++) applyPeel(x, k, play, picked, moves[t]);
  const nViol = new Int32Array(n);
  const vDim = new Int32Array(n);
  if (s.paste) pasteBox(x, k, interesting, play, picked, s, nViol, vDim);
  simplifyBox(x, k, interesting, play, picked, s, nViol, vDim);
  const { pValue } = restrictionTests(x, k, interesting, play, picked, nViol, vDim);
  if (pValue.every(Number.isNaN)) return null;
  return { box: picked, trajectory, chosen, pValue };
}

/** Options with their defaults, checked; an option given as undefined takes its default. */
function normalize(
  options: PrimOptions,
  n: number,
  k: number,
): { settings: Settings; maxBoxes: number; names?: readonly string[] } {
  const alpha = options.alpha ?? DEFAULTS.alpha;
  const minMass = options.minMass ?? DEFAULTS.minMass;
  const minCoverage = options.minCoverage ?? DEFAULTS.minCoverage;
  const simplify = options.simplify ?? DEFAULTS.simplify;
  const maxPValue = options.maxPValue ?? DEFAULTS.maxPValue;
  const maxBoxes = options.maxBoxes ?? DEFAULTS.maxBoxes;
  const inUnit = (v: number) => v >= 0 && v <= 1;
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be in (0, 1), got ${alpha}`);
  if (!inUnit(minMass)) throw new RangeError(`minMass must be in [0, 1], got ${minMass}`);
  if (!inUnit(minCoverage)) throw new RangeError(`minCoverage must be in [0, 1], got ${minCoverage}`);
  if (simplify !== false && !(simplify >= 0)) throw new RangeError(`simplify must be ≥ 0 or false`);
  if (!inUnit(maxPValue)) throw new RangeError(`maxPValue must be in [0, 1], got ${maxPValue}`);
  if (!Number.isInteger(maxBoxes) || maxBoxes < 0) {
    throw new RangeError(`maxBoxes must be a non-negative integer, got ${maxBoxes}`);
  }
  const names = options.names;
  if (names && names.length !== k) throw new RangeError(`names has ${names.length} entries, k is ${k}`);
  const settings: Settings = {
    alpha,
    minCount: Math.max(1, Math.ceil(minMass * n - 1e-9)),
    minCoverage,
    paste: options.paste ?? DEFAULTS.paste,
    simplify,
    maxPValue,
  };
  return { settings, maxBoxes, names };
}

/**
 * Find up to `maxBoxes` boxes where the marked experiments concentrate (see the header for the method).
 * `x` is row-major n × k (any units), `interesting[i]` is 1 for a marked experiment.
 */
export function prim(
  x: Float64Array,
  k: number,
  interesting: Uint8Array,
  options: PrimOptions = {},
): PrimResult {
  const n = checkDesign(x, k, interesting);
  const { settings: s, maxBoxes, names } = normalize(options, n, k);
  let total = 0;
  for (let i = 0; i < n; i++) total += interesting[i];
  const result: PrimResult = { boxes: [], baseRate: n > 0 ? total / n : 0 };
  if (total === 0 || total === n) return result;

  const all = Int32Array.from({ length: n }, (_, i) => i);
  const order = sortColumns(x, k, all);
  const global = columnRanges(x, k, all);
  const keep = new Uint8Array(n).fill(1);
  while (result.boxes.length < maxBoxes) {
    const play = takePlay(x, k, interesting, order, keep);
    if (play.hits === 0 || play.hits === play.rows.length) break;
    const found = searchBox(x, k, interesting, play, s);
    if (!found) break;
    const { box, trajectory, chosen, pValue } = found;
    const restricted: number[] = [];
    for (let j = 0; j < k; j++) if (!Number.isNaN(pValue[j])) restricted.push(j);
    const lower = global.min.slice();
    const upper = global.max.slice();
    for (const j of restricted) {
      lower[j] = box.lower[j];
      upper[j] = box.upper[j];
    }
    const entry: PrimBoxResult = {
      lower,
      upper,
      restricted,
      ...boxStats(x, k, interesting, lower, upper),
      trajectory,
      chosen,
      pValues: Float64Array.from(restricted, (j) => pValue[j]),
    };
    if (names) entry.limits = namedLimits(names, restricted, lower, upper);
    result.boxes.push(entry);
    for (const i of play.rows) if (box.inBox[i]) keep[i] = 0;
  }
  return result;
}

/** Factor name → [lower, upper] for the restricted factors. */
export function namedLimits(
  names: readonly string[],
  restricted: readonly number[],
  lower: Float64Array,
  upper: Float64Array,
): Record<string, [number, number]> {
  const out: Record<string, [number, number]> = {};
  for (const j of restricted) out[names[j]] = [lower[j], upper[j]];
  return out;
}
