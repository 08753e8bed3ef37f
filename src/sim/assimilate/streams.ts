import { createRng, hashString, mix32, type Rng } from '../rng.js';

/**
 * Random streams of the particle filters, each a pure function of the seed and of where it is used —
 * never of the order in which particles are visited — so a multi-threaded `propagate` (or any split of
 * the particles) draws the same numbers as the single-threaded loop.
 *
 * A stream is named by (seed, step t, purpose) and, for per-particle streams, the slot. The step and the
 * purpose are folded into the generator's seed by bijections of 32-bit integers (for a fixed seed and
 * purpose, distinct steps give distinct seeds), the slot is the generator's stream: so the streams of
 * one filter run are all distinct, not merely distinct with high probability (rng.ts fills the state
 * from the (seed, stream) pair).
 */

const PROPAGATE = hashString('propagate');

/** 32-bit seed for (seed, index, purpose hash); a bijection of `index` for fixed seed and purpose. */
function foldSeed(seed: number, index: number, purpose: number): number {
  return mix32((seed >>> 0) ^ mix32((purpose + Math.imul(index >>> 0, 0x9e3779b1)) >>> 0));
}

/**
 * The stream `propagate` receives for the particle in `slot` at step `t`.
 *
 * @example
 * particleStream(1, 0, 5).normal() // the same number whichever thread advances slot 5 at step 0
 */
export function particleStream(seed: number, t: number, slot: number): Rng {
  return createRng(propagateSeed(seed, t), slot);
}

/**
 * The generator seed of step t's particle streams: `particleStream(seed, t, slot)` is
 * `createRng(propagateSeed(seed, t), slot)`. A filter computes it once per step (it is a third of the
 * cost of a stream).
 *
 * @example
 * const stepSeed = propagateSeed(seed, t);
 * for (let j = 0; j < n; j++) model.propagate(j, t, createRng(stepSeed, j));
 */
export function propagateSeed(seed: number, t: number): number {
  return foldSeed(seed, t, PROPAGATE);
}

/**
 * A stream shared by all particles at step `t` for one purpose (e.g. `'resample'`).
 *
 * @example
 * const u = stepStream(1, 3, 'resample').next(); // the systematic-resampling offset of step 3
 */
export function stepStream(seed: number, t: number, purpose: string): Rng {
  return createRng(foldSeed(seed, t, hashString(purpose)), 0);
}

/**
 * A seed for a child run (an IF2 iteration, a likelihood replicate): distinct for distinct `index`.
 *
 * @example
 * childSeed(7, 2, 'replicate') // the seed of the third replicate filter of seed 7
 */
export function childSeed(seed: number, index: number, purpose: string): number {
  return foldSeed(seed, index, hashString(purpose));
}
