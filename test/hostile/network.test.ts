import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/data/errors.js';
import {
  DEFAULT_MAX_MEMBERS,
  loadNetwork,
  loadNetworkSeries,
  type NetworkFormat,
  parseNetwork,
} from '../../src/network/load.js';
import { runAtalaya } from '../helpers/run-main.js';

/**
 * Hostile network files, each a fault once found: sizes declared in a header that used to be allocated
 * before any check (60 bytes killed the process), an edge list of millions of members read whole, XML
 * parser failures that escaped as plain errors (exit 1, HTTP 500), a matrix silently read as an edge
 * list, and the crashes property-based fuzzing found (network-fuzz.test.ts). Every one must now be a
 * DataError naming the file (the CLI exits 2, the API answers 422).
 */
const dir = mkdtempSync(join(tmpdir(), 'atalaya-hostile-network-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

/** The DataError that `run` throws (failing the test if it returns or throws anything else). */
function refusal(run: () => unknown): DataError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(DataError);
    return err as DataError;
  }
  throw new Error('expected a DataError, but the network was read');
}

const DL_BOMB = 'DL N=2000000000\nFORMAT=FULLMATRIX\nDATA:\n0 1\n1 0\n';
const PAJEK_BOMB = '*Vertices 2000000000\n';
const LIMIT = /the network has more than (\d+) members; at most \1 are read \(--max-members to change\)/;

describe('declared sizes are checked before anything is allocated', () => {
  it('a DL full matrix of n = 2,000,000,000 in 60 bytes: refused for lacking its n² values', () => {
    const e = refusal(() => parseNetwork(DL_BOMB, 'bomb.dl'));
    expect(e.message).toMatch(
      /^bomb\.dl:5: the data end early: n=2000000000 needs 2000000000×2000000000 values, but the file holds only 4 values$/,
    );
    expect(e.location).toMatchObject({ file: 'bomb.dl', line: 5 });
  });

  it('DL edge and node lists may name fewer nodes than n, so only the member limit applies', () => {
    for (const format of ['edgelist1', 'nodelist1']) {
      const e = refusal(() => parseNetwork(`DL n=2000000000 format=${format}\ndata:\n1 2\n`, 'list.dl'));
      expect(e.message).toMatch(/^list\.dl:1: n=2000000000: /);
      expect(e.message).toMatch(LIMIT);
      expect(e.location).toMatchObject({ file: 'list.dl', line: 1 });
    }
    const embedded = refusal(() =>
      parseNetwork('DL n=100001 format=edgelist1 labels embedded\ndata:\na b\n', 'emb.dl', {}),
    );
    expect(embedded.message).toMatch(/emb\.dl:1: n=100001: the network has more than 100000 members/);
    // Under the limit, the declared but unlisted nodes are isolated members, as before.
    const d = parseNetwork('DL n=5 format=edgelist1\ndata:\n1 2\n', 'five.dl');
    expect(d.nodes).toEqual(['1', '2', '3', '4', '5']);
    expect(() => parseNetwork('DL n=5 format=edgelist1\ndata:\n1 2\n', 'five.dl', { maxMembers: 4 })).toThrow(
      /five\.dl:1: n=5: the network has more than 4 members/,
    );
  });

  it('Pajek *Vertices 2,000,000,000 (or more than an array can hold): the member limit, at its line', () => {
    for (const n of ['2000000000', '99999999999999999999999', '1e12']) {
      const e = refusal(() => parseNetwork(`%% comment\n*Vertices ${n}\n*Edges\n1 2\n`, 'bomb.net'));
      expect(e.message).toMatch(/^bomb\.net:2: \*Vertices \S+: the network has more than 100000 members/);
      expect(e.location).toMatchObject({ file: 'bomb.net', line: 2 });
    }
    expect(parseNetwork('*Vertices 4\n*Edges\n1 2\n', 'four.net').nodes).toEqual(['1', '2', '3', '4']);
    expect(() => parseNetwork('*Vertices 4\n*Edges\n1 2\n', 'four.net', { maxMembers: 3 })).toThrow(LIMIT);
  });

  it('an adjacency matrix with more column labels than the limit is refused at its header', () => {
    const text = ',a,b,c,d\na,0,1,0,0\nb,1,0,1,0\nc,0,1,0,1\nd,0,0,1,0\n';
    expect(parseNetwork(text, 'm.csv').nodes).toHaveLength(4);
    const e = refusal(() => parseNetwork(text, 'm.csv', { maxMembers: 3 }));
    expect(e.message).toMatch(/^m\.csv:1: 4 column labels: the network has more than 3 members/);
  });

  it('maxMembers reaches every reader, and loadNetwork and loadNetworkSeries pass it on', () => {
    const graphml =
      '<graphml>\n<graph edgedefault="undirected">\n<node id="a"/>\n<node id="b"/>\n<node id="c"/>\n</graph>\n</graphml>';
    const cases: [NetworkFormat, string][] = [
      ['edgelist', 'a b\nb c\n'],
      ['matrix', ',a,b,c\na,0,1,0\nb,1,0,1\nc,0,1,0\n'],
      ['graphml', graphml],
      ['pajek', '*Vertices 3\n*Edges\n1 2\n'],
      ['dl', 'DL n=3\ndata:\n0 1 0\n1 0 1\n0 1 0\n'],
    ];
    for (const [format, text] of cases) {
      expect(parseNetwork(text, `ok.${format}`, { format }).nodes, format).toHaveLength(3);
      const e = refusal(() => parseNetwork(text, `two.${format}`, { format, maxMembers: 2 }));
      expect(e.message, format).toMatch(new RegExp(`^two\\.${format}:\\d+: `));
      expect(e.message, format).toMatch(/more than 2 members; at most 2 are read/);
    }
    // GraphML stops at the line of the member too many.
    expect(refusal(() => parseNetwork(graphml, 'g.graphml', { maxMembers: 2 })).location.line).toBe(5);
    const path = file('three.txt', 'a b\nb c\n');
    expect(() => loadNetwork(path, { maxMembers: 2 })).toThrow(/three\.txt:2: the network has more than 2/);
    const folder = join(dir, 'phases');
    mkdirSync(folder);
    writeFileSync(join(folder, 'phase1.txt'), 'a b\n');
    writeFileSync(join(folder, 'phase2.txt'), 'a b\nb c\n');
    expect(loadNetworkSeries([folder], { maxMembers: 3 })).toHaveLength(2);
    expect(() => loadNetworkSeries([folder], { maxMembers: 2 })).toThrow(
      /phase2\.txt:2: the network has more/,
    );
    expect(DEFAULT_MAX_MEMBERS).toBe(100_000);
  });
});

describe('an edge list of millions of members stops at the limit', () => {
  it('2,000,001 distinct nodes: a DataError at the line of member 100,001, not minutes at 1.7 GB', () => {
    const lines: string[] = [];
    for (let i = 0; i < 2_000_000; i++) lines.push(`${i},${i + 1}`);
    const text = lines.join('\n');
    const e = refusal(() => parseNetwork(text, 'path.csv'));
    expect(e.message).toBe(
      'path.csv:100000: the network has more than 100000 members; at most 100000 are read (--max-members to change)',
    );
    expect(e.location).toEqual({ file: 'path.csv', line: 100_000 });
    // The server's limit (2,000 members) is passed the same way.
    expect(() => parseNetwork(text, 'path.csv', { maxMembers: 2_000 })).toThrow(
      /^path\.csv:2000: the network has more than 2000 members/,
    );
  }, 60_000);
});

describe('GraphML parser failures and entities are DataErrors naming the file', () => {
  const laughs = [
    '<?xml version="1.0"?>',
    '<!DOCTYPE lolz [<!ENTITY lol "lol">',
    ...Array.from(
      { length: 9 },
      (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`,
    ),
    ']>',
    '<graphml><graph edgedefault="undirected"><node id="&lol9;"/></graph></graphml>',
  ].join('\n');

  it('malformed XML: the file, the line and what was expected', () => {
    const e = refusal(() =>
      parseNetwork('<graphml>\n<graph>\n<node id="a">\n</graph>\n</graphml>\n', 'broken.graphml'),
    );
    expect(e.message).toMatch(
      /^broken\.graphml:\d+: not well-formed XML: .*\(expected a GraphML document\)$/,
    );
    expect(e.location.file).toBe('broken.graphml');
    expect(e.location.line).toBeGreaterThan(0);
  });

  it('errors thrown by the parser itself (nesting past its limit, names it refuses) become DataErrors', () => {
    const deep = `<graphml><graph>${'<x>'.repeat(500)}${'</x>'.repeat(500)}</graph></graphml>`;
    expect(refusal(() => parseNetwork(deep, 'deep.graphml')).message).toMatch(
      /^deep\.graphml(:\d+)?: not well-formed XML: .*nested/i,
    );
    for (const text of [
      '<graphml><graph><__proto__ id="a"/></graph></graphml>',
      '<graphml><graph><node id="a" __proto__="x"/></graph></graphml>',
    ]) {
      try {
        const d = parseNetwork(text, 'proto.graphml');
        expect(Object.keys(Object.prototype)).toEqual([]);
        expect(d.nodes.length).toBeLessThanOrEqual(1);
      } catch (err) {
        expect(err).toBeInstanceOf(DataError);
        expect((err as Error).message).toMatch(/^proto\.graphml/);
      }
    }
  });

  it('a billion laughs is refused at once, never expanded', () => {
    const e = refusal(() => parseNetwork(laughs, 'laughs.graphml'));
    expect(e.message).toMatch(/^laughs\.graphml:2: the document declares XML entities/);
    expect(e.message).not.toMatch(/lollol/);
  });

  it('an external entity never reads the file it names', () => {
    const secret = file('secret.txt', 'TOP-SECRET-CONTENT');
    for (const text of [
      `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file://${secret}">]><graphml><graph><node id="&e;"/></graph></graphml>`,
      `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY % p SYSTEM "file://${secret}"> %p;]><graphml><graph><node id="a"/></graph></graphml>`,
    ]) {
      const e = refusal(() => parseNetwork(text, 'xxe.graphml'));
      expect(e.message).toMatch(/^xxe\.graphml:1: the document declares XML entities/);
      expect(e.message).not.toMatch(/TOP-SECRET/);
    }
  });

  it('attributes named like elements (<graph node="…">) are not mistaken for them (fuzzing: TypeError)', () => {
    const text =
      '<graphml key="k"><graph node="abc" edge="x" edgedefault="undirected"><node id="a"/><node id="b"/><edge source="a" target="b"/></graph></graphml>';
    const d = parseNetwork(text, 'names.graphml');
    expect(d.nodes).toEqual(['a', 'b']);
    expect(d.edges).toEqual([{ source: 'a', target: 'b', weight: 1 }]);
  });

  it('a text-only or empty <node> is a node without an id, at its line', () => {
    for (const node of ['<node/>', '<node>text</node>']) {
      const e = refusal(() => parseNetwork(`<graphml>\n<graph>\n${node}\n</graph>\n</graphml>`, 'n.graphml'));
      expect(e.message).toBe('n.graphml:3: <node> without an id');
    }
  });
});

describe('a headerless matrix that is not square is not read as an edge list', () => {
  it('3 rows of 5 numbers: refused as a matrix of 3 rows and 5 columns', () => {
    for (const [name, text] of [
      ['m.csv', '0,1,0,1,0\n1,0,1,0,1\n0,1,0,1,0\n'],
      ['m.txt', '0\t1\t0\t1\t0\r\n1\t0\t1\t0\t1\r\n0\t1\t0\t1\t0\r\n'],
    ]) {
      const e = refusal(() => parseNetwork(text, name));
      expect(e.message).toMatch(
        new RegExp(
          `^${name.replace('.', '\\.')}:1: looks like a matrix of 3 rows and 5 columns, not an edge list`,
        ),
      );
      expect(e.message).toMatch(/an adjacency matrix must be square/);
      // Forcing the format does not make it an edge list either.
      expect(() => parseNetwork(text, name, { format: 'edgelist' })).toThrow(/looks like a matrix/);
    }
  });

  it('a square 0/1 matrix without labels, and rows all four wide, are refused the same way', () => {
    const square = '0 1 1 0\n1 0 0 1\n1 0 0 1\n0 1 1 0\n';
    expect(refusal(() => parseNetwork(square, 'sq.txt')).message).toMatch(
      /sq\.txt:1: looks like a matrix of 4 rows and 4 columns/,
    );
    expect(refusal(() => parseNetwork('a b 1 x\nb c 2 y\n', 'wide.txt')).message).toMatch(
      /wide\.txt:1: looks like a matrix of 2 rows and 4 columns/,
    );
  });

  it('real edge lists still read: three columns, a header naming extra columns, ragged extra fields', () => {
    expect(parseNetwork('0\t1\t1\n0\t2\t3\n', 'e.txt').edges).toHaveLength(2);
    const named = parseNetwork('source,target,weight,date\n1,2,3,2019\n2,3,1,2020\n', 'h.csv');
    expect(named.edges).toEqual([
      { source: '1', target: '2', weight: 3 },
      { source: '2', target: '3', weight: 1 },
    ]);
    const ragged = parseNetwork('a b 1\nb c 2 note\n', 'r.txt');
    expect(ragged.warnings.join('\n')).toMatch(/1 row with more than 3 fields/);
  });
});

describe('other crashes found by fuzzing', () => {
  it('a second *Vertices line no longer leaves ties pointing at vertices that are gone (undefined ids)', () => {
    const e = refusal(() => parseNetwork('*Vertices 3\n*Arcs\n1 3\n*Vertices 1\n', 'two.net'));
    expect(e.message).toMatch(/^two\.net:4: a second \*Vertices line \(the first is on line 1\)/);
  });

  it('a CSV splitter failure is reported at the line of the file, not the splitter’s line 1', () => {
    const e = refusal(() => parseNetwork('a,b\nc,"d\ne,f\n', 'quote.csv'));
    expect(e.message).toMatch(/^quote\.csv:2: a quoted field is never closed/);
    expect(e.location).toEqual({ file: 'quote.csv', line: 2 });
  });

  it('messages quote at most a short piece of a hostile line', () => {
    const e = refusal(() => parseNetwork(`a b\n${'x'.repeat(100_000)}\n`, 'one.txt'));
    expect(e.message).toMatch(/^one\.txt:2: 1 field/);
    expect(e.message.length).toBeLessThan(300);
  });
});

describe('the command line', () => {
  it('the DL and Pajek bombs exit 2 with a message naming the file', async () => {
    for (const [name, text] of [
      ['bomb.dl', DL_BOMB],
      ['bomb.net', PAJEK_BOMB],
    ]) {
      const r = await runAtalaya(['network', 'describe', file(name, text)]);
      expect(r.code, name).toBe(2);
      expect(r.stderr).toContain(name);
      expect(r.stderr).toMatch(/2000000000/);
    }
  });

  it('malformed GraphML and entity bombs exit 2 naming the file', async () => {
    const broken = file('broken.graphml', '<graphml>\n<graph>\n<node id="a">\n</graph>\n</graphml>\n');
    const r = await runAtalaya(['network', 'describe', broken]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/broken\.graphml:\d+: not well-formed XML/);
    const bomb = file(
      'laughs.graphml',
      '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><graphml><graph><node id="&b;"/></graph></graphml>',
    );
    const b = await runAtalaya(['network', 'describe', bomb]);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/laughs\.graphml:1: the document declares XML entities/);
  });

  it('--max-members on every subcommand that reads networks: applied, validated, documented', async () => {
    const three = file('three-members.txt', 'a b\nb c\nc a\n');
    for (const sub of ['describe', 'roles', 'disrupt', 'recover']) {
      const r = await runAtalaya(['network', sub, three, '--max-members', '2']);
      expect(r.code, sub).toBe(2);
      expect(r.stderr, sub).toMatch(/three-members\.txt:2: the network has more than 2 members/);
    }
    const folder = join(dir, 'cli-phases');
    mkdirSync(folder);
    writeFileSync(join(folder, 'p1.txt'), 'a b\nb c\n');
    writeFileSync(join(folder, 'p2.txt'), 'a b\nb c\nc d\n');
    const phases = await runAtalaya(['network', 'phases', folder, '--max-members', '3']);
    expect(phases.code).toBe(2);
    expect(phases.stderr).toMatch(/p2\.txt:3: the network has more than 3 members/);
    expect((await runAtalaya(['network', 'phases', folder, '--max-members', '4', '--json'])).code).toBe(0);
    expect((await runAtalaya(['network', 'describe', three, '--max-members', '3', '--json'])).code).toBe(0);

    for (const bad of ['0', '-5', '2.5', 'many', '']) {
      const r = await runAtalaya(['network', 'describe', three, '--max-members', bad]);
      expect(r.code, bad).toBe(2);
      expect(r.stderr, bad).toMatch(/--max-members must be a whole number from 1/);
    }
    for (const sub of ['describe', 'roles', 'disrupt', 'recover', 'phases']) {
      const help = await runAtalaya(['network', sub, '--help']);
      expect(help.stdout, sub).toMatch(/--max-members <n>\s+refuse a network with more members than this/);
    }
  });
});
