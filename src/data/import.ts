import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { AreaRegistry } from './areas.js';
import { DataError, type DataErrorReason } from './errors.js';
import { SERIES_READERS } from './formats/index.js';
import { plain, quote } from './formats/quote.js';
import type { Reader } from './formats/reader.js';
import { REFERENCE_READERS, type ReferenceReader } from './formats/reference.js';
import { decodeText, decompress, detectDelimiter, firstLine, type TextFile } from './formats/text.js';
import { markIncomplete } from './incomplete.js';
import { currentSeriesIds, type ImportedFile, panelDir, writePanel } from './panel/cache.js';
import { lockCache } from './panel/lock.js';
import { Panel } from './panel/panel.js';
import type { Issue, Series } from './panel/series.js';

/**
 * `atalaya data import`: read every file of a folder, recognise each by its content, validate it, and
 * replace the cache only if everything worked (errors leave the previous cache in use; `keepGoing` imports
 * the good files and records the bad ones as errors).
 *
 * Order: lock the cache (checking it is writable, before the long read), reference files (geometry,
 * population, census: the areas), then the series, which are validated against those areas; then the
 * guard against losing data, then the write.
 *
 * The guard: an import that imported no file at all (an empty folder, only skipped files), or that lacks
 * series ids the current data has (a file missing, unreadable or failed under `keepGoing`), does not
 * replace the current data unless `replace` is set; the DataError lists what would be lost. An import of
 * reference files only (no series) over a cache without series loses nothing and goes ahead.
 *
 * What is skipped and what is an error: a file that holds no data (binary, empty or whitespace only, a
 * known non-panel table, an unrecognised header) is skipped with the reason; a file that holds data the
 * importer cannot read (UTF-16, damaged compression, bad rows) is an error.
 */
export interface ImportOptions {
  dir: string;
  home: string;
  keepGoing?: boolean;
  /** Replace the current data even if this import has nothing usable or drops series ids it has. */
  replace?: boolean;
  /** Wait this long (ms) for another import of the same cache to finish (default 0: fail at once). */
  wait?: number;
  /** Called once if the import has to wait for another one (`pid`: the other import's, when known). */
  onWait?: (other: { pid: number; started: string } | undefined) => void;
  onFile?: (file: string, index: number, total: number) => void;
}

export interface ImportReport {
  version: string;
  files: ImportedFile[];
  skipped: { file: string; reason: string }[];
  issues: Issue[];
  series: number;
  milliseconds: number;
}

/**
 * The import failed or was refused: nothing was replaced. `issues` holds every error and warning found;
 * a refusal (`reason` 'would-lose-data') also says which series ids would have been dropped.
 */
export class ImportError extends DataError {
  constructor(
    message: string,
    readonly issues: Issue[],
    readonly details: {
      reason?: DataErrorReason;
      dropped?: string[];
      skipped?: ImportReport['skipped'];
    } = {},
  ) {
    super(message, {}, details.reason);
    this.name = 'ImportError';
  }
}

/** Bytes of the first line that detection looks at: real headers are short, JSON may be one long line. */
const HEADER_PROBE = 65_536;
/** Dropped series ids listed in a refusal, at most. */
const LIST_CAP = 20;

/** Files that are known not to be panel data (criminal networks, documents, R objects). */
const NOT_PANEL: [RegExp, string][] = [
  [/^(edge|node|group),/i, 'network or group table (not a time series)'],
  [/^(,|players,|"",)/i, 'network adjacency matrix (not a time series)'],
  [/^\d+\s+\d+(\s+\d+)?\s*$/, 'network edge list (not a time series)'],
  [/^#|^[a-z ]+:/i, 'document (not data)'],
  [/^year,(victims|homicides),/i, 'published national figures (reference table for tests, not imported)'],
  [/^\uFEFF?year,homicide,missings/i, 'national yearly trends (reference table, not imported)'],
];

interface Candidate {
  file: string;
  path: string;
  input: TextFile;
  /** The start of the first line (at most HEADER_PROBE characters), and the length of the whole line. */
  header: string;
  headerLength: number;
  delimiter: string;
}

export function importData(options: ImportOptions): ImportReport {
  // Before reading anything (a full import reads for seconds): fail fast on an unwritable or busy cache.
  const lock = lockCache(panelDir(options.home), { waitMs: options.wait, onWait: options.onWait });
  const t0 = performance.now();
  try {
    const issues: Issue[] = [];
    if (lock.tookOver) {
      const { pid, started } = lock.tookOver;
      issues.push({
        severity: 'warning',
        file: '(cache)',
        message:
          pid > 0
            ? `took over a stale import lock (pid ${pid}, started ${started}: that process is no longer running)`
            : 'took over a damaged import lock (unreadable, and older than a few seconds)',
      });
    }
    const read = readFolder(options, issues);
    const errors = issues.filter((i) => i.severity === 'error');
    if (errors.length > 0 && !options.keepGoing) {
      throw new ImportError(
        `import failed with ${errors.length} error${errors.length > 1 ? 's' : ''}; the previous data is unchanged:\n${errors.map(formatIssue).join('\n')}`,
        issues,
        { skipped: read.skipped },
      );
    }
    if (!options.replace) refuseDataLoss(options, read, issues);
    const version = writePanel(options.home, new Panel(read.series, read.areas), {
      source: options.dir,
      files: read.files,
      skipped: read.skipped,
      issues,
    });
    return {
      version,
      files: read.files,
      skipped: read.skipped,
      issues,
      series: read.series.length,
      milliseconds: performance.now() - t0,
    };
  } finally {
    lock.release();
  }
}

interface FolderRead {
  files: ImportedFile[];
  skipped: { file: string; reason: string }[];
  series: Series[];
  areas: AreaRegistry;
}

/** Read, recognise and load every file of the folder; problems go to `issues`. */
function readFolder(options: ImportOptions, issues: Issue[]): FolderRead {
  const paths = listFiles(options.dir);
  const skipped: { file: string; reason: string }[] = [];
  const references: [Candidate, ReferenceReader][] = [];
  const seriesFiles: [Candidate, Reader][] = [];
  for (const [i, path] of paths.entries()) {
    const file = relative(options.dir, path);
    options.onFile?.(file, i, paths.length);
    const candidate = open(path, file, issues, skipped);
    if (!candidate) continue;
    const ref = REFERENCE_READERS.find((r) => r.detect(candidate.header, candidate.delimiter));
    const reader = ref
      ? undefined
      : SERIES_READERS.find((r) => r.detect(candidate.header, candidate.delimiter));
    if (ref) references.push([candidate, ref]);
    else if (reader) seriesFiles.push([candidate, reader]);
    else {
      const known = NOT_PANEL.find(([re]) => re.test(candidate.header.replace(/"/g, '')));
      skipped.push({
        file,
        reason: known
          ? known[1]
          : `unrecognised format (no reader knows this header: ${quote(candidate.header, 60, candidate.headerLength)})`,
      });
    }
  }

  const areas = new AreaRegistry();
  const files: ImportedFile[] = [];
  for (const [c, reader] of references) {
    const t = performance.now();
    try {
      const { rows } = reader.load({ file: c.file, input: c.input, areas, issues });
      files.push(record(c, reader.format, rows, [], t));
    } catch (err) {
      fail(err, c.file, issues);
    }
  }
  const gaps = areas.gaps();
  for (const [list, what] of [
    [gaps.notInGeometry, 'are not in the geometry (created after it, or renamed)'],
    [gaps.notInPopulation, 'have no CONAPO population (created after the projections)'],
  ] as const) {
    if (list.length > 0) {
      issues.push({
        severity: 'warning',
        file: '(areas)',
        message: `${list.length} municipalities ${what}: ${list.slice(0, 30).join(', ')}${list.length > 30 ? ', …' : ''}`,
      });
    }
  }

  const series: Series[] = [];
  for (const [c, reader] of seriesFiles) {
    const t = performance.now();
    const local: Issue[] = [];
    try {
      const out = reader.read({ file: c.file, input: c.input, areas, issues: local });
      for (const s of out) {
        markIncomplete(s);
        series.push(s);
      }
      const rows = out.reduce((m, s) => Math.max(m, s.meta.rows), 0);
      files.push(record(c, reader.format, rows, [...new Set(out.map((s) => s.meta.id))], t));
    } catch (err) {
      fail(err, c.file, local);
    }
    // Messages name the file once, in the Issue; readers sometimes repeat it at the start of the text.
    for (const i of local) {
      i.message = stripFile(i.message, c.file);
      issues.push(i);
    }
  }
  return { files, skipped, series, areas };
}

/**
 * Throw (reason 'would-lose-data') when writing this import would lose data: nothing usable at all, or
 * series ids of the current data missing from it. The message lists the dropped ids (capped) with their
 * count, says the previous data is unchanged, and says why files were left out.
 */
function refuseDataLoss(options: ImportOptions, read: FolderRead, issues: Issue[]): void {
  const current = currentSeriesIds(options.home);
  const have = new Set(read.series.map((s) => s.meta.id));
  const dropped = (current?.ids ?? []).filter((id) => !have.has(id));
  const nothing = read.files.length === 0;
  if (!nothing && dropped.length === 0) return;
  const unchanged = current
    ? `the previous data is unchanged (version ${current.version}, ${current.ids.length} series ids)`
    : 'there was no previous data and nothing was written';
  const what = nothing
    ? `nothing usable in ${options.dir}: no file could be imported`
    : `the import of ${options.dir} would drop ${dropped.length} of the ${current?.ids.length} series ids the current data has: ${dropped.slice(0, LIST_CAP).join(', ')}${dropped.length > LIST_CAP ? `, … (${dropped.length - LIST_CAP} more)` : ''}`;
  throw new ImportError(
    `${what}; ${unchanged}. Pass --replace to replace it anyway.\n${whyLeftOut(read, issues)}`,
    issues,
    { reason: 'would-lose-data', dropped, skipped: read.skipped },
  );
}

/** One line on what was read and why the rest was not: imported, skipped (with reasons), errors. */
function whyLeftOut(read: FolderRead, issues: Issue[]): string {
  const errors = issues.filter((i) => i.severity === 'error');
  const skipped = read.skipped.slice(0, 10).map((s) => `${plain(s.file)}: ${s.reason}`);
  if (read.skipped.length > 10) skipped.push(`… ${read.skipped.length - 10} more`);
  return [
    `${read.files.length} file${read.files.length === 1 ? '' : 's'} imported, ${read.series.length} series`,
    `${read.skipped.length} skipped${skipped.length > 0 ? ` (${skipped.join('; ')})` : ''}`,
    `${errors.length} error${errors.length === 1 ? '' : 's'}${errors.length > 0 ? ` (${errors.slice(0, 5).map(formatIssue).join('; ')}${errors.length > 5 ? '; …' : ''})` : ''}`,
  ].join('; ');
}

export function formatIssue(i: Issue): string {
  const where = `${i.file}${i.line ? `:${i.line}` : ''}${i.column ? ` (column ${quote(i.column, 60)})` : ''}`;
  return `${i.severity}: ${where}: ${i.message}`;
}

function record(c: Candidate, format: string, rows: number, series: string[], t: number): ImportedFile {
  return {
    file: c.file,
    format,
    encoding: c.input.encoding,
    compression: c.input.compression,
    bytes: c.input.bytes,
    rows,
    series,
    milliseconds: Math.round(performance.now() - t),
  };
}

function fail(err: unknown, file: string, issues: Issue[]): void {
  if (!(err instanceof DataError)) throw err;
  issues.push({
    severity: 'error',
    file,
    line: err.location.line,
    column: err.location.field,
    message: stripFile(err.message, file),
  });
}

/** "file:12: message" → "message" (the Issue already carries file and line). */
function stripFile(message: string, file: string): string {
  return message.startsWith(file) ? message.slice(file.length).replace(/^(:\d+)?:?\s*/, '') : message;
}

/** Decompress and decode a file, or record why it was skipped (no data in it) or failed (unreadable data). */
function open(
  path: string,
  file: string,
  issues: Issue[],
  skipped: { file: string; reason: string }[],
): Candidate | undefined {
  let raw: Buffer;
  try {
    raw = readFileSync(path);
  } catch (err) {
    issues.push({ severity: 'error', file, message: `cannot read: ${(err as Error).message}` });
    return undefined;
  }
  if (raw.length === 0) {
    skipped.push({ file, reason: 'empty file (0 bytes)' });
    return undefined;
  }
  let input: TextFile;
  try {
    const { bytes, compression } = decompress(raw, file);
    const { text, encoding } = decodeText(bytes, file);
    input = { text, encoding, compression, bytes: raw.length };
  } catch (err) {
    if (err instanceof DataError && err.reason === 'binary') {
      skipped.push({ file, reason: 'binary file (not text data)' });
      return undefined;
    }
    fail(err, file, issues);
    return undefined;
  }
  if (input.text.trim() === '') {
    const after = input.compression === 'none' ? '' : ` after ${input.compression} decompression`;
    skipped.push({
      file,
      reason: `empty file (${input.text.length === 0 ? 'no text' : 'only whitespace'}${after}, ${raw.length} bytes)`,
    });
    return undefined;
  }
  // Detection looks at the start of the first line only: a 50 MB line is no header (and no reader's
  // header is longer), while a one-line TopoJSON is recognised by its first characters.
  const end = input.text.indexOf('\n');
  const line = firstLine(input.text.length > HEADER_PROBE ? input.text.slice(0, HEADER_PROBE) : input.text);
  const header = line.replace(/^\uFEFF/, '');
  const headerLength =
    (end < 0 ? input.text.length : end) -
    (input.text[end - 1] === '\r' ? 1 : 0) -
    (line.length - header.length);
  return { file, path, input, header, headerLength, delimiter: detectDelimiter(header) };
}

/** Every regular file under `dir` (hidden files and folders excluded), sorted for a stable order. */
function listFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch (err) {
    throw new DataError(`cannot read the data folder ${dir}: ${(err as Error).message}`, { file: dir });
  }
  const out: string[] = [];
  for (const name of entries) {
    if (name.startsWith('.')) continue;
    const path = join(dir, name);
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(path);
    } catch (err) {
      // A dangling symbolic link, or a file removed while listing.
      throw new DataError(`cannot read ${path}: ${(err as Error).message}`, { file: path });
    }
    if (st.isDirectory()) for (const p of listFiles(path)) out.push(p);
    else if (st.isFile()) out.push(path);
  }
  return out;
}
