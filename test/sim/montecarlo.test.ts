import { describe, expect, it } from 'vitest';
import { builtinGroupNetwork } from '../../src/data/builtin-network.js';
import { runMonteCarloSync } from '../../src/sim/montecarlo.js';
import { runMonteCarlo } from '../../src/sim/pool.js';
import { loadPreset } from '../../src/sim/scenario/load.js';

const network = builtinGroupNetwork();
const scenarios = ['status-quo', 'kingpin-targeting', 'mediation-hot-borders'].map((id) =>
  loadPreset(id, { set: ['years=3', 'start=2026-01'] }),
);

function allValues(r: Awaited<ReturnType<typeof runMonteCarlo>>): number[] {
  return r.scenarios.flatMap((s) => [
    ...Object.values(s.values).flatMap((a) => Array.from(a)),
    ...Array.from(s.areaHomicides ?? []),
  ]);
}

describe('Monte Carlo', () => {
  it('gives identical numbers for the same seed whatever the number of threads', async () => {
    const base = { network, scenarios, runs: 12, seed: 2024, byArea: true };
    const one = await runMonteCarlo({ ...base, threads: 1 });
    const two = await runMonteCarlo({ ...base, threads: 2 });
    const three = await runMonteCarlo({ ...base, threads: 3 });
    const a = allValues(one);
    expect(a.length).toBeGreaterThan(1000);
    expect(allValues(two)).toEqual(a);
    expect(allValues(three)).toEqual(a);
  });

  it('differs for another seed, and repeats for the same one', () => {
    const a = runMonteCarloSync({ network, scenarios: scenarios.slice(0, 1), runs: 4, seed: 1 });
    const b = runMonteCarloSync({ network, scenarios: scenarios.slice(0, 1), runs: 4, seed: 1 });
    const c = runMonteCarloSync({ network, scenarios: scenarios.slice(0, 1), runs: 4, seed: 2 });
    expect(allValues(b)).toEqual(allValues(a));
    expect(allValues(c)).not.toEqual(allValues(a));
  });

  it('shares the history: every scenario of a run is identical before the policy start', () => {
    const r = runMonteCarloSync({ network, scenarios, runs: 4, seed: 5 });
    const k2025 = r.labels.indexOf(2025);
    const members = r.scenarios.map((s) => Array.from(s.values.members!.subarray(0, (k2025 + 1) * 4)));
    expect(members[1]).toEqual(members[0]);
    expect(members[2]).toEqual(members[0]);
    const k2027 = r.labels.indexOf(2027);
    expect(Array.from(r.scenarios[1].values.members!.subarray(k2027 * 4, k2027 * 4 + 4))).not.toEqual(
      Array.from(r.scenarios[0].values.members!.subarray(k2027 * 4, k2027 * 4 + 4)),
    );
  });

  it('keeps populations non-negative and outputs finite where reported', () => {
    const r = runMonteCarloSync({ network, scenarios, runs: 6, seed: 9, byArea: true });
    for (const s of r.scenarios) {
      for (const [id, a] of Object.entries(s.values)) {
        for (const v of a) if (!Number.isNaN(v)) expect(v, id).toBeGreaterThanOrEqual(0);
      }
      const members = s.values.members!;
      for (const v of members) expect(Number.isFinite(v)).toBe(true);
      for (const v of s.areaHomicides!) expect(v).toBeGreaterThanOrEqual(0);
    }
  });

  it('per-state homicides add up to the national homicides', () => {
    const r = runMonteCarloSync({
      network,
      scenarios: scenarios.slice(0, 1),
      runs: 3,
      seed: 4,
      byArea: true,
    });
    const s = r.scenarios[0];
    const m = r.areas.ids.length;
    for (let k = 0; k < r.labels.length; k++) {
      for (let run = 0; run < 3; run++) {
        let sum = 0;
        for (let a = 0; a < m; a++) sum += s.areaHomicides![(k * m + a) * 3 + run];
        const national = s.values.homicides![k * 3 + run];
        if (Number.isFinite(national)) expect(sum / national).toBeCloseTo(1, 6);
      }
    }
  });

  it('weekly, monthly and yearly results add up to the same yearly totals', () => {
    // The published model alone: no random events, so the three resolutions run the same dynamics.
    const scenario = loadPreset('prieto-curiel-2023', { set: ['years=2'] });
    const total = (resolution: 'week' | 'month' | 'year') => {
      const r = runMonteCarloSync({ network, scenarios: [scenario], runs: 1, seed: 1, resolution });
      const values = r.scenarios[0].values.conflictDeaths!;
      return r.labels.reduce<number>(
        (sum, label, k) => (String(label).startsWith('2022') ? sum + values[k] : sum),
        0,
      );
    };
    const year = total('year');
    expect(year).toBeGreaterThan(1000);
    expect(total('month') / year).toBeCloseTo(1, 6);
    // ISO weeks labelled 2022 start on 3 January: 364 days, not the calendar year.
    expect(Math.abs(total('week') / year - 1)).toBeLessThan(0.01);
  });

  it('rejects bad options with a clear message', () => {
    expect(() => runMonteCarloSync({ network, scenarios, runs: 0, seed: 1 })).toThrow(
      /runs must be a positive integer/,
    );
    expect(() => runMonteCarloSync({ network, scenarios, runs: 1, seed: -1 })).toThrow(/seed must be/);
    expect(() => runMonteCarloSync({ network, scenarios: [], runs: 1, seed: 1 })).toThrow(/no scenarios/);
  });
});
