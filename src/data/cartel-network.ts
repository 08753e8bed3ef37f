import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { readCsvTable } from './csv-table.js';
import { DataError } from './errors.js';
import { stateCodeByName } from './states.js';

/** One criminal group (an organisation, never a person). */
export interface CriminalGroup {
  /** Stable id from the source (e.g. "N10025"). */
  id: string;
  name: string;
  shortName: string;
  /** INEGI code of the group's home state. */
  homeArea: string;
}

/** An undirected, weighted relation between two groups (indices into `groups`, a < b). */
export interface GroupTie {
  a: number;
  b: number;
  weight: number;
}

/** Where a network came from, printed with every result that uses it. */
export interface NetworkSource {
  kind: 'files' | 'builtin';
  /** Human-readable, e.g. "Prieto-Curiel et al. (2023) 150-group network (2020), files mexico_cartels_2020". */
  description: string;
  /** The folder the files were read from (for the code; outputs name only the folder). */
  path?: string;
  citation: string;
}

/** Groups with their alliances and rivalries: the input of the recruitment–conflict model. */
export interface GroupNetwork {
  source: NetworkSource;
  groups: CriminalGroup[];
  rivalries: GroupTie[];
  alliances: GroupTie[];
  /**
   * Explicit 1-based size ranks (members ∝ 1/rank). When absent, groups are ranked by their total
   * alliance + rivalry weight, as in Prieto-Curiel et al. (2023).
   */
  sizeRank?: number[];
  /**
   * Alliance weight each group has with groups not listed individually (added to A_i). Used by the
   * built-in description, whose anonymous local groups stand for the many small alliances of the full data.
   */
  unlistedAllianceStrength?: number[];
}

export const PRIETO_CURIEL_CITATION =
  'Prieto-Curiel, R., Campedelli, G. M., Hope, A. (2023). Reducing cartel recruitment is the only way to ' +
  'lower violence in Mexico. Science 381(6664):1312–1316. doi:10.1126/science.adh2888. Data: ' +
  'github.com/rafaelprietocuriel/Recruitment (BACRIM2020_*.csv; 2020 compilation by CentroGeo, GeoInt ' +
  'and DataLab).';

export const GROUP_FILES = {
  nodes: 'BACRIM2020_Nodes.csv',
  alliances: 'BACRIM2020_Alliances.csv',
  rivals: 'BACRIM2020_Rivals.csv',
} as const;

/** True if `dir` holds the three BACRIM2020 files. */
export function hasGroupFiles(dir: string): boolean {
  return Object.values(GROUP_FILES).every((f) => existsSync(join(dir, f)));
}

/**
 * Load the Prieto-Curiel et al. (2023) group files from `dir`.
 *
 * Directed rows are made undirected the way the authors' code does: the weight of a pair is the
 * larger of its two directions (`pmax(EM, t(EM))` in ReclutamientoC.R). A pair listed twice in the
 * same direction is an error, as is a relation naming an unknown group or a non-positive weight.
 */
export function loadGroupNetwork(dir: string): GroupNetwork {
  const nodesPath = join(dir, GROUP_FILES.nodes);
  const nodes = readCsvTable(nodesPath, { required: ['Node', 'Group', 'State', 'ShortName'] });
  const index = new Map<string, number>();
  const groups: CriminalGroup[] = nodes.rows.map((row, i) => {
    const line = nodes.lines[i];
    const id = row.Node.trim();
    if (!id)
      throw new DataError(`${nodesPath}:${line}: empty Node id`, { file: nodesPath, line, field: 'Node' });
    if (index.has(id)) {
      throw new DataError(`${nodesPath}:${line}: duplicate Node id "${id}"`, {
        file: nodesPath,
        line,
        field: 'Node',
      });
    }
    const homeArea = stateCodeByName(row.State);
    if (!homeArea) {
      throw new DataError(
        `${nodesPath}:${line}: unknown state "${row.State}" for group ${id} (expected one of Mexico's 32 state names)`,
        { file: nodesPath, line, field: 'State' },
      );
    }
    index.set(id, i);
    return { id, name: row.Group.trim(), shortName: (row.ShortName || row.Group).trim(), homeArea };
  });
  return {
    source: {
      kind: 'files',
      // The folder's name, not its path: no machine paths in outputs (`path` keeps it for the code).
      description: `Prieto-Curiel et al. (2023) ${groups.length}-group network (2020), files ${basename(dir)}`,
      path: dir,
      citation: PRIETO_CURIEL_CITATION,
    },
    groups,
    alliances: readTies(join(dir, GROUP_FILES.alliances), index),
    rivalries: readTies(join(dir, GROUP_FILES.rivals), index),
  };
}

function readTies(path: string, index: Map<string, number>): GroupTie[] {
  const table = readCsvTable(path, { required: ['Node', 'RNode', 'weight'] });
  const directed = new Map<string, number>();
  const pairs = new Map<string, GroupTie>();
  table.rows.forEach((row, i) => {
    const line = table.lines[i];
    const from = index.get(row.Node.trim());
    const to = index.get(row.RNode.trim());
    for (const [field, value, idx] of [
      ['Node', row.Node, from],
      ['RNode', row.RNode, to],
    ] as const) {
      if (idx === undefined) {
        throw new DataError(`${path}:${line}: ${field} "${value}" is not a group in the nodes file`, {
          file: path,
          line,
          field,
        });
      }
    }
    const weight = Number(row.weight);
    if (!Number.isFinite(weight) || weight <= 0) {
      throw new DataError(`${path}:${line}: weight "${row.weight}" is not a positive number`, {
        file: path,
        line,
        field: 'weight',
      });
    }
    if (from === to) {
      throw new DataError(`${path}:${line}: a group cannot be tied to itself (${row.Node})`, {
        file: path,
        line,
        field: 'RNode',
      });
    }
    const key = `${from}>${to}`;
    if (directed.has(key)) {
      throw new DataError(`${path}:${line}: duplicate relation ${row.Node} → ${row.RNode}`, {
        file: path,
        line,
      });
    }
    directed.set(key, weight);
    const a = Math.min(from!, to!);
    const b = Math.max(from!, to!);
    const pair = pairs.get(`${a}-${b}`);
    if (pair) pair.weight = Math.max(pair.weight, weight);
    else pairs.set(`${a}-${b}`, { a, b, weight });
  });
  return [...pairs.values()].sort((x, y) => x.a - y.a || x.b - y.b);
}
