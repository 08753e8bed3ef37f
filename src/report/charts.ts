import * as Plot from '@observablehq/plot';
import type { QuantilePoint } from '../sim/summary.js';
import { compact, type Locale, percent } from './format.js';

/**
 * Charts of the HTML report, drawn with Observable Plot on the document they are given (jsdom's from
 * document.ts in Node, the page's own in the dashboard) and serialised to inline SVG (no script, no
 * network). Marks that make Plot number ids with a global counter (clip paths, markers,
 * patterns) are avoided so that the same input always gives the same markup.
 */

/** Escape text for HTML element content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Period label (2030, "2030-04", "2030-W14") as a decimal year. */
export function timeOf(t: string | number): number {
  if (typeof t === 'number') return t;
  const month = /^(\d{4})-(\d{2})$/.exec(t);
  if (month) return Number(month[1]) + (Number(month[2]) - 1) / 12;
  const week = /^(\d{4})-W(\d{2})$/.exec(t);
  if (week) return Number(week[1]) + (Number(week[2]) - 1) / (365.2425 / 7);
  return Number.parseFloat(t);
}

export const COLORS = {
  band: '#3b6fb6',
  median: '#1f4e8c',
  reference: '#8c8c8c',
  observed: '#111111',
  rule: '#6b6b6b',
  lower: '#2166ac',
  lowerPale: '#7fa7d1',
  higher: '#b2182b',
  higherPale: '#de8a84',
  neutral: '#6b6b6b',
} as const;

/** Years ending in 0 or 5 within the domain (or its ends when it is short). */
function yearTicks([x0, x1]: [number, number]): number[] {
  const step = x1 - x0 > 12 ? 5 : x1 - x0 > 5 ? 2 : 1;
  const ticks: number[] = [];
  for (let y = Math.ceil(x0 / step) * step; y <= x1 + 1e-9; y += step) ticks.push(y);
  return ticks;
}

export const SVG_NS = 'http://www.w3.org/2000/svg';

/** The SVG of a Plot result, with its namespace declared so that it is also valid as a standalone file. */
export function svgOf(node: Element): string {
  const svg = node.tagName.toLowerCase() === 'svg' ? node : node.querySelector('svg');
  if (!svg) throw new Error('Plot returned no SVG');
  svg.setAttribute('xmlns', SVG_NS);
  return svg.outerHTML;
}

/** Axis tick: compact without trailing zeros ("20k", "2.5M", "0"). */
export function tickNumber(v: number, locale: Locale): string {
  if (v === 0) return '0';
  return compact(v, locale)
    .replace(/(\.\d*?)0+(?=\D*$)/, '$1')
    .replace(/\.(?=\D*$)/, '');
}

export interface FanPanel {
  series: QuantilePoint[];
  /** Median of the baseline, drawn thin and grey. */
  reference?: { t: string | number; p50: number }[];
  /** Observed values drawn as dots. */
  observed?: { year: number; value: number }[];
  /** Decimal year where the policy starts (vertical rule). */
  start?: number;
}

export interface FanOptions {
  doc: Document;
  locale: Locale;
  xDomain: [number, number];
  yDomain: [number, number];
  ariaLabel: string;
  width?: number;
  height?: number;
  /** Tick format of the y axis (default: compact numbers). */
  yFormat?: (v: number) => string;
}

/** Fan chart: 90% band, 50% band, median line, baseline median, observed dots, policy start. */
export function fanChart(panel: FanPanel, options: FanOptions): string {
  const { locale, xDomain, yDomain } = options;
  const rows = panel.series.map((p) => ({ ...p, x: timeOf(p.t) }));
  const reference = (panel.reference ?? []).map((p) => ({ x: timeOf(p.t), y: p.p50 }));
  const observed = (panel.observed ?? []).filter((o) => o.year >= xDomain[0] && o.year <= xDomain[1]);
  const yFormat = options.yFormat ?? ((v: number) => tickNumber(v, locale));
  const marks: Plot.Markish[] = [
    Plot.ruleY([yDomain[0]], { stroke: '#bdbdbd' }),
    Plot.areaY(rows, { x: 'x', y1: 'p05', y2: 'p95', fill: COLORS.band, fillOpacity: 0.16 }),
    Plot.areaY(rows, { x: 'x', y1: 'p25', y2: 'p75', fill: COLORS.band, fillOpacity: 0.32 }),
  ];
  if (panel.start !== undefined && panel.start > xDomain[0] && panel.start < xDomain[1]) {
    marks.push(Plot.ruleX([panel.start], { stroke: COLORS.rule, strokeDasharray: '3,3', strokeWidth: 1 }));
  }
  if (reference.length > 0) {
    marks.push(Plot.lineY(reference, { x: 'x', y: 'y', stroke: COLORS.reference, strokeWidth: 1.25 }));
  }
  marks.push(Plot.lineY(rows, { x: 'x', y: 'p50', stroke: COLORS.median, strokeWidth: 2 }));
  if (observed.length > 0) {
    marks.push(
      Plot.dot(observed, {
        x: 'year',
        y: 'value',
        r: 2.2,
        fill: COLORS.observed,
        stroke: 'white',
        strokeWidth: 0.6,
      }),
    );
  }
  const figure = Plot.plot({
    document: options.doc,
    width: options.width ?? 320,
    height: options.height ?? 180,
    marginLeft: 42,
    marginRight: 12,
    marginTop: 10,
    marginBottom: 22,
    ariaLabel: options.ariaLabel,
    style: { fontSize: '10px', overflow: 'visible' },
    x: { domain: xDomain, ticks: yearTicks(xDomain), tickFormat: (d: number) => String(d), label: null },
    y: { domain: yDomain, grid: true, ticks: 4, tickFormat: yFormat, label: null },
    marks,
  });
  return svgOf(figure);
}

export interface DifferenceRow {
  key: string;
  label: string;
  p05: number;
  p50: number;
  p95: number;
}

export interface DifferenceOptions {
  doc: Document;
  locale: Locale;
  ariaLabel: string;
  xLabel: string;
  width?: number;
}

/**
 * A 90% interval "excludes zero" only when its nearer end is at least 0.05% away from it, so that the
 * interval never reads "0.0%" next to a cue that says it excludes zero.
 */
export const EXCLUDES_ZERO = 0.0005;

/**
 * Colour of a relative difference where lower is better (violence metrics): strong when the 90% interval
 * excludes zero, pale when only the median is 1% or more away from it, grey otherwise.
 */
export function differenceColor(d: { p05: number; p50: number; p95: number }): string {
  if (d.p95 <= -EXCLUDES_ZERO) return COLORS.lower;
  if (d.p05 >= EXCLUDES_ZERO) return COLORS.higher;
  if (d.p50 <= -0.01) return COLORS.lowerPale;
  if (d.p50 >= 0.01) return COLORS.higherPale;
  return COLORS.neutral;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

/** Dot-and-interval chart of relative differences against the baseline, sorted by the median. */
export function differenceChart(rows: DifferenceRow[], options: DifferenceOptions): string {
  const { locale } = options;
  const sorted = [...rows].sort((a, b) => a.p50 - b.p50 || a.key.localeCompare(b.key));
  const labels = new Map(sorted.map((r) => [r.key, truncate(r.label, 46)]));
  const longest = Math.max(8, ...[...labels.values()].map((l) => l.length));
  const lo = Math.min(0, ...sorted.map((r) => r.p05));
  const hi = Math.max(0, ...sorted.map((r) => r.p95));
  const pad = Math.max(0.02, (hi - lo) * 0.12);
  const data = sorted.map((r) => ({ ...r, color: differenceColor(r), text: percent(r.p50, locale) }));
  const figure = Plot.plot({
    document: options.doc,
    width: options.width ?? 760,
    height: 44 + 24 * sorted.length,
    marginLeft: Math.min(300, 14 + longest * 6),
    marginRight: 56,
    marginTop: 8,
    marginBottom: 34,
    ariaLabel: options.ariaLabel,
    style: { fontSize: '11px', overflow: 'visible' },
    x: {
      domain: [lo - pad * 0.3, hi + pad],
      grid: true,
      ticks: 6,
      tickFormat: (v: number) => percent(v, locale),
      label: options.xLabel,
      labelAnchor: 'center',
    },
    y: {
      domain: sorted.map((r) => r.key),
      tickFormat: (k: string) => labels.get(k) ?? k,
      label: null,
      tickSize: 0,
    },
    marks: [
      Plot.ruleX([0], { stroke: '#333', strokeWidth: 1 }),
      Plot.ruleY(data, {
        y: 'key',
        x1: 'p05',
        x2: 'p95',
        stroke: 'color',
        strokeWidth: 2.5,
        strokeOpacity: 0.75,
      }),
      Plot.dot(data, { x: 'p50', y: 'key', fill: 'color', r: 4.5, stroke: 'white', strokeWidth: 1 }),
      Plot.text(data, { x: 'p95', y: 'key', text: 'text', dx: 8, textAnchor: 'start', fill: '#222' }),
    ],
  });
  return svgOf(figure);
}

/** A colour function for a Plot colour scale, without drawing anything. */
export function colorScale(options: Plot.ScaleOptions): (v: number) => string {
  const scale = Plot.scale({ color: options });
  return (v: number) => String(scale.apply(v));
}

/** Relative changes in red (up) and blue (down), white at 0, saturated at ±`max`. */
export function changeColorScale(max: number): (v: number) => string {
  return colorScale({
    type: 'diverging',
    scheme: 'rdbu',
    reverse: true,
    domain: [-max, max],
    pivot: 0,
    clamp: true,
  });
}
