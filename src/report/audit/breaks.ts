import { BIC_THRESHOLD } from '../../audit/breaks.js';
import { escapeHtml } from '../charts.js';
import { percent } from '../format.js';
import {
  type Ctx,
  fixed,
  label,
  MAX_ROWS,
  monthName,
  moreNote,
  perDay,
  placeName,
  type Section,
  section,
  signClass,
  signed,
  table,
} from './context.js';

export function renderBreaks(ctx: Ctx): Section {
  const { T, audit, locale } = ctx;
  const growth = (logPoints: number) => percent(Math.expm1(logPoints), locale, 1);
  const breakRows = audit.breaks
    .slice(0, MAX_ROWS)
    .map(
      (b) =>
        `<tr><th scope="row">${escapeHtml(placeName(ctx, b.place, b.name))}</th><td>${escapeHtml(monthName(b.month, locale))}</td>` +
        `<td class="${signClass(b.levelShift)}">${escapeHtml(growth(b.levelShift))}</td>` +
        `<td>${escapeHtml(growth(b.trendBefore))}</td><td>${escapeHtml(growth(b.trendAfter))}</td>` +
        `<td>${escapeHtml(`${perDay(b.before, locale)} → ${perDay(b.after, locale)}`)}</td>` +
        `<td>${escapeHtml(fixed(b.deltaBic, 0, locale))}</td></tr>`,
    );
  const breaks =
    audit.breaks.length === 0
      ? `<p>${escapeHtml(T.noneFound)}</p>`
      : table(
          '',
          [T.place, T.month, T.levelShift, T.trendBefore, T.trendAfter, T.perDayBeforeAfter, 'ΔBIC'].map(
            escapeHtml,
          ),
          breakRows,
          'breaks',
        ) + moreNote(ctx, audit.breaks.length);
  const jumpRows = audit.shareJumps
    .slice(0, MAX_ROWS)
    .map(
      (j) =>
        `<tr><th scope="row">${escapeHtml(placeName(ctx, j.place, j.name))}</th><td class="l">${escapeHtml(label(ctx, j.category))}</td>` +
        `<td>${escapeHtml(monthName(j.month, locale))}</td>` +
        `<td>${escapeHtml(`${fixed(j.baseline * 100, 1, locale)}% → ${fixed(j.share * 100, 1, locale)}%`)}</td>` +
        `<td>${escapeHtml(signed(j.z, (v) => fixed(v, 1, locale)))}</td></tr>`,
    );
  const jumps =
    audit.shareJumps.length === 0
      ? `<p>${escapeHtml(T.noneFound)}</p>`
      : table('', [T.place, T.category, T.month, T.shareMove, 'z'].map(escapeHtml), jumpRows, 'jumps') +
        moreNote(ctx, audit.shareJumps.length);
  const html = [
    `<p>${escapeHtml(T.breaksIntro(BIC_THRESHOLD))}</p>`,
    breaks,
    `<h3 id="share-jumps">${escapeHtml(T.sharesTitle)}</h3>`,
    `<p>${escapeHtml(T.sharesIntro)}</p>`,
    jumps,
  ].join('\n');
  return section('breaks', T.breaksTitle, html);
}
