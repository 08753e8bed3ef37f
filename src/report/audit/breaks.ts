import { BIC_THRESHOLD, type Break, groupByPlace, MIN_SEGMENT } from '../../audit/breaks.js';
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
  whole,
} from './context.js';

/** A break's interval in words: "Apr 2016 – Jul 2016", a single month, and "+" when it is censored. */
function intervalText(b: Break, locale: Ctx['locale']): string {
  const iv = b.interval;
  if (!iv) return '–';
  const text =
    iv.from === iv.to
      ? monthName(iv.from, locale)
      : `${monthName(iv.from, locale)} – ${monthName(iv.to, locale)}`;
  return iv.censored ? `${text} +` : text;
}

/**
 * Place groups for the table: the nation first, then the places whose strongest break is strongest; whole
 * groups up to MAX_ROWS rows (at least the first group's first rows).
 */
function tableGroups(groups: Break[][]): Break[][] {
  const strongest = (g: Break[]) => Math.max(...g.map((b) => b.deltaBic));
  const ordered = [...groups].sort(
    (a, b) => Number(b[0].place === '00') - Number(a[0].place === '00') || strongest(b) - strongest(a),
  );
  const out: Break[][] = [];
  let rows = 0;
  for (const g of ordered) {
    if (rows + g.length > MAX_ROWS) {
      if (out.length === 0) out.push(g.slice(0, MAX_ROWS));
      break;
    }
    out.push(g);
    rows += g.length;
  }
  return out;
}

export function renderBreaks(ctx: Ctx): Section {
  const { T, audit, locale } = ctx;
  const growth = (logPoints: number) => percent(Math.expm1(logPoints), locale, 1);
  const groups = groupByPlace(audit.breaks);
  const shown = tableGroups(groups);
  const row = (b: Break, first: boolean) => {
    const name = escapeHtml(placeName(ctx, b.place, b.name));
    const incomplete = (b.incompleteAfter?.length ?? 0) > 0 ? ' *' : '';
    return (
      `<tr><th scope="row">${first ? name : `<span class="again">${name}</span>`}</th><td>${escapeHtml(monthName(b.month, locale))}</td>` +
      `<td>${escapeHtml(intervalText(b, locale))}</td>` +
      `<td class="${signClass(b.levelShift)}">${escapeHtml(growth(b.levelShift))}</td>` +
      `<td>${escapeHtml(growth(b.trendBefore))}</td><td>${escapeHtml(growth(b.trendAfter))}</td>` +
      `<td>${escapeHtml(`${perDay(b.before, locale)} → ${perDay(b.after, locale)}${incomplete}`)}</td>` +
      `<td>${escapeHtml(fixed(b.deltaBic, 0, locale))}</td></tr>`
    );
  };
  const head = [
    T.place,
    T.month,
    T.interval,
    T.levelShift,
    T.trendBefore,
    T.trendAfter,
    T.perDayBeforeAfter,
    'ΔBIC',
  ].map((h) => `<th scope="col">${escapeHtml(h)}</th>`);
  const bodies = shown.map((g) => `<tbody>${g.map((b, k) => row(b, k === 0)).join('\n')}</tbody>`);
  const rowsShown = shown.reduce((n, g) => n + g.length, 0);
  const notes = [
    audit.breaks.some((b) => (b.incompleteAfter?.length ?? 0) > 0) ? T.incompleteAfter : '',
  ].filter(Boolean);
  const breaks =
    audit.breaks.length === 0
      ? `<p>${escapeHtml(T.noneFound)}</p>`
      : [
          `<p class="note">${escapeHtml(T.breaksOrder)}</p>`,
          '<div class="scroll">',
          `<table class="breaks"><thead><tr>${head.join('')}</tr></thead>`,
          bodies.join('\n'),
          '</table>',
          '</div>',
          ...notes.map((n) => `<p class="note">${escapeHtml(n)}</p>`),
          rowsShown < audit.breaks.length
            ? `<p class="note">${escapeHtml(T.more(whole(audit.breaks.length - rowsShown, locale)))}</p>`
            : '',
        ].join('\n');
  // Every place's breaks, in one list: the table above may stop before the last place.
  const all = groups
    .map(
      (g) =>
        `<li><strong>${escapeHtml(placeName(ctx, g[0].place, g[0].name))}</strong>: ${escapeHtml(
          g.map((b) => `${monthName(b.month, locale)} (${intervalText(b, locale)})`).join(' · '),
        )}</li>`,
    )
    .join('');
  const none = (audit.breakPlaces ?? []).filter((p) => p.m === 0).map((p) => placeName(ctx, p.place, p.name));
  const list =
    groups.length === 0
      ? ''
      : [
          `<h3 id="all-breaks">${escapeHtml(T.breaksAll)}</h3>`,
          `<ul class="break-list">${all}</ul>`,
          none.length > 0 ? `<p class="note">${escapeHtml(T.breaksNone(none.join(', ')))}</p>` : '',
        ].join('\n');
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
    `<p>${escapeHtml(T.breaksIntro(BIC_THRESHOLD, MIN_SEGMENT))}</p>`,
    breaks,
    list,
    `<h3 id="share-jumps">${escapeHtml(T.sharesTitle)}</h3>`,
    `<p>${escapeHtml(T.sharesIntro)}</p>`,
    jumps,
  ].join('\n');
  return section('breaks', T.breaksTitle, html);
}
