import { z } from 'zod';
import { exportTable } from '../../data/export.js';
import { dataStatus } from '../../data/status.js';
import type { ServerContext } from '../context.js';
import { HttpError } from '../errors.js';
import { type Route, route } from '../route.js';

/** The imported data: what is there (`atalaya data status`) and one series as rows (`atalaya data export`). */
const codes = z
  .string()
  .regex(/^\d{2,5}(,\d{2,5})*$/, 'expected area codes separated by commas, e.g. 02004,08037 or 25')
  .transform((s) => s.split(','));
const period = z.string().regex(/^\d{4}(-(0[1-9]|1[0-2]))?$/, 'expected YYYY or YYYY-MM');

export const SeriesQuery = z
  .object({
    level: z
      .enum(['national', 'state', 'municipality'])
      .optional()
      .describe('Default: the series’ own level'),
    freq: z.enum(['month', 'year']).default('month'),
    area: codes.optional().describe('Only these areas (INEGI codes at the chosen level), comma-separated'),
    from: period.optional().describe('First period, YYYY or YYYY-MM'),
    to: period.optional().describe('Last period, YYYY or YYYY-MM'),
    per100k: z.stringbool().default(false).describe('Rates per 100,000 inhabitants (CONAPO population)'),
    vintage: z.string().optional().describe('Release (default: the newest)'),
  })
  .strict();

export function dataRoutes(ctx: ServerContext): Route[] {
  return [
    route({
      method: 'get',
      path: '/api/data/status',
      tag: 'data',
      summary: 'What the data cache holds (atalaya data status --json)',
      responses: {
        200: {
          description: '`imported: false` when nothing was imported; else every series with its coverage',
        },
      },
      handler: () =>
        ctx.panels.imported()
          ? { imported: true, home: ctx.home, ...dataStatus(ctx.panels.get()) }
          : {
              imported: false,
              home: ctx.home,
              hint: 'run `atalaya data import` (or start the server with --home)',
            },
    }),
    route({
      method: 'get',
      path: '/api/series/{id}',
      tag: 'data',
      summary: 'One series as rows of area, period and value (atalaya data export --format json)',
      params: z.object({ id: z.string().describe('Series id (see /api/data/status)') }),
      query: SeriesQuery,
      responses: {
        200: {
          description:
            '{ series, unit, vintage, source, level, freq, rows: [{ area, name, period, value, complete }] }',
        },
      },
      handler: ({ params, query }) => {
        const { panel } = ctx.panels.get();
        if (panel.all(params.id).length === 0) {
          throw new HttpError(
            404,
            `unknown series "${params.id}"; imported series: ${panel.ids().join(', ')}`,
            {
              field: 'id',
            },
          );
        }
        const series = panel.get(params.id, { vintage: query.vintage, level: query.level });
        if (query.area) {
          const present = new Set(series.areas);
          const level = query.level ?? series.meta.level;
          const unknown = query.area.filter((a) => !present.has(a) && !(level === 'national' && a === '00'));
          if (unknown.length > 0) {
            throw new HttpError(404, `unknown area ${unknown.join(', ')} in ${params.id} at ${level} level`, {
              field: 'area',
            });
          }
        }
        const table = exportTable(series, panel.areas, {
          level: query.level,
          freq: query.freq,
          from: query.from,
          to: query.to,
          per100k: query.per100k,
        });
        const wanted = query.area ? new Set(query.area) : undefined;
        const rows = wanted ? table.rows.filter((r) => wanted.has(r.area)) : table.rows;
        if (rows.length > ctx.limits.maxSeriesRows) {
          throw new HttpError(
            400,
            `${rows.length} rows is more than ${ctx.limits.maxSeriesRows}: narrow by area, from/to, level or freq=year`,
            { field: 'area' },
          );
        }
        return { ...table, rows };
      },
    }),
  ];
}
