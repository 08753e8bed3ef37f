import * as Plot from '@observablehq/plot';
import { Resvg } from '@resvg/resvg-js';
import { type GeoPath, geoPath } from 'd3-geo';
import type { Polygon } from 'geojson';
import { mesh } from 'topojson-client';
import type { Topology } from 'topojson-specification';
import { escapeHtml, SVG_NS } from './charts.js';
import { compact, type Locale } from './format.js';
import {
  type AreaShape,
  areaFeatures,
  collectionOf,
  fitWidth,
  mexicoProjection,
  planar,
  relativePathData,
  stateBorderLines,
} from './map-geometry.js';
import { HEADER, MARGIN, round1, svgOpen } from './svg-frame.js';
import { colorLegend } from './tile-map.js';

/**
 * A choropleth of Mexico's municipalities as a standalone SVG (and PNG through resvg), for `atalaya hotspots
 * --map`. Drawn without a DOM: geometry goes through d3-geo into path strings, colours come from Observable
 * Plot's scales (the same ones as the HTML report), and everything else is string templates, so that the same
 * input always gives the same bytes.
 */

export interface ChoroplethOptions {
  /** Municipal TopoJSON; its first GeometryCollection is drawn, ids (`properties.id` or `id`) are CVEGEO. */
  topology: Topology;
  /** State TopoJSON for the borders; without it they are merged from the municipal codes' state prefix. */
  states?: Topology;
  /** Value by 5-digit municipal code; absent or NaN values are drawn as "no data". */
  values: Map<string, number>;
  color: {
    type: 'sqrt' | 'linear' | 'log' | 'quantile';
    /** An Observable Plot colour scheme name (default "orrd", as the HTML report's rate map). */
    scheme?: string;
    /** Values beyond it take the end colours. Default: see `defaultDomain`. Ignored by quantile scales. */
    domain?: [number, number];
  };
  /** Municipalities to mark, in order: marker "1" is the first. */
  labels?: { code: string; text: string }[];
  title: string;
  legendLabel: string;
  /** Legend tick format (default: compact numbers in the locale). */
  format?: (v: number) => string;
  locale?: Locale;
  /** SVG width in px (default 1000); the height follows from Mexico's shape. */
  width?: number;
  /** Legend text for municipalities without a value (default "No data" / "Sin datos"). */
  noDataLabel?: string;
}

const DEFAULT_WIDTH = 1000;
const DEFAULT_SCHEME = 'orrd';
const NO_DATA_FILL = '#d9d9d9';
const NO_DATA_LABEL: Record<Locale, string> = { en: 'No data', es: 'Sin datos' };
/** Quantile classes before ties are merged. */
const QUANTILE_CLASSES = 6;
/** Percentile at which the default domain saturates: one extreme small municipality should not wash out the rest. */
const DOMAIN_PERCENTILE = 0.99;
const LEGEND_WIDTH = 260;
const LEGEND_HEIGHT = 46;
const MARKER_RADIUS = 8;
const LIST_ROW = 17;

/** The choropleth as a standalone SVG document. */
export function renderChoropleth(options: ChoroplethOptions): string {
  const locale = options.locale ?? 'en';
  const width = options.width ?? DEFAULT_WIDTH;
  const format = options.format ?? ((v: number) => compact(v, locale));
  const collection = collectionOf(options.topology);
  const projection = mexicoProjection();
  const outline = mesh(options.topology, collection, (a, b) => a === b);
  const mapHeight = fitWidth(projection, outline, [MARGIN, HEADER], width - 2 * MARGIN);
  const height = Math.ceil(HEADER + mapHeight + MARGIN);
  const path = geoPath(planar(projection));
  const municipalities = areaFeatures(options.topology, 5);
  const scale = colorOf(options.color, options.values);
  const fills = municipalities.map((m) => fillOf(scale, options.values.get(m.code)));
  const missing = fills.some((f) => f === NO_DATA_FILL);
  const legendY = HEADER + mapHeight - LEGEND_HEIGHT - (missing ? 20 : 0);
  return (
    svgOpen(width, height, options.title) +
    municipalPaths(municipalities, fills, path, options.values, format) +
    stateBorders(path, options.topology, options.states) +
    markers(municipalities, options.labels ?? [], path) +
    labelList(options.labels ?? [], width) +
    `<g class="color-legend" transform="translate(${MARGIN - 6},${round1(legendY)})">` +
    // The end tick's label is centred on the ramp's end and would be clipped by the legend's own viewport.
    legendOf(scale, options.legendLabel, format).replace(/^<svg /, '<svg overflow="visible" ') +
    '</g>' +
    (missing ? noDataKey(options.noDataLabel ?? NO_DATA_LABEL[locale], legendY + LEGEND_HEIGHT + 4) : '') +
    '</svg>'
  );
}

/**
 * The SVG rasterised by resvg at `width` px (default: the SVG's own width). System fonts are loaded for the
 * text; on a machine without any font resvg still draws the map, markers and legend ramp but silently drops
 * every text (title, numbers, tick labels).
 */
export function svgToPng(svg: string, options: { width?: number } = {}): Uint8Array {
  const resvg = new Resvg(svg, {
    fitTo: options.width ? { mode: 'width', value: options.width } : { mode: 'original' },
    // Generic "sans-serif" maps to Arial in resvg; most Linux servers only have these metric-compatible ones.
    font: { loadSystemFonts: true, sansSerifFamily: 'Liberation Sans' },
    logLevel: 'off',
  });
  return resvg.render().asPng();
}

type Municipality = AreaShape;

// Colour -------------------------------------------------------------------------------------------------

interface ColorScale {
  type: ChoroplethOptions['color']['type'];
  apply: (v: number) => string;
  domain: [number, number];
  /** Quantile class edges and colours (quantile scales only). */
  thresholds?: number[];
  range?: string[];
  /** Some value lies above the domain (its top colour means "this much or more"). */
  clippedAbove: boolean;
}

function colorOf(spec: ChoroplethOptions['color'], values: Map<string, number>): ColorScale {
  const finite = [...values.values()].filter(Number.isFinite).sort((a, b) => a - b);
  const scheme = (spec.scheme ?? DEFAULT_SCHEME) as Plot.ColorScheme;
  if (spec.type === 'quantile') return quantileScale(finite, scheme);
  const domain = spec.domain ?? defaultDomain(spec.type, finite);
  if (spec.type === 'log' && !(domain[0] > 0))
    throw new RangeError('a log colour scale needs a domain above 0');
  const scale = Plot.scale({ color: { type: spec.type, scheme, domain, clamp: true } });
  return {
    type: spec.type,
    apply: (v) => hex(String(scale.apply(v))),
    domain,
    clippedAbove: finite.length > 0 && finite[finite.length - 1] > domain[1],
  };
}

/**
 * From 0 (or the smallest value, if negative; the smallest positive value for log) to the 99th percentile:
 * rates in municipalities of a few hundred people reach values that would leave the rest of the map pale.
 */
function defaultDomain(type: 'sqrt' | 'linear' | 'log', sorted: number[]): [number, number] {
  const positive = sorted.filter((v) => v > 0);
  const pool = type === 'log' ? positive : sorted;
  if (pool.length === 0) return type === 'log' ? [1, 10] : [0, 1];
  const top = pool[Math.min(pool.length - 1, Math.floor(DOMAIN_PERCENTILE * pool.length))];
  const bottom = type === 'log' ? pool[0] : Math.min(0, pool[0]);
  return top > bottom ? [bottom, top] : [bottom, type === 'log' ? bottom * 10 : bottom + 1];
}

/**
 * Class edges at the sextiles, as a threshold scale. Ties (many municipalities with no homicide at all)
 * make repeated edges, and edges at the minimum leave classes no value falls into: both are dropped, so
 * each colour drawn is one that some municipality has.
 */
function quantileScale(sorted: number[], scheme: Plot.ColorScheme): ColorScale {
  const data = sorted.length > 0 ? sorted : [0, 1];
  const quantiles = Plot.scale({ color: { type: 'quantile', scheme, domain: data, n: QUANTILE_CLASSES } });
  const edges = [...new Set((quantiles.domain ?? []) as number[])].filter((t) => t > data[0]);
  const scale = Plot.scale({ color: { type: 'threshold', scheme, domain: edges } });
  return {
    type: 'quantile',
    apply: (v) => hex(String(scale.apply(v))),
    domain: [data[0], data[data.length - 1]],
    thresholds: edges,
    range: ((scale.range ?? []) as string[]).map(hex),
    clippedAbove: false,
  };
}

function fillOf(scale: ColorScale, value: number | undefined): string {
  return value !== undefined && Number.isFinite(value) ? scale.apply(value) : NO_DATA_FILL;
}

/** "rgb(r, g, b)" → "#rrggbb": 11 bytes less per municipality. */
function hex(color: string): string {
  const m = /^rgb\((\d+),\s*(\d+),\s*(\d+)\)$/.exec(color);
  if (!m) return color;
  return `#${[m[1], m[2], m[3]].map((c) => Number(c).toString(16).padStart(2, '0')).join('')}`;
}

// Layers -------------------------------------------------------------------------------------------------

function municipalPaths(
  municipalities: Municipality[],
  fills: string[],
  path: GeoPath,
  values: Map<string, number>,
  format: (v: number) => string,
): string {
  const paths = municipalities.map((m, i) => {
    const v = values.get(m.code);
    const tip = v !== undefined && Number.isFinite(v) ? `${m.code}: ${format(v)}` : m.code;
    return `<path d="${relativePathData(path, m.feature)}" fill="${fills[i]}"><title>${escapeHtml(tip)}</title></path>`;
  });
  // Thin light edges separate neighbours of similar colour without darkening dense areas.
  return `<g class="municipalities" stroke="#ffffff" stroke-width="0.2" stroke-linejoin="round">${paths.join('')}</g>`;
}

function stateBorders(path: GeoPath, topology: Topology, states: Topology | undefined): string {
  return (
    `<path class="states" d="${relativePathData(path, stateBorderLines(topology, states))}" fill="none" stroke="#3a3a3a" stroke-width="0.7" ` +
    'stroke-linejoin="round"></path>'
  );
}

/** Largest polygon's centroid: a municipality with islands keeps its marker on the mainland. */
function anchorOf(m: Municipality, path: GeoPath): [number, number] {
  const g = m.feature.geometry;
  const polygons: Polygon[] =
    g.type === 'Polygon' ? [g] : g.coordinates.map((coordinates) => ({ type: 'Polygon', coordinates }));
  let best = polygons[0];
  for (const p of polygons) if (path.area(p) > path.area(best)) best = p;
  return path.centroid(best);
}

/**
 * Numbered circles at the municipalities; a marker that would cover an earlier one moves to the first free
 * spot on rings around its anchor, with a leader line back to it.
 */
function markers(municipalities: Municipality[], labels: { code: string }[], path: GeoPath): string {
  const byCode = new Map(municipalities.map((m) => [m.code, m]));
  const placed: [number, number][] = [];
  const out: string[] = [];
  labels.forEach((label, i) => {
    const m = byCode.get(label.code);
    if (!m) return;
    const anchor = anchorOf(m, path);
    const [x, y] = freeSpot(anchor, placed);
    placed.push([x, y]);
    const leader =
      x !== anchor[0] || y !== anchor[1]
        ? `<line x1="${round1(anchor[0])}" y1="${round1(anchor[1])}" x2="${round1(x)}" y2="${round1(y)}" stroke="#1a1a1a" stroke-width="0.8"></line>`
        : '';
    out.push(`${leader}${markerAt(round1(x), round1(y), i + 1)}`);
  });
  return `<g class="markers" font-size="10" font-weight="700" text-anchor="middle">${out.join('')}</g>`;
}

function freeSpot(anchor: [number, number], placed: [number, number][]): [number, number] {
  const free = ([x, y]: [number, number]) =>
    placed.every(([px, py]) => Math.hypot(px - x, py - y) >= 2 * MARKER_RADIUS + 1);
  if (free(anchor)) return anchor;
  for (let ring = 1; ring <= 4; ring++) {
    for (let k = 0; k < 8; k++) {
      const angle = -Math.PI / 2 + (k * Math.PI) / 4;
      const d = ring * (2 * MARKER_RADIUS + 2);
      const spot: [number, number] = [anchor[0] + d * Math.cos(angle), anchor[1] + d * Math.sin(angle)];
      if (free(spot)) return spot;
    }
  }
  return anchor;
}

function markerAt(x: number, y: number, n: number): string {
  return (
    `<g class="marker" transform="translate(${x},${y})">` +
    `<circle r="${MARKER_RADIUS}" fill="#ffffff" stroke="#1a1a1a" stroke-width="1.2"></circle>` +
    `<text y="3.5" fill="#1a1a1a">${n}</text></g>`
  );
}

/**
 * "1 Tijuana" rows in the top right corner: the United States and the Gulf of Mexico on Mexico's map, so
 * nothing is covered. Text width is estimated (no font metrics here) to right-align the block.
 */
function labelList(labels: { text: string }[], width: number): string {
  if (labels.length === 0) return '';
  const longest = Math.max(...labels.map((l) => [...l.text].length));
  const x = Math.max(MARGIN, width - MARGIN - (2 * MARKER_RADIUS + 6 + longest * 6.2));
  const rows = labels.map((l, i) => {
    const y = i * LIST_ROW;
    return (
      `${markerAt(MARKER_RADIUS, y, i + 1)}` +
      `<text x="${2 * MARKER_RADIUS + 6}" y="${y + 4}" font-size="11" font-weight="400" text-anchor="start" fill="#1a1a1a">${escapeHtml(l.text)}</text>`
    );
  });
  return `<g class="label-list" transform="translate(${round1(x)},${HEADER + 12})" font-size="10" font-weight="700" text-anchor="middle">${rows.join('')}</g>`;
}

function noDataKey(label: string, y: number): string {
  return (
    `<g class="no-data" transform="translate(${MARGIN},${round1(y)})" font-size="10">` +
    `<rect width="14" height="10" fill="${NO_DATA_FILL}" stroke="#9a9a9a" stroke-width="0.5"></rect>` +
    `<text x="20" y="9">${escapeHtml(label)}</text></g>`
  );
}

// Legend -------------------------------------------------------------------------------------------------

/**
 * The tile map's ramp legend. It places values linearly or by square root, so a log scale is drawn in its
 * own position space (log10 of the value); quantile classes get swatches of their own.
 */
function legendOf(scale: ColorScale, label: string, format: (v: number) => string): string {
  const [d0, d1] = scale.domain;
  const last = (v: number) => (scale.clippedAbove && v === d1 ? `≥ ${format(v)}` : format(v));
  if (scale.type === 'quantile') return quantileLegend(scale, label, format);
  if (scale.type === 'log') {
    const [u0, u1] = [Math.log10(d0), Math.log10(d1)];
    return colorLegend({
      color: (u) => scale.apply(10 ** u),
      domain: [u0, u1],
      format: (u) => last(u === u1 ? d1 : u === u0 ? d0 : 10 ** u),
      label,
      ticks: evenTicks(u0, u1).map((u, i, all) =>
        i === 0 || i === all.length - 1 ? u : Math.log10(nice(10 ** u)),
      ),
      width: LEGEND_WIDTH,
    });
  }
  const sqrt = scale.type === 'sqrt';
  // Round steps for a linear ramp; for a square-root one, even spacing along the ramp (round steps would
  // crowd at its end) with each tick rounded.
  const ticks = sqrt
    ? evenTicks(Math.sqrt(Math.max(0, d0)), Math.sqrt(d1)).map((u, i, all) =>
        i === 0 ? d0 : i === all.length - 1 ? d1 : nice(u * u),
      )
    : linearTicks(d0, d1);
  return colorLegend({
    color: scale.apply,
    domain: [d0, d1],
    format: last,
    label,
    ticks,
    width: LEGEND_WIDTH,
    sqrt,
  });
}

/**
 * The ends plus multiples of a 1, 2, 2.5 or 5 step (about four intervals) that are not so close to an end
 * that their labels would collide with it.
 */
function linearTicks(d0: number, d1: number): number[] {
  const raw = (d1 - d0) / 4;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * magnitude >= raw) ?? 10) * magnitude;
  const inner: number[] = [];
  for (let k = Math.ceil(d0 / step); k * step < d1; k++) {
    const v = Number((k * step).toPrecision(12));
    if (v - d0 >= 0.12 * (d1 - d0) && d1 - v >= 0.12 * (d1 - d0)) inner.push(v);
  }
  return [d0, ...inner, d1];
}

/** Equal swatches, one per class, with the class edges between them (colorLegend's look, not its ramp). */
function quantileLegend(scale: ColorScale, label: string, format: (v: number) => string): string {
  const range = scale.range ?? [];
  const edges = [scale.domain[0], ...(scale.thresholds ?? []), scale.domain[1]];
  const [x0, span, barY, barH] = [6, LEGEND_WIDTH - 12, 18, 10];
  const x = (i: number) => round1(x0 + (i / range.length) * span);
  const swatches = range.map(
    (c, i) =>
      `<rect x="${x(i)}" y="${barY}" width="${round1(x(i + 1) - x(i))}" height="${barH}" fill="${escapeHtml(c)}"></rect>`,
  );
  const ticks = edges.map(
    (v, i) =>
      `<line x1="${x(i)}" x2="${x(i)}" y1="${barY}" y2="${barY + barH + 3}" stroke="#333"></line>` +
      `<text x="${x(i)}" y="${barY + barH + 14}">${escapeHtml(format(v))}</text>`,
  );
  return (
    `<svg xmlns="${SVG_NS}" class="legend" width="${LEGEND_WIDTH}" height="${LEGEND_HEIGHT}" ` +
    `viewBox="0 0 ${LEGEND_WIDTH} ${LEGEND_HEIGHT}" role="img" aria-label="${escapeHtml(label)}" font-size="10" ` +
    `text-anchor="middle"><text x="6" y="11" text-anchor="start" font-weight="600">${escapeHtml(label)}</text>` +
    `${swatches.join('')}${ticks.join('')}</svg>`
  );
}

/** Five ticks evenly spaced along the ramp (in its position space). */
function evenTicks(u0: number, u1: number): number[] {
  return [0, 1, 2, 3, 4].map((i) => u0 + ((u1 - u0) * i) / 4);
}

/** Round to one significant digit (halves when it is a 1), so inner ticks read 40 or 15 rather than 41.3. */
function nice(v: number): number {
  if (v === 0 || !Number.isFinite(v)) return v;
  const magnitude = 10 ** Math.floor(Math.log10(Math.abs(v)));
  const step = Math.abs(v) < 2 * magnitude ? magnitude / 2 : magnitude;
  // Divide by the inverse step when it is below 1 so that 0.3 comes out as 0.3, not 0.30000000000000004.
  return step >= 1 ? Math.round(v / step) * step : Math.round(v * (1 / step)) / (1 / step);
}
