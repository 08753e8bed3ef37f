import { z } from 'zod';
import { normalizeName } from '../data/states.js';

/**
 * Matching group names across sources. The same organisation is written "Cártel de Sinaloa", "Sinaloa" or
 * "Cartel de Sinaloa"; "Los Zetas" and "Zetas". A group's key drops accents, case, punctuation and the
 * generic words in front of the distinctive part ("Cártel de los", "La", "Los"), so that these compare equal.
 * Keys are only compared for equality: a name is never matched to a merely similar one (close matches are
 * offered as suggestions in error messages, never applied).
 */
const GENERIC_PREFIX = /^(carteles|cartel)\s+(del|de)?\s*/;
const ARTICLE = /^(los|las|la|el)\s+/;

export function groupKey(name: string): string {
  let k = normalizeName(name);
  k = k.replace(GENERIC_PREFIX, '');
  k = k.replace(ARTICLE, '');
  return k.trim();
}

/** Do two group names denote the same group (equal keys)? */
export function sameGroup(a: string, b: string): boolean {
  return groupKey(a) === groupKey(b);
}

/** Levenshtein distance (small strings: group names). */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}

/**
 * Up to `max` names from `known` that are close to `name`: one key contains the other, or the edit
 * distance between keys is at most a third of the longer key (at least 2). Closest first.
 */
export function closeMatches(name: string, known: readonly string[], max = 3): string[] {
  const key = groupKey(name);
  const scored = [...new Set(known)]
    .map((k) => {
      const other = groupKey(k);
      const contains = key.length >= 3 && other.length >= 3 && (other.includes(key) || key.includes(other));
      const d = editDistance(key, other);
      const limit = Math.max(2, Math.floor(Math.max(key.length, other.length) / 3));
      return { name: k, d: contains ? Math.min(d, 1) : d, ok: contains || d <= limit };
    })
    .filter((s) => s.ok)
    .sort((x, y) => x.d - y.d || x.name.localeCompare(y.name));
  return scored.slice(0, max).map((s) => s.name);
}

/**
 * Atalaya models organisations, never people. A few groups of the 2020 compilation are named after a
 * person ("Célula liderada por …", "Name Surname, El Alias"): outputs show such a group by its source id
 * instead. The test is deliberately broad (a comma, or "líder"/"liderada por"): a group shown by id is a
 * small loss, a person's name printed in a ranking is not acceptable.
 */
export function namesAPerson(name: string): boolean {
  return /,|\bl[ií]der|liderad[oa]s? por/i.test(name);
}

/** The name to print for a group: its own, or "group <id>" when the name is a person's. */
export function publicGroupName(name: string, id: string): string {
  return namesAPerson(name) ? `group ${id}` : name;
}

/**
 * The zod schema of a CSV's group field: non-empty and, when `groups` is given, one of them (by `groupKey`),
 * else an error that offers the closest known names.
 */
export function groupNameSchema(groups: readonly string[] | undefined) {
  const known = groups ? new Set(groups.map(groupKey)) : undefined;
  return z
    .string()
    .min(1, { error: 'expected a group name' })
    .superRefine((name, ctx) => {
      if (!known || known.has(groupKey(name))) return;
      // Edit distance costs length × length: a name far longer than any group's has no close match anyway.
      const close = name.length > 200 ? [] : closeMatches(name, groups ?? []);
      ctx.addIssue({
        code: 'custom',
        message: `unknown group${close.length > 0 ? `; close matches: ${close.map((c) => `"${c}"`).join(', ')}` : ` (no close match among ${known.size} known groups)`}`,
      });
    });
}
