import type { AreaRegistry } from '../areas.js';
import type { Issue, Series } from '../panel/series.js';
import type { TextFile } from './text.js';

/**
 * A reader turns one source file into series (or reference data). Readers are chosen by the content of
 * the file (header, delimiter), never by its name; `detect` sees the first line (without BOM) and the
 * detected delimiter.
 */
export interface ReadContext {
  /** Path relative to the data folder (for messages and the manifest). */
  file: string;
  /** The decoded file. */
  input: TextFile;
  /** Known states and municipalities (codes, names, population), for validation and name matching. */
  areas: AreaRegistry;
  /** Problems found: warnings are kept with the series; errors make the import fail. */
  issues: Issue[];
}

export interface Reader {
  /** Format id, e.g. "sesnsp-victims-long". */
  format: string;
  description: string;
  /** True if this reader handles a file with this header line. */
  detect(header: string, delimiter: string): boolean;
  read(ctx: ReadContext): Series[];
}
