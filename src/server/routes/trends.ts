import { z } from 'zod';
import { MODEL_IDS, type ModelId } from '../../forecast/models.js';
import {
  DEFAULT_CONFIDENCE,
  DEFAULT_MIN_MEAN,
  DEFAULT_WINDOW,
  MAX_WINDOW,
  MIN_WINDOW,
  trends,
} from '../../forecast/trends.js';
import type { TaskEnv } from '../compute/tasks.js';
import type { ServerContext } from '../context.js';
import { type Route, route } from '../route.js';
import { stampToday } from './forecast.js';

/**
 * Trends and the newest month's anomalies (`atalaya trends --json`): every area of the level with its trend
 * at the newest month, its interval and flag, and the newest month against its forecast. The trend fits are
 * fast; the anomaly check fits a forecast model (seconds for municipalities), so the whole answer is computed
 * on the compute worker and memoised per data version.
 */
const yearMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month as YYYY-MM, e.g. 2025-06');

export const TrendsQuery = z
  .object({
    series: z
      .string()
      .optional()
      .describe(
        'Monthly count series in the cache (default: the homicide series of the level with the newest month; see `present` in /api/data/status)',
      ),
    level: z
      .enum(['municipality', 'state'])
      .default('municipality')
      .describe('Level of the areas: municipalities or states'),
    vintage: z.string().optional().describe('Release of the series (default: the latest imported)'),
    asOf: yearMonth.optional().describe('The newest month used (default: the newest month of the series)'),
    window: z.coerce
      .number()
      .int()
      .min(MIN_WINDOW)
      .max(MAX_WINDOW)
      .default(DEFAULT_WINDOW)
      .describe('Months of the trend fit, ending at asOf (fewer when the series is shorter)'),
    confidence: z.coerce
      .number()
      .gt(0.5)
      .lt(1)
      .default(DEFAULT_CONFIDENCE)
      .describe('Central probability of the trend interval'),
    minMean: z.coerce
      .number()
      .min(0)
      .max(1e6)
      .default(DEFAULT_MIN_MEAN)
      .describe('Areas averaging fewer events a month over the window get no trend (flag too-few-events)'),
    model: z
      .enum(MODEL_IDS as [ModelId, ...ModelId[]])
      .optional()
      .describe('Forecast model of the anomaly check (default: the forecast’s own choice for the series)'),
    anomalies: z.stringbool().default(true).describe('Check the newest month against its forecast'),
  })
  .strict();

export function trendsRoutes(ctx: ServerContext): Route[] {
  return [
    route({
      method: 'get',
      path: '/api/trends',
      tag: 'forecast',
      summary:
        'Rising, falling or flat: every area’s trend, and the newest month’s anomalies (atalaya trends --json)',
      query: TrendsQuery,
      responses: {
        200: {
          description:
            '{ series, title, vintage, level, asOf, freshness, window, confidence, minMean, method, seasonality, counts, anomalies: { month, origin, available, model, interval, reason? }, areas: [{ area, name, state, flag, total, meanPerMonth, last, trend: { perYear, low, high, slope, se, level } | null, anomaly: { flag, observed, expected, low, high, tail } | null }], warnings, timing }',
        },
      },
      handler: async ({ query }) =>
        stampToday(
          await ctx.panels.memoAsync(`trends ${JSON.stringify(query)}`, () =>
            ctx.compute.run('trends', query),
          ),
        ),
    }),
  ];
}

/** Trends and anomalies (on the compute worker: the anomaly check fits a forecast model). */
export function trendsTask(env: TaskEnv, query: z.output<typeof TrendsQuery>) {
  return trends(env.panels.get().panel, query);
}
