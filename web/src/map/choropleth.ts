import type { ProjectedAreas } from './geometry.js';

/**
 * An SVG choropleth from areas projected on the server: `recolor` only changes fills, and `focus` only
 * changes the viewBox, so moving the time slider or zooming to a municipality never rebuilds ~2,470 shapes.
 */
export interface Choropleth {
  svg: SVGSVGElement;
  recolor(fill: (code: string) => string): void;
  /** Zoom to one area (undefined: the whole country) and outline it. */
  focus(code: string | undefined): void;
  /** Outline one area without zooming (undefined: none), e.g. the row a table's pointer is on. */
  highlight(code: string | undefined): void;
  /** Does the map have this area? */
  has(code: string): boolean;
  /** The area code under a DOM event target, if any. */
  codeAt(target: EventTarget | null): string | undefined;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

function pathOf(d: string, attrs: Record<string, string> = {}): SVGPathElement {
  const p = document.createElementNS(SVG_NS, 'path');
  p.setAttribute('d', d);
  for (const [k, v] of Object.entries(attrs)) p.setAttribute(k, v);
  return p;
}

export function createChoropleth(map: ProjectedAreas): Choropleth {
  const { width, height } = map;
  const svg = document.createElementNS(SVG_NS, 'svg');
  const full = `0 0 ${width} ${height}`;
  svg.setAttribute('viewBox', full);
  svg.setAttribute('class', 'choropleth');
  svg.setAttribute('role', 'img');

  const group = document.createElementNS(SVG_NS, 'g');
  group.setAttribute('class', 'areas');
  const byCode = new Map<string, SVGPathElement>();
  const areaOf = new Map(map.areas.map((a) => [a.code, a]));
  for (const a of map.areas) {
    const p = pathOf(a.d, { 'data-code': a.code });
    group.append(p);
    byCode.set(a.code, p);
  }
  const stateLines = document.createElementNS(SVG_NS, 'g');
  stateLines.setAttribute('class', 'borders');
  if (map.borders) stateLines.append(pathOf(map.borders));
  const outline = pathOf('', { class: 'focus-outline' });
  const marked = pathOf('', { class: 'highlight-outline' });
  svg.append(group, stateLines, outline, marked);

  return {
    svg,
    recolor(fill) {
      for (const [code, p] of byCode) p.setAttribute('fill', fill(code));
    },
    focus(code) {
      const a = code ? areaOf.get(code) : undefined;
      if (!a) {
        svg.setAttribute('viewBox', full);
        outline.removeAttribute('d');
        return;
      }
      const [x0, y0, x1, y1] = a.bounds;
      // Show the area with its surroundings: at least a tenth of the country's width.
      const side = Math.max(x1 - x0, y1 - y0, width / 10) * 3;
      const cx = (x0 + x1) / 2;
      const cy = (y0 + y1) / 2;
      const tall = (side * height) / width;
      svg.setAttribute('viewBox', `${cx - side / 2} ${cy - tall / 2} ${side} ${tall}`);
      outline.setAttribute('d', a.d);
    },
    highlight(code) {
      const a = code ? areaOf.get(code) : undefined;
      if (!a) {
        marked.removeAttribute('d');
        delete marked.dataset.area;
        return;
      }
      marked.setAttribute('d', a.d);
      marked.dataset.area = a.code;
    },
    has(code) {
      return areaOf.has(code);
    },
    codeAt(target) {
      return target instanceof SVGPathElement ? target.dataset.code : undefined;
    },
  };
}
