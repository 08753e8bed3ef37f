import type { GroupNetwork, NetworkSource } from '../../data/cartel-network.js';
import { STATES, type StateInfo } from '../../data/states.js';

/**
 * The static structure a simulation runs on: groups with their ties, and an area graph.
 * Laid out once in typed arrays; every run and every scenario shares it read-only.
 *
 * Areas are generic (an id, a population and neighbours), so that municipalities can replace the 32
 * states without touching the model.
 */
export interface AreaGraph {
  ids: string[];
  names: string[];
  population: Float64Array;
  /** CSR adjacency: neighbours of area a are nbIdx[nbPtr[a]..nbPtr[a+1]). */
  nbPtr: Int32Array;
  nbIdx: Int32Array;
}

export interface World {
  source: NetworkSource;
  /** Number of groups at the start. */
  groups: number;
  ids: string[];
  names: string[];
  /** Index of each group's home area. */
  home: Int32Array;
  /** 1-based size rank (by total tie weight, ties in input order), as in Prieto-Curiel et al. */
  rank: Int32Array;
  /** Share of all members at the start, ∝ 1/rank. */
  initialShare: Float64Array;
  /** A_i: total alliance weight of each group. */
  allianceStrength: Float64Array;
  /** Rivalries as CSR (symmetric): rivals of i are rvIdx[rvPtr[i]..rvPtr[i+1]) with weights rvW. */
  rvPtr: Int32Array;
  rvIdx: Int32Array;
  rvW: Float64Array;
  /** Alliances as CSR (symmetric), used to place presence. */
  alPtr: Int32Array;
  alIdx: Int32Array;
  alW: Float64Array;
  areas: AreaGraph;
}

export function areaGraphFromStates(states: readonly StateInfo[] = STATES): AreaGraph {
  const ids = states.map((s) => s.code);
  const pos = new Map(ids.map((id, i) => [id, i]));
  const nbPtr = new Int32Array(states.length + 1);
  const nb: number[] = [];
  states.forEach((s, i) => {
    for (const code of s.neighbors) {
      const j = pos.get(code);
      if (j !== undefined && j !== i) nb.push(j);
    }
    nbPtr[i + 1] = nb.length;
  });
  return {
    ids,
    names: states.map((s) => s.name),
    population: Float64Array.from(states, (s) => s.population2020),
    nbPtr,
    nbIdx: Int32Array.from(nb),
  };
}

/** Build the world from a group network and an area graph (default: Mexico's 32 states). */
export function buildWorld(network: GroupNetwork, areas: AreaGraph = areaGraphFromStates()): World {
  const n = network.groups.length;
  if (n === 0) throw new Error('the group network has no groups');
  const areaIndex = new Map(areas.ids.map((id, i) => [id, i]));
  const home = Int32Array.from(network.groups, (g) => {
    const a = areaIndex.get(g.homeArea);
    if (a === undefined) throw new Error(`group ${g.id}: home area "${g.homeArea}" is not in the area graph`);
    return a;
  });
  const rivals = csr(n, network.rivalries);
  const allies = csr(n, network.alliances);
  const allianceStrength = new Float64Array(n);
  const total = new Float64Array(n);
  for (const t of network.alliances) {
    allianceStrength[t.a] += t.weight;
    allianceStrength[t.b] += t.weight;
  }
  network.unlistedAllianceStrength?.forEach((w, i) => {
    allianceStrength[i] += w;
  });
  for (let i = 0; i < n; i++) total[i] = allianceStrength[i];
  for (const t of network.rivalries) {
    total[t.a] += t.weight;
    total[t.b] += t.weight;
  }
  const rank = sizeRanks(network, total);
  const initialShare = new Float64Array(n);
  let h = 0;
  for (let i = 0; i < n; i++) h += 1 / rank[i];
  for (let i = 0; i < n; i++) initialShare[i] = 1 / rank[i] / h;
  return {
    source: network.source,
    groups: n,
    ids: network.groups.map((g) => g.id),
    names: network.groups.map((g) => g.shortName),
    home,
    rank,
    initialShare,
    allianceStrength,
    rvPtr: rivals.ptr,
    rvIdx: rivals.idx,
    rvW: rivals.w,
    alPtr: allies.ptr,
    alIdx: allies.idx,
    alW: allies.w,
    areas,
  };
}

/**
 * Rank groups by total alliance + rivalry weight, largest first; ties keep input order (a stable sort, as
 * R's `order` in the authors' code). A network may instead give explicit ranks (the built-in one does).
 */
function sizeRanks(network: GroupNetwork, total: Float64Array): Int32Array {
  const n = total.length;
  const rank = new Int32Array(n);
  if (network.sizeRank) {
    network.sizeRank.forEach((r, i) => {
      rank[i] = r;
    });
    return rank;
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => total[b] - total[a] || a - b);
  order.forEach((g, k) => {
    rank[g] = k + 1;
  });
  return rank;
}

function csr(n: number, ties: readonly { a: number; b: number; weight: number }[]) {
  const deg = new Int32Array(n + 1);
  for (const t of ties) {
    deg[t.a + 1]++;
    deg[t.b + 1]++;
  }
  for (let i = 0; i < n; i++) deg[i + 1] += deg[i];
  const ptr = deg.slice();
  const fill = deg.slice(0, n);
  const idx = new Int32Array(ptr[n]);
  const w = new Float64Array(ptr[n]);
  for (const t of ties) {
    idx[fill[t.a]] = t.b;
    w[fill[t.a]++] = t.weight;
    idx[fill[t.b]] = t.a;
    w[fill[t.b]++] = t.weight;
  }
  return { ptr, idx, w };
}
