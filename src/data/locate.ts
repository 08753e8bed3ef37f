import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where Atalaya finds real data and keeps its cache. Nothing here touches the network.
 *
 * Data directories, in order: an explicit `--data DIR`, the `ATALAYA_DATA` environment variable, and a
 * `shared/data` folder beside the working directory or beside the package (the layout of the development
 * machines). The cache (`ATALAYA_HOME` or `--home`, default the user's cache directory) holds downloads.
 */
export interface LocateOptions {
  dataDir?: string;
  home?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

export interface DataDirCandidate {
  dir: string;
  origin: 'option' | 'env' | 'shared';
}

/** The package's root folder (holds package.json, scenarios/, docs/). */
export function packageRoot(): string {
  // src/data/locate.ts and dist/data/locate.js are both two levels below the root.
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
}

export function dataDirCandidates(options: LocateOptions = {}): DataDirCandidate[] {
  const env = options.env ?? process.env;
  const out: DataDirCandidate[] = [];
  if (options.dataDir) out.push({ dir: resolve(options.dataDir), origin: 'option' });
  if (env.ATALAYA_DATA) out.push({ dir: resolve(env.ATALAYA_DATA), origin: 'env' });
  for (const base of [options.cwd ?? process.cwd(), packageRoot()]) {
    const dir = resolve(base, '..', 'shared', 'data');
    if (!out.some((c) => c.dir === dir)) out.push({ dir, origin: 'shared' });
  }
  return out;
}

/** The first candidate data directory that exists, if any. */
export function findDataDir(options: LocateOptions = {}): DataDirCandidate | undefined {
  return dataDirCandidates(options).find((c) => existsSync(c.dir));
}

/** Atalaya's cache directory (not created here). */
export function atalayaHome(options: LocateOptions = {}): string {
  const env = options.env ?? process.env;
  if (options.home) return resolve(options.home);
  if (env.ATALAYA_HOME) return resolve(env.ATALAYA_HOME);
  const xdg = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(xdg, 'atalaya');
}
