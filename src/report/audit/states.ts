import { HOMICIDE } from '../../audit/reclassification.js';
import { COLORS, escapeHtml } from '../charts.js';
import { percent } from '../format.js';
import { type Ctx, label, monthName, perDay, type Section, section } from './context.js';
import { stateBreaks, stateChart, swatch } from './plots.js';

export function renderStates(ctx: Ctx): Section {
  const { T, audit, locale } = ctx;
  if (audit.states.length === 0)
    return section('states', T.statesTitle, `<p>${escapeHtml(T.notAvailable)}</p>`);
  const claimChange = new Map(
    (audit.reclassification?.states ?? []).map((r) => [r.place.code, r.homicide.relative]),
  );
  const panels = audit.states.map((s) => {
    const notes: string[] = [];
    const change = claimChange.get(s.state);
    if (change !== undefined && Number.isFinite(change)) notes.push(T.claimNote(percent(change, locale)));
    const breaks = stateBreaks(s);
    if (breaks.length === 1)
      notes.push(
        T.breakNote(
          monthName(breaks[0].month, locale),
          perDay(breaks[0].before, locale),
          perDay(breaks[0].after, locale),
        ),
      );
    else if (breaks.length > 1)
      notes.push(
        T.breaksNote(
          breaks
            .map(
              (b) =>
                `${monthName(b.month, locale)}: ${perDay(b.before, locale)} → ${perDay(b.after, locale)}`,
            )
            .join('; '),
        ),
      );
    const chart = s.points.length > 0 ? stateChart(ctx, s) : '';
    return `<figure class="multiple"><figcaption><strong>${escapeHtml(s.name)}</strong>${escapeHtml(notes.join(' · '))}</figcaption>${chart}</figure>`;
  });
  const legend = [
    `<span>${swatch('line', COLORS.observed, 1.2)}${escapeHtml(label(ctx, HOMICIDE))}</span>`,
    `<span>${swatch('hollow')}${escapeHtml(T.legendIncomplete)}</span>`,
    `<span>${swatch('shade')}${escapeHtml(T.legendClaim)}</span>`,
    `<span>${swatch('break')}${escapeHtml(T.breaksTitle)}</span>`,
  ].join('');
  const html = [
    `<p>${escapeHtml(T.statesIntro)}</p>`,
    `<div class="legend-row">${legend}</div>`,
    `<div class="multiples">${panels.join('\n')}</div>`,
  ].join('\n');
  return section('states', T.statesTitle, html);
}
