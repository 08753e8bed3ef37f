import { type AnchorSpec, anchorAtParticle, applyAnchor, drawAnchor } from './assimilate/anchor.js';
import { WEEKS_PER_YEAR, weekToYear, yearMonthToWeek, yearToWeek } from './calendar.js';
import { DRAW, type EventDraws } from './draws.js';
import { HISTORY } from './history.js';
import { type DrugMultipliers, drugMultipliers } from './model/drugs.js';
import {
  bootstrapHomicides,
  fitHomicides,
  type HomicideFit,
  type HomicideInputs,
  residualPath,
} from './model/homicides.js';
import { PeriodAccumulator } from './model/periods.js';
import { SimState } from './model/state.js';
import {
  allocateLosses,
  hottestAreas,
  initPresence,
  locateConflict,
  mediatedShares,
  spreadPresence,
} from './model/territory.js';
import type { World } from './model/world.js';
import { historyEvents, leadershipEvents, stepKey, sweepEvents } from './operations.js';
import { type BranchResult, confront, finalize, operatingCapacity, record } from './outputs.js';
import type { Params } from './params.js';
import { type CompiledPolicies, compilePolicies } from './policy/compile.js';
import { type Effects, neutralEffects, resetEffects } from './policy/effects.js';
import type { Rng } from './rng.js';
import type { Scenario } from './scenario/schema.js';
import {
  CAL_FLOWS,
  type Calibration,
  createScratch,
  Recorder,
  type ResolvedHistory,
  type Simulation,
  type SimulationConfig,
  type SimulationOptions,
  SimulationState,
} from './simulation.js';

export type { Simulation, SimulationConfig, SimulationOptions } from './simulation.js';

/**
 * One simulation run: the history from 2012 to the policy start, then one branch per scenario.
 *
 * Pipeline of a week (`step`): policies → cooperation and firearms → revenue, intelligence, lethality →
 * mediation → per-group factors → members (RK4) and the prison stock → flows recorded → discrete events
 * → middle layer and leadership recover → yearly territory update. Each mechanism can be switched off
 * (`Mechanisms`), which leaves its factor at 1. The simulation's parts (configuration, state, recorder,
 * scratch) are defined in simulation.ts.
 */

export interface RunOptions {
  world: World;
  /** Scenarios sharing one history: same start, mechanisms and parameters. */
  scenarios: readonly Scenario[];
  params: Params;
  /** Report grid (period bounds in weeks) and labels. */
  bounds: Float64Array;
  /** Per-area homicides (one row per period). */
  byArea: boolean;
  /** Observed national homicides for the per-run calibration. */
  observed: readonly { year: number; value: number }[];
  /** Event draws before the policy start, and after it (the same for every scenario: common random numbers). */
  historyDraws: EventDraws;
  futureDraws: EventDraws;
  /** Calibration bootstrap and residual innovations (none: the central fit and expected residual path). */
  rngCalibration: Rng | undefined;
  /** Homicides from the present (assimilate/anchor.ts): the anchor and this run's draws of it. */
  anchor?: { spec: AnchorSpec; rng: Rng; sign: 1 | -1 };
  /**
   * Start from a draw of the filtered posterior (assimilate/posterior.ts) instead of 2012: the run's
   * engine as the filter left it at the end of the last filtered month (`week`), with that particle's
   * parameters (`params` is then unused), and its filtered present (`levels` by area in the world's
   * order, per year, at `midYear`), which the anchor then holds. `prepare` must be called on the engine
   * before its history runs.
   */
  present?: (
    options: SimulationOptions,
    prepare: (sim: Simulation) => void,
  ) => { sim: Simulation; week: number; levels: Float64Array; midYear: number };
  logEvents?: boolean;
  /** Track deaths each group inflicts (calibration harness). */
  trackInflicted?: boolean;
  /** Step in weeks (default one month, 52.1775/12; one week for weekly results). */
  dt?: number;
}

export interface RunResult {
  fit: HomicideFit;
  branches: BranchResult[];
}

export function runSimulation(opts: RunOptions): RunResult {
  const { world, params: p } = opts;
  const first = opts.scenarios[0];
  const dt = opts.dt ?? WEEKS_PER_YEAR / 12;
  const startWeek = Math.ceil(yearMonthToWeek(first.start) / dt - 1e-9) * dt;
  const startYear = weekToYear(startWeek);
  const calYears: number[] = [];
  for (let y = 2012; y + 1 <= Math.min(startYear, 2025) + 1e-9; y++) calYears.push(y);
  const calBounds = Float64Array.from([...calYears, (calYears.at(-1) ?? 2011) + 1], (y) => yearToWeek(y));
  const options: SimulationOptions = {
    world,
    params: p,
    mechanisms: first.mechanisms,
    bounds: opts.bounds,
    byArea: opts.byArea,
    draws: opts.historyDraws,
    logEvents: opts.logEvents,
    trackInflicted: opts.trackInflicted,
  };
  const calibration = new PeriodAccumulator(
    calYears.length > 0 ? calBounds : new Float64Array(0),
    CAL_FLOWS,
    [],
  );
  // The trunk: the history up to the policy start, which every scenario's branch forks from.
  let trunk: Simulation;
  let from = 0;
  let anchor = opts.anchor?.spec;
  if (opts.present) {
    const present = opts.present(options, (sim) => {
      sim.recorder.calibration = calibration;
    });
    if (present.week > startWeek + 1e-6)
      throw new Error(
        'the filtered posterior runs past the scenario start: filter only up to the month before it',
      );
    trunk = present.sim;
    from = present.week;
    if (anchor) anchor = anchorAtParticle(anchor, present, world.areas.ids);
    // Months between the last filtered one and the start: the run's own events, the driver held.
    trunk.draws = opts.historyDraws;
  } else {
    trunk = createSimulation(options);
    trunk.recorder.calibration = calibration;
  }
  advance(trunk, from, startWeek, dt);
  // Reference levels at the policy start, shared by every branch.
  const { state } = trunk;
  state.referenceDrugFlow = rawDrugFlow(trunk, neutralEffects());
  if (!(state.referenceCapacity > 0)) state.referenceCapacity = operatingCapacity(state.model);

  const fit = calibrate(trunk.recorder.calibration!, calYears, opts);
  const endWeeks = opts.scenarios.map((sc) => yearToWeek(startYear + sc.years));
  const lastYear = Math.ceil(weekToYear(Math.max(...endWeeks)));
  const residuals = residualPath(fit, lastYear, opts.rngCalibration);
  let reusable: Simulation | undefined;
  const lastWeek = Math.max(...endWeeks);
  // With an anchor: the same history and events without any policy, what each scenario's change is
  // measured against. A scenario without policies that runs as long is the same branch: it takes a copy
  // of it instead of running it again (the status quo, in every comparison).
  let base: BranchResult | undefined;
  if (opts.anchor && anchor) {
    const b = forkSimulation(trunk, opts.futureDraws, compilePolicies([], first.start), reusable);
    reusable = b;
    advance(b, startWeek, lastWeek, dt);
    base = finalize(b, fit, residuals, startWeek);
  }
  const branches = opts.scenarios.map((sc, k) => {
    if (base && sc.policies.length === 0 && endWeeks[k] === lastWeek) return structuredClone(base);
    // Branches run one after the other and are read by `finalize` before the next: one set of buffers.
    const b = forkSimulation(trunk, opts.futureDraws, compilePolicies(sc.policies, sc.start), reusable);
    reusable = b;
    advance(b, startWeek, endWeeks[k], dt);
    return finalize(b, fit, residuals, startWeek);
  });
  if (opts.anchor && anchor && base) {
    const { rng, sign } = opts.anchor;
    const draw = drawAnchor(anchor, periodMidYears(opts.bounds), rng, sign);
    for (const result of branches) applyAnchor(result, base, draw, anchor, opts.bounds, world.areas.ids);
  }
  return { fit, branches };
}

/** Midpoints of the reporting periods, in fractional years. */
function periodMidYears(bounds: Float64Array): Float64Array {
  return Float64Array.from({ length: Math.max(0, bounds.length - 1) }, (_, k) =>
    weekToYear((bounds[k] + bounds[k + 1]) / 2),
  );
}

/** A simulation at 1 January 2012. */
export function createSimulation(options: SimulationOptions): Simulation {
  const { world, params, mechanisms } = options;
  let totalPop = 0;
  for (const v of world.areas.population) totalPop += v;
  const config: SimulationConfig = {
    world,
    params,
    mechanisms,
    history: mechanisms.history ? resolveHistory(world) : [],
    populationShare: Float64Array.from(world.areas.population, (v) => v / totalPop),
    trackInflicted: options.trackInflicted ?? false,
  };
  const model = SimState.initial(world, params);
  const scratch = createScratch(config, model);
  if (mechanisms.territory) {
    initPresence(world, model, params);
    locateConflict(world, model, params, scratch.territory);
  }
  return {
    config,
    state: new SimulationState(model),
    recorder: Recorder.create(options, model.cap),
    scratch,
    draws: options.draws,
    policies: undefined,
    onStep: undefined,
  };
}

/**
 * An independent copy of a simulation that continues with its own event draws and policies: a scenario's
 * branch from the shared history, or a resampled particle. Pass `reuse` (an earlier fork, or another
 * particle, whose results have been read) to overwrite its buffers instead of allocating new ones.
 */
export function forkSimulation(
  sim: Simulation,
  draws: EventDraws,
  policies?: CompiledPolicies,
  reuse?: Simulation,
): Simulation {
  if (!reuse) {
    const fork: Simulation = {
      config: sim.config,
      state: sim.state.clone(),
      recorder: sim.recorder.fork(),
      scratch: createScratch(sim.config, sim.state.model),
      draws,
      policies,
      onStep: sim.onStep,
    };
    carryLastLosses(sim, fork);
    return fork;
  }
  reuse.config = sim.config;
  sim.state.copyInto(reuse.state);
  sim.recorder.forkInto(reuse.recorder);
  reuse.scratch.dynamics.trackInflicted = sim.config.trackInflicted;
  carryLastLosses(sim, reuse);
  reuse.draws = draws;
  reuse.policies = policies;
  reuse.onStep = sim.onStep;
  return reuse;
}

/**
 * A truce that starts in a fork's first step places the previous step's per-group losses by area: the
 * losses of the simulation it forks from, whatever the fork's buffers held before (a reused fork would
 * otherwise see the previous branch's last losses, a new one zeros, and the order of scenarios would
 * decide where a truce with no ramp starts).
 */
function carryLastLosses(from: Simulation, to: Simulation): void {
  to.scratch.dynamics.lossR.set(from.scratch.dynamics.lossR);
  to.scratch.dynamics.lossB.set(from.scratch.dynamics.lossB);
}

/** History events matched to groups of this world (by short name). */
function resolveHistory(world: World): ResolvedHistory[] {
  const byName = new Map(world.names.map((n, i) => [n.toLowerCase(), i]));
  const out: ResolvedHistory[] = [];
  for (const event of HISTORY) {
    const group = byName.get(event.group.toLowerCase());
    const other = event.other ? byName.get(event.other.toLowerCase()) : -1;
    if (group === undefined || other === undefined) continue;
    const [y, mo, d] = event.date.split('-').map(Number);
    const week = (Date.UTC(y, mo - 1, d) - Date.UTC(2012, 0, 1)) / (7 * 86_400_000);
    out.push({ week, event, group, other });
  }
  return out.sort((a, b) => a.week - b.week);
}

/** Steps of `dt` weeks from `from` until `to` (the last step is shortened to end exactly at `to`). */
export function advance(sim: Simulation, from: number, to: number, dt: number): void {
  for (let k = 0; ; k++) {
    const t = from + k * dt;
    if (t >= to - 1e-9) break;
    step(sim, t, Math.min(dt, to - t));
  }
}

/** Drug flow before normalisation: capacity^β × policy multipliers. */
function rawDrugFlow(sim: Simulation, e: Effects): number {
  const p = sim.config.params;
  return operatingCapacity(sim.state.model) ** p.supplyElasticity * drugMultipliers(p, e).total;
}

/**
 * One step of `dt` weeks from week t, as the stages below. The order matters: factors are held for the
 * RK4 step (operator splitting), flows are recorded before discrete events change the groups, and the slow
 * variables recover after the events that knocked them down.
 */
function step(sim: Simulation, t: number, dt: number): void {
  applyPolicies(sim, t);
  relaxNationalStocks(sim, dt);
  const drivers = nationalDrivers(sim);
  updateMediation(sim, t, dt);
  setGroupFactors(sim, drivers);
  integrateMembers(sim, dt);
  record(sim, t, dt, sim.scratch.effects, drivers.drugs, drivers.extortion);
  discreteEvents(sim, t, dt, drivers.effectiveness);
  recoverLayersAndLeadership(sim, dt);
  sim.state.model.week = t + dt;
  updateTerritoryYearly(sim, t + dt);
  sim.onStep?.(sim);
}

/** The policies' effects at week t (ramps and end dates are the policies' own). */
function applyPolicies(sim: Simulation, t: number): void {
  const e = sim.scratch.effects;
  resetEffects(e);
  sim.policies?.apply(e, t, sim.config.params);
}

/**
 * Cooperation and the firearms stock relax towards their targets, exactly for a step: both move over years,
 * so a policy changes them gradually (a collapse of cooperation is immediate).
 */
function relaxNationalStocks(sim: Simulation, dt: number): void {
  const { params: p, mechanisms: mech } = sim.config;
  const s = sim.state.model;
  const e = sim.scratch.effects;
  if (mech.cooperation) {
    const target = cooperationTarget(p, e, sim.state.enforcementIndex);
    if (e.cooperationCollapse > 0) s.coop = Math.min(s.coop, target);
    s.coop = target + (s.coop - target) * Math.exp(-dt / (p.cooperationTime * WEEKS_PER_YEAR));
  }
  if (mech.firearms) {
    const inflow =
      (p.firearmsInflow * e.firearmsInflow +
        e.weaponsTransferred * p.weaponsDiversion * (1 - p.verifiedDiversionCut * e.verification)) /
      p.firearmsInflow;
    s.guns = inflow + (s.guns - inflow) * Math.exp(-dt / (p.firearmsLife * WEEKS_PER_YEAR));
  }
}

/**
 * Where cooperation heads: its base, what the policies add, and the US's trust in the results it sees.
 * Verified results show true enforcement E (relative to the status quo); unverified reports never show a
 * decline (the US is placated: they report what is expected), so the US sees v·E + (1 − v)·max(E, 1) at
 * verification v, and its trust moves by trustResponse per unit of the log of that. Verification thus
 * makes cooperation follow true results, down as well as up.
 */
function cooperationTarget(p: Params, e: Effects, enforcement: number): number {
  const v = Math.min(1, Math.max(0, e.verification));
  const seen = v * enforcement + (1 - v) * Math.max(enforcement, 1);
  const trust = seen > 0 ? p.trustResponse * Math.log(seen) : -1;
  return Math.min(1, Math.max(0, p.cooperationBase + e.cooperation + trust));
}

/** National multipliers of a step, shared by every group (1 where the mechanism is off). */
interface NationalDrivers {
  drugs: DrugMultipliers | undefined;
  /** Extortion relative to the status quo (diversification away from drugs, a truce's legitimacy). */
  extortion: number;
  /** Legitimacy a truce lends the groups, as it stood before this step's mediation update. */
  legitimacy: number;
  /** Recruitment multiplier from the groups' revenue. */
  revenueFactor: number;
  /** Effectiveness of operations relative to the status quo (intelligence, leaks, policy). */
  effectiveness: number;
  /** Lethality multiplier from the firearms stock. */
  lethality: number;
}

/** Revenue, intelligence, leaks and lethality from the effects and the national stocks. */
function nationalDrivers(sim: Simulation): NationalDrivers {
  const { params: p, mechanisms: mech } = sim.config;
  const s = sim.state.model;
  const e = sim.scratch.effects;
  const coopRatio = mech.cooperation ? s.coop / p.cooperationBase : 1;
  const drugs = mech.drugs ? drugMultipliers(p, e) : undefined;
  // What the groups earn from drugs (price × quantity), not the quantity they move.
  const mDrug = drugs ? drugs.revenue : 1;
  const legitimacy = s.medStatus === 1 ? e.mediationLegitimacy : 0;
  const extortion = 1 + (mech.economy ? p.diversification * Math.max(0, 1 - mDrug) : 0) + legitimacy;
  let revenue = 1;
  if (mech.economy) {
    const other = 1 - p.drugRevenueShare - p.extortionRevenueShare;
    revenue =
      (p.drugRevenueShare * mDrug + p.extortionRevenueShare * extortion + other) *
      (1 - Math.min(0.9, e.aml * p.amlMaxCut));
  }
  const intel =
    (p.intelBase * (1 - p.usIntelShare * (1 - coopRatio)) + e.intel * coopRatio) * e.publicAdaptation;
  const leak = Math.min(0.95, Math.max(0, p.leakBase * e.leak * revenue ** p.corruptionRevenueElasticity));
  return {
    drugs,
    extortion,
    legitimacy,
    revenueFactor: revenue ** p.revenueRecruitElasticity,
    effectiveness: (intel / p.intelBase) * ((1 - leak) / (1 - p.leakBase)) * e.opEffectiveness,
    lethality: mech.firearms ? s.guns ** p.firearmsLethality : 1,
  };
}

/**
 * Per-group recruitment, fighting capacity and vulnerability for this step, and η. Parameters are hoisted:
 * this loop runs for every group every step.
 */
function setGroupFactors(sim: Simulation, drivers: NationalDrivers): void {
  const { params: p, mechanisms: mech } = sim.config;
  const s = sim.state.model;
  const e = sim.scratch.effects;
  const f = sim.scratch.dynamics.factors;
  const rhoBase = p.rho * p.rhoScale * e.recruitment * drivers.revenueFactor * sim.state.recruitDriver;
  const thetaBase = p.theta * p.thetaScale * drivers.lethality;
  const sigma = mech.leadership ? p.successionDisorder : 0;
  const recEl = p.recruitCapacityElasticity;
  const atkEl = p.attackCapacityElasticity;
  const legit = drivers.legitimacy;
  const { phi: phiArr, coh, damp, medShare, A } = s;
  const { rho, atk, vul } = f;
  const medMult = sim.state.mediationVulnerability;
  const layers = mech.layers;
  for (let i = 0, n = s.n; i < n; i++) {
    const phi = layers ? phiArr[i] : 1;
    const u = 1 + sigma * (1 - coh[i]) * (1 - damp[i]);
    rho[i] = rhoBase * (phi === 1 ? 1 : phi ** recEl) * (1 + legit * medShare[i]);
    atk[i] = (phi === 1 ? 1 : phi ** atkEl) * u;
    vul[i] = (thetaBase * u * medMult[i]) / (A[i] + 1);
  }
  f.eta = p.eta * e.incapacitation * e.lasting * drivers.effectiveness ** p.intelArrestElasticity;
  sim.state.enforcementIndex = f.eta / p.eta;
  f.omega = p.omega;
}

/**
 * Members by RK4, then the prison stock, updated exactly for the step before it is recorded (so it is read
 * at period ends).
 */
function integrateMembers(sim: Simulation, dt: number): void {
  const { world, params: p } = sim.config;
  const s = sim.state.model;
  const ws = sim.scratch.dynamics;
  ws.step(world, s, dt);
  const sentence = p.sentenceYears * WEEKS_PER_YEAR;
  const keep = Math.exp(-dt / sentence);
  s.incarcerated = s.incarcerated * keep + ws.flows.incapacitated * sentence * (1 - keep);
  const state = sim.state;
  state.extraPrisoners =
    state.extraPrisoners * keep + (ws.flows.incapacitated - p.eta) * sentence * (1 - keep);
}

/**
 * Discrete events of the step: dated history, leader removals and splits, sweeps, confrontations. Only
 * policy operations (sweeps, added leader operations) detain people: the status quo's detentions are part
 * of η, so what the events put in prison is counted as extra prisoners.
 */
function discreteEvents(sim: Simulation, t: number, dt: number, effectiveness: number): void {
  const { params: p, mechanisms: mech } = sim.config;
  const s = sim.state.model;
  const { effects: e, operations } = sim.scratch;
  const held = s.incarcerated;
  operations.damping = p.prepositionDamping * e.prepositioned;
  operations.abroad = e.extradition;
  historyEvents(sim, t, dt);
  if (mech.leadership) leadershipEvents(sim, t, dt, e, effectiveness);
  if (e.sweeps > 0) sweepEvents(sim, t, dt, e, effectiveness);
  if (e.confrontations > 0) confront(sim, (e.confrontations / WEEKS_PER_YEAR) * dt, -1);
  sim.state.extraPrisoners += s.incarcerated - held;
}

/**
 * The middle layer regrows and leadership recovers, exactly for a step: they move over months to years,
 * slower where the middle layer is thin (recovery scales with φ).
 */
function recoverLayersAndLeadership(sim: Simulation, dt: number): void {
  const { params: p, mechanisms: mech } = sim.config;
  const s = sim.state.model;
  const { phi: phiArr, coh, damp } = s;
  const layers = mech.layers;
  const regenSlow = p.midRegenSlow;
  const regenSpan = p.midRegenFast - p.midRegenSlow;
  const recovery = p.leaderRecovery;
  // A rival's encroachment fades; below weight 0.1 (a tenth of the weakest rivalry in the 2020 network)
  // the tie is dropped.
  s.decayTies(dt, 0.1);
  for (let i = 0, n = s.n; i < n; i++) {
    const phi = phiArr[i];
    if (!layers) phiArr[i] = 1;
    else if (phi < 1) {
      const next = 1 - (1 - phi) * Math.exp(-(regenSlow + regenSpan * phi) * dt);
      // Regrown to within 0.01%: whole again (as cohesion below), so the hot loops skip its powers.
      phiArr[i] = next > 0.9999 ? 1 : next;
    }
    if (coh[i] < 1) {
      coh[i] = 1 - (1 - coh[i]) * Math.exp(-recovery * phiArr[i] * dt);
      if (coh[i] > 0.999) {
        coh[i] = 1;
        damp[i] = 0;
      }
    }
  }
}

/** Presence spreads once a year (at the first step ending in a new calendar year): territory is slow. */
function updateTerritoryYearly(sim: Simulation, week: number): void {
  const { state } = sim;
  const year = Math.floor(weekToYear(week) + 1e-9);
  if (year <= state.territoryYear) return;
  state.territoryYear = year;
  const { world, params, mechanisms } = sim.config;
  if (!mechanisms.territory) return;
  const s = state.model;
  spreadPresence(world, s, params, sim.scratch.areaBuffer);
  // Where fights take place is only needed for per-area results and mediation; otherwise it is
  // recomputed when first needed.
  if (sim.recorder.areaRecorded || s.medStatus === 1) refreshLocation(sim);
  else s.locStale = 1;
}

/** Where each group's conflict takes place, recomputed now (presence changes once a year). */
export function refreshLocation(sim: Simulation): void {
  const s = sim.state.model;
  locateConflict(sim.config.world, s, sim.config.params, sim.scratch.territory);
  s.locStale = 0;
  if (s.medAreaCount > 0) mediatedShares(s);
}

/** Mediation at the hottest areas: the truce's course, then what it does to each group this step. */
function updateMediation(sim: Simulation, t: number, dt: number): void {
  if (!sim.config.mechanisms.territory) return;
  updateTruce(sim, t, dt);
  setMediationFactors(sim, t);
}

/**
 * A truce starts where conflict is hottest (the last step's losses placed by area), may collapse (a
 * counter-based draw per step), is retried after a cooling-off period, or ends with the policy.
 */
function updateTruce(sim: Simulation, t: number, dt: number): void {
  const s = sim.state.model;
  const e = sim.scratch.effects;
  const events = sim.recorder.events;
  if (s.medStatus === 0 && e.mediation > 0) {
    if (s.locStale) refreshLocation(sim);
    const byArea = sim.scratch.areaBuffer;
    byArea.fill(0);
    allocateLosses(s, sim.scratch.dynamics.lossR, sim.scratch.dynamics.lossB, byArea);
    const areas = hottestAreas(byArea, Math.min(e.mediationAreas, s.areas));
    areas.forEach((a, k) => {
      s.medAreas[k] = a;
    });
    s.medAreaCount = areas.length;
    s.medStatus = 1;
    s.medStart = t;
    mediatedShares(s);
    events?.push({ week: t, kind: 'truce', group: -1 });
  } else if (s.medStatus === 2 && e.mediation > 0 && t - s.medCollapse >= e.mediationRetry) {
    // A sustained mediation policy tries again after a cooling-off period.
    s.medStatus = 0;
  } else if (s.medStatus === 1) {
    if (e.mediation <= 0) s.medStatus = 3;
    else if (
      sim.draws.uniform(DRAW.truceCollapse, stepKey(t)) <
      1 - Math.exp((-e.mediationCollapse * dt) / WEEKS_PER_YEAR)
    ) {
      s.medStatus = 2;
      s.medCollapse = t;
      events?.push({ week: t, kind: 'truce-collapse', group: -1 });
    }
  }
}

/**
 * Per group, in proportion to its conflict in mediated areas: vulnerability cut by an active truce (some of
 * the cut only hides deaths from the counts) or raised by the rebound after a collapse.
 */
function setMediationFactors(sim: Simulation, t: number): void {
  const s = sim.state.model;
  const e = sim.scratch.effects;
  const mult = sim.state.mediationVulnerability;
  const rec = sim.state.recordedFactor;
  if (s.medStatus === 1) {
    const cut = e.mediation * e.mediationEffect;
    for (let i = 0; i < s.n; i++) {
      const sh = s.medShare[i];
      mult[i] = 1 - sh * cut * (1 - e.mediationHidden);
      rec[i] = (1 - sh * cut) / mult[i];
    }
  } else if (s.medStatus === 2) {
    // The rebound scales with how far the truce had gone (its strength now).
    const rebound = e.mediation * e.mediationRebound * Math.exp(-(t - s.medCollapse) / WEEKS_PER_YEAR);
    for (let i = 0; i < s.n; i++) {
      mult[i] = 1 + s.medShare[i] * rebound;
      rec[i] = 1;
    }
  } else if (s.medStatus === 3) {
    mult.fill(1);
    rec.fill(1);
  }
}

function calibrate(calib: Calibration, years: number[], opts: RunOptions): HomicideFit {
  const obs = new Map(opts.observed.map((o) => [o.year, o.value]));
  const use = years.map((y, k) => [y, k] as const).filter(([y]) => obs.has(y));
  const inputs: HomicideInputs = {
    years: use.map(([y]) => y),
    personYears: use.map(([, k]) => calib.flows.personYears[k]),
    conflict: use.map(([, k]) => calib.flows.recorded[k]),
    confrontations: use.map(([, k]) => calib.flows.confront[k]),
  };
  if (inputs.years.length < 4) {
    throw new Error(
      `cannot calibrate homicides: the history before the policy start covers ${inputs.years.length} observed years (need at least 4 of 2012–2024); start the scenario in 2016 or later`,
    );
  }
  const observed = use.map(([y]) => obs.get(y)!);
  const fit = fitHomicides(inputs, observed);
  return opts.rngCalibration ? bootstrapHomicides(inputs, observed, fit, opts.rngCalibration) : fit;
}
