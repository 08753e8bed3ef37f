import { z } from 'zod';
import { type PlannedExplore, planExplore, runPlannedExplore } from '../../explore/explore.js';
import { type ExploreRequest, ExploreRequestError, exploreRequestSchema } from '../../explore/request.js';
import type { ExploreSummary } from '../../explore/types.js';
import type { AnchorSpec } from '../../sim/assimilate/anchor.js';
import { listPresets } from '../../sim/scenario/load.js';
import type { ServerContext } from '../context.js';
import { HttpError } from '../errors.js';
import { type Route, route } from '../route.js';
import { streamRunEvents } from '../run-events.js';
import { roundNumbers } from '../run-job.js';
import type { Execute, RunManager } from '../runs.js';

/**
 * Exploratory modelling on the server (`atalaya explore`): POST starts a sweep (202 + id), GET reads its
 * state and, once done, its summary, GET …/events follows it live (server-sent events), DELETE cancels it.
 * The same rules as /api/runs (runs.ts): a bounded queue in front of a bounded number of jobs, a time
 * budget, cancellation when the last listener leaves; on top, at most `maxExperimentsPerRequest`
 * experiments per request. The body is the core's own request (src/explore/request.ts); the sweep is
 * planned before it is queued, so that an unknown parameter, a bad lever or a sweep too large is a 400
 * naming its field, not a job that fails later.
 */

/** One explore request, planned when it is posted (checked, sized): what is run. */
export interface ExploreJob {
  planned: PlannedExplore;
}

export interface ExploreRequestInfo {
  scenarios: string[];
  method: ExploreRequest['method'];
  samples: number;
  seed: number;
  years: number;
  experiments: number;
  factors: number;
}

export type ExploreManager = RunManager<ExploreJob, ExploreSummary, ExploreRequestInfo>;

/** The present the homicides start from, read once by the app (as for /api/runs). */
export type PresentAnchor = () => { spec: AnchorSpec; warnings: string[] };

export function describeExplore({ planned }: ExploreJob): ExploreRequestInfo {
  const { method, samples, seed, years } = planned.request;
  return {
    scenarios: planned.spec.scenarios.map((s) => s.id),
    method,
    samples,
    seed,
    years,
    experiments: planned.experiments,
    factors: planned.factors.length,
  };
}

/** The core, as `atalaya explore` calls it: the planned sweep on worker threads, then the analyses. */
export function executeExplore(deps: { threads: number }): Execute<ExploreJob, ExploreSummary> {
  return async (job, { signal, onProgress }) => {
    const run = await runPlannedExplore(job.planned, {
      engine: { engine: 'local', threads: deps.threads },
      onProgress,
      signal,
    });
    return roundNumbers(run.summary);
  };
}

const ExploreInfoSchema = z.object({
  id: z.string(),
  status: z.enum(['queued', 'running', 'done', 'error', 'cancelled', 'timeout']),
  created: z.string(),
  started: z.string().optional(),
  finished: z.string().optional(),
  progress: z.object({ done: z.number(), total: z.number() }).describe('Experiments done, of total'),
  request: z.object({
    scenarios: z.array(z.string()).describe('Scenario ids run, the status quo (baseline) first'),
    method: z.enum(['morris', 'sobol', 'lhs']),
    samples: z.number(),
    seed: z.number(),
    years: z.number(),
    experiments: z.number(),
    factors: z.number(),
  }),
  queuePosition: z.number().optional(),
  error: z.string().optional(),
});

const IdParams = z.object({
  id: z.string().regex(/^[0-9a-f]{16}$/, 'expected an explore id (16 hex digits)'),
});

export function exploreRoutes(
  ctx: ServerContext,
  deps: { explores: ExploreManager; anchor?: PresentAnchor },
): Route[] {
  const { explores } = deps;
  const { limits } = ctx;
  let presets: Set<string> | undefined;
  const known = (id: string) => {
    const info = explores.info(id);
    if (!info)
      throw new HttpError(404, `unknown explore "${id}" (finished ones are kept for a while only)`, {
        field: 'id',
      });
    return info;
  };

  /** Check the request against the presets, the core's planner and this server's limits. */
  const plan = (body: z.output<typeof exploreRequestSchema>): ExploreJob => {
    presets ??= new Set(listPresets());
    body.scenarios.forEach((id, i) => {
      if (!presets!.has(id))
        throw new HttpError(400, `unknown preset "${id}" (GET /api/scenarios lists them)`, {
          field: `scenarios.${i}`,
        });
    });
    if (body.scenarios.length > limits.maxScenarios)
      throw new HttpError(400, `at most ${limits.maxScenarios} scenarios per request`, {
        field: 'scenarios',
      });
    let planned: PlannedExplore;
    try {
      planned = planExplore(body, {
        network: ctx.groups(body.network),
        home: ctx.home,
        dataDir: ctx.dataDir,
        anchor: body.anchor ? deps.anchor?.() : undefined,
      });
    } catch (err) {
      if (err instanceof ExploreRequestError) throw new HttpError(400, err.message, { field: err.field });
      throw err;
    }
    if (planned.experiments > limits.maxExperimentsPerRequest) {
      throw new HttpError(
        400,
        `${planned.experiments} experiments (${planned.request.method}, ${planned.request.samples} samples over ` +
          `${planned.factors.length} factors); at most ${limits.maxExperimentsPerRequest} per request: ask for ` +
          'fewer samples or vary fewer parameters',
        { field: 'samples' },
      );
    }
    return { planned };
  };

  return [
    route({
      method: 'post',
      path: '/api/explore',
      tag: 'explore',
      summary: 'Start an exploratory sweep (atalaya explore)',
      description:
        `Experiments over the uncertain parameters; each policy's paired difference against the status quo; ` +
        `sensitivity, robustness of the ranking, regret and scenario discovery. At most ` +
        `${limits.maxExperimentsPerRequest} experiments per request (Morris: samples × (factors + 1); Sobol: ` +
        `samples × (factors + 2); LHS: samples). At most ${limits.maxConcurrentRuns} sweeps execute at once and ` +
        `${limits.maxQueuedRuns} wait; beyond, 429. Each has a time budget of ${limits.runTimeoutMs} ms.`,
      body: exploreRequestSchema,
      responses: {
        202: { description: 'Accepted: follow it at /api/explore/{id}/events', schema: ExploreInfoSchema },
        429: { description: 'Too many sweeps (Retry-After)' },
      },
      handler: ({ body }, c) => c.json(explores.submit(plan(body)), 202),
    }),
    route({
      method: 'get',
      path: '/api/explore/{id}',
      tag: 'explore',
      summary: 'State of a sweep, with the summary when done',
      params: IdParams,
      responses: {
        200: {
          description: 'The sweep; `summary` (as `atalaya explore --json`) once done',
          schema: ExploreInfoSchema.extend({ summary: z.unknown().optional() }),
        },
      },
      handler: ({ params }) => {
        const info = known(params.id);
        const summary = explores.result(params.id);
        return summary ? { ...info, summary } : info;
      },
    }),
    route({
      method: 'delete',
      path: '/api/explore/{id}',
      tag: 'explore',
      summary: 'Cancel a sweep (queued or running); a finished one is left as it is',
      params: IdParams,
      responses: { 200: { description: 'The sweep after the request', schema: ExploreInfoSchema } },
      handler: ({ params }) => {
        known(params.id);
        explores.cancel(params.id);
        return known(params.id);
      },
    }),
    route({
      method: 'get',
      path: '/api/explore/{id}/events',
      tag: 'explore',
      summary: 'Follow a sweep live (server-sent events)',
      description:
        'As /api/runs/{id}/events: `status`, `progress` ({ done, total } experiments), then exactly one of ' +
        '`done` (the sweep with its summary), `error`, `cancelled` or `timeout`; then the stream ends.',
      params: IdParams,
      responses: { 200: { description: 'An event stream', contentType: 'text/event-stream' } },
      handler: ({ params }, c) => {
        known(params.id);
        return streamRunEvents(c, explores, params.id);
      },
    }),
  ];
}
