import { describe, expect, it } from 'vitest';
import { weightedQuantiles } from '../../../src/sim/assimilate/weighted-quantiles.js';
import { createRng } from '../../../src/sim/rng.js';

describe('weightedQuantiles', () => {
  it('inverts the weighted distribution function', () => {
    const v = new Float64Array([3, 1, 2]);
    const w = new Float64Array([0.2, 0.5, 0.3]);
    expect(Array.from(weightedQuantiles(v, w, [0.05, 0.5, 0.51, 0.8, 0.81, 0.95]))).toEqual([
      1, 1, 2, 2, 3, 3,
    ]);
    // Probabilities in any order; weights need not sum to 1.
    expect(
      Array.from(
        weightedQuantiles(
          v,
          w.map((x) => 10 * x),
          [0.95, 0.05],
        ),
      ),
    ).toEqual([3, 1]);
  });

  it('ignores zero weights and returns NaN when nothing has weight', () => {
    const v = new Float64Array([100, 1, 2, -100]);
    const w = new Float64Array([0, 1, 1, 0]);
    expect(Array.from(weightedQuantiles(v, w, [0, 1]))).toEqual([1, 2]);
    expect(weightedQuantiles(v, new Float64Array(4), [0.5])[0]).toBeNaN();
  });

  it('with equal weights gives the type-1 sample quantile', () => {
    const rng = createRng(3);
    const v = Float64Array.from({ length: 999 }, () => rng.normal());
    const w = new Float64Array(999).fill(1 / 999);
    const sorted = v.slice().sort();
    for (const p of [0.05, 0.5, 0.95])
      expect(weightedQuantiles(v, w, [p])[0]).toBe(sorted[Math.ceil(p * 999) - 1]);
  });

  it('rejects mismatched lengths and negative weights', () => {
    expect(() => weightedQuantiles(new Float64Array(2), new Float64Array(3), [0.5])).toThrow();
    expect(() => weightedQuantiles(new Float64Array(2), new Float64Array([1, -1]), [0.5])).toThrow();
  });
});
