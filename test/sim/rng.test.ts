import { describe, expect, it } from 'vitest';
import { createRng, poisson, substream } from '../../src/sim/rng.js';

describe('rng', () => {
  it('repeats a stream exactly for the same seed and stream', () => {
    const a = createRng(42, 'x');
    const b = createRng(42, 'x');
    for (let i = 0; i < 1000; i++) expect(a.next()).toBe(b.next());
  });

  it('gives different streams for different seeds, streams and purposes', () => {
    const first = (r: { next(): number }) => Array.from({ length: 4 }, () => r.next());
    expect(first(createRng(1, 0))).not.toEqual(first(createRng(2, 0)));
    expect(first(createRng(1, 0))).not.toEqual(first(createRng(1, 1)));
    expect(first(substream(1, 5, 'params'))).not.toEqual(first(substream(1, 5, 'history')));
    expect(first(substream(1, 5, 'params'))).not.toEqual(first(substream(1, 6, 'params')));
  });

  it('draws uniforms on [0, 1) with the right mean and variance', () => {
    const r = createRng(7);
    const n = 200_000;
    let sum = 0;
    let sq = 0;
    let min = 1;
    let max = 0;
    for (let i = 0; i < n; i++) {
      const u = r.next();
      min = Math.min(min, u);
      max = Math.max(max, u);
      sum += u;
      sq += u * u;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect(sum / n).toBeCloseTo(0.5, 2);
    expect(sq / n - (sum / n) ** 2).toBeCloseTo(1 / 12, 2);
  });

  it('draws standard normals', () => {
    const r = createRng(9);
    const n = 200_000;
    let sum = 0;
    let sq = 0;
    let beyond = 0;
    for (let i = 0; i < n; i++) {
      const z = r.normal();
      sum += z;
      sq += z * z;
      if (Math.abs(z) > 1.96) beyond++;
    }
    expect(sum / n).toBeCloseTo(0, 2);
    expect(sq / n).toBeCloseTo(1, 1);
    expect(beyond / n).toBeCloseTo(0.05, 2);
  });

  it('draws Poisson counts with the right mean for small and large means', () => {
    for (const mean of [0.3, 4, 80]) {
      const r = createRng(11, mean);
      let sum = 0;
      const n = 50_000;
      for (let i = 0; i < n; i++) sum += poisson(r, mean);
      expect(sum / n).toBeCloseTo(mean, mean > 10 ? 0 : 1);
    }
    expect(poisson(createRng(1), 0)).toBe(0);
  });
});
