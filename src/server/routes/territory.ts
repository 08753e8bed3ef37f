import { z } from 'zod';
import type { NetworkChoice } from '../../data/group-source.js';
import { areaEvents } from '../../territory/events.js';
import { resolveLayer } from '../../territory/load.js';
import type { ServerContext } from '../context.js';
import { type Route, route } from '../route.js';

/** Territory: the dated events that concern the groups present in an area (the dashboard's area panel). */
const yearMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month as YYYY-MM, e.g. 2016-01');

export const EventsQuery = z
  .object({
    area: z
      .string()
      .regex(/^\d{2}(\d{3})?$/, 'expected an INEGI code: 2 digits (state) or 5 (municipality), e.g. 08037')
      .describe('The area'),
    from: yearMonth.optional().describe('First month kept'),
    to: yearMonth.optional().describe('Last month kept'),
    layer: z
      .enum(['network', 'historical', 'both'])
      .default('both')
      .describe(
        'Whose events: the group network’s layer (2013–2024 events), the built-in 2006–2011 layer, or both',
      ),
    onlyHere: z.stringbool().default(false).describe('Only events concerning a group in the area'),
    network: z.enum(['auto', 'files', 'builtin']).default('auto').describe('Groups behind the network layer'),
  })
  .strict();

export function territoryRoutes(ctx: ServerContext): Route[] {
  return [
    route({
      method: 'get',
      path: '/api/territory/events',
      tag: 'territory',
      summary: 'Dated events (leader removals, splits, rivalry onsets) concerning the groups in an area',
      query: EventsQuery,
      responses: {
        200: {
          description:
            '{ area, layers, events: [{ date, group, other, kind, strength, what, source, groups, layer }] }',
        },
      },
      handler: ({ query }) => {
        const which = query.layer === 'both' ? (['historical', 'network'] as const) : [query.layer];
        const layers = which.map((kind) =>
          resolveLayer({
            historical: kind === 'historical',
            builtinShocks: true,
            network: () => ctx.groups(query.network as NetworkChoice),
          }),
        );
        const options = { from: query.from, to: query.to, onlyHere: query.onlyHere };
        return {
          area: query.area,
          layers: layers.map((l) => ({ name: l.layer.name, source: l.layer.source })),
          events: layers
            .flatMap((l) => areaEvents(l, query.area, options).map((e) => ({ ...e, layer: l.layer.name })))
            .sort((a, b) => a.date.localeCompare(b.date)),
        };
      },
    }),
  ];
}
