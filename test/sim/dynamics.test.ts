import { describe, expect, it } from 'vitest';
import { builtinGroupNetwork } from '../../src/data/builtin-network.js';
import { DynamicsWorkspace } from '../../src/sim/model/dynamics.js';
import { SimState } from '../../src/sim/model/state.js';
import { buildWorld } from '../../src/sim/model/world.js';
import { centralParams } from '../../src/sim/params.js';
import { createRng } from '../../src/sim/rng.js';

const world = buildWorld(builtinGroupNetwork());
const p = centralParams();

/** A state with random sizes, factors and a few dynamic ties. */
function randomState(seed: number) {
  const rng = createRng(seed);
  const s = SimState.initial(world, p);
  const ws = new DynamicsWorkspace(s.cap);
  s.n = world.groups + 3;
  // Three splinters, of groups 0, 1 and of the first splinter (root 0).
  s.root[world.groups] = 0;
  s.root[world.groups + 1] = 1;
  s.root[world.groups + 2] = 0;
  for (let i = 0; i < s.n; i++) {
    s.C[i] = 10 + 3000 * rng.next();
    s.A[i] = i < world.groups ? world.allianceStrength[i] : 2 * rng.next();
    ws.factors.rho[i] = p.rho * (0.5 + rng.next());
    ws.factors.atk[i] = 0.5 + rng.next();
    ws.factors.vul[i] = (p.theta * (0.5 + rng.next())) / (s.A[i] + 1);
  }
  ws.factors.eta = p.eta;
  ws.factors.omega = p.omega;
  s.addTie(world.groups, 0, 4);
  s.addTie(world.groups + 1, world.groups + 2, 2);
  s.addTie(3, world.groups + 2, 1.5);
  return { s, ws };
}

/** The same right-hand side, written the slow, obvious way with the dense K matrix. */
function bruteForce(s: SimState, ws: DynamicsWorkspace): number[] {
  const n = s.n;
  const R = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  // Static ties hold between families: every member inherits its root's row.
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const ri = s.root[i];
      for (let e = world.rvPtr[ri]; e < world.rvPtr[ri + 1]; e++)
        if (world.rvIdx[e] === s.root[j]) R[i][j] += world.rvW[e];
    }
  }
  for (let e = 0; e < s.exN; e++) {
    R[s.exA[e]][s.exB[e]] += s.exW[e];
    R[s.exB[e]][s.exA[e]] += s.exW[e];
  }
  const T = s.C.subarray(0, n).reduce((a, b) => a + b, 0);
  const f = ws.factors;
  return Array.from({ length: n }, (_, i) => {
    let conflict = 0;
    for (let j = 0; j < n; j++) if (j !== i) conflict += (R[i][j] + 1) * f.atk[j] * s.C[j];
    return s.C[i] * (f.rho[i] - f.eta / T - f.vul[i] * conflict - f.omega * s.C[i]);
  });
}

describe('members dynamics', () => {
  it('the O(groups + ties) right-hand side equals the dense formula', () => {
    const { s, ws } = randomState(3);
    const expected = bruteForce(s, ws);
    const before = s.C.slice();
    const dt = 1e-4; // a tiny step: ΔC/dt ≈ dC/dt
    ws.step(world, s, dt);
    for (let i = 0; i < s.n; i++) {
      const got = (s.C[i] - before[i]) / dt;
      expect(Math.abs(got - expected[i]) / Math.max(1, Math.abs(expected[i]))).toBeLessThan(1e-6);
    }
  });

  it('flows balance: the change in members equals recruits − incapacitated − deaths − saturation', () => {
    const { s, ws } = randomState(5);
    const before = s.totalMembers();
    const dt = 4.35;
    ws.step(world, s, dt);
    const f = ws.flows;
    expect(s.totalMembers() - before).toBeCloseTo(
      (f.recruits - f.incapacitated - f.deaths - f.saturation) * dt,
      6,
    );
    let losses = 0;
    for (let i = 0; i < s.n; i++) losses += ws.lossR[i] + ws.lossB[i];
    expect(losses).toBeCloseTo(f.deaths, 6);
  });

  it('never makes a group negative, even when conflict would wipe it out', () => {
    const { s, ws } = randomState(8);
    s.C[5] = 0.5;
    ws.factors.vul[5] = 1e-3;
    for (let k = 0; k < 50; k++) ws.step(world, s, 4.35);
    for (let i = 0; i < s.n; i++) expect(s.C[i]).toBeGreaterThanOrEqual(0);
  });
});

describe('step size', () => {
  it('one-month RK4 steps give the same members as one-week steps (within 0.01%) over 15 years', () => {
    const run = (dt: number) => {
      const s = SimState.initial(world, p);
      const ws = new DynamicsWorkspace(s.cap);
      for (let i = 0; i < s.n; i++) {
        ws.factors.rho[i] = p.rho;
        ws.factors.atk[i] = 1;
        ws.factors.vul[i] = p.theta / (s.A[i] + 1);
      }
      ws.factors.eta = p.eta;
      ws.factors.omega = p.omega;
      const end = 15 * (365.2425 / 7);
      for (let t = 0; t < end - 1e-9; t += dt) ws.step(world, s, Math.min(dt, end - t));
      return s.totalMembers();
    };
    const weekly = run(1);
    expect(Math.abs(run(365.2425 / 7 / 12) / weekly - 1)).toBeLessThan(1e-4);
  });
});
