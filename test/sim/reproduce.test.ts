import { expect, it } from 'vitest';
import { builtinGroupNetwork } from '../../src/data/builtin-network.js';
import { loadGroupNetwork } from '../../src/data/cartel-network.js';
import { PUBLISHED, reproducePrietoCuriel } from '../../src/sim/reproduce.js';
import { describeWithData, sharedPath } from '../helpers/shared-data.js';

/**
 * Reproduction of Prieto-Curiel, Campedelli & Hope (2023), Science 381:1312, against its published
 * figures. Tolerances (stated in docs/MODEL.md): members in 2022 within 2% of 175,000; five-year changes
 * within 4 percentage points of the published ones.
 */
describeWithData('Prieto-Curiel et al. (2023) reproduction with the 150-group files', () => {
  const r = reproducePrietoCuriel(loadGroupNetwork(sharedPath('networks', 'mexico_cartels_2020')));
  const scenario = (id: string) => r.scenarios.find((s) => s.id === id)!;

  it('grows from 115,000 members in 2012 to about 175,000 in 2022', () => {
    expect(r.members2012).toBe(115000);
    expect(Math.abs(r.members2022 / PUBLISHED.members2022 - 1)).toBeLessThan(0.02);
    expect(r.members2022).toBeGreaterThan(PUBLISHED.members2022Range[0]);
    expect(r.members2022).toBeLessThan(PUBLISHED.members2022Range[1]);
  });

  it('status quo: members about +26% and weekly victims about +40% five years on', () => {
    expect(Math.abs(scenario('statusQuo').membersChange - 0.26)).toBeLessThan(0.04);
    expect(Math.abs(scenario('statusQuo').victimsChange - 0.4)).toBeLessThan(0.04);
  });

  it('halving recruitment: members about −11% and victims about −25%', () => {
    expect(Math.abs(scenario('halfRecruitment').membersChange + 0.11)).toBeLessThan(0.04);
    expect(Math.abs(scenario('halfRecruitment').victimsChange + 0.25)).toBeLessThan(0.04);
  });

  it('doubling incapacitation does not bring violence down', () => {
    expect(scenario('doubleIncapacitation').victimsChange).toBeGreaterThan(-0.02);
    expect(scenario('doubleIncapacitation').victimsChange).toBeGreaterThan(
      scenario('halfRecruitment').victimsChange,
    );
  });
});

it('the built-in description reproduces the published figures within wider bounds', () => {
  const r = reproducePrietoCuriel(builtinGroupNetwork());
  const s = (id: string) => r.scenarios.find((x) => x.id === id)!;
  expect(r.members2022).toBeGreaterThan(PUBLISHED.members2022Range[0]);
  expect(r.members2022).toBeLessThan(PUBLISHED.members2022Range[1]);
  expect(Math.abs(s('statusQuo').membersChange - 0.26)).toBeLessThan(0.05);
  expect(Math.abs(s('statusQuo').victimsChange - 0.4)).toBeLessThan(0.05);
  expect(Math.abs(s('halfRecruitment').membersChange + 0.11)).toBeLessThan(0.05);
  expect(Math.abs(s('halfRecruitment').victimsChange + 0.25)).toBeLessThan(0.05);
  expect(s('doubleIncapacitation').victimsChange).toBeGreaterThan(-0.02);
});
