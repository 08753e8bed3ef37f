import { describe, expect, it } from 'vitest';
import {
  contestation,
  contestationSeries,
  DEFAULT_WEIGHTS,
  rankAreas,
} from '../../src/territory/contestation.js';
import { presence, type TerritoryLayer } from '../../src/territory/layer.js';
import type { Shock } from '../../src/territory/shocks.js';
import { smallRegistry, stateLayer } from './fixtures.js';

const scores = (result: ReturnType<typeof contestation>) =>
  Object.fromEntries(result.areas.map((a) => [a.area, a.score]));

/** X also infiltrates one Chihuahua municipality held by its rival Y. */
function withMunicipalEntry(): TerritoryLayer {
  const layer = stateLayer();
  layer.entries.push(
    { area: '08002', group: 'X', start: '2010-01', confidence: 0.8, source: 'test' },
    { area: '08002', group: 'Y', start: '2010-01', confidence: 0.3, source: 'test' },
  );
  return layer;
}

describe('presence', () => {
  it('gives municipalities their state’s groups unless they have entries of their own', () => {
    const p = presence(withMunicipalEntry(), '2010-06');
    expect(p.in('08001')).toEqual([{ group: 'X', confidence: 0.8, source: 'test', inherited: true }]);
    expect(p.in('08002').map((g) => [g.group, g.confidence, g.inherited])).toEqual([
      ['X', 0.8, false],
      ['Y', 0.3, false],
    ]);
    // A state holds its own entries plus the groups of its municipalities.
    expect(p.in('08').map((g) => g.group)).toEqual(['X', 'Y']);
    expect(p.in('25').map((g) => g.group)).toEqual(['Y']);
    expect(p.in('31')).toEqual([]);
  });

  it('respects start and (inclusive) end months, and an open end', () => {
    const layer: TerritoryLayer = {
      name: 't',
      source: 't',
      entries: [
        { area: '08', group: 'X', start: '2010-03', end: '2010-05', confidence: 0.5, source: 's' },
        { area: '08', group: 'Y', start: '2010-04', confidence: 0.5, source: 's' },
      ],
    };
    const groups = (m: string) =>
      presence(layer, m)
        .in('08001')
        .map((g) => g.group);
    expect(groups('2010-02')).toEqual([]);
    expect(groups('2010-03')).toEqual(['X']);
    expect(groups('2010-05')).toEqual(['X', 'Y']);
    expect(groups('2010-06')).toEqual(['Y']);
    expect(groups('2030-01')).toEqual(['Y']);
  });
});

describe('contested borders on a small known map', () => {
  const areas = smallRegistry();

  it('state-level layer: only the two municipalities facing each other across the 08–25 border', () => {
    const result = contestation({ layer: stateLayer(), areas }, '2010-06');
    const s = scores(result);
    // β · c_X · c_Y · w = 0.5 · 0.8 · 0.5 · 1
    expect(s['08003']).toBeCloseTo(0.2, 12);
    expect(s['25001']).toBeCloseTo(0.2, 12);
    // X and Z are not rivals; Y and Z never touch; inner municipalities see only their own state's group.
    for (const code of ['08001', '08002', '10001', '25002']) expect(s[code]).toBe(0);
    expect(result.areas.filter((a) => a.contested).map((a) => a.area)).toEqual(['08003', '25001']);
    const why = result.areas.find((a) => a.area === '08003')!;
    expect(why.components).toEqual({ sameArea: 0, border: why.score, shock: 0 });
    expect(why.pairs).toEqual([
      {
        group: 'X',
        rival: 'Y',
        kind: 'border',
        confidence: 0.8,
        rivalConfidence: 0.5,
        weight: 1,
        value: why.score,
        neighbour: '25001',
      },
    ]);
  });

  it('a municipal entry overrides inheritance, scores the same area, and spills to its neighbours once', () => {
    const s = scores(contestation({ layer: withMunicipalEntry(), areas }, '2010-06'));
    expect(s['08002']).toBeCloseTo(0.8 * 0.3, 12); // same area, no border: both rivals already there
    expect(s['08001']).toBeCloseTo(0.5 * 0.8 * 0.3, 12); // Y next door in 08002
    // Y is next door twice (08002 at 0.3, 25001 at 0.5): counted once, at its best confidence.
    expect(s['08003']).toBeCloseTo(0.5 * 0.8 * 0.5, 12);
    expect(s['25001']).toBeCloseTo(0.2, 12);
    expect(s['10001']).toBe(0);
    expect(s['25002']).toBe(0);
  });

  it('state level uses state borders; weaker rivalries count by their weight', () => {
    const result = contestation({ layer: stateLayer() }, '2010-06', { level: 'state' });
    const s = scores(result);
    expect(s['08']).toBeCloseTo(0.5 * 0.8 * 0.5, 12);
    expect(s['25']).toBeCloseTo(0.5 * 0.5 * 0.8 + 0.5 * 0.5 * 0.6 * 0.5, 12);
    expect(s['10']).toBeCloseTo(0.5 * 0.6 * 0.5 * 0.5, 12);
    expect(rankAreas(result).map((a) => a.area)).toEqual(['25', '08', '10']);
    expect(result.areas.filter((a) => a.contested).map((a) => a.area)).toEqual(['08', '25']);
  });

  it('rivalries outside their period do not count', () => {
    const layer = stateLayer();
    layer.rivalries = [{ a: 'X', b: 'Y', weight: 1, start: '2011-01', source: 'test' }];
    expect(scores(contestation({ layer, areas }, '2010-12'))['08003']).toBe(0);
    expect(scores(contestation({ layer, areas }, '2011-01'))['08003']).toBeCloseTo(0.2, 12);
  });

  it('needs municipal references at municipal level, and says so', () => {
    expect(() => contestation({ layer: stateLayer() }, '2010-06')).toThrow(/atalaya data import/);
  });
});

describe('shocks', () => {
  const shock: Shock = {
    date: '2010-03-15',
    group: 'X',
    kind: 'leader-removal',
    strength: 1,
    source: 'test',
  };
  const at = (month: string, options = {}) =>
    contestation({ layer: stateLayer(), shocks: [shock] }, month, { level: 'state', ...options }).areas.find(
      (a) => a.area === '08',
    )!;

  it('raise the score where the group is present from the shock’s month, halving every half-life', () => {
    expect(at('2010-02').components.shock).toBe(0);
    const sigma = DEFAULT_WEIGHTS.shock;
    expect(at('2010-03').components.shock).toBeCloseTo(sigma * 0.8, 12);
    expect(at('2010-06').components.shock).toBeCloseTo((sigma * 0.8) / 2, 12);
    expect(at('2010-09').components.shock).toBeCloseTo((sigma * 0.8) / 4, 12);
    expect(at('2010-06', { weights: { halfLifeMonths: 6 } }).components.shock).toBeCloseTo(
      sigma * 0.8 * 2 ** -0.5,
      12,
    );
    expect(at('2010-03').score).toBeCloseTo(0.2 + sigma * 0.8, 12);
    expect(at('2010-03').shocks[0]).toMatchObject({ group: 'X', kind: 'leader-removal', date: '2010-03-15' });
  });

  it('leave areas without the group alone and match groups by name key', () => {
    const other = contestation({ layer: stateLayer(), shocks: [{ ...shock, group: 'y' }] }, '2010-03', {
      level: 'state',
    });
    expect(other.areas.find((a) => a.area === '08')!.components.shock).toBe(0);
    expect(other.areas.find((a) => a.area === '25')!.components.shock).toBeCloseTo(0.5 * 0.5, 12);
  });

  it('the monthly series agrees with the single-month computation', () => {
    const series = contestationSeries(
      { layer: stateLayer(), shocks: [shock], areas: smallRegistry() },
      { from: '2010-01', to: '2010-12' },
    );
    expect(series.codes).toEqual(['08001', '08002', '08003', '10001', '25001', '25002']);
    expect(series.months).toBe(12);
    for (const [k, month] of ['2010-02', '2010-03', '2010-07'].entries()) {
      const one = contestation({ layer: stateLayer(), shocks: [shock], areas: smallRegistry() }, month);
      const col = [1, 2, 6][k];
      one.areas.forEach((a, i) => {
        expect(series.score[i * 12 + col]).toBeCloseTo(a.score, 12);
        expect(series.shock[i * 12 + col]).toBeCloseTo(a.components.shock, 12);
      });
    }
  });
});
