import { geoConicConformal, geoPath } from 'd3-geo';
import type { AreaFeature } from './geometry.js';

/**
 * An SVG choropleth whose paths are projected once: `recolor` only changes fills, and `focus` only changes
 * the viewBox, so moving the time slider or zooming to a municipality never re-projects ~2,470 shapes.
 * Projection as src/report/choropleth.ts (Lambert conformal conic, parallels 17.5° and 29.5°).
 */
export interface Choropleth {
  svg: SVGSVGElement;
  recolor(fill: (code: string) => string): void;
  /** Zoom to one area (undefined: the whole country) and outline it. */
  focus(code: string | undefined): void;
  /** The area code under a DOM event target, if any. */
  codeAt(target: EventTarget | null): string | undefined;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function createChoropleth(
  areas: AreaFeature[],
  borders: AreaFeature[],
  size = { width: 960, height: 640 },
): Choropleth {
  const collection = { type: 'FeatureCollection' as const, features: areas.map((a) => a.feature) };
  const projection = geoConicConformal()
    .parallels([17.5, 29.5])
    .rotate([102, 0])
    .fitSize([size.width, size.height], collection);
  const path = geoPath(projection);
  const svg = document.createElementNS(SVG_NS, 'svg');
  const full = `0 0 ${size.width} ${size.height}`;
  svg.setAttribute('viewBox', full);
  svg.setAttribute('class', 'choropleth');
  svg.setAttribute('role', 'img');

  const group = document.createElementNS(SVG_NS, 'g');
  group.setAttribute('class', 'areas');
  const byCode = new Map<string, SVGPathElement>();
  for (const a of areas) {
    const d = path(a.feature);
    if (!d) continue;
    const p = document.createElementNS(SVG_NS, 'path');
    p.setAttribute('d', d);
    p.dataset.code = a.code;
    group.append(p);
    byCode.set(a.code, p);
  }
  const stateLines = document.createElementNS(SVG_NS, 'g');
  stateLines.setAttribute('class', 'borders');
  for (const b of borders) {
    const d = path(b.feature);
    if (!d) continue;
    const p = document.createElementNS(SVG_NS, 'path');
    p.setAttribute('d', d);
    stateLines.append(p);
  }
  const outline = document.createElementNS(SVG_NS, 'path');
  outline.setAttribute('class', 'focus-outline');
  svg.append(group, stateLines, outline);

  const featureOf = new Map(areas.map((a) => [a.code, a.feature]));
  return {
    svg,
    recolor(fill) {
      for (const [code, p] of byCode) p.setAttribute('fill', fill(code));
    },
    focus(code) {
      const f = code ? featureOf.get(code) : undefined;
      if (!f) {
        svg.setAttribute('viewBox', full);
        outline.removeAttribute('d');
        return;
      }
      const [[x0, y0], [x1, y1]] = path.bounds(f);
      // Show the municipality with its surroundings: at least a tenth of the country's width.
      const side = Math.max(x1 - x0, y1 - y0, size.width / 10) * 3;
      const cx = (x0 + x1) / 2;
      const cy = (y0 + y1) / 2;
      svg.setAttribute(
        'viewBox',
        `${cx - side / 2} ${cy - (side * size.height) / size.width / 2} ${side} ${(side * size.height) / size.width}`,
      );
      outline.setAttribute('d', path(f) ?? '');
    },
    codeAt(target) {
      return target instanceof SVGPathElement ? target.dataset.code : undefined;
    },
  };
}
