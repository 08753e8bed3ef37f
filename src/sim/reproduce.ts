import type { GroupNetwork } from '../data/cartel-network.js';
import { DynamicsWorkspace } from './model/dynamics.js';
import { SimState } from './model/state.js';
import { buildWorld, type World } from './model/world.js';
import { centralParams, type Params } from './params.js';

/**
 * Reproduction of Prieto-Curiel, Campedelli & Hope (2023), Science 381:1312: the 150-group model run
 * for 520 weeks from 2012 (115,000 members), then 260 more weeks under four policies. Only the core
 * equation runs here (no layers, territory or other extensions), with the cited central parameters.
 */
export interface PaperScenarioResult {
  id: 'statusQuo' | 'halfRecruitment' | 'doubleIncapacitation' | 'zeroRecruitment';
  title: string;
  members: number;
  weeklyVictims: number;
  membersChange: number;
  victimsChange: number;
  /** The paper's published figure, where it gives one (fractions). */
  published?: { membersChange?: number; victimsChange?: number };
}

export interface ReproductionResult {
  source: string;
  members2012: number;
  weeklyVictims2012: number;
  members2022: number;
  weeklyVictims2022: number;
  published: { members2022: number; members2022Range: [number, number] };
  scenarios: PaperScenarioResult[];
}

/**
 * The paper's headline figures (abstract and press summaries of the paper): 160,000–185,000 members in
 * 2022; by 2027 under the status quo members +26% and weekly victims +40%; halving recruitment −11%
 * members and −25% victims; doubling incapacitation does not lower violence.
 */
export const PUBLISHED = {
  members2022: 175000,
  members2022Range: [160000, 185000] as [number, number],
  statusQuo: { membersChange: 0.26, victimsChange: 0.4 },
  halfRecruitment: { membersChange: -0.11, victimsChange: -0.25 },
};

export function reproducePrietoCuriel(
  network: GroupNetwork,
  params: Params = centralParams(),
): ReproductionResult {
  const world = buildWorld(network);
  const s = SimState.initial(world, params);
  const ws = new DynamicsWorkspace(s.cap);
  const victims0 = runWeeks(world, s, ws, params, 0, 1, 1);
  const members2012 = params.members2012;
  runWeeks(world, s, ws, params, 520, 1, 1);
  const members2022 = s.totalMembers();
  const victims2022 = runWeeks(world, s.clone(), ws, params, 0, 1, 1);
  const variants: [PaperScenarioResult['id'], string, number, number][] = [
    ['statusQuo', 'Status quo', 1, 1],
    ['halfRecruitment', 'Halve recruitment', 0.5, 1],
    ['doubleIncapacitation', 'Double incapacitation', 1, 2],
    ['zeroRecruitment', 'Stop recruitment', 0, 1],
  ];
  const scenarios = variants.map(([id, title, rhoMult, etaMult]) => {
    const b = s.clone();
    const victims = runWeeks(world, b, ws, params, 260, rhoMult, etaMult);
    const members = b.totalMembers();
    const published = id === 'statusQuo' || id === 'halfRecruitment' ? PUBLISHED[id] : undefined;
    return {
      id,
      title,
      members,
      weeklyVictims: victims,
      membersChange: members / members2022 - 1,
      victimsChange: victims / victims2022 - 1,
      published,
    };
  });
  return {
    source: network.source.description,
    members2012,
    weeklyVictims2012: victims0,
    members2022,
    weeklyVictims2022: victims2022,
    published: { members2022: PUBLISHED.members2022, members2022Range: PUBLISHED.members2022Range },
    scenarios,
  };
}

/**
 * Run `weeks` steps of the core equation; returns the weekly victims (θ Cᵀ K C) at the final state.
 */
function runWeeks(
  world: World,
  s: SimState,
  ws: DynamicsWorkspace,
  p: Params,
  weeks: number,
  rhoMult: number,
  etaMult: number,
): number {
  const f = ws.factors;
  for (let i = 0; i < s.n; i++) {
    f.rho[i] = p.rho * rhoMult;
    f.atk[i] = 1;
    f.vul[i] = p.theta / (s.A[i] + 1);
  }
  f.eta = p.eta * etaMult;
  f.omega = p.omega;
  for (let w = 0; w < weeks; w++) ws.step(world, s);
  // Victims at the final state: one zero-length evaluation of the conflict term.
  return instantVictims(world, s, p);
}

function instantVictims(world: World, s: SimState, p: Params): number {
  let T = 0;
  for (let i = 0; i < s.n; i++) T += s.C[i];
  let total = 0;
  for (let i = 0; i < s.n; i++) {
    let rc = 0;
    for (let e = world.rvPtr[i]; e < world.rvPtr[i + 1]; e++) rc += world.rvW[e] * s.C[world.rvIdx[e]];
    total += (p.theta * s.C[i] * (rc + T - s.C[i])) / (s.A[i] + 1);
  }
  return total;
}
