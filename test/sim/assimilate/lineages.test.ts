import { describe, expect, it } from 'vitest';
import { traceLineages } from '../../../src/sim/assimilate/lineages.js';

describe('traceLineages', () => {
  it('follows parents back from the final slots', () => {
    // 3 steps, 4 slots. Step 0 resampled (slot 0 copied into 1 and 3), step 1 did not, step 2 copied 2 into 0.
    const ancestry = [
      new Int32Array([0, 0, 2, 0]),
      new Int32Array([0, 1, 2, 3]),
      new Int32Array([2, 1, 2, 3]),
    ];
    const out = traceLineages(ancestry, [0, 1, 2, 3]);
    expect(Array.from(out.subarray(8, 12))).toEqual([2, 1, 2, 3]);
    expect(Array.from(out.subarray(4, 8))).toEqual([2, 1, 2, 3]);
    expect(Array.from(out.subarray(0, 4))).toEqual([2, 0, 2, 0]);
    // A subset of final particles, in any order.
    const some = traceLineages(ancestry, [3, 0]);
    expect(Array.from(some)).toEqual([0, 2, 3, 2, 3, 2]);
  });

  it('handles no steps and rejects bad indices', () => {
    expect(traceLineages([], [0]).length).toBe(0);
    expect(() => traceLineages([new Int32Array([0, 1])], [2])).toThrow();
  });
});
