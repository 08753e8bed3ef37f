import { describe, expect, it } from 'vitest';
import { cartBoxes, cartLeaves } from '../../src/explore/cart.js';
import { boxStats } from '../../src/explore/prim.js';
import {
  BOX_A,
  balancedNoise,
  limitError,
  type Planted,
  plantedDesign,
} from '../fixtures/explore/planted-boxes.js';

const design = (n: number, k: number, seed: number, box: Planted) =>
  plantedDesign(n, k, seed, [box], 'cart-test');

describe('cartBoxes: a planted box', () => {
  it('finds it without noise', () => {
    const { x, hit } = design(2000, 10, 1, BOX_A);
    const boxes = cartBoxes(x, 10, hit);
    expect(boxes[0].restricted).toEqual([2, 7]);
    expect(limitError(boxes[0], BOX_A)).toBeLessThanOrEqual(0.05);
    expect(boxes[0].coverage).toBeGreaterThanOrEqual(0.9);
    expect(boxes[0].density).toBeGreaterThanOrEqual(0.9);
    // Measured: thresholds within 0.002 of the planted edges, coverage and density 1.
    expect(limitError(boxes[0], BOX_A)).toBeLessThan(0.01);
    expect(boxes).toHaveLength(1);
  });

  it('finds it under 10% label noise', () => {
    for (const seed of [1, 2, 3]) {
      const { x, hit } = design(2000, 10, seed, BOX_A);
      balancedNoise(hit, seed);
      const box = cartBoxes(x, 10, hit)[0];
      expect(box.restricted).toEqual([2, 7]);
      expect(limitError(box, BOX_A)).toBeLessThanOrEqual(0.05);
      expect(box.coverage).toBeGreaterThanOrEqual(0.8);
      expect(box.density).toBeGreaterThanOrEqual(0.8);
    }
  });

  it('reports limits that select exactly the leaf, with coverage, density and mass over all points', () => {
    const { x, hit } = design(2000, 10, 2, BOX_A);
    balancedNoise(hit, 2);
    // minDensity 0: every leaf that restricts something; the leaves partition the points.
    const boxes = cartBoxes(x, 10, hit, { minDensity: 0 });
    let mass = 0;
    let coverage = 0;
    for (const box of boxes) {
      const stats = boxStats(x, 10, hit, box.lower, box.upper);
      expect(box.coverage).toBeCloseTo(stats.coverage, 14);
      expect(box.density).toBeCloseTo(stats.density, 14);
      expect(box.mass).toBeCloseTo(stats.mass, 14);
      mass += box.mass;
      coverage += box.coverage;
    }
    expect(mass).toBeCloseTo(1, 12);
    expect(coverage).toBeCloseTo(1, 12);
    for (let b = 1; b < boxes.length; b++) expect(boxes[b].density).toBeLessThanOrEqual(boxes[b - 1].density);
  });

  it('respects maxDepth and minLeaf', () => {
    const { x, hit } = design(2000, 10, 1, BOX_A);
    const shallow = cartLeaves(x, 10, hit, { maxDepth: 2, minLeaf: 5 });
    expect(shallow.length).toBeLessThanOrEqual(4);
    const leaves = cartLeaves(x, 10, hit, { maxDepth: 6, minLeaf: 150 });
    for (const leaf of leaves) expect(leaf.count).toBeGreaterThanOrEqual(150);
    // Depth 1: one split, and the best single cut of this box is on one of its two factors.
    const stump = cartBoxes(x, 10, hit, { maxDepth: 1, minDensity: 0 });
    expect(stump).toHaveLength(2);
    expect([2, 7]).toContain(stump[0].restricted[0]);
  });

  it('carries named limits', () => {
    const { x, hit } = design(1000, 10, 3, BOX_A);
    const names = Array.from({ length: 10 }, (_, j) => `f${j}`);
    const box = cartBoxes(x, 10, hit, { names })[0];
    expect(Object.keys(box.limits!)).toEqual(['f2', 'f7']);
    expect(box.limits!.f7).toEqual([box.lower[7], box.upper[7]]);
  });
});

describe('cartBoxes: determinism, ties and edge cases', () => {
  it('gives the same boxes on every run', () => {
    const { x, hit } = design(1500, 8, 4, { 1: [0.1, 0.5], 6: [0.3, 1] });
    balancedNoise(hit, 4);
    expect(cartBoxes(x, 8, hit)).toEqual(cartBoxes(x, 8, hit));
  });

  it('breaks ties by the lowest factor index', () => {
    // Factors 1 and 4 are identical copies: every split on one is a split on the other.
    const n = 600;
    const { x } = design(n, 5, 5, {});
    for (let i = 0; i < n; i++) x[i * 5 + 4] = x[i * 5 + 1];
    const hit = new Uint8Array(n);
    for (let i = 0; i < n; i++) hit[i] = x[i * 5 + 1] > 0.7 ? 1 : 0;
    const boxes = cartBoxes(x, 5, hit);
    expect(boxes).toHaveLength(1);
    expect(boxes[0].restricted).toEqual([1]);
  });

  it('splits a step-valued factor between its levels', () => {
    const n = 2000;
    const k = 4;
    const { x } = design(n, k, 6, {});
    const hit = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      x[i * k + 3] = Math.floor(x[i * k + 3] * 5); // levels 0..4
      hit[i] = x[i * k + 3] >= 3 && x[i * k] < 0.5 ? 1 : 0;
    }
    const box = cartBoxes(x, k, hit)[0];
    expect(box.restricted).toEqual([0, 3]);
    expect([box.lower[3], box.upper[3]]).toEqual([2.5, 4]);
    expect(box.density).toBe(1);
    expect(box.coverage).toBe(1);
  });

  it('returns no box without marked points, with every point marked, or with too few points', () => {
    const { x } = design(300, 3, 7, {});
    expect(cartBoxes(x, 3, new Uint8Array(300))).toEqual([]);
    expect(cartBoxes(x, 3, new Uint8Array(300).fill(1))).toEqual([]);
    expect(cartBoxes(Float64Array.of(0, 1, 2), 1, Uint8Array.of(0, 1, 1))).toEqual([]);
    expect(cartBoxes(new Float64Array(0), 2, new Uint8Array(0))).toEqual([]);
  });

  it('never splits on a constant factor', () => {
    const n = 1000;
    const { x, hit } = design(n, 10, 8, BOX_A);
    for (let i = 0; i < n; i++) x[i * 10] = 3;
    const boxes = cartBoxes(x, 10, hit, { minDensity: 0 });
    for (const box of boxes) expect(box.restricted).not.toContain(0);
    expect(boxes[0].restricted).toEqual([2, 7]);
    expect(cartBoxes(new Float64Array(n * 2).fill(1), 2, hit)).toEqual([]);
  });
});

describe('cartBoxes: size', () => {
  it('grows a depth-4 tree on n = 20,000 and k = 120 in seconds', () => {
    const n = 20_000;
    const k = 120;
    const planted: Planted = { 2: [0.2, 0.6], 77: [0.5, 0.9] };
    const { x, hit } = design(n, k, 9, planted);
    const t0 = performance.now();
    const boxes = cartBoxes(x, k, hit);
    const ms = performance.now() - t0;
    console.log(`cartBoxes n=${n} k=${k}: ${ms.toFixed(0)} ms`);
    expect(boxes[0].restricted).toEqual([2, 77]);
    expect(limitError(boxes[0], planted)).toBeLessThan(0.01);
    // Measured 0.65–1.4 s wall (about 0.5 s of CPU) on a shared, busy 2-core machine; the bound is loose on
    // purpose and only catches a return to sorting at every node.
    expect(ms).toBeLessThan(10_000);
  });
});
