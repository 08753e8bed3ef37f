import { describe, expect, it } from 'vitest';
import { builtinGroupNetwork } from '../../src/data/builtin-network.js';
import { describeLevers } from '../../src/sim/describe.js';
import { range90 } from '../../src/sim/distributions.js';
import { runMonteCarloSync } from '../../src/sim/montecarlo.js';
import { centralParams, PARAMS, type ParamId } from '../../src/sim/params.js';
import { neutralEffects } from '../../src/sim/policy/effects.js';
import { LEVERS, type LeverId } from '../../src/sim/policy/levers.js';
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

describe('every effect size a lever leaves unset is the run’s draw of a cited parameter', () => {
  const rows = describeLevers().flatMap((l) =>
    Object.entries(l.options)
      .filter(([, o]) => o.param !== undefined)
      .map(([name, o]) => ({ lever: l.id as LeverId, name, param: o.param as ParamId })),
  );

  it('covers the levers’ effect sizes', () => {
    expect(rows.length).toBeGreaterThanOrEqual(20);
  });

  for (const { lever, name, param } of rows) {
    it(`${lever}.${name} ← ${param}`, () => {
      const spec = PARAMS[param];
      expect(spec.source.length).toBeGreaterThan(20);
      const [lo, hi] = range90(spec.dist, spec.value);
      expect(hi).toBeGreaterThan(lo);
      const spec2 = LEVERS[lever];
      const options = spec2.options.parse({}) as Record<string, unknown>;
      const apply = (p: typeof central, o: Record<string, unknown>) => {
        const e = neutralEffects();
        spec2.apply(e, 1, o as never, p);
        return JSON.stringify(e);
      };
      const central = centralParams();
      const moved = { ...central, [param]: hi };
      // Unset: the parameter moves the lever's effects.
      expect(apply(moved, options)).not.toBe(apply(central, options));
      // Set by the scenario: the parameter no longer does.
      const fixed = { ...options, [name]: spec.value };
      expect(apply(moved, fixed)).toBe(apply(central, fixed));
    });
  }
});
