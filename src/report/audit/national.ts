import { HOMICIDE } from '../../audit/reclassification.js';
import { COLORS, escapeHtml } from '../charts.js';
import { type Ctx, label, type Section, section, table, whole } from './context.js';
import { nationalChart, swatch } from './plots.js';
import { CATEGORY_COLORS } from './style.js';

export function renderNational(ctx: Ctx): Section {
  const { T, audit } = ctx;
  if (audit.national.length === 0)
    return section('national', T.nationalTitle, `<p>${escapeHtml(T.notAvailable)}</p>`);
  const legend = [
    ...audit.national.map(
      (s) =>
        `<span>${swatch('line', CATEGORY_COLORS[s.id] ?? COLORS.neutral, s.id === HOMICIDE ? 2.6 : 1.6)}${escapeHtml(label(ctx, s.id))}</span>`,
    ),
    `<span>${swatch('hollow', COLORS.neutral)}${escapeHtml(T.legendIncomplete)}</span>`,
    `<span>${swatch('shade')}${escapeHtml(T.legendClaim)}</span>`,
  ].join('');
  const html = [
    `<p>${escapeHtml(T.nationalIntro)}</p>`,
    `<div class="legend-row">${legend}</div>`,
    `<figure class="wide">${nationalChart(ctx)}</figure>`,
    yearlyTable(ctx),
  ].join('\n');
  return section('national', T.nationalTitle, html);
}

export function yearlyTable(ctx: Ctx): string {
  const { audit, T, locale } = ctx;
  if (audit.yearly.length === 0) return '';
  const years = [...new Set(audit.yearly.flatMap((c) => c.years.map((y) => y.year)))].sort((a, b) => a - b);
  const head = [
    escapeHtml(T.year),
    ...audit.yearly.map(
      (c) => `${escapeHtml(label(ctx, c.id, c.label))}<small>${escapeHtml(T.releaseOf(c.vintage))}</small>`,
    ),
  ];
  const rows = years.map((year) => {
    const cells = audit.yearly.map((c) => {
      const y = c.years.find((e) => e.year === year);
      if (!y) return '<td>–</td>';
      return y.complete
        ? `<td>${escapeHtml(whole(y.total, locale))}</td>`
        : `<td class="inc" title="${escapeHtml(T.incomplete)}">${escapeHtml(whole(y.total, locale))}*</td>`;
    });
    return `<tr><th scope="row">${year}</th>${cells.join('')}</tr>`;
  });
  return table(escapeHtml(T.yearlyCaption), head, rows, 'yearly');
}
