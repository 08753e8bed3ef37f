import * as Plot from '@observablehq/plot';
import type { HistoryBand } from '../sim/history-band.js';
import type { QuantilePoint } from '../sim/summary.js';
import { compact, type Locale, percent } from './format.js';
import { isPartialYear, observedLabel } from './history-text.js';

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
  /** The filtered history: grey, so that it never reads as one of the projections' blues or a scenario's hue. */
  history: '#7a7a7a',
  historyMedian: '#4d4d4d',
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
  /** Observed years over the filtered band (`historyMarks`), where the projections meet the data. */
  history?: HistoryBand;
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
  const history = historyMarks(panel.history, { from: xDomain[0], to: xDomain[1], locale });
  const marks: Plot.Markish[] = [
    Plot.ruleY([yDomain[0]], { stroke: '#bdbdbd' }),
    ...history.band,
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
  marks.push(...history.points);
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

export interface HistoryMarksOptions {
  /** First and last year drawn (default: every year of the history). */
  from?: number;
  to?: number;
  /** Language of the points' tooltips (default English). */
  locale?: Locale;
  /** Radius of the observed points (default 2.6, a little above the INEGI dots of the fan chart). */
  r?: number;
}

/**
 * The model meeting the data, in two layers: `band`, the filtered 90% band and its median, to go beneath the
 * projections; `points`, the observed years, to go above everything: circles for INEGI, triangles for SESNSP ×
 * the INEGI/SESNSP ratio, open for a partial (annualised) year. Fills and symbols are constants, never
 * channels, so the marks add no colour or symbol scale to a chart that colours by scenario (the dashboard's).
 * The same function draws the report's panels (Node) and the Scenarios page (browser); no history, no marks.
 */
export function historyMarks(
  history: HistoryBand | undefined,
  options: HistoryMarksOptions = {},
): { band: Plot.Markish[]; points: Plot.Markish[] } {
  if (!history) return { band: [], points: [] };
  const { from = Number.NEGATIVE_INFINITY, to = Number.POSITIVE_INFINITY, locale = 'en', r = 2.6 } = options;
  const within = (p: { t: number }) => p.t >= from && p.t <= to;
  const filtered = history.filtered.filter(within);
  const observed = history.observed.filter(within);
  const band: Plot.Markish[] =
    filtered.length > 0
      ? [
          Plot.areaY(filtered, { x: 't', y1: 'p05', y2: 'p95', fill: COLORS.history, fillOpacity: 0.22 }),
          Plot.lineY(filtered, {
            x: 't',
            y: 'p50',
            stroke: COLORS.historyMedian,
            strokeWidth: 1.25,
            strokeDasharray: '2,2',
          }),
        ]
      : [];
  const points: Plot.Markish[] = [];
  for (const source of ['INEGI', 'SESNSP'] as const) {
    for (const partial of [false, true]) {
      const rows = observed.filter((o) => o.source === source && isPartialYear(o) === partial);
      if (rows.length === 0) continue;
      points.push(
        Plot.dot(rows, {
          x: 't',
          y: 'value',
          r,
          symbol: source === 'INEGI' ? 'circle' : 'triangle',
          fill: partial ? 'white' : COLORS.observed,
          stroke: partial ? COLORS.observed : 'white',
          strokeWidth: partial ? 1.1 : 0.6,
          title: (o: HistoryBand['observed'][number]) => observedLabel(o, locale),
        }),
      );
    }
  }
  return { band, points };
}

/** The highest value the history draws within [from, to] (0 when none): for a y domain that holds it. */
export function historyMax(history: HistoryBand, from: number, to: number): number {
  let max = 0;
  for (const o of history.observed) if (o.t >= from && o.t <= to) max = Math.max(max, o.value);
  for (const p of history.filtered) if (p.t >= from && p.t <= to) max = Math.max(max, p.p95);
  return max;
}

export type SwatchKind =
  | 'band90'
  | 'band50'
  | 'median'
  | 'base'
  | 'observed'
  | 'start'
  | 'historyObserved'
  | 'historyBand'
  | 'observedOpen'
  | 'secondBand';

/** A legend key drawn like its mark, as inline SVG (the report's legends and the dashboard's). */
export function swatch(kind: SwatchKind): string {
  const open =
    '<svg xmlns="http://www.w3.org/2000/svg" width="22" height="12" viewBox="0 0 22 12" aria-hidden="true">';
  switch (kind) {
    case 'band90':
      return `${open}<rect width="22" height="12" fill="${COLORS.band}" fill-opacity="0.16"></rect></svg>`;
    case 'band50':
      return `${open}<rect width="22" height="12" fill="${COLORS.band}" fill-opacity="0.48"></rect></svg>`;
    case 'median':
      return `${open}<line x1="0" x2="22" y1="6" y2="6" stroke="${COLORS.median}" stroke-width="2"></line></svg>`;
    case 'base':
      return `${open}<line x1="0" x2="22" y1="6" y2="6" stroke="${COLORS.reference}" stroke-width="1.25"></line></svg>`;
    case 'observed':
      return `${open}<circle cx="11" cy="6" r="2.6" fill="${COLORS.observed}"></circle></svg>`;
    case 'start':
      return `${open}<line x1="11" x2="11" y1="0" y2="12" stroke="${COLORS.rule}" stroke-dasharray="3,3"></line></svg>`;
    case 'historyObserved':
      return `${open}<circle cx="5.5" cy="6" r="2.6" fill="${COLORS.observed}"></circle><path d="M16.5,2L20,8L13,8Z" fill="${COLORS.observed}"></path></svg>`;
    case 'historyBand':
      return `${open}<rect width="22" height="12" fill="${COLORS.history}" fill-opacity="0.22"></rect><line x1="0" x2="22" y1="6" y2="6" stroke="${COLORS.historyMedian}" stroke-width="1.25" stroke-dasharray="2,2"></line></svg>`;
    case 'observedOpen':
      return `${open}<circle cx="11" cy="6" r="2.6" fill="white" stroke="${COLORS.observed}" stroke-width="1"></circle></svg>`;
    case 'secondBand':
      return `${open}<line x1="0" x2="22" y1="2" y2="2" stroke="${COLORS.historyMedian}" stroke-dasharray="4,3"></line><line x1="0" x2="22" y1="10" y2="10" stroke="${COLORS.historyMedian}" stroke-dasharray="4,3"></line></svg>`;
  }
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

/**
 * Serialise a Plot figure with a <title> for screen readers and shorter numbers in attributes: Plot writes
 * coordinates with up to 16 decimals, and two are plenty on screen (they halve a page of many charts).
 */
export function titledSvg(figure: Element, title: string): string {
  const svg = figure.tagName.toLowerCase() === 'svg' ? figure : figure.querySelector('svg');
  if (svg) {
    const t = svg.ownerDocument.createElementNS(SVG_NS, 'title');
    t.textContent = title;
    svg.insertBefore(t, svg.firstChild);
    svg.setAttribute('role', 'img');
  }
  return svgOf(figure).replace(/="([^"]*)"/g, (_, v: string) => `="${v.replace(/(\d\.\d\d)\d+/g, '$1')}"`);
}

/** "2025-06" → the middle of the month as a decimal year, where a monthly point sits. */
export function midMonthOf(month: string): number {
  return timeOf(month) + 1 / 24;
}

/** One month of a monthly band chart: x the middle of the month (decimal year), a 90% band and its median. */
export interface MonthBand {
  x: number;
  p05: number;
  p50: number;
  p95: number;
}

export interface MonthlyBandPanel {
  /** The main 90% band (blue) and its median. */
  band?: MonthBand[];
  /** A second 90% band drawn as two dashed grey lines over the first (the smoothed band). */
  second?: MonthBand[];
  /** A single line (e.g. the effective sample size). */
  line?: { x: number; y: number }[];
  /** Observed values as dots: filled, or open for a month still incomplete; `title` a tooltip. */
  observed?: { x: number; y: number; open?: boolean; title?: string }[];
  /** A horizontal reference line (1 for a multiplier, the particle count for the sample size). */
  rule?: number;
}

export interface MonthlyBandOptions {
  doc: Document;
  locale: Locale;
  /** Decimal years, shared by the panels of a set of small multiples. */
  xDomain: [number, number];
  /** Default: 0 to a little above the highest value drawn. */
  yDomain?: [number, number];
  /** Accessible title of the chart. */
  ariaLabel: string;
  width?: number;
  height?: number;
  /** Dot radius (default 2.2; small multiples want less). */
  r?: number;
  /** Small multiple: small type, narrow margins, three y ticks. */
  small?: boolean;
  yFormat?: (v: number) => string;
}

/** The highest value a monthly band chart draws (for a y domain that holds it). */
export function monthlyBandMax(panel: MonthlyBandPanel): number {
  let max = panel.rule ?? 0;
  for (const b of [...(panel.band ?? []), ...(panel.second ?? [])]) if (b.p95 > max) max = b.p95;
  for (const p of [...(panel.line ?? []), ...(panel.observed ?? [])]) if (p.y > max) max = p.y;
  return max;
}

/**
 * A monthly series against a model's band (the nowcast report's national and state panels, its sample size
 * and driver): the band and its median beneath, a second band as dashed edges, observed dots on top. Dot
 * titles only when given (small multiples leave them out: thousands of tooltips would bloat the page).
 */
export function monthlyBandChart(panel: MonthlyBandPanel, options: MonthlyBandOptions): string {
  const { locale, xDomain } = options;
  const small = options.small ?? false;
  const yDomain = options.yDomain ?? [0, Math.max(1e-9, monthlyBandMax(panel)) * 1.06];
  const yFormat = options.yFormat ?? ((v: number) => tickNumber(v, locale));
  const within = (p: { x: number }) => p.x >= xDomain[0] && p.x <= xDomain[1];
  const band = (panel.band ?? []).filter(within);
  const second = (panel.second ?? []).filter(within);
  const line = (panel.line ?? []).filter((p) => within(p) && Number.isFinite(p.y));
  const observed = (panel.observed ?? []).filter((p) => within(p) && Number.isFinite(p.y));
  const r = options.r ?? 2.2;
  const marks: Plot.Markish[] = [Plot.ruleY([yDomain[0]], { stroke: '#bdbdbd' })];
  if (band.length > 0) {
    marks.push(
      Plot.areaY(band, { x: 'x', y1: 'p05', y2: 'p95', fill: COLORS.band, fillOpacity: 0.2 }),
      Plot.lineY(band, { x: 'x', y: 'p50', stroke: COLORS.median, strokeWidth: small ? 1.1 : 1.6 }),
    );
  }
  if (panel.rule !== undefined) {
    marks.push(Plot.ruleY([panel.rule], { stroke: COLORS.rule, strokeDasharray: '3,3', strokeWidth: 1 }));
  }
  for (const edge of ['p05', 'p95'] as const) {
    if (second.length > 0) {
      marks.push(
        Plot.lineY(second, {
          x: 'x',
          y: edge,
          stroke: COLORS.historyMedian,
          strokeWidth: 1,
          strokeDasharray: '4,3',
        }),
      );
    }
  }
  if (line.length > 0) {
    marks.push(Plot.lineY(line, { x: 'x', y: 'y', stroke: COLORS.median, strokeWidth: small ? 1.1 : 1.6 }));
  }
  for (const open of [false, true]) {
    const rows = observed.filter((o) => (o.open ?? false) === open);
    if (rows.length === 0) continue;
    const titled = rows.some((o) => o.title);
    marks.push(
      Plot.dot(rows, {
        x: 'x',
        y: 'y',
        r,
        fill: open ? 'white' : COLORS.observed,
        stroke: open ? COLORS.observed : 'white',
        strokeWidth: open ? 1 : 0.5,
        ...(titled ? { title: (o: { title?: string }) => o.title ?? '' } : {}),
      }),
    );
  }
  const figure = Plot.plot({
    document: options.doc,
    width: options.width ?? (small ? 250 : 1000),
    height: options.height ?? (small ? 120 : 320),
    marginLeft: small ? 34 : 46,
    marginRight: small ? 6 : 14,
    marginTop: small ? 6 : 12,
    marginBottom: small ? 18 : 24,
    ariaLabel: options.ariaLabel,
    style: { fontSize: small ? '9px' : '11px', overflow: 'visible' },
    x: {
      domain: xDomain,
      ticks: small
        ? yearTicks(xDomain).filter((_, i, all) => all.length < 5 || i % 2 === 0)
        : yearTicks(xDomain),
      tickFormat: (d: number) => String(d),
      label: null,
    },
    y: { domain: yDomain, grid: true, ticks: small ? 3 : 5, tickFormat: yFormat, label: null },
    marks,
  });
  return titledSvg(figure, options.ariaLabel);
}
