import { expect, it } from 'vitest';
import { type CompactGraph, compactGraph, type NetworkData } from '../../src/network/graph.js';
import { loadNetwork, loadNetworkSeries } from '../../src/network/load.js';
import { degree } from '../../src/network/measures/centrality.js';
import { describeWithData, sharedPath } from '../helpers/shared-data.js';

/**
 * Every staged criminal network, loaded by the readers, against the counts verified independently
 * (Python csv + networkx, R igraph) in shared/data/networks/SOURCES.md. Components are computed here
 * with a plain BFS so that these tests do not depend on the measures under test elsewhere.
 */
function componentSizes(g: CompactGraph): number[] {
  const seen = new Uint8Array(g.n);
  const sizes: number[] = [];
  for (let s = 0; s < g.n; s++) {
    if (seen[s]) continue;
    seen[s] = 1;
    const queue = [s];
    for (let k = 0; k < queue.length; k++) {
      const v = queue[k];
      for (let e = g.offsets[v]; e < g.offsets[v + 1]; e++) {
        const w = g.targets[e];
        if (!seen[w]) {
          seen[w] = 1;
          queue.push(w);
        }
      }
    }
    sizes.push(queue.length);
  }
  return sizes.sort((a, b) => b - a);
}

interface Counts {
  nodes: number;
  /** Directed arcs (only for directed files). */
  arcs?: number;
  /** Distinct unordered pairs, self-loops excluded. */
  edges: number;
  components?: number;
  lcc: number;
  isolates?: number;
  directed?: boolean;
}

function expectCounts(d: NetworkData, c: Counts): void {
  const g = compactGraph(d);
  const sizes = componentSizes(g);
  expect(d.nodes.length, 'nodes').toBe(c.nodes);
  expect(g.m, 'undirected edges').toBe(c.edges);
  if (c.arcs !== undefined) {
    expect(d.directed, 'directed').toBe(true);
    expect(d.edges.length, 'arcs').toBe(c.arcs);
  }
  if (c.directed !== undefined) expect(d.directed, 'directed').toBe(c.directed);
  expect(sizes[0], 'largest component').toBe(c.lcc);
  if (c.components !== undefined) expect(sizes.length, 'components').toBe(c.components);
  if (c.isolates !== undefined) expect(sizes.filter((s) => s === 1).length, 'isolates').toBe(c.isolates);
}

const net = (...parts: string[]) => sharedPath('networks', ...parts);
const totalWeight = (d: NetworkData) => d.edges.reduce((s, e) => s + e.weight, 0);

describeWithData('CAVIAR (Morselli): 11 phases and the aggregate', () => {
  const phases = loadNetworkSeries([net('caviar')]).filter((d) => d.name.startsWith('phase'));
  // SOURCES.md: nodes / directed arcs / undirected edges / total calls / LCC per phase.
  const table = {
    nodes: [15, 24, 33, 33, 32, 27, 36, 42, 34, 42, 41],
    arcs: [26, 35, 68, 65, 50, 68, 63, 75, 60, 68, 72],
    edges: [18, 28, 56, 48, 39, 47, 49, 58, 44, 50, 50],
    calls: [59, 120, 282, 456, 162, 668, 379, 335, 317, 478, 355],
    lcc: [15, 24, 33, 33, 32, 27, 30, 42, 34, 31, 39],
  };

  it('reads the phases in natural order as directed valued matrices', () => {
    expect(phases.map((d) => d.name)).toEqual(Array.from({ length: 11 }, (_, k) => `phase${k + 1}`));
    for (const d of phases) expect(d.format, d.name).toBe('matrix');
  });

  it('matches the verified counts of every phase', () => {
    phases.forEach((d, k) => {
      expectCounts(d, {
        nodes: table.nodes[k],
        arcs: table.arcs[k],
        edges: table.edges[k],
        lcc: table.lcc[k],
      });
      expect(totalWeight(d), `${d.name} calls`).toBe(table.calls[k]);
    });
  });

  it('covers 107 distinct ids over the phases', () => {
    expect(new Set(phases.flatMap((d) => d.nodes)).size).toBe(107);
  });

  it('keeps the column-label order of the file (ties in rankings are broken by it)', () => {
    expect(phases[0].nodes).toEqual([
      '1',
      '4',
      '89',
      '83',
      '3',
      '5',
      '88',
      '85',
      '90',
      '2',
      '7',
      '54',
      '6',
      '64',
      '8',
    ]);
  });

  it('has the highest degree at node 1 in phases 1–8 and 10, node 3 in phase 9, node 12 in phase 11', () => {
    const leader = ['1', '1', '1', '1', '1', '1', '1', '1', '3', '1', '12'];
    phases.forEach((d, k) => {
      const g = compactGraph(d);
      const deg = degree(g);
      const max = Math.max(...deg);
      expect(deg[g.ids.indexOf(leader[k])], d.name).toBe(max);
    });
  });

  it('aggregate morselli_caviar: 110 nodes, 295 arcs, 205 edges, connected, node 1 of degree 60', () => {
    const d = loadNetwork(net('caviar', 'morselli_caviar.csv'));
    expectCounts(d, { nodes: 110, arcs: 295, edges: 205, lcc: 110, components: 1 });
    const g = compactGraph(d);
    const deg = degree(g);
    expect(Math.max(...deg)).toBe(60);
    expect(deg[g.ids.indexOf('1')]).toBe(60);
  });
});

describeWithData('Montagna (Cavallaro et al. 2020 edge lists) and its attributes', () => {
  const meetings = loadNetwork(net('montagna', 'Montagna_meetings_edgelist.csv'));
  const phone = loadNetwork(net('montagna', 'Montagna_phonecalls_edgelist.csv'));

  it('meetings: 289 rows → 101 nodes, 256 undirected edges, 5 components, LCC 92', () => {
    expect(meetings.format).toBe('edgelist');
    expectCounts(meetings, { nodes: 101, edges: 256, components: 5, lcc: 92, directed: false });
    expect(meetings.edges).toHaveLength(256);
  });

  it('phone calls: 150 rows → 100 nodes, 124 undirected edges, 5 components, LCC 89', () => {
    expectCounts(phone, { nodes: 100, edges: 124, components: 5, lcc: 89, directed: false });
  });

  it('154 distinct ids 0–153 over both layers', () => {
    const ids = new Set([...meetings.nodes, ...phone.nodes]);
    expect(ids.size).toBe(154);
    expect([...ids].map(Number).sort((a, b) => a - b)).toEqual(Array.from({ length: 154 }, (_, k) => k));
  });

  it('the R2-ERGM copies (ids N0…) have the same undirected edge sets', () => {
    const pairs = (d: NetworkData, strip: boolean) =>
      new Set(
        d.edges.map((e) =>
          [e.source, e.target]
            .map((id) => (strip ? id.replace(/^N/, '') : id))
            .sort()
            .join('-'),
        ),
      );
    for (const [a, b] of [
      [meetings, 'montagna_meetings.csv'],
      [phone, 'montagna_phone.csv'],
    ] as const) {
      const copy = loadNetwork(net('montagna', 'mcmacdonald_R2-ERGM', b));
      expect(pairs(copy, true)).toEqual(pairs(a, false));
    }
  });

  it('joins montagna_attributes.csv with idPrefix N: titles over both layers are boss 9, underboss 1, executive 7, soldier 24', () => {
    const attributes = net('montagna', 'mcmacdonald_R2-ERGM', 'montagna_attributes.csv');
    const m = loadNetwork(net('montagna', 'Montagna_meetings_edgelist.csv'), { attributes, idPrefix: 'N' });
    const p = loadNetwork(net('montagna', 'Montagna_phonecalls_edgelist.csv'), { attributes, idPrefix: 'N' });
    // 155 rows (N0–N154): the rows for members absent from a layer are counted, not refused.
    expect(m.warnings.join('\n')).toContain(`${155 - 101} attribute rows for ids that are not nodes`);
    expect(p.warnings.join('\n')).toContain(`${155 - 100} attribute rows for ids that are not nodes`);
    expect(m.attributes.size).toBe(101);
    expect(p.attributes.size).toBe(100);
    // Every titled member appears in at least one layer (N154, absent from both, has no title).
    const titles = new Map<string, string>();
    for (const d of [m, p]) for (const [id, a] of d.attributes) titles.set(id, a.title);
    const count = (t: string) => [...titles.values()].filter((x) => x === t).length;
    expect({
      boss: count('boss'),
      underboss: count('underboss'),
      executive: count('executive'),
      soldier: count('soldier'),
    }).toEqual({ boss: 9, underboss: 1, executive: 7, soldier: 24 });
    expect(() =>
      loadNetwork(net('montagna', 'Montagna_meetings_edgelist.csv'), {
        attributes,
        idPrefix: 'N',
        unknownIds: 'error',
      }),
    ).toThrow(/54 attribute rows for ids that are not nodes/);
  });

  it('joins the DF roles (144 rows, column "node") the same way', () => {
    const d = loadNetwork(net('montagna', 'Montagna_meetings_edgelist.csv'), {
      attributes: net('montagna', 'derived', 'montagna_node_roles_DF.csv'),
      idPrefix: 'N',
    });
    const absent = Number(
      /(\d+) attribute rows? for ids that are not nodes/.exec(d.warnings.join('\n'))?.[1] ?? 0,
    );
    expect(d.attributes.size + absent).toBe(144);
    expect(Object.keys(d.attributes.values().next().value!)).toEqual(['role', 'relationship', 'request']);
  });

  it('luciaetal_montagna.csv: 40 nodes, 72 arcs, 51 undirected edges, 7 isolates', () => {
    const d = loadNetwork(net('montagna', 'mcmacdonald_criminal-networks', 'luciaetal_montagna.csv'));
    const g = compactGraph(d);
    expect(d.nodes).toHaveLength(40);
    expect(d.edges).toHaveLength(72);
    expect(g.m).toBe(51);
    expect(componentSizes(g).filter((s) => s === 1)).toHaveLength(7);
  });
});

describeWithData('Morselli, Natarajan and UCINET covert networks (adjacency CSVs)', () => {
  const cases: [string, string[], Counts][] = [
    ['Siren', ['siren', 'morselli_siren.csv'], { nodes: 44, edges: 103, lcc: 44, directed: false }],
    ['Togo', ['togo', 'morselli_togo.csv'], { nodes: 33, edges: 47, lcc: 33, directed: false }],
    ['CielNet', ['cielnet', 'morselli_cielnet.csv'], { nodes: 25, arcs: 45, edges: 35, lcc: 25 }],
    [
      'Natarajan cocaine',
      ['natarajan_cocaine', 'natajaran_cocaine.csv'],
      { nodes: 28, arcs: 40, edges: 40, lcc: 28 },
    ],
    [
      'Natarajan heroin',
      ['natarajan_heroin', 'natajaran_heroin.csv'],
      { nodes: 38, arcs: 168, edges: 87, lcc: 38 },
    ],
    [
      'Italian gangs',
      ['italian_gangs', 'ITALIAN_GANGS.csv'],
      { nodes: 67, edges: 114, lcc: 65, directed: false },
    ],
    // "All slightly asymmetric", so read as directed; all connected.
    [
      'Acero',
      ['cocaine_smuggling_spain', 'COCAINE_ACERO.csv'],
      { nodes: 25, edges: 37, lcc: 25, directed: true },
    ],
    [
      'Jake',
      ['cocaine_smuggling_spain', 'COCAINE_JAKE.csv'],
      { nodes: 38, edges: 50, lcc: 38, directed: true },
    ],
    [
      'Juanes',
      ['cocaine_smuggling_spain', 'COCAINE_JUANES.csv'],
      { nodes: 51, edges: 93, lcc: 51, directed: true },
    ],
    [
      'Mambo',
      ['cocaine_smuggling_spain', 'COCAINE_MAMBO.csv'],
      { nodes: 31, edges: 58, lcc: 31, directed: true },
    ],
    [
      'Montreal gangs',
      ['montreal_gangs', 'MONTREALGANG.csv'],
      { nodes: 35, edges: 78, lcc: 29, isolates: 2, directed: true },
    ],
  ];
  for (const [name, path, counts] of cases) {
    it(`${name}: ${counts.nodes} nodes, ${counts.edges} undirected edges${counts.arcs ? `, ${counts.arcs} arcs` : ''}, LCC ${counts.lcc}`, () => {
      const d = loadNetwork(net(...path));
      expect(d.format).toBe('matrix');
      expectCounts(d, counts);
    });
  }

  it('Jake and Mambo keep their valued cells (values 1–2)', () => {
    for (const f of ['COCAINE_JAKE.csv', 'COCAINE_MAMBO.csv']) {
      const w = new Set(loadNetwork(net('cocaine_smuggling_spain', f)).edges.map((e) => e.weight));
      expect([...w].sort(), f).toEqual([1, 2]);
    }
  });

  it('Montreal gangs: the attribute file (unnamed id column) joins all 35 gangs', () => {
    const d = loadNetwork(net('montreal_gangs', 'MONTREALGANG.csv'), {
      attributes: net('montreal_gangs', 'MONTREALGANG_ATTR.csv'),
    });
    expect(d.attributes.size).toBe(35);
    expect(d.warnings.join('\n')).not.toMatch(/attribute row/);
    expect(Object.keys(d.attributes.get(d.nodes[0])!)).toEqual(['Allegiances', 'Ethnicity', 'Territories']);
  });
});

describeWithData(
  'Mexican criminal groups 2020 (Prieto-Curiel et al.): alliance and rivalry edge lists',
  () => {
    const columns = { source: 'Node', target: 'RNode', weight: 'weight' };
    it('alliances: 130 directed rows → 91 undirected pairs; rivalries: 127 rows → 92 pairs', () => {
      for (const [f, rows, pairs] of [
        ['BACRIM2020_Alliances.csv', 130, 91],
        ['BACRIM2020_Rivals.csv', 127, 92],
      ] as const) {
        const path = net('mexico_cartels_2020', f);
        expect(loadNetwork(path, { columns, directed: true }).edges, f).toHaveLength(rows);
        const d = loadNetwork(path, { columns });
        expect(d.edges, f).toHaveLength(pairs);
        expect(compactGraph(d).m, f).toBe(pairs);
      }
    });
  },
);
