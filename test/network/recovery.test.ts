import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CompactGraph, compactGraph } from '../../src/network/graph.js';
import { regrow, regrowReplicate } from '../../src/network/recovery.js';
import { describeWithData, sharedPath } from '../helpers/shared-data.js';

function graphOf(n: number, pairs: [number, number][]): CompactGraph {
  const nodes = Array.from({ length: n }, (_, i) => `v${i}`);
  return compactGraph({
    nodes,
    edges: pairs.map(([a, b]) => ({ source: nodes[a], target: nodes[b], weight: 1 })),
  });
}

/** Undirected edge keys "a|b" (a < b by id order) of a compact graph, skipping masked nodes. */
function edgeSet(g: CompactGraph, removed?: Uint8Array): Set<string> {
  const out = new Set<string>();
  for (let v = 0; v < g.n; v++) {
    if (removed?.[v]) continue;
    for (let k = g.offsets[v]; k < g.offsets[v + 1]; k++) {
      const w = g.targets[k];
      if (w > v && !removed?.[w]) out.add(`${g.ids[v]}|${g.ids[w]}`);
    }
  }
  return out;
}

// Hub 0 with leaves 1…6; intact efficiency (12·1 + 30·½)/42 = 27/42, LCC 7.
const star7 = () =>
  graphOf(
    7,
    [1, 2, 3, 4, 5, 6].map((i) => [0, i] as [number, number]),
  );
const hubRemoved = () => new Uint8Array([1, 0, 0, 0, 0, 0, 0]);
const off = { recruitment: { rate: 0 }, triadicClosure: 0, preferentialRewiring: 0 };

describe('regrowth mechanisms on a star without its hub', () => {
  it('no recruitment and no rewiring: nothing changes', () => {
    const r = regrow(star7(), hubRemoved(), { ...off, rounds: 5, replicates: 3 });
    expect(r.removed).toBe(1);
    expect(r.before).toEqual({ size: 7, edges: 6, lcc: 7, efficiency: 27 / 42 });
    for (const round of r.rounds) {
      expect(round.size.mean).toBe(6);
      expect(round.edges.mean).toBe(0);
      expect(round.lccRatio.mean).toBeCloseTo(1 / 7, 14);
      expect(round.efficiency.p95).toBe(0);
    }
  });

  it("certain triadic closure replaces each orphaned leaf's lost tie by one tie to another leaf", () => {
    const r = regrow(star7(), hubRemoved(), { ...off, triadicClosure: 1, rounds: 2, replicates: 5 });
    // Six lost ties, each replaced once in round 1 by a tie between two leaves: 6 new edges.
    expect(r.rounds[1].edges.p05).toBe(6);
    expect(r.rounds[1].edges.p95).toBe(6);
    expect(r.rounds[2].edges.mean).toBe(6);
    const { graph, removed } = regrowReplicate(star7(), hubRemoved(), {
      ...off,
      triadicClosure: 1,
      rounds: 1,
    });
    for (let v = 1; v < 7; v++) expect(graph.offsets[v + 1] - graph.offsets[v]).toBeGreaterThan(0);
    expect(graph.offsets[1] - graph.offsets[0]).toBe(0);
    expect(removed[0]).toBe(1);
  });

  it('path 0–1–2 without its middle: closure rejoins the ends, efficiency 6/5 of the intact path', () => {
    const g = graphOf(3, [
      [0, 1],
      [1, 2],
    ]);
    const r = regrow(g, new Uint8Array([0, 1, 0]), { ...off, triadicClosure: 1, rounds: 1, replicates: 1 });
    // Intact efficiency (4·1 + 2·½)/6 = 5/6; after: one edge between the two ends, E = 1.
    expect(r.before.efficiency).toBeCloseTo(5 / 6, 14);
    expect(r.rounds[1].edges.mean).toBe(1);
    expect(r.rounds[1].lccRatio.mean).toBeCloseTo(2 / 3, 14);
    expect(r.rounds[1].efficiencyRatio.mean).toBeCloseTo(6 / 5, 14);
  });

  it('sizes grow by the recruitment rate, each recruit bringing its ties', () => {
    // Path 0…9 without 2, 5, 7 and 9 (L = 4): rate 0.25 → one recruit per round, two ties each.
    const g = graphOf(
      10,
      Array.from({ length: 9 }, (_, i) => [i, i + 1] as [number, number]),
    );
    const mask = new Uint8Array(10);
    for (const v of [2, 5, 7, 9]) mask[v] = 1;
    const r = regrow(g, mask, { ...off, recruitment: { rate: 0.25, ties: 2 }, rounds: 6, replicates: 4 });
    // Survivors 0-1, 3-4, 6, 8: 2 edges.
    // The default cap replaces the 4 losses once: growth stops at the intact size, 10.
    expect(r.rounds.map((x) => x.size.mean)).toEqual([6, 7, 8, 9, 10, 10, 10]);
    expect(r.rounds.map((x) => x.edges.mean)).toEqual([2, 4, 6, 8, 10, 10, 10]);
    // rate 0.3 · 4 = 1.2 per round, cap 2·4 → totals ⌊1.2 t⌋ = 1, 2, 3, 4, 6, 7, 8, 8.
    const s = regrow(g, mask, { ...off, recruitment: { rate: 0.3, cap: 2 }, rounds: 8, replicates: 1 });
    expect(s.rounds.map((x) => x.size.mean)).toEqual([6, 7, 8, 9, 10, 12, 13, 14, 14]);
  });

  it('is reproducible for a seed, differs for another, and replicate r does not depend on the count', () => {
    const g = star7();
    const opts = { rounds: 4, replicates: 6, seed: 11, triadicClosure: 0.3, recruitment: { rate: 1 } };
    const a = regrow(g, hubRemoved(), opts);
    expect(regrow(g, hubRemoved(), opts)).toEqual(a);
    const b = regrow(g, hubRemoved(), { ...opts, seed: 12 });
    expect(b.rounds.map((x) => x.edges.mean)).not.toEqual(a.rounds.map((x) => x.edges.mean));
    // Mean edges over 2 replicates = mean of replicates 0 and 1 run alone.
    const two = regrow(g, hubRemoved(), { ...opts, replicates: 2 });
    const e0 = regrowReplicate(g, hubRemoved(), opts, 0).graph.m;
    const e1 = regrowReplicate(g, hubRemoved(), opts, 1).graph.m;
    expect(two.rounds[4].edges.mean).toBe((e0 + e1) / 2);
  });
});

interface Fixture {
  networks: Record<
    string,
    { file: string; runs: { strategy: string; mode: string; steps: { removedIds: string[] }[] }[] }
  >;
}
const fixture = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', 'fixtures', 'network', 'networkx-disruption.json'), 'utf8'),
) as Fixture;

describeWithData('regrowth of Montagna (meetings) after removing its top-5 betweenness members', () => {
  const net = fixture.networks.meetings;
  // The five removed first by networkx's sequential betweenness removal (independent of our ranking).
  const top5 = net.runs
    .find((r) => r.strategy === 'betweenness' && r.mode === 'sequential')!
    .steps.slice(1, 6)
    .flatMap((s) => s.removedIds);
  let cached: { g: CompactGraph; mask: Uint8Array } | undefined;
  const setup = () => {
    if (!cached) {
      const nodes: string[] = [];
      const edges: { source: string; target: string; weight: number }[] = [];
      for (const line of readFileSync(sharedPath(net.file), 'utf8').split(/\r?\n/)) {
        const [a, b] = line.trim().split(/\s+/);
        if (!a || !b) continue;
        for (const x of [a, b]) if (!nodes.includes(x)) nodes.push(x);
        edges.push({ source: a, target: b, weight: 1 });
      }
      const g = compactGraph({ nodes, edges });
      const mask = new Uint8Array(g.n);
      for (const id of top5) mask[nodes.indexOf(id)] = 1;
      cached = { g, mask };
    }
    return cached;
  };

  it('triadic closure only adds ties between survivors who shared a removed neighbour, at most one per lost tie', () => {
    const { g, mask } = setup();
    let lostTies = 0;
    for (let v = 0; v < g.n; v++) {
      if (mask[v]) continue;
      for (let k = g.offsets[v]; k < g.offsets[v + 1]; k++) if (mask[g.targets[k]]) lostTies++;
    }
    expect(top5).toHaveLength(5);
    // Former second neighbours through a removed node, from the raw neighbour lists.
    const allowed = new Set<string>();
    for (let x = 0; x < g.n; x++) {
      if (!mask[x]) continue;
      const around = [...g.targets.subarray(g.offsets[x], g.offsets[x + 1])].filter((v) => !mask[v]);
      for (const u of around) for (const w of around) if (u < w) allowed.add(`${g.ids[u]}|${g.ids[w]}`);
    }
    const before = edgeSet(g, mask);
    const after = regrowReplicate(g, mask, { ...off, triadicClosure: 0.5, rounds: 3, seed: 2 });
    const added = [...edgeSet(after.graph, after.removed)].filter((e) => !before.has(e));
    expect(added.length).toBeGreaterThan(10);
    expect(added.length).toBeLessThanOrEqual(lostTies);
    for (const e of added) expect(allowed.has(e), e).toBe(true);
    for (const e of before) expect(edgeSet(after.graph, after.removed).has(e)).toBe(true);
  });

  it('certain preferential rewiring replaces every lost tie in one round', () => {
    const { g, mask } = setup();
    let lostTies = 0;
    for (let v = 0; v < g.n; v++) {
      if (mask[v]) continue;
      for (let k = g.offsets[v]; k < g.offsets[v + 1]; k++) if (mask[g.targets[k]]) lostTies++;
    }
    const r = regrow(g, mask, { ...off, preferentialRewiring: 1, rounds: 2, replicates: 3 });
    const kept = edgeSet(g, mask).size;
    expect(r.rounds[0].edges.mean).toBe(kept);
    expect(r.rounds[1].edges.mean).toBe(kept + lostTies);
    expect(r.rounds[2].edges.mean).toBe(kept + lostTies);
  });

  it('behavioural: with the default mechanisms, efficiency rises over the rounds', () => {
    const { g, mask } = setup();
    const r = regrow(g, mask, { rounds: 20, replicates: 40, seed: 1 });
    const eff = r.rounds.map((x) => x.efficiency.mean);
    // Intact meetings efficiency (networkx): 0.2998; the disruption lowers it.
    expect(r.before.efficiency).toBeCloseTo(0.2998, 4);
    expect(eff[0]).toBeLessThan(r.before.efficiency);
    expect(eff[10]).toBeGreaterThan(eff[0]);
    expect(eff[20]).toBeGreaterThan(eff[10]);
    expect(r.rounds[20].lccRatio.mean).toBeGreaterThan(r.rounds[0].lccRatio.mean);
  });
});
