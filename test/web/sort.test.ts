import { describe, expect, it } from 'vitest';
import type { Hotspot } from '../../web/src/api-types.js';
import { sortHotspots } from '../../web/src/hotspots/sort.js';
import { monthRange } from '../../web/src/months.js';

const row = (rank: number, expected: number, trend: number): Hotspot => ({
  rank,
  area: String(rank).padStart(5, '0'),
  name: `m${rank}`,
  state: 's',
  expected,
  p05: 0,
  p95: 0,
  ratePer100k: expected,
  escalationProbability: 0.1,
  trend,
  recentMean: 0,
  contestation: 0,
  contested: false,
  drivers: [],
  why: [],
});

describe('hot-spot table sorting', () => {
  const rows = [row(1, 30, 0.1), row(2, 20, Number.NaN), row(3, 20, -0.3), row(4, 10, 0.5)];
  it('sorts by a column either way; ties keep rank order; NaN last', () => {
    expect(sortHotspots(rows, 'expected', true).map((r) => r.rank)).toEqual([1, 2, 3, 4]);
    expect(sortHotspots(rows, 'expected', false).map((r) => r.rank)).toEqual([4, 2, 3, 1]);
    expect(sortHotspots(rows, 'trend', true).map((r) => r.rank)).toEqual([4, 1, 3, 2]);
    expect(sortHotspots(rows, 'trend', false).map((r) => r.rank)).toEqual([3, 1, 4, 2]);
    expect(rows.map((r) => r.rank)).toEqual([1, 2, 3, 4]);
  });
});

describe('month ranges for the time slider', () => {
  it('spans years inclusively', () => {
    expect(monthRange('2018-11', '2019-02')).toEqual(['2018-11', '2018-12', '2019-01', '2019-02']);
    expect(monthRange('2000-01', '2019-12')).toHaveLength(240);
  });
});
