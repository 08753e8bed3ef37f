import type { Command } from 'commander';
import type { AreaRegistry } from '../data/areas.js';
import { resolveGroupNetwork } from '../data/group-source.js';
import { type ResolvedLayer, resolveLayer } from '../territory/load.js';
import { UsageError } from './errors.js';
import { type DataOptions, oneOf } from './options.js';

/** Where the groups come from, for commands that read territory layers (`territory`, `hotspots`). */
export type NetworkOptions = Partial<DataOptions>;

export const networkOf = (opts: NetworkOptions) => () =>
  resolveGroupNetwork({ dataDir: opts.data, home: opts.home, network: opts.network ?? 'auto' });

/** `--data` and `--network`: the 2020 group files or the built-in description. */
export function addNetworkOptions(c: Command): Command {
  return c
    .option('--data <dir>', 'folder with the 2020 group files (default: ATALAYA_DATA, then ../shared/data)')
    .option(
      '--network <which>',
      'groups: auto (files if found, else built-in), files, builtin',
      oneOf('--network', ['auto', 'files', 'builtin'] as const),
      'auto',
    );
}

/** Which territory layer: a CSV, the built-in 2006–2011 one, or (default) the group network's home states. */
export interface LayerOptions extends NetworkOptions {
  layer?: string;
  historical?: boolean;
  shocks?: string;
  builtinShocks: boolean;
}

export function addLayerOptions(c: Command): Command {
  return addNetworkOptions(
    c
      .option('--layer <file>', 'territory CSV (rivalries from the group network, matched by name)')
      .option('--historical', 'the built-in 2006–2011 layer with its own rivalries and shocks')
      .option('--shocks <file>', 'extra dated shocks: CSV date,group,kind,source[,strength,what]')
      .option('--no-builtin-shocks', 'leave out the built-in dated shocks'),
  );
}

export function layerFromOptions(opts: LayerOptions, areas: AreaRegistry | undefined): ResolvedLayer {
  if (opts.layer && opts.historical)
    throw new UsageError('give either --layer FILE or --historical, not both');
  return resolveLayer({
    layerFile: opts.layer,
    historical: opts.historical,
    shocksFile: opts.shocks,
    builtinShocks: opts.builtinShocks,
    areas,
    network: networkOf(opts),
  });
}
