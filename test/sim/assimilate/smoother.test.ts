import { describe, expect, it } from 'vitest';
import { smoothLevels } from '../../../src/sim/assimilate/smoother.js';

/**
 * The backward sampler against exact Gaussian conditioning. With model means so large that the Poisson
 * term 1/(ŷ + ½) vanishes, the levels (c, ℓ_1, ℓ_2, u) and the log counts are jointly Gaussian: the joint
 * of the whole window given its counts is a textbook conditioning of one stacked Gaussian, computed here
 * densely and independently of the Kalman code. The smoother's draws must have its mean and covariance.
 */
const A = 2;
const dim = A + 2;
const K = 4;
const steps = { levelSd: 0.1, commonSd: 0.05, transientSd: 0.08, observationSd: 0.12 };
const MU = 1e12;

function transition(): { F: number[][]; Q: number[][] } {
  const F = Array.from({ length: dim }, (_, r) =>
    Array.from({ length: dim }, (_, c) => (r === c && r < dim - 1 ? 1 : 0)),
  );
  const q = [steps.commonSd ** 2, steps.levelSd ** 2, steps.levelSd ** 2, steps.transientSd ** 2];
  const Q = Array.from({ length: dim }, (_, r) =>
    Array.from({ length: dim }, (_, c) => (r === c ? q[r] : 0)),
  );
  return { F, Q };
}

const mul = (X: number[][], Y: number[][]) =>
  X.map((row) => Y[0].map((_, c) => row.reduce((s, x, k) => s + x * Y[k][c], 0)));
const tr = (X: number[][]) => X[0].map((_, c) => X.map((row) => row[c]));

/** Solve S Z = B (S symmetric positive definite) by Gauss–Jordan elimination. */
function solve(S: number[][], B: number[][]): number[][] {
  const n = S.length;
  const M = S.map((row, i) => [...row, ...B[i]]);
  for (let i = 0; i < n; i++) {
    const p = M[i][i];
    for (let c = 0; c < M[i].length; c++) M[i][c] /= p;
    for (let r = 0; r < n; r++) {
      if (r === i) continue;
      const f = M[r][i];
      for (let c = 0; c < M[r].length; c++) M[r][c] -= f * M[i][c];
    }
  }
  return M.map((row) => row.slice(n));
}

describe('smoothLevels', () => {
  // Filtered moments at the window's first month (any positive definite covariance with u correlated).
  const m0 = [0.1, -0.3, 0.2, 0.05];
  const P0 = [
    [0.04, 0.01, 0.0, 0.005],
    [0.01, 0.09, 0.02, 0.0],
    [0.0, 0.02, 0.06, 0.004],
    [0.005, 0.0, 0.004, 0.01],
  ];
  // Log counts relative to the model mean, months 1 … K − 1 (month 0's are in the moments already);
  // state 2 missing in month 2.
  const z = [
    [0, 0],
    [0.3, -0.1],
    [0.5, Number.NaN],
    [0.2, 0.4],
  ];

  it('draws have the exact smoothed mean and covariance of the joint Gaussian', () => {
    // Exact: stack the window, prior mean and covariance, condition on the observed entries.
    const { F, Q } = transition();
    const means: number[][] = [m0];
    const covs: number[][][] = [P0];
    for (let k = 1; k < K; k++) {
      means.push(
        mul(
          F,
          means[k - 1].map((x) => [x]),
        ).map((r) => r[0]),
      );
      covs.push(mul(mul(F, covs[k - 1]), tr(F)).map((row, r) => row.map((x, c) => x + Q[r][c])));
    }
    const D = K * dim;
    const S = Array.from({ length: D }, () => new Array<number>(D).fill(0));
    for (let s = 0; s < K; s++)
      for (let t = s; t < K; t++) {
        let block = covs[s];
        for (let j = s; j < t; j++) block = mul(F, block);
        for (let r = 0; r < dim; r++)
          for (let c = 0; c < dim; c++) {
            S[t * dim + r][s * dim + c] = block[r][c];
            S[s * dim + c][t * dim + r] = block[r][c];
          }
      }
    const mu = means.flat();
    const H: number[][] = [];
    const obs: number[] = [];
    for (let k = 1; k < K; k++)
      for (let a = 0; a < A; a++) {
        if (Number.isNaN(z[k][a])) continue;
        const h = new Array<number>(D).fill(0);
        h[k * dim] = 1;
        h[k * dim + a + 1] = 1;
        h[k * dim + dim - 1] = 1;
        H.push(h);
        obs.push(z[k][a]);
      }
    const SH = mul(S, tr(H));
    const G = mul(H, SH).map((row, r) => row.map((x, c) => x + (r === c ? steps.observationSd ** 2 : 0)));
    const innovation = obs.map((o, r) => [o - H[r].reduce((s, h, c) => s + h * mu[c], 0)]);
    const gain = solve(G, innovation);
    const exactMean = mu.map((m, r) => m + SH[r].reduce((s, x, c) => s + x * gain[c][0], 0));
    const exactCov = S.map((row, r) =>
      row.map((x, c) => x - SH[r].reduce((s, y, k) => s + y * solve(G, tr([SH[c]]))[k][0], 0)),
    );

    // The smoother: N lineages, all on one path (slot 0 every month).
    const N = 20_000;
    const victims = new Float64Array(K * A);
    for (let k = 0; k < K; k++)
      for (let a = 0; a < A; a++)
        victims[k * A + a] = Number.isNaN(z[k][a]) ? Number.NaN : Math.exp(z[k][a] + Math.log(MU)) - 0.5;
    const draws = smoothLevels({
      lineages: new Int32Array(K * N),
      particles: N,
      from: 0,
      to: K,
      start: { mean: Float64Array.from(m0), cov: Float64Array.from(P0.flat()) },
      means: new Float64Array(K * N * A).fill(MU),
      victims,
      areas: A,
      settings: steps,
      seed: 7,
    });
    const at = (i: number, j: number) => draws[(Math.floor(j / dim) * N + i) * dim + (j % dim)];
    for (let j = 0; j < D; j++) {
      let s = 0;
      for (let i = 0; i < N; i++) s += at(i, j);
      const mean = s / N;
      const se = Math.sqrt(exactCov[j][j] / N);
      expect(Math.abs(mean - exactMean[j])).toBeLessThan(4.5 * se);
      for (const j2 of [j, (j + dim) % D, (j + 1) % D]) {
        let c = 0;
        let s2 = 0;
        for (let i = 0; i < N; i++) s2 += at(i, j2);
        const mean2 = s2 / N;
        for (let i = 0; i < N; i++) c += (at(i, j) - mean) * (at(i, j2) - mean2);
        const cov = c / (N - 1);
        const scale = Math.sqrt(exactCov[j][j] * exactCov[j2][j2]);
        // Sampling error of a covariance ≈ scale / √N; 6 of them.
        expect(Math.abs(cov - exactCov[j][j2])).toBeLessThan((6 * scale) / Math.sqrt(N) + 1e-12);
      }
    }
  });

  it('is a pure function of its seed', () => {
    const input = {
      lineages: new Int32Array(K * 3),
      particles: 3,
      from: 1,
      to: K,
      start: {
        mean: Float64Array.from(m0.concat(m0, m0)),
        cov: Float64Array.from([...P0.flat(), ...P0.flat(), ...P0.flat()]),
      },
      means: new Float64Array(3 * 3 * A).fill(50),
      victims: Float64Array.from([40, 60, 55, 70, 52, 61, 47, 66]),
      areas: A,
      settings: steps,
      seed: 3,
    };
    expect(smoothLevels(input)).toEqual(smoothLevels(input));
    expect(smoothLevels({ ...input, seed: 4 })).not.toEqual(smoothLevels(input));
  });
});
