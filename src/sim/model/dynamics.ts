import type { SimState } from './state.js';
import type { World } from './world.js';

/**
 * The members equation of Prieto-Curiel, Campedelli & Hope (2023), extended with per-group factors:
 *
 *   dC_i/dt = C_i · [ ρ_i − η/T − v_i · Σ_{j≠i} (R_ij + 1) x_j − ω C_i ],   T = Σ C,  x_j = a_j C_j
 *
 * with v_i = θ · u_i · m_i / (A_i + 1) (vulnerability: lethality, succession disorder, mediation) and a_j the
 * fighting capacity of group j. With every factor at 1 this is exactly the paper's equation, since
 * K_ij = (R_ij + 1)/(A_i + 1). The sum is computed as (R x)_i + X − x_i, so a step costs O(groups + ties)
 * instead of O(groups²).
 *
 * Integrated with classic RK4 on a one-week step (the paper's unit); the per-group factors are held
 * constant within a step and updated between steps (operator splitting), since they move on time scales
 * of months.
 */
export interface StepFactors {
  /** ρ_i: recruitment per member per week. */
  rho: Float64Array;
  /** v_i. */
  vul: Float64Array;
  /** a_i. */
  atk: Float64Array;
  /** η: members incapacitated per week, shared in proportion to size. */
  eta: number;
  omega: number;
}

/** Flows during one step, RK4-weighted averages in members per week. */
export interface StepFlows {
  deaths: number;
  recruits: number;
  incapacitated: number;
  saturation: number;
}

export class DynamicsWorkspace {
  readonly factors: StepFactors;
  readonly flows: StepFlows = { deaths: 0, recruits: 0, incapacitated: 0, saturation: 0 };
  /** Per-group conflict losses in the last step: with rivals, and the baseline (+1) term. */
  readonly lossR: Float64Array;
  readonly lossB: Float64Array;
  /** Per-group deaths inflicted on others in the last step (only when `trackInflicted`). */
  readonly inflicted: Float64Array;
  trackInflicted = false;
  private readonly x: Float64Array;
  private readonly rx: Float64Array;
  private readonly xf: Float64Array;
  private readonly k: Float64Array[];
  private readonly tmp: Float64Array;
  private readonly stageC: Float64Array;

  constructor(cap: number) {
    this.factors = {
      rho: new Float64Array(cap),
      vul: new Float64Array(cap),
      atk: new Float64Array(cap),
      eta: 0,
      omega: 0,
    };
    this.lossR = new Float64Array(cap);
    this.lossB = new Float64Array(cap);
    this.inflicted = new Float64Array(cap);
    this.x = new Float64Array(cap);
    this.rx = new Float64Array(cap);
    this.xf = new Float64Array(cap);
    this.k = [0, 1, 2, 3].map(() => new Float64Array(cap));
    this.tmp = new Float64Array(cap);
    this.stageC = new Float64Array(cap);
  }

  /**
   * dC/dt at `C` into `out`; adds `weight` × this stage's flows to the step accumulators.
   */
  private rhs(world: World, s: SimState, C: Float64Array, out: Float64Array, weight: number): void {
    const n = s.n;
    const { rho, vul, atk } = this.factors;
    const { x, rx, lossR, lossB } = this;
    let T = 0;
    let X = 0;
    for (let i = 0; i < n; i++) {
      const c = Math.max(C[i], 0);
      T += c;
      const xi = atk[i] * c;
      x[i] = xi;
      X += xi;
    }
    // (R x)_i over the static ties of the starting groups. A splinter inherits its root's static row, and
    // a rival sees the root's whole family (root and splinters) through xf.
    const n0 = world.groups;
    const root = s.root;
    const xf = this.xf;
    for (let i = 0; i < n0; i++) xf[i] = x[i];
    for (let i = n0; i < n; i++) xf[root[i]] += x[i];
    const rvPtr = world.rvPtr;
    const rvIdx = world.rvIdx;
    const rvW = world.rvW;
    for (let i = 0; i < n0; i++) {
      let acc = 0;
      const end = rvPtr[i + 1];
      for (let e = rvPtr[i]; e < end; e++) acc += rvW[e] * xf[rvIdx[e]];
      rx[i] = acc;
    }
    for (let i = n0; i < n; i++) rx[i] = rx[root[i]];
    const exA = s.exA;
    const exB = s.exB;
    const exW = s.exW;
    for (let e = 0, exN = s.exN; e < exN; e++) {
      const a = exA[e];
      const b = exB[e];
      const w = exW[e];
      rx[a] += w * x[b];
      rx[b] += w * x[a];
    }
    const eta = this.factors.eta;
    const omega = this.factors.omega;
    const etaPerMember = T > 0 ? eta / T : 0;
    let deaths = 0;
    let recruits = 0;
    let sat = 0;
    for (let i = 0; i < n; i++) {
      const c = Math.max(C[i], 0);
      const v = vul[i] * c;
      const lr = v * rx[i];
      const lb = v * (X - x[i]);
      const satI = omega * c * c;
      const ri = rho[i] * c;
      out[i] = ri - etaPerMember * c - lr - lb - satI;
      deaths += lr + lb;
      recruits += ri;
      sat += satI;
      lossR[i] += weight * lr;
      lossB[i] += weight * lb;
    }
    const fl = this.flows;
    fl.deaths += weight * deaths;
    fl.recruits += weight * recruits;
    fl.incapacitated += weight * (T > 0 ? eta : 0);
    fl.saturation += weight * sat;
    if (this.trackInflicted) this.addInflicted(world, s, C, weight);
  }

  /** Deaths group j inflicts: x_j · Σ_i v_i C_i (R_ij + 1), i ≠ j (static ties through roots, as in rhs). */
  private addInflicted(world: World, s: SimState, C: Float64Array, weight: number): void {
    const n = s.n;
    const f = this.factors;
    const vc = this.tmp;
    const vf = this.xf; // reused: v·C summed over each root's family
    let V = 0;
    for (let i = 0; i < n; i++) {
      vc[i] = f.vul[i] * Math.max(C[i], 0);
      V += vc[i];
    }
    for (let i = 0; i < world.groups; i++) vf[i] = vc[i];
    for (let i = world.groups; i < n; i++) vf[s.root[i]] += vc[i];
    const { rvPtr, rvIdx, rvW } = world;
    for (let j = 0; j < n; j++) {
      let acc = V - vc[j];
      const r = s.root[j];
      for (let e = rvPtr[r], end = rvPtr[r + 1]; e < end; e++) acc += rvW[e] * vf[rvIdx[e]];
      this.inflicted[j] += weight * this.x[j] * acc;
    }
    for (let e = 0; e < s.exN; e++) {
      const a = s.exA[e];
      const b = s.exB[e];
      this.inflicted[a] += weight * this.x[a] * s.exW[e] * vc[b];
      this.inflicted[b] += weight * this.x[b] * s.exW[e] * vc[a];
    }
  }

  /**
   * Advance members by `dt` weeks (RK4). Flows and per-group losses are left in this workspace as
   * per-week averages over the step.
   */
  step(world: World, s: SimState, dt = 1): void {
    const n = s.n;
    const C = s.C;
    const [k1, k2, k3, k4] = this.k;
    const fl = this.flows;
    fl.deaths = 0;
    fl.recruits = 0;
    fl.incapacitated = 0;
    fl.saturation = 0;
    this.lossR.fill(0, 0, n);
    this.lossB.fill(0, 0, n);
    if (this.trackInflicted) this.inflicted.fill(0, 0, n);
    const w6 = 1 / 6;
    const y = this.stageC;
    const h = 0.5 * dt;
    this.rhs(world, s, C, k1, w6);
    for (let i = 0; i < n; i++) y[i] = C[i] + h * k1[i];
    this.rhs(world, s, y, k2, 2 * w6);
    for (let i = 0; i < n; i++) y[i] = C[i] + h * k2[i];
    this.rhs(world, s, y, k3, 2 * w6);
    for (let i = 0; i < n; i++) y[i] = C[i] + dt * k3[i];
    this.rhs(world, s, y, k4, w6);
    const d6 = dt * w6;
    for (let i = 0; i < n; i++) {
      const next = C[i] + d6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
      C[i] = next > 1e-9 ? next : 0;
    }
  }
}
