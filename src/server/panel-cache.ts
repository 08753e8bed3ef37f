import { currentVersion, type LoadedPanel, panelDir, readPanel } from '../data/panel/cache.js';
import { HttpError } from './errors.js';

/**
 * The imported data, read once and kept while the cache's CURRENT version stays the same (an `atalaya data
 * import` while the server runs is picked up by the next request). Derived results (forecasts, hot spots)
 * are memoised per version in a small LRU: they cost seconds and a dashboard asks for the same ones again.
 */
export class PanelCache {
  private loaded: LoadedPanel | undefined;
  private results = new Map<string, unknown>();

  constructor(
    readonly home: string,
    private readonly maxResults = 16,
  ) {}

  /** The current panel; 409 when nothing was imported into this home. */
  get(): LoadedPanel {
    const version = currentVersion(this.home);
    if (!version) {
      throw new HttpError(
        409,
        `no imported data in ${panelDir(this.home)}: run \`atalaya data import\` first (or start the server with --home)`,
      );
    }
    if (this.loaded?.version !== version) {
      this.loaded = readPanel(this.home);
      this.results.clear();
    }
    return this.loaded;
  }

  /** Whether anything was imported (without reading it). */
  imported(): boolean {
    return currentVersion(this.home) !== undefined;
  }

  /** A result computed from the current panel, memoised by `key`. */
  memo<T>(key: string, compute: (loaded: LoadedPanel) => T): T {
    const loaded = this.get();
    const full = `${loaded.version}\n${key}`;
    if (this.results.has(full)) {
      const hit = this.results.get(full) as T;
      this.results.delete(full);
      this.results.set(full, hit);
      return hit;
    }
    const value = compute(loaded);
    this.results.set(full, value);
    while (this.results.size > this.maxResults) this.results.delete(this.results.keys().next().value!);
    return value;
  }
}
