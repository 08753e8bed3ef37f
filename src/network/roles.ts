import { ROLES, type Role } from './answers.js';
import type { CompactGraph, NetworkData } from './graph.js';
import { betweenness } from './measures/betweenness.js';
import { degree as degreeOf } from './measures/centrality.js';

export { ROLES, type Role };

/**
 * Roles in a criminal network: leaders, the middle layer (brokers and connectors: recruiters,
 * logisticians, suppliers, accountants) and the periphery.
 *
 * From structure alone (an ASSUMPTION, stated in docs/NETWORK.md): leaders are the best-connected
 * members (the top `leaderShare` by degree — organisers coordinate many people directly, Morselli 2009,
 * ch. 3, though the most careful leaders keep few ties, which is why attributes are shown beside it);
 * the middle layer are the members that connect others (the top `middleShare` by betweenness among the
 * rest, with betweenness > 0 — brokers in Morselli's sense); everybody else is periphery. Ties are broken
 * by order of first appearance in the input.
 *
 * From attributes (when the data carry ranks or roles, e.g. Montagna's titles): a mapping from values to
 * roles, which the caller gives or takes from a documented preset. Both are shown, with their agreement.
 */

export interface StructuralRoleOptions {
  /** Share of nodes called leaders (at least one). Default 0.05. */
  leaderShare?: number;
  /** Share of nodes called middle layer, among non-leaders with betweenness > 0. Default 0.25. */
  middleShare?: number;
}

export const ROLE_DEFAULTS: Required<StructuralRoleOptions> = { leaderShare: 0.05, middleShare: 0.25 };

export interface StructuralRoles {
  roles: Role[];
  degree: Int32Array;
  /** Normalised betweenness (networkx convention). */
  betweenness: Float64Array;
  options: Required<StructuralRoleOptions>;
}

export function structuralRoles(g: CompactGraph, options: StructuralRoleOptions = {}): StructuralRoles {
  const opts = { ...ROLE_DEFAULTS, ...options };
  const degree = degreeOf(g);
  const between = betweenness(g, { normalized: true });
  const roles: Role[] = new Array(g.n).fill('periphery');
  const leaders = Math.max(1, Math.round(opts.leaderShare * g.n));
  for (const v of rankBy(degree, g.n).slice(0, leaders)) roles[v] = 'leader';
  const brokers = rankBy(between, g.n).filter((v) => roles[v] !== 'leader' && between[v] > 0);
  for (const v of brokers.slice(0, Math.round(opts.middleShare * g.n))) roles[v] = 'middle';
  return { roles, degree, betweenness: between, options: opts };
}

/** Node indices by decreasing score, ties by index (order of first appearance). */
export function rankBy(score: ArrayLike<number>, n: number): number[] {
  return Array.from({ length: n }, (_, v) => v).sort((a, b) => score[b] - score[a] || a - b);
}

/** Which attribute values mean which role; values match case-insensitively as whole words or phrases. */
export interface AttributeRoleMap {
  attribute: string;
  leader: string[];
  middle: string[];
  /** Values for the periphery; omitted: every other non-empty value. */
  periphery?: string[];
  /** Where the mapping comes from (shown in outputs). */
  source: string;
}

/**
 * Presets for the staged data (ASSUMPTIONS: the mapping of ranks to the three roles is ours).
 * Montagna `title` (hand-coded from Ficara et al. 2019): bosses and the underboss lead; executives run
 * the families' business between bosses and soldiers. Montagna `Role` (SNAnalyst/DF): bosses lead;
 * executives, accountants, lawyers and intermediators are the middle layer.
 */
export const ROLE_PRESETS: Record<string, AttributeRoleMap> = {
  title: {
    attribute: 'title',
    leader: ['boss', 'underboss'],
    middle: ['executive'],
    source:
      'Montagna titles (hand-coded from Ficara et al. 2019 in mcmacdonald/R2-ERGM); mapping is an assumption',
  },
  Role: {
    attribute: 'Role',
    leader: ['boss'],
    middle: ['executive', 'accountant', 'lawyer', 'intermediator'],
    source: 'Montagna roles (SNAnalyst/DF); mapping is an assumption',
  },
};

/** Roles from an attribute; undefined where the node has no value for it. */
export function attributeRoles(data: NetworkData, map: AttributeRoleMap): (Role | undefined)[] {
  const matches = (value: string, list: string[]) =>
    list.some((w) => new RegExp(`(^|[^a-z])${escapeRegExp(w.toLowerCase())}([^a-z]|$)`).test(value));
  return data.nodes.map((id) => {
    const value = data.attributes.get(id)?.[map.attribute]?.trim().toLowerCase();
    if (!value) return undefined;
    if (matches(value, map.leader)) return 'leader';
    if (matches(value, map.middle)) return 'middle';
    if (!map.periphery || matches(value, map.periphery)) return 'periphery';
    return undefined;
  });
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export interface RoleAgreement {
  /** Nodes with both a structural and an attribute role. */
  n: number;
  /** table[structural][attribute] = count. */
  table: Record<Role, Record<Role, number>>;
  /** Share of nodes where both agree. */
  agreement: number;
  /** Cohen's kappa (agreement beyond chance; Cohen 1960). NaN when undefined. */
  kappa: number;
}

export function roleAgreement(
  structural: readonly Role[],
  attribute: readonly (Role | undefined)[],
): RoleAgreement {
  const table = Object.fromEntries(
    ROLES.map((r) => [r, Object.fromEntries(ROLES.map((s) => [s, 0]))]),
  ) as Record<Role, Record<Role, number>>;
  let n = 0;
  let same = 0;
  structural.forEach((r, v) => {
    const a = attribute[v];
    if (!a) return;
    table[r][a]++;
    n++;
    if (r === a) same++;
  });
  const agreement = n > 0 ? same / n : Number.NaN;
  let chance = 0;
  for (const r of ROLES) {
    const row = ROLES.reduce((s, a) => s + table[r][a], 0);
    const col = ROLES.reduce((s, a) => s + table[a][r], 0);
    chance += n > 0 ? (row / n) * (col / n) : 0;
  }
  const kappa = n > 0 && chance < 1 ? (agreement - chance) / (1 - chance) : Number.NaN;
  return { n, table, agreement, kappa };
}
