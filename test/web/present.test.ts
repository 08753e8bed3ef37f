import { describe, expect, it } from 'vitest';
import type { DataStatus, StatusSeries } from '../../web/src/api-types.js';
import {
  chooseSeries,
  freshnessOf,
  homicideChoices,
  latestVintages,
  monthsBetween,
  newerPresent,
  openingMonth,
  originMonths,
  todayMonth,
} from '../../web/src/present.js';

/** The dashboard's reading of `present` (GET /api/data/status): which series and month a page opens on. */
const row = (id: string, level: string, first: string, last: string, vintage = last): StatusSeries => ({
  id,
  title: `Title of ${id}`,
  level,
  first,
  last,
  vintage,
  unit: 'count',
  incompleteMonths: [],
});

const SESNSP = 'sesnsp.incidence-municipal.homicidio-doloso';
const status: DataStatus = {
  imported: true,
  series: [
    row('inegi.homicides', 'municipality', '2000-01', '2019-12'),
    row('inegi.homicides', 'state', '2000-01', '2022-12'),
    row('cide.deaths', 'municipality', '2006-12', '2011-11'),
    row('sesnsp.victims.homicidio-doloso', 'state', '2015-01', '2024-08'),
    row('sesnsp.victims.homicidio-doloso', 'state', '2015-01', '2025-06'),
    { ...row(SESNSP, 'municipality', '2024-01', '2025-06'), incompleteMonths: ['2025-05', '2025-06'] },
    row('sesnsp.incidence.homicidio-doloso', 'state', '2026-01', '2026-01'),
  ],
  present: {
    municipality: {
      series: SESNSP,
      vintage: '2025-06',
      month: '2025-06',
      freshness: { dataMonth: '2025-06', today: '2026-12', monthsOld: 18, stale: true },
      candidates: [
        { series: SESNSP, vintage: '2025-06', first: '2024-01', month: '2025-06', months: 18 },
        { series: 'inegi.homicides', vintage: '2019-12', first: '2000-01', month: '2019-12', months: 240 },
      ],
    },
    state: {
      series: 'sesnsp.victims.homicidio-doloso',
      vintage: '2025-06',
      month: '2025-06',
      freshness: { dataMonth: '2025-06', today: '2026-12', monthsOld: 18, stale: true },
      candidates: [
        {
          series: 'sesnsp.incidence.homicidio-doloso',
          vintage: '2026-01',
          first: '2026-01',
          month: '2026-01',
          months: 1,
        },
        {
          series: 'sesnsp.victims.homicidio-doloso',
          vintage: '2025-06',
          first: '2015-01',
          month: '2025-06',
          months: 126,
        },
        { series: 'inegi.homicides', vintage: '2022-12', first: '2000-01', month: '2022-12', months: 276 },
      ],
    },
  },
};

describe('present: the series and month a page opens on', () => {
  const choices = latestVintages(status.series!);

  it('keeps one row per series and level, the newest release', () => {
    const victims = choices.filter((s) => s.id === 'sesnsp.victims.homicidio-doloso');
    expect(victims.map((s) => s.vintage)).toEqual(['2025-06']);
    expect(choices).toHaveLength(6);
  });

  it('opens on the address’s series, else the present of the level, else the old default', () => {
    expect(chooseSeries(choices, status, {}, 'inegi.homicides')?.id).toBe(SESNSP);
    expect(chooseSeries(choices, status, { level: 'state' }, 'inegi.homicides')?.id).toBe(
      'sesnsp.victims.homicidio-doloso',
    );
    const inegi = chooseSeries(choices, status, { series: 'inegi.homicides', level: 'state' });
    expect([inegi?.id, inegi?.level]).toEqual(['inegi.homicides', 'state']);
    // An unknown series in the address: the present. No present (an older server): the old default.
    expect(chooseSeries(choices, status, { series: 'nope' })?.id).toBe(SESNSP);
    expect(chooseSeries(choices, { ...status, present: undefined }, {}, 'inegi.homicides')?.id).toBe(
      'inegi.homicides',
    );
  });

  it('opens the present series on the present’s month, any other on its newest', () => {
    const sesnsp = choices.find((s) => s.id === SESNSP)!;
    expect(openingMonth(status, sesnsp)).toBe('2025-06');
    const inegi = choices.find((s) => s.id === 'inegi.homicides' && s.level === 'state')!;
    expect(openingMonth(status, inegi)).toBe('2022-12');
  });

  it('offers the homicide series of a level long enough to forecast, with their titles', () => {
    expect(homicideChoices(status, 'municipality').map((s) => s.id)).toEqual([SESNSP, 'inegi.homicides']);
    // The one-month series under a new methodology is left out.
    expect(homicideChoices(status, 'state').map((s) => `${s.id} ${s.vintage}`)).toEqual([
      'sesnsp.victims.homicidio-doloso 2025-06',
      'inegi.homicides 2022-12',
    ]);
  });

  it('lists the months a forecast can start from, newest first, after a year of history', () => {
    const months = originMonths(row(SESNSP, 'municipality', '2024-01', '2025-06'));
    expect(months[0]).toBe('2025-06');
    expect(months.at(-1)).toBe('2025-01');
    expect(months).toHaveLength(6);
  });
});

describe('present: how old the month shown is', () => {
  it('measures against the server’s today (ATALAYA_TODAY), else the clock', () => {
    expect(todayMonth(status)).toBe('2026-12');
    expect(todayMonth({ imported: true }, new Date(Date.UTC(2025, 8, 30)))).toBe('2025-09');
  });

  it('is stale beyond six months', () => {
    expect(monthsBetween('2025-06', '2026-01')).toBe(7);
    expect(freshnessOf('2025-06', '2025-12')).toEqual({
      dataMonth: '2025-06',
      today: '2025-12',
      monthsOld: 6,
      stale: false,
    });
    expect(freshnessOf('2019-12', '2026-12')).toMatchObject({ monthsOld: 84, stale: true });
  });

  it('names the newer present a stale page can link to', () => {
    expect(newerPresent(status, 'municipality', '2019-12')).toMatchObject({
      series: { id: SESNSP },
      month: '2025-06',
    });
    expect(newerPresent(status, 'municipality', '2025-06')).toBeUndefined();
  });
});
