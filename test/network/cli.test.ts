import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAtalaya } from '../helpers/run-main.js';
import { describeWithData, sharedPath } from '../helpers/shared-data.js';

/**
 * `atalaya network …` end to end on the staged networks: output shapes, figures checked against
 * ../shared/data/networks/SOURCES.md and the networkx fixture (test/fixtures/network), and errors.
 */
const out = mkdtempSync(join(tmpdir(), 'atalaya-network-cli-'));
const fixture = JSON.parse(readFileSync('test/fixtures/network/networkx-disruption.json', 'utf8')) as {
  networks: Record<
    string,
    {
      runs: {
        strategy: string;
        mode: string;
        blockSize: number;
        steps: { removed: number; lcc: number; components: number }[];
      }[];
    }
  >;
};

describeWithData('network commands on the staged networks', () => {
  const meetings = () => sharedPath('networks', 'montagna', 'Montagna_meetings_edgelist.csv');
  const attributes = () =>
    sharedPath('networks', 'montagna', 'mcmacdonald_R2-ERGM', 'montagna_attributes.csv');

  it('describes CAVIAR phase 6 (SOURCES.md: 27 nodes, 68 arcs, 47 undirected edges, connected)', async () => {
    const r = await runAtalaya([
      'network',
      'describe',
      sharedPath('networks', 'caviar', 'phase6.csv'),
      '--json',
    ]);
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d).toMatchObject({ n: 27, m: 47, arcs: 68, components: { count: 1, largestSize: 27 } });
    expect(d.nodes).toHaveLength(27);
    // SOURCES.md: node 1 has the highest degree in phase 6.
    expect(d.top.degree[0]).toBe('1');
  });

  it('prints { strategy, mode, steps: [{ removed, lccRatio, efficiency, components }] } matching networkx at every step', async () => {
    const r = await runAtalaya([
      'network',
      'disrupt',
      meetings(),
      '--strategy',
      'betweenness',
      '--mode',
      'block',
      '--block-size',
      '5',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ strategy: 'betweenness', mode: 'block' });
    const expected = fixture.networks.meetings.runs.find(
      (x) => x.strategy === 'betweenness' && x.mode === 'block' && x.blockSize === 5,
    );
    expect(expected).toBeDefined();
    const lcc0 = expected!.steps[0].lcc;
    expect(json.steps.map((s: { removed: number }) => s.removed)).toEqual(
      expected!.steps.map((s) => s.removed),
    );
    json.steps.forEach((s: { lccRatio: number; components: number }, k: number) => {
      expect(s.lccRatio).toBeCloseTo(expected!.steps[k].lcc / lcc0, 12);
      expect(s.components).toBe(expected!.steps[k].components);
    });
  });

  it('compares strategies, with a seeded random one, and draws the curves', async () => {
    const chart = join(out, 'curves.svg');
    const args = [
      'network',
      'disrupt',
      meetings(),
      '--strategy',
      'degree',
      '--strategy',
      'random',
      '--steps',
      '5',
      '--draws',
      '20',
      '--seed',
      '3',
      '--json',
      '--svg',
      chart,
    ];
    const a = await runAtalaya(args);
    const b = await runAtalaya(args);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const [degree, random] = JSON.parse(a.stdout);
    expect(degree.strategy).toBe('degree');
    expect(random.draws).toBe(20);
    expect(random.steps[5].spread.lccRatio.p05).toBeLessThanOrEqual(random.steps[5].spread.lccRatio.p95);
    expect(readFileSync(chart, 'utf8')).toMatch(/^<svg/);
  });

  it('removes the bosses first when asked (attribute strategy joined from the attribute file)', async () => {
    const r = await runAtalaya([
      'network',
      'disrupt',
      meetings(),
      '--attributes',
      attributes(),
      '--id-prefix',
      'N',
      '--strategy',
      'attribute:title=boss,underboss+betweenness',
      '--steps',
      '3',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.steps[0].removed).toBe(0);
    // The first removed member is a boss in the attribute file (read here independently).
    const first = json.steps[1].removedIds[0];
    const row = readFileSync(attributes(), 'utf8')
      .split(/\r?\n/)
      .find((l) => l.startsWith(`N${first},`));
    expect(row?.split(',')[2]).toBe('boss');
  });

  it('shows structural and attribute roles with their agreement', async () => {
    const r = await runAtalaya([
      'network',
      'roles',
      meetings(),
      '--attributes',
      attributes(),
      '--id-prefix',
      'N',
      '--attribute',
      'title',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.members).toHaveLength(101);
    const table = json.agreement.table;
    const sum = Object.values(table)
      .flatMap((row) => Object.values(row as Record<string, number>))
      .reduce((a: number, b) => a + (b as number), 0);
    expect(sum).toBe(json.agreement.n);
    // Independent count: members of the meetings network whose title is boss, underboss, executive or soldier.
    const ids = new Set(
      readFileSync(meetings(), 'utf8')
        .trim()
        .split(/\r?\n/)
        .flatMap((l) => l.split(/\s+/).slice(0, 2)),
    );
    const titled = readFileSync(attributes(), 'utf8')
      .split(/\r?\n/)
      .slice(1)
      .filter((l) => {
        const [id, , title] = l.split(',');
        return (
          id &&
          ids.has(id.replace(/^\uFEFF?N/, '')) &&
          ['boss', 'underboss', 'executive', 'soldier'].includes(title)
        );
      });
    expect(json.agreement.n).toBe(titled.length);
  });

  it('follows CAVIAR across its 11 phases (SOURCES.md: top degree node 1, except 3 in phase 9 and 12 in phase 11)', async () => {
    const files = Array.from({ length: 11 }, (_, k) => sharedPath('networks', 'caviar', `phase${k + 1}.csv`));
    const r = await runAtalaya(['network', 'phases', ...files, '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.phases.map((p: { nodes: number }) => p.nodes)).toEqual([
      15, 24, 33, 33, 32, 27, 36, 42, 34, 42, 41,
    ]);
    expect(json.phases.map((p: { edges: number }) => p.edges)).toEqual([
      18, 28, 56, 48, 39, 47, 49, 58, 44, 50, 50,
    ]);
    expect(json.phases.map((p: { topDegree: string[] }) => p.topDegree[0])).toEqual([
      '1',
      '1',
      '1',
      '1',
      '1',
      '1',
      '1',
      '1',
      '3',
      '1',
      '12',
    ]);
    expect(json.changes).toHaveLength(10);
  });

  it('regrows after a disruption, reproducibly', async () => {
    const args = [
      'network',
      'recover',
      meetings(),
      '--remove',
      '5',
      '--rounds',
      '4',
      '--replicates',
      '20',
      '--seed',
      '9',
      '--json',
    ];
    const a = await runAtalaya(args);
    const b = await runAtalaya(args);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const json = JSON.parse(a.stdout);
    // The five removed are the first five of sequential removal by betweenness in the networkx fixture.
    const seq = fixture.networks.meetings.runs.find(
      (x) => x.strategy === 'betweenness' && x.mode === 'sequential' && x.blockSize === 1,
    );
    expect(json.removedIds).toEqual(
      seq!.steps.slice(1, 6).flatMap((s) => (s as unknown as { removedIds: string[] }).removedIds),
    );
    expect(json.rounds).toHaveLength(5);
    expect(json.rounds[0].size.mean).toBe(96);
  });
});

describe('network command errors', () => {
  it.each([
    [['network', 'describe', '/nonexistent/net.csv'], /nonexistent/],
    [
      ['network', 'disrupt', 'package.json', '--strategy', 'betweenness', '--mode', 'raid'],
      /--mode must be one of/,
    ],
  ])('refuses %j with exit 2', async (args, message) => {
    const r = await runAtalaya(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(existsSync(join(out, 'x.jpg'))).toBe(false);
  });
});

describeWithData('network command errors on real files', () => {
  const meetings = () => sharedPath('networks', 'montagna', 'Montagna_meetings_edgelist.csv');
  it.each([
    [['--strategy', 'kingpin'], /unknown part "kingpin"/],
    [['--strategy', 'attribute:title=boss'], /no attribute "title".*--attributes/],
    [['--flow', 'leader,nobody'], /--flow must be one of/],
  ])('disrupt %j: exit 2 with a clear message', async (args, message) => {
    const r = await runAtalaya(['network', 'disrupt', meetings(), ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});
