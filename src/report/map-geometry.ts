import {
  type GeoPath,
  type GeoPermissibleObjects,
  type GeoProjection,
  type GeoStream,
  type GeoStreamWrapper,
  geoConicConformal,
  geoPath,
} from 'd3-geo';
import type { Feature, MultiLineString, MultiPolygon, Polygon } from 'geojson';
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, GeometryObject, Topology } from 'topojson-specification';
import type { ProjectedAreas } from './map-geometry-types.js';
import { round1 } from './svg-frame.js';

/**
 * Mexico's boundaries projected to the plane as compact SVG path data: the shared ground of the report's
 * choropleth (choropleth.ts, drawn without a DOM) and of the dashboard's map, which receives the paths ready
 * to draw (`projectAreas`, GET /api/geometry/{level}/paths) so that the browser neither parses TopoJSON nor
 * projects 2,469 shapes (the slowest step of the map page: bench/dashboard-map.ts).
 */

/** Mexico in INEGI's Lambert conformal conic (standard parallels 17.5°N and 29.5°N, central meridian 102°W). */
export function mexicoProjection(): GeoProjection {
  return geoConicConformal().parallels([17.5, 29.5]).rotate([102, 0]);
}

/** The first GeometryCollection of a topology (the municipal file's is "municipios", the state file's "state"). */
export function collectionOf(topology: Topology): GeometryCollection {
  const object = Object.values(topology.objects).find((o) => o.type === 'GeometryCollection');
  if (!object) throw new Error('the topology has no GeometryCollection to draw');
  return object as GeometryCollection;
}

/** CVEGEO of a geometry; numeric ids lost their leading zero somewhere and get it back. */
export function codeOf(g: GeometryObject, digits: number): string | undefined {
  const raw = (g.properties as { id?: unknown } | undefined)?.id ?? g.id;
  if (typeof raw === 'number') return String(raw).padStart(digits, '0');
  return typeof raw === 'string' ? raw : undefined;
}

/**
 * Project each vertex and join them with straight lines in the plane: no spherical clipping or resampling,
 * so rings draw the same whatever their winding order (files rewound to RFC 7946 would otherwise fill the
 * globe), and vertices that round to the same 0.1 px as the previous one are dropped to keep the SVG small.
 */
export function planar(projection: GeoProjection): GeoStreamWrapper {
  return {
    stream(out: GeoStream): GeoStream {
      let last = '';
      return {
        point(x, y) {
          const p = projection([x, y]);
          if (!p) return;
          const [px, py] = [round1(p[0]), round1(p[1])];
          const key = `${px},${py}`;
          if (key === last) return;
          last = key;
          out.point(px, py);
        },
        lineStart() {
          last = '';
          out.lineStart();
        },
        lineEnd: () => out.lineEnd(),
        polygonStart: () => out.polygonStart(),
        polygonEnd: () => out.polygonEnd(),
        sphere: () => out.sphere?.(),
      };
    },
  };
}

/** Scale and translate the projection so that `object` spans `width` px from `origin`; returns its height. */
export function fitWidth(
  projection: GeoProjection,
  object: MultiLineString,
  origin: [number, number],
  width: number,
): number {
  projection.scale(1).translate([0, 0]);
  // Bounds in the plane at scale 1 (the planar stream rounds, so measure with the raw projection).
  const [[x0, y0], [x1, y1]] = geoPath({ stream: (s) => rawPlanar(projection, s) }).bounds(object);
  const k = width / (x1 - x0);
  projection.scale(k).translate([origin[0] - k * x0, origin[1] - k * y0]);
  return k * (y1 - y0);
}

function rawPlanar(projection: GeoProjection, out: GeoStream): GeoStream {
  return {
    point(x, y) {
      const p = projection([x, y]);
      if (p) out.point(p[0], p[1]);
    },
    lineStart: () => out.lineStart(),
    lineEnd: () => out.lineEnd(),
    polygonStart: () => out.polygonStart(),
    polygonEnd: () => out.polygonEnd(),
  };
}

/**
 * SVG path data with relative line-tos in tenths of a px ("M512.3,80.1l1.2-.5,.3,.4z"): about 40% shorter
 * than d3's absolute coordinates, and exact, since the vertices were already rounded to tenths.
 */
export function relativePathData(path: GeoPath, object: GeoPermissibleObjects): string {
  const parts: string[] = [];
  let [x, y] = [0, 0];
  let inLine = false;
  path.context({
    moveTo(px, py) {
      [x, y] = [Math.round(px * 10), Math.round(py * 10)];
      parts.push(`M${tenths(x)}${pair(tenths(y))}`);
      inLine = false;
    },
    lineTo(px, py) {
      const [nx, ny] = [Math.round(px * 10), Math.round(py * 10)];
      const dx = tenths(nx - x);
      parts.push(`${inLine ? pair(dx) : `l${dx}`}${pair(tenths(ny - y))}`);
      [x, y, inLine] = [nx, ny, true];
    },
    closePath() {
      parts.push('z');
      inLine = false;
    },
    // Point geometries are not drawn on this map.
    arc() {},
    beginPath() {},
  });
  path(object);
  path.context(null);
  return parts.join('');
}

/** An integer number of tenths as the shortest decimal: 12 → "1.2", -5 → "-.5", 30 → "3". */
function tenths(n: number): string {
  const sign = n < 0 ? '-' : '';
  const a = Math.abs(n);
  const [whole, frac] = [Math.floor(a / 10), a % 10];
  if (frac === 0) return `${sign}${whole}`;
  return `${sign}${whole === 0 ? '' : whole}.${frac}`;
}

/** A number after another: a minus sign separates by itself, anything else needs a comma. */
function pair(s: string): string {
  return s.startsWith('-') ? s : `,${s}`;
}

/** An area as a polygon feature, keyed by its INEGI code. */
export interface AreaShape {
  code: string;
  feature: Feature<Polygon | MultiPolygon>;
}

/** The polygon features of a topology's first GeometryCollection with their `digits`-long codes. */
export function areaFeatures(topology: Topology, digits: number): AreaShape[] {
  const out: AreaShape[] = [];
  for (const g of collectionOf(topology).geometries) {
    const code = codeOf(g, digits);
    if (code === undefined || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) continue;
    out.push({ code, feature: feature(topology, g) as Feature<Polygon | MultiPolygon> });
  }
  return out;
}

/**
 * The lines between states: the state file's own borders when given, else the municipal borders where the
 * state prefix changes (plus the outline).
 */
export function stateBorderLines(topology: Topology, states?: Topology): MultiLineString {
  const collection = collectionOf(topology);
  return states
    ? mesh(states, collectionOf(states))
    : mesh(topology, collection, (a, b) => a === b || stateOf(a) !== stateOf(b));
}

function stateOf(g: GeometryObject): string | undefined {
  return codeOf(g, 5)?.slice(0, 2);
}

export interface ProjectOptions {
  /** Map width in px (default 960). */
  width?: number;
  /** INEGI code length of the areas: 5 (municipalities, default) or 2 (states). */
  digits?: number;
  /** State boundaries for the borders of a municipal map (default: merged from the municipal codes). */
  states?: Topology;
}

/** Areas projected for a map `width` px wide (height from Mexico's shape), ready for an SVG. */
export function projectAreas(topology: Topology, options: ProjectOptions = {}): ProjectedAreas {
  const width = options.width ?? 960;
  const digits = options.digits ?? 5;
  const projection = mexicoProjection();
  const outline = mesh(topology, collectionOf(topology), (a, b) => a === b);
  const height = Math.ceil(fitWidth(projection, outline, [0, 0], width));
  const path = geoPath(planar(projection));
  const areas = areaFeatures(topology, digits).map((a) => {
    const [[x0, y0], [x1, y1]] = path.bounds(a.feature);
    return {
      code: a.code,
      d: relativePathData(path, a.feature),
      bounds: [x0, y0, x1, y1].map(round1) as [number, number, number, number],
    };
  });
  const borders =
    digits === 5 ? relativePathData(path, stateBorderLines(topology, options.states)) : undefined;
  return { width, height, areas, borders };
}
