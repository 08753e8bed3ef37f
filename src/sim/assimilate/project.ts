import { substream } from '../rng.js';
import type { MonthlyObservations, NowcastModel } from './nowcast-model.js';
import { STATUS_QUO_MODEL_WEIGHT } from './settings.js';

/**
 * The status quo carried on from the present: each particle of the filtered swarm (an engine state with
 * its parameters, drivers and levels, drawn in proportion to its weight) runs on for `months`, and each
 * state's count is the particle's filtered present times the model's change since the last 12 months:
 *
 *   Ĥ_{a,t} = L_a · (m_{a,t} / m̄_a)^γ · exp(ξ_t + ζ_{a,t})
 *
 * L_a: the particle's expected count of state a in the last filtered month, per average month
 * (`NowcastModel.presentLevel`: its levels times its engine's mean); m̄_a: the particle's model mean over
 * the last 12 months; ξ, ζ: national and state log random walks whose monthly steps have the size of the
 * observed year-on-year changes before the anchor (`driftScales`): the counts move by more than the model
 * explains, and the interval says so. Every run starts where the filter puts the present. γ weighs the
 * engine's own change: the hold-out sets it to 0 for the status quo (settings.ts says why), so the status
 * quo holds the present; a policy's effect is the engine's change against the status quo of the same
 * particle.
 *
 * Why the filtered present rather than the mean of the last 12 observed months: one to three years out it
 * errs less (bench/anchor-level.ts, docs/CALIBRATION.md), because a 12-month mean lags a series that is
 * moving, and the counts of the newest months, still being revised, are missing rather than low.
 */
export interface ProjectionOptions {
  months: number;
  seed: number;
  /** Exponent γ on the model's change (1: as the engine says; 0: the present held). Default: settings.ts. */
  modelWeight?: number;
}

export interface Projection {
  /** [(run · months + h) · areas + a], SESNSP units (victims per month). */
  values: Float64Array;
  runs: number;
  months: number;
  areas: number;
  /** Observed monthly mean of the last 12 months (the flat baseline's level; the runs hold their own L_a). */
  anchor: Float64Array;
  /** Monthly log drift sizes used (national, state). */
  drift: { national: number; state: number };
}

/** Index of the last month with any count. */
function lastObservedMonth(obs: MonthlyObservations, areas: number): number {
  for (let t = obs.months - 1; t >= 0; t--)
    for (let a = 0; a < areas; a++) if (!Number.isNaN(obs.victims[t * areas + a])) return t;
  return -1;
}

/** Observed monthly mean of each area over the 12 months that end with the last month with counts. */
export function anchorLevels(obs: MonthlyObservations, areas: number): Float64Array {
  const out = new Float64Array(areas);
  const end = lastObservedMonth(obs, areas) + 1;
  for (let a = 0; a < areas; a++) {
    let sum = 0;
    let k = 0;
    for (let t = end - 12; t < end; t++) {
      const v = obs.victims[t * areas + a];
      if (t >= 0 && !Number.isNaN(v)) {
        sum += v;
        k++;
      }
    }
    out[a] = k > 0 ? sum / k : Number.NaN;
  }
  return out;
}

/**
 * Sizes of the monthly log steps of the national and state drifts, from complete 12-month blocks ending at
 * the anchor: the root mean square of year-on-year log changes (national), and of each state's change net
 * of the national one, divided by √12. Root mean square rather than standard deviation: a trend is part of
 * what the projection does not know.
 */
export function driftScales(obs: MonthlyObservations, areas: number): { national: number; state: number } {
  // Blocks end at the last month with counts (the newest, incomplete months are missing).
  const end = lastObservedMonth(obs, areas) + 1;
  const blocks = Math.floor(end / 12);
  const first = end - blocks * 12;
  const totals: number[][] = [];
  for (let b = 0; b < blocks; b++) {
    const row = new Array<number>(areas + 1).fill(0);
    for (let t = first + b * 12; t < first + b * 12 + 12; t++) {
      for (let a = 0; a < areas; a++) {
        const v = obs.victims[t * areas + a];
        if (!Number.isNaN(v)) {
          row[a] += v;
          row[areas] += v;
        }
      }
    }
    totals.push(row);
  }
  let nat = 0;
  let st = 0;
  let ns = 0;
  for (let b = 1; b < blocks; b++) {
    const d = Math.log(totals[b][areas] / totals[b - 1][areas]);
    nat += d * d;
    for (let a = 0; a < areas; a++) {
      if (totals[b][a] > 0 && totals[b - 1][a] > 0) {
        const e = Math.log(totals[b][a] / totals[b - 1][a]) - d;
        st += e * e;
        ns++;
      }
    }
  }
  const years = Math.max(1, blocks - 1);
  return {
    national: Math.sqrt(nat / years) / Math.sqrt(12),
    state: ns > 0 ? Math.sqrt(st / ns) / Math.sqrt(12) : 0,
  };
}

/**
 * Project every particle of a filtered model forward (the model must have been filtered through all its
 * observed months and resampled to equal weights: each particle is one run).
 */
export function projectStatusQuo(model: NowcastModel, options: ProjectionOptions): Projection {
  const { n, areas } = model;
  const obs = model.observations;
  const T0 = obs.months;
  const H = options.months;
  const anchor = anchorLevels(obs, areas);
  const drift = driftScales(obs, areas);
  // Each particle holds its own filtered present (bench/anchor-level.ts: one to three years out it errs
  // less than the mean of the last 12 or 6 observed months).
  const level = new Float64Array(n * areas);
  for (let j = 0; j < n; j++)
    for (let a = 0; a < areas; a++) level[j * areas + a] = model.presentLevel(j, a, T0 - 1);
  const base = new Float64Array(n * areas);
  for (let j = 0; j < n; j++) for (let a = 0; a < areas; a++) base[j * areas + a] = model.recentMean(j, a);
  const values = new Float64Array(n * H * areas);
  const gamma = options.modelWeight ?? STATUS_QUO_MODEL_WEIGHT;
  const stateVar = (drift.state * drift.state) / 2;
  const xi = new Float64Array(n);
  const half = Math.floor(n / 2);
  model.frozenDrivers = true;
  const zeta = new Float64Array(n * areas);
  for (let h = 0; h < H; h++) {
    const t = T0 + h;
    for (let j = 0; j < n; j++) {
      const rng = substream(options.seed, j, `project-${t}`);
      model.propagate(j, t, rng);
      // Antithetic national steps: run j + n/2 takes the opposite of run j's, so the ensemble's median is
      // the present held (up to the engine's change) rather than the present plus sampling noise.
      const partner = j - half;
      if (partner >= 0 && partner < half) xi[j] = -xi[partner];
      else xi[j] += drift.national * rng.normal();
      for (let a = 0; a < areas; a++) {
        const k = j * areas + a;
        zeta[k] += drift.state * rng.normal();
        const change = base[k] > 0 ? (model.mean[k] / base[k]) ** gamma : 1;
        // The state term keeps its mean (its variance must not lift the national total); the national
        // term keeps its median.
        values[(j * H + h) * areas + a] = level[k] * change * Math.exp(xi[j] + zeta[k] - stateVar * (h + 1));
      }
    }
  }
  model.frozenDrivers = false;
  return { values, runs: n, months: H, areas, anchor, drift };
}
