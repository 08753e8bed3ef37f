import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { AreaRegistry } from './areas.js';
import { DataError } from './errors.js';
import { SERIES_READERS } from './formats/index.js';
import type { Reader } from './formats/reader.js';
import { REFERENCE_READERS, type ReferenceReader } from './formats/reference.js';
import { decodeText, decompress, detectDelimiter, firstLine, type TextFile } from './formats/text.js';
import { markIncomplete } from './incomplete.js';
import { type ImportedFile, writePanel } from './panel/cache.js';
import { Panel } from './panel/panel.js';
import type { Issue, Series } from './panel/series.js';

/**
 * `atalaya data import`: read every file of a folder, recognise each by its content, validate it, and
 * replace the cache only if everything worked (errors leave the previous cache in use; `keepGoing` imports
 * the good files and records the bad ones as errors).
 *
 * Order: reference files first (geometry, population, census: the areas), then the series, which are
 * validated against those areas.
 */
export interface ImportOptions {
  dir: string;
  home: string;
  keepGoing?: boolean;
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

/** The import failed: nothing was replaced. `issues` holds every error and warning found. */
export class ImportError extends DataError {
  constructor(
    message: string,
    readonly issues: Issue[],
  ) {
    super(message);
    this.name = 'ImportError';
  }
}

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
  header: string;
  delimiter: string;
}

export function importData(options: ImportOptions): ImportReport {
  const t0 = performance.now();
  const paths = listFiles(options.dir);
  const issues: Issue[] = [];
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
      skipped.push({ file, reason: known ? known[1] : 'unrecognised format (no reader knows this header)' });
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
      for (const s of out) markIncomplete(s);
      series.push(...out);
      const rows = out.reduce((m, s) => Math.max(m, s.meta.rows), 0);
      files.push(record(c, reader.format, rows, [...new Set(out.map((s) => s.meta.id))], t));
    } catch (err) {
      fail(err, c.file, local);
    }
    // Messages name the file once, in the Issue; readers sometimes repeat it at the start of the text.
    for (const i of local) i.message = stripFile(i.message, c.file);
    issues.push(...local);
  }

  const errors = issues.filter((i) => i.severity === 'error');
  if (errors.length > 0 && !options.keepGoing) {
    throw new ImportError(
      `import failed with ${errors.length} error${errors.length > 1 ? 's' : ''}; the previous data is unchanged:\n${errors.map(formatIssue).join('\n')}`,
      issues,
    );
  }
  const version = writePanel(options.home, new Panel(series, areas), {
    source: options.dir,
    files,
    skipped,
    issues,
  });
  return { version, files, skipped, issues, series: series.length, milliseconds: performance.now() - t0 };
}

export function formatIssue(i: Issue): string {
  const where = `${i.file}${i.line ? `:${i.line}` : ''}${i.column ? ` (column "${i.column}")` : ''}`;
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

/** Decompress and decode a file, or record why it was skipped. */
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
  let input: TextFile;
  try {
    const { bytes, compression } = decompress(raw, file);
    const { text, encoding } = decodeText(bytes, file);
    input = { text, encoding, compression, bytes: raw.length };
  } catch (err) {
    if (err instanceof DataError && /binary data/.test(err.message)) {
      skipped.push({ file, reason: 'binary file (not text data)' });
      return undefined;
    }
    fail(err, file, issues);
    return undefined;
  }
  const header = firstLine(input.text);
  return { file, path, input, header, delimiter: detectDelimiter(header) };
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
    const st = statSync(path);
    if (st.isDirectory()) out.push(...listFiles(path));
    else if (st.isFile()) out.push(path);
  }
  return out;
}
