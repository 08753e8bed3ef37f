import { z } from 'zod';
import type { ServerContext } from '../context.js';
import { type Route, route } from '../route.js';

/** Liveness and load: cheap enough to poll. */
export function healthRoutes(ctx: ServerContext, version: string): Route[] {
  return [
    route({
      method: 'get',
      path: '/api/health',
      tag: 'server',
      summary: 'Liveness, version and current load',
      responses: {
        200: {
          description: 'The server answers',
          schema: z.object({
            ok: z.literal(true),
            version: z.string(),
            runs: z.object({ running: z.number(), queued: z.number(), kept: z.number() }),
          }),
        },
      },
      handler: () => ({ ok: true as const, version, runs: ctx.runs.stats() }),
    }),
  ];
}
