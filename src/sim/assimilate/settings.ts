import type { NowcastSettings } from './nowcast-model.js';

/**
 * The assimilation's settings in use, and why. They were chosen by the filter's likelihood on the 2015–2025
 * counts (a small grid, 150 particles: `commonSd`, `levelSd`, `observationSd`) and by the hold-out check
 * (docs/CALIBRATION.md, `atalaya calibrate holdout`) for the projection, never by the projections' look.
 *
 * - The national factor and the state levels follow the counts; months scatter by 12% beyond Poisson
 *   noise (tighter: the observed national months fall outside the filtered band in one month of four).
 * - Only the recruitment driver moves the engine. An intensity driver inside the engine (a multiplier of
 *   lethality) absorbed every persistent change at once, left the groups on the published model's growth,
 *   and made the filter collapse onto a few particles.
 * - A damped trend per state level extrapolated the 2015–2018 rise into 50% errors three years on.
 *
 * ASSUMPTION, each: best of a small grid, not estimates with intervals (IF2 over them is the next step).
 */
export const NOWCAST_SETTINGS: NowcastSettings = {
  recruitStart: [0.5, 1.25],
  recruitSd: 0.02,
  commonSd: 0.04,
  levelSd: 0.04,
  levelPriorSd: 2,
  observationSd: 0.12,
  // κ and h: the ranges of the per-run homicide fit (docs/MODEL.md section 9).
  kappa: [1, 8],
  nonCartelRate: [4, 8.1],
};

/**
 * Weight of the engine's own status-quo change in a projection (project.ts): 0, the present held. Measured
 * on the hold-out (`atalaya calibrate holdout`: origins at the ends of 2017, 2019, 2021 and 2023 and mid-2024;
 * 300 particles): with weight 1 the engine's status quo grows (the published model's +40% victims in five
 * years) and its national totals miss by 9.7%, 17.7% and 29.0% at one, two and three years, against 6.2%,
 * 11.1% and 13.2% for the last 12 months held flat; at 0, 6.2%, 10.4% and 11.6%. So the status quo starts
 * from each state's present and holds it, with intervals sized from the observed year-on-year changes; the
 * engine moves policies against it (paired runs).
 */
export const STATUS_QUO_MODEL_WEIGHT = 0;
