import * as Plot from '@observablehq/plot';
import type { MonthlyPoint, StatePanel } from '../../audit/audit.js';
import type { Break } from '../../audit/breaks.js';
import { type CategoryChange, HOMICIDE } from '../../audit/reclassification.js';
import { COLORS, SVG_NS, tickNumber, titledSvg } from '../charts.js';
import {
  type Ctx,
  fixed,
  label,
  midMonth,
  monthX,
  perDay,
  periodName,
  periodSpan,
  signed,
} from './context.js';
import { BREAK_COLOR, CATEGORY_COLORS, SHADE } from './style.js';

export interface Row {
  x: number;
  y: number;
  run: number;
}

/** Split a series into solid runs of complete months and dashed runs through incomplete ones. */
export function pieces(points: MonthlyPoint[]): { solid: Row[]; dashed: Row[]; hollow: Row[] } {
  const solid: Row[] = [];
  const dashed: Row[] = [];
  const hollow: Row[] = [];
  const at = (p: MonthlyPoint, run: number) => ({ x: midMonth(p.month), y: p.perDay, run });
  let solidRun = 0;
  let dashRun = 0;
  points.forEach((p, k) => {
    const prev = points[k - 1];
    const next = points[k + 1];
    if (!p.incomplete) {
      if (prev?.incomplete) solidRun++;
      solid.push(at(p, solidRun));
      return;
    }
    hollow.push(at(p, 0));
    if (!prev?.incomplete) {
      dashRun++;
      if (prev) dashed.push(at(prev, dashRun));
    }
    dashed.push(at(p, dashRun));
    if (next && !next.incomplete) dashed.push(at(next, dashRun));
  });
  return { solid, dashed, hollow };
}

export function seriesMarks(points: MonthlyPoint[], color: string, width: number, r: number): Plot.Markish[] {
  const { solid, dashed, hollow } = pieces(points);
  return [
    Plot.line(solid, { x: 'x', y: 'y', z: 'run', stroke: color, strokeWidth: width }),
    dashed.length > 0
      ? Plot.line(dashed, {
          x: 'x',
          y: 'y',
          z: 'run',
          stroke: color,
          strokeWidth: width,
          strokeDasharray: '3,2.5',
        })
      : null,
    hollow.length > 0
      ? Plot.dot(hollow, { x: 'x', y: 'y', r, fill: 'white', stroke: color, strokeWidth: 1.2 })
      : null,
  ];
}

export function yearTicks([x0, x1]: [number, number], step: number): number[] {
  const ticks: number[] = [];
  for (let y = Math.ceil(x0 / step - 1e-9) * step; y <= x1 + 1e-9; y += step) ticks.push(y);
  return ticks;
}

export function claimSpans(ctx: Ctx): [number, number][] {
  const o = ctx.audit.claim.observed;
  return [periodSpan(o.from), periodSpan(o.to)].filter((s): s is [number, number] => s !== undefined);
}

/** Serialise a Plot figure: a <title> for screen readers and shorter numbers in attributes (charts.ts). */
export function finish(figure: Element, title: string): string {
  return titledSvg(figure, title);
}

export function nationalChart(ctx: Ctx): string {
  const { locale } = ctx;
  const series = ctx.audit.national;
  const yMax = Math.max(1, ...series.flatMap((s) => s.points.map((p) => p.perDay)));
  const spans = claimSpans(ctx);
  const o = ctx.audit.claim.observed;
  const spanLabels = [o.from, o.to].map((p, k) => ({
    x: spans[k]?.[0],
    text: periodName(p, locale, 'short'),
  }));
  const marks: Plot.Markish[] = [
    Plot.rect(spans, { x1: (d: [number, number]) => d[0], x2: (d: [number, number]) => d[1], fill: SHADE }),
    Plot.text(
      spanLabels.filter((d) => d.x !== undefined),
      { x: 'x', text: 'text', frameAnchor: 'top', dy: -12, textAnchor: 'end', fill: '#6b5a2a' },
    ),
    Plot.ruleY([0], { stroke: '#bdbdbd' }),
    ...[...series].reverse().flatMap((s) => {
      const main = s.id === HOMICIDE;
      return seriesMarks(s.points, CATEGORY_COLORS[s.id] ?? COLORS.neutral, main ? 2.2 : 1.4, 2.6);
    }),
  ];
  const figure = Plot.plot({
    document: ctx.doc,
    width: 1100,
    height: 360,
    marginLeft: 40,
    marginRight: 14,
    marginTop: 24,
    marginBottom: 24,
    ariaLabel: ctx.T.nationalAria,
    style: { fontSize: '11px', overflow: 'visible' },
    x: {
      domain: ctx.xDomain,
      ticks: yearTicks(ctx.xDomain, 1),
      tickFormat: (d: number) => String(d),
      label: null,
    },
    y: {
      domain: [0, yMax * 1.05],
      grid: true,
      ticks: 6,
      tickFormat: (v: number) => tickNumber(v, locale),
      label: null,
    },
    marks,
  });
  return finish(figure, ctx.T.nationalAria);
}

export function stateChart(ctx: Ctx, s: StatePanel): string {
  const yMax = Math.max(0.1, ...s.points.map((p) => p.perDay));
  const marks: Plot.Markish[] = [
    Plot.rect(claimSpans(ctx), {
      x1: (d: [number, number]) => d[0],
      x2: (d: [number, number]) => d[1],
      fill: SHADE,
    }),
    Plot.ruleY([0], { stroke: '#bdbdbd' }),
    ...stateBreaks(s).flatMap(breakMarks),
    ...seriesMarks(s.points, COLORS.observed, 1.1, 1.7),
  ];
  const aria = ctx.T.stateAria(s.name);
  const figure = Plot.plot({
    document: ctx.doc,
    width: 240,
    height: 112,
    marginLeft: 30,
    marginRight: 6,
    marginTop: 6,
    marginBottom: 18,
    ariaLabel: aria,
    style: { fontSize: '9px', overflow: 'visible' },
    x: {
      domain: ctx.xDomain,
      ticks: yearTicks(ctx.xDomain, 5),
      tickFormat: (d: number) => String(d),
      label: null,
    },
    y: {
      domain: [0, yMax * 1.08],
      grid: true,
      ticks: 3,
      tickFormat: (v: number) => tickNumber(v, ctx.locale),
      label: null,
    },
    marks,
  });
  return finish(figure, aria);
}

/** Every break of a state panel, by month (`breaks`, or the single `break` of earlier audits). */
export function stateBreaks(s: StatePanel): Break[] {
  const all = s.breaks ?? (s.break ? [s.break] : []);
  return [...all].sort((a, b) => a.month.localeCompare(b.month));
}

/** The break month as a dashed rule, and the average level a year before and after as short bars. */
export function breakMarks(b: Break | undefined): Plot.Markish[] {
  if (!b) return [];
  const x = monthX(b.month);
  if (!Number.isFinite(x)) return [];
  const levels = [
    { x1: x - 1, x2: x, y: b.before },
    { x1: x, x2: x + 1, y: b.after },
  ];
  return [
    Plot.ruleX([x], { stroke: BREAK_COLOR, strokeDasharray: '3,2', strokeWidth: 1 }),
    Plot.ruleY(levels, { x1: 'x1', x2: 'x2', y: 'y', stroke: BREAK_COLOR, strokeWidth: 2 }),
  ];
}

export function changeChart(ctx: Ctx, rows: CategoryChange[]): string {
  const { locale } = ctx;
  const data = rows.map((c) => ({
    key: c.id,
    change: c.change,
    text: signed(c.change, (v) => perDay(v, locale)),
    fill: c.id === HOMICIDE ? COLORS.median : c.change > 0 ? COLORS.higher : COLORS.lowerPale,
  }));
  const names = new Map(rows.map((c) => [c.id, label(ctx, c.id, c.label)]));
  const longest = Math.max(...[...names.values()].map((n) => Math.min(n.length, 48)));
  const lo = Math.min(0, ...data.map((d) => d.change));
  const hi = Math.max(0, ...data.map((d) => d.change));
  // Room for the value labels at both ends of the bars.
  const pad = Math.max(0.5, (hi - lo) * 0.16);
  const figure = Plot.plot({
    document: ctx.doc,
    width: 580,
    height: 30 + 26 * rows.length,
    marginLeft: Math.min(320, 14 + longest * 6.2),
    marginRight: 10,
    marginTop: 4,
    marginBottom: 24,
    ariaLabel: ctx.T.changeAria,
    style: { fontSize: '11px', overflow: 'visible' },
    x: {
      domain: [lo - pad, hi + pad],
      grid: true,
      ticks: 6,
      tickFormat: (v: number) => signed(v, (x) => tickNumber(x, locale)),
      label: null,
    },
    y: {
      domain: data.map((d) => d.key),
      tickFormat: (k: string) => names.get(k) ?? k,
      label: null,
      tickSize: 0,
    },
    marks: [
      Plot.barX(data, { y: 'key', x: 'change', fill: 'fill' }),
      Plot.ruleX([0], { stroke: '#333' }),
      Plot.text(
        data.filter((d) => d.change < 0),
        { y: 'key', x: 'change', text: 'text', dx: -4, textAnchor: 'end', fill: '#222' },
      ),
      Plot.text(
        data.filter((d) => d.change >= 0),
        { y: 'key', x: 'change', text: 'text', dx: 4, textAnchor: 'start', fill: '#222' },
      ),
    ],
  });
  return finish(figure, ctx.T.changeAria);
}

export function gapChart(ctx: Ctx): string {
  const gap = ctx.audit.sourceGap!;
  const flagged = new Set(gap.flags.map((f) => `${f.state}:${f.year}`));
  const dots = gap.states.flatMap((s) =>
    s.years
      .filter((y) => Number.isFinite(y.ratio))
      .map((y) => ({
        year: y.year,
        ratio: y.ratio,
        flag: flagged.has(`${s.state}:${y.year}`),
        title: `${s.name} ${y.year}: ${fixed(y.ratio, 2, ctx.locale)}`,
      })),
  );
  const yMax = Math.max(1.1, ...dots.map((d) => d.ratio), ...gap.national.map((n) => n.ratio));
  const years = gap.years;
  const figure = Plot.plot({
    document: ctx.doc,
    width: 560,
    height: 240,
    marginLeft: 36,
    marginRight: 10,
    marginTop: 10,
    marginBottom: 24,
    ariaLabel: ctx.T.gapAria,
    style: { fontSize: '11px', overflow: 'visible' },
    x: {
      domain: [years[0] - 0.5, years.at(-1)! + 0.5],
      ticks: years,
      tickFormat: (d: number) => String(d),
      label: null,
    },
    y: {
      domain: [0, yMax * 1.04],
      grid: true,
      ticks: 5,
      tickFormat: (v: number) => fixed(v, 1, ctx.locale),
      label: null,
    },
    marks: [
      Plot.ruleY([1], { stroke: '#333', strokeDasharray: '4,3' }),
      Plot.dot(
        dots.filter((d) => !d.flag),
        { x: 'year', y: 'ratio', r: 2.2, fill: '#9a9a9a', fillOpacity: 0.6, title: 'title' },
      ),
      Plot.line(gap.national, { x: 'year', y: 'ratio', stroke: COLORS.observed, strokeWidth: 2 }),
      Plot.dot(gap.national, { x: 'year', y: 'ratio', r: 3, fill: COLORS.observed }),
      Plot.dot(
        dots.filter((d) => d.flag),
        { x: 'year', y: 'ratio', r: 3.4, fill: COLORS.higher, stroke: 'white', title: 'title' },
      ),
    ],
  });
  return finish(figure, ctx.T.gapAria);
}

export function swatch(
  kind: 'line' | 'hollow' | 'shade' | 'break',
  color: string = COLORS.observed,
  width = 2,
): string {
  const open = `<svg xmlns="${SVG_NS}" width="22" height="12" viewBox="0 0 22 12" aria-hidden="true">`;
  switch (kind) {
    case 'line':
      return `${open}<line x1="0" x2="22" y1="6" y2="6" stroke="${color}" stroke-width="${width}"></line></svg>`;
    case 'hollow':
      return `${open}<line x1="0" x2="22" y1="6" y2="6" stroke="${color}" stroke-width="1.4" stroke-dasharray="3,2.5"></line><circle cx="11" cy="6" r="3" fill="white" stroke="${color}" stroke-width="1.2"></circle></svg>`;
    case 'shade':
      return `${open}<rect width="22" height="12" fill="${SHADE}"></rect></svg>`;
    case 'break':
      return `${open}<line x1="11" x2="11" y1="0" y2="12" stroke="${BREAK_COLOR}" stroke-dasharray="3,2"></line></svg>`;
  }
}
