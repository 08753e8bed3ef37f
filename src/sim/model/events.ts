import { WEEKS_PER_YEAR } from '../calendar.js';
import type { Params } from '../params.js';
import type { SimState } from './state.js';
import type { World } from './world.js';

/**
 * Discrete shocks to groups: leader removals, middle-layer sweeps, splits and rivalry onsets. Each
 * returns what it did so that the engine can log it and count people removed.
 */
export type EventKind =
  | 'leader-removal'
  | 'strike'
  | 'sweep'
  | 'split'
  | 'rivalry-onset'
  | 'truce'
  | 'truce-collapse';

export interface SimEvent {
  week: number;
  kind: EventKind;
  group: number;
  other?: number;
  /** People moved to lasting incapacitation by the event. */
  detained?: number;
}

export interface OperationContext {
  /** 0–1 share of post-operation disorder damped by prepositioned forces. */
  damping: number;
  /** 0–1 share of removed leaders sent abroad. */
  abroad: number;
}

/**
 * A leader removal: cohesion falls by leaderLoss × strength, less what the leader keeps running the group
 * from a Mexican prison (none if extradited); and the group loses operating capacity (its middle layer
 * φ, leaderCapacityCut of it, regrowing at the layer's own rates) — the disruption that makes violence fall
 * at first after arrests (Phillips 2015) before succession disorder and splits raise it; and its strongest
 * rival nearby moves in (`encroachingRival`: a rivalry tie of weight rivalEncroachment).
 */
export function removeLeader(
  world: World,
  s: SimState,
  p: Params,
  g: number,
  strength: number,
  ctx: OperationContext,
): void {
  const kept = 1 - p.prisonControl * (1 - ctx.abroad);
  s.coh[g] *= 1 - Math.min(1, p.leaderLoss * strength * kept);
  s.phi[g] *= 1 - Math.min(1, p.leaderCapacityCut * strength * kept);
  s.damp[g] = Math.max(s.damp[g], ctx.damping);
  const weight = p.rivalEncroachment * strength * kept;
  if (weight > 0) {
    const r = encroachingRival(world, s, g);
    if (r >= 0) s.strengthenTie(g, r, weight, Math.LN2 / (p.encroachmentHalfLife * WEEKS_PER_YEAR));
  }
}

/**
 * The rival that moves in when group g's leader falls (Dell 2015, AER 105:1738: crackdowns hand plazas and
 * routes to rivals, and the fight for them is where violence rises): among live groups whose root is a
 * rival of g's root, the one with the most members present in g's home area and the areas next to it.
 * −1 when none is.
 */
export function encroachingRival(world: World, s: SimState, g: number): number {
  const m = s.areas;
  const home = world.home[s.root[g]];
  const root = s.root[g];
  const rival = new Uint8Array(world.groups);
  for (let e = world.rvPtr[root]; e < world.rvPtr[root + 1]; e++) rival[world.rvIdx[e]] = 1;
  let best = -1;
  let bestScore = 0;
  for (let i = 0; i < s.n; i++) {
    if (s.C[i] <= 0 || s.root[i] === root || rival[s.root[i]] === 0) continue;
    let presence = s.S[i * m + home];
    for (let e = world.areas.nbPtr[home]; e < world.areas.nbPtr[home + 1]; e++)
      presence += s.S[i * m + world.areas.nbIdx[e]];
    const score = s.C[i] * presence;
    if (score > bestScore) {
      bestScore = score;
      best = i;
    }
  }
  return best;
}

/**
 * A middle-layer sweep: removes `sweepShare` of the group's middle layer. Of those detained, the share
 * that stays incapacitated leaves the group (and goes to prison); the rest return to the base.
 * Returns the number incapacitated.
 */
export function sweepMiddleLayer(
  s: SimState,
  p: Params,
  g: number,
  lastingMult: number,
  ctx: OperationContext,
): number {
  const detained = p.sweepShare * s.phi[g] * p.midShare * s.C[g];
  const lasting = detained * Math.min(1, p.targetedLastingShare * lastingMult);
  s.C[g] -= lasting;
  s.incarcerated += lasting;
  s.phi[g] *= 1 - p.sweepShare;
  s.coh[g] *= 1 - p.leaderLoss * p.midLayerDisorder;
  s.damp[g] = Math.max(s.damp[g], ctx.damping);
  return lasting;
}

export const SPLIT_COHESION = 0.7;

/**
 * Split group g: a splinter takes `splitShare` of its members, half of its alliances, all of its
 * lasting rivalries (the static ones through `root`, the ones added during the run as copies), its
 * presence, and becomes its rival. Returns the splinter's index, or −1 if the state is full.
 */
export function splitGroup(s: SimState, p: Params, g: number): number {
  if (s.n >= s.cap) {
    s.skippedSplits++;
    return -1;
  }
  const k = s.n++;
  const moved = p.splitShare * s.C[g];
  s.C[g] -= moved;
  s.C[k] = moved;
  s.phi[k] = s.phi[g];
  // The split settles the succession dispute: each faction now has a leadership of its own, still
  // consolidating (ASSUMPTION: cohesion 0.7 for both), which also keeps splits from cascading.
  s.coh[k] = SPLIT_COHESION;
  s.coh[g] = Math.max(s.coh[g], SPLIT_COHESION);
  s.damp[k] = 0;
  s.A[g] *= 0.5;
  s.A[k] = s.A[g];
  s.parent[k] = g;
  s.root[k] = s.root[g];
  s.growthRef[k] = moved;
  s.medShare[k] = s.medShare[g];
  const m = s.areas;
  s.S.copyWithin(k * m, g * m, g * m + m);
  s.locR.copyWithin(k * m, g * m, g * m + m);
  const exN = s.exN;
  for (let e = 0; e < exN; e++) {
    // A rival's war for the fallen leader's plaza (a decaying tie) stays with the group it was waged on.
    if (s.exDecay[e] > 0) continue;
    if (s.exA[e] === g) s.addTie(k, s.exB[e], s.exW[e]);
    else if (s.exB[e] === g) s.addTie(k, s.exA[e], s.exW[e]);
  }
  s.addTie(g, k, p.splitRivalry);
  return k;
}

/** Two groups go to war: their alliance (if any) ends and a rivalry of `weight` begins. */
export function startRivalry(world: World, s: SimState, a: number, b: number, weight: number): void {
  if (a < world.groups && b < world.groups) {
    for (let e = world.alPtr[a]; e < world.alPtr[a + 1]; e++) {
      if (world.alIdx[e] === b) {
        s.A[a] = Math.max(0, s.A[a] - world.alW[e]);
        s.A[b] = Math.max(0, s.A[b] - world.alW[e]);
      }
    }
  }
  s.addTie(a, b, weight);
}

/** A group drawn (with uniform u) in proportion to size among all groups (topK = 0) or among the k largest. */
export function pickTarget(s: SimState, u: number, topK: number): number {
  let candidates: number[];
  if (topK > 0 && topK < s.n) {
    candidates = largest(s, topK);
  } else {
    candidates = [];
    for (let i = 0; i < s.n; i++) if (s.C[i] > 0) candidates.push(i);
  }
  let total = 0;
  for (const i of candidates) total += s.C[i];
  if (total <= 0) return -1;
  let left = u * total;
  for (const i of candidates) {
    left -= s.C[i];
    if (left <= 0) return i;
  }
  return candidates[candidates.length - 1];
}

/** Indices of the k largest groups (ties by index). */
export function largest(s: SimState, k: number): number[] {
  // Insertion into a short sorted list: k is small (the 5 or 10 largest) and this runs at every targeted
  // operation, where sorting all groups cost more than the operation itself.
  const top: number[] = [];
  const before = (a: number, b: number) => s.C[a] > s.C[b] || (s.C[a] === s.C[b] && a < b);
  for (let i = 0; i < s.n; i++) {
    if (!(s.C[i] > 0)) continue;
    if (top.length === k && !before(i, top[k - 1])) continue;
    let j = Math.min(top.length, k - 1);
    if (top.length < k) top.push(i);
    while (j > 0 && before(i, top[j - 1])) {
      top[j] = top[j - 1];
      j--;
    }
    top[j] = i;
  }
  return top;
}
