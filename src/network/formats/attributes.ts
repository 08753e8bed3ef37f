import { DataError } from '../../data/errors.js';
import { detectDelimiter, firstLine } from '../../data/formats/text.js';
import type { NetworkData } from '../graph.js';
import { csvRows, listSome, normalizeNewlines } from './lines.js';

export interface AttributeOptions {
  /** Column holding node ids; default a column named `id` (any case), else the first column (often unnamed). */
  idColumn?: string;
  /**
   * A prefix the attribute file puts before each network id: with `idPrefix: 'N'`, row `N12` describes
   * node `12` (the Montagna attribute files use N0…N154 for the ids 0…153 of the edge lists). A row
   * without the prefix is malformed.
   */
  idPrefix?: string;
  /**
   * Rows for ids that are not nodes of this network. Default `warn`: attribute files usually describe a
   * whole population (everyone in the operation) while a network is one layer of it (meetings, calls), so
   * absent members are expected and counted in a warning. `error` refuses them.
   */
  unknownIds?: 'error' | 'warn';
}

/**
 * Join a node-attribute CSV to a network by id. Values are kept as strings (codes such as `99` or `Y`
 * keep their meaning only in the file's own codebook). Refused: an empty or repeated id, an id without
 * the declared prefix, and a file where no row matches any node (the join is certainly wrong: another id
 * column, a missing or extra prefix). Nodes without a row are fine (their attributes stay empty).
 */
export function joinAttributes(
  data: NetworkData,
  text: string,
  file: string,
  options: AttributeOptions = {},
): NetworkData {
  const body = normalizeNewlines(text);
  const rows = csvRows(body, detectDelimiter(firstLine(body)), file);
  if (rows.length === 0)
    throw new DataError(`${file}: empty file (expected a header row of attribute names)`, { file });
  const header = rows[0].fields.map((h) => h.trim());
  const named = header.findIndex((h) => h.toLowerCase() === 'id');
  const idCol = options.idColumn === undefined ? Math.max(named, 0) : header.indexOf(options.idColumn);
  if (idCol < 0) {
    throw new DataError(
      `${file}:${rows[0].line}: no id column "${options.idColumn}" (found: ${header.join(', ')})`,
      {
        file,
        line: rows[0].line,
        field: options.idColumn,
      },
    );
  }
  const names = header.map((h, k) => (h === '' ? `column${k + 1}` : h));
  const prefix = options.idPrefix ?? '';
  const nodes = new Set(data.nodes);
  const malformed: string[] = [];
  const absent: string[] = [];
  const seen = new Map<string, number>();
  const joined = new Map<string, Record<string, string>>();
  for (const { line, fields } of rows.slice(1)) {
    const raw = (fields[idCol] ?? '').trim();
    if (raw === '' || !raw.startsWith(prefix) || raw.length === prefix.length) {
      malformed.push(`line ${line}: "${raw}"`);
      continue;
    }
    const id = raw.slice(prefix.length);
    if (seen.has(id)) {
      throw new DataError(
        `${file}:${line}: id "${raw}" repeats line ${seen.get(id)} (one row per node expected)`,
        {
          file,
          line,
          field: names[idCol],
        },
      );
    }
    seen.set(id, line);
    if (!nodes.has(id)) {
      absent.push(`${raw} (line ${line})`);
      continue;
    }
    const record: Record<string, string> = {};
    names.forEach((name, k) => {
      if (k !== idCol) record[name] = (fields[k] ?? '').trim();
    });
    joined.set(id, record);
  }
  if (malformed.length > 0) {
    const expected = prefix ? `an id starting with "${prefix}" followed by a node id` : 'a non-empty id';
    throw new DataError(
      `${file}: ${malformed.length} row${malformed.length === 1 ? '' : 's'} without a valid id in column "${names[idCol]}" (expected ${expected}): ${listSome(malformed)}`,
      { file, line: Number(/\d+/.exec(malformed[0])![0]), field: names[idCol] },
    );
  }
  if (joined.size === 0 && seen.size > 0) {
    throw new DataError(
      `${file}: none of the ${seen.size} ids in column "${names[idCol]}" is a node of ${data.file} (e.g. ${listSome(absent, 3)}; the network's ids look like ${listSome(data.nodes, 3)})${prefixHint(absent, data.nodes, prefix)}`,
      { file, line: seen.values().next().value, field: names[idCol] },
    );
  }
  const warnings: string[] = [];
  if (absent.length > 0) {
    const message = `${file}: ${absent.length} attribute row${absent.length === 1 ? '' : 's'} for ids that are not nodes of this network (members absent from this layer?): ${listSome(absent)}`;
    if (options.unknownIds === 'error') {
      throw new DataError(`${message}; pass unknownIds: 'warn' to accept them`, {
        file,
        line: Number(/line (\d+)/.exec(absent[0])![1]),
        field: names[idCol],
      });
    }
    warnings.push(message);
  }
  const missing = data.nodes.length - joined.size;
  if (missing > 0) warnings.push(`${file}: ${missing} of ${data.nodes.length} nodes have no attribute row`);
  const attributes = new Map(data.attributes);
  for (const [id, record] of joined) attributes.set(id, { ...(attributes.get(id) ?? {}), ...record });
  return { ...data, attributes, warnings: [...data.warnings, ...warnings] };
}

/** When the ids differ from the nodes only by a leading non-numeric prefix, say which option fixes it. */
function prefixHint(absent: string[], nodes: string[], prefix: string): string {
  const sample = absent[0]?.replace(/ \(line \d+\)$/, '') ?? '';
  const m = /^(\D+)(\d.*)$/.exec(sample);
  if (prefix || !m || !nodes.includes(m[2])) return '';
  return `; if "${sample}" means node "${m[2]}", pass idPrefix: '${m[1]}'`;
}
