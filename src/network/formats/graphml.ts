import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { DataError } from '../../data/errors.js';
import type { NetworkData } from '../graph.js';
import { clip, parseWeight } from './lines.js';
import type { MemberLimitOptions } from './members.js';
import { type DuplicatePolicy, networkData, TieCollector } from './ties.js';

export interface GraphmlOptions extends MemberLimitOptions {
  /** Force the direction; by default the graph's `edgedefault` (directed when absent, as in the schema). */
  directed?: boolean;
  duplicates?: DuplicatePolicy;
}

type XmlNode = Record<string | symbol, unknown>;

const ARRAYS = new Set(['graph', 'node', 'edge', 'data', 'key', 'hyperedge']);

/** Attributes carry this prefix, so that `<graph node="…">` can never stand in for `<node>` elements. */
const AT = '@_';

// Typed as the `Symbol` wrapper by the library; it is a plain symbol at run time.
const META = XMLParser.getMetaDataSymbol() as unknown as symbol;

/**
 * GraphML (networkx, igraph, Gephi, yEd exports). Nodes in document order; the edge weight is the
 * `<data>` whose key has `attr.name="weight"` (1 when absent); every node `<data>` becomes a string
 * attribute named by its key's `attr.name` (key defaults applied). Only the first `<graph>` is read;
 * nested graphs and hyperedges are ignored with a warning.
 *
 * Hostile XML is refused, never expanded: GraphML has no use for DTD entities, so a document declaring
 * any (`<!ENTITY …>`: the billion-laughs bomb, external entities that would read local files) is refused
 * before parsing, and every parser complaint becomes a DataError naming the file and line.
 */
export function readGraphml(text: string, file: string, options: GraphmlOptions = {}): NetworkData {
  if (text.trim() === '') throw new DataError(`${file}: empty file (expected GraphML)`, { file });
  const lineOf = lineFinder(text);
  const entity = /<!ENTITY\b/i.exec(text);
  if (entity) {
    const line = lineOf(entity.index);
    throw new DataError(
      `${file}:${line}: the document declares XML entities (<!ENTITY …>); GraphML never needs them and they are how XML bombs and external-file reads work, so the file is refused (expected plain GraphML)`,
      { file, line },
    );
  }
  const root = parseXml(text, file, lineOf).graphml;
  const graphs = elements(isElement(root) ? root.graph : undefined);
  if (!isElement(root) || graphs.length === 0) {
    throw new DataError(`${file}: no <graphml><graph> element (expected a GraphML document)`, { file });
  }
  const warnings: string[] = [];
  if (graphs.length > 1) warnings.push(`${graphs.length} <graph> elements: only the first is read`);
  const graph = graphs[0];
  const keys = readKeys(elements(root.key));
  const defaultDirected = (graph[`${AT}edgedefault`] ?? 'directed') !== 'undirected';
  const directed = options.directed ?? defaultDirected;
  const at = (element: XmlNode) => lineOf((element[META] as { startIndex?: number } | undefined)?.startIndex);
  // An element without a recorded position (none expected) gives messages naming the file alone.
  const where = (line: number | undefined) => (line === undefined ? file : `${file}:${line}`);

  const ties = new TieCollector(file, options);
  const attributes = new Map<string, Record<string, string>>();
  let nested = 0;
  for (const node of elements(graph.node)) {
    const line = at(node);
    const id = attribute(node, 'id');
    if (id === '') throw new DataError(`${where(line)}: <node> without an id`, { file, line });
    if (ties.has(id))
      throw new DataError(`${where(line)}: node id "${clip(id)}" declared twice`, { file, line });
    ties.node(id, line);
    if (node.graph !== undefined) nested++;
    const record: Record<string, string> = { ...keys.nodeDefaults };
    for (const d of elements(node.data)) {
      const key = keys.node.get(attribute(d, 'key'));
      if (key !== undefined) record[key] = textOf(d);
    }
    if (Object.keys(record).length > 0) attributes.set(id, record);
  }
  let mixed = 0;
  for (const edge of elements(graph.edge)) {
    const line = at(edge);
    const source = attribute(edge, 'source');
    const target = attribute(edge, 'target');
    for (const id of [source, target]) {
      if (!ties.has(id)) {
        throw new DataError(
          `${where(line)}: <edge> refers to node "${clip(id)}", which is not declared as a <node> of the graph`,
          { file, line, field: id },
        );
      }
    }
    const own = edge[`${AT}directed`];
    if (own !== undefined && (own === 'true') !== defaultDirected) mixed++;
    let weight = keys.weightDefault;
    const data = elements(edge.data).find((d) => attribute(d, 'key') === keys.weight);
    if (data) weight = parseWeight(textOf(data), file, line, `<data key="${clip(keys.weight ?? '')}">`);
    ties.tie(source, target, weight, line);
  }
  if (mixed > 0) {
    warnings.push(
      `${mixed} edge${mixed === 1 ? '' : 's'} override the graph's edgedefault with their own "directed": read as ${directed ? 'directed' : 'undirected'} like the rest`,
    );
  }
  if (nested > 0) warnings.push(`${nested} nested <graph> element${nested === 1 ? '' : 's'} ignored`);
  if (graph.hyperedge !== undefined) warnings.push('hyperedges ignored (only pairwise <edge> ties are read)');
  const core = ties.finish({ directed, duplicates: options.duplicates });
  return networkData(file, 'graphml', core, { attributes, warnings });
}

/**
 * The document as objects. The validator and the parser throw plain errors (unclosed tags, nesting past
 * their limit, names they refuse); each becomes a DataError with the file, and the line when known.
 */
function parseXml(text: string, file: string, lineOf: (index?: number) => number | undefined): XmlNode {
  const fail = (what: string, line?: number): DataError =>
    new DataError(
      `${line === undefined ? file : `${file}:${line}`}: not well-formed XML: ${clip(what, 200)} (expected a GraphML document)`,
      {
        file,
        line,
      },
    );
  let valid: ReturnType<typeof XMLValidator.validate>;
  try {
    valid = XMLValidator.validate(text);
  } catch (err) {
    throw fail((err as Error).message);
  }
  if (valid !== true) throw fail(valid.err.msg, valid.err.line);
  try {
    return new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: AT,
      parseTagValue: false,
      parseAttributeValue: false,
      removeNSPrefix: true,
      textNodeName: '#text',
      // Every element an object, even `<node/>` and `<node>x</node>`, so that each carries its position.
      alwaysCreateTextNode: true,
      captureMetaData: true,
      // Elements that may repeat are always arrays; attributes (e.g. data/@key) never are.
      isArray: (name, _path, _leaf, isAttribute) => !isAttribute && ARRAYS.has(name),
    }).parse(text) as XmlNode;
  } catch (err) {
    const message = (err as Error).message;
    const position = /position (\d+)/.exec(message);
    throw fail(message, position ? lineOf(Number(position[1])) : undefined);
  }
}

function isElement(x: unknown): x is XmlNode {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/**
 * The child elements of one name, as elements: a single one becomes a list, anything that is not an
 * element (the parser's options should leave none) an empty element rather than something trusted to have
 * fields.
 */
function elements(x: unknown): XmlNode[] {
  const list = Array.isArray(x) ? x : x === undefined ? [] : [x];
  return list.map((e) => (isElement(e) ? e : {}));
}

function attribute(element: XmlNode, name: string): string {
  const v = element[`${AT}${name}`];
  return typeof v === 'string' ? v : '';
}

/** An element's text (`<data key="w">3</data>`), trimmed; '' when it has none. */
function textOf(element: XmlNode): string {
  const v = element['#text'];
  return typeof v === 'string' ? v.trim() : '';
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
    const id = attribute(key, 'id');
    const name = attribute(key, 'attr.name') || id;
    const scope = attribute(key, 'for') || 'all';
    const given = key.default;
    const def =
      given === undefined ? undefined : typeof given === 'string' ? given.trim() : textOf(elements(given)[0]);
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

/** 1-based line of a character index (undefined when the index is unknown). */
function lineFinder(text: string): (index?: number) => number | undefined {
  const starts = [0];
  for (let k = text.indexOf('\n'); k >= 0; k = text.indexOf('\n', k + 1)) starts.push(k + 1);
  return (index) => {
    if (index === undefined || !Number.isFinite(index)) return undefined;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= index) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}
