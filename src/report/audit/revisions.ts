import type { RevisionSummary } from '../../audit/revisions.js';
import { escapeHtml } from '../charts.js';
import {
  type Ctx,
  monthName,
  monthX,
  type Section,
  section,
  signClass,
  signed,
  TOP_REVISED,
  table,
  whole,
} from './context.js';

export function renderRevisions(ctx: Ctx): Section {
  const { T, audit } = ctx;
  const body =
    audit.revisions.length === 0
      ? `<p>${escapeHtml(T.revNone)}</p>`
      : audit.revisions.map((r) => revisionBlock(ctx, r)).join('\n');
  return section('revisions', T.revTitle, `<p>${escapeHtml(T.revIntro)}</p>\n${body}`);
}

export function revisionBlock(ctx: Ctx, r: RevisionSummary): string {
  const { T, locale } = ctx;
  const release = (v: string) => monthName(v, locale, 'long');
  const net = signed(r.netChange, (v) => whole(v, locale));
  let summary = T.revSummary(whole(r.revisedCells, locale), net);
  const x = monthX(r.from);
  if (Number.isFinite(x)) {
    // Months within a year of the older release: the ones a release still expected to revise.
    const recent = r.cells.filter(
      (c) => monthX(c.month) > x - 1 + 1e-9 && monthX(c.month) <= x + 1e-9,
    ).length;
    summary += ` ${T.revRecent(whole(recent, locale), release(r.from))}`;
  }
  const rows = r.byState
    .slice(0, TOP_REVISED)
    .map(
      (s) =>
        `<tr><th scope="row">${escapeHtml(s.name)}</th><td>${escapeHtml(whole(s.months, locale))}</td>` +
        `<td class="${signClass(s.net)}">${escapeHtml(signed(s.net, (v) => whole(v, locale)))}</td>` +
        `<td>${escapeHtml(`${signed(s.largest, (v) => whole(v, locale))} (${monthName(s.largestMonth, locale)})`)}</td></tr>`,
    );
  const months = [...r.byMonth]
    .sort((a, b) => Math.abs(b.net) - Math.abs(a.net) || b.month.localeCompare(a.month))
    .slice(0, 8)
    .map((m) => `${monthName(m.month, locale)} (${signed(m.net, (v) => whole(v, locale))})`);
  return [
    `<h3>${escapeHtml(T.revPair(release(r.from), release(r.to)))}</h3>`,
    `<p>${escapeHtml(summary)}</p>`,
    `<p class="note">${escapeHtml(T.revFiles(r.files.from, r.files.to))}</p>`,
    rows.length > 0
      ? table(
          escapeHtml(T.revTopStates),
          [T.state, T.monthsRevised, T.netChange, T.largest].map(escapeHtml),
          rows,
          'revisions narrow',
        )
      : '',
    months.length > 0
      ? `<p class="months">${escapeHtml(T.revTopMonths)} ${escapeHtml(months.join(', '))}</p>`
      : '',
  ].join('\n');
}
