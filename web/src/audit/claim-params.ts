import { DEFAULT_CLAIM } from '../../../src/audit/audit.js';
import type { ClaimRequest } from '../../../src/audit/claim-request.js';

/**
 * The claim the page checks, as the form shows it and the address keeps it (`#/audit?from=2024-09&
 * to=2025-06&change=-25%`), so that an address shares a claim. The rule for defaults is the server's
 * (auditClaimInput): without `to`, the government's claim is checked for the series, basis and place given;
 * with `to`, an absent `change` means no claimed figure.
 */
export type Basis = NonNullable<ClaimRequest['basis']>;

export interface ClaimFields {
  series: string;
  from: string;
  to: string;
  /** Empty: no claimed figure (the change is reported without a verdict). */
  change: string;
  basis: Basis;
  /** INEGI state code; empty for national. */
  state: string;
}

export const BASES: readonly Basis[] = ['daily-average', 'monthly-total', 'year-on-year'];
const KEYS = ['series', 'from', 'to', 'change', 'basis', 'state'] as const;

export function defaultClaim(): ClaimFields {
  return {
    series: DEFAULT_CLAIM.series,
    from: DEFAULT_CLAIM.from ?? '',
    to: DEFAULT_CLAIM.to,
    change: String(DEFAULT_CLAIM.change ?? ''),
    basis: 'daily-average',
    state: '',
  };
}

export function claimFromParams(params: URLSearchParams): ClaimFields {
  const base = defaultClaim();
  const basis = params.get('basis') as Basis | null;
  const common = {
    series: params.get('series') || base.series,
    basis: basis && BASES.includes(basis) ? basis : base.basis,
    state: params.get('state') ?? '',
  };
  if (!params.get('to')) return { ...base, ...common };
  return {
    ...common,
    from: params.get('from') ?? '',
    to: params.get('to')!,
    change: params.get('change') ?? '',
  };
}

/** Every field goes into the address (empty ones are dropped), `to` always: see the rule above. */
export function claimToParams(claim: ClaimFields): Record<string, string | undefined> {
  return Object.fromEntries(KEYS.map((k) => [k, claim[k] || undefined]));
}

/** The query of GET /api/audit; `from` is left out on a year-on-year basis, where the server derives it. */
export function claimQuery(claim: ClaimFields): Record<string, string | undefined> {
  return {
    ...claimToParams(claim),
    from: claim.basis === 'year-on-year' ? undefined : claim.from || undefined,
  };
}
