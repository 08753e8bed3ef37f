import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/data/errors.js';
import { joinAttributes } from '../../src/network/formats/attributes.js';
import type { NetworkData } from '../../src/network/graph.js';
import { DEFAULT_MAX_MEMBERS, type NetworkFormat, parseNetwork } from '../../src/network/load.js';

/**
 * Network files are user input (the CLI reads them, the HTTP API receives their text): whatever the text,
 * every reader returns a network whose edges join known members and whose size is within the member
 * limit, or throws a DataError naming the file. Never another exception (TypeError, RangeError, a stack
 * overflow) and never a process-killing allocation from a declared size.
 *
 * Inputs: arbitrary strings, and for each format a valid file put through a few mutations (a line
 * inserted, deleted or cut short, a token replaced by a hostile one, a declared size made huge), so that
 * the readers' deep paths are reached and not only their first check. Each property runs a fixed number
 * of cases from a fixed seed, so a failure reproduces exactly.
 */
const RUNS = 500;
const SEED = 20260;
const FILE = 'fuzz-input';
const FORMATS: (NetworkFormat | undefined)[] = [undefined, 'edgelist', 'matrix', 'graphml', 'pajek', 'dl'];

/** Counts the cases run, so the suite can assert how much fuzzing it did. */
let cases = 0;

function checkNetwork(run: () => NetworkData, max: number): void {
  cases++;
  let data: NetworkData;
  try {
    data = run();
  } catch (err) {
    if (!(err instanceof DataError)) throw err;
    expect(err.message).toContain(FILE);
    expect(err.location.file).toContain(FILE);
    expect(err.message.length).toBeLessThan(2_000);
    return;
  }
  expect(data.nodes.length).toBeLessThanOrEqual(max);
  expect(data.nodes.every((id) => typeof id === 'string')).toBe(true);
  const known = new Set(data.nodes);
  expect(known.size).toBe(data.nodes.length);
  for (const e of data.edges) {
    expect(known.has(e.source) && known.has(e.target)).toBe(true);
    expect(Number.isFinite(e.weight) && e.weight > 0).toBe(true);
  }
  for (const id of data.attributes.keys()) expect(known.has(id)).toBe(true);
}

/** Parse each text with its own format mostly, else detected or another one; under various limits. */
function fuzz(text: fc.Arbitrary<string>, own: NetworkFormat | undefined, ext: string): void {
  fc.assert(
    fc.property(
      text,
      fc.oneof(
        { weight: 3, arbitrary: fc.constant(own) },
        { weight: 2, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.constantFrom(...FORMATS) },
      ),
      fc.constantFrom<number | undefined>(undefined, undefined, undefined, 1, 3, 40),
      fc.constantFrom(ext, ext, '', '.csv', '.net', '.dl', '.graphml'),
      (body, format, maxMembers, extension) => {
        const file = `${FILE}${extension}`;
        checkNetwork(
          () => parseNetwork(body, file, { format, maxMembers }),
          maxMembers ?? DEFAULT_MAX_MEMBERS,
        );
      },
    ),
    { numRuns: RUNS, seed: SEED },
  );
}

// ---------------------------------------------------------------------------------------------------------
// Building blocks

const newline = fc.constantFrom('\n', '\r\n', '\r');
const bom = fc.constantFrom('', '', '\uFEFF');

/** Sizes a file may declare that it cannot hold, or that are not sizes at all. */
const hostileSize = fc.constantFrom(
  '2000000000',
  '4294967296',
  '100001',
  '1000000',
  '99999999999999999999999',
  '1e9',
  '1.5',
  '-1',
  '0x10',
  'x',
  '',
);

const hostileToken = fc.oneof(
  hostileSize,
  fc.constantFrom(
    '"',
    'a"b',
    '""',
    '"a b"',
    'NaN',
    'Infinity',
    '1e309',
    '-3',
    '-0',
    '%',
    '#',
    '*',
    '*Vertices',
    'data:',
    '<',
    '&',
    '&amp;',
    '__proto__',
    'constructor',
    'source',
    'weight',
  ),
  fc.string({ maxLength: 6 }),
);

const ids = ['a', 'b', 'c', 'd', 'N1', 'N2', '1', '2', '3'];
const id = fc.constantFrom(...ids);
const weight = fc.constantFrom('', '1', '2', '3', '0', '0.5', '1e3');

type Mutation =
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete'; at: number }
  | { kind: 'replace'; at: number; token: number; text: string }
  | { kind: 'cut'; at: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.array(hostileToken, { maxLength: 5 }).map((ts) => ts.join(' ')),
  }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), token: fc.nat(), text: hostileToken }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
);

function mutate(lines: string[], m: Mutation): string[] {
  const out = [...lines];
  const k = out.length === 0 ? 0 : m.at % out.length;
  switch (m.kind) {
    case 'insert':
      out.splice(m.at % (out.length + 1), 0, m.text);
      return out;
    case 'delete':
      out.splice(k, 1);
      return out;
    case 'replace': {
      // Replace one token of the line, keeping its separators.
      const parts = (out[k] ?? '').split(/([\s,;|]+)/);
      const tokens = parts.map((_, i) => i).filter((i) => i % 2 === 0);
      parts[tokens[m.token % tokens.length]] = m.text;
      out[k] = parts.join('');
      return out;
    }
    case 'cut': {
      const text = out.join('\n');
      return text.slice(0, m.at % (text.length + 1)).split('\n');
    }
  }
}

/** A valid file's lines, put through up to three mutations, joined by one kind of line break. */
function nearValid(lines: fc.Arbitrary<string[]>): fc.Arbitrary<string> {
  return fc
    .tuple(bom, lines, fc.array(mutation, { maxLength: 3 }), newline)
    .map(([b, ls, ms, nl]) => b + ms.reduce(mutate, ls).join(nl));
}

/** n distinct labels, in a random order. */
const labels = (min: number, max: number) =>
  fc.shuffledSubarray(['a', 'b', 'c', 'd', 'e', '"f g"', '1', '2'], { minLength: min, maxLength: max });

// ---------------------------------------------------------------------------------------------------------
// Valid files of each format

const edgeList = fc
  .tuple(
    fc.constantFrom('', 'source,target,weight', 'from to', 'i;j;w', 'Node,x,RNode', '# comment'),
    fc.constantFrom(' ', ',', '\t', ';'),
    fc.array(fc.tuple(id, id, weight), { maxLength: 10 }),
  )
  .map(([header, sep, rows]) => [
    ...(header ? [header] : []),
    ...rows.map((r) => r.filter((x) => x !== '').join(sep)),
  ]);

const matrix = fc
  .tuple(
    fc.constantFrom('', '""', 'players'),
    labels(1, 6),
    fc.constantFrom(',', ';', '\t', '|'),
    fc.array(fc.constantFrom('0', '0', '1', '2', '0.5'), { minLength: 36, maxLength: 36 }),
  )
  .map(([corner, ls, d, cells]) => [
    [corner, ...ls].join(d),
    ...ls.map((l, i) => [l, ...ls.map((_, j) => cells[i * 6 + j])].join(d)),
  ]);

const pajek = fc
  .tuple(
    fc.oneof(
      { weight: 5, arbitrary: fc.integer({ min: 0, max: 5 }).map(String) },
      { weight: 1, arbitrary: hostileSize },
    ),
    fc.boolean(),
    fc.constantFrom('*Arcs', '*Edges', '*Arcslist', '*Edgeslist', '*Matrix'),
    fc.array(fc.array(fc.integer({ min: 1, max: 3 }).map(String), { minLength: 2, maxLength: 3 }), {
      maxLength: 6,
    }),
  )
  .map(([n, named, section, rows]) => {
    const count = Number(n);
    const vertices = Number.isInteger(count) && count <= 5 ? count : 3;
    return [
      '*Network fuzz',
      `*Vertices ${n}`,
      ...Array.from({ length: vertices }, (_, i) => (named ? `${i + 1} "v${i + 1}" 0.1 0.2` : `${i + 1}`)),
      section,
      ...rows.map((r) => r.join(' ')),
    ];
  });

const dl = fc
  .tuple(
    fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 0, max: 4 }) }, { weight: 1, arbitrary: hostileSize }),
    fc.constantFrom('fullmatrix', 'edgelist1', 'nodelist1'),
    fc.constantFrom('none', 'list', 'embedded'),
    fc.array(fc.constantFrom('0', '1', '2'), { minLength: 16, maxLength: 16 }),
    fc.array(fc.array(fc.integer({ min: 1, max: 4 }).map(String), { minLength: 2, maxLength: 3 }), {
      maxLength: 6,
    }),
  )
  .map(([size, format, how, cells, rows]) => {
    const n = typeof size === 'number' ? size : 3;
    const names = ['a', 'b', 'c', 'd'].slice(0, n);
    const head = [`DL n=${size}`, `format=${format}`];
    if (how === 'list') head.push('labels:', names.join(','));
    if (how === 'embedded') head.push('labels embedded');
    head.push('data:');
    if (format !== 'fullmatrix') {
      const name = (v: string) => (how === 'embedded' ? (names[Number(v) - 1] ?? v) : v);
      return [...head, ...rows.map((r) => r.map(name).join(' '))];
    }
    const matrixRows = names.map((l, i) => {
      const values = names.map((_, j) => cells[i * 4 + j]);
      return (how === 'embedded' ? [l, ...values] : values).join(' ');
    });
    return [...head, ...(how === 'embedded' ? [names.join(' ')] : []), ...matrixRows];
  });

const graphml = fc
  .tuple(
    fc.constantFrom(
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<?xml version="1.0"?><!DOCTYPE graphml>',
      '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>',
      '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
      '',
    ),
    fc.constantFrom(
      '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
      '<graphml>',
      '<graphml graph="x" key="k">',
    ),
    fc.constantFrom(
      '<graph edgedefault="undirected">',
      '<graph edgedefault="directed">',
      '<graph node="abc" edge="x">',
    ),
    fc.uniqueArray(id, { minLength: 1, maxLength: 5 }),
    fc.array(
      fc.tuple(fc.nat(), fc.nat(), weight, fc.constantFrom('', ' directed="true"', ' directed="false"')),
      {
        maxLength: 6,
      },
    ),
    fc.constantFrom(
      '',
      '',
      '<node id="n"><graph><node id="inner"/></graph></node>',
      '<hyperedge/>',
      '<![CDATA[<node id="c"/>]]>',
      '<!-- <node id="x"/> -->',
      '<node>text</node>',
      '<node/>',
      '<edge source="a" target="zz"/>',
    ),
  )
  .map(([prolog, open, graph, nodes, edges, extra]) => [
    prolog,
    open,
    '<key id="w" for="edge" attr.name="weight"><default>1</default></key>',
    '<key id="r" for="node" attr.name="role"><default>member</default></key>',
    '<key id="p" for="all" attr.name="__proto__"/>',
    graph,
    ...nodes.map((n) => `<node id="${n}"><data key="r">boss</data><data key="p">x</data></node>`),
    extra,
    ...edges.map(([s, t, w, d]) => {
      const data = w === '' ? '' : `<data key="w">${w}</data>`;
      return `<edge source="${nodes[s % nodes.length]}" target="${nodes[t % nodes.length]}"${d}>${data}</edge>`;
    }),
    '</graph>',
    '</graphml>',
  ]);

// ---------------------------------------------------------------------------------------------------------

describe('every network reader, on hostile text (property-based)', () => {
  it('arbitrary text, in every format', () => {
    fuzz(fc.string({ maxLength: 200 }), undefined, '');
    fuzz(fc.string({ maxLength: 200, unit: 'binary' }), undefined, '.txt');
  });

  it('near-valid edge lists', () => fuzz(nearValid(edgeList), 'edgelist', '.csv'));
  it('near-valid adjacency matrices', () => fuzz(nearValid(matrix), 'matrix', '.csv'));
  it('near-valid Pajek files, with huge and malformed *Vertices', () =>
    fuzz(nearValid(pajek), 'pajek', '.net'));
  it('near-valid UCINET DL files, with huge and malformed n=', () => fuzz(nearValid(dl), 'dl', '.dl'));
  it('near-valid GraphML, with entities, CDATA, comments, nesting and clashing names', () =>
    fuzz(nearValid(graphml), 'graphml', '.graphml'));

  it('attribute files joined to a network: the join, or a DataError naming the attribute file', () => {
    const network = parseNetwork('a b\nb c\nN1 a\n1 2\n', `${FILE}.txt`);
    fc.assert(
      fc.property(
        nearValid(
          fc
            .tuple(
              fc.constantFrom('id,role', 'node;title', ',x,y', 'id', 'a,b,c'),
              fc.array(fc.tuple(fc.constantFrom('', 'N'), id, fc.constantFrom('boss', '', '"x,y"')), {
                maxLength: 6,
              }),
            )
            .map(([h, rows]) => [
              h,
              ...rows.map(([p, i, v]) => `${p}${i}${h.includes(';') ? ';' : ','}${v}`),
            ]),
        ),
        fc.constantFrom(undefined, 'N', ''),
        fc.constantFrom(undefined, 'id', 'node', 'missing'),
        fc.constantFrom<'warn' | 'error'>('warn', 'error'),
        (text, idPrefix, idColumn, unknownIds) => {
          checkNetwork(
            () => joinAttributes(network, text, `${FILE}-attributes.csv`, { idPrefix, idColumn, unknownIds }),
            DEFAULT_MAX_MEMBERS,
          );
        },
      ),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('ran the planned number of cases', () => {
    // 2 arbitrary-text properties, 5 near-valid formats and the attribute join.
    expect(cases).toBe(RUNS * 8);
  });
});
