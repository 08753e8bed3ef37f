import { DataError } from '../../data/errors.js';
import { delimitedRows, detectDelimiter, firstLine } from '../../data/formats/text.js';
import type { NetworkData } from '../graph.js';
import { clip, csvRows, normalizeNewlines, parseWeight } from './lines.js';
import { type MatrixCell, type MatrixOptions, matrixNetwork } from './matrix-ties.js';
import { checkDeclaredMembers, memberLimit } from './members.js';
import { networkData } from './ties.js';

/**
 * Square adjacency matrix as CSV (the UCINET "covert networks" exports: CAVIAR, Siren, Togo…): first row
 * = column labels after a corner cell (empty or a label such as `players`), first column = row labels,
 * cell (i,j) = weight of the tie from row i to column j, 0 = no tie. Labels may be quoted. Rows may come
 * in any order (matched to the columns by label); nodes follow the column order.
 */
export function readAdjacencyMatrix(text: string, file: string, options: MatrixOptions = {}): NetworkData {
  const body = normalizeNewlines(text);
  const delimiter = detectDelimiter(firstLine(body));
  const rows = csvRows(body, delimiter, file);
  if (rows.length === 0) throw new DataError(`${file}: empty file (expected an adjacency matrix)`, { file });
  const header = rows[0];
  const labels = header.fields.slice(1).map((f) => f.trim());
  // The labels declare the size; the rows are checked against them below.
  checkDeclaredMembers(labels.length, {
    file,
    line: header.line,
    declared: `${labels.length} column labels`,
    max: memberLimit(options),
  });
  const column = new Map<string, number>();
  labels.forEach((label, j) => {
    if (label === '') {
      throw new DataError(`${file}:${header.line}: column ${j + 2} has an empty label (expected a node id)`, {
        file,
        line: header.line,
        field: `column ${j + 2}`,
      });
    }
    if (column.has(label)) {
      throw new DataError(
        `${file}:${header.line}: column label "${clip(label)}" appears twice (columns ${column.get(label)! + 2} and ${j + 2}); node ids must be unique`,
        { file, line: header.line, field: label },
      );
    }
    column.set(label, j);
  });
  const n = labels.length;
  if (n === 0) {
    throw new DataError(`${file}:${header.line}: no column labels (expected a row of node ids)`, {
      file,
      line: header.line,
    });
  }
  const data = rows.slice(1);
  if (data.length !== n) {
    throw new DataError(
      `${file}: not a square matrix: ${n} column labels on line ${header.line} but ${data.length} rows of data (lines ${data[0]?.line ?? '-'}–${data.at(-1)?.line ?? '-'})`,
      { file, line: data.length > n ? data[n].line : header.line },
    );
  }
  const seen = new Map<string, number>();
  const cells: MatrixCell[] = [];
  for (const { line, fields } of data) {
    const label = fields[0].trim();
    const i = column.get(label);
    if (i === undefined) {
      throw new DataError(
        `${file}:${line}: row label "${clip(label)}" is not among the column labels (a square matrix has the same ids on both sides)`,
        { file, line, field: label },
      );
    }
    if (seen.has(label)) {
      throw new DataError(`${file}:${line}: row label "${clip(label)}" repeats line ${seen.get(label)}`, {
        file,
        line,
        field: label,
      });
    }
    seen.set(label, line);
    if (fields.length !== n + 1) {
      throw new DataError(
        `${file}:${line}: row "${clip(label)}" has ${fields.length - 1} cells, expected ${n} (one per column label)`,
        { file, line, field: label },
      );
    }
    for (let j = 0; j < n; j++) {
      const v = parseWeight(fields[j + 1], file, line, `column ${j + 2} ("${clip(labels[j])}")`);
      if (v !== 0) cells.push({ row: i, col: j, value: v, line });
    }
  }
  // All n rows have distinct labels from the n columns, so both sides hold the same ids.
  const core = matrixNetwork(labels, cells, file, options);
  return networkData(file, 'matrix', core);
}

/**
 * True when delimited text looks like an adjacency matrix rather than an edge list: at least two column
 * labels, about as many rows as labels, and most row labels among the column labels (an edge list's
 * first column holds sources, its first row two ids and a weight). A nearly square file is still taken as a matrix, so that its
 * defects (a missing row, a stray label) are reported as such instead of as a confusing edge list.
 */
export function looksLikeMatrix(text: string): boolean {
  const body = normalizeNewlines(text);
  const delimiter = detectDelimiter(firstLine(body));
  const rows: { fields: string[] }[] = [];
  try {
    for (const row of delimitedRows(body, delimiter)) {
      if (row.fields.every((f) => f.trim() === '')) continue;
      rows.push(row);
      // Past twice the labels no answer is a matrix: stop rather than split a long edge list whole.
      if (rows.length > 2 * rows[0].fields.length + 1) return false;
    }
  } catch {
    return false;
  }
  if (rows.length < 2 || rows[0].fields.length < 3) return false;
  // A matrix's corner cell is empty or a word ("players"); a number there is an edge list's first source.
  const corner = rows[0].fields[0].trim();
  if (corner !== '' && Number.isFinite(Number(corner))) return false;
  const labels = new Set(rows[0].fields.slice(1).map((f) => f.trim()));
  const rowLabels = rows.slice(1).map((r) => r.fields[0].trim());
  const inColumns = rowLabels.filter((l) => labels.has(l)).length;
  const n = labels.size;
  return inColumns * 2 > rowLabels.length && rowLabels.length * 2 >= n && rowLabels.length <= 2 * n;
}
