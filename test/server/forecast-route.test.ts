import { describe, expect, it } from 'vitest';
import { freshness, staleWarning } from '../../src/data/present.js';
import { stampToday } from '../../src/server/routes/forecast.js';

/** The forecast routes measure an answer's freshness on each request (answers are memoised for days). */
describe('stampToday', () => {
  const what = 'Homicides (inegi.homicides, release 2019-12)';
  const answer = (today: string) => {
    const f = freshness('2019-12', today);
    const stale = staleWarning(f, what);
    return {
      series: 'inegi.homicides',
      title: 'Homicides',
      vintage: '2019-12',
      asOf: '2019-12',
      freshness: f,
      warnings: [...(stale ? [stale] : []), 'another warning'],
    };
  };

  it('keeps an answer measured this month as it is', () => {
    const a = answer('2026-12');
    expect(stampToday(a, '2026-12-03')).toBe(a);
  });

  it('replaces the stale warning when today moved, and drops it when the data are recent again', () => {
    const later = stampToday(answer('2020-03'), '2026-12-03');
    expect(later.freshness).toEqual({ dataMonth: '2019-12', today: '2026-12', monthsOld: 84, stale: true });
    expect(later.warnings).toEqual([staleWarning(later.freshness, what), 'another warning']);
    const earlier = stampToday(answer('2026-12'), '2020-03');
    expect(earlier.freshness.stale).toBe(false);
    expect(earlier.warnings).toEqual(['another warning']);
  });
});
