import type { Params } from '../params.js';
import type { World } from './world.js';

/** Room for splinter groups beyond the starting groups (a split past this is skipped and counted). */
export const MAX_SPLITS = 320;
/** Room for ties created by splits and rivalry onsets. */
export const MAX_EXTRA_TIES = 8192;

const ARRAY_FIELDS = [
  'C',
  'phi',
  'coh',
  'damp',
  'A',
  'parent',
  'root',
  'exA',
  'exB',
  'exW',
  'exDecay',
  'S',
  'locR',
  'medShare',
  'growthRef',
  'medAreas',
] as const satisfies readonly (keyof SimState)[];

/**
 * Everything that changes during a run, in typed arrays sized once. `clone()` lets every scenario of a
 * Monte Carlo run branch from the same simulated history (2012 → policy start) instead of re-running it.
 */
export class SimState {
  readonly cap: number;
  readonly areas: number;
  /** Groups in use (starting groups + splinters). */
  n: number;
  week = 0;
  /** C_i: members. */
  C: Float64Array;
  /** φ_i: middle layer relative to its target share (1 = complete). */
  phi: Float64Array;
  /** ℓ_i: leadership cohesion (1 = intact). */
  coh: Float64Array;
  /** Share of post-operation disorder damped by prepositioned forces. */
  damp: Float64Array;
  /** A_i: alliance strength (changes with splits and broken alliances). */
  A: Float64Array;
  /** Group a splinter came from (−1 for starting groups). */
  parent: Int32Array;
  /**
   * The starting group whose static rivalries a group inherits (itself for starting groups). A splinter
   * keeps its parent's rivals without copying the ties: rivals see the family's combined strength.
   */
  root: Int32Array;
  /** Dynamic rivalries (splits, onsets), undirected. */
  exA: Int32Array;
  exB: Int32Array;
  exW: Float64Array;
  /**
   * Weekly decay rate of each dynamic tie (0: permanent). A rival's encroachment after a leader falls is a
   * war for a plaza that subsides; splits and rivalry onsets are lasting.
   */
  exDecay: Float64Array;
  exN = 0;
  /** Presence shares S[i·areas + a] (rows sum to 1). */
  S: Float64Array;
  /** Where group i's conflict with its rivals takes place (rows sum to 1). */
  locR: Float64Array;
  /** Share of group i's conflict located in mediated areas. */
  medShare: Float64Array;
  /** Members at the last territorial update (growth drives spread). */
  growthRef: Float64Array;
  /** Cartel members incarcerated (lasting incapacitation). */
  incarcerated = 0;
  /** Firearms stock relative to the 2012 steady state. */
  guns = 1;
  /** US–Mexico cooperation index. */
  coop = 0.5;
  /** Mediation: 0 = never started, 1 = active, 2 = collapsed. */
  medStatus = 0;
  medStart = 0;
  medCollapse = 0;
  medAreas: Int32Array;
  medAreaCount = 0;
  /** Splits skipped because the state was full (reported as a warning). */
  skippedSplits = 0;
  /** 1 when `locR` is out of date (presence changed and nothing needed it yet). */
  locStale = 0;

  constructor(cap: number, areas: number, n: number) {
    this.cap = cap;
    this.areas = areas;
    this.n = n;
    this.C = new Float64Array(this.cap);
    this.phi = new Float64Array(this.cap);
    this.coh = new Float64Array(this.cap);
    this.damp = new Float64Array(this.cap);
    this.A = new Float64Array(this.cap);
    this.parent = new Int32Array(this.cap).fill(-1);
    this.root = new Int32Array(this.cap);
    this.exA = new Int32Array(MAX_EXTRA_TIES);
    this.exB = new Int32Array(MAX_EXTRA_TIES);
    this.exW = new Float64Array(MAX_EXTRA_TIES);
    this.exDecay = new Float64Array(MAX_EXTRA_TIES);
    this.S = new Float64Array(this.cap * this.areas);
    this.locR = new Float64Array(this.cap * this.areas);
    this.medShare = new Float64Array(this.cap);
    this.growthRef = new Float64Array(this.cap);
    this.medAreas = new Int32Array(this.areas);
  }

  /** The state at 1 January 2012. */
  static initial(world: World, p: Params): SimState {
    const s = new SimState(world.groups + MAX_SPLITS, world.areas.ids.length, world.groups);
    for (let i = 0; i < world.groups; i++) {
      s.C[i] = world.initialShare[i] * p.members2012;
      s.phi[i] = 1;
      s.coh[i] = 1;
      s.A[i] = world.allianceStrength[i];
      s.growthRef[i] = s.C[i];
      s.root[i] = i;
    }
    s.incarcerated = p.eta * 52 * p.sentenceYears;
    s.coop = p.cooperationBase;
    return s;
  }

  /** A deep copy with the same hidden class (so hot code stays monomorphic). */
  clone(): SimState {
    return new SimState(this.cap, this.areas, this.n).copyFrom(this);
  }

  /** Overwrite this state with another of the same size (no allocation). */
  copyFrom(o: SimState): this {
    this.n = o.n;
    this.week = o.week;
    this.exN = o.exN;
    this.incarcerated = o.incarcerated;
    this.guns = o.guns;
    this.coop = o.coop;
    this.medStatus = o.medStatus;
    this.medStart = o.medStart;
    this.medCollapse = o.medCollapse;
    this.medAreaCount = o.medAreaCount;
    this.skippedSplits = o.skippedSplits;
    this.locStale = o.locStale;
    for (const key of ARRAY_FIELDS) (this[key] as Float64Array).set(o[key] as Float64Array);
    return this;
  }

  totalMembers(): number {
    let t = 0;
    for (let i = 0; i < this.n; i++) t += this.C[i];
    return t;
  }

  /** Groups with at least `min` members. */
  activeGroups(min: number): number {
    let k = 0;
    for (let i = 0; i < this.n; i++) if (this.C[i] >= min) k++;
    return k;
  }

  /**
   * Add weight w to the tie between a and b added during the run, or add one: repeated shocks between the
   * same two groups deepen one rivalry instead of piling up ties (each of which the dynamics visit every
   * step, and a split copies).
   */
  strengthenTie(a: number, b: number, w: number, decay = 0): boolean {
    for (let e = 0; e < this.exN; e++) {
      if ((this.exA[e] === a && this.exB[e] === b) || (this.exA[e] === b && this.exB[e] === a)) {
        this.exW[e] += w;
        return true;
      }
    }
    return this.addTie(a, b, w, decay);
  }

  addTie(a: number, b: number, w: number, decay = 0): boolean {
    if (this.exN >= MAX_EXTRA_TIES) return false;
    this.exA[this.exN] = a;
    this.exB[this.exN] = b;
    this.exW[this.exN] = w;
    this.exDecay[this.exN] = decay;
    this.exN++;
    return true;
  }

  /**
   * Decaying ties lose weight over dt weeks; one that has faded (weight below `floor`) is dropped, the last
   * tie moved into its place (the dynamics visit every tie each step; order does not matter to them).
   */
  decayTies(dt: number, floor: number): void {
    for (let e = 0; e < this.exN; ) {
      const k = this.exDecay[e];
      if (k > 0) {
        this.exW[e] *= Math.exp(-k * dt);
        if (this.exW[e] < floor) {
          const last = --this.exN;
          this.exA[e] = this.exA[last];
          this.exB[e] = this.exB[last];
          this.exW[e] = this.exW[last];
          this.exDecay[e] = this.exDecay[last];
          continue;
        }
      }
      e++;
    }
  }
}
