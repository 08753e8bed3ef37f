import { spearman } from '../stats/rank.js';
import { compactGraph, type NetworkData } from './graph.js';
import { type Role, rankBy, type StructuralRoleOptions, structuralRoles } from './roles.js';

/**
 * A network observed in successive phases (CAVIAR's eleven two-month wiretap phases, Morselli 2009): how
 * each phase looks, who is central in each, and how centrality and roles change from one phase to the
 * next. Roles are the structural ones of roles.ts, computed per phase (a leader of one phase may be
 * periphery in another: that movement is the point).
 */
export interface PhaseSummary {
  name: string;
  nodes: number;
  edges: number;
  density: number;
  /** The `top` node ids by degree and by betweenness (ties by order of first appearance). */
  topDegree: string[];
  topBetweenness: string[];
  leaders: string[];
}

export interface PhaseChange {
  from: string;
  to: string;
  /** Nodes present in both phases, arriving, leaving. */
  common: number;
  entered: number;
  left: number;
  /** Spearman correlation over the common nodes (NaN with fewer than 3). */
  degreeSpearman: number;
  betweennessSpearman: number;
  /** Jaccard similarity of the top sets. */
  topDegreeJaccard: number;
  topBetweennessJaccard: number;
  /** Common nodes whose structural role changed. */
  roleChanges: { id: string; from: Role; to: Role }[];
}

/** One node across phases (null where absent). */
export interface NodeTrack {
  id: string;
  degree: (number | null)[];
  betweenness: (number | null)[];
  role: (Role | null)[];
}

export interface PhaseAnalysis {
  phases: PhaseSummary[];
  changes: PhaseChange[];
  /** The nodes that were in a top set of some phase, in order of first appearance. */
  tracks: NodeTrack[];
}

export interface PhaseOptions extends StructuralRoleOptions {
  /** Size of the top sets (default 5). */
  top?: number;
}

interface PhaseMeasures {
  edges: number;
  index: Map<string, number>;
  degree: Int32Array;
  betweenness: Float64Array;
  roles: Role[];
}

export function phaseAnalysis(series: readonly NetworkData[], options: PhaseOptions = {}): PhaseAnalysis {
  const top = options.top ?? 5;
  const measured: PhaseMeasures[] = series.map((data) => {
    const g = compactGraph(data);
    const r = structuralRoles(g, options);
    return {
      edges: g.m,
      index: new Map(g.ids.map((id, i) => [id, i])),
      degree: r.degree,
      betweenness: r.betweenness,
      roles: r.roles,
    };
  });
  const phases = series.map((data, k): PhaseSummary => {
    const m = measured[k];
    const n = data.nodes.length;
    return {
      name: data.name,
      nodes: n,
      edges: m.edges,
      density: n > 1 ? (2 * m.edges) / (n * (n - 1)) : 0,
      topDegree: rankBy(m.degree, n)
        .slice(0, top)
        .map((v) => data.nodes[v]),
      topBetweenness: rankBy(m.betweenness, n)
        .slice(0, top)
        .map((v) => data.nodes[v]),
      leaders: data.nodes.filter((_, v) => m.roles[v] === 'leader'),
    };
  });
  const changes = phases
    .slice(1)
    .map((p, k) => change(series[k], series[k + 1], measured[k], measured[k + 1], phases[k], p));
  const watched: string[] = [];
  for (const p of phases)
    for (const id of [...p.topDegree, ...p.topBetweenness]) if (!watched.includes(id)) watched.push(id);
  const tracks = watched.map((id) => ({
    id,
    degree: measured.map((m) => (m.index.has(id) ? m.degree[m.index.get(id)!] : null)),
    betweenness: measured.map((m) => (m.index.has(id) ? m.betweenness[m.index.get(id)!] : null)),
    role: measured.map((m) => (m.index.has(id) ? m.roles[m.index.get(id)!] : null)),
  }));
  return { phases, changes, tracks };
}

function change(
  a: NetworkData,
  b: NetworkData,
  ma: PhaseMeasures,
  mb: PhaseMeasures,
  pa: PhaseSummary,
  pb: PhaseSummary,
): PhaseChange {
  const common = a.nodes.filter((id) => mb.index.has(id));
  const pick = <T>(m: PhaseMeasures, f: (m: PhaseMeasures, v: number) => T) =>
    common.map((id) => f(m, m.index.get(id)!));
  const enough = common.length >= 3;
  return {
    from: a.name,
    to: b.name,
    common: common.length,
    entered: b.nodes.filter((id) => !ma.index.has(id)).length,
    left: a.nodes.length - common.length,
    degreeSpearman: enough
      ? spearman(
          pick(ma, (m, v) => m.degree[v]),
          pick(mb, (m, v) => m.degree[v]),
        )
      : Number.NaN,
    betweennessSpearman: enough
      ? spearman(
          pick(ma, (m, v) => m.betweenness[v]),
          pick(mb, (m, v) => m.betweenness[v]),
        )
      : Number.NaN,
    topDegreeJaccard: jaccard(pa.topDegree, pb.topDegree),
    topBetweennessJaccard: jaccard(pa.topBetweenness, pb.topBetweenness),
    roleChanges: common
      .map((id) => ({ id, from: ma.roles[ma.index.get(id)!], to: mb.roles[mb.index.get(id)!] }))
      .filter((c) => c.from !== c.to),
  };
}

function jaccard(a: readonly string[], b: readonly string[]): number {
  const union = new Set([...a, ...b]);
  if (union.size === 0) return Number.NaN;
  return a.filter((x) => b.includes(x)).length / union.size;
}
