import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Panel } from '../../src/data/panel/panel.js';
import {
  fitLocalTrend,
  fitStructTs,
  localTrendLogLik,
  structTsLogLik,
} from '../../src/forecast/local-trend.js';
import { trendInput } from '../../src/forecast/trends.js';
import type { StructTsEstimates, StructTsFixture } from '../fixtures/trends/make-structts.js';
import { importTrendsPanel } from '../fixtures/trends/panel.js';
import { describeWithData } from '../helpers/shared-data.js';

/**
 * The local linear trend kernel (src/forecast/local-trend.ts) against R's StructTS(x, type = "trend") and
 * KalmanRun (R 4.2.2, base `stats`), on synthetic series (values in the fixture) and on the exact input of
 * the trend fit for real states and municipalities (SESNSP, as of 2025-06; no data in the fixture). The
 * reference was written by test/fixtures/trends/make-structts.ts and structts.R (see there to regenerate).
 *
 * Four checks, and their tolerances (observed on the fixture's 15 series → bound):
 * 1. R's likelihood reproduced: `structTsLogLik` at R's estimated variances gives R's `loglik` (|Δℓ| up to
 *    4e-11 → 1e-8) and R's filtered state at the last month (slope to 2e-12 → 1e-9; P to 3e-9 relative
 *    → 1e-7). Both sides evaluate the same recursion; only rounding differs.
 * 2. The maximum: `fitStructTs` (Nelder–Mead on the same likelihood) reaches at least R's optimum
 *    (ℓ_ours − ℓ_R from 2e-12 to 3e-6 → ≥ −1e-7) and, where R's L-BFGS-B reported convergence, the same
 *    variances (|Δσ²| ≤ 2.6e-3 in R's own unit var(x)/100 → 2e-2; R stops on a relative change of the
 *    objective of about 1e-8, so its variances are only that accurate). On synthetic-126 R's optimiser
 *    stopped with code 52 (line search failure) 5.3 log-likelihood units below the optimum ours finds.
 * 3. The diffuse filter: `localTrendLogLik` (exact diffuse start, used by the trends) at R's variances gives
 *    the state and covariance of R's KalmanRun started at a_0 = 0, P_0 = 10⁷·I (slope to 3e-8 sd → 1e-6
 *    sd; P22 to 3e-9 relative → 1e-6; P11 to 1e-6 of P11 + P22).
 * 4. The trend itself: `fitLocalTrend` (diffuse likelihood, which leaves out the first two observations,
 *    instead of R's start at x_1 with a rank-one prior) gives on the 126-month series a final slope within
 *    0.3 of R's standard deviation of it (observed 0.02–0.28 → 0.35; the largest on the series with a fixed
 *    slope, where the start is never forgotten) and a standard deviation within 10% (observed −9% to +2% →
 *    ±15%). On 18- and 36-month series the two starts weigh the first months
 *    differently and the estimates differ more (up to 0.84 sd, and a third of R's sd on Juárez), as expected:
 *    there R's start acts as a prior that the slope begins at 0.
 */
const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/trends/structts.json', import.meta.url), 'utf8'),
) as StructTsFixture;

function variance(y: Float64Array): number {
  let m = 0;
  for (const v of y) m += v / y.length;
  let s = 0;
  for (const v of y) s += (v - m) ** 2;
  return s / (y.length - 1);
}

function checks(name: string, values: () => Float64Array, r: StructTsEstimates, long: boolean): void {
  describe(name, () => {
    let y: Float64Array;
    beforeAll(() => {
      y = values();
    });

    it('the input has R’s length', () => {
      expect(y.length).toBe(r.n);
    });

    it('reproduces R’s log-likelihood and final state at R’s variances', () => {
      const at = structTsLogLik(y, r);
      expect(Math.abs(at.logLik - r.loglik)).toBeLessThan(1e-8 * Math.max(1, Math.abs(r.loglik)));
      expect(Math.abs(at.slope - r.finalSlope)).toBeLessThan(1e-9 * Math.max(1, Math.abs(r.finalSlope)));
      expect(Math.abs(at.level - r.finalLevel)).toBeLessThan(1e-9 * Math.max(1, Math.abs(r.finalLevel)));
      for (const [ours, theirs] of [
        [at.p11, r.p11],
        [at.p12, r.p12],
        [at.p22, r.p22],
      ]) {
        expect(Math.abs(ours - theirs)).toBeLessThanOrEqual(1e-7 * Math.max(Math.abs(theirs), r.p22));
      }
    });

    it('maximises R’s likelihood at least as well as StructTS, at the same variances', () => {
      const fit = fitStructTs(y);
      expect(fit.state.logLik).toBeGreaterThanOrEqual(r.loglik - 1e-7);
      if (r.code !== 0) return;
      const unit = variance(y) / 100;
      expect(Math.abs(fit.variances.level - r.level) / unit).toBeLessThan(2e-2);
      expect(Math.abs(fit.variances.slope - r.slope) / unit).toBeLessThan(2e-2);
      expect(Math.abs(fit.variances.epsilon - r.epsilon) / unit).toBeLessThan(2e-2);
    });

    it('its diffuse filter matches R’s KalmanRun from a diffuse start', () => {
      const d = localTrendLogLik(y, r);
      const sd = Math.sqrt(r.diffuseP22);
      expect(Math.abs(d.slope - r.diffuseSlope)).toBeLessThan(1e-6 * sd);
      expect(Math.abs(d.level - r.diffuseLevel)).toBeLessThan(1e-6 * Math.max(1, Math.abs(r.diffuseLevel)));
      expect(Math.abs(d.slopeVar - r.diffuseP22)).toBeLessThan(1e-6 * r.diffuseP22);
      expect(Math.abs(d.levelVar - r.diffuseP11)).toBeLessThan(1e-6 * (r.diffuseP11 + r.diffuseP22));
    });

    if (long) {
      it('its own fit gives R’s final slope within a third of its standard deviation', () => {
        const fit = fitLocalTrend(y)!;
        const sd = Math.sqrt(r.p22);
        expect(Math.abs(fit.slope - r.finalSlope)).toBeLessThan(0.35 * sd);
        expect(Math.sqrt(fit.slopeVar) / sd).toBeGreaterThan(0.85);
        expect(Math.sqrt(fit.slopeVar) / sd).toBeLessThan(1.15);
      });
    }
  });
}

describe('local linear trend against R StructTS: synthetic series', () => {
  it('the fixture was written by R and holds every case', () => {
    expect(fixture.r).toMatch(/^R version \d/);
    expect(fixture.synthetic.length).toBeGreaterThanOrEqual(3);
    expect(fixture.real.length).toBeGreaterThanOrEqual(8);
  });
  for (const c of fixture.synthetic) {
    checks(
      c.id,
      () => Float64Array.from(c.values),
      c.structTS,
      c.values.length >= 100 && c.structTS.code === 0,
    );
  }
});

describeWithData('local linear trend against R StructTS: real series (SESNSP, as of 2025-06)', () => {
  let panel: Panel;
  beforeAll(() => {
    panel = importTrendsPanel().panel;
  }, 120_000);

  for (const c of fixture.real) {
    checks(
      `${c.id} (${c.series} ${c.area}, ${c.window} months)`,
      () => {
        const input = trendInput(panel, { series: c.series, level: c.level, asOf: c.asOf, window: c.window });
        expect(input.series.meta.vintage).toBe(c.vintage);
        const a = input.series.areas.indexOf(c.area);
        return input.z.slice(a * input.window, (a + 1) * input.window);
      },
      c.structTS,
      c.window >= 100,
    );
  }
});
