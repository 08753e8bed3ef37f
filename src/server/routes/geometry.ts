import type { Topology } from 'topojson-specification';
import { z } from 'zod';
import { readTopology } from '../../data/panel/cache.js';
import { projectAreas } from '../../report/map-geometry.js';
import type { TaskEnv } from '../compute/tasks.js';
import type { ServerContext } from '../context.js';
import { HttpError } from '../errors.js';
import { type Route, route } from '../route.js';

/**
 * The imported boundaries as TopoJSON, and projected as SVG paths for the dashboard's map (projecting 2,469
 * shapes is the slowest step of drawing it in a browser: bench/dashboard-map.ts). Both are computed once
 * per data version and kept.
 */
export function geometryRoutes(ctx: ServerContext): Route[] {
  return [
    route({
      method: 'get',
      path: '/api/geometry/{level}',
      tag: 'data',
      summary: 'The imported municipal or state boundaries as TopoJSON (from atalaya data import)',
      params: z.object({
        level: z.enum(['municipality', 'state']).describe('Which boundaries'),
      }),
      responses: {
        200: { description: 'A TopoJSON Topology; objects are keyed by INEGI code (CVEGEO)' },
        404: { description: 'No geometry of that level was imported' },
      },
      handler: ({ params }) => topologyOf(ctx, params.level),
    }),
    route({
      method: 'get',
      path: '/api/geometry/{level}/paths',
      tag: 'data',
      summary:
        'The same boundaries projected for a map: SVG path data and bounds per area (the dashboard’s map)',
      description:
        'Lambert conformal conic (parallels 17.5° and 29.5°, central meridian 102°W), fitted to `width` px; ' +
        'path data in tenths of a px. A municipal map also gets the state borders (`borders`).',
      params: z.object({ level: z.enum(['municipality', 'state']).describe('Which boundaries') }),
      query: z
        .object({
          width: z.coerce.number().int().min(200).max(4000).default(960).describe('Map width in px'),
        })
        .strict(),
      responses: {
        200: { description: '{ width, height, areas: [{ code, d, bounds: [x0, y0, x1, y1] }], borders? }' },
        404: { description: 'No geometry of that level was imported' },
      },
      handler: ({ params, query }) => {
        const args = { level: params.level, width: query.width };
        return ctx.panels.memoAsync(`geometry paths ${args.level} ${args.width}`, () =>
          ctx.compute.run('geometryPaths', args),
        );
      },
    }),
  ];
}

/** The imported topology of a level, read once per data version; 404 naming what to import when absent. */
function topologyOf(ctx: ServerContext, level: 'municipality' | 'state'): Topology {
  const topology = ctx.panels.memo(`geometry ${level}`, (loaded) => readTopology(loaded, level));
  if (!topology) throw missingGeometry(ctx.home, level);
  return topology;
}

/** 404 naming the level and what to import. */
function missingGeometry(home: string, level: 'municipality' | 'state'): HttpError {
  return new HttpError(
    404,
    `no ${level} geometry in the data cache ${home}: import a TopoJSON of Mexico's ${
      level === 'state' ? 'states' : 'municipalities'
    } (e.g. geo_mxmaps/mxmunicipio.topojson) with \`atalaya data import\``,
    { field: 'level' },
  );
}

/**
 * Project a level's boundaries (on the compute worker: about a second for the municipalities). The worker
 * reads the topology itself, so the server's thread never parses it for the map.
 */
export function geometryPathsTask(env: TaskEnv, args: { level: 'municipality' | 'state'; width: number }) {
  const loaded = env.panels.get();
  const topology = readTopology(loaded, args.level);
  if (!topology) throw missingGeometry(env.panels.home, args.level);
  return projectAreas(topology, {
    width: args.width,
    digits: args.level === 'municipality' ? 5 : 2,
    states: args.level === 'municipality' ? readTopology(loaded, 'state') : undefined,
  });
}
