import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  BIC_THRESHOLD,
  type BreakAnalysis,
  fitBreaks,
  jointFit,
  MIN_SEGMENT,
  type MonthlyInput,
  ols,
  segmentBreaks,
  trendBreakAnalysis,
} from '../../src/audit/breaks.js';
import { placeSeries } from '../../src/audit/measure.js';
import { daysIn } from '../../src/audit/periods.js';
import { HOMICIDE } from '../../src/audit/reclassification.js';
import {
  forEachSegmentation,
  maxBreaks,
  optimalSegmentation,
  optimalSegmentations,
  SegmentCosts,
  segmentationSsr,
} from '../../src/audit/segmentation.js';
import { readPanel } from '../../src/data/panel/cache.js';
import { monthLabel } from '../../src/data/panel/months.js';
import type { Panel } from '../../src/data/panel/panel.js';
import { describeWithData } from '../helpers/shared-data.js';
import { importAuditHome } from '../server/audit-home.js';
import { month, syntheticPanel } from './synthetic.js';

/**
 * The multiple-break search of `audit breaks`: the dynamic programme against brute force and against R's
 * strucchange::breakpoints (a fixture made by test/fixtures/audit/make-strucchange-breaks.R from the raw
 * SESNSP file), the joint fit with common month effects against plain least squares and against every
 * segmentation fitted jointly, planted breaks found, the false-break rate of the penalty in autocorrelated
 * noise, and the break months on the real series (the 2024–25 fall, Sinaloa's war of September 2024).
 */

/** A small deterministic generator (no shared state between tests). */
function generator(seed: number) {
  let s = seed >>> 0 || 1;
  const uniform = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 2 ** 32;
  };
  const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  return { uniform, normal };
}

/** Seasonal wave + trend + AR(1) noise (sd of the noise `sigma`, lag-1 correlation `rho`). */
function arSeries(
  seed: number,
  n: number,
  rho: number,
  sigma: number,
  extra = (_t: number) => 0,
): MonthlyInput {
  const g = generator(seed);
  const months = Array.from({ length: n }, (_, t) => month('2015-01') + t);
  let e = g.normal();
  const y = months.map((m, t) => {
    if (t > 0) e = rho * e + Math.sqrt(1 - rho * rho) * g.normal();
    return 0.15 * Math.sin((2 * Math.PI * (m % 12)) / 12) + 0.002 * t + sigma * e + extra(t);
  });
  return { months, y };
}

describe('the dynamic programme (segments of straight lines)', () => {
  it('segment costs equal a least-squares line fitted segment by segment', () => {
    const { months, y } = arSeries(1, 40, 0.3, 0.1);
    const costs = new SegmentCosts(months, y, 12);
    for (const [i, j] of [
      [0, 11],
      [5, 39],
      [17, 30],
      [0, 39],
    ]) {
      const X = months.slice(i, j + 1).map((m) => [1, m]);
      expect(costs.at(i, j)).toBeCloseTo(ols(X, y.slice(i, j + 1)).ssr, 10);
    }
  });

  it('finds the optimum of every segmentation, for every number of breaks (brute force, 20 series)', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const g = generator(seed);
      const n = 50 + Math.floor(g.uniform() * 30);
      const h = 12 + Math.floor(g.uniform() * 3);
      // Gaps in time are allowed: drop a few months.
      const months = Array.from({ length: n }, (_, t) => 300 + t + (t > 20 ? 2 : 0));
      const y = months.map((_, t) => (t > n / 3 ? 0.8 : 0) - 0.01 * t + 0.3 * g.normal());
      const costs = new SegmentCosts(months, y, h);
      const all = optimalSegmentations(costs);
      expect(all).toHaveLength(maxBreaks(n, h) + 1);
      for (const seg of all) {
        let best = Number.POSITIVE_INFINITY;
        forEachSegmentation(n, h, seg.m, (b) => {
          best = Math.min(best, segmentationSsr(costs, b));
        });
        expect(seg.ssr).toBeCloseTo(best, 10);
        expect(segmentationSsr(costs, seg.breaks)).toBeCloseTo(seg.ssr, 10);
        expect(optimalSegmentation(costs, seg.m)!.breaks).toEqual(seg.breaks);
        // Every segment at least h long.
        const bounds = [0, ...seg.breaks, n];
        for (let k = 0; k + 1 < bounds.length; k++)
          expect(bounds[k + 1] - bounds[k]).toBeGreaterThanOrEqual(h);
      }
    }
  });

  it('equals R strucchange::breakpoints on five real series, every number of breaks 0–8', () => {
    const fixture = JSON.parse(
      readFileSync(new URL('../fixtures/audit/strucchange-breaks.json', import.meta.url), 'utf8'),
    ) as {
      h: number;
      places: {
        name: string;
        months: string[];
        ystar: number[];
        results: { m: number; rss: number; breaks: number[]; months: string[] }[];
      }[];
    };
    expect(fixture.places.map((p) => p.name)).toEqual([
      'Nacional',
      'Sinaloa',
      'Jalisco',
      'Guanajuato',
      'Morelos',
    ]);
    for (const p of fixture.places) {
      const t = p.ystar.map((_, k) => k);
      const segs = optimalSegmentations(new SegmentCosts(t, p.ystar, fixture.h), 8);
      for (const r of p.results) {
        expect(segs[r.m].breaks, `${p.name}, ${r.m} breaks`).toEqual(r.breaks);
        expect(segs[r.m].breaks.map((b) => p.months[b])).toEqual(r.months);
        expect(Math.abs(segs[r.m].ssr / r.rss - 1), `${p.name}, ${r.m} breaks`).toBeLessThan(1e-10);
      }
    }
  });
});

describe('the joint fit with common month effects', () => {
  it('equals least squares on the full design (segment lines and 11 month dummies)', () => {
    const input = arSeries(3, 70, 0.2, 0.1, (t) => (t >= 30 ? 0.5 : 0));
    const breaks = [18, 30, 50];
    const fit = jointFit(input, breaks);
    const bounds = [0, ...breaks, input.y.length];
    const X = input.months.map((m, t) => {
      const row: number[] = [];
      for (let s = 0; s + 1 < bounds.length; s++) {
        const inside = t >= bounds[s] && t < bounds[s + 1] ? 1 : 0;
        row.push(inside, (inside * (m - input.months[0])) / 12);
      }
      for (let j = 0; j < 11; j++) row.push(m % 12 === j + 1 ? 1 : 0);
      return row;
    });
    const ref = ols(X, [...input.y]);
    expect(fit.ssr).toBeCloseTo(ref.ssr, 10);
    for (let s = 0; s < 4; s++) {
      expect(fit.level[s]).toBeCloseTo(ref.beta[2 * s], 8);
      expect(fit.slope[s]).toBeCloseTo(ref.beta[2 * s + 1], 8);
    }
    for (let j = 0; j < 11; j++) expect(fit.season[j]).toBeCloseTo(ref.beta[8 + j], 8);
  });

  it('reaches the optimum of every segmentation fitted jointly on 126-month series, or within 0.5%', () => {
    let exact = 0;
    let total = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const g = generator(100 + seed);
      const b1 = 20 + Math.floor(g.uniform() * 80);
      const input = arSeries(200 + seed, 126, 0.2, 0.08, (t) => (t >= b1 ? 0.4 : 0) - (t >= 90 ? 0.3 : 0));
      const fits = fitBreaks(input, 12, 2);
      for (const m of [1, 2]) {
        let best = Number.POSITIVE_INFINITY;
        forEachSegmentation(126, 12, m, (b) => {
          best = Math.min(best, jointFit(input, b).ssr);
        });
        total++;
        const gap = fits[m].ssr / best - 1;
        expect(gap).toBeGreaterThan(-1e-12);
        expect(gap).toBeLessThan(0.005);
        if (gap < 1e-9) exact++;
      }
    }
    expect(exact / total).toBeGreaterThanOrEqual(0.9);
  });
});

describe('breaks found and breaks not invented', () => {
  it('finds three planted breaks at their months, the intervals holding them', () => {
    // Level +0.5 at month 30; slope turns at 60; level −0.6 at 95 (126 months, noise sd 0.05, ρ = 0.2).
    const input = arSeries(7, 126, 0.2, 0.05, (t) => {
      let v = t >= 30 ? 0.5 : 0;
      if (t >= 60) v += 0.4 + 0.02 * (t - 60);
      if (t >= 95) v -= 0.6;
      return v;
    });
    const r = segmentBreaks(input);
    expect(r.fit.breaks).toHaveLength(3);
    const planted = [30, 60, 95];
    r.fit.breaks.forEach((b, k) => {
      expect(Math.abs(b - planted[k])).toBeLessThanOrEqual(1);
      expect(r.interval[k].from).toBeLessThanOrEqual(planted[k]);
      expect(r.interval[k].to).toBeGreaterThanOrEqual(planted[k]);
      expect(r.deltaBic[k]).toBeGreaterThan(BIC_THRESHOLD);
    });
    // The chosen m minimises the penalised BIC.
    const chosen = r.fit.breaks.length;
    r.bic.forEach((b, m) => {
      expect(r.bic[chosen] + BIC_THRESHOLD * chosen).toBeLessThanOrEqual(b + BIC_THRESHOLD * m);
    });
  });

  it('keeps false breaks rare in autocorrelated noise without breaks: the penalty of 10 against plain BIC', () => {
    // 60 series of 126 months each, no break, for ρ = 0 and ρ = 0.2 (about the residual autocorrelation
    // measured on the real series): the share with at least one break, for plain BIC and for the rule.
    const rate = (penalty: number, fits: number[][]) =>
      fits.filter((bic) => {
        let best = 0;
        bic.forEach((b, m) => {
          if (b + penalty * m < bic[best] + penalty * best) best = m;
        });
        return best > 0;
      }).length / fits.length;
    const bics = (rho: number) =>
      Array.from({ length: 60 }, (_, k) => segmentBreaks(arSeries(1000 + k, 126, rho, 0.1)).bic);
    const white = bics(0);
    const ar = bics(0.2);
    expect(rate(0, white)).toBeGreaterThan(0.15);
    expect(rate(BIC_THRESHOLD, white)).toBeLessThanOrEqual(0.02);
    expect(rate(0, ar)).toBeGreaterThan(0.4);
    expect(rate(BIC_THRESHOLD, ar)).toBeLessThanOrEqual(0.1);
  });

  it(`refuses a minimum segment below ${MIN_SEGMENT} months`, () => {
    const input = arSeries(9, 60, 0, 0.1);
    expect(() => segmentBreaks(input, { minSegment: 6 })).toThrow(new RegExp(`at least ${MIN_SEGMENT}`));
  });

  it('several breaks per place in a panel, grouped by place and ordered by month', () => {
    // Sonora (26): +0.7 log points from 2018-01, −0.6 from 2022-07. Elsewhere a plain trend.
    const panel = syntheticPanel([
      {
        id: HOMICIDE,
        first: '2015-01',
        last: '2025-06',
        incomplete: ['2025-05', '2025-06'],
        value: (s, m) => {
          const g = generator(Number(s) * 1000 + m);
          const level =
            s === '26' ? (m >= month('2018-01') ? 0.7 : 0) - (m >= month('2022-07') ? 0.6 : 0) : 0;
          return Math.round(8 * Math.exp(level + 0.05 * g.normal()) * daysIn(m));
        },
      },
    ]);
    const a = trendBreakAnalysis(panel);
    const sonora = a.breaks.filter((b) => b.place === '26');
    expect(sonora.map((b) => b.month)).toEqual(['2018-01', '2022-07']);
    expect(Math.expm1(sonora[0].levelShift)).toBeGreaterThan(0.8);
    expect(Math.expm1(sonora[1].levelShift)).toBeLessThan(-0.35);
    expect(a.places.find((p) => p.place === '26')!.m).toBe(2);
    // Grouped: the nation (00) first, then the states by code, each place's breaks by month.
    const order = a.breaks.map((b) => `${b.place}:${b.month}`);
    expect([...order].sort()).toEqual(order);
    expect(a.places).toHaveLength(33);
    expect(a.method).toMatchObject({ minSegment: MIN_SEGMENT, penalty: BIC_THRESHOLD });
  });
});

describeWithData('trend breaks on the real SESNSP state victims file (release 2025-06)', () => {
  let panel: Panel;
  let analysis: BreakAnalysis;
  beforeAll(() => {
    panel = readPanel(importAuditHome()).panel;
    analysis = trendBreakAnalysis(panel);
  }, 240_000);

  const at = (place: string) => analysis.breaks.filter((b) => b.place === place);
  const months = (a: string, b: string) => {
    const [ya, ma] = a.split('-').map(Number);
    const [yb, mb] = b.split('-').map(Number);
    return (yb - ya) * 12 + (mb - ma);
  };

  it('the series is the one the R fixture read from the raw file itself (ln(1 + victims per day))', () => {
    const fixture = JSON.parse(
      readFileSync(new URL('../fixtures/audit/strucchange-breaks.json', import.meta.url), 'utf8'),
    ) as { places: { code: string; name: string; months: string[]; y: number[] }[] };
    for (const p of fixture.places) {
      const ps = placeSeries(panel, HOMICIDE, { code: p.code, name: p.name });
      const labels = Array.from({ length: ps.series.months }, (_, t) => monthLabel(ps.series.start + t));
      expect(labels).toEqual(p.months);
      const y = Array.from(ps.values, (v, t) => Math.log1p(v / daysIn(ps.series.start + t)));
      for (let k = 0; k < y.length; k++) expect(y[k]).toBeCloseTo(p.y[k], 12);
    }
  });

  it('33 places, each 2015-01..2025-06', () => {
    expect(analysis.places).toHaveLength(33);
    expect(
      analysis.places.every((p) => p.months === 126 && p.first === '2015-01' && p.last === '2025-06'),
    ).toBe(true);
  });

  it('national: a break within 2 months of September 2024, where the 2024–25 fall sets in', () => {
    // September 2024 is the base of the official "down 25%" claim (the month before the change of
    // government); from the autumn of 2024 the national series falls from about 85 to 65 victims a day.
    const recent = at('00').filter((b) => b.month >= '2024-01');
    expect(recent).toHaveLength(1);
    const b = recent[0];
    expect(Math.abs(months('2024-09', b.month))).toBeLessThanOrEqual(2);
    expect(Math.expm1(b.trendAfter)).toBeLessThan(-0.2);
    expect(b.trendAfter).toBeLessThan(b.trendBefore);
    // The rise of 2016–2018 turning in 2018, as the single-break search found.
    expect(
      at('00').some((x) => x.month >= '2018-01' && x.month <= '2018-12' && x.trendAfter < x.trendBefore),
    ).toBe(true);
  });

  it('Sinaloa: a break within 2 months of September 2024, victims per day tripling', () => {
    const war = at('25').filter((b) => Math.abs(months('2024-09', b.month)) <= 2);
    expect(war).toHaveLength(1);
    const b = war[0];
    expect(b.after / b.before).toBeGreaterThan(2.5);
    expect(Math.expm1(b.levelShift)).toBeGreaterThan(0.5);
    // Dated to the month (segments of 9 months let a break be found up to 2024-10); the 12 months after
    // include the release's incomplete months.
    expect(b.month).toBe('2024-09');
    expect(b.interval).toMatchObject({ from: '2024-09', to: '2024-09', censored: false });
    expect(b.incompleteAfter).toEqual(['2025-05', '2025-06']);
  });

  it('every break: inside its interval, saving more BIC than the threshold, segments at least MIN_SEGMENT', () => {
    for (const b of analysis.breaks) {
      expect(b.interval!.from <= b.month && b.month <= b.interval!.to).toBe(true);
      expect(b.deltaBic).toBeGreaterThan(BIC_THRESHOLD);
    }
    for (const p of analysis.places) {
      const ms = at(p.place).map((b) => b.month);
      expect(ms).toEqual([...ms].sort());
      for (let k = 1; k < ms.length; k++)
        expect(months(ms[k - 1], ms[k])).toBeGreaterThanOrEqual(MIN_SEGMENT);
      expect(p.m).toBe(ms.length);
    }
  });

  it('the joint fit is the optimum of every segmentation for 1 and 2 breaks on every real series', () => {
    for (const p of analysis.places) {
      const ps = placeSeries(panel, HOMICIDE, { code: p.place, name: p.name });
      const ms = Array.from({ length: ps.series.months }, (_, t) => ps.series.start + t);
      const input = { months: ms, y: Array.from(ps.values, (v, t) => Math.log1p(v / daysIn(ms[t]))) };
      const fits = fitBreaks(input, MIN_SEGMENT, 2);
      for (const m of [1, 2]) {
        let best = Number.POSITIVE_INFINITY;
        forEachSegmentation(ms.length, MIN_SEGMENT, m, (b) => {
          best = Math.min(best, jointFit(input, b).ssr);
        });
        expect(fits[m].ssr / best - 1, `${p.name}, ${m} breaks`).toBeLessThan(1e-9);
      }
    }
  }, 120_000);
});
