import { z } from 'zod';
import { ScenarioSchema } from '../sim/scenario/schema.js';
import { ErrorSchema, type Route } from './route.js';
import { ScenarioObjectInput } from './scenario-input.js';

/**
 * The OpenAPI 3.1 document of the API, generated from the routes' own zod schemas (`z.toJSONSchema`, JSON
 * Schema 2020-12, which OpenAPI 3.1 uses as is): parameters and bodies as the client sends them (`io:
 * 'input'`: defaults make fields optional), answers as the server writes them (`io: 'output'`).
 */
type Json = Record<string, unknown>;

const SCENARIO_REF = { $ref: '#/components/schemas/Scenario' };

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  const out = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    override(ctx) {
      if (ctx.zodSchema === ScenarioObjectInput) {
        for (const key of Object.keys(ctx.jsonSchema)) delete (ctx.jsonSchema as Json)[key];
        Object.assign(ctx.jsonSchema, SCENARIO_REF);
      }
    },
  }) as Json;
  delete out.$schema;
  return out;
}

function parameters(schema: z.ZodObject | undefined, where: 'path' | 'query'): Json[] {
  if (!schema) return [];
  const js = jsonSchema(schema, 'input');
  const required = new Set((js.required as string[] | undefined) ?? []);
  return Object.entries((js.properties as Record<string, Json>) ?? {}).map(([name, s]) => {
    const { description, ...rest } = s;
    return {
      name,
      in: where,
      required: where === 'path' || required.has(name),
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
}

export interface OpenApiInfo {
  title: string;
  version: string;
  description?: string;
}

export function openApiDocument(routes: readonly Route[], info: OpenApiInfo): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const r of routes) {
    const responses: Record<string, Json> = {};
    for (const [status, res] of Object.entries(r.responses)) {
      const type = res.contentType ?? 'application/json';
      responses[status] = {
        description: res.description,
        ...(res.schema || type !== 'application/json'
          ? { content: { [type]: res.schema ? { schema: jsonSchema(res.schema, 'output') } : {} } }
          : {}),
      };
    }
    responses.default = {
      description: 'An error: 400 names the field at fault, 404 an unknown id, 413/429 a limit',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    };
    paths[r.path] ??= {};
    paths[r.path][r.method] = {
      operationId: operationId(r),
      summary: r.summary,
      ...(r.description ? { description: r.description } : {}),
      tags: [r.tag],
      parameters: [...parameters(r.params, 'path'), ...parameters(r.query, 'query')],
      ...(r.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: jsonSchema(r.body, 'input') } },
            },
          }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info,
    paths,
    components: {
      schemas: {
        Scenario: { ...jsonSchema(ScenarioSchema, 'input'), title: 'Atalaya scenario' },
        Error: jsonSchema(ErrorSchema, 'output'),
      },
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    },
  };
}

function operationId(r: Route): string {
  const words = r.path
    .replace(/^\/api\//, '')
    .split(/[/{}-]+/)
    .filter(Boolean);
  return [r.method, ...words].map((w, k) => (k === 0 ? w : w[0].toUpperCase() + w.slice(1))).join('');
}
