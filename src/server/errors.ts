import type { z } from 'zod';
import { DataError, QueryError } from '../data/errors.js';
import { ScenarioError } from '../sim/scenario/load.js';

/**
 * Errors as HTTP answers: `{ error, field?, issues? }` with a 4xx status for anything the client can fix,
 * 500 (with a generic message) for bugs. `field` names the query parameter, path parameter or body field
 * at fault (dotted path into the body, e.g. `scenarios.1.policies.0.intensity`).
 */
export class HttpError extends Error {
  readonly field?: string;
  readonly issues?: ErrorBody['issues'];
  readonly headers: Record<string, string>;
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 500 | 503,
    message: string,
    extra: { field?: string; issues?: ErrorBody['issues']; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = 'HttpError';
    this.field = extra.field;
    this.issues = extra.issues;
    this.headers = extra.headers ?? {};
  }
}

export interface ErrorBody {
  error: string;
  field?: string;
  issues?: { field: string; message: string }[];
}

/** A zod failure on one part of the request, as a 400 whose first issue names the field. */
export function validationError(error: z.ZodError, what: string): HttpError {
  const issues = error.issues.map((issue) => ({
    field: issue.path.map(String).join('.'),
    message: issue.message,
  }));
  const text = issues.map((i) => (i.field ? `${i.field}: ${i.message}` : `${what}: ${i.message}`)).join('; ');
  return new HttpError(400, text, { field: issues[0]?.field || undefined, issues });
}

/** The project's own errors mapped to statuses: what the data cannot answer is the request's fault. */
export function errorAnswer(err: unknown): {
  status: number;
  body: ErrorBody;
  headers?: Record<string, string>;
} {
  if (err instanceof HttpError) {
    return {
      status: err.status,
      body: { error: err.message, field: err.field, issues: err.issues },
      headers: err.headers,
    };
  }
  if (err instanceof ScenarioError)
    return { status: 400, body: { error: err.message, field: scenarioField(err) } };
  if (err instanceof QueryError) {
    // "unknown series …", "unknown area code …", "unknown preset …": the thing asked for does not exist.
    const status = /^unknown (series|area|preset)/.test(err.message) ? 404 : 400;
    return { status, body: { error: err.message, field: queryField(err.message) } };
  }
  if (err instanceof DataError) {
    return { status: 422, body: { error: err.message, field: err.location.field } };
  }
  return { status: 500, body: { error: 'internal error (see the server log)' } };
}

/**
 * The field of a scenario error: messages read `<label>: <field path>: <what was expected>` (see
 * describeIssues in sim/scenario/load.ts); the label is the body path the server gave the scenario.
 */
function scenarioField(err: ScenarioError): string | undefined {
  const label = err.file;
  const first = err.message.split('\n')[0];
  if (!label) return undefined;
  if (!first.startsWith(`${label}: `)) return label;
  const where = first.slice(label.length + 2).split(': ')[0];
  if (/^[\w.]+$/.test(where)) return label === 'scenario' ? where : `${label}.${where}`;
  return label === 'scenario' ? undefined : label;
}

/** Core query errors name CLI options (`--from`) or the thing asked for; map them to API fields. */
function queryField(message: string): string | undefined {
  const option = /^--([a-z-]+)/.exec(message);
  if (option) return option[1].replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
  // 'series "X" has no vintage V': the release is at fault, not the series.
  if (/^series ".*" has no vintage/.test(message)) return 'vintage';
  if (/^unknown series|^series "/.test(message)) return 'series';
  if (/^unknown area/.test(message)) return 'area';
  if (/^unknown state/.test(message)) return 'state';
  if (/^horizon/.test(message)) return 'horizon';
  if (/^strategy "/.test(message)) return 'strategies';
  return undefined;
}
