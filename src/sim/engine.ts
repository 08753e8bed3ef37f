import { type AnchorSpec, applyAnchor, drawAnchor } from './assimilate/anchor.js';
import { WEEKS_PER_YEAR, weekToYear, yearMonthToWeek, yearToWeek } from './calendar.js';
import { DRAW, type EventDraws } from './draws.js';
import { HISTORY, type HistoryEvent } from './history.js';
import { drugMultipliers } from './model/drugs.js';
import { DynamicsWorkspace } from './model/dynamics.js';
import type { OperationContext, SimEvent } from './model/events.js';
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
  TerritoryScratch,
} from './model/territory.js';
import type { World } from './model/world.js';
import { historyEvents, leadershipEvents, stepKey, sweepEvents } from './operations.js';
import {
  type BranchResult,
  CAL_FLOWS,
  type Calibration,
  confront,
  FLOWS,
  finalize,
  operatingCapacity,
  type Report,
  record,
  STOCKS,
} from './outputs.js';
import type { Params } from './params.js';
import { type CompiledPolicies, compilePolicies } from './policy/compile.js';
import { type Effects, neutralEffects, resetEffects } from './policy/effects.js';
import type { Rng } from './rng.js';
import type { Mechanisms, Scenario } from './scenario/schema.js';

/**
 * One simulation run: the history from 2012 to the policy start, then one branch per scenario.
 *
 * Pipeline of a week: policies → cooperation, revenue, intelligence, firearms → per-group factors →
 * members (RK4) → flows recorded → discrete events → middle layer and leadership recover → yearly
 * territory update. Each mechanism can be switched off (`Mechanisms`), which leaves its factor at 1.
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

/** A simulation in progress: world, parameters, state and the accumulators of its outputs. */
export interface Simulation {
  world: World;
  p: Params;
  mech: Mechanisms;
  s: SimState;
  ws: DynamicsWorkspace;
  report: Report;
  calib?: Calibration;
  policies?: CompiledPolicies;
  /** Event draws (counter-based, shared by the scenarios of a run). */
  draws: EventDraws;
  e: Effects;
  /** Next history event (index into the resolved list). */
  nextHistory: number;
  history: ResolvedHistory[];
  /** Per-area accumulators (periods × areas) and pending per-group losses of the open period. */
  areaRecorded?: Float64Array;
  areaConfront?: Float64Array;
  pendR?: Float64Array;
  pendB?: Float64Array;
  recFactor: Float64Array;
  medMult: Float64Array;
  scratchArea: Float64Array;
  territory: TerritoryScratch;
  lastYear: number;
  /** Drug flow and operating capacity references (for anchoring indices). */
  refFlow: number;
  refCapacity: number;
  events?: SimEvent[];
  pop: Float64Array;
  /** Context of operations this step (damping, extradition). */
  ctx: OperationContext;
  /** Called after every step (calibration harnesses read per-group flows here). */
  onStep?: (sim: Simulation) => void;
  /**
   * Prisoners above the status quo's: incapacitation beyond η and detentions in policy operations, released
   * after the mean sentence like the rest of the stock (their cost enters the fiscalCost metric).
   */
  extraPrisoners: number;
  /**
   * Multiplier of recruitment set from outside the model: the data assimilation's recruitment driver
   * (sim/assimilate), a slowly varying factor for what the 2012 model lacks. 1 = the model as published.
   */
  recruitDriver: number;
}

export interface SimulationConfig {
  world: World;
  params: Params;
  mechanisms: Mechanisms;
  /** Reporting periods (weeks); empty for none. */
  bounds: Float64Array;
  byArea: boolean;
  draws: EventDraws;
  logEvents?: boolean;
  trackInflicted?: boolean;
}

interface ResolvedHistory {
  week: number;
  event: HistoryEvent;
  group: number;
  other: number;
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
  const branch = createSimulation({
    world,
    params: p,
    mechanisms: first.mechanisms,
    bounds: opts.bounds,
    byArea: opts.byArea,
    draws: opts.historyDraws,
    logEvents: opts.logEvents,
    trackInflicted: opts.trackInflicted,
  });
  branch.calib = new PeriodAccumulator(calYears.length > 0 ? calBounds : new Float64Array(0), CAL_FLOWS, []);
  advance(branch, 0, startWeek, dt);
  // Reference levels at the policy start, shared by every branch.
  branch.refFlow = rawDrugFlow(branch, neutralEffects());
  if (!(branch.refCapacity > 0)) branch.refCapacity = operatingCapacity(branch.s);

  const fit = calibrate(branch.calib!, calYears, opts);
  const endWeeks = opts.scenarios.map((sc) => yearToWeek(startYear + sc.years));
  const lastYear = Math.ceil(weekToYear(Math.max(...endWeeks)));
  const residuals = residualPath(fit, lastYear, opts.rngCalibration);
  let scratch: Simulation | undefined;
  const branches = opts.scenarios.map((sc, k) => {
    // Branches run one after the other and are read by `finalize` before the next: one set of buffers.
    const b = forkSimulation(branch, opts.futureDraws, compilePolicies(sc.policies, sc.start), scratch);
    scratch = b;
    advance(b, startWeek, endWeeks[k], dt);
    return finalize(b, fit, residuals, startWeek);
  });
  if (opts.anchor) {
    // The same history and events without any policy: what each scenario's change is measured against.
    const b = forkSimulation(branch, opts.futureDraws, compilePolicies([], first.start), scratch);
    advance(b, startWeek, Math.max(...endWeeks), dt);
    const base = finalize(b, fit, residuals, startWeek);
    const { spec, rng, sign } = opts.anchor;
    const draw = drawAnchor(spec, periodMidYears(opts.bounds), rng, sign);
    for (const result of branches) applyAnchor(result, base, draw, spec, opts.bounds, world.areas.ids);
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
export function createSimulation(config: SimulationConfig): Simulation {
  const { world, params: p, mechanisms: mech } = config;
  const s = SimState.initial(world, p);
  const territory = new TerritoryScratch(s.cap, s.areas);
  if (mech.territory) {
    initPresence(world, s, p);
    locateConflict(world, s, p, territory);
  }
  const m = world.areas.ids.length;
  const periods = Math.max(0, config.bounds.length - 1);
  const ws = new DynamicsWorkspace(s.cap);
  ws.trackInflicted = config.trackInflicted ?? false;
  let totalPop = 0;
  for (const v of world.areas.population) totalPop += v;
  return {
    world,
    p,
    mech,
    s,
    ws,
    report: new PeriodAccumulator(config.bounds, FLOWS, STOCKS),
    draws: config.draws,
    e: neutralEffects(),
    nextHistory: 0,
    history: mech.history ? resolveHistory(world) : [],
    areaRecorded: config.byArea ? new Float64Array(periods * m) : undefined,
    areaConfront: config.byArea ? new Float64Array(periods * m) : undefined,
    pendR: config.byArea ? new Float64Array(s.cap) : undefined,
    pendB: config.byArea ? new Float64Array(s.cap) : undefined,
    recFactor: new Float64Array(s.cap).fill(1),
    medMult: new Float64Array(s.cap).fill(1),
    scratchArea: new Float64Array(m),
    territory,
    lastYear: 2012,
    refFlow: 1,
    refCapacity: 0,
    events: config.logEvents ? [] : undefined,
    pop: Float64Array.from(world.areas.population, (v) => v / totalPop),
    ctx: { damping: 0, abroad: 0 },
    recruitDriver: 1,
    extraPrisoners: 0,
  };
}

/**
 * An independent copy of a simulation that continues with its own event draws and policies. Pass `reuse`
 * (an earlier fork of the same simulation whose results have been read) to overwrite its buffers instead
 * of allocating new ones.
 */
export function forkSimulation(
  sim: Simulation,
  draws: EventDraws,
  policies?: CompiledPolicies,
  reuse?: Simulation,
): Simulation {
  const b: Simulation = reuse ?? {
    ...sim,
    s: sim.s.clone(),
    ws: new DynamicsWorkspace(sim.s.cap),
    report: sim.report.clone(),
    areaRecorded: sim.areaRecorded?.slice(),
    areaConfront: sim.areaConfront?.slice(),
    pendR: sim.pendR?.slice(),
    pendB: sim.pendB?.slice(),
    recFactor: sim.recFactor.slice(),
    medMult: sim.medMult.slice(),
    e: neutralEffects(),
    ctx: { damping: 0, abroad: 0 },
  };
  if (reuse) {
    b.s.copyFrom(sim.s);
    b.report.copyFrom(sim.report);
    for (const key of ['areaRecorded', 'areaConfront', 'pendR', 'pendB', 'recFactor', 'medMult'] as const) {
      const from = sim[key];
      if (from) (b[key] as Float64Array).set(from);
    }
    b.nextHistory = sim.nextHistory;
    b.lastYear = sim.lastYear;
    b.recruitDriver = sim.recruitDriver;
    b.extraPrisoners = sim.extraPrisoners;
    b.refFlow = sim.refFlow;
    b.refCapacity = sim.refCapacity;
  }
  b.ws.trackInflicted = sim.ws.trackInflicted;
  b.calib = undefined;
  b.policies = policies;
  b.draws = draws;
  b.events = sim.events ? [...sim.events] : undefined;
  b.onStep = sim.onStep;
  return b;
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
export function advance(b: Simulation, from: number, to: number, dt: number): void {
  for (let k = 0; ; k++) {
    const t = from + k * dt;
    if (t >= to - 1e-9) break;
    step(b, t, Math.min(dt, to - t));
  }
}

/** Drug flow before normalisation: capacity^β × policy multipliers. */
function rawDrugFlow(b: Simulation, e: Effects): number {
  const { p } = b;
  return operatingCapacity(b.s) ** p.supplyElasticity * drugMultipliers(p, e).total;
}

function step(b: Simulation, t: number, dt: number): void {
  const { world, p, mech, s, ws, e } = b;
  resetEffects(e);
  b.policies?.apply(e, t);

  // Cooperation, revenue, intelligence, firearms: relax towards their targets (exact for a step).
  if (mech.cooperation) {
    const target = Math.min(1, Math.max(0, p.cooperationBase + e.cooperation));
    if (e.cooperationCollapse > 0) s.coop = Math.min(s.coop, target);
    s.coop = target + (s.coop - target) * Math.exp(-dt / (p.cooperationTime * WEEKS_PER_YEAR));
  }
  const coopRatio = mech.cooperation ? s.coop / p.cooperationBase : 1;
  const drugs = mech.drugs ? drugMultipliers(p, e) : undefined;
  const mDrug = drugs ? drugs.total : 1;
  const legit = s.medStatus === 1 ? e.mediationLegitimacy : 0;
  const mExt = 1 + (mech.economy ? p.diversification * Math.max(0, 1 - mDrug) : 0) + legit;
  let revenue = 1;
  if (mech.economy) {
    const other = 1 - p.drugRevenueShare - p.extortionRevenueShare;
    revenue =
      (p.drugRevenueShare * mDrug + p.extortionRevenueShare * mExt + other) *
      (1 - Math.min(0.9, e.aml * p.amlMaxCut));
  }
  const revFactor = revenue ** p.revenueRecruitElasticity;
  const intel =
    (p.intelBase * (1 - p.usIntelShare * (1 - coopRatio)) + e.intel * coopRatio) * e.publicAdaptation;
  const leak = Math.min(0.95, Math.max(0, p.leakBase * e.leak * revenue ** p.corruptionRevenueElasticity));
  const effectiveness = (intel / p.intelBase) * ((1 - leak) / (1 - p.leakBase)) * e.opEffectiveness;
  if (mech.firearms) {
    const inflow =
      (p.firearmsInflow * e.firearmsInflow +
        e.weaponsTransferred * p.weaponsDiversion * (1 - 0.5 * e.verification)) /
      p.firearmsInflow;
    s.guns = inflow + (s.guns - inflow) * Math.exp(-dt / (p.firearmsLife * WEEKS_PER_YEAR));
  }
  const lethality = mech.firearms ? s.guns ** p.firearmsLethality : 1;

  updateMediation(b, t, dt);

  // Per-group factors for this step (parameters hoisted: this loop runs for every group every step).
  const f = ws.factors;
  const rhoBase = p.rho * p.rhoScale * e.recruitment * revFactor * b.recruitDriver;
  const thetaBase = p.theta * p.thetaScale * lethality;
  const sigma = mech.leadership ? p.successionDisorder : 0;
  const recEl = p.recruitCapacityElasticity;
  const atkEl = p.attackCapacityElasticity;
  const { phi: phiArr, coh, damp, medShare, A } = s;
  const { rho, atk, vul } = f;
  const medMult = b.medMult;
  const layers = mech.layers;
  for (let i = 0, n = s.n; i < n; i++) {
    const phi = layers ? phiArr[i] : 1;
    const u = 1 + sigma * (1 - coh[i]) * (1 - damp[i]);
    rho[i] = rhoBase * (phi === 1 ? 1 : phi ** recEl) * (1 + legit * medShare[i]);
    atk[i] = (phi === 1 ? 1 : phi ** atkEl) * u;
    vul[i] = (thetaBase * u * medMult[i]) / (A[i] + 1);
  }
  f.eta = p.eta * e.incapacitation * e.lasting * effectiveness ** p.intelArrestElasticity;
  f.omega = p.omega;
  ws.step(world, s, dt);

  // Prison stock, updated exactly for the step before it is recorded (so it is read at period ends).
  const sentence = p.sentenceYears * WEEKS_PER_YEAR;
  const keep = Math.exp(-dt / sentence);
  s.incarcerated = s.incarcerated * keep + ws.flows.incapacitated * sentence * (1 - keep);
  b.extraPrisoners = b.extraPrisoners * keep + (ws.flows.incapacitated - p.eta) * sentence * (1 - keep);

  record(b, t, dt, e, drugs, mExt);

  // Discrete events of the step. Only policy operations (sweeps, added leader operations) detain people:
  // the status quo's detentions are part of η.
  const held = s.incarcerated;
  b.ctx.damping = p.prepositionDamping * e.prepositioned;
  b.ctx.abroad = e.extradition;
  historyEvents(b, t, dt);
  if (mech.leadership) leadershipEvents(b, t, dt, e, effectiveness);
  if (e.sweeps > 0) sweepEvents(b, t, dt, e, effectiveness);
  if (e.confrontations > 0) confront(b, (e.confrontations / WEEKS_PER_YEAR) * dt, -1);
  b.extraPrisoners += s.incarcerated - held;

  // Slow variables, updated exactly for a step: middle layer, leadership.
  const regenSlow = p.midRegenSlow;
  const regenSpan = p.midRegenFast - p.midRegenSlow;
  const recovery = p.leaderRecovery;
  for (let i = 0, n = s.n; i < n; i++) {
    const phi = phiArr[i];
    if (!layers) phiArr[i] = 1;
    else if (phi < 1) phiArr[i] = 1 - (1 - phi) * Math.exp(-(regenSlow + regenSpan * phi) * dt);
    if (coh[i] < 1) {
      coh[i] = 1 - (1 - coh[i]) * Math.exp(-recovery * phiArr[i] * dt);
      if (coh[i] > 0.999) {
        coh[i] = 1;
        damp[i] = 0;
      }
    }
  }
  s.week = t + dt;

  // Yearly territorial update.
  const year = Math.floor(weekToYear(t + dt) + 1e-9);
  if (year > b.lastYear) {
    b.lastYear = year;
    if (mech.territory) {
      spreadPresence(world, s, p, b.scratchArea);
      // Where fights take place is only needed for per-area results and mediation; otherwise it is
      // recomputed when first needed.
      if (b.areaRecorded || s.medStatus === 1) refreshLocation(b);
      else s.locStale = 1;
    }
  }
  b.onStep?.(b);
}

/** Where each group's conflict takes place, recomputed now (presence changes once a year). */
export function refreshLocation(b: Simulation): void {
  locateConflict(b.world, b.s, b.p, b.territory);
  b.s.locStale = 0;
  if (b.s.medAreaCount > 0) mediatedShares(b.s);
}

function updateMediation(b: Simulation, t: number, dt: number): void {
  const { s, e, mech } = b;
  const mult = b.medMult;
  const rec = b.recFactor;
  if (!mech.territory) return;
  if (s.medStatus === 0 && e.mediation > 0) {
    if (s.locStale) refreshLocation(b);
    b.scratchArea.fill(0);
    allocateLosses(s, b.ws.lossR, b.ws.lossB, b.scratchArea);
    const areas = hottestAreas(b.scratchArea, Math.min(e.mediationAreas, s.areas));
    areas.forEach((a, k) => {
      s.medAreas[k] = a;
    });
    s.medAreaCount = areas.length;
    s.medStatus = 1;
    s.medStart = t;
    mediatedShares(s);
    b.events?.push({ week: t, kind: 'truce', group: -1 });
  } else if (s.medStatus === 2 && e.mediation > 0 && t - s.medCollapse >= e.mediationRetry) {
    // A sustained mediation policy tries again after a cooling-off period.
    s.medStatus = 0;
  } else if (s.medStatus === 1) {
    if (e.mediation <= 0) s.medStatus = 3;
    else if (
      b.draws.uniform(DRAW.truceCollapse, stepKey(t)) <
      1 - Math.exp((-e.mediationCollapse * dt) / WEEKS_PER_YEAR)
    ) {
      s.medStatus = 2;
      s.medCollapse = t;
      b.events?.push({ week: t, kind: 'truce-collapse', group: -1 });
    }
  }
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
