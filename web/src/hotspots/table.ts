import { driverText } from '../../../src/forecast/driver-text.js';
import type { Hotspot } from '../api-types.js';
import { el } from '../dom.js';
import type { MessageKey } from '../i18n/dictionaries.js';
import { formatChange, formatNumber, formatPercent, lang, t } from '../i18n/locale.js';
import { href } from '../router.js';
import { type SortKey, sortHotspots } from './sort.js';

/** The ranked table; a click on a numeric header sorts by it (again: reverses). Rows link to the map. */
const COLUMNS: { key: MessageKey; sort?: SortKey; cell: (h: Hotspot) => Node | string }[] = [
  { key: 'rank', sort: 'rank', cell: (h) => String(h.rank) },
  {
    key: 'municipality',
    cell: (h) =>
      el('a', { href: href('map', { area: h.area }), title: t('showOnMap') }, `${h.name} (${h.area})`),
  },
  { key: 'state', cell: (h) => h.state },
  { key: 'expected', sort: 'expected', cell: (h) => formatNumber(h.expected, 1) },
  { key: 'interval', cell: (h) => `${formatNumber(h.p05, 0)}–${formatNumber(h.p95, 0)}` },
  { key: 'rate', sort: 'rate', cell: (h) => formatNumber(h.ratePer100k, 1) },
  { key: 'escalation', sort: 'escalation', cell: (h) => formatPercent(h.escalationProbability, 0) },
  { key: 'trend', sort: 'trend', cell: (h) => formatChange(h.trend) },
  { key: 'contestation', sort: 'contestation', cell: (h) => formatNumber(h.contestation, 2) },
  {
    key: 'drivers',
    cell: (h) => el('ul', { class: 'drivers' }, ...h.why.map((d) => el('li', {}, driverText(d, lang())))),
  },
];

export function hotspotTable(rows: readonly Hotspot[]): HTMLTableElement {
  const table = el('table', { class: 'hotspots' });
  const body = el('tbody');
  let sort: SortKey = 'rank';
  let descending = false;
  const headRow = el('tr');
  const draw = () => {
    body.replaceChildren(
      ...sortHotspots(rows, sort, descending).map((h) =>
        el('tr', {}, ...COLUMNS.map((c) => el('td', { class: c.sort ? 'num' : '' }, c.cell(h)))),
      ),
    );
    for (const th of headRow.querySelectorAll<HTMLElement>('th[data-sort]')) {
      th.setAttribute(
        'aria-sort',
        th.dataset.sort === sort ? (descending ? 'descending' : 'ascending') : 'none',
      );
    }
  };
  for (const c of COLUMNS) {
    const th = el('th', { scope: 'col' });
    if (c.sort) {
      const key = c.sort;
      th.dataset.sort = key;
      const button = el('button', { type: 'button', class: 'sort-button' }, t(c.key));
      button.addEventListener('click', () => {
        // First click on a column sorts largest first (rank: smallest first), a second reverses.
        descending = sort === key ? !descending : key !== 'rank';
        sort = key;
        draw();
      });
      th.append(button);
    } else {
      th.textContent = t(c.key);
    }
    headRow.append(th);
  }
  table.append(el('thead', {}, headRow), body);
  draw();
  return table;
}
