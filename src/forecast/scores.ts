import { crpsFromPmf, expectedLog1p, quantilesFromPmf, upperTail } from './nb-dist.js';

/**
 * Scores of count forecasts, as conflict forecasters use them (ViEWS prediction challenges: Hegre et al.
 * 2019, J. Peace Research 56(2):155; Vesco et al. 2022, International Interactions 48(4):860):
 *
 * - MSE of log(1 + count), with the point forecast E[log(1 + Y)] of each predictive distribution (the
 *   value that minimises that loss, so no model is penalised for reporting its mean instead);
 * - CRPS, the continuous ranked probability score (Gneiting & Raftery 2007, JASA 102:359), exact for
 *   counts: Σ_k (F(k) − 1{y ≤ k})²;
 * - coverage of the central 50% and 90% intervals [p25, p75] and [p05, p95] (inclusive: counts are
 *   discrete, so a well-calibrated interval covers at least its nominal share: with most municipal
 *   months at 0, an interval [0, k] covers every 0);
 * - calibration of the whole distribution by the probability integral transform for counts (Czado,
 *   Gneiting & Held 2009, Biometrics 65:1254): the share of the randomised PIT, uniform on
 *   [F(y − 1), F(y)], that falls in the central 50% and 90% — computed exactly, not sampled. For a
 *   calibrated forecast it is 0.50 and 0.90 whatever the discreteness, so it is the honest "coverage" of
 *   count forecasts;
 * - top-k hot spots: of the k areas with the largest forecast mean, how many are among the k with the
 *   largest outcome (ties at the k-th outcome all count as hot): precision = hits / k, recall = hits /
 *   number of hot areas;
 * - escalation: an area escalates when its count reaches twice its mean of the 12 months before the
 *   origin and at least `minCount` (ASSUMPTION: 5, so that 0 → 1 is not an escalation). The forecast
 *   probability is P(Y ≥ threshold); scored by the Brier score and the area under the ROC curve.
 */
export interface ScoreAccumulator {
  n: number;
  sqErrLog: number;
  crps: number;
  in50: number;
  in90: number;
  pit50: number;
  pit90: number;
  topHits: number;
  topHot: number;
  topK: number;
  brier: number;
  escalations: number;
  /** (probability, outcome) pairs for the AUC. */
  escalationPairs: [number, boolean][];
}

export interface Scores {
  n: number;
  mseLog1p: number;
  crps: number;
  coverage50: number;
  coverage90: number;
  pitCoverage50: number;
  pitCoverage90: number;
  topKPrecision: number;
  topKRecall: number;
  escalationBrier: number;
  escalationAuc: number;
  escalationRate: number;
}

export interface EscalationRule {
  factor: number;
  minCount: number;
}

export const ESCALATION: EscalationRule = { factor: 2, minCount: 5 };

export function emptyScores(): ScoreAccumulator {
  return {
    n: 0,
    sqErrLog: 0,
    crps: 0,
    in50: 0,
    in90: 0,
    pit50: 0,
    pit90: 0,
    topHits: 0,
    topHot: 0,
    topK: 0,
    brier: 0,
    escalations: 0,
    escalationPairs: [],
  };
}

/** The count an area must reach to escalate, from its mean of the 12 months before the origin. */
export function escalationThreshold(recentMean: number, rule: EscalationRule = ESCALATION): number {
  return Math.max(Math.ceil(rule.factor * recentMean - 1e-9), rule.minCount);
}

/** Score one area's predictive distribution against its outcome. */
export function scoreOne(acc: ScoreAccumulator, pmf: Float64Array, y: number, threshold: number): void {
  const [p05, p25, p75, p95] = quantilesFromPmf(pmf, [0.05, 0.25, 0.75, 0.95]);
  acc.n++;
  acc.sqErrLog += (Math.log1p(y) - expectedLog1p(pmf)) ** 2;
  acc.crps += crpsFromPmf(pmf, y);
  if (y >= p25 && y <= p75) acc.in50++;
  if (y >= p05 && y <= p95) acc.in90++;
  const [lo, hi] = pitRange(pmf, y);
  acc.pit50 += pitShare(lo, hi, 0.25, 0.75);
  acc.pit90 += pitShare(lo, hi, 0.05, 0.95);
  const p = upperTail(pmf, threshold);
  const happened = y >= threshold;
  acc.brier += (p - (happened ? 1 : 0)) ** 2;
  if (happened) acc.escalations++;
  acc.escalationPairs.push([p, happened]);
}

/** [F(y − 1), F(y)]: where the randomised PIT of outcome y lies. */
export function pitRange(pmf: Float64Array, y: number): [number, number] {
  let below = 0;
  for (let k = 0; k < Math.min(y, pmf.length); k++) below += pmf[k];
  const at = y < pmf.length ? pmf[y] : 0;
  return [Math.min(below, 1), Math.min(below + at, 1)];
}

/** The share of Uniform(lo, hi) inside [a, b] (a point mass when lo = hi). */
export function pitShare(lo: number, hi: number, a: number, b: number): number {
  if (hi - lo < 1e-15) return lo >= a && lo <= b ? 1 : 0;
  return Math.max(0, Math.min(hi, b) - Math.max(lo, a)) / (hi - lo);
}

/** Score the top-k ranking of one origin and horizon: forecast means against outcomes. */
export function scoreTopK(
  acc: ScoreAccumulator,
  means: ArrayLike<number>,
  outcomes: ArrayLike<number>,
  k: number,
): void {
  const n = means.length;
  const byForecast = Array.from({ length: n }, (_, i) => i).sort((a, b) => means[b] - means[a] || a - b);
  const sortedOutcomes = Array.from(outcomes).sort((a, b) => b - a);
  const cut = sortedOutcomes[Math.min(k, n) - 1];
  // An outcome of 0 is never a hot spot, even when fewer than k areas had any event.
  const hot = (i: number) => outcomes[i] >= cut && outcomes[i] > 0;
  let hotCount = 0;
  for (let i = 0; i < n; i++) if (hot(i)) hotCount++;
  let hits = 0;
  for (let r = 0; r < Math.min(k, n); r++) if (hot(byForecast[r])) hits++;
  acc.topHits += hits;
  acc.topHot += hotCount;
  acc.topK += Math.min(k, n);
}

export function finishScores(acc: ScoreAccumulator): Scores {
  const n = Math.max(acc.n, 1);
  return {
    n: acc.n,
    mseLog1p: acc.sqErrLog / n,
    crps: acc.crps / n,
    coverage50: acc.in50 / n,
    coverage90: acc.in90 / n,
    pitCoverage50: acc.pit50 / n,
    pitCoverage90: acc.pit90 / n,
    topKPrecision: acc.topK > 0 ? acc.topHits / acc.topK : Number.NaN,
    topKRecall: acc.topHot > 0 ? acc.topHits / acc.topHot : Number.NaN,
    escalationBrier: acc.brier / n,
    escalationAuc: auc(acc.escalationPairs),
    escalationRate: acc.escalations / n,
  };
}

/** Area under the ROC curve by the rank-sum (Mann–Whitney) formula, ties counted half. */
export function auc(pairs: readonly [number, boolean][]): number {
  const sorted = [...pairs].sort((a, b) => a[0] - b[0]);
  let positives = 0;
  let negatives = 0;
  let rankSum = 0;
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j < sorted.length && sorted[j][0] === sorted[i][0]) j++;
    const midRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) {
      if (sorted[k][1]) {
        positives++;
        rankSum += midRank;
      } else negatives++;
    }
    i = j;
  }
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}
