import { describe, expect, it } from 'vitest';
import { buildAudit } from '../../src/audit/audit.js';
import { segmentBreaks, trendBreaks } from '../../src/audit/breaks.js';
import { checkClaim } from '../../src/audit/claim.js';
import { parsePeriod } from '../../src/audit/periods.js';
import { HOMICIDE, reclassification, reclassificationByState } from '../../src/audit/reclassification.js';
import { revisionSummaries } from '../../src/audit/revisions.js';
import { shareJumps } from '../../src/audit/shares.js';
import { sourceGap } from '../../src/audit/source-gap.js';
import { AreaRegistry } from '../../src/data/areas.js';
import { QueryError } from '../../src/data/errors.js';
import { Panel } from '../../src/data/panel/panel.js';
import { month, syntheticPanel } from './synthetic.js';

const days = (m: number) => new Date(Date.UTC(1990 + Math.floor(m / 12), (m % 12) + 1, 0)).getUTCDate();
/** Deterministic noise in [-1, 1) from integers (no RNG state shared between tests). */
const noise = (...k: number[]) => {
  let h = 0x12345678;
  for (const x of k) {
    // murmur3's 32-bit finaliser after each input: well mixed even for small consecutive integers.
    h = Math.imul(h ^ x, 0x9e3779b1);
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return ((h >>> 0) / 2 ** 32) * 2 - 1;
};

describe('checking a claim (synthetic data, known answers)', () => {
  // Every state: 3 victims a day until 2024-09, 2 a day afterwards; June 2025 flagged incomplete.
  const rate = (m: number) => (m <= month('2024-09') ? 3 : 2);
  const panel = syntheticPanel([
    {
      id: HOMICIDE,
      first: '2015-01',
      last: '2025-06',
      value: (_s, m) => rate(m) * days(m),
      incomplete: ['2025-06'],
    },
  ]);
  const claim = (change: string, extra: Record<string, unknown> = {}) =>
    checkClaim(panel, { series: 'homicidio-doloso', from: '2024-09', to: '2025-06', change, ...extra });

  it('recomputes the daily average nationally: 96 → 64 a day, −33.3%', () => {
    const r = claim('-25%');
    expect(r.observed.valueFrom).toBeCloseTo(96, 12);
    expect(r.observed.valueTo).toBeCloseTo(64, 12);
    expect(r.observed.change).toBeCloseTo(-1 / 3, 12);
    expect(r.claim.change).toBeCloseTo(-0.25, 12);
    expect(r.basis).toBe('daily-average');
    expect(r.holds).toBe(true);
    expect(r.difference).toBeCloseTo(-1 / 3 + 0.25, 12);
  });

  it('a claimed fall larger than observed (beyond the tolerance) or of the wrong sign does not hold', () => {
    expect(claim('-40%').holds).toBe(false);
    expect(claim('+10%').holds).toBe(false);
    // −35% claimed, −33.3% observed: within 2 points, not within 1.
    expect(claim('-35%').holds).toBe(true);
    expect(claim('-35%', { tolerance: 0.01 }).holds).toBe(false);
    expect(claim('-35%').difference).toBeCloseTo(0.35 - 1 / 3, 12);
  });

  it('flags incomplete months, never silently', () => {
    const r = claim('-25%');
    expect(r.incomplete).toEqual(['2025-06']);
    expect(r.caveats.join('\n')).toMatch(/Incomplete months used: 2025-06/);
  });

  it('daily averages compare months of different length fairly; monthly totals do not', () => {
    const daily = checkClaim(panel, { series: 'homicidio-doloso', from: '2024-02', to: '2024-03' });
    expect(daily.observed.change).toBeCloseTo(0, 12);
    expect(daily.holds).toBeNull();
    const total = checkClaim(panel, {
      series: 'homicidio-doloso',
      from: '2024-02',
      to: '2024-03',
      basis: 'monthly-total',
    });
    expect(total.observed.change).toBeCloseTo(31 / 29 - 1, 12);
    expect(total.observed.valueFrom).toBe(32 * 3 * 29);
  });

  it('year on year: the same months a year earlier, for a state', () => {
    const r = checkClaim(panel, {
      series: 'homicidio-doloso',
      to: '2025-01..2025-05',
      basis: 'year-on-year',
      place: 'Jalisco',
    });
    expect(r.observed.from).toBe('2024-01..2024-05');
    expect(r.place).toEqual({ code: '14', name: 'Jalisco' });
    expect(r.observed.valueFrom).toBeCloseTo(3, 12);
    expect(r.observed.change).toBeCloseTo(-1 / 3, 12);
  });

  it('periods outside coverage, unknown series and malformed requests are clear errors', () => {
    expect(() => checkClaim(panel, { series: 'homicidio-doloso', from: '2024-09', to: '2025-07' })).toThrow(
      /no value for Nacional in 2025-07: it covers 2015-01\.\.2025-06/,
    );
    expect(() => checkClaim(panel, { series: 'homicidio-doloso', from: '2014-12', to: '2015-06' })).toThrow(
      QueryError,
    );
    expect(() => checkClaim(panel, { series: 'robo', from: '2024-09', to: '2025-06' })).toThrow(
      /unknown series "robo"; valid: homicidio-doloso/,
    );
    expect(() => checkClaim(panel, { series: 'homicidio-doloso', to: '2025-06' })).toThrow(
      /--from is required/,
    );
    expect(() => checkClaim(panel, { series: 'homicidio-doloso', from: '2025-06', to: '2024-09' })).toThrow(
      /after --to/,
    );
    expect(() =>
      checkClaim(panel, { series: 'homicidio-doloso', from: '2024-09', to: '2025-06', vintage: '1999-01' }),
    ).toThrow(/no vintage 1999-01; vintages: 2025-06/);
    expect(() => buildAudit(new Panel([], AreaRegistry.states()))).toThrow(
      /unknown series "homicidio-doloso"/,
    );
  });
});

describe('reclassification offset (synthetic)', () => {
  // Guanajuato (11): homicide 10 → 6 a day; feminicide 1 → 1.5; negligent 4 → 5; other crimes 2 → 1.
  // Elsewhere: homicide 2 → 2.5 a day, others flat. RNPDNO not imported.
  const split = month('2025-01');
  const perDay = (gto: [number, number], other: [number, number]) => (s: string, m: number) =>
    (s === '11' ? gto : other)[m < split ? 0 : 1] * days(m);
  const panel = syntheticPanel([
    { id: HOMICIDE, first: '2024-01', last: '2025-06', value: perDay([10, 6], [2, 2.5]) },
    {
      id: 'sesnsp.victims.feminicidio',
      first: '2024-01',
      last: '2025-06',
      value: perDay([1, 1.5], [0.1, 0.1]),
    },
    {
      id: 'sesnsp.victims.homicidio-culposo',
      first: '2024-01',
      last: '2025-06',
      value: perDay([4, 5], [1, 1]),
    },
    {
      id: 'sesnsp.victims.otros-delitos-que-atentan-contra-la-vida-y-la-integridad-corporal',
      first: '2024-01',
      last: '2025-06',
      value: perDay([2, 1], [1, 1]),
    },
  ]);
  const from = parsePeriod('2024-09');
  const to = parsePeriod('2025-01..2025-06');

  it('offset share = rises elsewhere / fall in homicide = (0.5 + 1) / 4', () => {
    const r = reclassification(panel, { code: '11', name: 'Guanajuato' }, from, to);
    expect(r.homicide.before).toBeCloseTo(10, 12);
    expect(r.homicide.after).toBeCloseTo(6, 12);
    expect(r.decline).toBeCloseTo(4, 12);
    expect(r.absorbed).toBeCloseTo(1.5, 12);
    expect(r.offsetShare).toBeCloseTo(0.375, 12);
    expect(r.material).toBe(true);
    expect(r.others.map((c) => [c.id.split('.').pop(), Number(c.change.toFixed(6))])).toEqual([
      ['feminicidio', 0.5],
      ['homicidio-culposo', 1],
      ['otros-delitos-que-atentan-contra-la-vida-y-la-integridad-corporal', -1],
    ]);
    expect(r.missing.map((m) => m.id)).toEqual(['rnpdno.not-located', 'rnpdno.located-dead']);
  });

  it('a rise in homicide has no offset; states with a material fall rank first', () => {
    const r = reclassification(panel, { code: '14', name: 'Jalisco' }, from, to);
    expect(r.decline).toBe(0);
    expect(r.offsetShare).toBeNull();
    expect(r.material).toBe(false);
    const ranked = reclassificationByState(panel, from, to);
    expect(ranked).toHaveLength(32);
    expect(ranked[0].place.code).toBe('11');
  });
});

describe('trend breaks (synthetic)', () => {
  const seasonal = (m: number) => 1 + 0.1 * Math.sin((2 * Math.PI * (m % 12)) / 12);
  // Sonora (26): level doubles from 2020-01; Sinaloa (25): steady trend only. Noise ±5%.
  const panel = syntheticPanel([
    {
      id: HOMICIDE,
      first: '2015-01',
      last: '2024-12',
      value: (s, m) => {
        const base =
          5 * seasonal(m) * (1 + 0.05 * noise(Number(s), m)) * Math.exp(0.002 * (m - month('2015-01')));
        return Math.round(base * (s === '26' && m >= month('2020-01') ? 2 : 1) * days(m) * 10) / 10;
      },
    },
  ]);

  it('finds the planted break at its month and none in a plain trend', () => {
    const breaks = trendBreaks(panel);
    const sonora = breaks.find((b) => b.place === '26');
    expect(sonora?.month).toBe('2020-01');
    expect(Math.expm1(sonora!.levelShift)).toBeGreaterThan(0.8);
    expect(Math.expm1(sonora!.levelShift)).toBeLessThan(1.2);
    expect(sonora!.after / sonora!.before).toBeGreaterThan(1.8);
    expect(breaks.find((b) => b.place === '25')).toBeUndefined();
  });

  it('segmentBreaks on a bare series: a step of 1 log point at month 40 of 100, and none in a plain trend', () => {
    const y = Array.from({ length: 100 }, (_, t) => 0.01 * t + (t >= 40 ? 1 : 0) + 0.05 * noise(7, t));
    const months = Array.from({ length: 100 }, (_, t) => 300 + t);
    const found = segmentBreaks({ months, y });
    expect(found.fit.breaks).toEqual([40]);
    expect(found.deltaBic[0]).toBeGreaterThan(10);
    const flat = Array.from({ length: 100 }, (_, t) => 0.01 * t + 0.05 * noise(8, t));
    expect(segmentBreaks({ months, y: flat }).fit.breaks).toEqual([]);
  });
});

describe('share jumps (synthetic)', () => {
  // Ciudad de México (09) from 2021-03: 30% of homicides are recorded as negligent homicides instead.
  const shifted = (s: string, m: number) => s === '09' && m >= month('2021-03');
  const jitter = (s: string, m: number, k: number) => 1 + 0.02 * noise(Number(s), m, k);
  const panel = syntheticPanel([
    {
      id: HOMICIDE,
      first: '2018-01',
      last: '2023-12',
      value: (s, m) => 100 * jitter(s, m, 1) * (shifted(s, m) ? 0.7 : 1),
    },
    {
      id: 'sesnsp.victims.feminicidio',
      first: '2018-01',
      last: '2023-12',
      value: (s, m) => 5 * jitter(s, m, 2),
    },
    {
      id: 'sesnsp.victims.homicidio-culposo',
      first: '2018-01',
      last: '2023-12',
      value: (s, m) => 50 * jitter(s, m, 3) + (shifted(s, m) ? 30 : 0),
    },
    {
      id: 'sesnsp.victims.otros-delitos-que-atentan-contra-la-vida-y-la-integridad-corporal',
      first: '2018-01',
      last: '2023-12',
      value: (s, m) => 20 * jitter(s, m, 4),
    },
  ]);

  it('reports the onset month of the shift, for both categories involved, only there', () => {
    const jumps = shareJumps(panel, {
      places: [
        { code: '09', name: 'Ciudad de México' },
        { code: '15', name: 'México' },
      ],
    });
    expect(jumps.map((j) => [j.place, j.category.split('.').pop(), j.month]).sort()).toEqual([
      ['09', 'homicidio-culposo', '2021-03'],
      ['09', 'homicidio-doloso', '2021-03'],
    ]);
    const h = jumps.find((j) => j.category === HOMICIDE)!;
    expect(h.baseline).toBeCloseTo(100 / 175, 2);
    expect(h.share).toBeCloseTo(70 / 175, 2);
  });
});

describe('source gap and revisions (synthetic)', () => {
  // INEGI counts 100 a month in every state; SESNSP records 90% of them, except Oaxaca (20), whose ratio
  // falls to 60% from 2018. Ratios vary ±1% between state-years so that the MAD is not zero.
  const sesnsp = (s: string, m: number) => {
    const year = 1990 + Math.floor(m / 12);
    const ratio = (s === '20' && year >= 2018 ? 0.6 : 0.9) * (1 + 0.01 * noise(Number(s), year));
    return (100 * ratio) / 1;
  };
  const panel = syntheticPanel([
    { id: HOMICIDE, first: '2015-01', last: '2022-12', value: sesnsp },
    { id: 'inegi.homicides', first: '2010-01', last: '2022-12', value: () => 100 },
  ]);

  it('flags the state whose SESNSP/INEGI ratio moves, in the year it moves', () => {
    const gap = sourceGap(panel);
    expect(gap.years).toEqual([2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022]);
    expect(gap.flags.map((f) => [f.state, f.year])).toEqual([['20', 2018]]);
    expect(gap.flags[0].ratioAfter / gap.flags[0].ratioBefore).toBeCloseTo(0.6 / 0.9, 1);
    const n2015 = gap.national[0];
    expect(n2015.inegi).toBe(32 * 1200);
  });

  it('revisions between releases: every revised state-month, by state and by month', () => {
    const base = (_s: string, m: number) => 40 + (m % 7);
    const older = { id: HOMICIDE, vintage: '2024-08', first: '2023-01', last: '2024-08', value: base };
    const newer = {
      id: HOMICIDE,
      vintage: '2025-06',
      first: '2023-01',
      last: '2025-06',
      value: (s: string, m: number) =>
        base(s, m) +
        (s === '14' && m === month('2023-05') ? 7 : 0) +
        (s === '08' && m === month('2024-02') ? -3 : 0),
    };
    const [r] = revisionSummaries(syntheticPanel([older, newer]));
    expect(r.from).toBe('2024-08');
    expect(r.to).toBe('2025-06');
    expect(r.revisedCells).toBe(2);
    expect(r.netChange).toBe(4);
    expect(r.byState.map((s) => [s.state, s.months, s.net, s.largestMonth])).toEqual([
      ['14', 1, 7, '2023-05'],
      ['08', 1, -3, '2024-02'],
    ]);
    expect(r.byMonth).toEqual([
      { month: '2023-05', net: 7, states: 1 },
      { month: '2024-02', net: -3, states: 1 },
    ]);
  });
});
