import { describe, expect, it } from 'vitest';
import { builtinGroupNetwork } from '../../src/data/builtin-network.js';
import { runMonteCarloSync } from '../../src/sim/montecarlo.js';
import { PARAMS } from '../../src/sim/params.js';
import { loadPreset } from '../../src/sim/scenario/load.js';

/**
 * The US options' effect sizes are parameters (drawn in the Monte Carlo, settable with `--set
 * parameters.…`), not constants in the lever code: with them at zero, making the sharing public changes
 * nothing; set, it does; and each has a range the runs draw from.
 */
const network = builtinGroupNetwork();
const base = ['start=2026-01', 'years=3', 'uncertainty=none'];
const PUBLIC = ['publicCooperationCost', 'publicAdaptation', 'publicLeakCut'] as const;

function cooperation(id: string, set: string[]): number[] {
  const r = runMonteCarloSync({
    network,
    scenarios: [loadPreset(id, { set: [...base, ...set] })],
    runs: 2,
    seed: 3,
  });
  return Array.from(r.scenarios[0].values.cooperation!);
}

describe('effect sizes of the US options are parameters', () => {
  it('public sharing acts only through its parameters', () => {
    const zero = PUBLIC.map((id) => `parameters.${id}=0`);
    expect(cooperation('us-2-intel-public', zero)).toEqual(cooperation('us-1-intel-private', zero));
    const cost = ['parameters.publicCooperationCost=0.15'];
    const lower = cooperation('us-2-intel-public', cost);
    const priv = cooperation('us-1-intel-private', cost);
    expect(lower.at(-1)!).toBeLessThan(priv.at(-1)!);
  });

  it('strikes without consent cut cooperation by the drawn shock', () => {
    const small = cooperation('us-5-direct-strikes', ['parameters.strikeCooperationShock=0.15']);
    const large = cooperation('us-5-direct-strikes', ['parameters.strikeCooperationShock=0.5']);
    expect(large.at(-1)!).toBeLessThan(small.at(-1)!);
  });

  it('every one has a range the Monte Carlo draws from, and a source', () => {
    for (const id of [
      ...PUBLIC,
      'verifiedLeakCut',
      'verifiedCooperationGain',
      'verifiedWeaponsCooperationGain',
      'strikeCooperationShock',
      'extraditionCooperationGain',
    ] as const) {
      const spec = PARAMS[id];
      expect(spec.dist.kind, id).toBe('uniform');
      expect(spec.source.length, id).toBeGreaterThan(20);
    }
  });
});
