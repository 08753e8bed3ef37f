import type { Audit } from '../../audit/audit.js';
import { escapeHtml } from '../charts.js';
import { type Locale, percent } from '../format.js';
import {
  type Ctx,
  categoryLabels,
  claimedPercent,
  fixed,
  incompleteTag,
  monthName,
  perDay,
  periodMonths,
  periodName,
  type Section,
  section,
  signed,
  whole,
  withCode,
} from './context.js';
import { VERDICT_COLORS } from './style.js';
import { TEXT, type Text } from './text.js';

export function renderHeader(ctx: Ctx, title: string, date: string): string {
  const { T, audit } = ctx;
  return [
    '<header>',
    `<h1>${escapeHtml(title)}</h1>`,
    `<p class="subtitle">${escapeHtml(T.subtitle)}</p>`,
    `<ul class="meta"><li>${escapeHtml(T.release)}: <strong>${escapeHtml(audit.claim.series.vintage)}</strong></li><li>${escapeHtml(date)}</li></ul>`,
    `<section class="how" aria-labelledby="how-h"><h2 id="how-h">${escapeHtml(T.howTitle)}</h2><p>${escapeHtml(T.how)}</p></section>`,
    '</header>',
  ].join('\n');
}

/** The claim in plain words: "Intentional homicide, victims per day, national: claimed −25% from …". */
export function claimSentence(audit: Audit, locale: Locale): string {
  const T = TEXT[locale];
  const c = audit.claim;
  const what = categoryLabels(audit, locale).get(c.series.id) ?? c.series.id;
  const unit = T.unit(c.series.unit);
  const measure = `${what}, ${c.basis === 'monthly-total' ? T.measureTotal(unit) : T.measureDaily(unit)}`;
  const place = c.place.code === '00' ? T.nationalLower : c.place.name;
  const from = periodName(c.observed.from, locale);
  const to = periodName(c.observed.to, locale);
  const text =
    c.claim.change === null
      ? T.claimNoFigure(measure, place, from, to)
      : T.claimText(measure, place, claimedPercent(c.claim.change, locale), from, to);
  return text + (c.basis === 'year-on-year' ? T.yearOnYear : '');
}

export function verdictKind(holds: boolean | null): 'holds' | 'fails' | 'none' {
  return holds === null ? 'none' : holds ? 'holds' : 'fails';
}

/** How the recomputed change compares with the claimed one, in words. */
export function direction(observed: number, claimed: number): keyof Text['direction'] {
  if (Math.sign(observed) !== Math.sign(claimed)) return 'opposite';
  if (Math.abs(observed - claimed) < 0.0005) return 'same';
  const larger = Math.abs(observed) > Math.abs(claimed);
  if (claimed < 0) return larger ? 'largerFall' : 'smallerFall';
  return larger ? 'largerRise' : 'smallerRise';
}

export function renderClaim(ctx: Ctx): Section {
  const { T, locale, audit } = ctx;
  const c = audit.claim;
  const kind = verdictKind(c.holds);
  const daily = c.basis !== 'monthly-total';
  const value = (v: number) => (daily ? perDay(v, locale) : whole(v, locale));
  const incomplete = new Set(c.incomplete);
  const flagged = (period: string) => periodMonths(period).some((m) => incomplete.has(m));
  const figure = (period: string, v: number) =>
    `<li><span class="big">${escapeHtml(value(v))}${flagged(period) ? ` ${incompleteTag(ctx)}` : ''}</span>` +
    `<span class="lbl">${escapeHtml(T.valueIn(periodName(period, locale), daily))}</span></li>`;
  const figures = [
    figure(c.observed.from, c.observed.valueFrom),
    '<li class="arrow" aria-hidden="true">→</li>',
    figure(c.observed.to, c.observed.valueTo),
    `<li><span class="big">${escapeHtml(percent(c.observed.change, locale, 1))}</span><span class="lbl">${escapeHtml(
      T.recomputed,
    )}${c.claim.change === null ? '' : `; ${escapeHtml(T.claimedWas(claimedPercent(c.claim.change, locale)))}`}</span></li>`,
  ];
  if (c.difference !== null && c.claim.change !== null) {
    const how = T.direction[direction(c.observed.change, c.claim.change)];
    figures.push(
      `<li><span class="big">${escapeHtml(signed(c.difference * 100, (v) => fixed(v, 1, locale)))}</span><span class="lbl">${escapeHtml(T.differenceLabel(how))}</span></li>`,
    );
  }
  const flag =
    c.incomplete.length > 0
      ? `<p class="flag"><strong>⚠</strong> ${escapeHtml(
          T.incompleteFlag(
            c.incomplete.map((m) => monthName(m, locale, 'long')).join(', '),
            c.incomplete.length,
          ),
        )}</p>`
      : '';
  const caveats = (locale === 'es' ? c.caveats_es : c.caveats)
    .map((text) => `<li>${withCode(text)}</li>`)
    .join('');
  const html = [
    `<p class="claim">${escapeHtml(claimSentence(audit, locale))}</p>`,
    `<div class="verdict verdict-${kind}" style="--v:${VERDICT_COLORS[kind]}">`,
    `<span class="badge">${escapeHtml(T.verdict[kind])}</span>`,
    `<ul class="figures">${figures.join('')}</ul>`,
    '</div>',
    `<p class="why">${escapeHtml(T.verdictWhy[kind](points(c.claim.tolerance, locale)))}</p>`,
    flag,
    renderSensitivity(ctx),
    caveats ? `<h3>${escapeHtml(T.caveats)}</h3><ul class="caveats">${caveats}</ul>` : '',
  ].join('\n');
  return section('claim', T.claimTitle, html);
}

/** The change against other base periods, and whether the figure depends on picking the base. */
export function renderSensitivity(ctx: Ctx): string {
  const { T, locale, audit } = ctx;
  const c = audit.claim;
  const s = c.sensitivity;
  if (!s) return '';
  const daily = c.basis !== 'monthly-total';
  const value = (v: number) => (daily ? perDay(v, locale) : whole(v, locale));
  const claimed = c.claim.change !== null;
  const verdictCell = (holds: boolean | null | undefined) =>
    claimed && holds !== undefined && holds !== null
      ? `<td class="l">${escapeHtml(holds ? T.verdict.holds : T.verdict.fails)}</td>`
      : claimed
        ? '<td></td>'
        : '';
  const rows = [
    `<tr class="lead"><th scope="row">${escapeHtml(T.sensKinds.stated)}</th><td>${escapeHtml(periodName(c.observed.from, locale, 'short'))}</td>` +
      `<td>${escapeHtml(value(c.observed.valueFrom))}</td><td>${escapeHtml(percent(s.stated, locale, 1))}</td><td></td>${verdictCell(c.holds)}<td></td></tr>`,
    ...s.alternatives
      .filter((a) => !a.same)
      .map((a) => {
        const period = `<td>${escapeHtml(periodName(a.base, locale, 'short'))}${(a.incomplete?.length ?? 0) > 0 ? ` ${incompleteTag(ctx)}` : ''}</td>`;
        if (a.change === undefined)
          return `<tr><th scope="row">${escapeHtml(T.sensKinds[a.kind])}</th>${period}<td colspan="3">${escapeHtml(T.sensOutside)}</td>${claimed ? '<td></td>' : ''}<td></td></tr>`;
        const flag = a.disagrees ? `<strong>${escapeHtml(T.sensDisagrees[a.disagrees])}</strong>` : '';
        return (
          `<tr${a.disagrees ? ' class="disagrees"' : ''}><th scope="row">${escapeHtml(T.sensKinds[a.kind])}</th>${period}` +
          `<td>${escapeHtml(value(a.valueBase!))}</td><td>${escapeHtml(percent(a.change, locale, 1))}</td>` +
          `<td>${escapeHtml(signed(a.difference! * 100, (v) => fixed(v, 1, locale)))}</td>${verdictCell(a.holds)}<td class="l">${flag}</td></tr>`
        );
      }),
  ];
  const head = [
    T.sensBase,
    T.sensPeriod,
    T.sensValue(daily),
    T.sensChange,
    T.sensDiff,
    ...(claimed ? [T.sensVerdict] : []),
    '',
  ].map((h) => `<th scope="col">${escapeHtml(h)}</th>`);
  const flipped = claimed && s.alternatives.some((a) => a.holds !== undefined && a.holds !== c.holds);
  const summary = s.sensitive
    ? `<p class="flag sens"><strong>${escapeHtml(T.sensSensitive)}.</strong> ${escapeHtml(T.sensSensitiveWhy)}</p>`
    : `<p class="why">${escapeHtml(T.sensRobust)}</p>`;
  return [
    `<h3 id="base-sensitivity">${escapeHtml(T.sensTitle)}</h3>`,
    `<p class="note">${escapeHtml(T.sensIntro(fixed(s.margin * 100, 1, locale)))}</p>`,
    '<div class="scroll">',
    `<table class="sens narrow"><thead><tr>${head.join('')}</tr></thead><tbody>${rows.join('\n')}</tbody></table>`,
    '</div>',
    summary,
    flipped ? `<p class="note">${escapeHtml(T.sensVerdictFlip)}</p>` : '',
  ].join('\n');
}

/** A tolerance (fraction) in percentage points: 0.02 → "2", 0.015 → "1.5". */
export function points(tolerance: number, locale: Locale): string {
  const x = Math.round(tolerance * 1000) / 10;
  return fixed(x, Number.isInteger(x) ? 0 : 1, locale);
}
