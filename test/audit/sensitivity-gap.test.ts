import { describe, expect, it } from 'vitest';
import { checkClaim, SENSITIVITY_MARGIN } from '../../src/audit/claim.js';
import { HOMICIDE } from '../../src/audit/reclassification.js';
import { sourceGap } from '../../src/audit/source-gap.js';
import { AreaRegistry } from '../../src/data/areas.js';
import { INEGI_NATIONAL } from '../../src/data/observed/builtin-table.js';
import { Panel } from '../../src/data/panel/panel.js';
import type { Series } from '../../src/data/panel/series.js';
import { month, type SyntheticSeries, syntheticPanel, syntheticSeries } from './synthetic.js';

const days = (m: number) => new Date(Date.UTC(1990 + Math.floor(m / 12), (m % 12) + 1, 0)).getUTCDate();

/** Every state at `rate(m)` victims a day. */
const victims = (rate: (m: number) => number, extra: Partial<SyntheticSeries> = {}): SyntheticSeries => ({
  id: HOMICIDE,
  first: '2015-01',
  last: '2025-06',
  value: (_s, m) => rate(m) * days(m),
  ...extra,
});

const claim = (panel: Panel, extra: Record<string, unknown> = {}) =>
  checkClaim(panel, { series: 'homicidio-doloso', from: '2024-09', to: '2025-06', ...extra });

describe('base-period sensitivity of a claim (synthetic, known answers)', () => {
  it('a step down after the base: every base gives the same change, not base-sensitive', () => {
    const panel = syntheticPanel([victims((m) => (m <= month('2024-09') ? 3 : 2))]);
    const r = claim(panel, { change: '-30%' });
    const s = r.sensitivity!;
    expect(s.stated).toBeCloseTo(-1 / 3, 12);
    expect(s.alternatives.map((a) => [a.kind, a.base])).toEqual([
      ['previous-3-months', '2024-06..2024-08'],
      ['previous-12-months', '2023-09..2024-08'],
      ['year-earlier', '2024-06'],
    ]);
    for (const a of s.alternatives) {
      expect(a.valueBase).toBeCloseTo(3 * 32, 10);
      expect(a.change).toBeCloseTo(-1 / 3, 12);
      expect(a.disagrees).toBeNull();
      expect(a.holds).toBe(true);
    }
    expect(s.sensitive).toBe(false);
    // A quarter of 33.3 points is above the 5-point floor.
    expect(s.margin).toBeCloseTo(1 / 12, 12);
    expect(r.caveats.join('\n')).toMatch(/Other base periods give .*within 8\.3 points/);
  });

  it('a spike in the base month: −40% stated, −20% against every other base — base-sensitive (size)', () => {
    // 3 a day, 4 in September 2024, 2.4 from October 2024.
    const rate = (m: number) => (m === month('2024-09') ? 4 : m > month('2024-09') ? 2.4 : 3);
    const r = claim(syntheticPanel([victims(rate)]), { change: '-40%' });
    const s = r.sensitivity!;
    expect(s.stated).toBeCloseTo(-0.4, 12);
    expect(r.holds).toBe(true);
    for (const a of s.alternatives) {
      expect(a.change).toBeCloseTo(-0.2, 12);
      expect(a.difference).toBeCloseTo(0.2, 12);
      expect(a.disagrees).toBe('size');
      expect(a.holds).toBe(false);
    }
    expect(s.sensitive).toBe(true);
    expect(r.caveats.join('\n')).toMatch(/depends on picking the base/);
    expect(r.caveats_es.join('\n')).toMatch(/depende de la base elegida/);
    expect(r.caveats.join('\n')).toMatch(/the claim would not hold: the verdict depends on the base/);
  });

  it('a dip in the base month: a rise on the stated base, a fall on the others — the direction flips', () => {
    const rate = (m: number) => (m === month('2024-09') ? 1 : m > month('2024-09') ? 2.4 : 3);
    const s = claim(syntheticPanel([victims(rate)])).sensitivity!;
    expect(s.stated).toBeCloseTo(1.4, 12);
    expect(s.alternatives.every((a) => a.disagrees === 'direction' && a.holds === null)).toBe(true);
    expect(s.sensitive).toBe(true);
  });

  it('small differences under 5 points are not material; the margin is documented', () => {
    expect(SENSITIVITY_MARGIN).toEqual({ points: 0.05, relative: 0.25 });
    // 3 a day, 3.1 in the base month, 2.9 after: −6.5% stated, −3.3% otherwise (3.1 points apart).
    const rate = (m: number) => (m === month('2024-09') ? 3.1 : m > month('2024-09') ? 2.9 : 3);
    const s = claim(syntheticPanel([victims(rate)])).sensitivity!;
    expect(s.margin).toBe(0.05);
    expect(s.alternatives.every((a) => a.disagrees === null)).toBe(true);
    expect(s.sensitive).toBe(false);
  });

  it('year on year: the year-earlier base is the stated base itself; bases before the data are named', () => {
    const panel = syntheticPanel([victims((m) => (m <= month('2024-09') ? 3 : 2))]);
    const yoy = claim(panel, { from: undefined, to: '2025-01..2025-06', basis: 'year-on-year' }).sensitivity!;
    expect(yoy.alternatives.find((a) => a.kind === 'year-earlier')).toEqual({
      kind: 'year-earlier',
      base: '2024-01..2024-06',
      same: true,
    });
    expect(yoy.alternatives.find((a) => a.kind === 'previous-3-months')!.base).toBe('2023-10..2023-12');
    const early = claim(panel, { from: '2015-02', to: '2016-06' }).sensitivity!;
    const three = early.alternatives.find((a) => a.kind === 'previous-3-months')!;
    expect(three.change).toBeUndefined();
    expect(three.unavailable).toMatch(/no value for Nacional in 2014-11: it covers 2015-01\.\.2025-06/);
    expect(early.alternatives.find((a) => a.kind === 'year-earlier')!.change).toBeCloseTo(0, 12);
  });

  it('monthly totals: the bases differ in length, so average monthly totals are compared', () => {
    const panel = syntheticPanel([victims(() => 2)]);
    const r = claim(panel, { from: '2024', to: '2025-01..2025-06', basis: 'monthly-total' });
    const twelve = r.sensitivity!.alternatives.find((a) => a.kind === 'previous-12-months')!;
    expect(twelve.base).toBe('2023-01..2023-12');
    expect(twelve.valueBase).toBeCloseTo((2 * 32 * 365) / 12, 8);
    expect(twelve.change).toBeCloseTo((2 * 32 * 181) / 6 / ((2 * 32 * 365) / 12) - 1, 12);
  });
});

/** The series at municipality level: every state split into two municipalities of half the count. */
function municipal(s: Series): Series {
  const areas = s.areas.flatMap((a) => [`${a}001`, `${a}002`]);
  const values = new Float64Array(areas.length * s.months);
  s.areas.forEach((_, a) => {
    for (let t = 0; t < s.months; t++) {
      values[2 * a * s.months + t] = s.values[a * s.months + t] / 2;
      values[(2 * a + 1) * s.months + t] = s.values[a * s.months + t] / 2;
    }
  });
  return { ...s, meta: { ...s.meta, level: 'municipality', file: 'inegi/municipal.csv' }, areas, values };
}

describe('source gap: which INEGI file, complete years, and the published national totals', () => {
  const sesnsp = victims(() => 90 / 30, { last: '2025-06', incomplete: ['2025-05', '2025-06'] });
  const inegiState = syntheticSeries({
    id: 'inegi.homicides',
    first: '2010-01',
    last: '2022-12',
    value: () => 100,
  });
  inegiState.meta.file = 'inegi/state.csv';
  const inegiMunicipal = municipal(
    syntheticSeries({
      id: 'inegi.homicides',
      vintage: '2019-12',
      first: '2010-01',
      last: '2019-12',
      value: () => 100,
    }),
  );
  const panelOf = (...inegi: Series[]) =>
    new Panel([syntheticSeries(sesnsp), ...inegi], AreaRegistry.states());

  it('uses the state file when both are imported, and says so', () => {
    const gap = sourceGap(panelOf(inegiMunicipal, inegiState));
    expect(gap.inegi).toMatchObject({ file: 'inegi/state.csv', vintage: '2022-12', level: 'state' });
    expect(gap.inegi.note).toBe(
      'the state file (release 2022-12) gives the state totals; the municipality file inegi/municipal.csv (to 2019-12) is not used',
    );
    expect(gap.sesnsp.file).toBe('synthetic.csv');
    expect(gap.years).toEqual([2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022]);
    // SESNSP 2025 is partial and flagged: not a complete year.
    expect(gap.sesnsp.completeYears!.at(-1)).toBe(2024);
  });

  it('sums the municipal file to states only when it is the only one, and says so', () => {
    const gap = sourceGap(panelOf(inegiMunicipal));
    expect(gap.inegi).toMatchObject({ file: 'inegi/municipal.csv', level: 'municipality' });
    expect(gap.inegi.note).toMatch(/no state file imported: municipality file inegi\/municipal\.csv/);
    expect(gap.years).toEqual([2015, 2016, 2017, 2018, 2019]);
    expect(gap.national[0].inegi).toBe(32 * 1200);
  });

  it('leaves out INEGI years with a missing or flagged month', () => {
    const holed = syntheticSeries({
      id: 'inegi.homicides',
      first: '2010-01',
      last: '2022-12',
      value: (s, m) => (s === '07' && m === month('2019-03') ? Number.NaN : 100),
      incomplete: ['2022-12'],
    });
    const gap = sourceGap(panelOf(holed));
    expect(gap.years).toEqual([2015, 2016, 2017, 2018, 2020, 2021]);
    expect(gap.inegi.completeYears).not.toContain(2019);
    expect(gap.inegi.completeYears).not.toContain(2022);
  });

  it('measures the state-file sum against the published national totals, year by year', () => {
    const gap = sourceGap(panelOf(inegiState));
    const published = gap.published!;
    expect(published.source).toMatch(/INEGI_NATIONAL/);
    expect(published.years.map((y) => y.year)).toEqual(gap.years);
    for (const y of published.years) {
      const p = INEGI_NATIONAL.find((r) => r.year === y.year)!.value;
      expect(y.stateSum).toBe(32 * 1200);
      expect(y.published).toBe(p);
      expect(y.shortfall).toBe(p - 32 * 1200);
      expect(y.relative).toBeCloseTo((32 * 1200) / p - 1, 12);
      expect(y.ratioPublished).toBeCloseTo(gap.national.find((n) => n.year === y.year)!.sesnsp / p, 12);
    }
  });

  it('says which complete years each source has when they share none', () => {
    const late = syntheticSeries({
      id: 'inegi.homicides',
      first: '2005-01',
      last: '2012-12',
      value: () => 100,
    });
    expect(() => sourceGap(panelOf(late))).toThrow(
      /SESNSP victims \(complete years: 2015, .*2024\) and INEGI homicides \(complete years: 2005, .*2012\) share no complete year/,
    );
  });
});
