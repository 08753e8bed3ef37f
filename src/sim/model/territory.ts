import type { Params } from '../params.js';
import type { SimState } from './state.js';
import type { World } from './world.js';

/**
 * Where groups are and where they fight, on a generic area graph.
 *
 * - Presence S_i: the home area, plus `presenceFromTies` × weight in the home area of every rival and ally
 *   (groups meet where their partners are), normalised to shares.
 * - Conflict location: group i's fights with rivals happen where i is present in proportion to the
 *   presence of its rivals there and, with weight `borderSpill`, in adjacent areas (turf borders). The
 *   baseline conflict term (the +1 of K) is placed by presence alone.
 * - Spread: once a year a growing group places `spreadRate` × its growth into areas adjacent to its presence.
 */

/** Initial presence from home areas and ties. */
export function initPresence(world: World, s: SimState, p: Params): void {
  const m = s.areas;
  s.S.fill(0);
  for (let i = 0; i < world.groups; i++) {
    const row = i * m;
    s.S[row + world.home[i]] += 1;
    for (const [ptr, idx, w] of [
      [world.rvPtr, world.rvIdx, world.rvW],
      [world.alPtr, world.alIdx, world.alW],
    ] as const) {
      for (let e = ptr[i]; e < ptr[i + 1]; e++) s.S[row + world.home[idx[e]]] += p.presenceFromTies * w[e];
    }
    normalizeRow(s.S, row, m);
  }
}

/** Yearly spread of growing groups into neighbouring areas; resets the growth reference. */
export function spreadPresence(world: World, s: SimState, p: Params, scratch: Float64Array): void {
  const m = s.areas;
  const { nbPtr, nbIdx } = world.areas;
  for (let i = 0; i < s.n; i++) {
    const ref = s.growthRef[i];
    const growth = ref > 0 ? s.C[i] / ref - 1 : 0;
    s.growthRef[i] = s.C[i];
    if (growth <= 0 || s.C[i] <= 0) continue;
    const row = i * m;
    const k = p.spreadRate * Math.min(growth, 1);
    scratch.fill(0, 0, m);
    for (let b = 0; b < m; b++) {
      const sb = s.S[row + b];
      if (sb === 0) continue;
      const deg = nbPtr[b + 1] - nbPtr[b];
      for (let e = nbPtr[b]; e < nbPtr[b + 1]; e++) scratch[nbIdx[e]] += sb / deg;
    }
    for (let a = 0; a < m; a++) s.S[row + a] += k * scratch[a];
    normalizeRow(s.S, row, m);
    // Negligible presence is dropped so that presence stays sparse (and spread does not reach every
    // area with vanishing shares).
    let dropped = false;
    for (let a = 0; a < m; a++) {
      if (s.S[row + a] > 0 && s.S[row + a] < MIN_PRESENCE) {
        s.S[row + a] = 0;
        dropped = true;
      }
    }
    if (dropped) normalizeRow(s.S, row, m);
  }
}

/** Presence shares below this are dropped (ASSUMPTION: a group with <1% of its members in an area is not "present"). */
export const MIN_PRESENCE = 0.01;

/** Buffers for `locateConflict`, allocated once per simulation. */
export class TerritoryScratch {
  readonly nbSum: Float64Array;
  readonly nzPtr: Int32Array;
  readonly nzIdx: Int32Array;
  readonly famHead: Int32Array;
  readonly famNext: Int32Array;
  constructor(cap: number, areas: number) {
    this.nbSum = new Float64Array(cap * areas);
    this.nzPtr = new Int32Array(cap + 1);
    this.nzIdx = new Int32Array(cap * areas);
    this.famHead = new Int32Array(cap);
    this.famNext = new Int32Array(cap);
  }
}

/**
 * Recompute where each group's conflict with its rivals takes place (`locR`), from current presence.
 * Works on sparse presence lists, so its cost grows with ties × areas a group is present in.
 */
export function locateConflict(world: World, s: SimState, p: Params, x: TerritoryScratch): void {
  const m = s.areas;
  const n = s.n;
  const { nbPtr, nbIdx } = world.areas;
  const { S, locR } = s;
  const { nbSum, nzPtr, nzIdx, famHead, famNext } = x;
  // Sparse presence lists and, for each group, the summed presence in the neighbours of every area.
  let q = 0;
  for (let j = 0; j < n; j++) {
    nzPtr[j] = q;
    const row = j * m;
    nbSum.fill(0, row, row + m);
    for (let b = 0; b < m; b++) {
      const sb = S[row + b];
      if (sb === 0) continue;
      nzIdx[q++] = b;
      for (let e = nbPtr[b]; e < nbPtr[b + 1]; e++) nbSum[row + nbIdx[e]] += sb;
    }
  }
  nzPtr[n] = q;
  locR.fill(0, 0, n * m);
  const spill = p.borderSpill;
  const add = (i: number, j: number, w: number) => {
    const ri = i * m;
    const rj = j * m;
    for (let k = nzPtr[i]; k < nzPtr[i + 1]; k++) {
      const a = nzIdx[k];
      const deg = nbPtr[a + 1] - nbPtr[a];
      const near = deg > 0 ? nbSum[rj + a] / deg : 0;
      locR[ri + a] += w * S[ri + a] * (S[rj + a] + spill * near);
    }
  };
  // Families (a root and its splinters) as linked lists: static rivalries hold between whole families.
  const n0 = world.groups;
  for (let i = 0; i < n; i++) famNext[i] = -1;
  for (let r = 0; r < n0; r++) famHead[r] = r;
  for (let i = n0; i < n; i++) {
    const r = s.root[i];
    famNext[i] = famNext[r];
    famNext[r] = i;
  }
  for (let r = 0; r < n0; r++) {
    for (let e = world.rvPtr[r]; e < world.rvPtr[r + 1]; e++) {
      const other = world.rvIdx[e];
      const w = world.rvW[e];
      for (let i = famHead[r]; i >= 0; i = famNext[i])
        for (let j = famHead[other]; j >= 0; j = famNext[j]) add(i, j, w);
    }
  }
  for (let e = 0; e < s.exN; e++) {
    add(s.exA[e], s.exB[e], s.exW[e]);
    add(s.exB[e], s.exA[e], s.exW[e]);
  }
  for (let i = 0; i < n; i++) {
    const row = i * m;
    if (!normalizeRow(locR, row, m)) for (let a = 0; a < m; a++) locR[row + a] = S[row + a];
  }
}

/**
 * Conflict deaths by area over the period just ended, from per-group losses with rivals (`lossR`) and
 * baseline losses (`lossB`); added into `out` (length areas).
 */
export function allocateLosses(
  s: SimState,
  lossR: Float64Array,
  lossB: Float64Array,
  out: Float64Array,
): void {
  const m = s.areas;
  for (let i = 0; i < s.n; i++) {
    const lr = lossR[i];
    const lb = lossB[i];
    if (lr === 0 && lb === 0) continue;
    const row = i * m;
    for (let a = 0; a < m; a++) out[a] += lr * s.locR[row + a] + lb * s.S[row + a];
  }
}

/** The `k` areas with the most conflict deaths (ties by area order): the hot borders to mediate. */
export function hottestAreas(conflictByArea: Float64Array, k: number): number[] {
  return Array.from(conflictByArea, (v, a) => [v, a] as const)
    .sort((x, y) => y[0] - x[0] || x[1] - y[1])
    .slice(0, k)
    .map(([, a]) => a);
}

/** Share of each group's conflict located in the mediated areas. */
export function mediatedShares(s: SimState): void {
  const m = s.areas;
  for (let i = 0; i < s.n; i++) {
    let share = 0;
    for (let k = 0; k < s.medAreaCount; k++) share += s.locR[i * m + s.medAreas[k]];
    s.medShare[i] = share;
  }
}

function normalizeRow(a: Float64Array, row: number, m: number): boolean {
  let sum = 0;
  for (let k = 0; k < m; k++) sum += a[row + k];
  if (sum <= 0) return false;
  for (let k = 0; k < m; k++) a[row + k] /= sum;
  return true;
}
