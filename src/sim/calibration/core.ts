import type { GroupNetwork } from '../../data/cartel-network.js';
import { yearToWeek } from '../calendar.js';
import { EventDraws } from '../draws.js';
import { advance, createSimulation } from '../engine.js';
import { buildWorld, type World } from '../model/world.js';
import { centralParams, type Params, sampleParams } from '../params.js';
import { substream } from '../rng.js';
import { MechanismsSchema } from '../scenario/schema.js';

/**
 * Calibrate the extended model's recruitment and conflict scales (`rhoScale`, `thetaScale`).
 *
 * The paper's ρ and θ were fitted to 2012–2022 without leader removals, splits or history shocks. The
 * extended status quo adds them, which adds conflict; these two multipliers bring its average 2012→2022
 * path back to the paper model's: members at the start of 2022 and conflict deaths during 2021, computed
 * by the same engine with every extension off and the paper's parameters. Solved with Newton's method on
 * Monte Carlo averages (common random numbers, so the averages are smooth in the scales).
 */
export interface CoreTargets {
  members2022: number;
  deaths2021: number;
}

export interface CoreCalibration {
  rhoScale: number;
  thetaScale: number;
  targets: CoreTargets;
  achieved: CoreTargets;
  iterations: number;
  runs: number;
}

const MONTH = 365.2425 / 7 / 12;

function measure(
  world: World,
  params: Params[],
  mechanisms: ReturnType<typeof MechanismsSchema.parse>,
  seed: number,
): CoreTargets {
  let members = 0;
  let deaths = 0;
  params.forEach((p, r) => {
    const sim = createSimulation({
      world,
      params: p,
      mechanisms,
      bounds: new Float64Array(0),
      byArea: false,
      draws: EventDraws.of(seed, r, 'history'),
    });
    const from = yearToWeek(2021);
    sim.onStep = (x) => {
      if (x.state.model.week > from + 1e-9) deaths += x.scratch.dynamics.flows.deaths * MONTH;
    };
    advance(sim, 0, yearToWeek(2022), MONTH);
    members += sim.state.model.totalMembers();
  });
  return { members2022: members / params.length, deaths2021: deaths / params.length };
}

/** The paper model's 2022 members and 2021 conflict deaths (central parameters, no extension). */
export function paperTargets(network: GroupNetwork): CoreTargets {
  const world = buildWorld(network);
  const off = MechanismsSchema.parse({
    layers: false,
    leadership: false,
    territory: false,
    economy: false,
    firearms: false,
    drugs: false,
    cooperation: false,
    history: false,
  });
  return measure(world, [{ ...centralParams(), rhoScale: 1, thetaScale: 1 }], off, 0);
}

export function calibrateCore(
  network: GroupNetwork,
  options: { runs?: number; seed?: number; fixed?: Partial<Params> } = {},
): CoreCalibration {
  const world = buildWorld(network);
  const runs = options.runs ?? 32;
  const seed = options.seed ?? 1;
  const targets = paperTargets(network);
  const full = MechanismsSchema.parse({});
  const draws = Array.from({ length: runs }, (_, r) =>
    sampleParams(substream(seed, r, 'params'), options.fixed),
  );
  const evaluate = (x: [number, number]) =>
    measure(
      world,
      draws.map((p) => ({ ...p, rhoScale: x[0], thetaScale: x[1] })),
      full,
      seed,
    );
  const residual = (a: CoreTargets) => [
    Math.log(a.members2022 / targets.members2022),
    Math.log(a.deaths2021 / targets.deaths2021),
  ];
  // The averages are slightly noisy in the scales (discrete events), so differences use a wide step,
  // Newton steps are damped, and the best point seen is kept. Tolerance 0.5% on both targets.
  const norm = (f: number[]) => Math.hypot(f[0], f[1]);
  let x: [number, number] = [1, 1];
  let achieved = evaluate(x);
  let best = { x, achieved, err: norm(residual(achieved)) };
  let iterations = 0;
  for (; iterations < 15 && best.err > 0.005; iterations++) {
    x = best.x;
    const f = residual(best.achieved);
    const h = 0.05;
    const fr = residual(evaluate([x[0] * (1 + h), x[1]]));
    const ft = residual(evaluate([x[0], x[1] * (1 + h)]));
    const j = [
      [(fr[0] - f[0]) / Math.log1p(h), (ft[0] - f[0]) / Math.log1p(h)],
      [(fr[1] - f[1]) / Math.log1p(h), (ft[1] - f[1]) / Math.log1p(h)],
    ];
    const det = j[0][0] * j[1][1] - j[0][1] * j[1][0];
    const d0 = (j[1][1] * f[0] - j[0][1] * f[1]) / det;
    const d1 = (-j[1][0] * f[0] + j[0][0] * f[1]) / det;
    const clamp = (d: number) => Math.max(-0.3, Math.min(0.3, d));
    x = [x[0] * Math.exp(-clamp(d0)), x[1] * Math.exp(-clamp(d1))];
    achieved = evaluate(x);
    const err = norm(residual(achieved));
    if (err < best.err) best = { x, achieved, err };
  }
  x = best.x;
  achieved = best.achieved;
  return { rhoScale: x[0], thetaScale: x[1], targets, achieved, iterations, runs };
}
