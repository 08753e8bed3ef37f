import { describe, expect, it } from 'vitest';
import { builtinGroupNetwork } from '../../../src/data/builtin-network.js';
import { observedHomicides } from '../../../src/data/observed/homicides.js';
import { traceLineages } from '../../../src/sim/assimilate/lineages.js';
import { runNowcast } from '../../../src/sim/assimilate/nowcast.js';
import { filterPresent, historyBand, replayParticle } from '../../../src/sim/assimilate/posterior.js';
import { buildWorld } from '../../../src/sim/model/world.js';
import { runMonteCarloSync } from '../../../src/sim/montecarlo.js';
import { runMonteCarlo } from '../../../src/sim/pool.js';
import { loadPreset } from '../../../src/sim/scenario/load.js';
import { MechanismsSchema } from '../../../src/sim/scenario/schema.js';

/**
 * Monte Carlo runs start from the filtered posterior: a replayed lineage is the filter's own particle, bit
 * for bit; runs draw their engines from it; the numbers do not depend on the threads.
 */
const network = builtinGroupNetwork();
const observed = observedHomicides({ prefer: 'builtin', today: '2025-07' });
const mechanisms = MechanismsSchema.parse({});

describe('posterior start', () => {
  it('replays a final particle exactly as the filter left it', () => {
    const N = 24;
    const now = runNowcast({
      network,
      observations: observed.monthly,
      until: '2018-12',
      particles: N,
      seed: 5,
      mechanisms,
    });
    const lineages = traceLineages(
      now.ancestry,
      Int32Array.from({ length: N }, (_, i) => i),
    );
    const posterior = {
      seed: 5,
      settings: now.result.settings,
      start: now.result.from,
      months: now.result.months.length,
      through: now.result.to,
      particles: N,
      lineages,
      counts: now.model.observations.victims,
      logLikelihood: now.result.logLikelihood,
      minEss: 0,
      release: observed.source.release,
      years: { observed: [], totals: new Float64Array(0), particles: N },
    };
    const world = buildWorld(network);
    for (const i of [0, 7, 23]) {
      const { sim, week, levels } = replayParticle(posterior, {
        world,
        draw: i,
        mechanisms,
        simulation: { bounds: new Float64Array(0), byArea: false },
      });
      const filtered = now.model.sims[i];
      expect(week).toBeCloseTo(filtered.state.model.week, 9);
      expect(sim.state.recruitDriver).toBe(filtered.state.recruitDriver);
      expect(sim.config.params).toEqual(filtered.config.params);
      expect(Array.from(sim.state.model.C.subarray(0, sim.state.model.n))).toEqual(
        Array.from(filtered.state.model.C.subarray(0, filtered.state.model.n)),
      );
      expect(sim.state.model.totalMembers()).toBe(filtered.state.model.totalMembers());
      // Its levels too: the Kalman updates repeated on the same counts.
      const T = posterior.months;
      expect(Array.from(levels)).toEqual(
        Array.from(levels, (_, a) => 12 * now.model.presentLevel(i, a, T - 1)),
      );
    }
    // Distinct particles are distinct engines (the test would pass trivially otherwise).
    expect(now.model.sims[0].state.model.totalMembers()).not.toBe(
      now.model.sims[7].state.model.totalMembers(),
    );
  });

  it('gives a history band that meets the observed years', () => {
    const posterior = filterPresent({
      network,
      observed,
      until: '2024-12',
      particles: 100,
      seed: 2,
      mechanisms,
    });
    expect(posterior.through).toBe('2024-12');
    const history = historyBand(posterior.release, posterior.through, [posterior.years]);
    const years = history.observed.map((o) => o.t);
    expect(years[0]).toBe(2015);
    expect(years.at(-1)).toBe(2024);
    let inside = 0;
    history.observed.forEach((o, k) => {
      const b = history.filtered[k];
      expect(b.t).toBe(o.t);
      if (o.value >= b.p05 && o.value <= b.p95) inside++;
    });
    expect(inside / years.length).toBeGreaterThanOrEqual(0.8);
  });

  it('starts every run from the posterior, whatever the threads', async () => {
    const scenarios = [
      loadPreset('status-quo', { set: ['years=3', 'start=2026-01'] }),
      loadPreset('kingpin-targeting', { set: ['years=3', 'start=2026-01'] }),
    ];
    const options = {
      network,
      scenarios,
      runs: 6,
      seed: 11,
      fromYear: 2024,
      assimilate: { observed, particles: 24 },
    };
    const one = runMonteCarloSync(options);
    const two = await runMonteCarlo({ ...options, threads: 2 });
    expect(one.posterior?.through).toBe('2025-06');
    const members = one.scenarios[0].values.members!;
    expect(Array.from(two.scenarios[0].values.members!)).toEqual(Array.from(members));
    expect(Array.from(two.scenarios[1].values.homicides!)).toEqual(
      Array.from(one.scenarios[1].values.homicides!),
    );
    // Runs differ (distinct particles and events).
    expect(new Set(Array.from(members.subarray(0, 6))).size).toBeGreaterThan(1);
  }, 120_000);
});
