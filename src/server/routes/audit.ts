import { z } from 'zod';
import { buildAudit, DEFAULT_CLAIM } from '../../audit/audit.js';
import { type ClaimInput, checkClaim } from '../../audit/claim.js';
import { auditClaimInput, claimInput } from '../../audit/claim-request.js';
import { resolvePlace } from '../../audit/measure.js';
import { months, parsePeriod } from '../../audit/periods.js';
import { reclassification, reclassificationByState } from '../../audit/reclassification.js';
import { QueryError } from '../../data/errors.js';
import { monthLabel } from '../../data/panel/months.js';
import type { TaskEnv } from '../compute/tasks.js';
import type { ServerContext } from '../context.js';
import { HttpError } from '../errors.js';
import { type Route, route } from '../route.js';

/**
 * Official claims checked against the data: the whole audit (`atalaya audit report --json`), one claim
 * (`atalaya audit claim`) and reclassification (`atalaya audit reclassification`).
 */
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

/**
 * The whole audit's claim: every field optional. Without `to`, the default claim (the government's, Sep
 * 2024 → Jun 2025, −25%) is checked for the series, state and basis given (as `audit report` does).
 */
export const AuditQuery = ClaimQuery.extend({
  series: ClaimQuery.shape.series.default(DEFAULT_CLAIM.series),
  to: period.optional().describe(`Period measured to (default: the government's claim, ${DEFAULT_CLAIM.to})`),
  from: period
    .optional()
    .describe(`Period measured from (default: ${DEFAULT_CLAIM.from} when \`to\` is not given)`),
  change: ClaimQuery.shape.change.describe(
    `The claimed change (default ${DEFAULT_CLAIM.change} when \`to\` is not given)`,
  ),
}).strict();

export const ReclassificationQuery = z
  .object({
    from: period.default(DEFAULT_CLAIM.from!).describe('Period measured from'),
    to: period.default(DEFAULT_CLAIM.to).describe('Period measured to'),
    state: z.string().optional().describe('One state (default: national, then every state ranked)'),
  })
  .strict();

/**
 * A claim's month outside the data's coverage, answered as a 400 at the period that holds it (`to` or
 * `from`), which only the claim can tell. Other errors (an unknown state, release or series) take the
 * usual mapping of errors.ts.
 */
function claimError(err: unknown, claim: ClaimInput): unknown {
  if (!(err instanceof QueryError)) return err;
  const field = coverageField(err.message, claim);
  return field ? new HttpError(400, err.message, { field }) : err;
}

/** "… has no value for Nacional in 2025-09: it covers …": the month is in `to`, else in `from`. */
function coverageField(message: string, claim: ClaimInput): string | undefined {
  const month = /has no value for .* in (\d{4}-\d{2})/.exec(message)?.[1];
  if (!month) return undefined;
  const inTo = months(parsePeriod(claim.to)).map(monthLabel).includes(month);
  return inTo || !claim.from ? 'to' : 'from';
}

/** Run `fn` on the claim, answering a refused claim as a 400 at its field. */
function withClaim<T>(claim: ClaimInput, fn: (claim: ClaimInput) => T): T {
  try {
    return fn(claim);
  } catch (err) {
    throw claimError(err, claim);
  }
}

export function auditRoutes(ctx: ServerContext): Route[] {
  return [
    route({
      method: 'get',
      path: '/api/audit',
      tag: 'audit',
      summary:
        'The whole audit: claim, reclassification, source gap, revisions, breaks (atalaya audit report --json)',
      description:
        "The object the dashboard's Audit page draws, with the monthly series its charts need. Computed on " +
        'the compute worker (a few seconds on the full data) and kept per version of the data.',
      query: AuditQuery,
      responses: {
        200: {
          description:
            '{ claim (with its base-period sensitivity), reclassification, national, yearly, states, sourceGap, revisions, breaks (every break per place), breakPlaces, shareJumps, skipped }',
        },
      },
      handler: ({ query }) => {
        const claim = auditClaimInput({ ...query, tolerance: query.tolerance / 100 });
        // Checked before the (slow) audit so that a refused claim answers at once.
        withClaim(claim, () => resolvePlace(claim.place));
        return ctx.panels.memoAsync(`audit ${JSON.stringify(claim)}`, () => ctx.compute.run('audit', claim));
      },
    }),
    route({
      method: 'get',
      path: '/api/audit/claim',
      tag: 'audit',
      summary: 'Recompute a claimed change and say whether it holds (atalaya audit claim --json)',
      query: ClaimQuery,
      responses: {
        200: {
          description:
            'The claim, the observed change, the verdict, the change against other base periods (sensitivity) and caveats (en, es)',
        },
      },
      handler: ({ query }) =>
        withClaim(claimInput({ ...query, tolerance: query.tolerance / 100 }), (claim) =>
          checkClaim(ctx.panels.get().panel, claim),
        ),
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

/** The whole audit of a claim (on the compute worker); a refused claim is a 400 at its field. */
export function auditTask(env: TaskEnv, claim: ClaimInput) {
  return withClaim(claim, () => buildAudit(env.panels.get().panel, { claim }));
}
