import { describe, expect, it } from 'vitest';
import {
  discoveryRows,
  type ExperimentTable,
  effects,
  regret,
  reportedOutcomes,
  robustness,
  satisficing,
} from '../../src/explore/analyze.js';
import { exploreFactors } from '../../src/explore/factors.js';
import { OUTCOMES } from '../../src/explore/sweep.js';
import { OUTCOME_IDS } from '../../src/explore/types.js';

/** Four experiments, two policies; outcome values set by hand for homicides1y and cost. */
function table(): ExperimentTable {
  const factors = exploreFactors({ include: ['rho'] });
  const n = 4;
  const outcomes = new Float64Array(n * 2 * OUTCOMES).fill(Number.NaN);
  const h = OUTCOME_IDS.indexOf('homicides1y');
  const c = OUTCOME_IDS.indexOf('cost');
  const a = [-0.1, 0.05, -0.2, 0.0];
  const b = [-0.05, -0.1, -0.1, 0.02];
  for (let i = 0; i < n; i++) {
    outcomes[(i * 2 + 0) * OUTCOMES + h] = a[i];
    outcomes[(i * 2 + 1) * OUTCOMES + h] = b[i];
    // Policy b reports no cost (a what-if lever): NaN, to be left out, not read as 0.
    outcomes[(i * 2 + 0) * OUTCOMES + c] = 1 + i;
  }
  return {
    method: 'lhs',
    samples: n,
    seed: 1,
    factors,
    unit: new Float64Array([0.1, 0.4, 0.6, 0.9]),
    values: new Float64Array(4),
    baseline: 'status-quo',
    policies: ['a', 'b'],
    outcomes,
  };
}

describe('explore analyses', () => {
  it('compare options experiment by experiment, the status quo at 0', () => {
    const t = table();
    expect(reportedOutcomes(t)).toEqual(['homicides1y', 'cost']);
    const rob = robustness(t, ['homicides1y']);
    const share = (x: string, y: string) => rob.find((r) => r.a === x && r.b === y)?.shareABetter;
    expect(share('a', 'b')).toBe(0.75); // rows 0, 2 and 3
    expect(share('b', 'a')).toBe(0.25); // row 1
    expect(share('a', 'status-quo')).toBe(0.5);
    expect(share('status-quo', 'a')).toBe(0.25); // row 1 only (row 3 is a tie)
    const reg = regret(t, ['homicides1y']);
    // Best per row: −0.1, −0.1, −0.2, 0 → a's regret 0, 0.15, 0, 0; the status quo's 0.1, 0.1, 0.2, 0.
    const a = reg.find((r) => r.scenario === 'a')!;
    expect(a.max).toBeCloseTo(0.15, 12);
    expect(a.shareBest).toBe(0.75);
    expect(reg.find((r) => r.scenario === 'status-quo')!.p50).toBeCloseTo(0.1, 12);
    expect(satisficing(t, ['homicides1y']).map((r) => r.shareLower)).toEqual([0.5, 0.75]);
    const e = effects(t, ['homicides1y'])[1];
    expect(e.scenario).toBe('b');
    expect(e.p50).toBeCloseTo(-0.075, 12);
  });

  it('leave a policy that does not report an outcome out of its comparisons', () => {
    const t = table();
    expect(robustness(t, ['cost']).map((r) => [r.a, r.b])).toEqual([
      ['status-quo', 'a'],
      ['a', 'status-quo'],
    ]);
    expect(regret(t, ['cost']).map((r) => r.scenario)).toEqual(['status-quo', 'a']);
    expect(satisficing(t, ['cost']).map((r) => r.scenario)).toEqual(['a']);
    expect(effects(t, ['cost']).map((r) => r.scenario)).toEqual(['a']);
  });

  it('discover scenarios on independent points only', () => {
    const t = table();
    expect(discoveryRows(t)).toEqual([0, 1, 2, 3]);
    expect(discoveryRows({ ...t, method: 'morris' })).toEqual([]);
    // Saltelli blocks of k + 2 = 3 rows: A is the first row of a block, B the last.
    expect(discoveryRows({ ...t, method: 'sobol', samples: 2, unit: new Float64Array(6) })).toEqual([
      0, 2, 3, 5,
    ]);
  });
});
