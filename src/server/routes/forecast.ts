import { z } from 'zod';
import type { NetworkChoice } from '../../data/group-source.js';
import { type Freshness, freshness, staleWarning } from '../../data/present.js';
import { forecast } from '../../forecast/forecast.js';
import { hotspots } from '../../forecast/hotspots.js';
import { MAX_HORIZON, MODEL_IDS, type ModelId } from '../../forecast/models.js';
import { resolveLayer } from '../../territory/load.js';
import type { TaskEnv } from '../compute/tasks.js';
import type { ServerContext } from '../context.js';
import { type Route, route } from '../route.js';

/**
 * Forecasts and hot spots (`atalaya forecast`, `atalaya hotspots`, without the map: the browser draws it).
 * Both fit models on the compute worker (seconds on the INEGI panel); results are memoised per data version.
 * What is left out — series, model, window — the core chooses: by default the homicide series of the level
 * with the newest complete month (data/present.ts), so that the answer describes the present.
 */
const yearMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month as YYYY-MM, e.g. 2018-12');
const common = {
  series: z
    .string()
    .optional()
    .describe(
      'Monthly count series in the cache (default: the homicide series of the level with the newest complete month; see `present` in /api/data/status)',
    ),
  level: z
    .enum(['municipality', 'state'])
    .default('municipality')
    .describe('Level of the series: municipalities or states'),
  vintage: z.string().optional().describe('Release of the series (default: the latest imported)'),
  asOf: yearMonth
    .optional()
    .describe(
      'Forecast origin: the last month used (default: the last month the release does not flag as incomplete)',
    ),
  model: z
    .enum(MODEL_IDS as [ModelId, ...ModelId[]])
    .optional()
    .describe('Default: the one the core chooses for the question and the series'),
  window: z.coerce
    .number()
    .int()
    .min(1)
    .max(240)
    .optional()
    .describe('Training origins per fit (default: the model’s own, 60 for five years of months)'),
};

export const ForecastQuery = z
  .object({
    ...common,
    horizon: z.coerce.number().int().min(1).max(MAX_HORIZON).default(12).describe('Months ahead'),
    area: z
      .string()
      .regex(/^\d{2,5}(,\d{2,5})*$/, 'expected area codes separated by commas, e.g. 02004,08037 or 25')
      .optional()
      .describe('Only these areas in the answer (the model is fitted on all)'),
  })
  .strict();

export const HotspotsQuery = z
  .object({
    ...common,
    horizon: z.coerce
      .number()
      .int()
      .min(1)
      .max(MAX_HORIZON)
      .default(1)
      .describe('Months ahead of the origin'),
    top: z.coerce.number().int().min(1).max(5000).default(20).describe('How many areas to rank'),
    territory: z.stringbool().default(true).describe('Contestation from a territory layer (false: none)'),
    historical: z
      .stringbool()
      .default(false)
      .describe('The built-in 2006–2011 layer instead of the group network'),
    network: z
      .enum(['auto', 'files', 'builtin'])
      .default('auto')
      .describe('Groups behind the territory layer'),
  })
  .strict();

export function forecastRoutes(ctx: ServerContext): Route[] {
  return [
    route({
      method: 'get',
      path: '/api/forecast',
      tag: 'forecast',
      summary: 'Forecasts 1–12 months ahead with predictive intervals (atalaya forecast --json)',
      query: ForecastQuery,
      responses: {
        200: {
          description:
            '{ series, title, vintage, level, asOf, freshness, model, horizon, forecasts: [{ area, t, mean, p05…p95 }], fits, warnings }',
        },
      },
      handler: async ({ query }) =>
        stampToday(
          await ctx.panels.memoAsync(`forecast ${JSON.stringify(query)}`, () =>
            ctx.compute.run('forecast', query),
          ),
        ),
    }),
    route({
      method: 'get',
      path: '/api/hotspots',
      tag: 'forecast',
      summary: 'Where violence is expected next: ranked areas and why (atalaya hotspots --json)',
      query: HotspotsQuery,
      responses: {
        200: {
          description:
            '{ series, title, level, vintage, asOf, freshness, target, hotspots: [...], top10, territory, all: [{ area, expected, p05, p95, ratePer100k, escalationProbability }], warnings }',
        },
      },
      handler: async ({ query }) =>
        stampToday(
          await ctx.panels.memoAsync(`hotspots ${JSON.stringify(query)}`, () =>
            ctx.compute.run('hotspots', query),
          ),
        ),
    }),
  ];
}

interface Stamped {
  series: string;
  title: string;
  vintage: string;
  asOf: string;
  freshness: Freshness;
  warnings: string[];
}

/**
 * An answer's freshness as of this request. Answers are memoised per data version and computed on the
 * worker (whose environment is a copy taken when it started), so the `freshness` they carry was measured
 * on the day, and with the ATALAYA_TODAY, of the first request: measured again here, and the stale warning
 * replaced to match.
 */
export function stampToday<T extends Stamped>(answer: T, today?: Date | string): T {
  const now = freshness(answer.asOf, today);
  if (now.today === answer.freshness.today) return answer;
  const what = `${answer.title} (${answer.series}, release ${answer.vintage})`;
  const before = staleWarning(answer.freshness, what);
  const after = staleWarning(now, what);
  const rest = answer.warnings.filter((w) => w !== before);
  return { ...answer, freshness: now, warnings: after ? [after, ...rest] : rest };
}

/** Fit and forecast (on the compute worker: seconds on the INEGI panel). */
export function forecastTask(env: TaskEnv, query: z.output<typeof ForecastQuery>) {
  return forecast(env.panels.get().panel, { ...query, areas: query.area?.split(',') });
}

/** Fit, forecast next month and rank, with the territory layer's contestation (on the compute worker). */
export function hotspotsTask(env: TaskEnv, query: z.output<typeof HotspotsQuery>) {
  const { panel } = env.panels.get();
  const { territory, historical, network, ...rest } = query;
  const layer = territory
    ? resolveLayer({
        historical,
        builtinShocks: true,
        areas: panel.areas,
        network: () => env.groups(network as NetworkChoice),
      })
    : undefined;
  return hotspots(panel, { ...rest, territory: layer });
}
