import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { disrupt } from '../../src/network/disrupt.js';
import { type CompactGraph, compactGraph } from '../../src/network/graph.js';
import {
  components,
  globalEfficiency,
  largestComponentSize,
} from '../../src/network/measures/connectivity.js';
import { describeWithData, sharedPath } from '../helpers/shared-data.js';

/** A tiny reader of whitespace-separated `id id [weight]` rows: nodes in order of first appearance. */
function readEdgeList(file: string): CompactGraph {
  const nodes: string[] = [];
  const seen = new Set<string>();
  const edges: { source: string; target: string; weight: number }[] = [];
  for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
    const [a, b] = line.trim().split(/\s+/);
    if (!a || !b) continue;
    for (const x of [a, b]) {
      if (!seen.has(x)) {
        seen.add(x);
        nodes.push(x);
      }
    }
    edges.push({ source: a, target: b, weight: 1 });
  }
  return compactGraph({ nodes, edges });
}

function graphOf(n: number, pairs: [number, number][]): CompactGraph {
  const nodes = Array.from({ length: n }, (_, i) => `v${i}`);
  return compactGraph({
    nodes,
    edges: pairs.map(([a, b]) => ({ source: nodes[a], target: nodes[b], weight: 1 })),
  });
}

const path5 = () =>
  graphOf(5, [
    [0, 1],
    [1, 2],
    [2, 3],
    [3, 4],
  ]);
// Hub 0 with leaves 1…6.
const star7 = () =>
  graphOf(
    7,
    [1, 2, 3, 4, 5, 6].map((i) => [0, i] as [number, number]),
  );

describe('connectivity on hand-checkable graphs', () => {
  it('path of 5: efficiency by hand, components after cutting the middle', () => {
    const g = path5();
    // Ordered pairs at distance 1,2,3,4: 8, 6, 4, 2 → (8 + 3 + 4/3 + 1/2) / 20.
    expect(globalEfficiency(g)).toBeCloseTo((8 + 6 / 2 + 4 / 3 + 2 / 4) / 20, 14);
    const removed = new Uint8Array([0, 0, 1, 0, 0]);
    const c = components(g, removed);
    expect(c.count).toBe(2);
    expect([...c.label]).toEqual([0, 0, -1, 1, 1]);
    expect([...c.sizes]).toEqual([2, 2]);
    // Remaining: two edges among 4 nodes → 4 ordered pairs at distance 1 over 4·3.
    expect(globalEfficiency(g, removed)).toBeCloseTo(4 / 12, 14);
    expect(globalEfficiency(g, removed, { denominator: 'original' })).toBeCloseTo(4 / 20, 14);
  });

  it('star: removing the hub leaves n−1 isolates, lccRatio 1/(n−1)', () => {
    const g = star7();
    expect(largestComponentSize(g)).toBe(7);
    const r = disrupt(g, { strategy: 'degree', steps: 1 });
    expect(r.steps[1].removedIds).toEqual(['v0']);
    expect(r.steps[1].lccRatio).toBeCloseTo(1 / 7, 14);
    expect(r.steps[1].components).toBe(6);
    expect(r.steps[1].efficiency).toBe(0);
    // Star efficiency: 12 ordered hub pairs at distance 1, 30 leaf pairs at distance 2, over 42.
    expect(r.steps[0].efficiency).toBeCloseTo((12 + 30 / 2) / 42, 14);
  });

  it('ties go to the node that appears first: path ends then middle', () => {
    // Path 0-1-2-3-4: degree ties 1,2,3 (degree 2) → v1 first; then v3 (degree 2 vs v2's 1).
    const r = disrupt(path5(), { strategy: 'degree', steps: 3 });
    expect(r.steps.map((s) => s.removedIds)).toEqual([[], ['v1'], ['v3'], ['v0']]);
    // Betweenness: v2 (the centre) first.
    const b = disrupt(path5(), { strategy: 'betweenness', steps: 1 });
    expect(b.steps[1].removedIds).toEqual(['v2']);
    expect(b.steps[1].lccRatio).toBeCloseTo(2 / 5, 14);
  });

  it('runs until the network is empty, reporting removed = 0, 1, …, n', () => {
    const r = disrupt(path5(), { strategy: 'betweenness' });
    expect(r.steps.map((s) => s.removed)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(r.steps[5]).toMatchObject({ lccRatio: 0, components: 0, efficiency: 0 });
  });

  it('combinations: attribute list first, then betweenness; block raids', () => {
    const g = path5();
    const r = disrupt(g, {
      strategy: [{ strategy: 'attribute', ranking: ['v4', 'v0'] }, 'betweenness'],
      steps: 3,
    });
    expect(r.strategy).toBe('attribute+betweenness');
    // After v4 and v0 go, the path v1-v2-v3 remains; its centre is v2.
    expect(r.steps.map((s) => s.removedIds)).toEqual([[], ['v4'], ['v0'], ['v2']]);
    const block = disrupt(g, { strategy: 'degree', mode: 'block', blockSize: 2, steps: 1 });
    // One ranking on the intact path: v1, v2, v3 tie at degree 2 → v1, v2 together.
    expect(block.steps[1]).toMatchObject({ removed: 2, removedIds: ['v1', 'v2'] });
    const seq = disrupt(g, { strategy: 'degree', mode: 'sequential', blockSize: 2, steps: 1 });
    // Recomputed after v1 goes: v2 has degree 1, v3 degree 2 → v1, v3.
    expect(seq.steps[1]).toMatchObject({ removed: 2, removedIds: ['v1', 'v3'] });
  });

  it('targets ranked by a score and the flow between roles', () => {
    // Two triangles joined by bridge 2–3: roles A = {0,1}, B = {4,5}.
    const g = graphOf(6, [
      [0, 1],
      [1, 2],
      [0, 2],
      [2, 3],
      [3, 4],
      [4, 5],
      [3, 5],
    ]);
    const r = disrupt(g, {
      strategy: { strategy: 'targets', nodes: ['v0', 'v3'], order: 'betweenness' },
      flow: { a: ['v0', 'v1'], b: ['v4', 'v5'] },
    });
    expect(r.steps.map((s) => s.removedIds)).toEqual([[], ['v3'], ['v0']]);
    // Removing v3 cuts every A–B pair; all four pairs were connected at the start.
    expect(r.steps.map((s) => s.flow)).toEqual([1, 0, 0]);
    const f = disrupt(g, {
      strategy: { strategy: 'attribute', scores: { v5: 2, v1: 1 } },
      flow: { a: ['v0', 'v1'], b: ['v4', 'v5'] },
    });
    // Remove v5 (score 2): pairs (0,4), (1,4) of 4 stay; then v1: (0,4) of 4.
    expect(f.steps.map((s) => s.flow)).toEqual([1, 0.5, 0.25]);
  });
});

describe('random strategy', () => {
  const g = graphOf(
    12,
    Array.from({ length: 11 }, (_, i) => [i, i + 1] as [number, number]),
  );
  it('is reproducible for a seed and differs for another', () => {
    const a = disrupt(g, { strategy: 'random', draws: 20, seed: 3 });
    const b = disrupt(g, { strategy: 'random', draws: 20, seed: 3 });
    const c = disrupt(g, { strategy: 'random', draws: 20, seed: 4 });
    expect(b).toEqual(a);
    expect(c.steps.map((s) => s.lccRatio)).not.toEqual(a.steps.map((s) => s.lccRatio));
    expect(a.draws).toBe(20);
    expect(a.steps).toHaveLength(13);
  });

  it('a single draw removes every node once; quantiles bracket the mean', () => {
    const one = disrupt(g, { strategy: 'random', draws: 1, seed: 9 });
    const ids = one.steps.flatMap((s) => s.removedIds);
    expect(new Set(ids).size).toBe(12);
    const many = disrupt(g, { strategy: 'random', draws: 50, seed: 9 });
    for (const s of many.steps) {
      expect(s.spread!.lccRatio.p05).toBeLessThanOrEqual(s.spread!.lccRatio.p95);
      expect(s.lccRatio).toBeGreaterThanOrEqual(s.spread!.lccRatio.p05 - 1e-12);
      expect(s.lccRatio).toBeLessThanOrEqual(s.spread!.lccRatio.p95 + 1e-12);
    }
    // Removing one random node of a 12-path: E[LCC] = (1/12) Σ_k max(k−1, 12−k) = 98/12 → ratio ≈ 0.68.
    // With 50 draws the mean is within a few standard errors of it.
    expect(Math.abs(many.steps[1].lccRatio - 98 / 144)).toBeLessThan(0.08);
  });

  it('draw 0 is the same whatever the number of draws (common random numbers)', () => {
    const first = disrupt(g, { strategy: 'random', draws: 1, seed: 5 });
    const two = disrupt(g, { strategy: 'random', draws: 2, seed: 5 });
    // With two values x ≤ y, type-7 quantiles are p05 = x + 0.05(y − x), p95 = x + 0.95(y − x):
    // recover x and y; the single-draw curve must be one of them at every step.
    let differs = false;
    for (let i = 0; i < first.steps.length; i++) {
      const { p05, p95 } = two.steps[i].spread!.lccRatio;
      const x = (0.95 * p05 - 0.05 * p95) / 0.9;
      const y = (0.95 * p95 - 0.05 * p05) / 0.9;
      const d0 = first.steps[i].lccRatio;
      expect(Math.min(Math.abs(d0 - x), Math.abs(d0 - y))).toBeLessThan(1e-12);
      if (Math.abs(x - y) > 1e-12) differs = true;
    }
    expect(differs).toBe(true);
  });
});

interface FixtureStep {
  removed: number;
  removedIds: string[];
  lcc: number;
  components: number;
  efficiency: number;
}
interface Fixture {
  tieTolerance: number;
  networks: Record<
    string,
    {
      file: string;
      nodes: number;
      order: string[];
      runs: {
        strategy: 'degree' | 'betweenness';
        mode: 'sequential' | 'block' | 'static';
        blockSize: number;
        steps: FixtureStep[];
      }[];
    }
  >;
}

const fixture = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', 'fixtures', 'network', 'networkx-disruption.json'), 'utf8'),
) as Fixture;

describeWithData('Montagna removal curves match networkx (make-networkx-disruption.py)', () => {
  for (const [name, net] of Object.entries(fixture.networks)) {
    describe(name, () => {
      let cached: CompactGraph | undefined;
      const graph = () => {
        cached ??= readEdgeList(sharedPath(net.file));
        return cached;
      };

      it('reads the same nodes in the same order', () => {
        expect(graph().ids).toEqual(net.order);
      });

      for (const run of net.runs) {
        it(`${run.strategy} ${run.mode} (block ${run.blockSize}): LCC, components and efficiency at every step`, () => {
          const r = disrupt(graph(), { strategy: run.strategy, mode: run.mode, blockSize: run.blockSize });
          expect(r.steps.length).toBe(run.steps.length);
          const lcc0 = run.steps[0].lcc;
          expect(r.lccBefore).toBe(lcc0);
          for (let i = 0; i < run.steps.length; i++) {
            const want = run.steps[i];
            const got = r.steps[i];
            const at = `step ${i}`;
            expect(got.removed, at).toBe(want.removed);
            expect(got.removedIds, at).toEqual(want.removedIds);
            expect(got.lccRatio, at).toBeCloseTo(want.lcc / lcc0, 14);
            expect(got.components, at).toBe(want.components);
            expect(Math.abs(got.efficiency - want.efficiency), at).toBeLessThan(1e-12);
          }
        });
      }
    });
  }
});
