import { QueryError } from '../data/errors.js';
import { DEFAULT_CLAIM } from './audit.js';
import type { ClaimInput } from './claim.js';

/**
 * A claim as the CLI options and the API's query state it (`--state`/`state` by code or name, the
 * tolerance as a fraction), mapped to the core's `ClaimInput` in one place so that `atalaya audit … --json`
 * and GET /api/audit answer the same object for the same request.
 */
export interface ClaimRequest {
  series?: string;
  from?: string;
  to?: string;
  change?: string;
  basis?: ClaimInput['basis'];
  state?: string;
  vintage?: string;
  /** Percentage points as a fraction (0.02 = 2 points). */
  tolerance?: number;
}

/** The request as the core's input; `series` and `to` fall back to the default claim's. */
export function claimInput(request: ClaimRequest): ClaimInput {
  return {
    series: request.series ?? DEFAULT_CLAIM.series,
    from: request.from,
    to: request.to ?? DEFAULT_CLAIM.to,
    change: request.change,
    basis: request.basis,
    place: request.state,
    vintage: request.vintage,
    tolerance: request.tolerance,
  };
}

/**
 * The claim the whole audit checks (`audit report`, GET /api/audit). Periods given replace the default
 * claim's (with the change given, if any); otherwise the default claim's periods and change are checked
 * for the series, place and basis given, so that an empty request audits the government's claim.
 */
export function auditClaimInput(request: ClaimRequest): ClaimInput {
  // Without `to`, a `from` would silently be paired with the default claim's end: refuse instead.
  if (request.from && !request.to)
    throw new QueryError('--from needs --to (the period the change is measured to)');
  const input = claimInput(request);
  if (request.to) return input;
  return {
    ...input,
    from: DEFAULT_CLAIM.from,
    to: DEFAULT_CLAIM.to,
    change: request.change ?? DEFAULT_CLAIM.change,
  };
}
