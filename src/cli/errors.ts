import { DataError, QueryError } from '../data/errors.js';
import { ExploreRequestError } from '../explore/request.js';
import { ScenarioError } from '../sim/scenario/load.js';

/** A mistake in what the user asked for: printed without a stack trace, exit status 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function exitCodeFor(err: unknown): number {
  return err instanceof UsageError ||
    err instanceof DataError ||
    err instanceof QueryError ||
    err instanceof ScenarioError ||
    err instanceof ExploreRequestError
    ? 2
    : 1;
}

export function reportError(err: unknown): void {
  const e = err as Error;
  const userError = exitCodeFor(err) === 2;
  process.stderr.write(`atalaya: ${e?.message ?? String(err)}\n`);
  if (!userError && process.env.ATALAYA_DEBUG) process.stderr.write(`${e?.stack}\n`);
}
