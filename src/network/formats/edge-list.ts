import { DataError } from '../../data/errors.js';
import { delimitedRows } from '../../data/formats/text.js';
import type { NetworkData } from '../graph.js';
import { clip, eachContentLine, parseWeight, whitespaceTokens } from './lines.js';
import type { MemberLimitOptions } from './members.js';
import { type DuplicatePolicy, networkData, TieCollector } from './ties.js';

export interface EdgeListOptions extends MemberLimitOptions {
  /** Ties are directed (source → target). Default false: an edge list is read as undirected. */
  directed?: boolean;
  /** How a pair given in both orders is combined when undirected (see `DuplicatePolicy`). */
  duplicates?: DuplicatePolicy;
  /**
   * Columns by header name, for files whose header does not say source/target/weight (e.g. the
   * Prieto-Curiel alliance files: `{ source: 'Node', target: 'RNode', weight: 'weight' }`).
   */
  columns?: { source: string; target: string; weight?: string };
  /** Force the first row to be (or not be) a header; by default it is detected. */
  header?: boolean;
}

const SOURCE_NAMES = ['source', 'from', 'src', 'i', 'node1', 'ego', 'id1', 'v1', 'sender'];
const TARGET_NAMES = ['target', 'to', 'dst', 'j', 'node2', 'alter', 'id2', 'v2', 'receiver'];
const WEIGHT_NAMES = ['weight', 'value', 'w', 'count', 'weights'];

/**
 * Edge list: one tie per line, `source target [weight]`, separated by commas or semicolons (CSV, quotes
 * allowed) or by tabs/spaces (double quotes keep an id with spaces whole). Lines starting with `#` or `%`
 * are comments. A missing weight is 1; weight 0 keeps both nodes but no tie. Undirected unless
 * `directed: true`. Nodes are numbered in order of first appearance, source before target. Lines are read
 * one at a time, so a file past the member limit stops at the first member too many. A headerless table
 * wider than three columns of numbers is a matrix, not an edge list, and is refused as such.
 */
export function readEdgeList(text: string, file: string, options: EdgeListOptions = {}): NetworkData {
  const lines = eachContentLine(text);
  const head = lines.next();
  if (head.done) {
    throw new DataError(`${file}: empty file (expected an edge list: source target [weight] per line)`, {
      file,
    });
  }
  const delimiter = /,/.test(head.value.text) ? ',' : /;/.test(head.value.text) ? ';' : null;
  const split = (text: string, line: number): string[] =>
    delimiter === null ? whitespaceTokens(text, file, line) : csvLine(text, delimiter, file, line);
  const first = { line: head.value.line, fields: split(head.value.text, head.value.line) };
  const hasHeader = options.header ?? (options.columns !== undefined || isHeader(first.fields));
  const cols = hasHeader
    ? headerColumns(first.fields, first.line, file, options.columns)
    : { source: 0, target: 1, weight: 2 as number | undefined };
  const needed = Math.max(cols.source, cols.target) + 1;
  const shape = new RowShape(!hasHeader);
  const warnings: string[] = [];
  const ties = new TieCollector(file, options);
  let rows = 0;
  let extra = 0;
  const read = ({ line, fields }: { line: number; fields: string[] }) => {
    rows++;
    shape.check(fields, () => matrixShaped(file, line, countRows(text), fields.length));
    if (fields.length < needed) {
      throw new DataError(
        `${file}:${line}: ${fields.length} field${fields.length === 1 ? '' : 's'} ("${clip(fields.join(' '))}"), expected source and target ids${hasHeader ? '' : ' and an optional weight'}`,
        { file, line },
      );
    }
    const source = fields[cols.source];
    const target = fields[cols.target];
    for (const [id, which] of [
      [source, 'source'],
      [target, 'target'],
    ]) {
      if (id === '') throw new DataError(`${file}:${line}: empty ${which} id`, { file, line, field: which });
    }
    const raw = cols.weight === undefined ? undefined : fields[cols.weight];
    const weight =
      raw === undefined
        ? 1
        : parseWeight(
            raw,
            file,
            line,
            hasHeader ? `column "${clip(first.fields[cols.weight!])}"` : 'weight (3rd field)',
          );
    if (!hasHeader && fields.length > 3) extra++;
    ties.tie(source, target, weight, line);
  };
  if (!hasHeader) read(first);
  for (const { line, text: t } of lines) read({ line, fields: split(t, line) });
  const wide = shape.constantWidth();
  if (wide !== undefined) throw matrixShaped(file, first.line, rows, wide);
  if (extra > 0)
    warnings.push(
      `${extra} row${extra === 1 ? '' : 's'} with more than 3 fields: fields after the weight ignored`,
    );
  if (rows === 0) warnings.push('no ties: the file has a header but no rows');
  const core = ties.finish({ directed: options.directed ?? false, duplicates: options.duplicates });
  return networkData(file, 'edgelist', core, { warnings });
}

/**
 * Whether headerless rows have a matrix's shape rather than an edge list's (`source target [weight]`): a
 * row of more than three numbers, or every row as wide as the others and wider than three. A 0/1 matrix
 * without labels would otherwise be read as ties between "nodes" 0 and 1 with the rest ignored.
 */
class RowShape {
  private min = Number.POSITIVE_INFINITY;
  private max = 0;
  constructor(private readonly active: boolean) {}

  check(fields: string[], refuse: () => DataError): void {
    if (!this.active) return;
    this.min = Math.min(this.min, fields.length);
    this.max = Math.max(this.max, fields.length);
    if (fields.length > 3 && fields.every(isNumber)) throw refuse();
  }

  /** The common width of all rows when it is a matrix's (> 3), else undefined. */
  constantWidth(): number | undefined {
    return this.active && this.min === this.max && this.max > 3 ? this.max : undefined;
  }
}

function isNumber(cell: string): boolean {
  const s = cell.trim();
  return s !== '' && Number.isFinite(Number(s));
}

function matrixShaped(file: string, line: number, rows: number, columns: number): DataError {
  return new DataError(
    `${file}:${line}: looks like a matrix of ${rows} row${rows === 1 ? '' : 's'} and ${columns} columns, not an edge list (source, target and an optional weight per line); an adjacency matrix must be square, with the node ids as its first row and first column. If this is an edge list with more columns, add a header row naming them (source, target, weight)`,
    { file, line },
  );
}

/** Rows of a headerless file, counted only to say how big a refused one is. */
function countRows(text: string): number {
  let n = 0;
  for (const _ of eachContentLine(text)) n++;
  return n;
}

/** A first row is a header when it names its columns or its weight cell is not a number. */
function isHeader(fields: string[]): boolean {
  const names = fields.map((f) => f.toLowerCase());
  if (names.some((f) => SOURCE_NAMES.includes(f) || TARGET_NAMES.includes(f) || WEIGHT_NAMES.includes(f)))
    return true;
  return fields.length >= 3 && !Number.isFinite(Number(fields[2] === '' ? 'x' : fields[2]));
}

function headerColumns(
  header: string[],
  line: number,
  file: string,
  columns: EdgeListOptions['columns'],
): { source: number; target: number; weight: number | undefined } {
  const names = header.map((h) => h.toLowerCase());
  const find = (name: string): number => {
    const k = header.indexOf(name);
    if (k < 0) {
      throw new DataError(
        `${file}:${line}: no column "${clip(name)}" in the header (found: ${clip(header.join(', '), 200)})`,
        {
          file,
          line,
          field: name,
        },
      );
    }
    return k;
  };
  if (columns) {
    return {
      source: find(columns.source),
      target: find(columns.target),
      weight: columns.weight === undefined ? undefined : find(columns.weight),
    };
  }
  const byName = (list: string[]) => names.findIndex((n) => list.includes(n));
  let source = byName(SOURCE_NAMES);
  let target = byName(TARGET_NAMES);
  let weight: number | undefined = byName(WEIGHT_NAMES);
  if (source < 0 || target < 0) {
    if (header.length > 3) {
      throw new DataError(
        `${file}:${line}: cannot tell which of the columns ${clip(header.join(', '), 200)} hold the two ids (expected names such as source/target or from/to); name them with the columns option`,
        { file, line },
      );
    }
    source = 0;
    target = 1;
    if (weight < 0 && header.length === 3) weight = 2;
  } else if (weight < 0 && header.length === 3) weight = 3 - source - target;
  return { source, target, weight: weight < 0 ? undefined : weight };
}

/** One CSV line's fields (quotes allowed; a tie's ids never span lines). */
function csvLine(text: string, delimiter: string, file: string, line: number): string[] {
  try {
    const row = delimitedRows(text, delimiter).next();
    return row.done ? [] : row.value.fields.map((f) => f.trim());
  } catch (err) {
    if (!(err instanceof DataError)) throw err;
    // The splitter sees one line, so its own line number is always 1: say the file's instead.
    const what = err.message.replace(/^(?:.*?:)?line \d+: |^[^:]*:\d+: /, '');
    throw new DataError(`${file}:${line}: ${clip(what, 200)}`, { file, line });
  }
}
