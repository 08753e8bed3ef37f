import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCheckpoint } from '../../src/explore/checkpoint.js';
import { type ExploreContext, planExplore, runExplore } from '../../src/explore/explore.js';
import { exploreFactors, factorValue } from '../../src/explore/factors.js';
import type { ExploreRequestInput } from '../../src/explore/request.js';
import { OUTCOMES } from '../../src/explore/sweep.js';
import { OUTCOME_IDS } from '../../src/explore/types.js';
import { PARAMS } from '../../src/sim/params.js';
import { loadPreset } from '../../src/sim/scenario/load.js';

/** A small sweep: two policies, four factors, 2 Morris trajectories (10 experiments), 3 years. */
const REQUEST: ExploreRequestInput = {
  scenarios: ['kingpin-targeting', 'halve-recruitment'],
  method: 'morris',
  samples: 2,
  years: 3,
  seed: 7,
  parameters: ['rho', 'leaderCapacityCut', 'splitHazard', 'drugDemandElasticity'],
  network: 'builtin',
};

const tmp = () => mkdtempSync(join(tmpdir(), 'atalaya-explore-'));

describe('explore factors', () => {
  it('explore each uncertain parameter over its stated range', () => {
    const factors = exploreFactors();
    const ids = factors.map((f) => f.id);
    // Fixed parameters are not factors; every uniform one is, over its bounds.
    for (const [id, spec] of Object.entries(PARAMS)) {
      if (spec.dist.kind === 'fixed') expect(ids).not.toContain(id);
      if (spec.dist.kind === 'uniform') {
        const f = factors.find((x) => x.id === id)!;
        expect([f.low, f.high]).toEqual([spec.dist.min, spec.dist.max]);
      }
    }
    const logNormal = factors.find((f) => f.log)!;
    // Log scale: the midpoint of the unit range is the geometric mean of the bounds.
    expect(factorValue(logNormal, 0.5)).toBeCloseTo(Math.sqrt(logNormal.low * logNormal.high), 10);
    expect(() => exploreFactors({ include: ['nope'] })).toThrow(/unknown or fixed parameter "nope"/);
  });
});

describe('runExplore', () => {
  it('gives the same numbers whatever the threads and the chunking', async () => {
    const one = await runExplore(REQUEST, { engine: { engine: 'local', threads: 1 }, chunkSize: 10 });
    const two = await runExplore(REQUEST, { engine: { engine: 'local', threads: 2 }, chunkSize: 3 });
    expect(Buffer.from(two.table.outcomes.buffer).equals(Buffer.from(one.table.outcomes.buffer))).toBe(true);
    expect(JSON.stringify(two.summary)).toBe(JSON.stringify(one.summary));
    const s = one.summary;
    expect(s.experiments).toBe(10);
    expect([...s.parameters].sort()).toEqual([...(REQUEST.parameters ?? [])].sort());
    // Outcomes past the 3 simulated years are not reported.
    expect(s.outcomes.map((o) => o.id)).toEqual([
      'homicides1y',
      'homicides3y',
      'members',
      'overdoseDeaths',
      'cost',
    ]);
    expect(
      s.sensitivity.filter((r) => r.scenario === 'kingpin-targeting' && r.outcome === 'homicides3y'),
    ).toHaveLength(4);
    // A Morris design has too few independent points for scenario discovery; the summary says so.
    expect(s.prim).toEqual([]);
    expect(s.warnings.join('\n')).toMatch(/PRIM\) needs points spread independently/);
    expect(s.present?.through).toMatch(/^\d{4}-\d{2}$/);
  }, 120_000);

  it('discovers scenarios on a Latin hypercube, about the longest horizon run', async () => {
    const run = await runExplore({
      ...REQUEST,
      scenarios: ['kingpin-targeting'],
      method: 'lhs',
      samples: 40,
    });
    const s = run.summary;
    expect(s.sensitivity).toEqual([]);
    expect(s.prim).toHaveLength(1);
    const q = s.prim[0];
    expect(q.outcome).toBe('homicides3y');
    expect(q.sample).toBe(40);
    expect(s.warnings.join('\n')).toMatch(/homicides5y is past the 3 simulated years/);
    const lowers = s.satisficing.find((r) => r.outcome === 'homicides3y')!.shareLower;
    // The question is about the exception: the less common direction.
    expect(q.direction).toBe(lowers < 0.5 ? 'lower' : 'higher');
    expect(q.baseRate).toBeCloseTo(lowers < 0.5 ? lowers : 1 - lowers, 10);
  }, 120_000);

  it('pairs each policy with the status quo: a copy of the status quo differs by exactly 0', async () => {
    const copy = { ...loadPreset('status-quo'), id: 'status-quo-copy' };
    const run = await runExplore(
      { ...REQUEST, samples: 2 },
      { scenarios: [loadPreset('status-quo'), copy, loadPreset('halve-recruitment')] },
    );
    const P = run.table.policies.length;
    let nonZero = 0;
    let halve = 0;
    for (let i = 0; i < run.summary.experiments; i++) {
      for (const o of [0, 1, 4]) {
        if (run.table.outcomes[(i * P + 0) * OUTCOMES + o] !== 0) nonZero++;
        if (run.table.outcomes[(i * P + 1) * OUTCOMES + o] < 0) halve++;
      }
    }
    expect(nonZero).toBe(0);
    expect(halve).toBeGreaterThan(0);
  }, 120_000);

  it('resumes a killed sweep from its checkpoint without running finished chunks again', async () => {
    const file = join(tmp(), 'sweep.ckpt');
    const full = await runExplore(REQUEST, { chunkSize: 2 });
    const controller = new AbortController();
    const ctx: ExploreContext = {
      chunkSize: 2,
      checkpoint: file,
      signal: controller.signal,
      onProgress: (done) => {
        if (done >= 4) controller.abort();
      },
    };
    await expect(runExplore(REQUEST, ctx)).rejects.toThrow(/cancelled/);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines.length - 1).toBeGreaterThanOrEqual(2);
    // A torn last line (the process died mid-write) is ignored.
    appendFileSync(file, '{"index":4,"from":8,"outcomes":"AAAA');
    const seen: number[] = [];
    const resumed = await runExplore(REQUEST, {
      chunkSize: 2,
      checkpoint: file,
      onProgress: (d) => seen.push(d),
    });
    expect(resumed.resumed).toBe(lines.length - 1);
    // Progress counts the chunks read back, then only the rest are run.
    expect(seen[resumed.resumed - 1]).toBe(2 * resumed.resumed);
    expect(seen).toHaveLength(5);
    expect(Buffer.from(resumed.table.outcomes.buffer).equals(Buffer.from(full.table.outcomes.buffer))).toBe(
      true,
    );
    // Every chunk is in the checkpoint once the sweep has finished; a rerun runs nothing.
    const again = await runExplore(REQUEST, { chunkSize: 2, checkpoint: file });
    expect(again.resumed).toBe(5);
  }, 120_000);

  it('varies a lever intensity as a factor, over whole numbers where the field takes them', async () => {
    const levers = [
      'kingpin-targeting:policies.0.options.perYear=1:12',
      'kingpin-targeting:policies.0.options.topK=2:20',
    ];
    const run = await runExplore({ ...REQUEST, parameters: ['rho'], levers });
    const [f, top] = run.table.factors.filter((x) => x.kind === 'lever');
    expect(f.id).toBe('kingpin-targeting:policies.0.options.perYear');
    expect([f.integer, top.integer]).toEqual([false, true]);
    const k = run.table.factors.length;
    const perYear = new Set<number>();
    const topK = new Set<number>();
    for (let i = 0; i < run.summary.experiments; i++) {
      perYear.add(run.table.values[i * k + 1]);
      topK.add(run.table.values[i * k + 2]);
    }
    expect([...perYear].every((v) => v >= 1 && v <= 12)).toBe(true);
    expect([...topK].every((v) => Number.isInteger(v) && v >= 2 && v <= 20)).toBe(true);
    // More removals, more conflict: the lever's elementary effect on kingpin's homicides is not zero.
    const row = run.summary.sensitivity.find(
      (r) => r.scenario === 'kingpin-targeting' && r.outcome === 'homicides3y' && r.parameter === f.id,
    );
    expect(row?.muStar).toBeGreaterThan(0);
    expect(() =>
      planExplore({ ...REQUEST, levers: ['kingpin-targeting:policies.0.options.nope=1:2'] }),
    ).toThrow(/lever kingpin-targeting:policies.0.options.nope=1: .*nope/);
    expect(() =>
      planExplore({ ...REQUEST, levers: ['kingpin-targeting:policies.0.options.topK=0:5'] }),
    ).toThrow(/topK/);
    expect(() =>
      planExplore({ ...REQUEST, levers: ['mediation-hot-borders:policies.0.intensity=0:1'] }),
    ).toThrow(/not among the scenarios explored/);
  }, 120_000);

  it('lets one sweep at a time use a checkpoint', () => {
    const file = join(tmp(), 'busy.ckpt');
    const held = openCheckpoint(file, 'abc', 5);
    // This process holds it: a second sweep on the same file is refused until it is released.
    writeFileSync(`${file}.lock`, String(process.ppid));
    expect(() => openCheckpoint(file, 'abc', 5)).toThrow(/in use by another sweep/);
    // A lock left by a process that is gone is taken over.
    writeFileSync(`${file}.lock`, '999999999');
    openCheckpoint(file, 'abc', 5).release();
    held.release();
  });

  it('refuses a checkpoint of another sweep', () => {
    const file = join(tmp(), 'other.ckpt');
    writeFileSync(file, `${JSON.stringify({ atalaya: 'explore-checkpoint', sweep: 'abc', chunks: 5 })}\n`);
    expect(() => openCheckpoint(file, 'def', 5)).toThrow(/checkpoint of another sweep/);
    writeFileSync(file, 'hello\n');
    expect(() => openCheckpoint(file, 'def', 5)).toThrow(/not an explore checkpoint/);
  });

  it('names its sweep by content: another seed, another id', () => {
    const a = planExplore(REQUEST);
    expect(planExplore(REQUEST).id).toBe(a.id);
    expect(planExplore({ ...REQUEST, seed: 8 }).id).not.toBe(a.id);
    expect(a.experiments).toBe(2 * 5);
    expect(OUTCOME_IDS).toHaveLength(OUTCOMES);
    expect(() => planExplore({ ...REQUEST, scenarios: ['status-quo'] })).toThrow(/at least one policy/);
  });
});
