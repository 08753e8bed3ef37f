import {
  type ObservedHomicides,
  type ObservedMonthly,
  observedHomicides,
} from '../../data/observed/homicides.js';
import { sesnspToInegiScale } from '../../data/observed/scale.js';
import { monthLabel, parseMonthLabel } from '../../data/panel/months.js';
import { WEEKS_PER_YEAR } from '../calendar.js';
import type { BranchResult } from '../outputs.js';
import type { Rng } from '../rng.js';
import type { MonthlyObservations } from './nowcast-model.js';
import { anchorLevels, driftScales } from './project.js';

/**
 * Homicides that start from the present. The hold-out (settings.ts, docs/NOWCAST.md) found that the
 * engine's own status-quo change loses to no change one to three years out, so a run's homicides after
 * the anchor are:
 *
 *   H_{k,t} = s · O · exp(ξ_t) · H^engine_{k,t} / H^engine_{0,t}
 *
 * O: the observed SESNSP victims of the last 12 complete months (per year; by state for per-state results);
 * s: the INEGI/SESNSP ratio, drawn per run from its estimate (data/observed/scale.ts), so results are in
 * INEGI's units as before; ξ: a national log random walk whose yearly steps have the size of the observed
 * year-on-year changes (state results add their own, mean-preserving); H^engine_k / H^engine_0: scenario k
 * against a run of the same history with no policy (common random numbers): what the engine says the
 * policy changes. Before any policy starts the ratio is 1, so every scenario starts at the present.
 */
export interface AnchorSpec {
  /** Where the counts came from: `SESNSP 2025-06 vintage`. */
  release: string;
  /** The newest observed month (complete or not): scenarios starting at 'present' start the month after. */
  through: string;
  /** The 12 complete months the level is measured over. */
  window: [string, string];
  /** Midpoint of the window, in fractional years (2024.92 = December 2024). */
  midYear: number;
  /** SESNSP victims per year over the window: national, and by state (codes). */
  national: number;
  states: { ids: string[]; values: number[] };
  /** INEGI/SESNSP ratio on the log scale: mean and predictive standard deviation for one year. */
  scale: { logMean: number; logSd: number };
  /** Yearly standard deviation of the national log drift and of a state's drift beyond it. */
  drift: { national: number; state: number };
}

/** The anchor of the observed series: the present as the counts give it. */
export function anchorFromObserved(observed: ObservedHomicides): AnchorSpec {
  const monthly = observed.monthly;
  const obs = monthMajor(monthly);
  const A = monthly.states.length;
  const levels = anchorLevels(obs, A);
  const drift = driftScales(obs, A);
  const end = lastCompleteMonth(monthly);
  const first = parseMonthLabel(end) - 11;
  const scale = sesnspToInegiScale(observed, { byState: false });
  const [y, m] = monthLabel(first).split('-').map(Number);
  return {
    release: observed.source.release,
    through: observed.source.lastMonth,
    window: [monthLabel(first), end],
    // The window's midpoint: its first month's start plus six months.
    midYear: y + (m - 1) / 12 + 0.5,
    national: levels.reduce((s, v) => s + (Number.isNaN(v) ? 0 : v), 0) * 12,
    states: { ids: [...monthly.states], values: Array.from(levels, (v) => v * 12) },
    // A future year's ratio: the year-to-year scatter and the uncertainty of the mean.
    scale: { logMean: scale.logMean, logSd: Math.hypot(scale.logSd, scale.logSe) },
    drift: { national: drift.national * Math.sqrt(12), state: drift.state * Math.sqrt(12) },
  };
}

/**
 * The present the runs start from: the newest observed counts (the data cache, else the built-in table),
 * their anchor, and the counts themselves (the Monte Carlo filters them: posterior.ts).
 */
export function presentAnchor(home?: string): {
  spec: AnchorSpec;
  observed: ObservedHomicides;
  warnings: string[];
} {
  const observed = observedHomicides({ home });
  return { spec: anchorFromObserved(observed), observed, warnings: observed.warnings };
}

/**
 * The counts month-major (`victims[t · areas + a]`), areas in the order `ids` (default: the table's), the
 * first `months` months, the months still being revised missing.
 */
export function monthMajor(
  monthly: ObservedMonthly,
  options: { months?: number; ids?: readonly string[] } = {},
): MonthlyObservations {
  const { months = monthly.months, ids = monthly.states } = options;
  const A = ids.length;
  const from = parseMonthLabel(monthly.start);
  const incomplete = new Set(monthly.incompleteMonths.map(parseMonthLabel));
  const row = ids.map((id) => monthly.states.indexOf(id));
  const victims = new Float64Array(months * A).fill(Number.NaN);
  for (let t = 0; t < months; t++) {
    if (incomplete.has(from + t)) continue;
    for (let a = 0; a < A; a++)
      if (row[a] >= 0) victims[t * A + a] = monthly.victims[row[a] * monthly.months + t];
  }
  return { start: monthly.start, months, victims };
}

function lastCompleteMonth(monthly: ObservedMonthly): string {
  const incomplete = new Set(monthly.incompleteMonths);
  let t = parseMonthLabel(monthly.start) + monthly.months - 1;
  while (incomplete.has(monthLabel(t))) t--;
  return monthLabel(t);
}

/**
 * The anchor of one run that starts from a particle of the filtered posterior (posterior.ts): the
 * particle's present (`levels`, per year, SESNSP units, areas in the order `ids`) instead of the observed
 * mean of the last 12 complete months, and its drift measured from the last filtered month (`midYear`).
 */
export function anchorAtParticle(
  spec: AnchorSpec,
  particle: { levels: Float64Array; midYear: number },
  ids: readonly string[],
): AnchorSpec {
  const values = spec.states.ids.map((id) => {
    const k = ids.indexOf(id);
    return k < 0 ? Number.NaN : particle.levels[k];
  });
  return {
    ...spec,
    midYear: particle.midYear,
    national: values.reduce((sum, v) => sum + (Number.isNaN(v) ? 0 : v), 0),
    states: { ids: spec.states.ids, values },
  };
}

/** One run's draws: the ratio and the national path (antithetic runs pass `sign` −1 with the same rng). */
export interface AnchorDraw {
  scale: number;
  /** ξ at each period's midpoint (NaN for periods before the anchor). */
  xi: Float64Array;
  /** ζ per period and state, [p · states + a] (mean-preserving: includes −½σ²Δ). */
  zeta: Float64Array;
}

/**
 * Draw a run's anchor path for periods with midpoints `mid` (fractional years). Periods whose midpoint is
 * not after the anchor's midpoint are history (NaN): the engine's fitted values stay there.
 */
export function drawAnchor(spec: AnchorSpec, mid: Float64Array, rng: Rng, sign: 1 | -1): AnchorDraw {
  const P = mid.length;
  const S = spec.states.ids.length;
  const scale = Math.exp(spec.scale.logMean + sign * spec.scale.logSd * rng.normal());
  const xi = new Float64Array(P).fill(Number.NaN);
  const zeta = new Float64Array(P * S).fill(Number.NaN);
  const walk = new Float64Array(S);
  let x = 0;
  let last = spec.midYear;
  for (let p = 0; p < P; p++) {
    if (!(mid[p] > spec.midYear)) continue;
    const dt = mid[p] - last;
    last = mid[p];
    x += sign * spec.drift.national * Math.sqrt(dt) * rng.normal();
    xi[p] = x;
    const elapsed = mid[p] - spec.midYear;
    for (let a = 0; a < S; a++) {
      walk[a] += sign * spec.drift.state * Math.sqrt(dt) * rng.normal();
      zeta[p * S + a] = walk[a] - 0.5 * spec.drift.state ** 2 * elapsed;
    }
  }
  return { scale, xi, zeta };
}

/**
 * Replace a branch's homicides after the anchor by the anchored ones (see the header): national, the rate,
 * and per state when the branch has them. `base` is the same run without policies.
 */
export function applyAnchor(
  branch: BranchResult,
  base: BranchResult,
  draw: AnchorDraw,
  spec: AnchorSpec,
  bounds: Float64Array,
  areaIds: readonly string[],
): void {
  const H = branch.metrics.homicides;
  const H0 = base.metrics.homicides;
  if (!H || !H0) return;
  const rate = branch.metrics.homicideRate;
  const S = spec.states.ids.length;
  const stateIndex = areaIds.map((id) => spec.states.ids.indexOf(id));
  const m = areaIds.length;
  for (let p = 0; p < H.length; p++) {
    if (Number.isNaN(draw.xi[p]) || Number.isNaN(H[p])) continue;
    const years = (bounds[p + 1] - bounds[p]) / WEEKS_PER_YEAR;
    const anchored = draw.scale * spec.national * years * Math.exp(draw.xi[p]) * (H[p] / H0[p]);
    if (rate) rate[p] *= anchored / H[p];
    H[p] = anchored;
    const area = branch.areaHomicides;
    const area0 = base.areaHomicides;
    if (!area || !area0) continue;
    for (let a = 0; a < m; a++) {
      const s = stateIndex[a];
      const k = p * m + a;
      if (s < 0 || !(area0[k] > 0)) continue;
      const level = draw.scale * spec.states.values[s] * years;
      area[k] = level * Math.exp(draw.xi[p] + draw.zeta[p * S + s]) * (area[k] / area0[k]);
    }
  }
}
