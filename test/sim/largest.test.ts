import { describe, expect, it } from 'vitest';
import { largest } from '../../src/sim/model/events.js';
import type { SimState } from '../../src/sim/model/state.js';
import { createRng } from '../../src/sim/rng.js';

/** `largest` (a short insertion list) against a full sort: same groups, same order, ties by index. */
describe('largest', () => {
  it('equals sorting every live group by size, ties broken by index', () => {
    const rng = createRng(5, 'largest');
    for (let trial = 0; trial < 500; trial++) {
      const n = 1 + Math.floor(rng.next() * 60);
      // Small integer sizes, many ties and some dead groups (size 0).
      const C = Float64Array.from({ length: n }, () => (rng.next() < 0.2 ? 0 : Math.floor(rng.next() * 5)));
      const s = { n, C } as unknown as SimState;
      for (const k of [1, 3, 10]) {
        const live = Array.from({ length: n }, (_, i) => i).filter((i) => C[i] > 0);
        live.sort((a, b) => C[b] - C[a] || a - b);
        expect(largest(s, k)).toEqual(live.slice(0, k));
      }
    }
  });
});
