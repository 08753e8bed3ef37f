import { STATES } from '../data/states.js';
import { escapeHtml, SVG_NS } from './charts.js';

/**
 * A tile-grid cartogram of Mexico's 32 states: one equal square per state, placed to keep the
 * country's shape recognisable (north-west peninsula to south-east peninsula). Positions are a layout
 * choice, not data: [column, row] by INEGI state code.
 */
export const TILE_GRID: Readonly<Record<string, readonly [number, number]>> = {
  '02': [0, 0], // Baja California
  '26': [1, 0], // Sonora
  '08': [2, 0], // Chihuahua
  '05': [3, 0], // Coahuila
  '19': [4, 0], // Nuevo León
  '03': [0, 1], // Baja California Sur
  '25': [1, 1], // Sinaloa
  '10': [2, 1], // Durango
  '32': [3, 1], // Zacatecas
  '24': [4, 1], // San Luis Potosí
  '28': [5, 1], // Tamaulipas
  '18': [1, 2], // Nayarit
  '01': [2, 2], // Aguascalientes
  '11': [3, 2], // Guanajuato
  '22': [4, 2], // Querétaro
  '13': [5, 2], // Hidalgo
  '30': [6, 2], // Veracruz
  '31': [8, 2], // Yucatán
  '14': [1, 3], // Jalisco
  '16': [2, 3], // Michoacán
  '15': [3, 3], // México
  '09': [4, 3], // Ciudad de México
  '29': [5, 3], // Tlaxcala
  '21': [6, 3], // Puebla
  '27': [7, 3], // Tabasco
  '04': [8, 3], // Campeche
  '23': [9, 3], // Quintana Roo
  '06': [1, 4], // Colima
  '12': [3, 4], // Guerrero
  '17': [4, 4], // Morelos
  '20': [5, 4], // Oaxaca
  '07': [6, 4], // Chiapas
};

export interface TileValue {
  /** INEGI state code. */
  code: string;
  value: number;
  /** Text under the abbreviation (e.g. the formatted value). */
  label: string;
  /** Tooltip (SVG <title>). */
  title: string;
}

export interface TileMapOptions {
  values: TileValue[];
  color: (v: number) => string;
  ariaLabel: string;
  /** Tile size in px. */
  size?: number;
}

/** Perceived lightness of an "rgb(r, g, b)" or "#rrggbb" colour, 0–1, to pick the text colour. */
function luminance(color: string): number {
  let rgb: number[] | undefined;
  const m = /rgb\((\d+),\s*(\d+),\s*(\d+)\)/.exec(color);
  if (m) rgb = [Number(m[1]), Number(m[2]), Number(m[3])];
  else if (/^#[0-9a-f]{6}$/i.test(color))
    rgb = [1, 3, 5].map((i) => Number.parseInt(color.slice(i, i + 2), 16));
  if (!rgb) return 1;
  const [r, g, b] = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The tile map as inline SVG. States without a value are drawn grey. */
export function tileMap(options: TileMapOptions): string {
  const size = options.size ?? 54;
  const gap = 3;
  const cols = Math.max(...Object.values(TILE_GRID).map(([c]) => c)) + 1;
  const rows = Math.max(...Object.values(TILE_GRID).map(([, r]) => r)) + 1;
  const width = cols * (size + gap);
  const height = rows * (size + gap);
  const byCode = new Map(options.values.map((v) => [v.code, v]));
  const tiles = STATES.map((s) => {
    const pos = TILE_GRID[s.code];
    if (!pos) return '';
    const x = pos[0] * (size + gap);
    const y = pos[1] * (size + gap);
    const v = byCode.get(s.code);
    const fill = v && Number.isFinite(v.value) ? options.color(v.value) : '#e0e0e0';
    const ink = luminance(fill) < 0.179 ? '#ffffff' : '#1a1a1a';
    const title = v ? v.title : s.name;
    return (
      `<g transform="translate(${x},${y})"><title>${escapeHtml(title)}</title>` +
      `<rect width="${size}" height="${size}" rx="4" fill="${escapeHtml(fill)}"></rect>` +
      `<text x="${size / 2}" y="${size * 0.42}" fill="${ink}" font-weight="600" font-size="12">${escapeHtml(s.abbr)}</text>` +
      (v
        ? `<text x="${size / 2}" y="${size * 0.75}" fill="${ink}" font-size="10">${escapeHtml(v.label)}</text>`
        : '') +
      '</g>'
    );
  }).join('');
  return (
    `<svg xmlns="${SVG_NS}" class="tile-map" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
    `role="img" aria-label="${escapeHtml(options.ariaLabel)}" font-family="system-ui, sans-serif" text-anchor="middle">` +
    `${tiles}</svg>`
  );
}

/** A horizontal colour legend as inline SVG: a stepped ramp with tick labels. */
export function colorLegend(options: {
  color: (v: number) => string;
  domain: [number, number];
  format: (v: number) => string;
  label: string;
  ticks?: number[];
  width?: number;
  /** Position along the ramp: linear in the value (default) or in its square root (for sqrt scales). */
  sqrt?: boolean;
}): string {
  const width = options.width ?? 260;
  const [d0, d1] = options.domain;
  const steps = 48;
  const barY = 18;
  const barH = 10;
  const f = options.sqrt ? (v: number) => Math.sqrt(Math.max(0, v)) : (v: number) => v;
  const fInv = options.sqrt ? (u: number) => u * u : (u: number) => u;
  const [u0, u1] = [f(d0), f(d1)];
  const x = (v: number) => 6 + ((f(v) - u0) / (u1 - u0 || 1)) * (width - 12);
  const rects: string[] = [];
  for (let i = 0; i < steps; i++) {
    const v = fInv(u0 + ((i + 0.5) / steps) * (u1 - u0));
    const x0 = 6 + (i / steps) * (width - 12);
    rects.push(
      `<rect x="${x0.toFixed(2)}" y="${barY}" width="${((width - 12) / steps + 0.5).toFixed(2)}" height="${barH}" fill="${escapeHtml(options.color(v))}"></rect>`,
    );
  }
  const ticks = (options.ticks ?? [d0, (d0 + d1) / 2, d1])
    .map((t) => {
      const tx = x(t).toFixed(1);
      return (
        `<line x1="${tx}" x2="${tx}" y1="${barY}" y2="${barY + barH + 3}" stroke="#333"></line>` +
        `<text x="${tx}" y="${barY + barH + 14}">${escapeHtml(options.format(t))}</text>`
      );
    })
    .join('');
  return (
    `<svg xmlns="${SVG_NS}" class="legend" width="${width}" height="46" viewBox="0 0 ${width} 46" role="img" ` +
    `aria-label="${escapeHtml(options.label)}" font-family="system-ui, sans-serif" font-size="10" text-anchor="middle">` +
    `<text x="6" y="11" text-anchor="start" font-weight="600">${escapeHtml(options.label)}</text>${rects.join('')}${ticks}</svg>`
  );
}
