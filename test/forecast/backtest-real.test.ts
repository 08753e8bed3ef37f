import { beforeAll, expect, it } from 'vitest';
import { parseMonthLabel } from '../../src/data/panel/months.js';
import type { Panel } from '../../src/data/panel/panel.js';
import { type BacktestResult, backtest } from '../../src/forecast/backtest.js';
import { forecast } from '../../src/forecast/forecast.js';
import type { ModelId } from '../../src/forecast/models.js';
import { describeWithData } from '../helpers/shared-data.js';
import { importForecastPanel } from './real-panel.js';
import { nbLogPmf, referencePmf, shareInside } from './reference-nb.js';

/**
 * The rolling-origin backtest on real INEGI municipal homicides, small: two origins, horizons 1…6,
 * persistence, mean12 and negbin. Besides counts, finiteness and negbin's calibration, the mean12 scores
 * at horizon 1 are recomputed here from the raw panel values, following the definitions in scores.ts and
 * models.ts (mean of the last 12 months, floored at 0.01; NB with the dispersion of the area's stratum;
 * MSE of log(1 + y) against the predictive E[log(1 + Y)]; exact CRPS; randomised-PIT coverage;
 * escalation at max(⌈2 × mean12⌉, 5); top-50 by forecast mean).
 */
const SERIES = 'inegi.homicides';
const ORIGINS = ['2015-12', '2017-12'];
const MODELS: ModelId[] = ['persistence', 'mean12', 'negbin'];
const HORIZON = 6;
/** features.ts STRATUM_EDGES (documented ASSUMPTION: events a month). */
const EDGES = [0.25, 1, 3, 10, 30];
const TOP_K = 50;

describeWithData('backtest on real data (2 origins, horizons 1…6)', () => {
  let panel: Panel;
  let result: BacktestResult;
  /** The raw series, NaN read as 0, for areas with population, in series order. */
  let areas: string[];
  let rows: Float64Array[];
  let start: number;

  beforeAll(() => {
    panel = importForecastPanel().panel;
    result = backtest(panel, { series: SERIES, origins: ORIGINS, horizon: HORIZON, models: MODELS });
    const s = panel.get(SERIES, { level: 'municipality' });
    start = s.start;
    areas = [];
    rows = [];
    s.areas.forEach((area, a) => {
      if ((panel.areas.population.get(area)?.size ?? 0) === 0) return;
      areas.push(area);
      rows.push(
        Float64Array.from(s.values.subarray(a * s.months, (a + 1) * s.months), (v) =>
          Number.isNaN(v) ? 0 : v,
        ),
      );
    });
  });

  it('scores areas × origins items for every model and horizon', () => {
    expect(areas.length).toBeGreaterThan(2400);
    expect(result.areas).toBe(areas.length);
    expect(result.origins).toEqual(ORIGINS);
    expect(result.rows).toHaveLength(MODELS.length * HORIZON);
    for (const m of MODELS) {
      for (let h = 1; h <= HORIZON; h++) {
        const row = result.rows.find((r) => r.model === m && r.h === h);
        expect(row?.scores.n).toBe(areas.length * ORIGINS.length);
      }
      expect(result.overall.find((o) => o.model === m)?.scores.n).toBe(
        areas.length * ORIGINS.length * HORIZON,
      );
    }
  });

  it('every score is finite and in its range', () => {
    for (const { model, h, scores } of [...result.rows, ...result.overall.map((o) => ({ ...o, h: 0 }))]) {
      for (const [name, v] of Object.entries(scores)) {
        expect({ model, h, name, finite: Number.isFinite(v) }).toEqual({ model, h, name, finite: true });
      }
      for (const name of [
        'coverage50',
        'coverage90',
        'pitCoverage50',
        'pitCoverage90',
        'topKPrecision',
        'topKRecall',
        'escalationAuc',
        'escalationRate',
        'escalationBrier',
      ] as const) {
        expect(scores[name]).toBeGreaterThanOrEqual(0);
        expect(scores[name]).toBeLessThanOrEqual(1);
      }
      expect(scores.mseLog1p).toBeGreaterThan(0);
      expect(scores.crps).toBeGreaterThan(0);
    }
  });

  it('negbin is calibrated: 90% PIT coverage between 0.8 and 0.97 at every horizon', () => {
    for (const row of result.rows.filter((r) => r.model === 'negbin')) {
      expect(row.scores.pitCoverage90).toBeGreaterThan(0.8);
      expect(row.scores.pitCoverage90).toBeLessThan(0.97);
      expect(row.scores.pitCoverage50).toBeGreaterThan(0.4);
      expect(row.scores.pitCoverage50).toBeLessThan(0.6);
    }
  });

  it('mean12 at horizon 1: every score recomputed from the raw panel', () => {
    let n = 0;
    let sq = 0;
    let crps = 0;
    let pit50 = 0;
    let pit90 = 0;
    let brier = 0;
    let escalations = 0;
    let hits = 0;
    let hot = 0;
    let kTotal = 0;
    for (const origin of ORIGINS) {
      const o = parseMonthLabel(origin) - start;
      // The fitted dispersions by stratum are an input here (their fit is checked below).
      const fit = forecast(panel, { series: SERIES, asOf: origin, horizon: 1, model: 'mean12' }).fits[0];
      expect(fit.alphas).toHaveLength(EDGES.length + 1);
      const means: number[] = [];
      const outcomes: number[] = [];
      rows.forEach((y) => {
        let s12 = 0;
        for (let t = o - 11; t <= o; t++) s12 += y[t];
        const m12 = s12 / 12;
        const mean = Math.max(m12, 0.01);
        const stratum = EDGES.filter((e) => m12 >= e).length;
        const alpha = fit.alphas[stratum];
        const outcome = y[o + 1];
        const pmf = referencePmf(mean, alpha);
        let elog = 0;
        let cum = 0;
        let below = 0;
        let cr = 0;
        for (let k = 0; k < Math.max(pmf.length, outcome + 1); k++) {
          const p = pmf[k] ?? 0;
          elog += p * Math.log1p(k);
          if (k < outcome) below += p;
          cum += p;
          cr += (cum - (k >= outcome ? 1 : 0)) ** 2;
        }
        const at = pmf[outcome] ?? 0;
        n++;
        sq += (Math.log1p(outcome) - elog) ** 2;
        crps += cr;
        pit50 += shareInside(below, below + at, 0.25, 0.75);
        pit90 += shareInside(below, below + at, 0.05, 0.95);
        const threshold = Math.max(Math.ceil(2 * m12 - 1e-9), 5);
        let tail = 0;
        for (let k = threshold; k < pmf.length; k++) tail += pmf[k];
        const happened = outcome >= threshold ? 1 : 0;
        brier += (tail - happened) ** 2;
        escalations += happened;
        means.push(mean);
        outcomes.push(outcome);
      });
      // Top-50: forecast order by mean (ties by area order); hot = outcome ≥ the 50th largest, and > 0.
      const order = means.map((_, i) => i).sort((a, b) => means[b] - means[a] || a - b);
      const cut = [...outcomes].sort((a, b) => b - a)[TOP_K - 1];
      const isHot = (i: number) => outcomes[i] >= cut && outcomes[i] > 0;
      hot += outcomes.filter((_, i) => isHot(i)).length;
      hits += order.slice(0, TOP_K).filter(isHot).length;
      kTotal += TOP_K;
    }
    const got = result.rows.find((r) => r.model === 'mean12' && r.h === 1)!.scores;
    expect(got.n).toBe(n);
    expect(got.mseLog1p).toBeCloseTo(sq / n, 9);
    expect(got.crps).toBeCloseTo(crps / n, 8);
    expect(got.pitCoverage50).toBeCloseTo(pit50 / n, 9);
    expect(got.pitCoverage90).toBeCloseTo(pit90 / n, 9);
    expect(got.escalationBrier).toBeCloseTo(brier / n, 9);
    expect(got.escalationRate).toBe(escalations / n);
    expect(got.topKPrecision).toBe(hits / kTotal);
    expect(got.topKRecall).toBe(hits / hot);
  });

  it("mean12's dispersions maximise the NB likelihood of their training months (origin 2017-12, h = 1)", () => {
    const origin = ORIGINS[1];
    const o = parseMonthLabel(origin) - start;
    const fit = forecast(panel, { series: SERIES, asOf: origin, horizon: 1, model: 'mean12' }).fits[0];
    // Training origins: the last 60 whose target (origin + 1 month) is observed by 2017-12.
    expect(fit.origins).toEqual(['2012-12', '2017-11']);
    const first = parseMonthLabel(fit.origins[0]) - start;
    const last = parseMonthLabel(fit.origins[1]) - start;
    expect(last).toBe(o - 1);
    const byStratum = Array.from({ length: EDGES.length + 1 }, () => ({
      y: [] as number[],
      mu: [] as number[],
    }));
    for (const y of rows) {
      for (let t = first; t <= last; t++) {
        let s12 = 0;
        for (let j = t - 11; j <= t; j++) s12 += y[j];
        const m12 = s12 / 12;
        const k = EDGES.filter((e) => m12 >= e).length;
        byStratum[k].y.push(y[t + 1]);
        byStratum[k].mu.push(Math.max(m12, 0.01));
      }
    }
    const ll = (k: number, alpha: number) =>
      byStratum[k].y.reduce((s, y, i) => s + nbLogPmf(y, byStratum[k].mu[i], alpha), 0);
    byStratum.forEach((rowsOf, k) => {
      const alpha = fit.alphas[k];
      if (rowsOf.y.length === 0 || !(alpha > 1e-6 && alpha < 100)) return;
      const best = ll(k, alpha);
      expect(best).toBeGreaterThanOrEqual(ll(k, alpha * 1.05) - 1e-6);
      expect(best).toBeGreaterThanOrEqual(ll(k, alpha / 1.05) - 1e-6);
    });
  });
});
