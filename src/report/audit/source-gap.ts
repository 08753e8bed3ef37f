import { GAP_THRESHOLD } from '../../audit/source-gap.js';
import { escapeHtml } from '../charts.js';
import { percent } from '../format.js';
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
  const src = (x: typeof gap.sesnsp) => `${x.file ?? x.id} (${T.releaseOf(x.vintage)})`;
  const files = `<p class="note">${escapeHtml(T.gapFiles(src(gap.sesnsp), src(gap.inegi)))} ${escapeHtml(
    T.gapYears(yearSpan(gap.years), gap.inegi.level !== 'municipality'),
  )}</p>`;
  const published = gap.published?.years ?? [];
  const publishedTable =
    published.length === 0
      ? ''
      : `<p>${escapeHtml(T.gapPublishedIntro)}</p>` +
        table(
          escapeHtml(T.gapPublishedCaption),
          [T.year, T.stateSum, T.published, T.shortBy, T.ratio, T.ratioPublished].map(escapeHtml),
          published.map((p) => {
            const ratio = gap.national.find((n) => n.year === p.year)?.ratio ?? Number.NaN;
            return (
              `<tr><th scope="row">${p.year}</th><td>${escapeHtml(whole(p.stateSum, locale))}</td><td>${escapeHtml(whole(p.published, locale))}</td>` +
              `<td>${escapeHtml(`${signed(p.shortfall, (v) => whole(v, locale))} (${percent(-p.relative, locale, 1)})`)}</td>` +
              `<td>${escapeHtml(fixed(ratio, 2, locale))}</td><td>${escapeHtml(fixed(p.ratioPublished, 2, locale))}</td></tr>`
            );
          }),
          'narrow',
        );
  const html = [
    `<p>${escapeHtml(T.gapIntro)}</p>`,
    files,
    `<div class="halves"><figure>${gapChart(ctx)}<figcaption>${escapeHtml(T.gapChartNote)}</figcaption></figure><div>${national}</div></div>`,
    publishedTable,
    flagTable,
  ].join('\n');
  return section('source-gap', T.gapTitle, html);
}

/** "2015–2022", or the years listed when they have gaps. */
function yearSpan(years: number[]): string {
  if (years.length === 0) return '–';
  const contiguous = years.every((y, k) => k === 0 || y === years[k - 1] + 1);
  return contiguous ? `${years[0]}–${years.at(-1)}` : years.join(', ');
}
