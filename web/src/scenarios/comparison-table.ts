import { el } from '../dom.js';
import { formatChange, formatNumber, formatPercent, type Translate } from '../i18n/locale.js';
import type { Summary } from './api-shapes.js';
import type { ScenarioMessageKey } from './messages.js';

/**
 * A metric at the summary's horizons (1, 3, 5, 10 years after the start): each scenario's median, and its
 * change against the baseline with the 90% interval of the paired difference (common random numbers, so
 * the interval is of the difference itself, not of two overlapping fans). Cells carry the raw numbers in
 * `data-value` / `data-change` so tests can hold the text to the run's summary.
 */
export interface ComparisonTableOptions {
  metric: string;
  caption: string;
  names: (id: string) => string;
  t: Translate<ScenarioMessageKey>;
}

export function comparisonTable(summary: Summary, o: ComparisonTableOptions): HTMLTableElement | undefined {
  const { t } = o;
  if (!summary.scenarios.some((s) => s.metrics[o.metric])) return undefined;
  const head = el(
    'tr',
    {},
    el('th', { scope: 'col' }, t('scenario')),
    ...summary.horizons.map((h) =>
      el(
        'th',
        { scope: 'col', 'data-t': String(h.t) },
        t('afterYears', { t: String(h.t), n: String(h.years) }),
      ),
    ),
  );
  const body = summary.scenarios.map((s) => {
    const versus = s.versusBaseline?.metrics[o.metric];
    const isBaseline = !s.versusBaseline || s.versusBaseline.baseline === s.id;
    const name = el('th', { scope: 'row' }, o.names(s.id));
    if (isBaseline) name.append(' ', el('span', { class: 'badge' }, t('isBaseline')));
    const cells = summary.horizons.map((h) => {
      const point = s.metrics[o.metric]?.series.find((p) => p.t === h.t);
      const cell = el('td', { 'data-t': String(h.t) });
      if (!point) return cell;
      cell.append(
        el('span', { class: 'value', 'data-value': String(point.p50) }, formatNumber(point.p50, 0)),
      );
      const diff = versus?.find((d) => d.t === h.t);
      if (diff && !isBaseline) {
        const change = el(
          'span',
          { class: 'change', 'data-change': String(diff.p50) },
          t('changeInterval', {
            change: formatChange(diff.p50),
            low: formatChange(diff.p05),
            high: formatChange(diff.p95),
          }),
        );
        change.classList.add(diff.p95 < 0 ? 'lower' : diff.p05 > 0 ? 'higher' : 'unclear');
        cell.append(
          change,
          el('span', { class: 'prob' }, t('probLower', { p: formatPercent(diff.probLower, 0) })),
        );
      }
      return cell;
    });
    return el('tr', { 'data-scenario': s.id }, name, ...cells);
  });
  return el(
    'table',
    { class: 'comparison', 'data-metric': o.metric },
    el('caption', {}, o.caption),
    el('thead', {}, head),
    el('tbody', {}, ...body),
  );
}
