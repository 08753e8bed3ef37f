import { readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { DataError } from '../data/errors.js';
import { readTextFile } from '../data/formats/text.js';
import { looksLikeMatrix, readAdjacencyMatrix } from './formats/adjacency-matrix.js';
import { type AttributeOptions, joinAttributes } from './formats/attributes.js';
import { type EdgeListOptions, readEdgeList } from './formats/edge-list.js';
import { readGraphml } from './formats/graphml.js';
import { eachContentLine } from './formats/lines.js';
import { DEFAULT_MAX_MEMBERS, type MemberLimitOptions } from './formats/members.js';
import { readPajek } from './formats/pajek.js';
import type { DuplicatePolicy } from './formats/ties.js';
import { readUcinetDl } from './formats/ucinet-dl.js';
import type { NetworkData } from './graph.js';

export type NetworkFormat = 'edgelist' | 'matrix' | 'graphml' | 'pajek' | 'dl';

export { DEFAULT_MAX_MEMBERS };

/**
 * `maxMembers` (default `DEFAULT_MAX_MEMBERS`, 100,000): a network with more members is refused with a
 * DataError at the line where the limit is passed, and a declared size beyond it (`*Vertices n`,
 * `DL n=…`) before anything is allocated. A server passes its own, smaller limit.
 */
export interface LoadOptions extends MemberLimitOptions {
  /** Default: from the extension and the content (see `detectFormat`). */
  format?: NetworkFormat;
  /**
   * Edge lists are undirected unless true; matrices and DL files are directed when asymmetric; GraphML
   * and Pajek say it themselves. Setting it overrides all of these.
   */
  directed?: boolean;
  /** How a pair tied in both directions is combined when read as undirected (default `auto`). */
  duplicates?: DuplicatePolicy;
  /** Edge lists whose header does not name source/target: which columns hold them. */
  columns?: EdgeListOptions['columns'];
  /** A node-attribute CSV joined by id. */
  attributes?: string;
  /** Attribute ids carry this prefix (`N12` = node `12`). */
  idPrefix?: string;
  idColumn?: AttributeOptions['idColumn'];
  /** Attribute rows for ids not in the network: `warn` (default) or `error`. */
  unknownIds?: AttributeOptions['unknownIds'];
  /** The network's name (default: the file name without extension, or Pajek's `*Network` name). */
  name?: string;
}

/**
 * Load a criminal network from a file: edge list, adjacency matrix (CSV), GraphML, Pajek or UCINET DL.
 * Text may be UTF-8 (with or without BOM) or Latin-1, gzip- or bzip2-compressed. Node ids are whatever the
 * file uses (numbers or codes are enough; real names are never needed).
 *
 * @example
 * const net = loadNetwork('caviar/phase6.csv'); // directed, valued: calls between members
 * const mafia = loadNetwork('Montagna_meetings_edgelist.csv', { attributes: 'montagna_attributes.csv', idPrefix: 'N' });
 */
export function loadNetwork(file: string, options: LoadOptions = {}): NetworkData {
  const { text } = readTextFile(file, file);
  const { attributes, ...rest } = options;
  let data = parseNetwork(text, file, rest);
  if (attributes) {
    const attr = readTextFile(attributes, attributes).text;
    data = joinAttributes(data, attr, attributes, {
      idPrefix: options.idPrefix,
      idColumn: options.idColumn,
      unknownIds: options.unknownIds,
    });
  }
  return data;
}

/**
 * A network from text already read (the HTTP API receives the file's text from the browser): `file` names
 * it in messages and, with its extension, helps detect the format. Attributes are joined by the caller
 * (`joinAttributes`), since they come as a second text.
 */
export function parseNetwork(
  text: string,
  file: string,
  options: Omit<LoadOptions, 'attributes'> = {},
): NetworkData {
  if (text.trim() === '') throw new DataError(`${file}: empty file (expected a network)`, { file });
  const format = options.format ?? detectFormat(file, text);
  const { directed, duplicates, maxMembers } = options;
  const read = { directed, duplicates, maxMembers };
  let data: NetworkData;
  switch (format) {
    case 'edgelist':
      data = readEdgeList(text, file, { ...read, columns: options.columns });
      break;
    case 'matrix':
      data = readAdjacencyMatrix(text, file, read);
      break;
    case 'graphml':
      data = readGraphml(text, file, read);
      break;
    case 'pajek':
      data = readPajek(text, file, read);
      break;
    case 'dl':
      data = readUcinetDl(text, file, read);
      break;
    default:
      throw new DataError(
        `${file}: unknown format "${format}" (expected edgelist, matrix, graphml, pajek or dl)`,
        {
          file,
        },
      );
  }
  return options.name ? { ...data, name: options.name } : data;
}

/**
 * The format of a file: GraphML, Pajek and DL by extension or by their first line (`<?xml`/`<graphml`,
 * `*Vertices`/`*Network`, `DL`); any other text is a matrix when its first row holds labels that reappear
 * down the first column, else an edge list.
 */
export function detectFormat(file: string, text: string): NetworkFormat {
  const ext = extname(file.replace(/\.(gz|bz2)$/i, '')).toLowerCase();
  if (ext === '.graphml') return 'graphml';
  if (ext === '.net' || ext === '.paj') return 'pajek';
  if (ext === '.dl') return 'dl';
  const head = text.replace(/^\uFEFF/, '').trimStart();
  if (/^(<\?xml|<graphml)/i.test(head)) return 'graphml';
  if (/^dl(\s|\b)/i.test(head) && /\bn\s*=/i.test(head.slice(0, 400))) return 'dl';
  const first = eachContentLine(head, '%').next().value?.text.toLowerCase() ?? '';
  if (first.startsWith('*vertices') || first.startsWith('*network')) return 'pajek';
  return looksLikeMatrix(text) ? 'matrix' : 'edgelist';
}

export interface SeriesOptions extends LoadOptions {
  /**
   * `natural` (default): by name with numbers compared as numbers, so phase2 comes before phase10 even
   * when a shell glob listed phase10 first. `given`: the order of the arguments.
   */
  order?: 'natural' | 'given';
}

const NETWORK_EXTENSIONS = new Set(['.csv', '.tsv', '.txt', '.net', '.paj', '.dl', '.graphml', '.xml']);

/**
 * A network observed over time (e.g. CAVIAR's 11 phases): one file per slice, or folders whose network
 * files (by extension) are the slices. Each slice keeps its own node set; the name of each is its file name.
 */
export function loadNetworkSeries(files: readonly string[], options: SeriesOptions = {}): NetworkData[] {
  const paths: string[] = [];
  for (const f of files) {
    let dir = false;
    try {
      dir = statSync(f).isDirectory();
    } catch {
      // Missing files are reported by loadNetwork with the usual message.
    }
    if (!dir) paths.push(f);
    else {
      const inside = readdirSync(f)
        .filter(
          (e) =>
            !e.startsWith('.') &&
            NETWORK_EXTENSIONS.has(extname(e.replace(/\.(gz|bz2)$/i, '')).toLowerCase()),
        )
        .sort(naturalCompare)
        .map((e) => join(f, e));
      if (inside.length === 0) throw new DataError(`${f}: no network files in this folder`, { file: f });
      paths.push(...inside);
    }
  }
  if (paths.length === 0) throw new DataError('no network files given', {});
  const ordered = options.order === 'given' ? paths : [...paths].sort(naturalCompare);
  const { name: _name, ...rest } = options;
  return ordered.map((p) => loadNetwork(p, rest));
}

/** "phase2" < "phase10": digit runs compare as numbers. */
export function naturalCompare(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' });
}
