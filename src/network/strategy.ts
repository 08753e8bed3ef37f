import { QueryError } from '../data/errors.js';
import type { PhaseSpec } from './disrupt.js';
import type { NetworkData } from './graph.js';
import type { Role } from './roles.js';

/**
 * Disruption strategies written as text, for the command line and the API:
 *   degree | betweenness | random         every member, by score (or at random)
 *   leaders | middle                      the structural leaders (by degree) / middle layer (by betweenness)
 *   attribute:NAME=v1,v2                  members whose attribute NAME is one of the values, in that order
 * chained with "+": `attribute:title=boss,underboss+betweenness` removes the bosses, then goes on by
 * betweenness.
 */
export function parseStrategy(spec: string, data: NetworkData, roles: readonly Role[]): PhaseSpec[] {
  const parts = spec.split('+').map((p) => p.trim());
  if (parts.some((p) => p === '')) throw new QueryError(`strategy "${spec}": empty part around "+"`);
  return parts.map((part) => phaseOf(part, spec, data, roles));
}

/** A readable label of a strategy spec (the spec itself, without spaces). */
export function strategyLabel(spec: string): string {
  return spec.replace(/\s+/g, '');
}

function phaseOf(part: string, spec: string, data: NetworkData, roles: readonly Role[]): PhaseSpec {
  if (part === 'degree' || part === 'betweenness' || part === 'random') return part;
  if (part === 'leaders' || part === 'middle') {
    const role: Role = part === 'leaders' ? 'leader' : 'middle';
    const nodes = data.nodes.filter((_, v) => roles[v] === role);
    return { strategy: 'targets', nodes, order: part === 'leaders' ? 'degree' : 'betweenness' };
  }
  const m = /^attribute:([^=]+)=(.+)$/.exec(part);
  if (m)
    return attributePhase(
      m[1].trim(),
      m[2].split(',').map((v) => v.trim().toLowerCase()),
      spec,
      data,
    );
  throw new QueryError(
    `strategy "${spec}": unknown part "${part}" (expected degree, betweenness, random, leaders, middle or attribute:NAME=v1,v2)`,
  );
}

function attributePhase(name: string, values: string[], spec: string, data: NetworkData): PhaseSpec {
  const known = new Set([...data.attributes.values()].flatMap((a) => Object.keys(a)));
  if (!known.has(name)) {
    throw new QueryError(
      `strategy "${spec}": no attribute "${name}"${known.size ? ` (attributes: ${[...known].join(', ')})` : ' (no attributes loaded: pass --attributes FILE)'}`,
    );
  }
  const attributeOf = (id: string) => data.attributes.get(id)?.[name]?.trim().toLowerCase() ?? '';
  // Ranked by the order of the values given, then by order in the file.
  const ranking = values.flatMap((v) => data.nodes.filter((id) => attributeOf(id) === v));
  if (ranking.length === 0) {
    const seen = [...new Set(data.nodes.map(attributeOf).filter(Boolean))].slice(0, 12);
    throw new QueryError(
      `strategy "${spec}": no member has ${name} = ${values.join(' or ')} (values: ${seen.join(', ')})`,
    );
  }
  return { strategy: 'attribute', ranking };
}
