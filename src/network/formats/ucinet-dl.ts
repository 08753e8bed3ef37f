import { DataError } from '../../data/errors.js';
import type { NetworkData } from '../graph.js';
import { clip, normalizeNewlines, parseWeight } from './lines.js';
import { type MatrixCell, type MatrixOptions, matrixNetwork } from './matrix-ties.js';
import { checkDeclaredMembers, memberLimit } from './members.js';
import { networkData } from './ties.js';

interface Token {
  text: string;
  line: number;
}

/**
 * UCINET DL (one-mode): a header `DL n=… [format=fullmatrix|edgelist1|nodelist1]`, labels given after
 * `labels:` or embedded in the data (`labels embedded`), then `data:`. Every variant describes an n×n
 * matrix, so direction follows the matrix rule (symmetric → undirected, else directed) as for the CSV
 * matrix. Without labels, node ids are the numbers 1…n. Labels and values are separated by spaces, tabs,
 * commas or line breaks; labels may be quoted. Two-mode (`nr`/`nc`), several matrices (`nm` > 1) and
 * half matrices are refused rather than misread. `n` is checked before anything is sized by it: a full
 * matrix must have its n² values in the file, and no variant may exceed the member limit (an edge or node
 * list may name fewer nodes than it declares, so for them only the limit applies).
 */
export function readUcinetDl(text: string, file: string, options: MatrixOptions = {}): NetworkData {
  const body = normalizeNewlines(text);
  if (body.trim() === '') throw new DataError(`${file}: empty file (expected a UCINET DL header)`, { file });
  const dataAt = /(?:^|[\s,])data\s*:/im.exec(body);
  const headStart = body.search(/\S/);
  if (!/^dl\b/i.test(body.slice(headStart))) {
    throw new DataError(
      `${file}:${lineAt(body, headStart)}: expected "DL n=…" at the start of a UCINET DL file`,
      {
        file,
        line: lineAt(body, headStart),
      },
    );
  }
  if (!dataAt)
    throw new DataError(`${file}: no "data:" line (expected the header to end with data:)`, { file });
  const header = body.slice(headStart + 2, dataAt.index);
  const refuse = (what: string) => {
    throw new DataError(`${file}: ${what} is not supported (expected a one-mode DL file)`, { file, line: 1 });
  };
  if (/\bn[rc]\s*=/i.test(header)) refuse('a two-mode DL file (nr=/nc=)');
  const nm = /\bnm\s*=\s*(\d+)/i.exec(header);
  if (nm && Number(nm[1]) > 1) refuse(`a file of ${clip(nm[1])} matrices (nm=${clip(nm[1])})`);
  if (/\b(lower|upper)\s*half\b|\bdiagonal\s*=\s*absent\b/i.test(header))
    refuse('a half matrix or absent diagonal');
  const nMatch = /\bn\s*=\s*(\d+)/i.exec(header);
  if (!nMatch)
    throw new DataError(`${file}: no "n=" in the DL header (expected the number of nodes)`, {
      file,
      line: 1,
    });
  const n = Number(nMatch[1]);
  const format = (/\bformat\s*=\s*([a-z0-9_]+)/i.exec(header)?.[1] ?? 'fullmatrix').toLowerCase();
  const embedded = /\blabels\s+embedded\b/i.test(header);
  let labels = headerLabels(header);
  if (labels && labels.length !== n) {
    throw new DataError(
      `${file}: ${labels.length} labels for n=${clip(nMatch[1])} nodes (expected one label per node)`,
      {
        file,
        line: 1,
      },
    );
  }
  const dataStart = dataAt.index + dataAt[0].length;
  const tokens = tokensOf(body.slice(dataStart), lineAt(body, dataStart));
  const fullmatrix = format === 'fullmatrix' || format === 'fm';
  if (!fullmatrix && format !== 'edgelist1' && format !== 'nodelist1') {
    throw new DataError(
      `${file}: format=${clip(format)} is not supported (expected fullmatrix, edgelist1 or nodelist1)`,
      {
        file,
        line: 1,
      },
    );
  }
  // A full matrix says how many values it holds: a file with fewer is refused before n sizes anything.
  const needed = fullmatrix ? n * n + (embedded ? 2 * n : 0) : 0;
  if (tokens.length < needed) {
    const line = tokens.at(-1)?.line ?? lineAt(body, dataStart);
    const ns = clip(nMatch[1]);
    const what = embedded
      ? `${ns} column labels, then ${ns} rows of a label and ${ns} values`
      : `${ns}×${ns} values`;
    throw new DataError(
      `${file}:${line}: the data end early: n=${ns} needs ${what}, but the file holds only ${tokens.length} value${tokens.length === 1 ? '' : 's'}`,
      { file, line },
    );
  }
  checkDeclaredMembers(n, {
    file,
    line: lineAt(body, headStart + 2 + nMatch.index),
    declared: `n=${clip(nMatch[1])}`,
    max: memberLimit(options),
  });
  const warnings: string[] = [];
  let cells: MatrixCell[];
  if (fullmatrix) {
    ({ labels, cells } = fullMatrix(tokens, n, embedded, labels, file));
  } else {
    labels ??= embedded ? [] : Array.from({ length: n }, (_, i) => String(i + 1));
    cells = listCells(tokens, n, labels, embedded, format === 'nodelist1', file, warnings);
  }
  const core = matrixNetwork(labels, cells, file, options);
  return networkData(file, 'dl', core, { warnings });
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let k = text.indexOf('\n'); k >= 0 && k < index; k = text.indexOf('\n', k + 1)) line++;
  return line;
}

/** Labels and values in reading order: separators are whitespace and commas; quotes keep spaces. */
function tokensOf(text: string, firstLine: number): Token[] {
  const out: Token[] = [];
  text.split('\n').forEach((l, k) => {
    const re = /"([^"]*)"|([^,\s]+)/g;
    for (let m = re.exec(l); m; m = re.exec(l)) out.push({ text: m[1] ?? m[2], line: firstLine + k });
  });
  return out;
}

/** Labels listed in the header after `labels:` (or `row labels:`, which a one-mode file uses alike). */
function headerLabels(header: string): string[] | undefined {
  const m = /\b(?:row\s+)?labels\s*:/i.exec(header);
  if (!m) return undefined;
  const rest = header.slice(m.index + m[0].length);
  const stop = rest.search(/\b(?:col(?:umn)?\s+labels|format|diagonal)\b/i);
  const list = stop < 0 ? rest : rest.slice(0, stop);
  return tokensOf(list, 1).map((t) => t.text);
}

function fullMatrix(
  tokens: Token[],
  n: number,
  embedded: boolean,
  given: string[] | undefined,
  file: string,
): { labels: string[]; cells: MatrixCell[] } {
  let k = 0;
  const take = (what: string): Token => {
    const t = tokens[k++];
    if (!t) {
      const line = tokens.at(-1)?.line;
      throw new DataError(
        `${file}:${line ?? ''}: the data end early: expected ${what} of a ${n}×${n} matrix`,
        {
          file,
          line,
        },
      );
    }
    return t;
  };
  const labels = embedded
    ? Array.from({ length: n }, (_, j) => take(`column label ${j + 1}`).text)
    : (given ?? Array.from({ length: n }, (_, i) => String(i + 1)));
  const column = new Map(labels.map((l, j) => [l, j]));
  if (column.size !== n) throw new DataError(`${file}: repeated labels (node ids must be unique)`, { file });
  const cells: MatrixCell[] = [];
  for (let r = 0; r < n; r++) {
    let row = r;
    if (embedded) {
      const t = take(`the label of row ${r + 1}`);
      const i = column.get(t.text);
      if (i === undefined) {
        throw new DataError(`${file}:${t.line}: row label "${clip(t.text)}" is not among the column labels`, {
          file,
          line: t.line,
        });
      }
      row = i;
    }
    for (let j = 0; j < n; j++) {
      const t = take(`value (${r + 1}, ${j + 1})`);
      const v = parseWeight(t.text, file, t.line, `row ${r + 1}, column ${j + 1}`);
      if (v !== 0) cells.push({ row, col: j, value: v, line: t.line });
    }
  }
  if (k < tokens.length) {
    const t = tokens[k];
    throw new DataError(
      `${file}:${t.line}: more values than the ${n}×${n} matrix holds ("${clip(t.text)}")`,
      {
        file,
        line: t.line,
      },
    );
  }
  return { labels, cells };
}

/** edgelist1 (`i j [w]` per line) and nodelist1 (`i j k …`: i tied to each of the others). */
function listCells(
  tokens: Token[],
  n: number,
  labels: string[],
  embedded: boolean,
  nodelist: boolean,
  file: string,
  warnings: string[],
): MatrixCell[] {
  const index = new Map(labels.map((l, i) => [l, i]));
  const node = (t: Token): number => {
    if (embedded) {
      let i = index.get(t.text);
      if (i === undefined) {
        if (labels.length >= n) {
          throw new DataError(`${file}:${t.line}: "${clip(t.text)}" would be node ${n + 1} of n=${n}`, {
            file,
            line: t.line,
          });
        }
        i = labels.length;
        labels.push(t.text);
        index.set(t.text, i);
      }
      return i;
    }
    const v = Number(t.text);
    if (!Number.isInteger(v) || v < 1 || v > n) {
      throw new DataError(`${file}:${t.line}: "${clip(t.text)}" is not a node number between 1 and ${n}`, {
        file,
        line: t.line,
      });
    }
    return v - 1;
  };
  const byLine = new Map<number, Token[]>();
  for (const t of tokens) {
    const line = byLine.get(t.line);
    if (line) line.push(t);
    else byLine.set(t.line, [t]);
  }
  const sums = new Map<number, MatrixCell>();
  let repeats = 0;
  const add = (row: number, col: number, value: number, line: number) => {
    const key = row * n + col;
    const cell = sums.get(key);
    if (cell) {
      cell.value += value;
      repeats++;
    } else if (value !== 0) sums.set(key, { row, col, value, line });
  };
  for (const [line, ts] of byLine) {
    if (ts.length < 2)
      throw new DataError(`${file}:${line}: expected at least two nodes on the line`, { file, line });
    const from = node(ts[0]);
    if (nodelist) for (const t of ts.slice(1)) add(from, node(t), 1, line);
    else {
      if (ts.length > 3) throw new DataError(`${file}:${line}: expected "i j [weight]"`, { file, line });
      const w = ts[2] ? parseWeight(ts[2].text, file, line, 'weight (3rd field)') : 1;
      add(from, node(ts[1]), w, line);
    }
  }
  if (repeats > 0)
    warnings.push(`${repeats} tie${repeats === 1 ? '' : 's'} listed more than once: weights summed`);
  if (embedded && labels.length < n) {
    warnings.push(
      `n=${n} but only ${labels.length} labels appear in the data: the network has ${labels.length} nodes`,
    );
  }
  return [...sums.values()];
}
