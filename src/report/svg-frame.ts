import { escapeHtml, SVG_NS } from './charts.js';

/**
 * What every standalone picture (choropleth, network map, disruption chart) shares: the font stack, the
 * page margin and title band, the opening of the document, and legends laid out in rows.
 */

/** Browsers take the first family they have; resvg skips the ones it does not know (system-ui and the
 * platform names) and lands on Liberation Sans or DejaVu Sans, the usual fonts of a Linux server. */
export const FONT_FAMILY =
  "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif";
export const MARGIN = 16;
/** Height of the title band. */
export const HEADER = 40;

/** The opening of a standalone SVG: size, accessible title, white background, the title text. */
export function svgOpen(width: number, height: number, title: string): string {
  return (
    `<svg xmlns="${SVG_NS}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" ` +
    `aria-label="${escapeHtml(title)}" font-family="${escapeHtml(FONT_FAMILY)}">` +
    `<title>${escapeHtml(title)}</title>` +
    `<rect width="${width}" height="${height}" fill="#ffffff"></rect>` +
    `<text class="title" x="${MARGIN}" y="26" font-size="17" font-weight="700" fill="#1a1a1a">${escapeHtml(title)}</text>`
  );
}

export function round1(v: number): number {
  return Math.round(v * 10) / 10;
}

/**
 * Legend entries (a swatch drawn in a `swatchWidth`-wide box, then the text) wrapped into rows of `width`
 * px. Text widths are estimated (no font metrics without a browser).
 */
export function legendRows(
  items: { text: string; swatch: string }[],
  width: number,
  options: { swatchWidth: number; rowHeight: number },
): { markup: string; height: number } {
  const parts: string[] = [];
  let [x, row] = [0, 0];
  for (const item of items) {
    const w = options.swatchWidth + 6 + [...item.text].length * 6.2 + 16;
    if (x > 0 && x + w > width) [x, row] = [0, row + 1];
    parts.push(
      `<g class="legend-item" transform="translate(${round1(x)},${row * options.rowHeight})">${item.swatch}` +
        `<text x="${options.swatchWidth + 6}" y="10">${escapeHtml(item.text)}</text></g>`,
    );
    x += w;
  }
  return { markup: parts.join(''), height: items.length > 0 ? (row + 1) * options.rowHeight : 0 };
}
