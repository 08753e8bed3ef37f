import { z } from 'zod';
import { PROTOTYPE_KEYS } from '../../util/prototype-keys.js';

/**
 * Where a `--set path=value` override may write: each segment of the path is checked against the keys the
 * schema itself declares at that point (object fields, record keys, list indices, the fields of the lever
 * a policy names), so a path can only reach data the scenario format has. A segment such as `__proto__`,
 * `constructor` or `prototype` is no field of any schema and is refused before anything is written; the
 * walk reads own properties only, so no path reaches `Object.prototype` either way.
 */
export type SetPathResult =
  | { ok: true; keys: (string | number)[] }
  | { ok: false; at: number; reason: string };

/**
 * Check `segments` against `schema`, reading `raw` (the scenario as written so far) where the schema
 * depends on data (a policy's fields depend on its `lever`). Returns the keys to write (list indices as
 * numbers) or the first segment at fault and why, listing what is valid there.
 */
export function checkSetPath(schema: z.ZodType, raw: unknown, segments: readonly string[]): SetPathResult {
  const keys: (string | number)[] = [];
  let node: z.ZodType | undefined = schema;
  let value: unknown = raw;
  for (const [at, segment] of segments.entries()) {
    if (segment === '') return { ok: false, at, reason: 'empty field name' };
    if (PROTOTYPE_KEYS.has(segment))
      return { ok: false, at, reason: `"${segment}" is not a field of a scenario` };
    const child = childSchema(node, value, segment, segments[at - 1]);
    if (!child.ok) return { ok: false, at, reason: child.reason };
    keys.push(child.key);
    node = child.schema;
    value = ownValue(value, child.key);
  }
  return { ok: true, keys };
}

type Child =
  | { ok: true; key: string | number; schema: z.ZodType | undefined }
  | { ok: false; reason: string };

function childSchema(node: z.ZodType | undefined, value: unknown, segment: string, parent?: string): Child {
  const schema = node && unwrap(node);
  // Past the schema's reach (z.unknown, z.any): plain keys only; zod validates what is written.
  if (!schema) return { ok: true, key: segment, schema: undefined };
  if (schema instanceof z.ZodObject) {
    const shape = schema.shape as Record<string, z.ZodType>;
    if (!Object.hasOwn(shape, segment))
      return {
        ok: false,
        reason: `unknown field "${segment}"; valid fields: ${Object.keys(shape).join(', ')}`,
      };
    return { ok: true, key: segment, schema: shape[segment] };
  }
  if (schema instanceof z.ZodRecord) {
    const allowed = enumValues(schema.keyType as z.ZodType);
    if (allowed && !allowed.includes(segment))
      // A record's keys are named by the record (`parameters` → valid parameters).
      return {
        ok: false,
        reason: `unknown field "${segment}"; valid ${parent ?? 'keys'}: ${allowed.join(', ')}`,
      };
    return { ok: true, key: segment, schema: schema.valueType as z.ZodType };
  }
  if (schema instanceof z.ZodArray) {
    if (!/^\d+$/.test(segment)) return { ok: false, reason: 'expected a list index (0, 1, …)' };
    const index = Number(segment);
    const length = Array.isArray(value) ? value.length : 0;
    if (index >= length)
      return { ok: false, reason: `does not exist (the list has ${length} item${length === 1 ? '' : 's'})` };
    return { ok: true, key: index, schema: schema.element as z.ZodType };
  }
  if (schema instanceof z.ZodUnion) return unionChild(schema, value, segment);
  return { ok: false, reason: 'is a value, not an object or list' };
}

/** A discriminated union (policies by `lever`): the member the written data names decides the fields. */
function unionChild(schema: z.ZodUnion, value: unknown, segment: string): Child {
  const discriminator = (schema.def as { discriminator?: string }).discriminator;
  const options = schema.options as z.ZodType[];
  const tag = discriminator ? ownValue(value, discriminator) : undefined;
  const member = options.find((o) => {
    const u = unwrap(o);
    if (!(u instanceof z.ZodObject) || !discriminator) return false;
    const literal = unwrap((u.shape as Record<string, z.ZodType>)[discriminator]);
    return literal instanceof z.ZodLiteral && literal.values.has(tag as never);
  });
  if (member) return childSchema(member, value, segment);
  if (discriminator && segment === discriminator) return { ok: true, key: segment, schema: undefined };
  return {
    ok: false,
    reason: discriminator
      ? `cannot tell which fields apply: ${discriminator} is ${tag === undefined ? 'missing' : `"${String(tag)}", not a known value`}`
      : 'cannot tell which fields apply',
  };
}

/** Optional, default, prefault, nullable, readonly and pipes wrap the schema that holds the fields. */
function unwrap(schema: z.ZodType): z.ZodType | undefined {
  let s: z.ZodType = schema;
  for (let i = 0; i < 32; i++) {
    if (s instanceof z.ZodUnknown || s instanceof z.ZodAny) return undefined;
    const def = s.def as { innerType?: z.ZodType; in?: z.ZodType };
    if (def.innerType) s = def.innerType;
    else if (s instanceof z.ZodPipe && def.in) s = def.in;
    else return s;
  }
  return s;
}

function enumValues(schema: z.ZodType): string[] | undefined {
  const s = unwrap(schema);
  return s instanceof z.ZodEnum ? (s.options as string[]).map(String) : undefined;
}

function ownValue(value: unknown, key: string | number): unknown {
  if (value === null || typeof value !== 'object') return undefined;
  return Object.hasOwn(value, key) ? (value as Record<string | number, unknown>)[key] : undefined;
}
