import { createHash } from 'node:crypto';

/**
 * Sweep results and specs as exact text: through Redis (src/explore/bullmq.ts) and into checkpoints
 * (checkpoint.ts). Kept apart from the BullMQ engine so that the local engine never loads BullMQ.
 */

/** Stable content hash of (kind, spec): sha256 of its canonical packing (keys sorted). */
export function sweepId(kind: string, spec: unknown): string {
  return createHash('sha256')
    .update(packCanonical([kind, spec]))
    .digest('hex');
}

// JSON with tags for what JSON cannot say, so that results round-trip bit for bit.

type Packed = null | boolean | number | string | Packed[] | { [key: string]: Packed };

const TYPED_ARRAYS = {
  Float64Array,
  Float32Array,
  Int32Array,
  Uint32Array,
  Int16Array,
  Uint16Array,
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  BigInt64Array,
  BigUint64Array,
} as const;
type TypedArrayName = keyof typeof TYPED_ARRAYS;

/**
 * Packs a value as JSON text. Exact for plain objects and arrays, strings, booleans, null, undefined,
 * bigints, every number (NaN, ±Infinity and -0 are tagged) and typed arrays (their bytes in base64,
 * little-endian as on every machine we run). Anything else (Map, Date, class instances) throws rather
 * than come back different. Tags are objects with a `$t` key; a packed object of one's own with that key
 * is wrapped, so no value is mistaken for a tag.
 */
export function packResult(r: unknown): string {
  return JSON.stringify(encode(r, false));
}

/** Like packResult, with object keys sorted: the same value always gives the same text (hashes, Redis). */
export function packCanonical(r: unknown): string {
  return JSON.stringify(encode(r, true));
}

export function unpackResult(s: string): unknown {
  return decode(JSON.parse(s) as Packed);
}

function encode(v: unknown, canonical: boolean): Packed {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return v;
    case 'number':
      return Number.isFinite(v) && !Object.is(v, -0)
        ? v
        : { $t: 'num', v: Object.is(v, -0) ? '-0' : String(v) };
    case 'undefined':
      return { $t: 'undef' };
    case 'bigint':
      return { $t: 'bigint', v: v.toString() };
    case 'object': {
      if (v === null) return null;
      if (Array.isArray(v)) {
        const out: Packed[] = new Array(v.length);
        for (let i = 0; i < v.length; i++) out[i] = encode(v[i], canonical);
        return out;
      }
      if (ArrayBuffer.isView(v)) {
        const view: ArrayBufferView = v;
        const name = view.constructor.name as TypedArrayName;
        if ((TYPED_ARRAYS[name] as unknown) !== view.constructor) {
          throw new TypeError(`packResult: cannot pack a ${name}`);
        }
        return { $t: name, v: Buffer.from(view.buffer, view.byteOffset, view.byteLength).toString('base64') };
      }
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) {
        throw new TypeError(`packResult: cannot pack a ${proto?.constructor?.name ?? 'non-plain object'}`);
      }
      const keys = Object.keys(v);
      if (canonical) keys.sort();
      const out = Object.fromEntries(
        keys.map((k) => [k, encode((v as Record<string, unknown>)[k], canonical)]),
      );
      return '$t' in out ? { $t: 'obj', v: out } : out;
    }
    default:
      throw new TypeError(`packResult: cannot pack a ${typeof v}`);
  }
}

function decode(p: Packed): unknown {
  if (p === null || typeof p !== 'object') return p;
  if (Array.isArray(p)) return p.map(decode);
  if (!('$t' in p)) return decodeEntries(p);
  const tag = p.$t as string;
  const v = p.v as string;
  if (tag === 'num') return Number(v);
  if (tag === 'undef') return undefined;
  if (tag === 'bigint') return BigInt(v);
  if (tag === 'obj') return decodeEntries(p.v as Record<string, Packed>);
  const Ctor = TYPED_ARRAYS[tag as TypedArrayName];
  if (!Ctor) throw new TypeError(`unpackResult: unknown tag ${tag}`);
  const bytes = Buffer.from(v, 'base64');
  // A fresh buffer: the decoded bytes may sit at an offset that the element size does not divide.
  const buffer = new ArrayBuffer(bytes.length);
  new Uint8Array(buffer).set(bytes);
  return new Ctor(buffer);
}

function decodeEntries(p: Record<string, Packed>): Record<string, unknown> {
  // fromEntries defines own properties: a "__proto__" key stays a key.
  return Object.fromEntries(Object.entries(p).map(([k, x]) => [k, decode(x)]));
}
