import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { Topology } from 'topojson-specification';
import { AreaRegistry, type MunicipalityInfo } from '../areas.js';
import { DataError } from '../errors.js';
import { cacheWriteError } from './cache-errors.js';
import { Panel } from './panel.js';
import type { Issue, Series, SeriesMeta } from './series.js';

/**
 * The local cache of imported data, in `<home>/panel/`:
 *
 *   CURRENT                  name of the version in use (replaced atomically)
 *   v-<time>-<random>/       one complete import: manifest.json + values.f64 (all series, float64)
 *
 *   .lock                    held by the import running now (see lock.ts)
 *
 * An import writes a new version directory, syncs it to disk, then swaps CURRENT by rename. A failed or
 * interrupted import leaves CURRENT pointing at the previous, complete version; stray directories are
 * removed by the next successful import. Each version also holds `summary.json` (its series ids).
 */
export const CACHE_FORMAT = 'atalaya-panel/1';

export interface ImportedFile {
  file: string;
  format: string;
  encoding?: string;
  compression?: string;
  bytes: number;
  rows: number;
  series: string[];
  milliseconds: number;
}

export interface Manifest {
  format: typeof CACHE_FORMAT;
  created: string;
  source: string;
  files: ImportedFile[];
  skipped: { file: string; reason: string }[];
  issues: Issue[];
  series: { meta: SeriesMeta; areas: string[]; start: number; months: number; offset: number }[];
  municipalities: MunicipalityInfo[];
  population: Record<string, [number, number][]>;
  adjacency: { codes: string[]; ptr: number[]; idx: number[] };
  /** TopoJSON files stored beside the values, by level (`geometry-<level>.topojson`). */
  geometry?: ('municipality' | 'state')[];
}

const geometryFile = (level: 'municipality' | 'state') => `geometry-${level}.topojson`;

/**
 * The TopoJSON of a level from the current cache (parsed), or undefined when none was imported. Read on
 * demand: most commands never draw a map.
 */
export function readTopology(loaded: LoadedPanel, level: 'municipality' | 'state'): Topology | undefined {
  if (!loaded.manifest.geometry?.includes(level)) return undefined;
  const path = join(panelDir(loaded.home), loaded.version, geometryFile(level));
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Topology;
  } catch (err) {
    throw new DataError(
      `the data cache's geometry ${path} is unreadable (${(err as Error).message}); run \`atalaya data import\` again`,
    );
  }
}

export function panelDir(home: string): string {
  return join(home, 'panel');
}

/**
 * Beside each version's manifest, the ids of its series: what the import guard compares and what pruning
 * needs ("did this version hold any series?") without parsing a manifest of megabytes.
 */
const SUMMARY = 'summary.json';

interface Summary {
  series: number;
  ids: string[];
}

/**
 * Write a panel as a new cache version and make it current (atomically). Returns the version name.
 *
 * Any file-system failure (disk full, read-only, permissions) before the pointer swap removes what was
 * written and becomes a DataError saying the previous data is unchanged; after the swap, pruning old
 * versions is best effort and never fails the import.
 */
export function writePanel(
  home: string,
  panel: Panel,
  info: Pick<Manifest, 'source' | 'files' | 'skipped' | 'issues'>,
): string {
  const root = panelDir(home);
  const name = `v-${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}`;
  const tmp = join(root, `.tmp-${name}`);
  const pointer = join(root, `.CURRENT-${name}`);
  let previous: string | undefined;
  let swapped = false;
  try {
    previous = currentVersion(home);
    mkdirSync(root, { recursive: true });
    mkdirSync(tmp);
    const { manifest, values } = build(panel, info);
    const summary: Summary = {
      series: manifest.series.length,
      ids: [...new Set(manifest.series.map((e) => e.meta.id))].sort(),
    };
    for (const [level, text] of panel.areas.topologies)
      writeSynced(join(tmp, geometryFile(level)), Buffer.from(text));
    writeSynced(join(tmp, 'values.f64'), new Uint8Array(values.buffer));
    writeSynced(join(tmp, 'manifest.json'), Buffer.from(JSON.stringify(manifest)));
    writeSynced(join(tmp, SUMMARY), Buffer.from(JSON.stringify(summary)));
    renameSync(tmp, join(root, name));
    writeSynced(pointer, Buffer.from(name));
    renameSync(pointer, join(root, 'CURRENT'));
    swapped = true;
  } catch (err) {
    if (!swapped) {
      for (const leftover of [tmp, join(root, name), pointer]) {
        try {
          rmSync(leftover, { recursive: true, force: true });
        } catch {
          // The disk that refused the write may refuse the cleanup too; the next import removes it.
        }
      }
    }
    throw cacheWriteError(err, root);
  }
  try {
    prune(root, name, previous);
  } catch {
    // Pruning only saves space: the import itself succeeded.
  }
  return name;
}

/** The manifest and the values of a panel, laid out as the cache stores them. */
function build(
  panel: Panel,
  info: Pick<Manifest, 'source' | 'files' | 'skipped' | 'issues'>,
): { manifest: Manifest; values: Float64Array } {
  let offset = 0;
  const series = panel.series.map((s) => {
    const entry = { meta: s.meta, areas: s.areas, start: s.start, months: s.months, offset };
    offset += s.values.length;
    return entry;
  });
  const values = new Float64Array(offset);
  panel.series.forEach((s, k) => {
    values.set(s.values, series[k].offset);
  });
  const areas = panel.areas;
  const manifest: Manifest = {
    format: CACHE_FORMAT,
    created: new Date().toISOString(),
    ...info,
    series,
    municipalities: [...areas.municipalities.values()],
    population: Object.fromEntries([...areas.population].map(([code, years]) => [code, [...years]])),
    adjacency: {
      codes: areas.adjacencyCodes,
      ptr: Array.from(areas.adjacencyPtr),
      idx: Array.from(areas.adjacencyIdx),
    },
    geometry: [...areas.topologies.keys()],
  };
  return { manifest, values };
}

function writeSynced(path: string, data: Uint8Array): void {
  const fd = openSync(path, 'w');
  try {
    let written = 0;
    while (written < data.length) written += writeSync(fd, data, written);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Remove unfinished versions and old ones, keeping three: the current version, the one it replaced, and
 * the newest version that held at least one series. The last keeps the last good data on disk even after
 * `--replace` imports of nothing (recover it by writing its name to CURRENT).
 */
function prune(root: string, current: string, previous: string | undefined): void {
  const versions = readdirSync(root)
    .filter((f) => f.startsWith('v-'))
    .sort();
  const before = previous ?? versions.filter((v) => v !== current).at(-1);
  const newestGood = [...versions].reverse().find((v) => (versionSeriesIds(root, v)?.length ?? 0) > 0);
  const keep = new Set([current, before, newestGood]);
  for (const f of readdirSync(root)) {
    if (f.startsWith('.tmp-') || f.startsWith('.CURRENT-') || (f.startsWith('v-') && !keep.has(f))) {
      rmSync(join(root, f), { recursive: true, force: true });
    }
  }
}

/** The series ids a cache version holds (from its summary, else its manifest); undefined if unreadable. */
export function versionSeriesIds(root: string, version: string): string[] | undefined {
  const dir = join(root, version);
  try {
    return (JSON.parse(readFileSync(join(dir, SUMMARY), 'utf8')) as Summary).ids;
  } catch {
    // Versions written before summaries existed: read the manifest.
  }
  try {
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
    return [...new Set(manifest.series.map((e) => e.meta.id))].sort();
  } catch {
    return undefined;
  }
}

/** The current version and its series ids, or undefined when nothing (readable) was imported yet. */
export function currentSeriesIds(home: string): { version: string; ids: string[] } | undefined {
  const version = currentVersion(home);
  if (!version) return undefined;
  const ids = versionSeriesIds(panelDir(home), version);
  return ids ? { version, ids } : undefined;
}

/** The version currently in use, or undefined when nothing was imported yet. */
export function currentVersion(home: string): string | undefined {
  const pointer = join(panelDir(home), 'CURRENT');
  if (!existsSync(pointer)) return undefined;
  return readFileSync(pointer, 'utf8').trim();
}

export interface LoadedPanel {
  panel: Panel;
  manifest: Manifest;
  version: string;
  /** The cache folder it was read from. */
  home: string;
}

/** Load the current cached panel; a clear error when there is none. */
export function readPanel(home: string): LoadedPanel {
  const version = currentVersion(home);
  if (!version) {
    throw new DataError(
      `no imported data in ${panelDir(home)}: run \`atalaya data import\` first (or pass --home)`,
    );
  }
  const dir = join(panelDir(home), version);
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  } catch (err) {
    throw new DataError(
      `the data cache ${dir} is unreadable (${(err as Error).message}); run \`atalaya data import\` again`,
    );
  }
  if (manifest.format !== CACHE_FORMAT) {
    throw new DataError(
      `the data cache ${dir} has format ${manifest.format}, expected ${CACHE_FORMAT}; run \`atalaya data import\` again`,
    );
  }
  const raw = readFileSync(join(dir, 'values.f64'));
  // A Float64Array needs 8-byte alignment; copy when the buffer is not aligned.
  const values =
    raw.byteOffset % 8 === 0
      ? new Float64Array(raw.buffer, raw.byteOffset, raw.byteLength / 8)
      : new Float64Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
  const series: Series[] = manifest.series.map((e) => ({
    meta: e.meta,
    areas: e.areas,
    start: e.start,
    months: e.months,
    values: values.subarray(e.offset, e.offset + e.areas.length * e.months),
  }));
  const areas = new AreaRegistry();
  for (const m of manifest.municipalities) areas.restoreMunicipality(m);
  for (const [code, years] of Object.entries(manifest.population))
    for (const [y, v] of years) areas.setPopulation(code, y, v);
  areas.setAdjacency(
    manifest.adjacency.codes,
    Int32Array.from(manifest.adjacency.ptr),
    Int32Array.from(manifest.adjacency.idx),
  );
  return { panel: new Panel(series, areas), manifest, version, home };
}
