import { apiGet } from '../api.js';
import type { HotspotsAnswer } from '../api-types.js';
import { el } from '../dom.js';
import { hotspotTable } from '../hotspots/table.js';
import { formatMonth, formatNumber, formatPercent, t } from '../i18n/locale.js';
import { HOTSPOT_TOP } from '../map/measures.js';
import type { Page } from '../page.js';

/**
 * Hot spots: the ranked municipalities of /api/hotspots (next month, from the last month of data), asked
 * as the map asks for its forecast layer, so that the server fits the model once for both.
 */

export const hotspotsPage: Page = (root) => {
  let alive = true;
  const status = el('p', { class: 'status' }, t('loading'));
  root.append(el('h1', {}, t('hotspotsTitle')), status);
  apiGet<HotspotsAnswer>('/api/hotspots', { top: HOTSPOT_TOP })
    .then((answer) => {
      if (!alive) return;
      status.replaceChildren(
        t('hotspotsIntro', { target: formatMonth(answer.target), asOf: formatMonth(answer.asOf) }),
        ' ',
        `${t('nationalExpected')}: ${formatNumber(answer.nationalExpected, 0)}. `,
        t('top10Share', { share: formatPercent(answer.top10.share, 0) }),
      );
      root.append(el('div', { class: 'table-wrap' }, hotspotTable(answer.hotspots)));
      if (answer.warnings.length > 0) {
        root.append(el('ul', { class: 'warnings' }, ...answer.warnings.map((w) => el('li', {}, w))));
      }
    })
    .catch((err: Error) => {
      if (!alive) return;
      status.textContent = `${t('error')}: ${err.message}`;
      status.classList.add('error');
    });
  return () => {
    alive = false;
  };
};
