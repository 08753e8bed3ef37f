import { beforeAll, expect, it } from 'vitest';
import { parseMonthLabel } from '../../src/data/panel/months.js';
import { Panel } from '../../src/data/panel/panel.js';
import { freshness, presentSeries, STALE_MONTHS } from '../../src/data/present.js';
import { forecast } from '../../src/forecast/forecast.js';
import { hotspots } from '../../src/forecast/hotspots.js';
import { describeWithData } from '../helpers/shared-data.js';
import { FORECAST_FILES, importForecastPanel, SESNSP_MUNICIPAL } from './real-panel.js';

/**
 * The present first, on the real data: with INEGI municipal homicides (to 2019-12) and SESNSP municipal
 * carpetas (2024-01..2025-06) imported, forecasts and hot spots start from 2025-06 without being told, the
 * short SESNSP series borrows INEGI's regression (and says so), nothing after the origin is seen, and a
 * month more than six months old carries a warning.
 */
const SHORT = 'sesnsp.incidence-municipal.homicidio-doloso';

it('freshness: more than six months before today is stale', () => {
  expect(STALE_MONTHS).toBe(6);
  expect(freshness('2025-06', '2025-12-31')).toEqual({
    dataMonth: '2025-06',
    today: '2025-12',
    monthsOld: 6,
    stale: false,
  });
  expect(freshness('2025-06', new Date('2026-01-02T00:00:00Z')).stale).toBe(true);
  expect(freshness('2019-12', '2026-12-03').monthsOld).toBe(84);
});

describeWithData('forecasts start from the present (real data)', () => {
  let panel: Panel;
  beforeAll(() => {
    panel = importForecastPanel([...FORECAST_FILES, SESNSP_MUNICIPAL]).panel;
  }, 240_000);

  it('the present is the SESNSP municipal series at 2025-06, INEGI listed with its older month', () => {
    const p = presentSeries(panel);
    expect(p).toMatchObject({ series: SHORT, level: 'municipality', month: '2025-06', first: '2024-01' });
    expect(p.provisional).toEqual(['2025-05', '2025-06']);
    expect(p.candidates.map((c) => [c.series, c.month])).toEqual([
      [SHORT, '2025-06'],
      ['inegi.homicides', '2019-12'],
    ]);
  });

  it('hot spots default to the month after 2025-06, borrow INEGI, name the month and warn when stale', () => {
    const r = hotspots(panel, { today: '2026-12-03' });
    expect(r).toMatchObject({
      series: SHORT,
      asOf: '2025-06',
      target: '2025-07',
      model: 'borrowed-ensemble',
    });
    expect(r.method).toMatch(/fitted on inegi\.homicides \(release 2019-12/);
    expect(r.freshness).toMatchObject({ dataMonth: '2025-06', monthsOld: 18, stale: true });
    expect(r.warnings.some((w) => w.includes('18 months before 2026-12'))).toBe(true);
    expect(r.warnings.some((w) => w.includes('2025-05, 2025-06'))).toBe(true);
    // Within six months: no staleness warning.
    const fresh = hotspots(panel, { today: '2025-10-01' });
    expect(fresh.freshness.stale).toBe(false);
    expect(fresh.warnings.some((w) => w.includes('months before'))).toBe(false);
    // A plausible month: SESNSP recorded 1,674–2,272 carpetas a month over the listed municipalities.
    expect(r.nationalExpected).toBeGreaterThan(1400);
    expect(r.nationalExpected).toBeLessThan(2400);
    expect(r.top10.share).toBeGreaterThan(0.15);
    expect(r.top10.share).toBeLessThan(0.4);
    for (const row of r.all) expect(row.p05 <= row.expected + 1 && row.expected <= row.p95 + 1).toBe(true);
  });

  it('the scale per state is estimated on the short series, shrunk towards the national ratio', () => {
    const r = forecast(panel, { model: 'borrowed', horizon: 2, today: '2026-12-03' });
    const fit = r.fits.find((f) => f.h === 1)!;
    expect(fit.donor).toMatchObject({ series: 'inegi.homicides', vintage: '2019-12' });
    const scale = fit.scale!;
    // Every origin 2024-12..2025-05 of ≈2,470 municipalities (h = 1).
    expect(scale.origins).toEqual(['2024-12', '2025-05']);
    expect(scale.n).toBeGreaterThan(6 * 2400);
    expect(scale.national).toBeGreaterThan(0.5);
    expect(scale.national).toBeLessThan(1.5);
    expect(Object.keys(scale.byState)).toHaveLength(32);
    expect(scale.priorEvents).toBeGreaterThan(0);
  });

  it('no look-ahead: values after the origin change nothing; the origin month does (control)', () => {
    const asOf = '2025-03';
    const options = {
      series: SHORT,
      asOf,
      horizon: 3,
      model: 'borrowed-ensemble' as const,
      today: '2026-12-03',
    };
    const base = JSON.stringify(forecast(panel, options));
    const alter = (from: string, to: string) => {
      const [lo, hi] = [parseMonthLabel(from), parseMonthLabel(to)];
      const series = panel.series.map((s) => {
        if (s.meta.id !== SHORT) return s;
        const values = Float64Array.from(s.values);
        for (let a = 0; a < s.areas.length; a++)
          for (let t = 0; t < s.months; t++)
            if (s.start + t >= lo && s.start + t <= hi)
              values[a * s.months + t] = 10 * values[a * s.months + t] + 7;
        return { ...s, values };
      });
      return new Panel(series, panel.areas);
    };
    expect(JSON.stringify(forecast(alter('2025-04', '2025-06'), options))).toBe(base);
    expect(JSON.stringify(forecast(alter(asOf, asOf), options))).not.toBe(base);
  });

  it('its own regression is refused on a short series, with the way out', () => {
    expect(() => forecast(panel, { model: 'negbin', horizon: 1 })).toThrow(/needs 48.*--model borrowed/);
  });
});
