import type { AreaRegistry } from '../data/areas.js';
import type { GroupNetwork } from '../data/cartel-network.js';
import { HISTORICAL_GROUPS, HISTORICAL_SHOCKS, historicalLayer } from './historical.js';
import { type LayerRivalry, readTerritoryCsv, type TerritoryLayer } from './layer.js';
import { layerFromNetwork, networkGroupNames, rivalriesFromNetwork } from './network-layer.js';
import { historyShocks, readShocksCsv, type Shock } from './shocks.js';

/** Which layer to use: a CSV file, the built-in 2006–2011 example, or the group network (the default). */
export interface LayerSourceOptions {
  /** Path of a territory CSV (rivalries then come from the network, matched by name). */
  layerFile?: string;
  historical?: boolean;
  /** A shocks CSV added to the built-in shocks. */
  shocksFile?: string;
  /** Include the built-in dated shocks (HISTORY for network/CSV layers, the 2006–2011 list for the historical layer). Default true. */
  builtinShocks?: boolean;
  /** Municipal references for validating a CSV layer's codes. */
  areas?: AreaRegistry;
  /** The group network, called only when needed (network layer, or rivalries for a CSV layer). */
  network: () => GroupNetwork;
}

/** A layer ready for `contestation`: the layer, its rivalries and shocks, and what to tell the reader. */
export interface ResolvedLayer {
  layer: TerritoryLayer;
  rivalries: LayerRivalry[];
  shocks: Shock[];
  /** Caveats to print: e.g. layer groups that matched no network group (they have no rivals). */
  notes: string[];
}

export function resolveLayer(options: LayerSourceOptions): ResolvedLayer {
  if (options.historical) return withShocks(options, historicalLayer(), [...HISTORICAL_SHOCKS], []);
  if (options.layerFile) {
    const layer = readTerritoryCsv(options.layerFile, { areas: options.areas });
    const network = options.network();
    const match = rivalriesFromNetwork(layer, network);
    const notes: string[] = [];
    if (match.unmatched.length > 0) {
      notes.push(
        `${match.unmatched.length} group(s) of ${layer.name} match no group of the network and have no rivals: ${match.unmatched.join(', ')}`,
      );
    }
    for (const a of match.ambiguous)
      notes.push(
        `"${a.group}" fits several network groups (${a.candidates.join('; ')}); left without rivals`,
      );
    return withShocks(options, { ...layer, rivalries: match.rivalries }, historyShocks(), notes);
  }
  const layer = layerFromNetwork(options.network());
  return withShocks(options, layer, historyShocks(), []);
}

function withShocks(
  options: LayerSourceOptions,
  layer: TerritoryLayer,
  builtin: Shock[],
  notes: string[],
): ResolvedLayer {
  const shocks = options.builtinShocks === false ? [] : builtin;
  if (options.shocksFile) shocks.push(...readShocksCsv(options.shocksFile, { groups: layerGroups(layer) }));
  return { layer, rivalries: layer.rivalries ?? [], shocks, notes };
}

/** The group names of a layer (for validating shocks against it). */
export function layerGroups(layer: TerritoryLayer): string[] {
  return [...new Set(layer.entries.map((e) => e.group))];
}

/** Names a CSV layer's groups can be validated against. */
export function knownGroupNames(which: 'network' | 'historical', network: () => GroupNetwork): string[] {
  return which === 'historical' ? Object.values(HISTORICAL_GROUPS) : networkGroupNames(network());
}
