import { z } from 'zod';
import { readTopology } from '../../data/panel/cache.js';
import type { ServerContext } from '../context.js';
import { HttpError } from '../errors.js';
import { type Route, route } from '../route.js';

/**
 * The imported boundaries as TopoJSON, for the dashboard's maps (the browser projects them). Read from the
 * cache once per data version and kept (about 1 MB for the municipalities).
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
      handler: ({ params }) => {
        const topology = ctx.panels.memo(`geometry ${params.level}`, (loaded) =>
          readTopology(loaded, params.level),
        );
        if (!topology) {
          throw new HttpError(
            404,
            `no ${params.level} geometry in the data cache ${ctx.home}: import a TopoJSON of Mexico's ${
              params.level === 'state' ? 'states' : 'municipalities'
            } (e.g. geo_mxmaps/mxmunicipio.topojson) with \`atalaya data import\``,
            { field: 'level' },
          );
        }
        return topology;
      },
    }),
  ];
}
