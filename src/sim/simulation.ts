import type { EventDraws } from './draws.js';
import type { HistoryEvent } from './history.js';
import { DynamicsWorkspace } from './model/dynamics.js';
import type { OperationContext, SimEvent } from './model/events.js';
import { PeriodAccumulator } from './model/periods.js';
import { SimState } from './model/state.js';
import { TerritoryScratch } from './model/territory.js';
import type { World } from './model/world.js';
import type { Params } from './params.js';
import type { CompiledPolicies } from './policy/compile.js';
import { type Effects, neutralEffects } from './policy/effects.js';
import type { Mechanisms } from './scenario/schema.js';

/**
 * A simulation in progress, in four parts with one owner each, so that what a particle filter or a
 * scenario branch must copy is written down once:
 *
 * - `config`: what the run is given (world, parameters, mechanisms, resolved history). Never written
 *   while it runs; forks share it.
 * - `state`: everything the next step depends on. Copied when a particle is resampled or a branch forks
 *   (`SimulationState.clone`, `copyInto`).
 * - `recorder`: what has been recorded for the outputs (period sums, per-area conflict, events). Copied on
 *   fork, since a branch reports its history too.
 * - `scratch`: buffers a step overwrites before it reads them. Never copied: a fork gets its own.
 *
 * The branch's inputs (`draws`, `policies`, `onStep`) sit beside them: each fork is given its own.
 *
 * This module imports none of engine.ts, operations.ts and outputs.ts, which all read these types.
 */
export interface Simulation {
  /** Replaced only by a fork that reuses this simulation's buffers for another particle. */
  config: SimulationConfig;
  readonly state: SimulationState;
  readonly recorder: Recorder;
  readonly scratch: SimulationScratch;
  /** Event draws (counter-based, shared by the scenarios of a run). */
  draws: EventDraws;
  policies?: CompiledPolicies;
  /** Called after every step (calibration harnesses read per-group flows here). */
  onStep?: (sim: Simulation) => void;
}

/** What `createSimulation` is given. */
export interface SimulationOptions {
  world: World;
  params: Params;
  mechanisms: Mechanisms;
  /** Reporting periods (weeks); empty for none. */
  bounds: Float64Array;
  byArea: boolean;
  draws: EventDraws;
  logEvents?: boolean;
  /** Track deaths each group inflicts (calibration harness). */
  trackInflicted?: boolean;
}

/** The fixed part of a run: read by every step, written by none. */
export interface SimulationConfig {
  readonly world: World;
  readonly params: Params;
  readonly mechanisms: Mechanisms;
  /** Dated history events matched to this world's groups, by week (empty when `mechanisms.history` is off). */
  readonly history: readonly ResolvedHistory[];
  /** Each area's share of the national population (where confrontations without a target group fall). */
  readonly populationShare: Float64Array;
  readonly trackInflicted: boolean;
}

export interface ResolvedHistory {
  week: number;
  event: HistoryEvent;
  group: number;
  other: number;
}

/** Scalars of `SimulationState` besides the model's (copied by `copyInto`; the test checks the list). */
const SCALAR_FIELDS = [
  'nextHistory',
  'territoryYear',
  'extraPrisoners',
  'recruitDriver',
  'referenceDrugFlow',
  'referenceCapacity',
  'enforcementIndex',
] as const satisfies readonly (keyof SimulationState)[];

/** Per-group arrays of `SimulationState` (copied by `copyInto`). */
const ARRAY_FIELDS = [
  'recordedFactor',
  'mediationVulnerability',
] as const satisfies readonly (keyof SimulationState)[];

/**
 * The engine's state: the model's variables (`SimState`) and what the engine keeps between steps. Every
 * field is listed once, in `SCALAR_FIELDS` or `ARRAY_FIELDS`, so a clone cannot silently miss one.
 */
export class SimulationState {
  /** Next dated history event (index into `config.history`). */
  nextHistory = 0;
  /** The last calendar year whose territorial update has run (presence spreads once a year). */
  territoryYear = 2012;
  /**
   * Prisoners above the status quo's: incapacitation beyond η and detentions in policy operations, released
   * after the mean sentence like the rest of the stock (their cost enters the fiscalCost metric).
   */
  extraPrisoners = 0;
  /**
   * Multiplier of recruitment set from outside the model: the data assimilation's recruitment driver
   * (sim/assimilate), a slowly varying factor for what the 2012 model lacks. 1 = the model as published.
   */
  recruitDriver = 1;
  /** Raw drug flow at the policy start: the drugFlow and overdose indices are relative to it. */
  referenceDrugFlow = 1;
  /** Operating capacity in mid-2023 (0 until then): the extortion index is relative to it. */
  referenceCapacity = 0;
  /**
   * True enforcement output of the last step relative to the status quo's (incapacitation η in force over
   * the cited η): what verified reports show and unverified ones may not (engine.ts, cooperationTarget).
   */
  enforcementIndex = 1;
  /**
   * Per group, recorded conflict deaths per conflict death: below 1 where a truce hides deaths
   * (conflict losses × this = deaths that reach the counts).
   */
  readonly recordedFactor: Float64Array;
  /** Per group, the multiplier of vulnerability from mediation (below 1 in a truce, above after a collapse). */
  readonly mediationVulnerability: Float64Array;

  constructor(readonly model: SimState) {
    this.recordedFactor = new Float64Array(model.cap).fill(1);
    this.mediationVulnerability = new Float64Array(model.cap).fill(1);
  }

  /** A deep copy with the same hidden class (hot code stays monomorphic). */
  clone(): SimulationState {
    return this.copyInto(new SimulationState(new SimState(this.model.cap, this.model.areas, this.model.n)));
  }

  /** Overwrite `target` (a state of the same size) with this one, without allocating; returns it. */
  copyInto(target: SimulationState): SimulationState {
    target.model.copyFrom(this.model);
    for (const key of SCALAR_FIELDS) target[key] = this[key];
    for (const key of ARRAY_FIELDS) target[key].set(this[key]);
    return target;
  }
}

export const FLOWS = [
  'personYears',
  'recorded',
  'conflict',
  'confront',
  'drugRaw',
  'odRaw',
  'extRaw',
  'trade',
  'spend',
  'extraPrison',
] as const;
export const STOCKS = ['members', 'groups', 'incarcerated', 'cooperation'] as const;
export type Report = PeriodAccumulator<(typeof FLOWS)[number], (typeof STOCKS)[number]>;
export const CAL_FLOWS = ['personYears', 'recorded', 'confront'] as const;
export type Calibration = PeriodAccumulator<(typeof CAL_FLOWS)[number], never>;

/** Per-area arrays of a `Recorder` (copied on fork; absent when results are national only). */
const AREA_FIELDS = ['areaRecorded', 'areaConfront', 'pendingRival', 'pendingBaseline'] as const;

/** What a simulation has recorded for its outputs (outputs.ts writes and reads it). */
export class Recorder {
  /** Flows summed into the reporting periods, stocks at their ends. */
  readonly report: Report;
  /**
   * The history's yearly sums for the homicide calibration: attached to the trunk of a run (before the
   * policy start) and not carried into forks, which record only their own branch.
   */
  calibration?: Calibration;
  /** Recorded conflict deaths and confrontation deaths per period × area (row-major). */
  readonly areaRecorded?: Float64Array;
  readonly areaConfront?: Float64Array;
  /** Per-group recorded losses of the open period, with rivals and baseline, not yet placed by area. */
  readonly pendingRival?: Float64Array;
  readonly pendingBaseline?: Float64Array;
  /** Events of the run, when logged. */
  events?: SimEvent[];

  constructor(
    report: Report,
    area?: { [K in (typeof AREA_FIELDS)[number]]: Float64Array },
    events?: SimEvent[],
  ) {
    this.report = report;
    this.areaRecorded = area?.areaRecorded;
    this.areaConfront = area?.areaConfront;
    this.pendingRival = area?.pendingRival;
    this.pendingBaseline = area?.pendingBaseline;
    this.events = events;
  }

  static create(options: SimulationOptions, groupCapacity: number): Recorder {
    const m = options.world.areas.ids.length;
    const periods = Math.max(0, options.bounds.length - 1);
    const area = options.byArea
      ? {
          areaRecorded: new Float64Array(periods * m),
          areaConfront: new Float64Array(periods * m),
          pendingRival: new Float64Array(groupCapacity),
          pendingBaseline: new Float64Array(groupCapacity),
        }
      : undefined;
    return new Recorder(
      new PeriodAccumulator(options.bounds, FLOWS, STOCKS),
      area,
      options.logEvents ? [] : undefined,
    );
  }

  /** A copy for a fork (without the calibration, which belongs to the trunk). */
  fork(): Recorder {
    const area = this.areaRecorded
      ? (Object.fromEntries(AREA_FIELDS.map((key) => [key, (this[key] as Float64Array).slice()])) as {
          [K in (typeof AREA_FIELDS)[number]]: Float64Array;
        })
      : undefined;
    return new Recorder(this.report.clone(), area, this.events ? [...this.events] : undefined);
  }

  /** Overwrite `target` (a recorder of the same layout) as `fork` would have made it; returns it. */
  forkInto(target: Recorder): Recorder {
    target.report.copyFrom(this.report);
    for (const key of AREA_FIELDS) {
      const from = this[key];
      if (from) (target[key] as Float64Array).set(from);
    }
    target.calibration = undefined;
    target.events = this.events ? [...this.events] : undefined;
    return target;
  }
}

/**
 * Buffers a step fills before it reads them, owned by one simulation and never copied.
 *
 * One exception: a step's mediation start places the previous step's per-group losses (`dynamics.lossR`,
 * `lossB`) by area, so a fork carries its source's last losses over (engine.ts `carryLastLosses`).
 */
export interface SimulationScratch {
  /** RK4 buffers, the step's factors, flows and per-group losses. */
  readonly dynamics: DynamicsWorkspace;
  /** The policies' effects this step (reset and filled at its start). */
  readonly effects: Effects;
  /** Context of this step's operations (damping, extradition). */
  readonly operations: OperationContext;
  /** One value per area. */
  readonly areaBuffer: Float64Array;
  readonly territory: TerritoryScratch;
}

export function createScratch(config: SimulationConfig, model: SimState): SimulationScratch {
  const dynamics = new DynamicsWorkspace(model.cap);
  dynamics.trackInflicted = config.trackInflicted;
  return {
    dynamics,
    effects: neutralEffects(),
    operations: { damping: 0, abroad: 0 },
    areaBuffer: new Float64Array(model.areas),
    territory: new TerritoryScratch(model.cap, model.areas),
  };
}
