import { describe, expect, it } from 'vitest';
import { latinHypercube, morrisDesign, saltelliDesign, sobolPoints } from '../../src/explore/design.js';
import { createRng } from '../../src/sim/rng.js';

/** Column j of a row-major n×k design. */
function column(x: Float64Array, k: number, j: number): number[] {
  const out: number[] = [];
  for (let i = j; i < x.length; i += k) out.push(x[i]);
  return out;
}

describe('latinHypercube', () => {
  it('puts exactly one point in each stratum of every column', () => {
    const n = 97;
    const k = 6;
    const x = latinHypercube(n, k, createRng(11, 'lhs'));
    expect(x.length).toBe(n * k);
    for (let j = 0; j < k; j++) {
      const strata = column(x, k, j).map((v) => {
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThan(1);
        return Math.floor(v * n);
      });
      expect(strata.sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
    }
  });

  it('pairs the columns at random and is deterministic by seed', () => {
    const a = latinHypercube(50, 3, createRng(5, 'lhs'));
    expect(latinHypercube(50, 3, createRng(5, 'lhs'))).toEqual(a);
    expect(latinHypercube(50, 3, createRng(6, 'lhs'))).not.toEqual(a);
    // Independent permutations: columns 0 and 1 are not in the same stratum order.
    const s0 = column(a, 3, 0).map((v) => Math.floor(v * 50));
    const s1 = column(a, 3, 1).map((v) => Math.floor(v * 50));
    expect(s0).not.toEqual(s1);
  });
});

describe('sobolPoints', () => {
  it('gives the known first points of dimensions 1 to 3 (zero point dropped)', () => {
    // Sobol' (1967) with Joe–Kuo numbers: dimension 1 is the van der Corput sequence in Gray-code order.
    expect(Array.from(sobolPoints(7, 3))).toEqual([
      0.5, 0.5, 0.5, 0.75, 0.25, 0.25, 0.25, 0.75, 0.75, 0.375, 0.375, 0.625, 0.875, 0.875, 0.125, 0.625,
      0.125, 0.875, 0.125, 0.625, 0.375,
    ]);
  });

  it('makes each column of the first 2^m points a permutation of {0, …, 2^m − 1} / 2^m', () => {
    const k = 40;
    for (const m of [1, 4, 8, 11]) {
      const n = 2 ** m;
      // n − 1 points after the dropped origin complete the block of indices 0..2^m − 1.
      const x = sobolPoints(n - 1, k);
      for (let j = 0; j < k; j++) {
        const col = [0, ...column(x, k, j)].map((v) => v * n).sort((a, b) => a - b);
        expect(col).toEqual(Array.from({ length: n }, (_, i) => i));
        // Hence each column's mean over the 2^m points is exactly (2^m − 1) / 2^(m+1).
        expect(col.reduce((s, v) => s + v / n, 0) / n).toBe((n - 1) / 2 ** (m + 1));
      }
    }
  });

  it('is a (0, m, 2)-net in dimensions 1 and 2: every 2^p × 2^(m−p) box holds one point', () => {
    const m = 8;
    const n = 2 ** m;
    const x = [0, 0, ...sobolPoints(n - 1, 2)];
    for (let p = 0; p <= m; p++) {
      const seen = new Set<number>();
      for (let i = 0; i < n; i++) {
        seen.add(Math.floor(x[2 * i] * 2 ** p) * 2 ** (m - p) + Math.floor(x[2 * i + 1] * 2 ** (m - p)));
      }
      expect(seen.size).toBe(n);
    }
  });

  it('skips points and stays stratified on later blocks of 2^m', () => {
    const all = sobolPoints(40, 5);
    expect(sobolPoints(30, 5, { skip: 10 })).toEqual(all.subarray(50));
    const n = 256;
    const block = sobolPoints(n, 12, { skip: n - 1 }); // indices 256..511
    for (let j = 0; j < 12; j++) {
      const strata = column(block, 12, j).map((v) => Math.floor(v * n));
      expect(new Set(strata).size).toBe(n);
    }
  });

  it('supports 1024 dimensions and refuses more with a clear error', () => {
    const x = sobolPoints(3, 1024);
    expect(x.length).toBe(3 * 1024);
    expect(x.every((v) => v > 0 && v < 1)).toBe(true);
    expect(() => sobolPoints(3, 1025)).toThrow(/1025 dimensions requested.*1024/);
    expect(() => saltelliDesign(4, 513)).toThrow(/1026 Sobol' dimensions/);
  });
});

describe('saltelliDesign', () => {
  it('lays out A, AB^(1..k), B blocks from the two halves of a 2k-dimensional Sobol sequence', () => {
    const N = 64;
    const k = 4;
    const x = saltelliDesign(N, k);
    const base = sobolPoints(N, 2 * k);
    expect(x.length).toBe(N * (k + 2) * k);
    for (let j = 0; j < N; j++) {
      const a = Array.from(base.subarray(j * 2 * k, j * 2 * k + k));
      const b = Array.from(base.subarray(j * 2 * k + k, (j + 1) * 2 * k));
      const row = (r: number) => Array.from(x.subarray((j * (k + 2) + r) * k, (j * (k + 2) + r + 1) * k));
      expect(row(0)).toEqual(a);
      expect(row(k + 1)).toEqual(b);
      for (let i = 0; i < k; i++) {
        const ab = [...a];
        ab[i] = b[i];
        expect(row(i + 1)).toEqual(ab);
      }
    }
  });
});

describe('morrisDesign', () => {
  it('moves exactly one factor per step by ±Δ, each factor once, on the grid', () => {
    for (const p of [4, 6]) {
      const r = 300;
      const k = 7;
      const step = p / (2 * (p - 1));
      const x = morrisDesign(r, k, { rng: createRng(3, 'morris'), levels: p });
      expect(x.length).toBe(r * (k + 1) * k);
      const offGrid = x.filter(
        (v) => v < 0 || v > 1 || Math.abs(v * (p - 1) - Math.round(v * (p - 1))) > 1e-12,
      );
      expect(offGrid.length).toBe(0);
      const problems: string[] = [];
      for (let t = 0; t < r; t++) {
        const moved = new Set<number>();
        for (let s = 1; s <= k; s++) {
          const row = t * (k + 1) + s;
          const changed: number[] = [];
          for (let j = 0; j < k; j++) {
            const d = x[row * k + j] - x[(row - 1) * k + j];
            if (d === 0) continue;
            changed.push(j);
            if (Math.abs(Math.abs(d) - step) > 1e-12) problems.push(`row ${row}: step ${d}`);
          }
          if (changed.length !== 1) problems.push(`row ${row}: ${changed.length} factors move`);
          moved.add(changed[0]);
        }
        if (moved.size !== k) problems.push(`trajectory ${t}: ${moved.size} factors moved`);
      }
      expect(problems).toEqual([]);
    }
  });

  it('starts uniformly on the grid, moves both ways, in random factor orders', () => {
    const r = 4000;
    const k = 3;
    const x = morrisDesign(r, k, { rng: createRng(9, 'morris') });
    const starts = [0, 0, 0, 0];
    let up = 0;
    const firstMoved = [0, 0, 0];
    for (let t = 0; t < r; t++) {
      const row0 = t * (k + 1) * k;
      for (let j = 0; j < k; j++) starts[Math.round(x[row0 + j] * 3)]++;
      for (let j = 0; j < k; j++) {
        const d = x[row0 + k + j] - x[row0 + j];
        if (d !== 0) firstMoved[j]++;
        // Over the whole trajectory, compare end with start.
        if (x[row0 + k * k + j] > x[row0 + j]) up++;
      }
    }
    for (const c of starts) expect(c / (r * k)).toBeCloseTo(0.25, 1);
    expect(up / (r * k)).toBeCloseTo(0.5, 1);
    for (const c of firstMoved) expect(c / r).toBeCloseTo(1 / 3, 1);
  });

  it('is deterministic by seed and refuses odd levels', () => {
    const a = morrisDesign(5, 4, { rng: createRng(1, 'm') });
    expect(morrisDesign(5, 4, { rng: createRng(1, 'm') })).toEqual(a);
    expect(morrisDesign(5, 4, { rng: createRng(2, 'm') })).not.toEqual(a);
    expect(() => morrisDesign(5, 4, { rng: createRng(1, 'm'), levels: 5 })).toThrow(/even/);
  });
});
