import { nationalPopulation } from '../data/population.js';
import { WEEKS_PER_YEAR, weekToYear } from './calendar.js';
import { EXTORTION_ANCHOR_YEAR, METRICS, type MetricId, type MetricSpec } from './metrics.js';
import { prisonCostUsd } from './model/costs.js';
import { type DrugMultipliers, overdoseMix, tradeCost } from './model/drugs.js';
import type { SimEvent } from './model/events.js';
import { type HomicideFit, legacyBasis } from './model/homicides.js';
import { MAX_SPLITS, type SimState } from './model/state.js';
import { allocateLosses } from './model/territory.js';
import type { Effects } from './policy/effects.js';
import type { Recorder, Report, Simulation } from './simulation.js';

/**
 * What a simulation records as it runs (flows summed into periods, stocks at period ends, per-area
 * conflict) and how the records become the reported metrics once the run is over.
 */

/** Warning when a run had more splits than the state has room for (counted over runs in the summary). */
export const SPLITS_SKIPPED = `some group splits were skipped (more than ${MAX_SPLITS} splinter factions in a run)`;

/** Groups smaller than this are not counted in the `groups` metric (ASSUMPTION, see METRICS.groups). */
export const MIN_GROUP_SIZE = 50;

export interface BranchResult {
  /** metric → value per period (NaN where not reported). */
  metrics: Partial<Record<MetricId, Float64Array>>;
  /** homicides per period × area, row-major (periods × areas), when requested. */
  areaHomicides?: Float64Array;
  events?: SimEvent[];
  /** Warnings (e.g. splits skipped because the state was full). */
  warnings: string[];
}

/** Operating capacity Σ C_i φ_i: what trafficking and extortion scale with. */
export function operatingCapacity(s: SimState): number {
  let c = 0;
  for (let i = 0; i < s.n; i++) c += s.C[i] * s.phi[i];
  return c;
}

export function record(
  sim: Simulation,
  t: number,
  dt: number,
  e: Effects,
  drugs: DrugMultipliers | undefined,
  mExt: number,
): void {
  const p = sim.config.params;
  const { state } = sim;
  const s = state.model;
  const ws = sim.scratch.dynamics;
  const { report, calibration: calib } = sim.recorder;
  const personYearsPerWeek = nationalPopulation(weekToYear(t + dt / 2)) / WEEKS_PER_YEAR;
  let recorded = 0;
  for (let i = 0; i < s.n; i++) recorded += (ws.lossR[i] + ws.lossB[i]) * state.recordedFactor[i];
  if (calib?.begin(t, dt)) {
    calib.add('personYears', personYearsPerWeek);
    calib.add('recorded', recorded);
  }
  if (report.begin(t, dt)) {
    report.add('personYears', personYearsPerWeek);
    report.add('recorded', recorded);
    report.add('conflict', ws.flows.deaths);
    const capacity = operatingCapacity(s);
    if (drugs) {
      const reach = capacity ** p.supplyElasticity;
      report.add('drugRaw', reach * drugs.total);
      report.add('odRaw', (reach ** p.overdoseSupplyElasticity * overdoseMix(p, e, drugs)) / WEEKS_PER_YEAR);
      report.add('trade', tradeCost(p, e) / WEEKS_PER_YEAR);
    }
    report.add('extRaw', (capacity * mExt) / WEEKS_PER_YEAR);
    // Fiscal cost: programmes (US$ billion a year) and prisoners above the status quo's (prisoner-years).
    if (sim.policies) report.add('spend', sim.policies.spending(p, t) / WEEKS_PER_YEAR);
    report.add('extraPrison', state.extraPrisoners / WEEKS_PER_YEAR);
    if (sim.recorder.areaRecorded) addAreaLosses(sim, dt);
    if (report.closing1 >= 0) recordStocks(report, s, report.closing1);
    if (report.closing2 >= 0) recordStocks(report, s, report.closing2);
  }
  // Anchor of the extortion index: operating capacity in mid-2023.
  if (state.referenceCapacity === 0 && weekToYear(t + dt) >= EXTORTION_ANCHOR_YEAR - 1e-9)
    state.referenceCapacity = operatingCapacity(s);
}

function recordStocks(report: Report, s: SimState, k: number): void {
  report.setStock('members', k, s.totalMembers());
  report.setStock('groups', k, s.activeGroups(MIN_GROUP_SIZE));
  report.setStock('incarcerated', k, s.incarcerated);
  report.setStock('cooperation', k, s.coop);
}

/** Spread this step's recorded losses over areas, closing periods as their end passes. */
function addAreaLosses(sim: Simulation, dt: number): void {
  const s = sim.state.model;
  const recFactor = sim.state.recordedFactor;
  const ws = sim.scratch.dynamics;
  const { recorder } = sim;
  const { report } = recorder;
  const pendR = recorder.pendingRival!;
  const pendB = recorder.pendingBaseline!;
  const before = report.closing1 >= 0 ? report.weeksBeforeClose : dt;
  for (let i = 0; i < s.n; i++) {
    pendR[i] += before * ws.lossR[i] * recFactor[i];
    pendB[i] += before * ws.lossB[i] * recFactor[i];
  }
  if (report.closing1 < 0) return;
  closeAreaPeriod(recorder, s, report.closing1);
  const after = dt - before;
  if (after > 0) {
    for (let i = 0; i < s.n; i++) {
      pendR[i] += after * ws.lossR[i] * recFactor[i];
      pendB[i] += after * ws.lossB[i] * recFactor[i];
    }
  }
  if (report.closing2 >= 0) closeAreaPeriod(recorder, s, report.closing2);
}

function closeAreaPeriod(recorder: Recorder, s: SimState, k: number): void {
  const m = s.areas;
  const pendR = recorder.pendingRival!;
  const pendB = recorder.pendingBaseline!;
  allocateLosses(s, pendR, pendB, recorder.areaRecorded!.subarray(k * m, k * m + m));
  pendR.fill(0);
  pendB.fill(0);
}

/** Deaths in confrontations: national flow, placed by the target group's presence (or population). */
export function confront(sim: Simulation, deaths: number, group: number): void {
  const s = sim.state.model;
  const { report, calibration, areaConfront } = sim.recorder;
  calibration?.addEvent('confront', deaths);
  report.addEvent('confront', deaths);
  const k = report.current;
  if (!areaConfront || k < 0) return;
  const m = s.areas;
  const { mechanisms, populationShare } = sim.config;
  for (let a = 0; a < m; a++) {
    const share = group >= 0 && mechanisms.territory ? s.S[group * m + a] : populationShare[a];
    areaConfront[k * m + a] += deaths * share;
  }
}

/**
 * The reported metrics of a finished branch: homicides from the fitted calibration (with the AR(1)
 * residual path after the last observed year), indices normalised to their anchors, NaN where a metric
 * is not reported.
 */
export function finalize(
  sim: Simulation,
  fit: HomicideFit,
  residuals: Map<number, number>,
  startWeek: number,
): BranchResult {
  const { params: p, mechanisms, populationShare } = sim.config;
  const s = sim.state.model;
  const { referenceDrugFlow, referenceCapacity } = sim.state;
  const { report, areaRecorded, areaConfront, events } = sim.recorder;
  const P = report.periods;
  const bounds = report.bounds;
  const F = report.flows;
  const metrics: Partial<Record<MetricId, Float64Array>> = {};
  const startYear = weekToYear(startWeek);
  const anchorYear = Math.min(Math.floor(EXTORTION_ANCHOR_YEAR), Math.floor(startYear));
  const out = (id: MetricId, value: (k: number) => number) => {
    const spec = METRICS[id] as MetricSpec;
    if (spec.requires && !mechanisms[spec.requires]) return;
    const a = new Float64Array(P);
    for (let k = 0; k < P; k++) {
      const endYear = weekToYear(bounds[k + 1]);
      const shown =
        spec.from === 'history' ||
        (spec.from === 'start' && bounds[k + 1] > startWeek + 1e-9) ||
        (spec.from === 'anchor' && endYear > anchorYear + 1e-9);
      a[k] = shown ? value(k) : Number.NaN;
    }
    metrics[id] = a;
  };
  // After the last observed year, the structural level is corrected by the AR(1) residual path.
  const correction = (k: number) =>
    Math.exp(residuals.get(Math.floor(weekToYear((bounds[k] + bounds[k + 1]) / 2))) ?? 0);
  const homicides = (k: number) =>
    ((fit.nonCartelRate * F.personYears[k]) / 1e5 +
      fit.perConflictDeath * F.recorded[k] +
      fit.legacy * legacyBasis(weekToYear(bounds[k]), weekToYear(bounds[k + 1]), fit.legacyYears) +
      F.confront[k]) *
    correction(k);
  out('homicides', homicides);
  out('homicideRate', (k) => (homicides(k) / F.personYears[k]) * 1e5);
  out('conflictDeaths', (k) => F.conflict[k]);
  out('members', (k) => report.stocks.members[k]);
  out('groups', (k) => report.stocks.groups[k]);
  out('incarcerated', (k) => report.stocks.incarcerated[k]);
  const weeksIn = (k: number) => bounds[k + 1] - bounds[k];
  out('drugFlow', (k) => (100 * F.drugRaw[k]) / weeksIn(k) / referenceDrugFlow);
  out(
    'usOverdoseDeaths',
    (k) => (p.overdoses2024 * F.odRaw[k]) / referenceDrugFlow ** p.overdoseSupplyElasticity,
  );
  out('extortion', (k) => (p.extortion2023 * F.extRaw[k]) / referenceCapacity);
  out('tradeCost', (k) => F.trade[k]);
  // Under the status quo the extra prisoners are rounding only (its incapacitation equals η up to the RK4
  // weights): below a millionth of a prisoner-year they count as none, so the status quo costs exactly 0.
  // A scenario with a lever that has no cost (a what-if) has no fiscal cost to report.
  const perPrisonerYear = prisonCostUsd(p);
  const costed = sim.policies?.costed ?? true;
  out('fiscalCost', (k) => {
    if (!costed) return Number.NaN;
    const extra = Math.abs(F.extraPrison[k]) < 1e-6 ? 0 : F.extraPrison[k];
    return F.spend[k] + extra * perPrisonerYear;
  });
  out('cooperation', (k) => report.stocks.cooperation[k]);

  let areaHomicides: Float64Array | undefined;
  if (areaRecorded && areaConfront) {
    const m = s.areas;
    areaHomicides = new Float64Array(P * m);
    for (let k = 0; k < P; k++) {
      const legacy =
        fit.legacy * legacyBasis(weekToYear(bounds[k]), weekToYear(bounds[k + 1]), fit.legacyYears);
      const c = correction(k);
      for (let a = 0; a < m; a++) {
        areaHomicides[k * m + a] =
          (((fit.nonCartelRate * F.personYears[k]) / 1e5 + legacy) * populationShare[a] +
            fit.perConflictDeath * areaRecorded[k * m + a] +
            areaConfront[k * m + a]) *
          c;
      }
    }
  }
  const warnings: string[] = [];
  if (s.skippedSplits > 0) warnings.push(SPLITS_SKIPPED);
  return { metrics, areaHomicides, events, warnings };
}
