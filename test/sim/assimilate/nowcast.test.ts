import { describe, expect, it } from 'vitest';
import { builtinGroupNetwork } from '../../../src/data/builtin-network.js';
import { type ObservedMonthly, observedHomicides } from '../../../src/data/observed/homicides.js';
import { DEFAULT_ORIGINS, holdout } from '../../../src/sim/assimilate/holdout.js';
import { runNowcast } from '../../../src/sim/assimilate/nowcast.js';
import { anchorLevels, projectStatusQuo } from '../../../src/sim/assimilate/project.js';
import { ensembleCrps } from '../../../src/sim/assimilate/scores.js';

/**
 * The nowcast on the built-in table and the built-in groups (offline, as `npm start`): it meets the data,
 * looks at nothing after its last month, repeats itself for a seed, and projects from where counts are.
 */
const network = builtinGroupNetwork();
const observed = observedHomicides({ prefer: 'builtin', today: '2025-07' });
const monthly = observed.monthly;
const PARTICLES = 60;

/** The same counts with every month after `until` changed. */
function alteredAfter(m: ObservedMonthly, until: string): ObservedMonthly {
  const [y, mo] = until.split('-').map(Number);
  const [y0, m0] = m.start.split('-').map(Number);
  const last = (y - y0) * 12 + (mo - m0);
  const victims = m.victims.slice();
  for (let s = 0; s < m.states.length; s++)
    for (let t = last + 1; t < m.months; t++) victims[s * m.months + t] = 3 * victims[s * m.months + t] + 7;
  return { ...m, victims };
}

describe('nowcast', () => {
  it('uses nothing after its last month (no look-ahead)', () => {
    const a = runNowcast({
      network,
      observations: monthly,
      until: '2019-12',
      particles: PARTICLES,
      seed: 3,
      smoothFrom: '2018-01',
    });
    const b = runNowcast({
      network,
      observations: alteredAfter(monthly, '2019-12'),
      until: '2019-12',
      particles: PARTICLES,
      seed: 3,
      smoothFrom: '2018-01',
    });
    expect(a.result.to).toBe('2019-12');
    expect(a.result.smoothed?.years.map((y) => y.year)).toEqual([2018, 2019]);
    expect(JSON.stringify(b.result)).toBe(JSON.stringify(a.result));
  });

  it('same seed, same numbers; another seed, other numbers', () => {
    const run = (seed: number) =>
      runNowcast({ network, observations: monthly, until: '2017-12', particles: 30, seed }).result;
    expect(JSON.stringify(run(5))).toBe(JSON.stringify(run(5)));
    expect(run(6).logLikelihood).not.toBe(run(5).logLikelihood);
  });

  it('meets the data: observed national months inside the filtered 90% band', () => {
    const { result } = runNowcast({ network, observations: monthly, particles: 150, seed: 1 });
    const months = result.national.observed
      .map((o, t) => ({ o, b: result.national.filtered[t] }))
      .filter(({ o }, t) => !Number.isNaN(o) && !monthly.incompleteMonths.includes(result.months[t]));
    const inside = months.filter(({ o, b }) => o >= b.p05 && o <= b.p95).length;
    expect(inside / months.length).toBeGreaterThanOrEqual(0.9);
    // The newest months are still counted (incomplete): they are filtered as missing, and the present is
    // the model's estimate for them.
    expect(result.present.month).toBe('2025-06');
    expect(result.present.perDay.p05).toBeLessThan(result.present.perDay.p95);
    expect(Math.min(...result.ess)).toBeGreaterThan(1);
  });

  it('smoothed: the state totals of a year given every count hold the observed ones (Sinaloa 2024 too)', () => {
    const { result } = runNowcast({
      network,
      observations: monthly,
      particles: 150,
      seed: 1,
      smoothFrom: '2024-01',
    });
    const y = result.smoothed?.years.find((x) => x.year === 2024);
    if (!y) throw new Error('2024 missing from the smoothed window');
    const sinaloa = result.states.findIndex((s) => s.code === '25');
    const total = result.states[sinaloa].observed.slice(108, 120).reduce((s, v) => s + v, 0);
    expect(result.months[108]).toBe('2024-01');
    expect(y.states[sinaloa].observed).toBe(total);
    expect(total).toBeGreaterThanOrEqual(y.states[sinaloa].band.p05);
    expect(total).toBeLessThanOrEqual(y.states[sinaloa].band.p95);
    const inside = y.states.filter((s) => s.observed >= s.band.p05 && s.observed <= s.band.p95).length;
    expect(inside).toBeGreaterThanOrEqual(30);
    // The window's months: national band per month, one band per state and month.
    expect(result.smoothed?.months[0]).toBe('2024-01');
    expect(result.smoothed?.states[sinaloa]).toHaveLength(result.months.length - 108);
  });

  it('projects from where the filter puts the present, near the counts of the last 12 months', () => {
    const { model } = runNowcast({
      network,
      observations: monthly,
      until: '2023-12',
      particles: PARTICLES,
      seed: 2,
    });
    const T = model.observations.months;
    // Each particle's present, before the projection moves the particles on.
    let present = 0;
    for (let j = 0; j < model.n; j++)
      for (let a = 0; a < model.areas; a++) present += model.presentLevel(j, a, T - 1);
    present /= model.n;
    const anchor = anchorLevels(model.observations, model.areas);
    const p = projectStatusQuo(model, { months: 12, seed: 2, modelWeight: 0 });
    // With the model's own change switched off, each run's first month is its present times one step of noise.
    let first = 0;
    for (let j = 0; j < p.runs; j++)
      for (let a = 0; a < p.areas; a++) first += p.values[j * p.months * p.areas + a];
    first /= p.runs;
    expect(Math.abs(first / present - 1)).toBeLessThan(0.02);
    // The present is where the counts are: within 10% of the last 12 months' mean (the series moves).
    const level = anchor.reduce((s, v) => s + v, 0);
    expect(Math.abs(present / level - 1)).toBeLessThan(0.1);
  });

  it('hold-out: rows with the documented fields, errors as fractions, coverage in [0, 1]', () => {
    const h = holdout({
      network,
      observations: monthly,
      particles: 30,
      seed: 1,
      origins: ['2021-12'],
      years: 2,
    });
    expect(h.rows.map((r) => [r.origin, r.horizon])).toEqual([
      ['2021-12', 1],
      ['2021-12', 2],
    ]);
    for (const r of h.rows) {
      expect(r.model.error).toBeGreaterThanOrEqual(0);
      expect(r.model.coverage90).toBeGreaterThanOrEqual(0);
      expect(r.model.coverage90).toBeLessThanOrEqual(1);
      // The flat baseline is the 12 months before the origin: 2021's national total.
      expect(r.flat.value).toBe(33_359);
    }
  });
});

describe('ensemble CRPS', () => {
  it('equals E|X − y| − ½E|X − X′| computed pairwise', () => {
    const x = [3, 1, 4, 1, 5, 9, 2, 6];
    const y = 4.5;
    let a = 0;
    let b = 0;
    for (const u of x) {
      a += Math.abs(u - y);
      for (const v of x) b += Math.abs(u - v);
    }
    expect(ensembleCrps(x, y)).toBeCloseTo(a / x.length - b / (2 * x.length * x.length), 12);
  });
});

describe('atalaya nowcast and calibrate holdout (CLI)', () => {
  it('nowcast --json names the release and month it used, and warns when they are stale', async () => {
    const { runAtalaya } = await import('../../helpers/run-main.js');
    const r = await runAtalaya([
      'nowcast',
      '--json',
      '--builtin',
      '--network',
      'builtin',
      '--particles',
      '20',
      '--until',
      '2018-12',
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      source: { release: string; lastMonth: string; kind: string };
      to: string;
      present: { month: string };
      national: { observed: number[] };
      warnings: string[];
    };
    expect(out.source).toMatchObject({
      kind: 'builtin',
      release: 'SESNSP 2025-06 vintage',
      lastMonth: '2025-06',
    });
    expect(out.to).toBe('2018-12');
    expect(out.present.month).toBe('2018-12');
    expect(out.national.observed).toHaveLength(48);
    // Today is after 2025-12: the built-in table is more than six months old.
    expect(out.warnings.join('\n')).toMatch(/newest observed month is 2025-06/);
    expect(r.stdout).not.toMatch(/\/work\/|\/home\//);
  });

  it('refuses bad options with exit 2', async () => {
    const { runAtalaya } = await import('../../helpers/run-main.js');
    expect((await runAtalaya(['nowcast', '--particles', '0'])).code).toBe(2);
    expect((await runAtalaya(['nowcast', '--until', '2019-13'])).code).toBe(2);
    const early = await runAtalaya(['nowcast', '--smooth-from', '2010-01']);
    expect(early.code).toBe(2);
    expect(early.stderr).toContain('--smooth-from 2010-01: expected a month from 2015-01');
  });

  it('calibrate holdout --json prints the documented rows', async () => {
    const { runAtalaya } = await import('../../helpers/run-main.js');
    const r = await runAtalaya([
      'calibrate',
      'holdout',
      '--json',
      '--network',
      'builtin',
      '--particles',
      '10',
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      origins: {
        origin: string;
        horizon: number;
        model: { error: number; crps: number; coverage90: number };
        flat: { error: number };
        trend: { error: number };
      }[];
    };
    // Every June and December from 2016-12 to 2024-06.
    expect([...new Set(out.origins.map((o) => o.origin))]).toEqual(DEFAULT_ORIGINS);
    expect(DEFAULT_ORIGINS).toHaveLength(16);
    expect(DEFAULT_ORIGINS[0]).toBe('2016-12');
    expect(DEFAULT_ORIGINS.at(-1)).toBe('2024-06');
    for (const o of out.origins) {
      for (const v of [o.model.error, o.model.crps, o.model.coverage90, o.flat.error, o.trend.error])
        expect(Number.isFinite(v)).toBe(true);
    }
  });
});
