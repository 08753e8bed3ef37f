import { describe, expect, it } from 'vitest';
import { childSeed, particleStream, stepStream } from '../../../src/sim/assimilate/streams.js';

const first = (r: { next(): number }) => [r.next(), r.next()];

describe('filter streams', () => {
  it('are pure functions of (seed, t, slot) and of (seed, t, purpose)', () => {
    expect(first(particleStream(1, 4, 9))).toEqual(first(particleStream(1, 4, 9)));
    expect(first(stepStream(1, 4, 'resample'))).toEqual(first(stepStream(1, 4, 'resample')));
  });

  it('differ across seeds, steps, slots and purposes', () => {
    const seen = new Set<number>();
    for (let t = 0; t < 100; t++) for (let j = 0; j < 100; j++) seen.add(particleStream(1, t, j).next());
    expect(seen.size).toBe(100 * 100);
    expect(first(particleStream(2, 0, 0))).not.toEqual(first(particleStream(1, 0, 0)));
    expect(first(stepStream(1, 0, 'resample'))).not.toEqual(first(stepStream(1, 0, 'other')));
    expect(first(stepStream(1, 0, 'resample'))).not.toEqual(first(stepStream(1, 1, 'resample')));
    expect(childSeed(1, 0, 'replicate')).not.toBe(childSeed(1, 1, 'replicate'));
    expect(childSeed(1, 0, 'replicate')).toBe(childSeed(1, 0, 'replicate'));
  });
});
