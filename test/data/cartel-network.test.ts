import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinGroupNetwork } from '../../src/data/builtin-network.js';
import { loadGroupNetwork } from '../../src/data/cartel-network.js';
import { DataError } from '../../src/data/errors.js';
import { resolveGroupNetwork } from '../../src/data/group-source.js';
import { buildWorld } from '../../src/sim/model/world.js';
import { describeWithData, sharedPath } from '../helpers/shared-data.js';

const NODES =
  'Node,Group,State,ShortName\nN1,Alpha,Jalisco,A\nN2,Beta,Sinaloa,B\nN3,"Gamma, the third",Michoacán,C\n';
const TIES = 'Edge,Node,Group,RNode,RGroup,weight\nE1,N1,Alpha,N2,Beta,3\nE2,N2,Beta,N1,Alpha,5\n';

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'atalaya-net-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

function withFiles(over: Partial<Record<'nodes' | 'allies' | 'rivals', string>> = {}): string {
  return folder({
    'BACRIM2020_Nodes.csv': over.nodes ?? NODES,
    'BACRIM2020_Alliances.csv': over.allies ?? 'Edge,Node,Group,RNode,RGroup,weight\n',
    'BACRIM2020_Rivals.csv': over.rivals ?? TIES,
  });
}

describe('group network files', () => {
  it('reads a small network, strips a BOM and makes ties undirected with the larger weight', () => {
    const net = loadGroupNetwork(withFiles({ nodes: `\uFEFF${NODES}` }));
    expect(net.groups.map((g) => g.homeArea)).toEqual(['14', '25', '16']);
    expect(net.groups[2].name).toBe('Gamma, the third');
    expect(net.rivalries).toEqual([{ a: 0, b: 1, weight: 5 }]);
    expect(net.alliances).toEqual([]);
  });

  it('names the file, line and field of bad input', () => {
    const cases: [Partial<Record<'nodes' | 'allies' | 'rivals', string>>, RegExp][] = [
      [{ rivals: `${TIES}E3,N1,Alpha,N9,Nine,1\n` }, /BACRIM2020_Rivals\.csv:4: RNode "N9" is not a group/],
      [
        { rivals: `${TIES}E3,N1,Alpha,N3,Gamma,-2\n` },
        /BACRIM2020_Rivals\.csv:4: weight "-2" is not a positive number/,
      ],
      [{ rivals: `${TIES}E3,N1,Alpha,N2,Beta,1\n` }, /BACRIM2020_Rivals\.csv:4: duplicate relation N1 → N2/],
      [{ nodes: `${NODES}N4,Delta,Atlantis,D\n` }, /BACRIM2020_Nodes\.csv:5: unknown state "Atlantis"/],
      [{ nodes: `${NODES}N1,Again,Jalisco,A\n` }, /BACRIM2020_Nodes\.csv:5: duplicate Node id "N1"/],
      [{ nodes: 'Node,Group,ShortName\nN1,Alpha,A\n' }, /missing column "State"/],
      [
        { rivals: 'Edge,Node,Group,RNode,RGroup,weight\nE1,N1,Alpha,N1,Alpha,2\n' },
        /cannot be tied to itself/,
      ],
    ];
    for (const [over, message] of cases) {
      expect(() => loadGroupNetwork(withFiles(over))).toThrow(message);
      expect(() => loadGroupNetwork(withFiles(over))).toThrow(DataError);
    }
  });

  it('says when an explicit --data folder lacks the files', () => {
    const empty = folder({});
    expect(() => resolveGroupNetwork({ dataDir: empty })).toThrow(
      /the 150-group files .* are neither there nor in/,
    );
    expect(() => resolveGroupNetwork({ dataDir: join(empty, 'nope') })).toThrow(/no such directory/);
  });

  it('falls back to the built-in description when no files are found (auto), and refuses with `files`', () => {
    const env = { ATALAYA_HOME: folder({}) };
    const opts = { env, cwd: folder({}) };
    // The package's own ../shared/data may exist on a development machine; only check the explicit builtin path.
    expect(resolveGroupNetwork({ ...opts, network: 'builtin' }).source.kind).toBe('builtin');
  });
});

describe('built-in network', () => {
  it('has 150 groups, the published size order and states for every group', () => {
    const net = builtinGroupNetwork();
    expect(net.groups).toHaveLength(150);
    const world = buildWorld(net);
    // Published shares (Prieto-Curiel et al. 2023): CJNG 17.9%, Sinaloa 8.9%, NFM 6.2%, Noreste 4.5%, UTepito 3.5%.
    const shares = [0.179, 0.089, 0.062, 0.045, 0.035];
    shares.forEach((s, i) => {
      expect(Math.abs(world.initialShare[i] - s), net.groups[i].shortName).toBeLessThan(0.003);
    });
  });
});

describeWithData('the 150-group files of Prieto-Curiel et al. (2023)', () => {
  it('load with the counts in SOURCES.md: 150 groups, 91 alliance pairs, 92 rivalry pairs', () => {
    const net = loadGroupNetwork(sharedPath('networks', 'mexico_cartels_2020'));
    expect(net.groups).toHaveLength(150);
    expect(net.alliances).toHaveLength(91);
    expect(net.rivalries).toHaveLength(92);
    expect(new Set(net.groups.map((g) => g.homeArea)).size).toBe(25);
    const world = buildWorld(net);
    const cjng = net.groups.findIndex((g) => g.shortName === 'CJNG');
    expect(world.rank[cjng]).toBe(1);
    expect(world.allianceStrength[cjng]).toBe(55);
  });
});
