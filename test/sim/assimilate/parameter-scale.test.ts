import { describe, expect, it } from 'vitest';
import { parameterScale } from '../../../src/sim/assimilate/parameter-scale.js';

describe('parameterScale', () => {
  it('round-trips each transform', () => {
    const cases = [
      { scale: parameterScale('none'), values: [-3, 0, 2.5] },
      { scale: parameterScale('log'), values: [1e-6, 0.3, 40] },
      { scale: parameterScale('log', [2, Number.POSITIVE_INFINITY]), values: [2.001, 5] },
      { scale: parameterScale('logit'), values: [1e-9, 0.2, 0.999999] },
      { scale: parameterScale('logit', [-1, 3]), values: [-0.999, 0, 2.9] },
    ];
    for (const { scale, values } of cases)
      for (const v of values) expect(scale.fromEstimation(scale.toEstimation(v))).toBeCloseTo(v, 9);
    expect(parameterScale('log').toEstimation(Math.E)).toBeCloseTo(1, 15);
    expect(parameterScale('logit').toEstimation(0.5)).toBe(0);
  });

  it('keeps logit values strictly inside the bounds far out on the estimation scale', () => {
    const s = parameterScale('logit', [0, 10]);
    expect(s.fromEstimation(40)).toBeLessThanOrEqual(10);
    expect(s.fromEstimation(-40)).toBeGreaterThan(0);
  });

  it('reflects at finite bounds of the estimation scale', () => {
    const none = parameterScale('none', [0, 1]);
    expect(none.reflect(0.4)).toBe(0.4);
    expect(none.reflect(-0.25)).toBeCloseTo(0.25, 15);
    expect(none.reflect(1.25)).toBeCloseTo(0.75, 15);
    expect(none.reflect(2.25)).toBeCloseTo(0.25, 15);
    expect(none.reflect(-1.75)).toBeCloseTo(0.25, 15);
    const log = parameterScale('log', [0, Math.E]);
    expect(log.reflect(1.5)).toBeCloseTo(0.5, 15);
    expect(log.reflect(-50)).toBe(-50);
    expect(parameterScale('logit').reflect(1e6)).toBe(1e6);
  });

  it('rejects empty bounds', () => {
    expect(() => parameterScale('logit', [1, 1])).toThrow();
    expect(() => parameterScale('none', [2, 1])).toThrow();
  });
});
