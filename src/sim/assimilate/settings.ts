import type { NowcastSettings } from './nowcast-model.js';

/**
 * The assimilation's settings in use, and why.
 *
 * The five noise sds are the IF2 estimates on the 2015-01 to 2025-06 counts (`atalaya calibrate nowcast
 * --particles 200 --iterations 20 --replicates 3`, seed 1, the 150-group files; docs/NOWCAST.md "What the
 * data identify"), rounded: the log-likelihood gains 146 ± 5 on the values chosen before by a small grid
 * (levelSd 0.04, observationSd 0.12, commonSd 0.04, transientSd 0.035). The data identify them; κ, h and
 * the driver's start stay prior-driven (flat profiles), so they keep their priors below.
 *
 * - State levels move by about 10% a month (q = 0.097): a war (Sinaloa from September 2024) or a collapse
 *   (Zacatecas 2024) is followed within months rather than trailed for a year.
 * - Months scatter by 8% beyond Poisson noise (σ = 0.079), the national factor steps by 2.4% a month, and
 *   the national scatter that does not last is 1.8% (σ_u = 0.018, against 3.5% from the national series'
 *   deviations from a centred 12-month mean: the state levels take part of it).
 * - Only the recruitment driver moves the engine (its step, 0.021, is prior-driven: its profile covers
 *   half its range). An intensity driver inside the engine (a multiplier of lethality) absorbed every
 *   persistent change at once, left the groups on the published model's growth, and made the filter
 *   collapse onto a few particles.
 * - A damped trend per state level extrapolated the 2015–2018 rise into 50% errors three years on.
 */
export const NOWCAST_SETTINGS: NowcastSettings = {
  recruitStart: [0.5, 1.25],
  recruitSd: 0.02,
  commonSd: 0.024,
  transientSd: 0.018,
  levelSd: 0.097,
  levelPriorSd: 2,
  observationSd: 0.079,
  // κ and h: the ranges of the per-run homicide fit (docs/MODEL.md section 9).
  kappa: [1, 8],
  nonCartelRate: [4, 8.1],
};

/**
 * Weight of the engine's own status-quo change in a projection (project.ts): 0, the present held. Measured
 * on the hold-out (`atalaya calibrate holdout`, 300 particles, the five origins first used: the ends of 2017,
 * 2019, 2021 and 2023 and mid-2024): with weight 1 the engine's status quo grows (the published model's +40%
 * victims in five years) and its national totals miss by 9.7%, 17.7% and 29.0% at one, two and three years,
 * against 6.2%, 11.1% and 13.2% for the last 12 months held flat. At 0, holding each particle's filtered
 * present, the 16 half-yearly origins of today's default give 5.4%, 8.2% and 11.4% against the flat
 * baseline's 6.8%, 11.4% and 14.8% (docs/CALIBRATION.md). So the status quo starts from each state's present
 * and holds it, with intervals sized from the observed year-on-year changes; the engine moves policies
 * against it (paired runs).
 */
export const STATUS_QUO_MODEL_WEIGHT = 0;
