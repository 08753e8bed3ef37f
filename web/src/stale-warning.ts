import type { Freshness } from './api-types.js';
import { el } from './dom.js';
import { formatMonth, t } from './i18n/locale.js';

/**
 * The warning a page shows when the month it shows is more than six months before today (`p.stale-warning`,
 * hidden otherwise): how old the data are, and either a link to the newer data the cache holds or how to
 * import a newer release.
 */
export function staleWarningNode(): HTMLParagraphElement {
  return el('p', { class: 'stale-warning', role: 'status', hidden: '' });
}

export function showStaleWarning(
  node: HTMLElement,
  f: Freshness | undefined,
  newer?: { label: string; month: string; href: string },
): void {
  if (!f?.stale) {
    node.hidden = true;
    node.replaceChildren();
    return;
  }
  const lead = t('staleWarning', {
    month: formatMonth(f.dataMonth),
    n: String(f.monthsOld),
    today: formatMonth(f.today),
  });
  const after: (Node | string)[] = newer
    ? [
        ' ',
        t('staleNewer'),
        ' ',
        el('a', { href: newer.href }, `${newer.label}, ${formatMonth(newer.month)}`),
        '.',
      ]
    : [' ', t('staleImport')];
  node.replaceChildren(el('strong', {}, t('staleTitle')), ' ', lead, ...after);
  node.dataset.month = f.dataMonth;
  node.hidden = false;
}
