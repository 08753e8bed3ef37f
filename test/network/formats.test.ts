import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/data/errors.js';
import type { NetworkData } from '../../src/network/graph.js';
import { detectFormat, loadNetwork, loadNetworkSeries } from '../../src/network/load.js';

const dir = mkdtempSync(join(tmpdir(), 'atalaya-net-'));
let counter = 0;
/** Write a file in its own folder (so the network name stays the file's base name). */
function file(name: string, content: string | Buffer): string {
  const sub = join(dir, String(counter++));
  mkdirSync(sub);
  const path = join(sub, name);
  writeFileSync(path, content);
  return path;
}

/** The part of a NetworkData that must not depend on the format. */
function core(d: NetworkData) {
  return { name: d.name, directed: d.directed, nodes: d.nodes, edges: d.edges, attributes: d.attributes };
}

/** The DataError thrown by `fn` (fails the test when nothing, or something else, is thrown). */
function dataError(fn: () => unknown): DataError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(DataError);
    return err as DataError;
  }
  throw new Error('expected a DataError');
}

// One undirected valued graph: a–b 2, a–c 1, b–c 3, c–d 1 (d only reachable through c).
const UNDIRECTED = {
  name: 'net',
  directed: false,
  nodes: ['a', 'b', 'c', 'd'],
  edges: [
    { source: 'a', target: 'b', weight: 2 },
    { source: 'a', target: 'c', weight: 1 },
    { source: 'b', target: 'c', weight: 3 },
    { source: 'c', target: 'd', weight: 1 },
  ],
  attributes: new Map(),
};

// One directed valued graph: a→b 2, b→a 1, a→c 3, c→d 1.
const DIRECTED = {
  name: 'net',
  directed: true,
  nodes: ['a', 'b', 'c', 'd'],
  edges: [
    { source: 'a', target: 'b', weight: 2 },
    { source: 'a', target: 'c', weight: 3 },
    { source: 'b', target: 'a', weight: 1 },
    { source: 'c', target: 'd', weight: 1 },
  ],
  attributes: new Map(),
};

function graphml(directed: boolean, edges: [string, string, number][]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key id="d0" for="edge" attr.name="weight" attr.type="double"/>
  <graph id="G" edgedefault="${directed ? 'directed' : 'undirected'}">
    <node id="a"/>
    <node id="b"/>
    <node id="c"/>
    <node id="d"/>
${edges.map(([s, t, w]) => `    <edge source="${s}" target="${t}"><data key="d0">${w}</data></edge>`).join('\n')}
  </graph>
</graphml>
`;
}

describe('the same graph in every format gives the same NetworkData', () => {
  it('undirected: edge list (CSV, tabs, spaces), matrix, GraphML, Pajek, DL full matrix and edge list', () => {
    const files = [
      file('net.csv', 'source,target,weight\na,b,2\na,c,1\nb,c,3\nc,d,1\n'),
      file('net.txt', '# meetings\na\tb\t2\na\tc\t1\nb\tc\t3\nc\td\t1\n'),
      file('net.tsv', '% comment\n"a" b 2\na  c 1\nb c 3\nc d 1\n'),
      file(
        'net.csv',
        '\uFEFF"","a","b","c","d"\r\n"a",0,2,1,0\r\n"b",2,0,3,0\r\n"c",1,3,0,1\r\n"d",0,0,1,0\r\n',
      ),
      file(
        'net.graphml',
        graphml(false, [
          ['a', 'b', 2],
          ['a', 'c', 1],
          ['b', 'c', 3],
          ['c', 'd', 1],
        ]),
      ),
      file('net.net', '*Vertices 4\n1 "a"\n2 "b"\n3 "c"\n4 "d"\n*Edges\n1 2 2\n1 3 1\n2 3 3\n3 4 1\n'),
      file(
        'net.dl',
        'DL n=4\nformat = fullmatrix\nlabels:\na,b,c,d\ndata:\n0 2 1 0\n2 0 3 0\n1 3 0 1\n0 0 1 0\n',
      ),
      file(
        'net.dl',
        'dl n=4 format=edgelist1\nlabels embedded\ndata:\na b 2\na c 1\nb a 2\nb c 3\nc a 1\nc b 3\nc d 1\nd c 1\n',
      ),
      file(
        'net.dl',
        'DL N=4\nFORMAT=FULLMATRIX\nLABELS EMBEDDED\nDATA:\na b c d\na 0 2 1 0\nb 2 0 3 0\nc 1 3 0 1\nd 0 0 1 0\n',
      ),
    ];
    const formats = files.map((f) => loadNetwork(f).format);
    expect(formats).toEqual([
      'edgelist',
      'edgelist',
      'edgelist',
      'matrix',
      'graphml',
      'pajek',
      'dl',
      'dl',
      'dl',
    ]);
    for (const f of files) expect(core(loadNetwork(f)), f).toEqual(UNDIRECTED);
  });

  it('directed: edge list with directed: true, asymmetric matrix, GraphML, Pajek arcs, DL', () => {
    const files = [
      file('net.csv', 'from,to,weight\na,b,2\na,c,3\nb,a,1\nc,d,1\n'),
      file('net.csv', ',a,b,c,d\na,0,2,3,0\nb,1,0,0,0\nc,0,0,0,1\nd,0,0,0,0\n'),
      file(
        'net.graphml',
        graphml(true, [
          ['a', 'b', 2],
          ['a', 'c', 3],
          ['b', 'a', 1],
          ['c', 'd', 1],
        ]),
      ),
      file(
        'net.net',
        '*Network net\n*Vertices 4\n1 "a"\n2 "b"\n3 "c"\n4 "d"\n*Arcs\n1 2 2\n1 3 3\n2 1 1\n3 4 1\n',
      ),
      file('net.dl', 'DL n=4\nlabels: a b c d\ndata:\n0 2 3 0\n1 0 0 0\n0 0 0 1\n0 0 0 0\n'),
    ];
    for (const f of files)
      expect(core(loadNetwork(f, f.endsWith('csv') ? { directed: true } : {})), f).toEqual(DIRECTED);
    // Direction of a matrix comes from its symmetry, not from the option.
    expect(loadNetwork(files[1]).directed).toBe(true);
  });
});

describe('edge lists', () => {
  it('keeps the first-appearance order of nodes and detects a header only when there is one', () => {
    const d = loadNetwork(file('e.txt', '7 3\n3 12\n12 7 2.5\n'));
    expect(d.nodes).toEqual(['7', '3', '12']);
    expect(d.edges).toEqual([
      { source: '7', target: '3', weight: 1 },
      { source: '3', target: '12', weight: 1 },
      { source: '12', target: '7', weight: 2.5 },
    ]);
    const h = loadNetwork(file('h.csv', 'ego,alter,calls\nx,y,4\n'));
    expect(h.nodes).toEqual(['x', 'y']);
    expect(h.edges).toEqual([{ source: 'x', target: 'y', weight: 4 }]);
  });

  it('sums a pair given in both orders with different weights (separate records), keeps a mirrored listing once', () => {
    const summed = loadNetwork(file('s.txt', '1 2 3\n2 1 1\n2 3 1\n'));
    expect(summed.edges).toEqual([
      { source: '1', target: '2', weight: 4 },
      { source: '2', target: '3', weight: 1 },
    ]);
    expect(summed.warnings.join('\n')).toMatch(/1 pair given in both orders.*summed/);
    const mirrored = loadNetwork(file('m.txt', '1 2 3\n2 1 3\n2 3 1\n3 2 1\n'));
    expect(mirrored.edges).toEqual([
      { source: '1', target: '2', weight: 3 },
      { source: '2', target: '3', weight: 1 },
    ]);
    expect(mirrored.warnings.join('\n')).toMatch(/mirrored/);
    expect(loadNetwork(file('m.txt', '1 2 3\n2 1 3\n'), { duplicates: 'sum' }).edges[0].weight).toBe(6);
    // Directed: both orders are distinct arcs; the same arc twice is summed.
    const directed = loadNetwork(file('d.txt', '1 2 3\n2 1 1\n1 2 1\n'), { directed: true });
    expect(directed.edges).toEqual([
      { source: '1', target: '2', weight: 4 },
      { source: '2', target: '1', weight: 1 },
    ]);
    expect(directed.warnings.join('\n')).toMatch(/1 tie listed more than once in the same direction/);
  });

  it('drops self-loops and zero weights with a warning naming the line, keeping the nodes', () => {
    const d = loadNetwork(file('l.txt', 'a b\nc c 2\nb d 0\n'));
    expect(d.nodes).toEqual(['a', 'b', 'c', 'd']);
    expect(d.edges).toEqual([{ source: 'a', target: 'b', weight: 1 }]);
    expect(d.warnings.join('\n')).toMatch(/self-loop.*c \(line 2\)/);
    expect(d.warnings.join('\n')).toMatch(/weight 0.*line 3/);
  });

  it('reads named columns from a wider table, and refuses to guess them', () => {
    const text = 'Edge,Node,Group,RNode,weight\nR1,N1,g1,N2,6\nR2,N2,g2,N1,6\nR3,N1,g1,N3,2\n';
    const d = loadNetwork(file('w.csv', text), {
      columns: { source: 'Node', target: 'RNode', weight: 'weight' },
    });
    expect(d.edges).toEqual([
      { source: 'N1', target: 'N2', weight: 6 },
      { source: 'N1', target: 'N3', weight: 2 },
    ]);
    const e = dataError(() => loadNetwork(file('w.csv', text)));
    expect(e.message).toMatch(/w\.csv:1: cannot tell which of the columns/);
  });

  it('reads CR-only line ends (old Mac exports) with the right line numbers', () => {
    const d = loadNetwork(file('cr.csv', 'i,j,weight\rN5,N11,1\rN5,N12,1\r'));
    expect(d.edges).toHaveLength(2);
    const e = dataError(() => loadNetwork(file('cr.csv', 'i,j,weight\rN5,N11,1\rN5,N12,x\r')));
    expect(e.message).toMatch(/cr\.csv:3: .*"x" is not a number/);
  });
});

describe('adjacency matrices', () => {
  it('follows the column-label order even when rows come in another order', () => {
    const d = loadNetwork(file('m.csv', 'players,z,y,x\nx,1,1,0\nz,0,0,1\ny,0,0,1\n'));
    expect(d.nodes).toEqual(['z', 'y', 'x']);
    expect(d.directed).toBe(false);
    expect(d.edges).toEqual([
      { source: 'x', target: 'z', weight: 1 },
      { source: 'x', target: 'y', weight: 1 },
    ]);
  });

  it('drops a non-zero diagonal with a warning naming node and line', () => {
    const d = loadNetwork(file('m.csv', ',a,b\na,0,1\nb,1,5\n'));
    expect(d.edges).toEqual([{ source: 'a', target: 'b', weight: 1 }]);
    expect(d.warnings.join('\n')).toMatch(/dropped 1 self-loop.*b \(line 3\)/);
  });

  it('symmetrises when told directed: false (one-sided ties kept, mirrored values not doubled)', () => {
    const d = loadNetwork(file('m.csv', ',a,b,c\na,0,1,1\nb,1,0,0\nc,0,0,0\n'), { directed: false });
    expect(d.directed).toBe(false);
    expect(d.edges).toEqual([
      { source: 'a', target: 'b', weight: 1 },
      { source: 'a', target: 'c', weight: 1 },
    ]);
  });

  it('reads Latin-1 labels', () => {
    const d = loadNetwork(file('l.csv', Buffer.from(',Jos\xe9,Ana\nJos\xe9,0,1\nAna,1,0\n', 'latin1')));
    expect(d.nodes).toEqual(['José', 'Ana']);
  });

  it('refuses a non-square matrix, naming file and lines', () => {
    const e = dataError(() => loadNetwork(file('ns.csv', ',a,b,c\na,0,1,0\nb,1,0,0\n')));
    expect(e.message).toMatch(
      /ns\.csv: not a square matrix: 3 column labels on line 1 but 2 rows of data \(lines 2–3\)/,
    );
    const short = dataError(() => loadNetwork(file('sh.csv', ',a,b,c\na,0,1\nb,1,0,0\nc,0,0,0\n')));
    expect(short.message).toMatch(/sh\.csv:2: row "a" has 2 cells, expected 3/);
  });

  it('refuses row labels that are not the column labels', () => {
    const e = dataError(() => loadNetwork(file('rl.csv', ',a,b,c\na,0,1,0\nb,1,0,0\nq,0,0,0\n')));
    expect(e.message).toMatch(/rl\.csv:4: row label "q" is not among the column labels/);
    expect(e.location).toMatchObject({ line: 4 });
    const dup = dataError(() => loadNetwork(file('dup.csv', ',a,b,c\na,0,1,0\nb,1,0,0\nb,0,0,0\n')));
    expect(dup.message).toMatch(/dup\.csv:4: row label "b" repeats line 3/);
  });

  it('refuses non-numeric cells and negative weights, naming line and column', () => {
    const e = dataError(() => loadNetwork(file('nn.csv', ',a,b\na,0,x\nb,1,0\n')));
    expect(e.message).toMatch(/nn\.csv:2: column 3 \("b"\): "x" is not a number/);
    const empty = dataError(() => loadNetwork(file('ne.csv', ',a,b\na,0,1\nb,,0\n')));
    expect(empty.message).toMatch(/ne\.csv:3: column 2 \("a"\): "" is not a number/);
    const neg = dataError(() => loadNetwork(file('neg.csv', ',a,b\na,0,1\nb,-2,0\n')));
    expect(neg.message).toMatch(/neg\.csv:3: column 2 \("a"\): negative weight -2/);
  });
});

describe('other bad input', () => {
  it('refuses empty files in every format', () => {
    for (const [name, format] of [
      ['empty.csv', undefined],
      ['empty.txt', 'edgelist'],
      ['empty.csv', 'matrix'],
      ['empty.graphml', undefined],
      ['empty.net', undefined],
      ['empty.dl', undefined],
    ] as const) {
      const f = file(name, '\n  \n');
      const e = dataError(() => loadNetwork(f, { format }));
      expect(e.message).toContain(`${f}: empty file`);
    }
    // Comments only: no ties either.
    expect(
      dataError(() => loadNetwork(file('c.txt', '# nothing\n'), { format: 'edgelist' })).message,
    ).toMatch(/c\.txt: empty file/);
  });

  it('refuses negative and non-numeric edge-list weights with file and line', () => {
    expect(dataError(() => loadNetwork(file('n.txt', 'a b 1\nb c -1\n'))).message).toMatch(
      /n\.txt:2: weight \(3rd field\): negative weight -1/,
    );
    expect(
      dataError(() => loadNetwork(file('n.csv', 'source,target,weight\na,b,1\nb,c,many\n'))).message,
    ).toMatch(/n\.csv:3: column "weight": "many" is not a number/);
    expect(dataError(() => loadNetwork(file('o.txt', 'a b\nc\n'))).message).toMatch(/o\.txt:2: 1 field/);
  });

  it('GraphML: an edge to an undeclared node and broken XML name the line', () => {
    const text = graphml(false, [['a', 'b', 1]]).replace('target="b"', 'target="zz"');
    expect(dataError(() => loadNetwork(file('g.graphml', text))).message).toMatch(
      /g\.graphml:9: <edge> refers to node "zz"/,
    );
    expect(
      dataError(() => loadNetwork(file('b.graphml', '<graphml>\n<graph>\n</graphml>\n'))).message,
    ).toMatch(/b\.graphml:\d+: not well-formed XML/);
    expect(dataError(() => loadNetwork(file('w.graphml', graphml(true, [['a', 'b', -3]])))).message).toMatch(
      /w\.graphml:9: .*negative weight -3/,
    );
  });

  it('Pajek and DL: out-of-range vertices and short matrices name the line', () => {
    expect(dataError(() => loadNetwork(file('p.net', '*Vertices 2\n*Edges\n1 3\n'))).message).toMatch(
      /p\.net:3: vertex "3" is not a number between 1 and 2/,
    );
    expect(dataError(() => loadNetwork(file('s.dl', 'DL n=2\ndata:\n0 1\n1\n'))).message).toMatch(
      /s\.dl:4: the data end early/,
    );
    expect(dataError(() => loadNetwork(file('t.dl', 'DL nr=2 nc=3\ndata:\n0 1 1\n1 0 0\n'))).message).toMatch(
      /t\.dl: a two-mode DL file/,
    );
  });
});

describe('GraphML and Pajek details', () => {
  it('GraphML node <data> become attributes, key defaults applied', () => {
    const text = `<?xml version="1.0"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key id="r" for="node" attr.name="role" attr.type="string"><default>member</default></key>
  <key id="f" for="node" attr.name="family" attr.type="string"/>
  <graph edgedefault="undirected">
    <node id="1"><data key="r">boss</data><data key="f">north</data></node>
    <node id="2"/>
    <edge source="1" target="2"/>
  </graph>
</graphml>`;
    const d = loadNetwork(file('a.xml', text));
    expect(d.format).toBe('graphml');
    expect(d.attributes.get('1')).toEqual({ role: 'boss', family: 'north' });
    expect(d.attributes.get('2')).toEqual({ role: 'member' });
    expect(d.edges).toEqual([{ source: '1', target: '2', weight: 1 }]);
  });

  it('Pajek: unlabelled vertices are their numbers, *Arcslist/*Edgeslist, and the *Network name', () => {
    const d = loadNetwork(file('p.net', '*Network ring\n*Vertices 3\n1 "x"\n*Arcslist\n1 2 3\n3 1\n'));
    expect(d.name).toBe('ring');
    expect(d.directed).toBe(true);
    expect(d.nodes).toEqual(['x', '2', '3']);
    expect(d.edges.map((e) => `${e.source}>${e.target}`)).toEqual(['x>2', 'x>3', '3>x']);
  });
});

describe('attribute join', () => {
  const net = file('g.txt', '0 1\n1 2\n2 3\n');

  it('joins by the first column with an id prefix; absent members are a warning with their count', () => {
    const attrs = file(
      'a.csv',
      '\uFEFFnode,title\r\nN0,boss\r\nN1,\r\nN2,soldier\r\nN9,soldier\r\nN10,executive\r\n',
    );
    const d = loadNetwork(net, { attributes: attrs, idPrefix: 'N' });
    expect(d.attributes.get('0')).toEqual({ title: 'boss' });
    expect(d.attributes.get('1')).toEqual({ title: '' });
    expect(d.attributes.has('3')).toBe(false);
    expect(d.warnings.join('\n')).toMatch(
      /2 attribute rows for ids that are not nodes.*N9 \(line 5\), N10 \(line 6\)/,
    );
    expect(d.warnings.join('\n')).toMatch(/1 of 4 nodes have no attribute row/);
  });

  it('with unknownIds: error, absent ids are refused listing up to 10 with their lines', () => {
    const rows = Array.from({ length: 13 }, (_, k) => `N${k + 10},x`).join('\n');
    const attrs = file('u.csv', `node,flag\nN0,y\n${rows}\n`);
    const e = dataError(() => loadNetwork(net, { attributes: attrs, idPrefix: 'N', unknownIds: 'error' }));
    expect(e.message).toMatch(/u\.csv: 13 attribute rows for ids that are not nodes/);
    expect(e.message).toContain('N10 (line 3)');
    expect(e.message).toContain('N19 (line 12) and 3 more');
    expect(e.location.line).toBe(3);
  });

  it('malformed ids (missing prefix, empty) are always refused', () => {
    const attrs = file('m.csv', 'node,title\nN0,boss\n1,soldier\n,x\n');
    const e = dataError(() => loadNetwork(net, { attributes: attrs, idPrefix: 'N', unknownIds: 'warn' }));
    expect(e.message).toMatch(
      /m\.csv: 2 rows without a valid id in column "node" \(expected an id starting with "N"/,
    );
    expect(e.message).toContain('line 3: "1"');
    expect(e.message).toContain('line 4: ""');
  });

  it('a file matching no node at all is an error that suggests the prefix', () => {
    const attrs = file('p.csv', 'node,title\nN0,boss\nN1,soldier\n');
    const e = dataError(() => loadNetwork(net, { attributes: attrs }));
    expect(e.message).toMatch(/p\.csv: none of the 2 ids in column "node" is a node/);
    expect(e.message).toContain("pass idPrefix: 'N'");
  });

  it('repeated ids are refused; a column named id is used before the first column', () => {
    const dup = file('d.csv', 'node,title\nN1,a\nN1,b\n');
    expect(dataError(() => loadNetwork(net, { attributes: dup, idPrefix: 'N' })).message).toMatch(
      /d\.csv:3: id "N1" repeats line 2/,
    );
    const named = file('i.csv', 'title,ID\nboss,2\n');
    expect(loadNetwork(net, { attributes: named }).attributes.get('2')).toEqual({ title: 'boss' });
  });
});

describe('format detection and series', () => {
  it('tells matrices from edge lists by their labels', () => {
    expect(detectFormat('x.csv', ',a,b\na,0,1\nb,1,0\n')).toBe('matrix');
    expect(detectFormat('x.csv', '1,2,1\n2,1,1\n')).toBe('edgelist');
    expect(detectFormat('x.csv', '1,2,1\n2,3,1\n3,1,1\n')).toBe('edgelist');
    expect(detectFormat('x.csv', 'source,target,weight\na,b,1\n')).toBe('edgelist');
    expect(detectFormat('x.txt', 'DL n=3\ndata:\n')).toBe('dl');
    expect(detectFormat('x.txt', '*Vertices 3\n')).toBe('pajek');
  });

  it('orders a series naturally (phase2 before phase10), from files or a folder', () => {
    const folder = join(dir, 'phases');
    mkdirSync(folder);
    for (const k of [1, 2, 10]) writeFileSync(join(folder, `phase${k}.csv`), `a,b\nb,c${k}\n`);
    writeFileSync(join(folder, 'README.md'), '# not a network\n');
    expect(loadNetworkSeries([folder]).map((d) => d.name)).toEqual(['phase1', 'phase2', 'phase10']);
    const files = ['phase1.csv', 'phase10.csv', 'phase2.csv'].map((f) => join(folder, f));
    expect(loadNetworkSeries(files).map((d) => d.name)).toEqual(['phase1', 'phase2', 'phase10']);
    expect(loadNetworkSeries(files, { order: 'given' }).map((d) => d.name)).toEqual([
      'phase1',
      'phase10',
      'phase2',
    ]);
  });
});
