import { HOMICIDE, MATERIAL } from '../../audit/reclassification.js';
import { changeColorScale, colorScale, escapeHtml } from '../charts.js';
import { type Locale, percent } from '../format.js';
import { niceCeil } from '../page.js';
import { colorLegend, tileMap } from '../tile-map.js';
import {
  type Ctx,
  fixed,
  incompleteTag,
  label,
  perDay,
  periodName,
  type Section,
  section,
  share,
  signClass,
  signed,
  table,
} from './context.js';
import { changeChart } from './plots.js';

export function renderReclassification(ctx: Ctx): Section {
  const { T, audit, locale } = ctx;
  const recl = audit.reclassification;
  if (!recl) return section('reclassification', T.reclTitle, `<p>${escapeHtml(T.notAvailable)}</p>`);
  const n = recl.national;
  const from = periodName(audit.claim.observed.from, locale, 'short');
  const to = periodName(audit.claim.observed.to, locale, 'short');
  const all = [n.homicide, ...n.others];
  const rows = all.map((c) => {
    const inc = c.incomplete.length > 0 ? ` ${incompleteTag(ctx)}` : '';
    return (
      `<tr${c.id === HOMICIDE ? ' class="lead"' : ''}><th scope="row">${escapeHtml(label(ctx, c.id, c.label))}${inc}</th>` +
      `<td>${escapeHtml(perDay(c.before, locale))}</td><td>${escapeHtml(perDay(c.after, locale))}</td>` +
      `<td class="${signClass(c.change)}">${escapeHtml(signed(c.change, (v) => perDay(v, locale)))}</td>` +
      `<td class="${signClass(c.relative)}">${escapeHtml(percent(c.relative, locale, 1))}</td></tr>`
    );
  });
  const head = [T.category, T.perDayIn(from), T.perDayIn(to), T.changePerDay, T.relative].map(escapeHtml);
  const missing =
    n.missing.length > 0
      ? `<p class="note">${escapeHtml(T.missing)}: ${n.missing
          .map((m) => `${escapeHtml(label(ctx, m.id))} <span lang="en">(${escapeHtml(m.reason)})</span>`)
          .join('; ')}</p>`
      : '';
  const html = [
    `<p>${escapeHtml(T.reclIntro)}</p>`,
    `<p class="offset">${escapeHtml(offsetSentence(ctx, n.offsetShare, n.decline, n.absorbed))}</p>`,
    `<div class="halves"><div>${table('', head, rows, 'recl')}${missing}</div>`,
    `<figure>${changeChart(ctx, all)}</figure></div>`,
    `<h3>${escapeHtml(T.byState)}</h3>`,
    statesMaps(ctx, from, to),
    statesTable(ctx, from, to),
  ].join('\n');
  return section('reclassification', T.reclTitle, html);
}

export function offsetSentence(
  ctx: Ctx,
  offsetShare: number | null,
  decline: number,
  absorbed: number,
): string {
  const { T, locale } = ctx;
  if (offsetShare === null || decline <= 0) return T.offsetNoFall;
  if (absorbed <= 0) return T.offsetNothing;
  return (
    T.offset(share(offsetShare, locale), perDay(decline, locale)) + (offsetShare >= 1 ? T.offsetWhole : '')
  );
}

export function materialWords(locale: Locale): { perDay: string; rel: string } {
  return { perDay: fixed(MATERIAL.perDay, 1, locale), rel: share(Math.abs(MATERIAL.relative), locale) };
}

export function statesTable(ctx: Ctx, from: string, to: string): string {
  const { T, locale } = ctx;
  const states = ctx.audit.reclassification!.states;
  const m = materialWords(locale);
  const rows = states.map((r, k) => {
    const h = r.homicide;
    const tagHtml = r.material ? ` <span class="tag">${escapeHtml(T.material)}</span>` : '';
    const offset = r.offsetShare === null ? '–' : share(r.offsetShare, locale);
    return (
      `<tr${r.material ? '' : ' class="minor"'}><td>${k + 1}</td><th scope="row">${escapeHtml(r.place.name)}${tagHtml}</th>` +
      `<td>${escapeHtml(`${perDay(h.before, locale)} → ${perDay(h.after, locale)}`)}</td>` +
      `<td class="${signClass(h.change)}">${escapeHtml(signed(h.change, (v) => perDay(v, locale)))}</td>` +
      `<td class="${signClass(h.relative)}">${escapeHtml(percent(h.relative, locale, 0))}</td>` +
      `<td class="share">${escapeHtml(offset)}</td></tr>`
    );
  });
  const head = [
    '#',
    T.state,
    `${T.perDayIn(`${from} → ${to}`)}`,
    T.changePerDay,
    T.relative,
    T.offsetShare,
  ].map(escapeHtml);
  return table(escapeHtml(T.byStateIntro(m.perDay, m.rel)), head, rows, 'states');
}

export function statesMaps(ctx: Ctx, from: string, to: string): string {
  const { T, locale } = ctx;
  const states = ctx.audit.reclassification!.states;
  const rel = states.filter((r) => Number.isFinite(r.homicide.relative));
  // The scale ends at the 90th percentile: one state that doubled would otherwise wash out the rest.
  const abs = rel.map((r) => Math.abs(r.homicide.relative)).sort((a, b) => a - b);
  const p90 = abs[Math.floor(0.9 * (abs.length - 1))] ?? 0;
  const m = niceCeil(Math.min(1, Math.max(0.05, p90)), 0.05);
  const changeColor = changeColorScale(m);
  const changeTitle = T.mapChange(from, to);
  const changeMap = tileMap({
    values: rel.map((r) => ({
      code: r.place.code,
      value: r.homicide.relative,
      label: percent(r.homicide.relative, locale),
      title: `${r.place.name}: ${perDay(r.homicide.before, locale)} → ${perDay(r.homicide.after, locale)} (${percent(r.homicide.relative, locale, 1)})`,
    })),
    color: changeColor,
    ariaLabel: changeTitle,
    size: 48,
  });
  const material = states.filter((r) => r.material && r.offsetShare !== null);
  const offsetColor = colorScale({ type: 'linear', scheme: 'oranges', domain: [0, 1], clamp: true });
  const offsetTitle = T.mapOffset;
  const offsetMap = tileMap({
    values: material.map((r) => ({
      code: r.place.code,
      value: r.offsetShare!,
      label: share(r.offsetShare!, locale),
      title: `${r.place.name}: ${share(r.offsetShare!, locale)}`,
    })),
    color: offsetColor,
    ariaLabel: offsetTitle,
    size: 48,
  });
  return [
    '<div class="maps">',
    `<figure><figcaption>${escapeHtml(changeTitle)}</figcaption>${changeMap}${colorLegend({
      color: changeColor,
      domain: [-m, m],
      format: (v) => percent(v, locale),
      label: T.mapChangeLegend,
      ticks: [-m, 0, m],
    })}</figure>`,
    `<figure><figcaption>${escapeHtml(offsetTitle)}</figcaption>${offsetMap}${colorLegend({
      color: offsetColor,
      domain: [0, 1],
      format: (v) => (v >= 1 ? `≥${share(v, locale)}` : share(v, locale)),
      label: T.mapOffsetLegend,
      ticks: [0, 0.5, 1],
    })}</figure>`,
    '</div>',
  ].join('\n');
}
