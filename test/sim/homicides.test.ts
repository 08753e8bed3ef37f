import { describe, expect, it } from 'vitest';
import { fitHomicides, legacyBasis, nnls, residualPath } from '../../src/sim/model/homicides.js';
import { createRng } from '../../src/sim/rng.js';

describe('homicide calibration', () => {
  it('non-negative least squares finds an exact solution and clamps negative ones to zero', () => {
    const cols = [
      [1, 2, 3, 4, 5],
      [2, 1, 0, 1, 2],
      [1, 1, 1, 1, 1],
    ];
    const truth = [3, 2, 5];
    const y = cols[0].map((_, k) => truth[0] * cols[0][k] + truth[1] * cols[1][k] + truth[2] * cols[2][k]);
    const w = y.map(() => 1);
    nnls(cols, y, w).forEach((v, i) => {
      expect(v).toBeCloseTo(truth[i], 9);
    });
    const yNeg = cols[0].map((_, k) => 3 * cols[0][k] - 2 * cols[1][k] + 5);
    const c = nnls(cols, yNeg, w);
    expect(Math.min(...c)).toBeGreaterThanOrEqual(0);
  });

  it('the legacy basis integrates e^(−t/τ) over a year', () => {
    expect(legacyBasis(2012, 2013, 2)).toBeCloseTo(2 * (1 - Math.exp(-0.5)), 12);
    let sum = 0;
    for (let y = 2012; y < 2100; y++) sum += legacyBasis(y, y + 1, 3);
    expect(sum).toBeCloseTo(3, 6);
  });

  it('recovers the parameters of a synthetic series (h and τ from their grids)', () => {
    const years = Array.from({ length: 13 }, (_, k) => 2012 + k);
    const personYears = years.map((_, k) => 118e6 + 1.2e6 * k);
    const conflict = years.map((_, k) => 3000 * 1.08 ** k);
    const confrontations = years.map(() => 100);
    const truth = { h: 7, kappa: 2.5, legacy: 8000, tau: 2 };
    const observed = years.map(
      (y, k) =>
        (truth.h * personYears[k]) / 1e5 +
        truth.kappa * conflict[k] +
        truth.legacy * legacyBasis(y, y + 1, truth.tau) +
        100,
    );
    const fit = fitHomicides({ years, personYears, conflict, confrontations }, observed);
    expect(fit.legacyYears).toBe(2);
    expect(fit.nonCartelRate).toBe(7);
    expect(fit.nonCartelRate).toBeCloseTo(truth.h, 6);
    expect(fit.perConflictDeath).toBeCloseTo(truth.kappa, 6);
    expect(fit.legacy).toBeCloseTo(truth.legacy, 3);
    expect(fit.mape).toBeLessThan(1e-9);
  });

  it('keeps h within its bounds even when the data would push it out', () => {
    const years = Array.from({ length: 10 }, (_, k) => 2012 + k);
    const personYears = years.map(() => 120e6);
    const conflict = years.map((_, k) => 3000 + 100 * k);
    // A flat series that a large h alone would fit.
    const observed = years.map(() => 30000);
    const fit = fitHomicides({ years, personYears, conflict, confrontations: years.map(() => 0) }, observed);
    expect(fit.nonCartelRate).toBeLessThanOrEqual(8.1);
    expect(fit.perConflictDeath).toBeGreaterThan(1);
  });

  it('projects residuals as an AR(1): decaying without noise, random with it', () => {
    const fit = { lastResidual: -0.2, arPhi: 0.5, arSd: 0.1, lastYear: 2024 } as Parameters<
      typeof residualPath
    >[0];
    const path = residualPath(fit, 2027);
    expect(path.get(2025)).toBeCloseTo(-0.1, 12);
    expect(path.get(2027)).toBeCloseTo(-0.025, 12);
    const noisy = residualPath(fit, 2027, createRng(1));
    expect(noisy.get(2025)).not.toBe(path.get(2025));
  });
});
