/**
 * Seeded pseudo-random numbers for the simulator.
 *
 * Every stochastic function in Atalaya takes an `Rng`; nothing reads a global generator. Streams are
 * derived from a (seed, stream) pair with SplitMix64-style mixing so that Monte Carlo run `r` draws
 * the same numbers whichever worker thread runs it: results do not depend on the thread count.
 *
 * Generator: xoshiro128** (Blackman & Vigna 2018, https://prng.di.unimi.it/), 32-bit arithmetic
 * only, so it is exact and fast in JavaScript.
 */

export interface Rng {
  /** Uniform on [0, 1). */
  next(): number;
  /** Standard normal N(0, 1). */
  normal(): number;
}

/** Spread the bits of a 32-bit integer (murmur3 finaliser). */
export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A 32-bit hash of a string, used to turn stream names into stream numbers. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}

class Xoshiro128 implements Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spare = Number.NaN;

  constructor(seed: number, stream: number) {
    // Fill the 128-bit state from the (seed, stream) pair; never all zero.
    let s = mix32((seed >>> 0) ^ 0x9e3779b9);
    const t = mix32((stream >>> 0) + 0x7f4a7c15);
    this.a = mix32(s ^ t);
    s = mix32(this.a + 0x6c078965);
    this.b = mix32(s ^ mix32(t + 1));
    this.c = mix32(this.b + 0x2545f491);
    this.d = mix32(this.c ^ 0xbf58476d) | 1;
  }

  private nextU32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  next(): number {
    // 53 bits from two draws, as in Math.random implementations.
    const hi = this.nextU32() >>> 5;
    const lo = this.nextU32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  normal(): number {
    if (!Number.isNaN(this.spare)) {
      const v = this.spare;
      this.spare = Number.NaN;
      return v;
    }
    // Box–Muller; 1 - u avoids log(0).
    const u = 1 - this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/**
 * A generator for one stream of one seed. `stream` may be a number (e.g. a Monte Carlo run index)
 * or a name (e.g. "parameters", "events") so that independent uses never share draws.
 */
export function createRng(seed: number, stream: number | string = 0): Rng {
  const s = typeof stream === 'string' ? hashString(stream) : stream;
  return new Xoshiro128(seed, s);
}

/** A child stream: combines a run index and a purpose, e.g. `substream(seed, run, 'events')`. */
export function substream(seed: number, run: number, purpose: string): Rng {
  return createRng(seed, mix32((run >>> 0) * 0x9e3779b1 + hashString(purpose)));
}

/** Poisson draw (Knuth for small means, normal approximation above 50). */
export function poisson(rng: Rng, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * rng.normal()));
  const limit = Math.exp(-mean);
  let k = 0;
  let p = rng.next();
  while (p > limit) {
    k++;
    p *= rng.next();
  }
  return k;
}
