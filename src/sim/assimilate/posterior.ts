import type { ObservedHomicides } from '../../data/observed/homicides.js';
import { sesnspToInegiScale } from '../../data/observed/scale.js';
import { monthLabel, parseMonthLabel } from '../../data/panel/months.js';
import { WEEKS_PER_YEAR, yearMonthToWeek } from '../calendar.js';
import type { Simulation } from '../engine.js';
import type { HistoryBand } from '../history-band.js';
import type { World } from '../model/world.js';
import type { Params } from '../params.js';
import { createRng } from '../rng.js';
import type { Mechanisms } from '../scenario/schema.js';
import { quantileSorted } from '../summary.js';
import { traceLineages } from './lineages.js';
import { type NowcastInput, runNowcast } from './nowcast.js';
import { NowcastModel, type NowcastSettings } from './nowcast-model.js';
import { particleStream } from './streams.js';

/**
 * The present as a Monte Carlo starts from it: the nowcast filter (nowcast.ts) run through the observed
 * months up to the month before the scenarios start, and, for each run, one particle of the filtered
 * posterior, rebuilt in the run's own thread by replaying its lineage.
 *
 * Why replay rather than ship engine states: a particle's state at the last month is a pure function of
 * its root's prior draw and of the random streams of the slots its ancestors held (particle-filter.ts:
 * every stream is keyed by (seed, step, slot)). The lineage (one slot per month) is a few hundred bytes;
 * the state is tens of kilobytes of typed arrays and a world. Replaying costs one particle's history,
 * which is what a run without assimilation spends on its own history anyway, and it gives each run the
 * exact engine, parameters and recruitment driver the filter weighed against the counts.
 */
export interface PresentPosterior {
  /** The filter's identity: a replay must use the same seed, settings and first month. */
  seed: number;
  settings: NowcastSettings;
  start: string;
  /** Months filtered (the first is `start`, the last `through`). */
  months: number;
  through: string;
  particles: number;
  /** [t · particles + i]: the slot final particle i's ancestor held at month t. */
  lineages: Int32Array;
  /** The counts filtered, month-major in the world's area order (a replay repeats the level updates). */
  counts: Float64Array;
  logLikelihood: number;
  /** Smallest effective sample size of any month, before resampling. */
  minEss: number;
  /** The data filtered, e.g. `SESNSP 2025-06 vintage`. */
  release: string;
  /** Observed yearly homicides and this filter's particles' totals (INEGI units), for the history band. */
  years: YearTotals;
}

/** The nowcast's input (nowcast.ts), with the whole observed series for the history band. */
export interface PosteriorOptions extends Omit<NowcastInput, 'observations'> {
  observed: ObservedHomicides;
  /** The last month the filter may use (the month before the scenario start). Default: every month. */
  until?: string;
  particles: number;
  seed: number;
}

/** Filter the observed counts and keep what each run needs to rebuild its particle. */
export function filterPresent(options: PosteriorOptions): PresentPosterior {
  const { observed, ...input } = options;
  const monthly = observed.monthly;
  const until = options.until ? Math.min(parseMonthLabel(options.until), lastMonth(monthly)) : undefined;
  const { result, ancestry, nationalDraws, model, lineages } = runNowcast({
    ...input,
    observations: monthly,
    until: until === undefined ? undefined : monthLabel(until),
  });
  const N = result.particles;
  return {
    seed: result.seed,
    settings: result.settings,
    start: result.from,
    months: result.months.length,
    through: result.to,
    particles: N,
    lineages,
    counts: model.observations.victims,
    logLikelihood: result.logLikelihood,
    minEss: Math.min(...result.ess),
    release: options.observed.source.release,
    years: yearTotals(options.observed, result.months, ancestry, nationalDraws, N, options.seed),
  };
}

function identity(n: number): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => i);
}

function lastMonth(monthly: ObservedHomicides['monthly']): number {
  return parseMonthLabel(monthly.start) + monthly.months - 1;
}

export interface ReplayOptions {
  world: World;
  /** Which final particle (runs beyond the particle count reuse particles: run mod particles). */
  draw: number;
  mechanisms: Mechanisms;
  fixed?: Partial<Params>;
  uncertainty?: 'full' | 'none';
  /** The run's reporting and the hook that attaches its calibration accumulators (engine.ts). */
  simulation: { bounds: Float64Array; byArea: boolean; prepare?: (sim: Simulation) => void };
}

/** A particle rebuilt: where its run starts. */
export interface Replayed {
  /** The engine at the end of the last filtered month, with the particle's parameters and driver. */
  sim: Simulation;
  /** That moment, in weeks since 2012. */
  week: number;
  /** The particle's filtered present by area (world order), per year in SESNSP units (`presentLevel` × 12). */
  levels: Float64Array;
  /** Midpoint of the last filtered month, in fractional years: the present the levels describe. */
  midYear: number;
}

/**
 * Final particle `draw` of the posterior, rebuilt: its engine, parameters and recruitment driver, and its
 * levels (the Kalman updates repeated on the same counts), as the filter left them.
 */
export function replayParticle(posterior: PresentPosterior, options: ReplayOptions): Replayed {
  const N = posterior.particles;
  const i = options.draw % N;
  const T = posterior.months;
  const slotAt = (t: number) => posterior.lineages[t * N + i];
  const model = new NowcastModel({
    world: options.world,
    mechanisms: options.mechanisms,
    observations: { start: posterior.start, months: T, victims: posterior.counts },
    particles: 1,
    seed: posterior.seed,
    settings: posterior.settings,
    fixed: options.fixed,
    uncertainty: options.uncertainty,
    roots: [slotAt(0)],
    simulation: options.simulation,
  });
  for (let t = 0; t < T; t++) {
    model.propagate(0, t, particleStream(posterior.seed, t, slotAt(t)), slotAt(t));
    model.logLikelihood(0, t);
  }
  const week = yearMonthToWeek(posterior.start) + (T * WEEKS_PER_YEAR) / 12;
  const levels = Float64Array.from({ length: model.areas }, (_, a) => 12 * model.presentLevel(0, a, T - 1));
  const [y, m] = posterior.through.split('-').map(Number);
  return { sim: model.sims[0], week, levels, midYear: y + (m - 0.5) / 12 };
}

const LEVELS = [0.05, 0.5, 0.95];

/** Each observed year, and each final particle's filtered total for it (INEGI units). */
export interface YearTotals {
  observed: HistoryBand['observed'];
  /** [year k · particles + i]. */
  totals: Float64Array;
  particles: number;
}

/**
 * Observed yearly national homicides (INEGI where it has published the year, else SESNSP victims times
 * the INEGI/SESNSP ratio) and each particle's total for the same year: its lineage summed over the year's
 * months (lineages.ts), times a draw of the ratio, so the band is in INEGI's units with the ratio's
 * uncertainty. Months still being revised are left out of both sides of a year; a year with fewer than 12
 * usable months is annualised (× 12 / months) and says how many it had.
 */
export function yearTotals(
  observed: ObservedHomicides,
  months: readonly string[],
  ancestry: readonly Int32Array[],
  nationalDraws: Float64Array,
  particles: number,
  seed: number,
): YearTotals {
  const scale = sesnspToInegiScale(observed, { byState: false });
  const ratioSd = Math.hypot(scale.logSd, scale.logSe);
  const ratioRng = createRng(seed, 'history-ratio');
  const ratios = Float64Array.from({ length: particles }, () =>
    Math.exp(scale.logMean + ratioSd * ratioRng.normal()),
  );
  const monthly = observed.monthly;
  const incomplete = new Set(monthly.incompleteMonths);
  const inegi = new Map(observed.inegi.nationalYearly.map((r) => [r.year, r.value]));
  const first = parseMonthLabel(monthly.start);
  const byYear = new Map<number, number[]>();
  months.forEach((m, t) => {
    if (incomplete.has(m) || !Number.isFinite(monthly.national[parseMonthLabel(m) - first])) return;
    const y = Number(m.slice(0, 4));
    byYear.set(y, [...(byYear.get(y) ?? []), t]);
  });
  const out: YearTotals = {
    observed: [],
    totals: new Float64Array(byYear.size * particles),
    particles,
  };
  let k = 0;
  for (const [year, ts] of byYear) {
    const annualise = 12 / ts.length;
    let sesnsp = 0;
    for (const t of ts) sesnsp += monthly.national[parseMonthLabel(months[t]) - first];
    const fromInegi = ts.length === 12 ? inegi.get(year) : undefined;
    out.observed.push(
      fromInegi !== undefined
        ? { t: year, value: fromInegi, source: 'INEGI', months: 12 }
        : { t: year, value: sesnsp * scale.ratio * annualise, source: 'SESNSP', months: ts.length },
    );
    // Lineages traced from the year's last month, not from the newest (a fixed-lag smoother): traced
    // over many years, lineages coalesce on a few ancestors and old years' bands shrink to nothing.
    const end = ts[ts.length - 1];
    const lineages = traceLineages(ancestry.slice(0, end + 1), identity(particles));
    for (let i = 0; i < particles; i++) {
      let sum = 0;
      for (const t of ts) sum += nationalDraws[t * particles + lineages[t * particles + i]];
      out.totals[k * particles + i] = sum * ratios[i] * annualise;
    }
    k++;
  }
  return out;
}

/** The band of the pooled particles of one or more filters of the same counts (islands, posterior.ts). */
export function historyBand(release: string, through: string, parts: readonly YearTotals[]): HistoryBand {
  const years = parts[0].observed;
  return {
    release,
    through,
    observed: years,
    filtered: years.map((o, k) => {
      const pooled = Float64Array.from(
        parts.flatMap((p) => Array.from(p.totals.subarray(k * p.particles, (k + 1) * p.particles))),
      ).sort();
      const [p05, p50, p95] = LEVELS.map((q) => quantileSorted(pooled, q));
      return { t: o.t, p05, p50, p95 };
    }),
  };
}
