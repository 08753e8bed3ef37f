import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { builtinGroupNetwork } from './builtin-network.js';
import { type GroupNetwork, hasGroupFiles, loadGroupNetwork } from './cartel-network.js';
import { DataError } from './errors.js';
import { atalayaHome, dataDirCandidates, type LocateOptions } from './locate.js';
import { sourceDir } from './pull.js';

/** Which description of Mexico's criminal groups to use. */
export type NetworkChoice = 'auto' | 'files' | 'builtin';

export interface GroupSourceOptions extends LocateOptions {
  network?: NetworkChoice;
}

/** Sub-folder of a data directory that holds the 2020 group files (the layout of shared/data). */
const SUBDIR = join('networks', 'mexico_cartels_2020');

/** Folders searched for the 150-group files, in order. */
export function groupFileCandidates(options: GroupSourceOptions = {}): { dir: string; origin: string }[] {
  const out: { dir: string; origin: string }[] = [];
  for (const c of dataDirCandidates(options)) {
    out.push({ dir: join(c.dir, SUBDIR), origin: c.origin });
    out.push({ dir: c.dir, origin: c.origin });
  }
  out.push({ dir: sourceDir(atalayaHome(options), 'prieto-curiel-2023'), origin: 'cache' });
  return out;
}

/**
 * The group network to simulate: the 150-group files of Prieto-Curiel et al. (2023) when they can be
 * found (`auto`, `files`), else Atalaya's built-in compact description (`auto`, `builtin`).
 */
export function resolveGroupNetwork(options: GroupSourceOptions = {}): GroupNetwork {
  const choice = options.network ?? 'auto';
  if (choice === 'builtin') return builtinGroupNetwork();
  if (options.dataDir && !existsSync(options.dataDir)) {
    throw new DataError(`--data ${options.dataDir}: no such directory`, { file: options.dataDir });
  }
  const candidates = groupFileCandidates(options);
  const found = candidates.find((c) => hasGroupFiles(c.dir));
  if (options.dataDir && found?.origin !== 'option') {
    throw new DataError(
      `--data ${options.dataDir}: the 150-group files (BACRIM2020_Nodes.csv, BACRIM2020_Alliances.csv, BACRIM2020_Rivals.csv) are neither there nor in ${join(options.dataDir, SUBDIR)}`,
    );
  }
  if (found) return loadGroupNetwork(found.dir);
  if (choice === 'files') {
    throw new DataError(
      `the 150-group files of Prieto-Curiel et al. (2023) were not found; looked in:\n  ${candidates.map((c) => c.dir).join('\n  ')}\nDownload them with \`atalaya data pull prieto-curiel-2023\`, or pass --data DIR (or ATALAYA_DATA).`,
    );
  }
  return builtinGroupNetwork();
}
