import type { GroupNetwork } from '../data/cartel-network.js';
import { groupKey, publicGroupName } from './groups.js';
import type { LayerRivalry, TerritoryLayer } from './layer.js';

/**
 * ASSUMPTION: a group's home state (the one state the 2020 compilation records for it) is where it is
 * based, not all it controls or operates in; 0.5 says "present, extent unknown".
 */
export const HOME_STATE_CONFIDENCE = 0.5;

/** The year of the 2020 compilation of Prieto-Curiel et al. (2023) (and of the built-in description). */
export const NETWORK_MONTH = '2020-01';

/**
 * Labels that identify each group uniquely: its short name, or its full name when two groups share a
 * short name (the 2020 files have two "Tequileros"); a group named after a person by its id.
 */
export function groupLabels(network: GroupNetwork): string[] {
  const counts = new Map<string, number>();
  for (const g of network.groups) counts.set(g.shortName, (counts.get(g.shortName) ?? 0) + 1);
  return network.groups.map((g) =>
    publicGroupName((counts.get(g.shortName) ?? 0) > 1 ? g.name : g.shortName, g.id),
  );
}

/**
 * Example layer from a group network: every group present in its home state from 2020-01 (open end),
 * confidence HOME_STATE_CONFIDENCE, citing the network. It carries the network's rivalries, weights
 * divided by the network's largest rivalry weight (so 1 = the most-reported rivalry of 2020).
 */
export function layerFromNetwork(network: GroupNetwork): TerritoryLayer {
  const labels = groupLabels(network);
  const citation = network.source.citation;
  const max = Math.max(0, ...network.rivalries.map((r) => r.weight));
  return {
    name: `network-2020 (${network.source.kind})`,
    source: network.source.description,
    entries: network.groups.map((g, i) => ({
      area: g.homeArea,
      group: labels[i],
      start: NETWORK_MONTH,
      confidence: HOME_STATE_CONFIDENCE,
      source: citation,
    })),
    rivalries: network.rivalries.map((r) => ({
      a: labels[r.a],
      b: labels[r.b],
      weight: max > 0 ? r.weight / max : 0,
      source: citation,
    })),
  };
}

export interface NetworkMatch {
  rivalries: LayerRivalry[];
  /** Layer group → network group index. */
  matched: Map<string, number>;
  /** Layer groups with no network group of the same name. */
  unmatched: string[];
  /** Layer groups whose name fits several network groups (left unmatched). */
  ambiguous: { group: string; candidates: string[] }[];
}

/**
 * Rivalries for any layer from a network: each layer group is matched to the network group with the same
 * full name, else the same short name, else the same `groupKey` of either (never a merely similar name);
 * rivalry weights are the network's divided by its largest. Rivalries are taken as holding at every
 * month (ASSUMPTION: the network is a 2020 snapshot).
 */
export function rivalriesFromNetwork(layer: TerritoryLayer, network: GroupNetwork): NetworkMatch {
  const matched = new Map<string, number>();
  const unmatched: string[] = [];
  const ambiguous: NetworkMatch['ambiguous'] = [];
  for (const name of new Set(layer.entries.map((e) => e.group))) {
    const hits = findGroup(name, network);
    if (hits.length === 1) matched.set(name, hits[0]);
    else if (hits.length === 0) unmatched.push(name);
    else ambiguous.push({ group: name, candidates: hits.map((i) => network.groups[i].name) });
  }
  const byIndex = new Map<number, string[]>();
  for (const [name, i] of matched) byIndex.set(i, [...(byIndex.get(i) ?? []), name]);
  const max = Math.max(0, ...network.rivalries.map((r) => r.weight));
  const rivalries: LayerRivalry[] = [];
  for (const r of network.rivalries) {
    for (const a of byIndex.get(r.a) ?? [])
      for (const b of byIndex.get(r.b) ?? [])
        rivalries.push({ a, b, weight: max > 0 ? r.weight / max : 0, source: network.source.citation });
  }
  return { rivalries, matched, unmatched: unmatched.sort(), ambiguous };
}

/** Indices of the network groups a name denotes, by the most exact rule that finds any. */
function findGroup(name: string, network: GroupNetwork): number[] {
  const exact = (f: (g: GroupNetwork['groups'][number]) => boolean) =>
    network.groups.flatMap((g, i) => (f(g) ? [i] : []));
  const key = groupKey(name);
  const rules = [
    exact((g) => g.name === name),
    exact((g) => g.shortName === name),
    exact((g) => groupKey(g.name) === key || groupKey(g.shortName) === key),
  ];
  return rules.find((hits) => hits.length > 0) ?? [];
}

/** Names a layer's groups may be validated against: the network's full and short names. */
export function networkGroupNames(network: GroupNetwork): string[] {
  return [...new Set([...network.groups.flatMap((g) => [g.name, g.shortName]), ...groupLabels(network)])];
}
