import { basename, extname } from 'node:path';
import type { NetworkData, NetworkEdge } from '../graph.js';
import { listSome } from './lines.js';
import { type MemberLimitOptions, memberLimit, tooManyMembers } from './members.js';

/**
 * How a pair tied in both directions is combined when the network is read as undirected.
 * - `auto`: if every such pair carries the same weight both ways, the input is a mirrored listing (a
 *   symmetric matrix, or an edge list that writes each tie twice): the tie keeps that weight once.
 *   Otherwise the two directions are separate records (calls i→j and j→i) and are summed.
 * - `sum`: always add the two directions (total contact, as `compactGraph` does for directed input).
 * - `max`: always keep the larger (one tie recorded twice, possibly with coding noise).
 */
export type DuplicatePolicy = 'auto' | 'sum' | 'max';

export interface TieOptions {
  directed: boolean;
  duplicates?: DuplicatePolicy;
  /**
   * Do not warn about pairs given in both directions (a symmetric matrix read as undirected gives every
   * tie twice by construction; saying so would be noise).
   */
  quietMirror?: boolean;
}

interface Arc {
  source: number;
  target: number;
  weight: number;
  rows: number;
  /** Position of first appearance. */
  order: number;
}

/**
 * Collects nodes and ties from a reader in input order and turns them into the `NetworkData` core:
 * nodes in order of first appearance, self-loops dropped, repeated ties combined, with a warning for
 * everything handled rather than refused. One place for these rules keeps every format consistent, so
 * the same network gives the same `NetworkData` whatever file it came in.
 */
export class TieCollector {
  private readonly index = new Map<string, number>();
  private readonly ids: string[] = [];
  private readonly arcs = new Map<string, Arc>();
  private readonly selfLoops: string[] = [];
  private zeroTies: string[] = [];
  private readonly max: number;

  /**
   * `file` names the network in the refusal when it grows past `maxMembers`: the collector is where every
   * reader's members are counted, so a file of millions of distinct ids stops at the first one too many
   * instead of being read whole.
   */
  constructor(
    private readonly file: string,
    options: MemberLimitOptions = {},
  ) {
    this.max = memberLimit(options);
  }

  /** Declare a node (keeps it, and its place in the order, even without ties); `line` is for the refusal. */
  node(id: string, line?: number): number {
    let i = this.index.get(id);
    if (i === undefined) {
      if (this.ids.length >= this.max) throw tooManyMembers(this.file, this.max, line);
      i = this.ids.length;
      this.index.set(id, i);
      this.ids.push(id);
    }
    return i;
  }

  has(id: string): boolean {
    return this.index.has(id);
  }

  /** A tie as read at `line` (for warnings and refusals). Weight 0 keeps the nodes, not the tie. */
  tie(source: string, target: string, weight: number, line?: number): void {
    const where = line === undefined ? '' : `line ${line}`;
    const s = this.node(source, line);
    const t = this.node(target, line);
    if (s === t) {
      this.selfLoops.push(where ? `${source} (${where})` : source);
      return;
    }
    if (weight === 0) {
      this.zeroTies.push(where || `${source}–${target}`);
      return;
    }
    const key = `${s} ${t}`;
    const arc = this.arcs.get(key);
    if (arc) {
      arc.weight += weight;
      arc.rows++;
    } else this.arcs.set(key, { source: s, target: t, weight, rows: 1, order: this.arcs.size });
  }

  finish(options: TieOptions): Pick<NetworkData, 'nodes' | 'edges' | 'directed' | 'warnings'> {
    const warnings: string[] = [];
    if (this.selfLoops.length > 0) {
      warnings.push(
        `dropped ${this.selfLoops.length} self-loop${plural(this.selfLoops.length)} (a node tied to itself): ${listSome(this.selfLoops)}`,
      );
    }
    if (this.zeroTies.length > 0) {
      warnings.push(
        `${this.zeroTies.length} tie${plural(this.zeroTies.length)} with weight 0 read as no tie (nodes kept): ${listSome(this.zeroTies)}`,
      );
    }
    const repeated = [...this.arcs.values()].filter((a) => a.rows > 1);
    if (repeated.length > 0) {
      warnings.push(
        `${repeated.length} tie${plural(repeated.length)} listed more than once in the same direction: weights summed (${listSome(repeated.map((a) => `${this.ids[a.source]}→${this.ids[a.target]}`))})`,
      );
    }
    const arcs = [...this.arcs.values()];
    const edges = options.directed
      ? arcs.map((a) => this.edge(a, a.weight))
      : this.undirected(arcs, options, warnings);
    return { nodes: [...this.ids], edges, directed: options.directed, warnings };
  }

  private undirected(arcs: Arc[], options: TieOptions, warnings: string[]): NetworkEdge[] {
    const reverse = (a: Arc) => this.arcs.get(`${a.target} ${a.source}`);
    const both = arcs.filter((a) => a.source < a.target && reverse(a) !== undefined);
    const mirrored = both.every((a) => reverse(a)!.weight === a.weight);
    const policy = options.duplicates ?? 'auto';
    const combine =
      policy === 'max' || (policy === 'auto' && mirrored) ? Math.max : (x: number, y: number) => x + y;
    if (both.length > 0 && !options.quietMirror) {
      const how =
        policy === 'auto'
          ? mirrored
            ? 'every such pair has the same weight both ways, so the listing is mirrored: each tie kept once with its weight'
            : 'weights differ between the two orders, so they are separate records: weights summed'
          : policy === 'max'
            ? 'the larger weight kept'
            : 'weights summed';
      warnings.push(
        `${both.length} pair${plural(both.length)} given in both orders (read as undirected): ${how}`,
      );
    }
    const edges: NetworkEdge[] = [];
    for (const a of arcs) {
      const r = reverse(a);
      if (!r) edges.push(this.edge(a, a.weight));
      // The pair's first appearance decides its place and orientation; the later one is merged into it.
      else if (a.order < r.order) edges.push(this.edge(a, combine(a.weight, r.weight)));
    }
    return edges;
  }

  private edge(a: Arc, weight: number): NetworkEdge {
    return { source: this.ids[a.source], target: this.ids[a.target], weight };
  }
}

function plural(n: number): string {
  return n === 1 ? '' : 's';
}

/** A network's default name: the file name without its extension. */
export function nameOf(file: string): string {
  return basename(file, extname(file));
}

/** The complete `NetworkData` from a collector's result. */
export function networkData(
  file: string,
  format: string,
  core: Pick<NetworkData, 'nodes' | 'edges' | 'directed' | 'warnings'>,
  extra: { name?: string; attributes?: Map<string, Record<string, string>>; warnings?: string[] } = {},
): NetworkData {
  return {
    name: extra.name ?? nameOf(file),
    file,
    format,
    directed: core.directed,
    nodes: core.nodes,
    edges: core.edges,
    attributes: extra.attributes ?? new Map(),
    warnings: [...(extra.warnings ?? []), ...core.warnings],
  };
}
