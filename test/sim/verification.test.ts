import { describe, expect, it } from 'vitest';
import { builtinGroupNetwork } from '../../src/data/builtin-network.js';
import { runMonteCarloSync } from '../../src/sim/montecarlo.js';
import { scenarioFromObject } from '../../src/sim/scenario/load.js';

/**
 * Verification is a working lever: with it, US cooperation follows the true enforcement results, down as
 * well as up; without it, reports never show a decline and cooperation does not react to one. The
 * decline here comes from strikes without consent (cooperation, hence intelligence and arrests, fall).
 */
const network = builtinGroupNetwork();

function cooperation(policies: object[], parameters: Record<string, number>): number {
  const scenario = scenarioFromObject({
    id: 'v',
    title: 'v',
    start: '2026-01',
    years: 3,
    uncertainty: 'none',
    parameters,
    policies,
  });
  const r = runMonteCarloSync({ network, scenarios: [scenario], runs: 2, seed: 4 });
  return r.scenarios[0].values.cooperation!.at(-1)!;
}

describe('verification of results', () => {
  const strikes = { lever: 'usStrikes' };
  const verified = { lever: 'verification', options: { coverage: 1 } };

  it('when true results fall, verified cooperation falls further', () => {
    const trust = { trustResponse: 0.3, verifiedLeakCut: 0 };
    const unverified = cooperation([strikes], trust);
    const seen = cooperation([strikes, verified], trust);
    expect(seen).toBeLessThan(unverified - 1e-4);
  });

  it('with no trust response, verification leaves cooperation alone', () => {
    const none = { trustResponse: 0, verifiedLeakCut: 0 };
    expect(cooperation([strikes, verified], none)).toBeCloseTo(cooperation([strikes], none), 10);
  });

  it('when true results rise, cooperation rises with them, verified or not', () => {
    const trust = { trustResponse: 0.3, verifiedLeakCut: 0 };
    const pillars = [{ lever: 'intelligence' }, { lever: 'nationalGuard' }];
    const base = cooperation([], trust);
    expect(cooperation(pillars, trust)).toBeGreaterThan(base + 1e-4);
    expect(cooperation([...pillars, verified], trust)).toBeCloseTo(cooperation(pillars, trust), 10);
  });
});
