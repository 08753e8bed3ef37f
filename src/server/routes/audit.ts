import { z } from 'zod';
import { DEFAULT_CLAIM } from '../../audit/audit.js';
import { checkClaim } from '../../audit/claim.js';
import { resolvePlace } from '../../audit/measure.js';
import { parsePeriod } from '../../audit/periods.js';
import { reclassification, reclassificationByState } from '../../audit/reclassification.js';
import type { ServerContext } from '../context.js';
import { type Route, route } from '../route.js';

/** Official claims checked against the data (`atalaya audit claim`, `atalaya audit reclassification`). */
const period = z
  .string()
  .regex(/^\d{4}(-\d{2})?(\.\.\d{4}(-\d{2})?)?$/, 'expected YYYY-MM, YYYY or YYYY-MM..YYYY-MM');

export const ClaimQuery = z
  .object({
    series: z.string().min(1).describe('homicidio-doloso, feminicidio, … or a full series id'),
    from: period.optional().describe('Period measured from (required unless basis=year-on-year)'),
    to: period.describe('Period measured to'),
    change: z
      .string()
      .regex(/^[+-]?\d+(\.\d+)?%?$/, 'expected a change such as -25% or -0.25')
      .optional()
      .describe('The claimed change'),
    basis: z.enum(['daily-average', 'monthly-total', 'year-on-year']).default('daily-average'),
    state: z.string().optional().describe('A state by code or name (default: national)'),
    vintage: z.string().optional().describe('SESNSP release (default: the newest imported)'),
    tolerance: z.coerce
      .number()
      .min(0)
      .max(100)
      .default(2)
      .describe('Percentage points a claim may exceed the observed change by'),
  })
  .strict();

export const ReclassificationQuery = z
  .object({
    from: period.default(DEFAULT_CLAIM.from!).describe('Period measured from'),
    to: period.default(DEFAULT_CLAIM.to).describe('Period measured to'),
    state: z.string().optional().describe('One state (default: national, then every state ranked)'),
  })
  .strict();

export function auditRoutes(ctx: ServerContext): Route[] {
  return [
    route({
      method: 'get',
      path: '/api/audit/claim',
      tag: 'audit',
      summary: 'Recompute a claimed change and say whether it holds (atalaya audit claim --json)',
      query: ClaimQuery,
      responses: { 200: { description: 'The claim, the observed change, the verdict and caveats (en, es)' } },
      handler: ({ query }) =>
        checkClaim(ctx.panels.get().panel, {
          series: query.series,
          from: query.from,
          to: query.to,
          change: query.change,
          basis: query.basis,
          place: query.state,
          vintage: query.vintage,
          tolerance: query.tolerance / 100,
        }),
    }),
    route({
      method: 'get',
      path: '/api/audit/reclassification',
      tag: 'audit',
      summary: 'Did deaths move into other categories? (atalaya audit reclassification --json)',
      query: ReclassificationQuery,
      responses: { 200: { description: '{ from, to, homicide, others, …, states: [...] }' } },
      handler: ({ query }) => {
        const { panel } = ctx.panels.get();
        const from = parsePeriod(query.from, '--from');
        const to = parsePeriod(query.to, '--to');
        const main = reclassification(panel, resolvePlace(query.state), from, to);
        const states = query.state ? [] : reclassificationByState(panel, from, to);
        return { from: from.label, to: to.label, ...main, states };
      },
    }),
  ];
}
