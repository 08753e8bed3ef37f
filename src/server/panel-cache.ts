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
  private resultsVersion: string | undefined;

  constructor(
    readonly home: string,
    private readonly maxResults = 16,
  ) {}

  /** The current panel; 409 when nothing was imported into this home. */
  get(): LoadedPanel {
    const version = this.version();
    if (this.loaded?.version !== version) this.loaded = readPanel(this.home);
    return this.loaded;
  }

  /** Whether anything was imported (without reading it). */
  imported(): boolean {
    return currentVersion(this.home) !== undefined;
  }

  /**
   * A result computed elsewhere (the compute worker) for the current data version, memoised by `key`.
   * The promise is kept, so concurrent requests share one computation; a failure is not kept.
   */
  memoAsync<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const version = this.version();
    const full = `${version}\n${key}`;
    if (this.results.has(full)) return this.touch(full) as Promise<T>;
    const pending = compute();
    this.keep(full, pending);
    pending.catch(() => {
      if (this.results.get(full) === pending) this.results.delete(full);
    });
    return pending;
  }

  /** The current data version (results of an older one are dropped); 409 when nothing was imported. */
  version(): string {
    const version = currentVersion(this.home);
    if (!version) {
      throw new HttpError(
        409,
        `no imported data in ${panelDir(this.home)}: run \`atalaya data import\` first (or start the server with --home)`,
      );
    }
    if (version !== this.resultsVersion) {
      this.results.clear();
      this.resultsVersion = version;
    }
    return version;
  }

  /** A result computed from the current panel, memoised by `key`. */
  memo<T>(key: string, compute: (loaded: LoadedPanel) => T): T {
    const loaded = this.get();
    const full = `${loaded.version}\n${key}`;
    if (this.results.has(full)) return this.touch(full) as T;
    const value = compute(loaded);
    this.keep(full, value);
    return value;
  }

  /** A kept result, moved to the newest place of the LRU. */
  private touch(full: string): unknown {
    const hit = this.results.get(full);
    this.results.delete(full);
    this.results.set(full, hit);
    return hit;
  }

  private keep(full: string, value: unknown): void {
    this.results.set(full, value);
    while (this.results.size > this.maxResults) this.results.delete(this.results.keys().next().value!);
  }
}
