import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { prototypeKeyPath } from '../util/prototype-keys.js';
import { type ErrorBody, errorAnswer, HttpError, validationError } from './errors.js';
import { jsonDepth, MAX_JSON_DEPTH } from './json-body.js';

/**
 * One declaration per route: its method and path, what it accepts (zod schemas for path, query and body),
 * what it answers, and the handler. `mount` registers it on Hono with the validation; `openApiDocument`
 * (openapi.ts) reads the very same objects, so the document cannot drift from what the server checks.
 */
export interface Route<
  P extends z.ZodObject = z.ZodObject,
  Q extends z.ZodObject = z.ZodObject,
  B extends z.ZodType = z.ZodType,
> {
  method: 'get' | 'post' | 'delete';
  /** OpenAPI form: `/api/runs/{id}`. */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  params?: P;
  query?: Q;
  body?: B;
  /** Status → description and, where it has one, the schema of the JSON answer. */
  responses: Record<number, { description: string; schema?: z.ZodType; contentType?: string }>;
  handler: (input: Input<P, Q, B>, c: Context) => unknown;
}

export interface Input<P extends z.ZodObject, Q extends z.ZodObject, B extends z.ZodType> {
  params: z.output<P>;
  query: z.output<Q>;
  body: z.output<B>;
}

/** Typed helper: infers the handler's input from the schemas. */
export function route<P extends z.ZodObject, Q extends z.ZodObject, B extends z.ZodType>(
  r: Route<P, Q, B>,
): Route {
  return r as unknown as Route;
}

/** The answer of every 4xx/5xx. */
export const ErrorSchema = z
  .object({
    error: z.string().describe('What went wrong and what was expected'),
    field: z.string().optional().describe('The parameter or body field at fault (dotted path)'),
    issues: z
      .array(z.object({ field: z.string(), message: z.string() }))
      .optional()
      .describe('Every validation problem, when there are several'),
  })
  .describe('An error');

export function mount(app: Hono, routes: readonly Route[]): void {
  for (const r of routes) {
    const honoPath = r.path.replace(/\{(\w+)\}/g, ':$1');
    app.on(r.method.toUpperCase(), honoPath, async (c) => {
      try {
        const params = parse(r.params, c.req.param(), 'path');
        const query = parse(r.query, c.req.query(), 'query');
        const body = r.body ? parse(r.body, await readJson(c), 'body') : undefined;
        const out = await r.handler({ params, query, body } as Input<z.ZodObject, z.ZodObject, z.ZodType>, c);
        return out instanceof Response ? out : c.json(out as object);
      } catch (err) {
        return errorResponse(c, err);
      }
    });
  }
}

export function errorResponse(c: Context, err: unknown): Response {
  const answer = errorAnswer(err);
  if (answer.status === 500) console.error(err);
  for (const [k, v] of Object.entries(answer.headers ?? {})) c.header(k, v);
  return c.json(answer.body satisfies ErrorBody, answer.status as 400);
}

function parse(schema: z.ZodType | undefined, value: unknown, where: 'path' | 'query' | 'body'): unknown {
  if (!schema) return where === 'body' ? undefined : {};
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw validationError(parsed.error, where);
}

/** JSON bodies only: a form or text/plain post (what another web page could send unasked) is refused. */
async function readJson(c: Context): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\b/i.test(type))
    throw new HttpError(415, 'the body must be JSON (Content-Type: application/json)', {
      field: 'Content-Type',
    });
  const text = await c.req.text();
  const depth = jsonDepth(text);
  if (depth > MAX_JSON_DEPTH)
    throw new HttpError(400, `the body nests ${depth} levels deep; at most ${MAX_JSON_DEPTH} are accepted`, {
      field: 'body',
    });
  let body: unknown;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'the body is not valid JSON');
  }
  const bad = prototypeKeyPath(body);
  if (bad)
    throw new HttpError(400, `${bad}: "${bad.split('.').at(-1)}" is never a field of this API`, {
      field: bad,
    });
  return body;
}
