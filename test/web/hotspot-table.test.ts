// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Hotspot } from '../../web/src/api-types.js';
import { areaLines } from '../../web/src/hotspots/hotspot-map.js';
import { hotspotTable } from '../../web/src/hotspots/table.js';
import { setLang } from '../../web/src/i18n/locale.js';

/** The hot-spot table's link with the page's map: rows name their area, report hover and clicks, and mark. */
const row = (rank: number, area: string, expected: number): Hotspot => ({
  rank,
  area,
  name: `Area ${area}`,
  state: 'State',
  expected,
  p05: Math.floor(expected / 2),
  p95: Math.ceil(expected * 2),
  ratePer100k: expected,
  escalationProbability: 0.1,
  trend: 0,
  recentMean: expected,
  contestation: 0,
  contested: false,
  drivers: [],
  why: [],
});

afterEach(() => setLang('es'));

describe('hot-spot table', () => {
  const rows = [row(1, '02004', 193.1), row(2, '08037', 128.5), row(3, '12001', 61.6)];

  it('reports the row under the pointer and a click on a row, not on its link', () => {
    const onHover = vi.fn();
    const onSelect = vi.fn();
    const table = hotspotTable(rows, { link: (h) => `#/map?area=${h.area}`, onHover, onSelect });
    const second = table.node.querySelector<HTMLElement>('tr[data-area="08037"] td:nth-child(4)')!;
    second.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
    expect(onHover).toHaveBeenLastCalledWith('08037');
    table.node.querySelector('tbody')!.dispatchEvent(new MouseEvent('mouseleave'));
    expect(onHover).toHaveBeenLastCalledWith(undefined);
    second.click();
    expect(onSelect).toHaveBeenCalledWith('08037');
    table.node.querySelector<HTMLAnchorElement>('tr[data-area="12001"] a')!.click();
    expect(onSelect).toHaveBeenCalledTimes(1);
  });

  it('marks the selected row, also after sorting; an unranked area marks none', () => {
    const table = hotspotTable(rows, { link: () => '#' });
    expect(table.select('12001')).toBe(true);
    table.node.querySelector<HTMLButtonElement>('th[data-sort="rate"] button')!.click();
    const marked = [...table.node.querySelectorAll<HTMLElement>('tr.selected')].map((r) => r.dataset.area);
    expect(marked).toEqual(['12001']);
    expect(table.select('99999')).toBe(false);
    expect(table.node.querySelectorAll('tr.selected')).toHaveLength(0);
  });

  it('shows the 90% interval, and drops the state column at state level', () => {
    setLang('en');
    const municipal = hotspotTable(rows, { link: () => '#' });
    const headers = [...municipal.node.querySelectorAll('th')].map((th) => th.textContent);
    expect(headers).toContain('90% interval');
    expect(municipal.node.querySelector('tr[data-area="02004"]')!.textContent).toContain('96–387');
    const states = hotspotTable([row(1, '02', 300)], { link: () => '#', level: 'state' });
    const stateHeaders = [...states.node.querySelectorAll('th')].map((th) => th.textContent);
    expect(stateHeaders.slice(0, 3)).toEqual(['#', 'State', 'Expected']);
  });
});

describe('hot-spot map tooltip', () => {
  it('gives the expected count with its 90% interval, and the rank when ranked', () => {
    setLang('en');
    const answer = { target: '2025-07', hotspots: [row(1, '02004', 193.1)] };
    const all = {
      area: '02004',
      expected: 193.1,
      p05: 105,
      p95: 303,
      ratePer100k: 118.2,
      escalationProbability: 0.01,
    };
    expect(areaLines(answer, all, '02004', 'Tijuana', 50)).toEqual([
      'Tijuana',
      'Code: 02004',
      'Expected in July 2025: 193.1 (90% interval: 105–303)',
      'Expected annual rate per 100k: 118.2',
      'Rank 1 in the table',
    ]);
    expect(areaLines(answer, { ...all, area: '01001' }, '01001', 'Aguascalientes', 50).at(-1)).toBe(
      'Not among the table’s top 50',
    );
  });
});
