import type { NetworkData } from '../graph.js';
import type { MemberLimitOptions } from './members.js';
import { type DuplicatePolicy, TieCollector } from './ties.js';

/** One non-zero cell of an adjacency matrix: row and column are indices into the labels. */
export interface MatrixCell {
  row: number;
  col: number;
  value: number;
  /** Line of the cell in the file (for warnings). */
  line: number;
}

export interface MatrixOptions extends MemberLimitOptions {
  /** Force the direction; by default a symmetric matrix is undirected and any asymmetry makes it directed. */
  directed?: boolean;
  duplicates?: DuplicatePolicy;
}

/**
 * The network of a square matrix given as its non-zero cells in reading order (shared by the CSV
 * adjacency matrix and UCINET DL, whose formats all describe a matrix). Nodes follow the label order;
 * cell (i,j) > 0 is a tie from i to j weighted by the cell; the diagonal (self-loops) is dropped.
 */
export function matrixNetwork(
  labels: readonly string[],
  cells: readonly MatrixCell[],
  file: string,
  options: MatrixOptions = {},
): Pick<NetworkData, 'nodes' | 'edges' | 'directed' | 'warnings'> {
  const n = labels.length;
  const value = new Map<number, number>();
  for (const c of cells) value.set(c.row * n + c.col, c.value);
  let tiedPairs = 0;
  let asymmetricPairs = 0;
  for (const c of cells) {
    if (c.row === c.col) continue;
    const back = value.get(c.col * n + c.row);
    // Count each unordered pair once: from its upper cell, or from the lower one when the upper is 0.
    if (c.row < c.col || back === undefined) {
      tiedPairs++;
      if (back !== c.value) asymmetricPairs++;
    }
  }
  const directed = options.directed ?? asymmetricPairs > 0;
  const warnings: string[] = [];
  if (asymmetricPairs > 0 && options.directed === undefined) {
    warnings.push(
      `the matrix is not symmetric (${asymmetricPairs} of ${tiedPairs} tied pairs differ between (i,j) and (j,i)): read as directed, cell (i,j) = tie from row i to column j; read it as undirected with directed: false (command line: --undirected)`,
    );
  }
  const ties = new TieCollector(file, options);
  for (const id of labels) ties.node(id);
  for (const c of cells) ties.tie(labels[c.row], labels[c.col], c.value, c.line);
  const core = ties.finish({
    directed,
    duplicates: options.duplicates,
    quietMirror: asymmetricPairs === 0,
  });
  return { ...core, warnings: [...warnings, ...core.warnings] };
}
