import { describe, expect, it } from 'vitest';
import { logMeanExp } from '../../../src/sim/assimilate/log-mean-exp.js';

describe('logMeanExp', () => {
  it('matches the direct formula and pomp’s jackknife standard error', () => {
    const x = [-1000.3, -999.1, -1001.7, -1000.0, -999.8];
    const { mean, se } = logMeanExp(x);
    // Direct, shifted by 1000 to stay finite.
    const direct = -1000 + Math.log(x.reduce((a, v) => a + Math.exp(v + 1000), 0) / x.length);
    expect(mean).toBeCloseTo(direct, 12);
    const n = x.length;
    const jk = x.map((_, k) => {
      const rest = x.filter((_, i) => i !== k);
      return -1000 + Math.log(rest.reduce((a, v) => a + Math.exp(v + 1000), 0) / rest.length);
    });
    const avg = jk.reduce((a, v) => a + v, 0) / n;
    const sd = Math.sqrt(jk.reduce((a, v) => a + (v - avg) ** 2, 0) / (n - 1));
    expect(se).toBeCloseTo(((n - 1) * sd) / Math.sqrt(n), 12);
  });

  it('handles a single value, equal values and −Infinity', () => {
    expect(logMeanExp([-5])).toEqual({ mean: -5, se: Number.NaN });
    const equal = logMeanExp([-5, -5, -5]);
    expect(equal.mean).toBeCloseTo(-5, 14);
    expect(equal.se).toBeCloseTo(0, 14);
    expect(logMeanExp([Number.NEGATIVE_INFINITY, 0]).mean).toBeCloseTo(Math.log(0.5), 14);
    expect(logMeanExp([]).mean).toBeNaN();
  });
});
