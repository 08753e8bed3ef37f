import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { constantColumns, type SliceDesign, sliceDesign } from '../../bench/forecast-design.js';
import { monthLabel, parseMonthLabel } from '../../src/data/panel/months.js';
import type { Panel } from '../../src/data/panel/panel.js';
import { fitNegBin, logLikelihood } from '../../src/forecast/negbin.js';
import { describeWithData } from '../helpers/shared-data.js';
import { importForecastPanel } from './real-panel.js';

/**
 * `fitNegBin` with one dispersion against statsmodels' NegativeBinomial(loglike_method='nb2') on the
 * training design of real slices (Chihuahua and Sinaloa, origin 2018-12). The reference values were
 * written by test/fixtures/forecast/make-statsmodels-nb2.ts (see there to regenerate).
 *
 * Tolerances: on these slices the two fits agree to |Δβ| ≈ 1e-9, relative Δα ≈ 5e-9 and relative Δℓ
 * ≈ 3e-15 (both optimisers stop within their convergence criteria of the same optimum). The bounds below
 * leave a margin of about a thousand and still fail on any error in the likelihood, its derivatives or
 * the stopping rule: stopping one Newton step early leaves |Δβ| ≈ 1e-5 on the h = 6 slice.
 */
interface Fixture {
  statsmodels: string;
  slices: {
    slice: { series: string; states: string[]; asOf: string; h: number; window: number };
    statsmodels: {
      params: Record<string, number>;
      alpha: number;
      llf: number;
      n: number;
      converged: boolean;
    };
  }[];
}

const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/forecast/statsmodels-nb2.json', import.meta.url), 'utf8'),
) as Fixture;

const BETA_ABS = 1e-6;
const ALPHA_REL = 1e-6;
const LLF_REL = 1e-10;

/** Municipalities per state in the INEGI 2000–2019 catalogue (Sinaloa had 18 until 2021). */
const MUNICIPALITIES: Record<string, number> = { '08': 67, '25': 18 };

const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describeWithData('NB2 regression against statsmodels on real slices', () => {
  let panel: Panel;
  beforeAll(() => {
    panel = importForecastPanel().panel;
  });

  it('the fixture holds converged statsmodels fits', () => {
    expect(fixture.statsmodels).toMatch(/^0\.\d+/);
    expect(fixture.slices.length).toBeGreaterThanOrEqual(1);
    for (const s of fixture.slices) expect(s.statsmodels.converged).toBe(true);
  });

  for (const { slice, statsmodels: sm } of fixture.slices) {
    describe(`states ${slice.states.join('+')}, as of ${slice.asOf}, h = ${slice.h}`, () => {
      let d: SliceDesign;
      beforeAll(() => {
        d = sliceDesign(panel, slice);
      });

      it('builds the design statsmodels was given', () => {
        const areas = slice.states.reduce((s, st) => s + MUNICIPALITIES[st], 0);
        expect(d.areas.length).toBe(areas);
        // The last training origin is h months before the forecast origin; `window` origins in all.
        const last = parseMonthLabel(slice.asOf) - slice.h;
        expect(d.origins).toEqual([monthLabel(last - slice.window + 1), monthLabel(last)]);
        expect(d.n).toBe(areas * slice.window);
        expect(d.n).toBe(sm.n);
        expect(d.names).toEqual(Object.keys(sm.params));
        expect(constantColumns(d)).toEqual([]);
      });

      it('fitNegBin reaches statsmodels’ estimates', () => {
        const fit = fitNegBin(d.X, d.y, d.p);
        expect(fit.converged).toBe(true);
        expect(fit.n).toBe(sm.n);
        expect(fit.alphas.length).toBe(1);
        d.names.forEach((name, j) => {
          expect(Math.abs(fit.beta[j] - sm.params[name]), name).toBeLessThan(BETA_ABS);
        });
        expect(relative(fit.alphas[0], sm.alpha)).toBeLessThan(ALPHA_REL);
        expect(relative(fit.logLik, sm.llf)).toBeLessThan(LLF_REL);
      });

      it('logLikelihood at statsmodels’ estimates is statsmodels’ log-likelihood', () => {
        const beta = d.names.map((name) => sm.params[name]);
        const eta = new Float64Array(d.n);
        for (let i = 0; i < d.n; i++) {
          let s = 0;
          for (let j = 0; j < d.p; j++) s += d.X[i * d.p + j] * beta[j];
          eta[i] = s;
        }
        expect(relative(logLikelihood(d.y, eta, sm.alpha), sm.llf)).toBeLessThan(1e-12);
        // The same with one dispersion per row.
        const perRow = new Float64Array(d.n).fill(sm.alpha);
        expect(relative(logLikelihood(d.y, eta, perRow), sm.llf)).toBeLessThan(1e-12);
      });
    });
  }
});
