import { describe, expect, it } from 'vitest';
import { AreaRegistry } from '../../src/data/areas.js';
import { QueryError } from '../../src/data/errors.js';
import { parseMonthLabel } from '../../src/data/panel/months.js';
import { Panel } from '../../src/data/panel/panel.js';
import type { Series } from '../../src/data/panel/series.js';
import {
  fitLocalTrend,
  localTrendLogLik,
  MIN_OBSERVATIONS,
  nelderMead,
} from '../../src/forecast/local-trend.js';
import { monthEffects, type TrendsOptions, type TrendsResult, trends } from '../../src/forecast/trends.js';

/**
 * Trends on synthetic data (no real data needed): the kernel's exact cases, the calibration of the flag on
 * series with no trend (the share flagged rising or falling against the nominal 5% a side), its power on
 * real trends, seasonality, sparse areas, the anomaly check, no look-ahead and the errors.
 */

/** mulberry32: a small seeded uniform generator. */
function uniform(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
}

/** Poisson draws (inversion for small means, normal approximation above 60). */
function poisson(u: () => number): (mu: number) => number {
  return (mu) => {
    if (mu > 60) {
      const z = Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
      return Math.max(0, Math.round(mu + Math.sqrt(mu) * z));
    }
    const limit = Math.exp(-mu);
    let k = 0;
    let p = u();
    while (p > limit) {
      k++;
      p *= u();
    }
    return k;
  };
}

interface Synthetic {
  id?: string;
  first: string;
  last: string;
  areas: number;
  /** Expected count of area a in month index m (month 0 = the first month). */
  mean: (a: number, t: number) => number;
  seed?: number;
  incomplete?: string[];
}

const code = (a: number) =>
  `${String(1 + Math.floor(a / 900)).padStart(2, '0')}${String((a % 900) + 1).padStart(3, '0')}`;

function synthetic(s: Synthetic): Panel {
  const start = parseMonthLabel(s.first);
  const months = parseMonthLabel(s.last) - start + 1;
  const draw = poisson(uniform(s.seed ?? 1));
  const areas = Array.from({ length: s.areas }, (_, a) => code(a));
  const values = new Float64Array(s.areas * months);
  for (let a = 0; a < s.areas; a++)
    for (let t = 0; t < months; t++) values[a * months + t] = draw(s.mean(a, t));
  const series: Series = {
    meta: {
      id: s.id ?? 'test.counts',
      title: 'Synthetic counts',
      unit: 'events',
      level: 'municipality',
      source: 'synthetic',
      file: 'synthetic.csv',
      vintage: s.last,
      format: 'synthetic',
      encoding: 'utf-8',
      rows: s.areas * months,
      incompleteMonths: s.incomplete ?? [],
      warnings: [],
    },
    areas,
    start,
    months,
    values,
  };
  const registry = new AreaRegistry();
  for (const c of areas) for (let year = 2010; year <= 2026; year++) registry.setPopulation(c, year, 50_000);
  return new Panel([series], registry);
}

const TODAY = '2022-01';
const run = (panel: Panel, options: TrendsOptions = {}) =>
  trends(panel, { series: 'test.counts', today: TODAY, anomalies: false, ...options });

const share = (r: TrendsResult, flag: string) =>
  r.areas.filter((a) => a.flag === flag).length / r.areas.length;

describe('the local linear trend kernel', () => {
  it('a straight line: every variance 0 and the exact slope', () => {
    const y = Float64Array.from({ length: 24 }, (_, t) => 2 + 3 * t);
    const fit = fitLocalTrend(y)!;
    expect(fit.slope).toBe(3);
    expect(fit.slopeVar).toBe(0);
    expect(fit.variances).toEqual({ level: 0, slope: 0, epsilon: 0 });
  });

  it('noise around a line: the slope and its standard deviation are those of least squares when the ML puts every variance in the noise', () => {
    // A deterministic trend is the local linear trend with both state variances 0; then the filtered slope
    // is the OLS slope and its variance σ̂²/Σ(t − t̄)², σ̂² = RSS/(n − 2) (the concentrated ML estimate over the
    // n − 2 terms of the diffuse likelihood).
    const e = [0.3, -0.2, 0.1, -0.4, 0.2, 0.25, -0.1, 0.05, -0.3, 0.15, -0.05, 0.35, -0.25, 0.1, -0.15, 0.2];
    const n = e.length;
    const y = Float64Array.from(e, (v, t) => 1 + 0.1 * t + v);
    const fit = localTrendLogLik(y, { level: 0, slope: 0, epsilon: 1 });
    const tbar = (n - 1) / 2;
    let sxx = 0;
    let sxy = 0;
    let ybar = 0;
    for (let t = 0; t < n; t++) ybar += y[t] / n;
    for (let t = 0; t < n; t++) {
      sxx += (t - tbar) ** 2;
      sxy += (t - tbar) * (y[t] - ybar);
    }
    expect(fit.slope).toBeCloseTo(sxy / sxx, 12);
    expect(fit.slopeVar).toBeCloseTo(1 / sxx, 12);
    expect(fit.terms).toBe(n - 2);
  });

  it('fits a view of a larger array as it fits a copy, and skips missing months', () => {
    const u = uniform(3);
    const big = Float64Array.from({ length: 90 }, (_, t) => Math.log1p(20 + (t % 30)) + 0.2 * u());
    const view = fitLocalTrend(big, 30, 30)!;
    const copy = fitLocalTrend(big.slice(30, 60))!;
    expect(view).toEqual(copy);
    const gappy = big.slice(30, 60);
    gappy[0] = Number.NaN;
    gappy[12] = Number.NaN;
    const fit = fitLocalTrend(gappy)!;
    expect(fit.observations).toBe(28);
    expect(fit.terms).toBe(26);
    expect(Number.isFinite(fit.slope) && fit.slopeVar > 0).toBe(true);
  });

  it('needs MIN_OBSERVATIONS values', () => {
    expect(fitLocalTrend(Float64Array.of(1, 2, 3, 4, 5))).toBeNull();
    expect(fitLocalTrend(Float64Array.of(1, 2, 3, 4, 5, 7))).not.toBeNull();
    expect(MIN_OBSERVATIONS).toBe(6);
  });

  it('Nelder–Mead finds the minimum of the Rosenbrock function', () => {
    const f = (x: Float64Array) => 100 * (x[1] - x[0] ** 2) ** 2 + (1 - x[0]) ** 2;
    const m = nelderMead(f, Float64Array.of(-1.2, 1), 0.5, { maxEval: 5000, fTol: 1e-14, xTol: 1e-9 });
    expect(m.x[0]).toBeCloseTo(1, 4);
    expect(m.x[1]).toBeCloseTo(1, 4);
  });
});

describe('calibration: series with no trend', () => {
  // Flat Poisson series; nominal 5% a side for the 90% interval. The fit is conservative (≈3–4% a side on
  // 2,000-series simulations): when the ML gives the level a variance, the slope's interval widens. The
  // bounds allow about ±2.5 binomial standard deviations around that.
  it.each([
    { months: 36, mu: 20, first: '2019-01', last: '2021-12' },
    { months: 18, mu: 6, first: '2020-07', last: '2021-12' },
  ])('$months months at $mu events a month: about 5% a side flagged', ({ mu, first, last }) => {
    const r = run(synthetic({ first, last, areas: 1000, mean: () => mu, seed: 7 }));
    const rising = share(r, 'rising');
    const falling = share(r, 'falling');
    expect(rising).toBeGreaterThan(0.015);
    expect(rising).toBeLessThan(0.065);
    expect(falling).toBeGreaterThan(0.015);
    expect(falling).toBeLessThan(0.065);
    expect(r.counts.tooFewEvents).toBe(0);
  });

  it('at 95% fewer are flagged than at 90%', () => {
    const panel = synthetic({ first: '2019-01', last: '2021-12', areas: 1000, mean: () => 20, seed: 8 });
    const at90 = run(panel);
    const at95 = run(panel, { confidence: 0.95 });
    expect(at95.counts.rising + at95.counts.falling).toBeLessThan(at90.counts.rising + at90.counts.falling);
    expect((at95.counts.rising + at95.counts.falling) / 1000).toBeLessThan(0.06);
  });
});

describe('power and reading of the trend', () => {
  const panel = synthetic({
    first: '2019-01',
    last: '2021-12',
    areas: 400,
    // Areas 0–199 grow 60% a year, 200–399 fall 40% a year, from 20 events a month.
    mean: (a, t) => 20 * (a < 200 ? 1.6 : 0.6) ** (t / 12),
    seed: 9,
  });
  const r = run(panel);

  it('flags most rising and falling areas, and none the wrong way', () => {
    const up = r.areas.slice(0, 200);
    const down = r.areas.slice(200);
    expect(up.filter((a) => a.flag === 'rising').length).toBeGreaterThan(170);
    expect(down.filter((a) => a.flag === 'falling').length).toBeGreaterThan(170);
    expect(up.some((a) => a.flag === 'falling')).toBe(false);
    expect(down.some((a) => a.flag === 'rising')).toBe(false);
  });

  it('reports the change a year near the truth (log(y + 1) slightly understates it)', () => {
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const up = median(r.areas.slice(0, 200).map((a) => a.trend!.perYear));
    const down = median(r.areas.slice(200).map((a) => a.trend!.perYear));
    expect(up).toBeGreaterThan(0.4);
    expect(up).toBeLessThan(0.7);
    expect(down).toBeLessThan(-0.3);
    expect(down).toBeGreaterThan(-0.5);
    for (const a of r.areas) {
      expect(a.trend!.low).toBeLessThanOrEqual(a.trend!.perYear);
      expect(a.trend!.perYear).toBeLessThanOrEqual(a.trend!.high);
    }
  });
});

describe('sparse areas', () => {
  it('areas averaging fewer than minMean events a month get no trend', () => {
    const panel = synthetic({
      first: '2019-01',
      last: '2021-12',
      areas: 60,
      mean: (a) => (a < 20 ? 0 : a < 40 ? 0.5 : 10),
    });
    const r = run(panel);
    for (const a of r.areas.slice(0, 40)) {
      expect(a.flag).toBe('too-few-events');
      expect(a.trend).toBeNull();
    }
    for (const a of r.areas.slice(40)) expect(a.trend).not.toBeNull();
    expect(r.counts.tooFewEvents).toBe(40);
    // With minMean 0 every area that had any event is fitted; areas with none never are.
    const all = run(panel, { minMean: 0 });
    expect(all.areas.slice(0, 20).every((a) => a.flag === 'too-few-events')).toBe(true);
    expect(all.areas.slice(20, 40).filter((a) => a.trend).length).toBeGreaterThan(15);
  });
});

describe('seasonality', () => {
  const effects = [-0.1, -0.2, 0, 0.05, 0.15, 0.2, 0.1, 0.05, 0, -0.05, -0.1, -0.1];
  const centred = effects.map((e) => e - effects.reduce((s, x) => s + x, 0) / 12);

  it('monthEffects recovers month effects under a trend', () => {
    const start = parseMonthLabel('2015-01');
    const total = Float64Array.from({ length: 72 }, (_, t) => Math.exp(8 + 0.01 * t + centred[t % 12]));
    const got = monthEffects(total, start)!;
    for (let j = 0; j < 12; j++) expect(got[j]).toBeCloseTo(centred[j], 2);
    expect(monthEffects(total.slice(0, 35), start)).toBeNull();
  });

  it('ending at the seasonal peak: no spurious trend, and narrower intervals once the season is removed', () => {
    // June is the peak; both fits use the last 30 months. With 48 months of data the month effects are the
    // series' own; with 30 months of a series that is not a homicide series there is nothing to remove and
    // nothing to borrow (a warning says so). The maximum likelihood then takes the season for noise: no
    // more false trends (a few percent a side either way), but wider intervals and noisier slopes.
    const mean = (_a: number, t: number) => 30 * Math.exp(centred[t % 12]);
    const long = run(synthetic({ first: '2018-07', last: '2022-06', areas: 400, mean, seed: 11 }), {
      asOf: '2022-06',
      window: 30,
    });
    expect(long.seasonality.source).toBe('own');
    const short = run(synthetic({ first: '2020-01', last: '2022-06', areas: 400, mean, seed: 11 }), {
      asOf: '2022-06',
    });
    expect(short.window.months).toBe(30);
    expect(short.seasonality.source).toBe('none');
    expect(short.warnings.some((w) => w.startsWith('seasonality not removed'))).toBe(true);
    for (const r of [long, short]) {
      expect(share(r, 'rising')).toBeLessThan(0.08);
      expect(share(r, 'falling')).toBeLessThan(0.08);
    }
    const width = (r: TrendsResult) =>
      r.areas.reduce((acc, a) => acc + Math.log1p(a.trend!.high) - Math.log1p(a.trend!.low), 0) /
      r.areas.length;
    expect(width(short)).toBeGreaterThan(1.2 * width(long));
  });

  it('a short homicide series borrows the month effects of a long one', () => {
    const long = synthetic({
      id: 'test.homicidio-doloso',
      first: '2016-01',
      last: '2021-12',
      areas: 50,
      mean: (_a, t) => 40 * Math.exp(centred[t % 12]),
      seed: 12,
    });
    const short = synthetic({
      id: 'other.homicidio-doloso',
      first: '2020-07',
      last: '2021-12',
      areas: 50,
      mean: () => 10,
      seed: 13,
    });
    const panel = new Panel([...long.series, ...short.series], long.areas);
    const r = trends(panel, { series: 'other.homicidio-doloso', anomalies: false, today: TODAY });
    expect(r.seasonality).toMatchObject({
      source: 'borrowed',
      series: 'test.homicidio-doloso',
      to: '2021-12',
    });
    expect(r.seasonality.effects![5]).toBeGreaterThan(0.1);
  });
});

describe('anomalies of the newest month', () => {
  const panel = synthetic({
    first: '2016-01',
    last: '2021-12',
    areas: 40,
    mean: (a, t) => (t === 71 && a === 0 ? 80 : t === 71 && a === 1 ? 0.01 : 20),
    seed: 5,
  });

  it('flags a spike above and a collapse below the 95% interval of the forecast from the month before', () => {
    const r = trends(panel, { series: 'test.counts', model: 'mean12', today: TODAY });
    expect(r.anomalies).toMatchObject({
      month: '2021-12',
      origin: '2021-11',
      available: true,
      model: 'mean12',
      interval: 0.95,
    });
    expect(r.areas[0].anomaly).toMatchObject({ flag: 'above' });
    expect(r.areas[0].anomaly!.observed).toBeGreaterThan(r.areas[0].anomaly!.high);
    expect(r.areas[0].anomaly!.tail).toBeLessThan(0.001);
    expect(r.areas[1].anomaly).toMatchObject({ flag: 'below', observed: 0 });
    for (const a of r.areas) {
      const x = a.anomaly!;
      expect(x.low).toBeLessThanOrEqual(x.expected);
      expect(x.expected).toBeLessThanOrEqual(x.high);
      expect(x.observed).toBe(a.last);
    }
    expect(r.counts.above).toBeGreaterThanOrEqual(1);
    expect(r.counts.below).toBeGreaterThanOrEqual(1);
    // Chance flags among the 38 ordinary areas stay rare (5% expected).
    expect(r.counts.above + r.counts.below).toBeLessThan(8);
  });

  it('when no forecast can be made, says why and still gives the trends', () => {
    // Twenty months of a series that is not a homicide series: too short for its own regression, and no long
    // homicide series to borrow one from.
    const short = synthetic({ first: '2020-05', last: '2021-12', areas: 10, mean: () => 20 });
    const r = trends(short, { series: 'test.counts', today: TODAY });
    expect(r.anomalies.available).toBe(false);
    expect(r.anomalies.reason).toMatch(/no forecast for 2021-12 from 2021-11: /);
    expect(r.warnings.some((w) => w.startsWith('anomalies not computed'))).toBe(true);
    expect(r.areas.every((a) => a.anomaly === null && a.trend !== null)).toBe(true);
  });
});

describe('no look-ahead, freshness, provisional months', () => {
  it('values after asOf change nothing', () => {
    const a = synthetic({ first: '2016-01', last: '2021-12', areas: 30, mean: () => 15, seed: 21 });
    const b = synthetic({ first: '2016-01', last: '2021-12', areas: 30, mean: () => 15, seed: 21 });
    const s = b.series[0];
    const cut = parseMonthLabel('2021-06') - s.start;
    for (let k = 0; k < s.areas.length; k++)
      for (let t = cut + 1; t < s.months; t++) s.values[k * s.months + t] *= 7;
    const options: TrendsOptions = { series: 'test.counts', asOf: '2021-06', model: 'mean12', today: TODAY };
    const ra = trends(a, options);
    const rb = trends(b, options);
    expect({ ...rb, timing: null, seasonality: null }).toEqual({ ...ra, timing: null, seasonality: null });
    // The month effects use data up to asOf only as well.
    expect(rb.seasonality).toEqual(ra.seasonality);
    expect(ra.seasonality.to).toBe('2021-06');
  });

  it('warns when the data month is more than six months old, and names provisional months', () => {
    const panel = synthetic({
      first: '2019-01',
      last: '2021-12',
      areas: 5,
      mean: () => 10,
      incomplete: ['2021-11', '2021-12'],
    });
    const fresh = run(panel, { today: '2022-03' });
    expect(fresh.freshness).toEqual({ dataMonth: '2021-12', today: '2022-03', monthsOld: 3, stale: false });
    expect(fresh.warnings.some((w) => w.includes('provisional (2021-11, 2021-12)'))).toBe(true);
    const stale = run(panel, { today: '2022-08' });
    expect(stale.freshness.stale).toBe(true);
    expect(stale.warnings[0]).toMatch(/ends 2021-12, 8 months before 2022-08/);
    expect(run(panel, { asOf: '2021-06' }).warnings.some((w) => w.includes('provisional'))).toBe(false);
  });
});

describe('errors', () => {
  const panel = synthetic({ first: '2019-01', last: '2021-12', areas: 3, mean: () => 10 });
  const error = (options: TrendsOptions) => {
    try {
      run(panel, options);
    } catch (err) {
      expect(err).toBeInstanceOf(QueryError);
      return (err as Error).message;
    }
    throw new Error('expected a QueryError');
  };

  it('names what was wrong and what was expected', () => {
    expect(error({ asOf: '2022-03' })).toMatch(/no data for 2022-03: it covers 2019-01\.\.2021-12/);
    expect(error({ asOf: '2019-06' })).toMatch(/needs 12 months of test\.counts; it has 6/);
    expect(error({ window: 6 })).toMatch(/window 6 is out of range: whole months from 12 to 240/);
    expect(error({ confidence: 1.2 })).toMatch(/confidence 1\.2 is out of range/);
    expect(error({ series: 'nope' })).toMatch(
      /unknown series "nope"; municipality series imported: test\.counts/,
    );
    expect(error({ level: 'national' as 'state' })).toMatch(/level "national" is not supported/);
  });

  it('a window longer than the series uses the whole series', () => {
    const r = run(panel, { window: 120 });
    expect(r.window).toEqual({ from: '2019-01', to: '2021-12', months: 36 });
  });
});
