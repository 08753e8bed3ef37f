import { GAP_THRESHOLD } from '../../audit/source-gap.js';
import { escapeHtml } from '../charts.js';
import {
  type Ctx,
  fixed,
  MAX_ROWS,
  moreNote,
  type Section,
  section,
  signed,
  table,
  whole,
} from './context.js';
import { gapChart } from './plots.js';

export function renderSourceGap(ctx: Ctx): Section {
  const { T, audit, locale } = ctx;
  const gap = audit.sourceGap;
  if (!gap) return section('source-gap', T.gapTitle, `<p>${escapeHtml(T.notAvailable)}</p>`);
  const national = table(
    escapeHtml(T.gapNational),
    [T.year, 'SESNSP', 'INEGI', T.ratio].map(escapeHtml),
    gap.national.map(
      (y) =>
        `<tr><th scope="row">${y.year}</th><td>${escapeHtml(whole(y.sesnsp, locale))}</td><td>${escapeHtml(whole(y.inegi, locale))}</td><td>${escapeHtml(fixed(y.ratio, 2, locale))}</td></tr>`,
    ),
  );
  const flags = gap.flags
    .slice(0, MAX_ROWS)
    .map(
      (f) =>
        `<tr><th scope="row">${escapeHtml(f.name)}</th><td>${f.year}</td>` +
        `<td>${escapeHtml(`${fixed(f.ratioBefore, 2, locale)} → ${fixed(f.ratioAfter, 2, locale)}`)}</td>` +
        `<td>${escapeHtml(signed(f.z, (v) => fixed(v, 1, locale)))}</td></tr>`,
    );
  const flagTable =
    gap.flags.length === 0
      ? `<p>${escapeHtml(T.noFlags)}</p>`
      : table(
          escapeHtml(T.gapFlags(GAP_THRESHOLD)),
          [T.state, T.year, T.ratioMove, 'z'].map(escapeHtml),
          flags,
          'narrow',
        ) + moreNote(ctx, gap.flags.length);
  const html = [
    `<p>${escapeHtml(T.gapIntro)}</p>`,
    `<div class="halves"><figure>${gapChart(ctx)}<figcaption>${escapeHtml(T.gapChartNote)}</figcaption></figure><div>${national}</div></div>`,
    flagTable,
  ].join('\n');
  return section('source-gap', T.gapTitle, html);
}
