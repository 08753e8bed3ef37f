import { beforeAll, expect, it } from 'vitest';
import { parseMonthLabel } from '../../src/data/panel/months.js';
import { Panel } from '../../src/data/panel/panel.js';
import { backtest } from '../../src/forecast/backtest.js';
import { type ForecastResult, forecast } from '../../src/forecast/forecast.js';
import type { ModelId } from '../../src/forecast/models.js';
import { describeWithData } from '../helpers/shared-data.js';
import { importForecastPanel } from './real-panel.js';

/**
 * No look-ahead, on the real INEGI municipal homicides (2000-01..2019-12): replacing every value after the
 * forecast origin (by 10·y + 7, or by NaN) must leave the forecast byte-identical, for the regression,
 * the ensemble and the baselines; and a backtest must not change when data after its last scored month
 * changes. Positive controls: changing the origin month itself, or a scored outcome month, does change
 * the result (so these tests can fail).
 */
const SERIES = 'inegi.homicides';
const AS_OF = '2016-06';

/** A copy of the panel with `f` applied to every value of the series in months [from, to]. */
function alter(
  panel: Panel,
  from: string,
  to: string | null,
  f: (v: number) => number,
): { panel: Panel; cells: number } {
  const lo = parseMonthLabel(from);
  const hi = to === null ? Number.POSITIVE_INFINITY : parseMonthLabel(to);
  let cells = 0;
  const series = panel.series.map((s) => {
    if (s.meta.id !== SERIES) return s;
    const values = Float64Array.from(s.values);
    for (let a = 0; a < s.areas.length; a++) {
      for (let t = 0; t < s.months; t++) {
        const m = s.start + t;
        if (m < lo || m > hi) continue;
        const before = values[a * s.months + t];
        values[a * s.months + t] = f(before);
        if (!Object.is(before, values[a * s.months + t])) cells++;
      }
    }
    return { ...s, values };
  });
  return { panel: new Panel(series, panel.areas), cells };
}

const times10plus7 = (v: number) => 10 * v + 7;
const nan = () => Number.NaN;

/** Where two JSON texts first differ (undefined when identical), short enough for a failure message. */
function firstDifference(a: string, b: string): string | undefined {
  if (a === b) return undefined;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `at ${i}: …${a.slice(Math.max(0, i - 80), i + 40)}… vs …${b.slice(Math.max(0, i - 80), i + 40)}…`;
}

describeWithData('forecasts never see data after the origin (real data)', () => {
  let original: Panel;
  let after10: Panel;
  let afterNaN: Panel;
  let withPopulation: string[];

  beforeAll(() => {
    original = importForecastPanel().panel;
    const a = alter(original, '2016-07', null, times10plus7);
    const b = alter(original, '2016-07', null, nan);
    // 42 months × ~2,467 areas: every cell after the origin really changed.
    expect(a.cells).toBeGreaterThan(42 * 2400);
    expect(b.cells).toBeGreaterThan(42 * 2400);
    after10 = a.panel;
    afterNaN = b.panel;
    const s = original.get(SERIES, { level: 'municipality' });
    withPopulation = s.areas.filter((area) => (original.areas.population.get(area)?.size ?? 0) > 0);
  });

  // The unaltered forecasts are shared between tests (a negbin fit takes seconds).
  const cache = new Map<string, ForecastResult>();
  const run = (panel: Panel, model: ModelId, horizon = 3): ForecastResult => {
    const key = `${model}|${horizon}`;
    if (panel === original && cache.has(key)) return cache.get(key)!;
    const r = forecast(panel, { series: SERIES, asOf: AS_OF, horizon, model });
    if (panel === original) cache.set(key, r);
    return r;
  };

  it('negbin: identical when every later value is 10·y + 7 or NaN; sound output shape', () => {
    const base = run(original, 'negbin');
    const json = JSON.stringify(base);
    expect(firstDifference(json, JSON.stringify(run(after10, 'negbin')))).toBeUndefined();
    expect(firstDifference(json, JSON.stringify(run(afterNaN, 'negbin')))).toBeUndefined();

    expect(base.asOf).toBe(AS_OF);
    expect(base.horizon).toBe(3);
    // Forecasts for every municipality with population (≈ 2,467), once per target month.
    expect(withPopulation.length).toBeGreaterThan(2400);
    expect(withPopulation.length).toBeLessThan(2500);
    const months = ['2016-07', '2016-08', '2016-09'];
    expect(base.forecasts).toHaveLength(withPopulation.length * months.length);
    for (const t of months) {
      const rows = base.forecasts.filter((f) => f.t === t);
      expect(rows.map((f) => f.area).sort()).toEqual([...withPopulation].sort());
    }
    for (const f of base.forecasts) {
      expect(months).toContain(f.t);
      expect(Number.isFinite(f.mean) && f.mean > 0).toBe(true);
      const q = [f.p05, f.p25, f.p50, f.p75, f.p95];
      for (const v of q) expect(Number.isInteger(v) && v >= 0).toBe(true);
      for (let j = 1; j < q.length; j++) expect(q[j]).toBeGreaterThanOrEqual(q[j - 1]);
    }
  });

  it('negbin: positive control — changing the origin month itself changes the forecast', () => {
    const base = JSON.stringify(run(original, 'negbin'));
    const atOrigin = alter(original, AS_OF, AS_OF, times10plus7).panel;
    expect(firstDifference(base, JSON.stringify(run(atOrigin, 'negbin')))).toBeDefined();
  });

  it('ensemble: identical when every later value is 10·y + 7', () => {
    const base = JSON.stringify(run(original, 'ensemble'));
    expect(firstDifference(base, JSON.stringify(run(after10, 'ensemble')))).toBeUndefined();
  });

  it('persistence: identical when later values change; its mean is the origin month (control)', () => {
    const base = run(original, 'persistence');
    expect(
      firstDifference(JSON.stringify(base), JSON.stringify(run(after10, 'persistence'))),
    ).toBeUndefined();
    expect(
      firstDifference(JSON.stringify(base), JSON.stringify(run(afterNaN, 'persistence'))),
    ).toBeUndefined();
    // Control: with the origin month set to 10·y + 7, the persistence mean is exactly that.
    const s = original.get(SERIES, { level: 'municipality' });
    const col = parseMonthLabel(AS_OF) - s.start;
    const last = new Map(s.areas.map((a, i) => [a, s.values[i * s.months + col]]));
    const changed = run(alter(original, AS_OF, AS_OF, times10plus7).panel, 'persistence', 1);
    expect(changed.forecasts).toHaveLength(withPopulation.length);
    for (const f of changed.forecasts) {
      const y = last.get(f.area)!;
      expect(f.mean).toBe(10 * (Number.isNaN(y) ? 0 : y) + 7);
    }
  });

  it('seasonal, 12 months ahead (reads the same month a year before each target): identical', () => {
    const base = JSON.stringify(run(original, 'seasonal', 12));
    expect(firstDifference(base, JSON.stringify(run(after10, 'seasonal', 12)))).toBeUndefined();
  });

  it('backtest from one origin: data after origin + horizon changes nothing; an outcome month does', () => {
    const options = {
      series: SERIES,
      origins: [AS_OF],
      horizon: 3,
      models: ['persistence', 'negbin', 'ensemble'] as ModelId[],
    };
    const base = backtest(original, options);
    expect(base.origins).toEqual([AS_OF]);
    const json = JSON.stringify(base);
    // The last month scored is 2016-09.
    const later = alter(original, '2016-10', null, times10plus7).panel;
    expect(firstDifference(json, JSON.stringify(backtest(later, options)))).toBeUndefined();

    // Control: change only 2016-08, the outcome of horizon 2. The forecasts cannot see it, so the
    // horizon-1 and horizon-3 scores stay the same and only horizon 2's change.
    const outcome = backtest(alter(original, '2016-08', '2016-08', times10plus7).panel, options);
    for (const row of base.rows) {
      const other = outcome.rows.find((r) => r.model === row.model && r.h === row.h)!;
      const same = JSON.stringify(row) === JSON.stringify(other);
      expect({ model: row.model, h: row.h, same }).toEqual({ model: row.model, h: row.h, same: row.h !== 2 });
    }
  });
});
