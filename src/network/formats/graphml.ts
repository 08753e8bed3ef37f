import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { DataError } from '../../data/errors.js';
import type { NetworkData } from '../graph.js';
import { parseWeight } from './lines.js';
import { type DuplicatePolicy, networkData, TieCollector } from './ties.js';

export interface GraphmlOptions {
  /** Force the direction; by default the graph's `edgedefault` (directed when absent, as in the schema). */
  directed?: boolean;
  duplicates?: DuplicatePolicy;
}

type XmlNode = Record<string, unknown>;

const ARRAYS = new Set(['graph', 'node', 'edge', 'data', 'key', 'hyperedge']);

/**
 * GraphML (networkx, igraph, Gephi, yEd exports). Nodes in document order; the edge weight is the
 * `<data>` whose key has `attr.name="weight"` (1 when absent); every node `<data>` becomes a string
 * attribute named by its key's `attr.name` (key defaults applied). Only the first `<graph>` is read;
 * nested graphs and hyperedges are ignored with a warning.
 */
export function readGraphml(text: string, file: string, options: GraphmlOptions = {}): NetworkData {
  if (text.trim() === '') throw new DataError(`${file}: empty file (expected GraphML)`, { file });
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    const { line, msg } = valid.err;
    throw new DataError(`${file}:${line}: not well-formed XML: ${msg}`, { file, line });
  }
  const doc = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseTagValue: false,
    parseAttributeValue: false,
    removeNSPrefix: true,
    textNodeName: '#text',
    // Elements that may repeat are always arrays; attributes (e.g. data/@key) never are.
    isArray: (name, _path, _leaf, isAttribute) => !isAttribute && ARRAYS.has(name),
  }).parse(text) as XmlNode;
  const root = doc.graphml as XmlNode | undefined;
  const graphs = (root?.graph as XmlNode[] | undefined) ?? [];
  if (!root || graphs.length === 0) {
    throw new DataError(`${file}: no <graphml><graph> element (expected a GraphML document)`, { file });
  }
  const warnings: string[] = [];
  if (graphs.length > 1) warnings.push(`${graphs.length} <graph> elements: only the first is read`);
  const graph = graphs[0];
  const keys = readKeys((root.key as XmlNode[] | undefined) ?? []);
  const lines = elementLines(text);
  const defaultDirected = (graph.edgedefault ?? 'directed') !== 'undirected';
  const directed = options.directed ?? defaultDirected;

  const ties = new TieCollector();
  const attributes = new Map<string, Record<string, string>>();
  const nodes = (graph.node as XmlNode[] | undefined) ?? [];
  let nested = 0;
  nodes.forEach((node, k) => {
    const line = lines.node[k];
    const id = String(node.id ?? '');
    if (id === '') throw new DataError(`${file}:${line}: <node> without an id`, { file, line });
    if (ties.has(id)) throw new DataError(`${file}:${line}: node id "${id}" declared twice`, { file, line });
    ties.node(id);
    if (node.graph) nested++;
    const record: Record<string, string> = { ...keys.nodeDefaults };
    for (const d of (node.data as XmlNode[] | undefined) ?? []) {
      const key = keys.node.get(String(d.key));
      if (key !== undefined) record[key] = String(d['#text'] ?? '').trim();
    }
    if (Object.keys(record).length > 0) attributes.set(id, record);
  });
  let mixed = 0;
  ((graph.edge as XmlNode[] | undefined) ?? []).forEach((edge, k) => {
    const line = lines.edge[k];
    const source = String(edge.source ?? '');
    const target = String(edge.target ?? '');
    for (const id of [source, target]) {
      if (!ties.has(id)) {
        throw new DataError(
          `${file}:${line}: <edge> refers to node "${id}", which is not declared as a <node> of the graph`,
          { file, line, field: id },
        );
      }
    }
    if (edge.directed !== undefined && (edge.directed === 'true') !== defaultDirected) mixed++;
    let weight = keys.weightDefault;
    const data = ((edge.data as XmlNode[] | undefined) ?? []).find((d) => d.key === keys.weight);
    if (data) weight = parseWeight(String(data['#text'] ?? ''), file, line, `<data key="${keys.weight}">`);
    ties.tie(source, target, weight, `line ${line}`);
  });
  if (mixed > 0) {
    warnings.push(
      `${mixed} edge${mixed === 1 ? '' : 's'} override the graph's edgedefault with their own "directed": read as ${directed ? 'directed' : 'undirected'} like the rest`,
    );
  }
  if (nested > 0) warnings.push(`${nested} nested <graph> element${nested === 1 ? '' : 's'} ignored`);
  if (graph.hyperedge) warnings.push('hyperedges ignored (only pairwise <edge> ties are read)');
  const core = ties.finish({ directed, duplicates: options.duplicates });
  return networkData(file, 'graphml', core, { attributes, warnings });
}

interface Keys {
  /** Node attribute name by key id. */
  node: Map<string, string>;
  nodeDefaults: Record<string, string>;
  /** Key id of the edge weight, if any. */
  weight: string | undefined;
  weightDefault: number;
}

function readKeys(keys: XmlNode[]): Keys {
  const out: Keys = { node: new Map(), nodeDefaults: {}, weight: undefined, weightDefault: 1 };
  for (const key of keys) {
    const id = String(key.id);
    const name = String(key['attr.name'] ?? id);
    const scope = String(key.for ?? 'all');
    const def =
      key.default === undefined
        ? undefined
        : String(
            typeof key.default === 'object' ? ((key.default as XmlNode)['#text'] ?? '') : key.default,
          ).trim();
    if (scope === 'node' || scope === 'all') {
      out.node.set(id, name);
      if (def !== undefined) out.nodeDefaults[name] = def;
    }
    if ((scope === 'edge' || scope === 'all') && name.toLowerCase() === 'weight') {
      out.weight = id;
      if (def !== undefined && Number.isFinite(Number(def))) out.weightDefault = Number(def);
    }
  }
  return out;
}

/** 1-based line of each `<node` and `<edge` start tag, in document order (for messages). */
function elementLines(text: string): { node: number[]; edge: number[] } {
  const out = { node: [] as number[], edge: [] as number[] };
  const re = /<(?:[\w.-]+:)?(node|edge)[\s/>]|\n/g;
  let line = 1;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0] === '\n') line++;
    else out[m[1] as 'node' | 'edge'].push(line);
  }
  return out;
}
