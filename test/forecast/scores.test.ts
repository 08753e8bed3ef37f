import { describe, expect, it } from 'vitest';
import { nbPmf } from '../../src/forecast/nb-dist.js';
import {
  auc,
  ESCALATION,
  emptyScores,
  escalationThreshold,
  finishScores,
  pitRange,
  pitShare,
  scoreOne,
  scoreTopK,
} from '../../src/forecast/scores.js';
import { referencePmf, shareInside } from './reference-nb.js';

/**
 * Forecast scores against values computed here: exact randomised-PIT shares (Czado, Gneiting & Held 2009)
 * for hand-made pmfs, PIT coverage of outcomes simulated from the forecast itself (≈ nominal) and from a
 * wider distribution (clearly below), the accumulated means of per-item losses, top-k, AUC, escalation.
 */

/** mulberry32: a small seeded PRNG, uniform on [0, 1). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** CDF table of NB2(μ, α) (α = 0: Poisson). */
function nbCdf(mu: number, alpha: number): number[] {
  let cum = 0;
  return referencePmf(mu, alpha).map((p) => (cum += p));
}

/** A draw by inversion of a CDF table. */
function draw(cdf: number[], u: number): number {
  let k = 0;
  while (k < cdf.length - 1 && cdf[k] < u) k++;
  return k;
}

describe('pitRange and pitShare (randomised PIT for counts)', () => {
  it('for a point mass at 2: the PIT of 2 is uniform on [0, 1]; other outcomes sit at 0 or 1', () => {
    const pmf = Float64Array.of(0, 0, 1);
    expect(pitRange(pmf, 2)).toEqual([0, 1]);
    expect(pitRange(pmf, 1)).toEqual([0, 0]);
    expect(pitRange(pmf, 0)).toEqual([0, 0]);
    expect(pitRange(pmf, 3)).toEqual([1, 1]);
    expect(pitRange(pmf, 50)).toEqual([1, 1]);
    expect(pitShare(0, 1, 0.25, 0.75)).toBeCloseTo(0.5, 15);
    expect(pitShare(0, 1, 0.05, 0.95)).toBeCloseTo(0.9, 15);
    expect(pitShare(0, 0, 0.05, 0.95)).toBe(0);
    expect(pitShare(1, 1, 0.05, 0.95)).toBe(0);
    expect(pitShare(0.5, 0.5, 0.25, 0.75)).toBe(1);
  });

  it('for the pmf (0.2, 0.5, 0.3): exact shares, whose expectation under the pmf is 0.5 and 0.9', () => {
    const pmf = Float64Array.of(0.2, 0.5, 0.3);
    const ranges = [0, 1, 2].map((y) => pitRange(pmf, y));
    expect(ranges[0][0]).toBe(0);
    expect(ranges[0][1]).toBeCloseTo(0.2, 15);
    expect(ranges[1][0]).toBeCloseTo(0.2, 15);
    expect(ranges[1][1]).toBeCloseTo(0.7, 15);
    expect(ranges[2][0]).toBeCloseTo(0.7, 15);
    expect(ranges[2][1]).toBeCloseTo(1, 15);
    // By hand: [0, .2] ∩ [.25, .75] = ∅; [.2, .7] → .45/.5; [.7, 1] → .05/.3.
    const s50 = ranges.map(([lo, hi]) => pitShare(lo, hi, 0.25, 0.75));
    expect(s50[0]).toBeCloseTo(0, 12);
    expect(s50[1]).toBeCloseTo(0.9, 12);
    expect(s50[2]).toBeCloseTo(1 / 6, 12);
    // [0, .2] ∩ [.05, .95] → .15/.2; [.2, .7] → 1; [.7, 1] → .25/.3.
    const s90 = ranges.map(([lo, hi]) => pitShare(lo, hi, 0.05, 0.95));
    expect(s90[0]).toBeCloseTo(0.75, 12);
    expect(s90[1]).toBeCloseTo(1, 12);
    expect(s90[2]).toBeCloseTo(5 / 6, 12);
    // A calibrated forecast: the expected share is exactly the nominal one.
    expect(0.2 * s50[0] + 0.5 * s50[1] + 0.3 * s50[2]).toBeCloseTo(0.5, 12);
    expect(0.2 * s90[0] + 0.5 * s90[1] + 0.3 * s90[2]).toBeCloseTo(0.9, 12);
  });

  it('the expected share is nominal for NB forecasts, summed exactly over outcomes', () => {
    for (const [mu, alpha] of [
      [0.1, 2],
      [1.5, 0.5],
      [30, 0.05],
    ] as [number, number][]) {
      const pmf = nbPmf(mu, alpha);
      let e50 = 0;
      let e90 = 0;
      for (let y = 0; y < pmf.length; y++) {
        const [lo, hi] = pitRange(pmf, y);
        e50 += pmf[y] * pitShare(lo, hi, 0.25, 0.75);
        e90 += pmf[y] * pitShare(lo, hi, 0.05, 0.95);
      }
      expect(e50).toBeCloseTo(0.5, 8);
      expect(e90).toBeCloseTo(0.9, 8);
    }
  });
});

describe('PIT coverage of simulated outcomes (emptyScores / scoreOne / finishScores)', () => {
  const configs: [number, number][] = [
    [0.2, 1.5],
    [0.2, 0.05],
    [1, 0.8],
    [1, 0.05],
    [4, 0.8],
    [4, 0.05],
    [25, 0.3],
    [25, 0.02],
  ];
  const N = 5000;

  it.each(configs)(
    'is ≈ 0.5 and ≈ 0.9 when outcomes come from the forecast NB(μ = %s, α = %s)',
    (mu, alpha) => {
      const rand = prng(Math.round(mu * 1000 + alpha * 1e6));
      const cdf = nbCdf(mu, alpha);
      const pmf = nbPmf(mu, alpha);
      const acc = emptyScores();
      for (let i = 0; i < N; i++) scoreOne(acc, pmf, draw(cdf, rand()), 5);
      const s = finishScores(acc);
      expect(s.n).toBe(N);
      // Standard errors: ≤ 0.5/√N = 0.007 and ≤ 0.3/√N = 0.0042; allow ~4 of them.
      expect(Math.abs(s.pitCoverage50 - 0.5)).toBeLessThan(0.03);
      expect(Math.abs(s.pitCoverage90 - 0.9)).toBeLessThan(0.018);
      // The inclusive quantile intervals of a calibrated count forecast cover at least their nominal share.
      expect(s.coverage50).toBeGreaterThan(0.5 - 0.03);
      expect(s.coverage90).toBeGreaterThan(0.9 - 0.018);
    },
  );

  it('pooled over every configuration (200,000 outcomes), is within 0.006 of 0.5 and 0.004 of 0.9', () => {
    const rand = prng(20250101);
    const acc = emptyScores();
    const each = 25_000;
    for (const [mu, alpha] of configs) {
      const cdf = nbCdf(mu, alpha);
      const pmf = nbPmf(mu, alpha);
      for (let i = 0; i < each; i++) scoreOne(acc, pmf, draw(cdf, rand()), 5);
    }
    const s = finishScores(acc);
    expect(s.n).toBe(each * configs.length);
    // Standard errors ≤ 0.0011 and ≤ 0.0007.
    expect(Math.abs(s.pitCoverage50 - 0.5)).toBeLessThan(0.006);
    expect(Math.abs(s.pitCoverage90 - 0.9)).toBeLessThan(0.004);
  });

  it('is clearly below nominal for a too-narrow forecast (Poisson against NB outcomes)', () => {
    const rand = prng(7);
    const truth = nbCdf(5, 0.5);
    const narrow = nbPmf(5, 0);
    const acc = emptyScores();
    for (let i = 0; i < 20_000; i++) scoreOne(acc, narrow, draw(truth, rand()), 10);
    const s = finishScores(acc);
    expect(s.pitCoverage50).toBeLessThan(0.4);
    expect(s.pitCoverage90).toBeLessThan(0.75);
    expect(s.coverage90).toBeLessThan(0.8);
  });

  it('is clearly above nominal for a too-wide forecast', () => {
    const rand = prng(11);
    const truth = nbCdf(5, 0);
    const wide = nbPmf(5, 1.5);
    const acc = emptyScores();
    for (let i = 0; i < 20_000; i++) scoreOne(acc, wide, draw(truth, rand()), 10);
    const s = finishScores(acc);
    expect(s.pitCoverage50).toBeGreaterThan(0.6);
    expect(s.pitCoverage90).toBeGreaterThan(0.95);
  });
});

describe('scoreOne accumulates the mean of per-item losses', () => {
  it('MSE of log1p against E[log(1 + Y)], CRPS, interval coverage, PIT, Brier and escalation rate', () => {
    const items: { pmf: Float64Array; y: number; threshold: number }[] = [
      { pmf: Float64Array.of(0.2, 0.5, 0.3), y: 0, threshold: 2 },
      { pmf: Float64Array.of(0.2, 0.5, 0.3), y: 2, threshold: 2 },
      { pmf: Float64Array.of(0, 0, 0, 1), y: 7, threshold: 5 },
      { pmf: nbPmf(3, 0.4), y: 1, threshold: 6 },
      { pmf: nbPmf(3, 0.4), y: 9, threshold: 6 },
      { pmf: nbPmf(0.3, 2), y: 0, threshold: 5 },
      { pmf: nbPmf(40, 0.1), y: 95, threshold: 80 },
    ];
    let sq = 0;
    let crps = 0;
    let in50 = 0;
    let in90 = 0;
    let pit50 = 0;
    let pit90 = 0;
    let brier = 0;
    let esc = 0;
    for (const { pmf, y, threshold } of items) {
      const cdf: number[] = [];
      let c = 0;
      for (const p of pmf) {
        c += p;
        cdf.push(c);
      }
      const F = (k: number) => (k < 0 ? 0 : k >= cdf.length ? cdf[cdf.length - 1] : cdf[k]);
      const q = (level: number) => {
        let k = 0;
        while (k < cdf.length - 1 && cdf[k] < level - 1e-12) k++;
        return k;
      };
      let elog = 0;
      pmf.forEach((p, k) => {
        elog += p * Math.log(1 + k);
      });
      sq += (Math.log(1 + y) - elog) ** 2;
      let cr = 0;
      for (let k = 0; k <= Math.max(pmf.length, y) + 3; k++) cr += (F(k) - (k >= y ? 1 : 0)) ** 2;
      crps += cr;
      if (y >= q(0.25) && y <= q(0.75)) in50++;
      if (y >= q(0.05) && y <= q(0.95)) in90++;
      pit50 += shareInside(F(y - 1), F(y), 0.25, 0.75);
      pit90 += shareInside(F(y - 1), F(y), 0.05, 0.95);
      const pEsc = 1 - F(threshold - 1);
      const happened = y >= threshold ? 1 : 0;
      brier += (pEsc - happened) ** 2;
      esc += happened;
    }
    const acc = emptyScores();
    for (const { pmf, y, threshold } of items) scoreOne(acc, pmf, y, threshold);
    const s = finishScores(acc);
    const n = items.length;
    expect(s.n).toBe(n);
    expect(s.mseLog1p).toBeCloseTo(sq / n, 10);
    expect(s.crps).toBeCloseTo(crps / n, 8);
    expect(s.coverage50).toBeCloseTo(in50 / n, 15);
    expect(s.coverage90).toBeCloseTo(in90 / n, 15);
    expect(s.pitCoverage50).toBeCloseTo(pit50 / n, 10);
    expect(s.pitCoverage90).toBeCloseTo(pit90 / n, 10);
    expect(s.escalationBrier).toBeCloseTo(brier / n, 10);
    expect(s.escalationRate).toBeCloseTo(esc / n, 15);
    // Sanity of the hand values: the point mass at 3 scores (log 8 − log 4)² and CRPS |3 − 7| = 4.
    const one = emptyScores();
    scoreOne(one, Float64Array.of(0, 0, 0, 1), 7, 5);
    expect(finishScores(one).mseLog1p).toBeCloseTo(Math.log(2) ** 2, 14);
    expect(finishScores(one).crps).toBeCloseTo(4, 14);
    expect(finishScores(one).coverage90).toBe(0);
    expect(finishScores(one).escalationBrier).toBe(1);
  });
});

describe('scoreTopK', () => {
  const means = [5, 4, 3, 2, 1, 0];
  const outcomes = [0, 10, 3, 3, 7, 0];

  it('k = 2: the hot areas are the two largest outcomes; one of them is in the forecast top 2', () => {
    const acc = emptyScores();
    scoreTopK(acc, means, outcomes, 2);
    // Forecast top 2: areas 0, 1. Hot (outcome ≥ 7): areas 1, 4. Hits: area 1.
    expect([acc.topHits, acc.topHot, acc.topK]).toEqual([1, 2, 2]);
    const s = finishScores(acc);
    expect(s.topKPrecision).toBe(0.5);
    expect(s.topKRecall).toBe(0.5);
  });

  it('k = 3: ties at the k-th outcome all count as hot', () => {
    const acc = emptyScores();
    scoreTopK(acc, means, outcomes, 3);
    // Third largest outcome is 3: hot = areas 1, 2, 3, 4. Forecast top 3: 0, 1, 2 → hits 1, 2.
    const s = finishScores(acc);
    expect(s.topKPrecision).toBeCloseTo(2 / 3, 15);
    expect(s.topKRecall).toBeCloseTo(2 / 4, 15);
  });

  it('an outcome of 0 is never hot, and k larger than the areas is capped', () => {
    const acc = emptyScores();
    scoreTopK(acc, [1, 2, 3, 4], [0, 0, 5, 0], 3);
    // Cut = 0, but only area 2 had any event; forecast top 3 = areas 3, 2, 1 → 1 hit.
    expect([acc.topHits, acc.topHot, acc.topK]).toEqual([1, 1, 3]);
    scoreTopK(acc, [2, 1], [1, 4], 5);
    // k = 5 > 2 areas: both are "top"; hot = both (cut = smallest outcome 1 > 0).
    expect([acc.topHits, acc.topHot, acc.topK]).toEqual([3, 3, 5]);
    const s = finishScores(acc);
    expect(s.topKPrecision).toBeCloseTo(3 / 5, 15);
    expect(s.topKRecall).toBe(1);
  });

  it('accumulates over calls as total hits / total k and total hits / total hot', () => {
    const acc = emptyScores();
    scoreTopK(acc, means, outcomes, 2); // 1 hit, 2 hot, k 2
    scoreTopK(acc, means, outcomes, 3); // 2 hits, 4 hot, k 3
    const s = finishScores(acc);
    expect(s.topKPrecision).toBeCloseTo(3 / 5, 15);
    expect(s.topKRecall).toBeCloseTo(3 / 6, 15);
  });
});

describe('auc (Mann–Whitney, ties count ½)', () => {
  it('on hand examples', () => {
    // Positives 0.9, 0.7; negatives 0.8, 0.1: ordered pairs won 3 of 4.
    expect(
      auc([
        [0.9, true],
        [0.8, false],
        [0.7, true],
        [0.1, false],
      ]),
    ).toBeCloseTo(0.75, 15);
    expect(
      auc([
        [0.5, true],
        [0.5, false],
      ]),
    ).toBe(0.5);
    // Tie (½) plus a win (1) over 2 pairs.
    expect(
      auc([
        [0.5, true],
        [0.5, false],
        [0.2, false],
      ]),
    ).toBeCloseTo(0.75, 15);
    expect(
      auc([
        [0.9, true],
        [0.1, false],
        [0.2, false],
      ]),
    ).toBe(1);
    expect(
      auc([
        [0.1, true],
        [0.9, false],
      ]),
    ).toBe(0);
  });

  it('is NaN without both classes', () => {
    expect(auc([])).toBeNaN();
    expect(auc([[0.3, true]])).toBeNaN();
    expect(
      auc([
        [0.3, false],
        [0.2, false],
      ]),
    ).toBeNaN();
  });

  it('equals the pairwise count on random data with many ties', () => {
    const rand = prng(99);
    for (let rep = 0; rep < 20; rep++) {
      const pairs: [number, boolean][] = Array.from({ length: 60 }, () => [
        Math.floor(rand() * 6) / 5,
        rand() < 0.3,
      ]);
      const pos = pairs.filter((p) => p[1]).map((p) => p[0]);
      const neg = pairs.filter((p) => !p[1]).map((p) => p[0]);
      if (pos.length === 0 || neg.length === 0) continue;
      let wins = 0;
      for (const a of pos) for (const b of neg) wins += a > b ? 1 : a === b ? 0.5 : 0;
      expect(auc(pairs)).toBeCloseTo(wins / (pos.length * neg.length), 12);
    }
  });
});

describe('escalationThreshold: twice the recent mean, at least 5', () => {
  it('follows ESCALATION = { factor 2, minCount 5 }', () => {
    expect(ESCALATION).toEqual({ factor: 2, minCount: 5 });
    expect(escalationThreshold(0)).toBe(5);
    expect(escalationThreshold(2.5)).toBe(5);
    expect(escalationThreshold(2.6)).toBe(6); // 5.2 → 6
    expect(escalationThreshold(3)).toBe(6);
    expect(escalationThreshold(28 / 12)).toBe(5); // 4.67 → 5, raised to the minimum anyway
    expect(escalationThreshold(43 / 12)).toBe(8); // 7.17 → 8
    expect(escalationThreshold(10.5)).toBe(21);
  });

  it('does not round an exact double up by floating-point noise', () => {
    const three = (0.1 + 0.2) * 10; // 3.0000000000000004
    expect(three).not.toBe(3);
    expect(escalationThreshold(three)).toBe(6);
  });

  it('takes another rule', () => {
    expect(escalationThreshold(0, { factor: 3, minCount: 1 })).toBe(1);
    expect(escalationThreshold(1, { factor: 3, minCount: 1 })).toBe(3);
    expect(escalationThreshold(1.1, { factor: 1.5, minCount: 0 })).toBe(2);
  });
});
