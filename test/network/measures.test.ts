import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeNetwork } from '../../src/network/describe.js';
import { compactGraph, type NetworkData } from '../../src/network/graph.js';
import { betweenness } from '../../src/network/measures/betweenness.js';
import { brokerage } from '../../src/network/measures/brokerage.js';
import {
  closeness,
  defaultKatzAlpha,
  degree,
  degreeCentrality,
  eigenvectorCentrality,
  katzCentrality,
} from '../../src/network/measures/centrality.js';
import { louvainCommunities } from '../../src/network/measures/communities.js';
import { degreeDistribution } from '../../src/network/measures/degree-distribution.js';
import { coreNumbers } from '../../src/network/measures/kcore.js';
import { describeWithData, sharedPath } from '../helpers/shared-data.js';

/**
 * Every structural measure against values computed independently by networkx 2.8 / igraph 0.10
 * (test/fixtures/network/make-networkx-measures.py) on the same staged files.
 */
interface Reference {
  n: number;
  m: number;
  density: number;
  components: number;
  largestComponent: number;
  globalEfficiency: number;
  katzAlpha: number;
  louvainModularity: { seed0: number; mean: number; max: number };
  afterRemoval: { removed: string[]; betweenness: Record<string, number> };
  nodes: Record<
    string,
    {
      degree: number;
      degreeCentrality: number;
      betweenness: number;
      betweennessIgraph: number;
      closeness: number;
      eigenvector: number | null;
      katz: number;
      core: number;
      constraint: number | null;
      effectiveSize: number | null;
    }
  >;
}

const fixture = JSON.parse(
  readFileSync(join(import.meta.dirname, '../fixtures/network/networkx-measures.json'), 'utf8'),
) as { networks: Record<string, Reference> };

/** A small reader independent of src/network/formats: CAVIAR square CSVs and Montagna `id id weight` lists. */
function read(rel: string): NetworkData {
  const text = readFileSync(sharedPath('networks', rel), 'utf8').replace(/^\uFEFF/, '');
  const nodes: string[] = [];
  const seen = new Set<string>();
  const add = (id: string) => {
    if (!seen.has(id)) {
      seen.add(id);
      nodes.push(id);
    }
  };
  const edges: NetworkData['edges'] = [];
  if (rel.includes('edgelist')) {
    for (const line of text.split('\n')) {
      const [a, b, w] = line.trim().split(/\s+/);
      if (!a || !b) continue;
      add(a);
      add(b);
      if (a !== b) edges.push({ source: a, target: b, weight: Number(w ?? 1) });
    }
  } else {
    const rows = text
      .split(/\r?\n/)
      .filter((l) => l.trim())
      .map((l) => l.split(',').map((c) => c.trim().replace(/^"|"$/g, '')));
    const labels = rows[0].slice(1);
    for (const id of labels) add(id);
    for (const row of rows.slice(1)) {
      add(row[0]);
      row.slice(1).forEach((cell, j) => {
        const w = Number(cell);
        if (w > 0 && row[0] !== labels[j]) edges.push({ source: row[0], target: labels[j], weight: w });
      });
    }
  }
  return {
    name: rel,
    file: rel,
    format: 'test',
    directed: false,
    nodes,
    edges,
    attributes: new Map(),
    warnings: [],
  };
}

const TOL = 1e-9;

describeWithData('structural measures agree with networkx / igraph', () => {
  for (const [rel, ref] of Object.entries(fixture.networks)) {
    it(rel, () => {
      const data = read(rel);
      const g = compactGraph(data);
      expect(g.n).toBe(ref.n);
      expect(g.m).toBe(ref.m);
      expect(Object.keys(ref.nodes).sort()).toEqual([...g.ids].sort());

      const deg = degree(g);
      const degC = degreeCentrality(g);
      const btw = betweenness(g);
      const raw = betweenness(g, { normalized: false });
      const clo = closeness(g);
      const eig = eigenvectorCentrality(g);
      const katz = katzCentrality(g, { alpha: ref.katzAlpha });
      const core = coreNumbers(g);
      const { constraint, effectiveSize } = brokerage(g);
      expect(eig.converged).toBe(true);
      expect(katz.converged).toBe(true);
      expect(defaultKatzAlpha(g)).toBeCloseTo(ref.katzAlpha, 9);

      const pairs = ref.n > 2 ? ((ref.n - 1) * (ref.n - 2)) / 2 : 1;
      g.ids.forEach((id, v) => {
        const r = ref.nodes[id];
        expect(deg[v], `degree ${id}`).toBe(r.degree);
        expect(Math.abs(degC[v] - r.degreeCentrality), `degree centrality ${id}`).toBeLessThan(TOL);
        expect(Math.abs(btw[v] - r.betweenness), `betweenness ${id}`).toBeLessThan(TOL);
        expect(Math.abs(btw[v] - r.betweennessIgraph), `betweenness (igraph) ${id}`).toBeLessThan(TOL);
        expect(Math.abs(raw[v] - r.betweenness * pairs), `raw betweenness ${id}`).toBeLessThan(1e-7);
        expect(Math.abs(clo[v] - r.closeness), `closeness ${id}`).toBeLessThan(TOL);
        if (r.eigenvector !== null)
          expect(Math.abs(eig.values[v] - r.eigenvector), `eigenvector ${id}`).toBeLessThan(TOL);
        expect(Math.abs(katz.values[v] - r.katz), `katz ${id}`).toBeLessThan(TOL);
        expect(core[v], `core ${id}`).toBe(r.core);
        if (r.constraint === null) expect(constraint[v]).toBeNaN();
        else expect(Math.abs(constraint[v] - r.constraint), `constraint ${id}`).toBeLessThan(TOL);
        if (r.effectiveSize === null) expect(effectiveSize[v]).toBeNaN();
        else expect(Math.abs(effectiveSize[v] - r.effectiveSize), `effective size ${id}`).toBeLessThan(TOL);
      });

      const dist = degreeDistribution(g);
      expect(Math.abs(dist.density - ref.density)).toBeLessThan(1e-12);
      const d = describeNetwork(data, { seed: 1 });
      expect(d.components).toEqual({ count: ref.components, largestSize: ref.largestComponent });
      expect(Math.abs(d.globalEfficiency - ref.globalEfficiency)).toBeLessThan(TOL);
      expect(Math.abs(d.density - ref.density)).toBeLessThan(1e-12);
    });
  }

  it('betweenness with removed nodes equals networkx on the induced subgraph', () => {
    for (const [rel, ref] of Object.entries(fixture.networks)) {
      const g = compactGraph(read(rel));
      const removed = new Uint8Array(g.n);
      for (const id of ref.afterRemoval.removed) removed[g.ids.indexOf(id)] = 1;
      const b = betweenness(g, { removed });
      g.ids.forEach((id, v) => {
        const expected = removed[v] ? 0 : ref.afterRemoval.betweenness[id];
        expect(Math.abs(b[v] - expected), `${rel} ${id}`).toBeLessThan(TOL);
      });
    }
  });

  it('Louvain reaches networkx-level modularity and is deterministic for a seed', () => {
    for (const rel of [
      'caviar/morselli_caviar.csv',
      'montagna/Montagna_meetings_edgelist.csv',
      'caviar/phase6.csv',
    ]) {
      const g = compactGraph(read(rel));
      const ref = fixture.networks[rel].louvainModularity;
      const a = louvainCommunities(g, { seed: 7 });
      const b = louvainCommunities(g, { seed: 7 });
      expect([...a.membership]).toEqual([...b.membership]);
      expect(a.modularity).toBe(b.modularity);
      expect(a.modularity, rel).toBeGreaterThanOrEqual(ref.max - 0.02);
    }
  });
});
