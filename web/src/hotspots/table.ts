import { driverText } from '../../../src/forecast/driver-text.js';
import type { AreaLevel, Hotspot } from '../api-types.js';
import { el } from '../dom.js';
import type { MessageKey } from '../i18n/dictionaries.js';
import { formatChange, formatNumber, formatPercent, lang, t } from '../i18n/locale.js';
import { type SortKey, sortHotspots } from './sort.js';

/**
 * The ranked table; a click on a numeric header sorts by it (again: reverses). Names link to the map page.
 * Rows carry their area (`tr[data-area]`) and tell the page when the pointer is over one or one is clicked,
 * so that the page's map can outline it; `select` marks a row (and scrolls it into view) from the map.
 */
interface Column {
  key: MessageKey;
  sort?: SortKey;
  /** Shown at municipal level only. */
  municipalOnly?: boolean;
  cell: (h: Hotspot, link: (h: Hotspot) => string) => Node | string;
}

const COLUMNS: Column[] = [
  { key: 'rank', sort: 'rank', cell: (h) => String(h.rank) },
  {
    key: 'municipality',
    cell: (h, link) => el('a', { href: link(h), title: t('showOnMap') }, `${h.name} (${h.area})`),
  },
  { key: 'state', municipalOnly: true, cell: (h) => h.state },
  { key: 'expected', sort: 'expected', cell: (h) => formatNumber(h.expected, 1) },
  { key: 'interval', cell: (h) => formatInterval(h) },
  { key: 'rate', sort: 'rate', cell: (h) => formatNumber(h.ratePer100k, 1) },
  { key: 'escalation', sort: 'escalation', cell: (h) => formatPercent(h.escalationProbability, 0) },
  { key: 'trend', sort: 'trend', cell: (h) => formatChange(h.trend) },
  { key: 'contestation', sort: 'contestation', cell: (h) => formatNumber(h.contestation, 2) },
  {
    key: 'drivers',
    cell: (h) => el('ul', { class: 'drivers' }, ...h.why.map((d) => el('li', {}, driverText(d, lang())))),
  },
];

/** The 90% interval of an expected count, "7–19". */
export function formatInterval(r: { p05: number; p95: number }): string {
  return `${formatNumber(r.p05, 0)}–${formatNumber(r.p95, 0)}`;
}

export interface HotspotTableOptions {
  level?: AreaLevel;
  /** The address a name links to (the map page on that area). */
  link: (h: Hotspot) => string;
  /** The pointer entered a row (its area), or left the table (undefined). */
  onHover?: (area: string | undefined) => void;
  /** A row was clicked (elsewhere than on its link). */
  onSelect?: (area: string) => void;
}

export interface HotspotTable {
  node: HTMLTableElement;
  /** Mark an area's row (undefined: none) and scroll it into view; false when the area is not ranked. */
  select(area: string | undefined): boolean;
}

export function hotspotTable(rows: readonly Hotspot[], options: HotspotTableOptions): HotspotTable {
  const level = options.level ?? 'municipality';
  const columns = COLUMNS.filter((c) => level === 'municipality' || !c.municipalOnly);
  const table = el('table', { class: 'hotspots' });
  const body = el('tbody');
  let sort: SortKey = 'rank';
  let descending = false;
  let selected: string | undefined;
  const headRow = el('tr');
  const rowOf = (area: string) =>
    [...body.querySelectorAll<HTMLTableRowElement>('tr[data-area]')].find((r) => r.dataset.area === area);
  const draw = () => {
    body.replaceChildren(
      ...sortHotspots(rows, sort, descending).map((h) => {
        const tr = el(
          'tr',
          { 'data-area': h.area },
          ...columns.map((c) => el('td', { class: c.sort ? 'num' : '' }, c.cell(h, options.link))),
        );
        if (h.area === selected) tr.classList.add('selected');
        return tr;
      }),
    );
    for (const th of headRow.querySelectorAll<HTMLElement>('th[data-sort]')) {
      th.setAttribute(
        'aria-sort',
        th.dataset.sort === sort ? (descending ? 'descending' : 'ascending') : 'none',
      );
    }
  };
  for (const c of columns) {
    const th = el('th', { scope: 'col' });
    const label = c.key === 'municipality' && level === 'state' ? t('state') : t(c.key);
    if (c.sort) {
      const key = c.sort;
      th.dataset.sort = key;
      const button = el('button', { type: 'button', class: 'sort-button' }, label);
      button.addEventListener('click', () => {
        // First click on a column sorts largest first (rank: smallest first), a second reverses.
        descending = sort === key ? !descending : key !== 'rank';
        sort = key;
        draw();
      });
      th.append(button);
    } else {
      th.textContent = label;
    }
    headRow.append(th);
  }
  body.addEventListener('mouseover', (e) => {
    const tr = (e.target as Element).closest?.('tr[data-area]') as HTMLTableRowElement | null;
    if (tr) options.onHover?.(tr.dataset.area);
  });
  body.addEventListener('mouseleave', () => options.onHover?.(undefined));
  body.addEventListener('click', (e) => {
    const target = e.target as Element;
    if (target.closest('a')) return;
    const tr = target.closest('tr[data-area]') as HTMLTableRowElement | null;
    if (tr?.dataset.area) options.onSelect?.(tr.dataset.area);
  });
  table.append(el('thead', {}, headRow), body);
  draw();
  return {
    node: table,
    select(area) {
      selected = area;
      for (const tr of body.querySelectorAll('tr.selected')) tr.classList.remove('selected');
      const tr = area ? rowOf(area) : undefined;
      if (!tr) return false;
      tr.classList.add('selected');
      // (Optional: environments without layout, such as jsdom, have no scrolling.)
      tr.scrollIntoView?.({ block: 'nearest', behavior: 'smooth' });
      return true;
    },
  };
}
