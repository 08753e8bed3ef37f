import { describe, expect, it } from 'vitest';
import { PeriodAccumulator } from '../../src/sim/model/periods.js';
import { quantileSorted } from '../../src/sim/summary.js';

describe('summaries', () => {
  it('quantiles match R’s default (type 7)', () => {
    const x = Float64Array.from({ length: 10 }, (_, i) => i + 1);
    // R: quantile(1:10, c(.05,.25,.5,.75,.95)) = 1.45 3.25 5.50 7.75 9.55
    expect(quantileSorted(x, 0.05)).toBeCloseTo(1.45, 12);
    expect(quantileSorted(x, 0.25)).toBeCloseTo(3.25, 12);
    expect(quantileSorted(x, 0.5)).toBeCloseTo(5.5, 12);
    expect(quantileSorted(x, 0.75)).toBeCloseTo(7.75, 12);
    expect(quantileSorted(x, 0.95)).toBeCloseTo(9.55, 12);
    expect(quantileSorted(new Float64Array(0), 0.5)).toBeNaN();
  });
});

describe('period accumulation', () => {
  it('splits a step that straddles a boundary in proportion to time, and reads stocks at period ends', () => {
    const acc = new PeriodAccumulator(Float64Array.from([0, 10, 20]), ['x'], ['s']);
    let total = 0;
    for (let t = 0; t < 20; t += 3) {
      const dt = Math.min(3, 20 - t);
      acc.begin(t, dt);
      acc.add('x', 1); // one per week
      total += dt;
      if (acc.closing1 >= 0) acc.setStock('s', acc.closing1, t + dt);
    }
    expect(acc.flows.x[0]).toBeCloseTo(10, 12);
    expect(acc.flows.x[1]).toBeCloseTo(10, 12);
    expect(total).toBe(20);
    expect(acc.stocks.s[0]).toBe(12); // the step [9, 12) closes period 0
    expect(acc.stocks.s[1]).toBe(20);
  });

  it('ignores steps outside the periods', () => {
    const acc = new PeriodAccumulator(Float64Array.from([10, 20]), ['x'], []);
    expect(acc.begin(0, 5)).toBe(false);
    expect(acc.begin(25, 5)).toBe(false);
    expect(acc.begin(8, 4)).toBe(true);
    acc.add('x', 1);
    expect(acc.flows.x[0]).toBeCloseTo(2, 12);
  });
});
