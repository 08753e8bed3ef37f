import { describe, expect, it } from 'vitest';
import { builtinGroupNetwork } from '../../../src/data/builtin-network.js';
import { observedHomicides } from '../../../src/data/observed/homicides.js';
import { anchorFromObserved } from '../../../src/sim/assimilate/anchor.js';
import { runMonteCarloSync } from '../../../src/sim/montecarlo.js';
import { runMonteCarlo } from '../../../src/sim/pool.js';
import { loadPreset } from '../../../src/sim/scenario/load.js';
import { quantileSorted } from '../../../src/sim/summary.js';

/** compare/simulate start homicides from the present: the observed level, moved by each policy's effect. */
const network = builtinGroupNetwork();
const spec = anchorFromObserved(observedHomicides({ prefer: 'builtin' }));
const scenarios = ['status-quo', 'kingpin-targeting'].map((id) => loadPreset(id, { set: ['start=2026-01'] }));
const runs = 24;

function medianAt(values: Float64Array, period: number): number {
  return quantileSorted(values.slice(period * runs, (period + 1) * runs).sort(), 0.5);
}

describe('anchored homicides', () => {
  it('the anchor is the last 12 complete months of the table, scaled to INEGI', () => {
    expect(spec.window).toEqual(['2024-05', '2025-04']);
    expect(spec.national).toBeGreaterThan(25_000);
    expect(spec.national).toBeLessThan(32_000);
    expect(Math.exp(spec.scale.logMean)).toBeGreaterThan(1.05);
    expect(Math.exp(spec.scale.logMean)).toBeLessThan(1.13);
  });

  it('every scenario starts at the present; policies move it; the engine path stays without the anchor', () => {
    const anchored = runMonteCarloSync({ network, scenarios, runs, seed: 4, anchor: spec });
    const engine = runMonteCarloSync({ network, scenarios, runs, seed: 4 });
    const k2025 = anchored.labels.indexOf(2025);
    const k2030 = anchored.labels.indexOf(2030);
    const [sq, kingpin] = anchored.scenarios.map((s) => s.values.homicides!);
    const present = spec.national * Math.exp(spec.scale.logMean);
    // 2025: before any policy, both scenarios equal the present (the antithetic median is the level).
    expect(Math.abs(medianAt(sq, k2025) / present - 1)).toBeLessThan(0.03);
    for (let r = 0; r < runs; r++) expect(kingpin[k2025 * runs + r]).toBeCloseTo(sq[k2025 * runs + r], 6);
    // 2030: each run's change against the status quo is the engine's, in the same run.
    const [esq, ekingpin] = engine.scenarios.map((s) => s.values.homicides!);
    for (let r = 0; r < runs; r++) {
      const anchoredRatio = kingpin[k2030 * runs + r] / sq[k2030 * runs + r];
      const engineRatio = ekingpin[k2030 * runs + r] / esq[k2030 * runs + r];
      expect(anchoredRatio).toBeCloseTo(engineRatio, 6);
    }
    // Years before the anchor keep the engine's fitted values.
    const k2020 = anchored.labels.indexOf(2020);
    expect(Array.from(sq.slice(k2020 * runs, (k2020 + 1) * runs))).toEqual(
      Array.from(esq.slice(k2020 * runs, (k2020 + 1) * runs)),
    );
  });

  it('same seed, same numbers, whatever the thread count', async () => {
    const one = runMonteCarloSync({ network, scenarios, runs: 6, seed: 9, anchor: spec });
    const two = await runMonteCarlo({ network, scenarios, runs: 6, seed: 9, anchor: spec, threads: 2 });
    expect(Array.from(two.scenarios[1].values.homicides!)).toEqual(
      Array.from(one.scenarios[1].values.homicides!),
    );
  });
});
