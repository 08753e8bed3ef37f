import { z } from 'zod';
import type { Scenario } from '../../sim/scenario/schema.js';
import type { ServerContext } from '../context.js';
import { HttpError } from '../errors.js';
import { type Route, route } from '../route.js';
import { streamRunEvents } from '../run-events.js';
import type { RunJob } from '../run-job.js';
import { resolveScenarioRef, ScenarioRefInput } from '../scenario-input.js';

/**
 * Monte Carlo runs on the server: POST starts one (202 + id), GET reads its state, GET …/events follows it
 * live (server-sent events), DELETE cancels it. See docs/SERVER.md for the event format and the rules.
 */
const yearMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month as YYYY-MM, e.g. 2026-01');

export function runRequestSchema(limits: ServerContext['limits']) {
  return z
    .object({
      scenarios: z
        .array(ScenarioRefInput)
        .min(1)
        .max(limits.maxScenarios)
        .describe(
          'Preset ids or scenario objects (the first is the baseline unless status-quo is among them)',
        ),
      runs: z
        .number()
        .int()
        .min(1)
        .max(limits.maxRunsPerRequest)
        .default(200)
        .describe('Monte Carlo runs per scenario'),
      seed: z.number().int().min(0).max(4294967295).default(1).describe('Same seed, same numbers'),
      years: z.number().int().min(1).max(30).optional().describe('Years simulated (overrides the scenarios)'),
      start: yearMonth.optional().describe('When policies start (overrides the scenarios)'),
      set: z
        .array(z.string())
        .max(50)
        .default([])
        .describe('Overrides as path=value, e.g. parameters.rho=0.002 (as --set)'),
      resolution: z.enum(['year', 'month', 'week']).default('year'),
      network: z
        .enum(['auto', 'files', 'builtin'])
        .default('auto')
        .describe(
          'Groups simulated: the 150-group files when found (auto, files) or the built-in description',
        ),
      baseline: z.string().optional().describe('Scenario the others are compared with (default: status-quo)'),
      byArea: z.boolean().default(false).describe('Per-state homicides (yearly resolution only)'),
    })
    .strict()
    .transform((body, ctx): RunJob => {
      const set = [...body.set];
      if (body.years) set.push(`years=${body.years}`);
      if (body.start) set.push(`start=${body.start}`);
      const scenarios = body.scenarios.map((ref, i) => resolveScenarioRef(ref, set, ctx, ['scenarios', i]));
      const ids = scenarios.filter((s): s is Scenario => !!s).map((s) => s.id);
      const twice = ids.find((id, k) => ids.indexOf(id) !== k);
      if (twice)
        ctx.addIssue({ code: 'custom', path: ['scenarios'], message: `scenario "${twice}" is listed twice` });
      if (body.baseline && scenarios.every(Boolean) && !ids.includes(body.baseline)) {
        ctx.addIssue({
          code: 'custom',
          path: ['baseline'],
          message: `not among the scenarios (${ids.join(', ')})`,
        });
      }
      return {
        scenarios: scenarios as Scenario[],
        runs: body.runs,
        seed: body.seed,
        resolution: body.resolution,
        network: body.network,
        baseline: body.baseline,
        byArea: body.byArea,
      };
    });
}

const RunInfoSchema = z.object({
  id: z.string(),
  status: z.enum(['queued', 'running', 'done', 'error', 'cancelled', 'timeout']),
  created: z.string(),
  started: z.string().optional(),
  finished: z.string().optional(),
  progress: z
    .object({ done: z.number(), total: z.number() })
    .describe(
      'Work done, of total: the months filtered (islands × months, when the runs start from the present), then runs × scenarios',
    ),
  request: z.object({
    scenarios: z.array(z.string()),
    runs: z.number(),
    seed: z.number(),
    resolution: z.string(),
    network: z.string(),
    baseline: z.string().optional(),
  }),
  queuePosition: z.number().optional(),
  error: z.string().optional(),
});

const IdParams = z.object({ id: z.string().regex(/^[0-9a-f]{16}$/, 'expected a run id (16 hex digits)') });

export function runRoutes(ctx: ServerContext): Route[] {
  const { runs } = ctx;
  const known = (id: string) => {
    const info = runs.info(id);
    if (!info)
      throw new HttpError(404, `unknown run "${id}" (finished runs are kept for a while only)`, {
        field: 'id',
      });
    return info;
  };
  return [
    route({
      method: 'post',
      path: '/api/runs',
      tag: 'runs',
      summary: 'Start a Monte Carlo run (atalaya compare / simulate)',
      description:
        `At most ${ctx.limits.maxConcurrentRuns} runs execute at once and ${ctx.limits.maxQueuedRuns} wait; beyond, 429. ` +
        `Each run has a time budget of ${ctx.limits.runTimeoutMs} ms.`,
      body: runRequestSchema(ctx.limits),
      responses: {
        202: { description: 'Accepted: follow it at /api/runs/{id}/events', schema: RunInfoSchema },
        429: { description: 'Too many runs (Retry-After)' },
      },
      handler: ({ body }, c) => c.json(runs.submit(body), 202),
    }),
    route({
      method: 'get',
      path: '/api/runs/{id}',
      tag: 'runs',
      summary: 'State of a run, with the summary when done',
      params: IdParams,
      responses: {
        200: {
          description: 'The run; `summary` (as `atalaya compare --json`) once done',
          schema: RunInfoSchema.extend({ summary: z.unknown().optional() }),
        },
      },
      handler: ({ params }) => {
        const info = known(params.id);
        const summary = runs.result(params.id);
        return summary ? { ...info, summary } : info;
      },
    }),
    route({
      method: 'delete',
      path: '/api/runs/{id}',
      tag: 'runs',
      summary: 'Cancel a run (queued or running); a finished run is left as it is',
      params: IdParams,
      responses: { 200: { description: 'The run after the request', schema: RunInfoSchema } },
      handler: ({ params }) => {
        known(params.id);
        runs.cancel(params.id);
        return known(params.id);
      },
    }),
    route({
      method: 'get',
      path: '/api/runs/{id}/events',
      tag: 'runs',
      summary: 'Follow a run live (server-sent events)',
      description:
        'Events: `status` (the run as GET returns it), `progress` ({ done, total }), then exactly one of `done` ' +
        '(the run with its summary), `error`, `cancelled` or `timeout`; then the stream ends. When the last ' +
        'listener of an unfinished run disconnects and nobody listens again within the grace period, the run is cancelled.',
      params: IdParams,
      responses: { 200: { description: 'An event stream', contentType: 'text/event-stream' } },
      handler: ({ params }, c) => {
        known(params.id);
        return streamRunEvents(c, ctx.runs, params.id);
      },
    }),
  ];
}
