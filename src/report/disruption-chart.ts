import * as Plot from '@observablehq/plot';
import { svgOf, tickNumber } from './charts.js';
import { createDocument } from './document.js';
import type { Locale } from './format.js';
import { HEADER, legendRows, MARGIN, svgOpen } from './svg-frame.js';

/**
 * Disruption curves of several removal strategies on one chart, as a standalone SVG (and PNG through
 * `svgToPng`), for `atalaya network --svg/--png`: x = nodes removed, y = a measure of what is left relative
 * to the intact network, one line per strategy, a shaded band where a strategy has an interval (e.g. the
 * 5–95% of random removal orders).
 *
 * The plot itself is Observable Plot on a jsdom document, as the HTML report's charts; the title and the
 * legend are drawn around it as plain SVG, since Plot's own swatch legend is HTML and would not survive in a
 * .svg file.
 */

export interface DisruptionPoint {
  /** Nodes removed so far. */
  removed: number;
  value: number;
  low?: number;
  high?: number;
}

export interface DisruptionSeries {
  /** Strategy name, shown in the legend. */
  label: string;
  points: DisruptionPoint[];
}

export interface DisruptionChartOptions {
  series: DisruptionSeries[];
  /** Label of the y axis, e.g. "largest component / start". */
  measure: string;
  title: string;
  locale?: Locale;
  /** SVG width in px (default 760). */
  width?: number;
  /** Legend entry for the bands, e.g. "5–95% of random orders"; without it the bands are not in the legend. */
  bandLabel?: string;
  /** Label of the x axis (default "nodes removed"; e.g. "rounds after the disruption" for regrowth). */
  xLabel?: string;
}

/** Strategy colours in series order: distinct in hue and lightness, legible on white. */
export const SERIES_COLORS = [
  '#b2182b',
  '#1f4e8c',
  '#e08214',
  '#1b9e77',
  '#7570b3',
  '#8c8c8c',
  '#e7298a',
  '#a6761d',
] as const;

const X_LABEL: Record<Locale, string> = { en: 'nodes removed', es: 'nodos eliminados' };
const DEFAULT_WIDTH = 760;
const PLOT_HEIGHT = 360;
const LEGEND_ROW = 20;

/** Colour of the i-th series. */
export function seriesColor(i: number): string {
  return SERIES_COLORS[i % SERIES_COLORS.length];
}

/**
 * 0 to 1 when every value (and band end) lies within it, as for shares of the intact network; otherwise from
 * min(0, lowest) to the highest value, rounded by Plot's nice option.
 */
function yDomain(series: DisruptionSeries[]): { domain: [number, number]; nice: boolean } {
  let [lo, hi] = [Infinity, -Infinity];
  for (const s of series) {
    for (const p of s.points) {
      for (const v of [p.value, p.low, p.high]) {
        if (v === undefined || !Number.isFinite(v)) continue;
        [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
      }
    }
  }
  if (!Number.isFinite(lo)) return { domain: [0, 1], nice: false };
  if (lo >= 0 && hi <= 1 + 1e-9) return { domain: [0, 1], nice: false };
  return { domain: [Math.min(0, lo), hi > Math.min(0, lo) ? hi : Math.min(0, lo) + 1], nice: true };
}

/** The chart as a standalone SVG document. */
export function renderDisruptionChart(options: DisruptionChartOptions): string {
  const locale = options.locale ?? 'en';
  const width = options.width ?? DEFAULT_WIDTH;
  const labels = options.series.map((s) => s.label);
  const color = (label: string) => seriesColor(labels.indexOf(label));
  const rows = options.series.flatMap((s) =>
    [...s.points].sort((a, b) => a.removed - b.removed).map((p) => ({ ...p, series: s.label })),
  );
  const banded = options.series.filter((s) =>
    s.points.some((p) => Number.isFinite(p.low) && Number.isFinite(p.high)),
  );
  const bandRows = rows.filter((r) => Number.isFinite(r.low) && Number.isFinite(r.high));
  const maxRemoved = Math.max(1, ...rows.map((r) => r.removed));
  const y = yDomain(options.series);

  const marks: Plot.Markish[] = [Plot.ruleY([y.domain[0]], { stroke: '#bdbdbd' })];
  if (bandRows.length > 0) {
    marks.push(
      Plot.areaY(bandRows, {
        x: 'removed',
        y1: 'low',
        y2: 'high',
        z: 'series',
        fill: (d: { series: string }) => color(d.series),
        fillOpacity: 0.16,
      }),
    );
  }
  marks.push(
    Plot.lineY(rows, {
      x: 'removed',
      y: 'value',
      z: 'series',
      stroke: (d: { series: string }) => color(d.series),
      strokeWidth: 2,
    }),
  );
  const figure = Plot.plot({
    document: createDocument(),
    width: width - 2 * MARGIN,
    height: PLOT_HEIGHT,
    marginLeft: 48,
    marginRight: 16,
    marginTop: 20,
    marginBottom: 40,
    ariaLabel: options.title,
    style: { fontSize: '11px', overflow: 'visible' },
    x: {
      domain: [0, maxRemoved],
      grid: true,
      ticks: Math.min(8, maxRemoved),
      tickFormat: (v: number) => (Number.isInteger(v) ? tickNumber(v, locale) : ''),
      label: options.xLabel ?? X_LABEL[locale],
      labelAnchor: 'center',
      labelArrow: 'none',
    },
    y: {
      domain: y.domain,
      nice: y.nice,
      grid: true,
      ticks: 5,
      tickFormat: (v: number) => tickNumber(v, locale),
      label: options.measure,
      labelAnchor: 'center',
      labelArrow: 'none',
    },
    marks,
  });
  const plot = svgOf(figure);

  const items = options.series.map((s) => ({ text: s.label, swatch: lineSwatch(color(s.label), false) }));
  if (options.bandLabel && banded.length > 0) {
    items.push({
      text: options.bandLabel,
      swatch: lineSwatch(seriesColor(labels.indexOf(banded[0].label)), true),
    });
  }
  const legend = legendRows(items, width - 2 * MARGIN, { swatchWidth: 20, rowHeight: LEGEND_ROW });
  const top = HEADER + legend.height + 4;
  const height = top + PLOT_HEIGHT + MARGIN;
  return (
    svgOpen(width, height, options.title) +
    `<g class="legend" transform="translate(${MARGIN},${HEADER})" font-size="11" fill="#1a1a1a">${legend.markup}</g>` +
    // A nested <svg> is positioned by x/y, not by a transform on it.
    plot.replace(/^<svg /, `<svg x="${MARGIN}" y="${top}" `) +
    '</svg>'
  );
}

/** A legend entry: a line per strategy, a shaded square for the band. */
function lineSwatch(color: string, band: boolean): string {
  return band
    ? `<rect x="0" y="1" width="20" height="10" fill="${color}" fill-opacity="0.16"></rect>`
    : `<line x1="0" x2="20" y1="6" y2="6" stroke="${color}" stroke-width="2.5"></line>`;
}
