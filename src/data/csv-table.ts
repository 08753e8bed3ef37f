import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { DataError } from './errors.js';

export interface CsvTable {
  path: string;
  columns: string[];
  rows: Record<string, string>[];
  /** 1-based line number in the file of each row (for error messages). */
  lines: number[];
}

export interface ReadCsvOptions {
  /** Columns that must be present (after BOM removal); a missing one is an error naming the file. */
  required?: readonly string[];
  delimiter?: string;
}

/**
 * Read a small CSV file with a header row into string records. Strips a UTF-8 BOM, accepts quoted
 * fields with commas, and reports malformed input with the file and line.
 */
export function readCsvTable(path: string, options: ReadCsvOptions = {}): CsvTable {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new DataError(`cannot read ${path}: ${(err as Error).message}`, { file: path });
  }
  if (text.includes('\uFFFD')) {
    throw new DataError(`${path}: not valid UTF-8 (expected UTF-8 text)`, { file: path });
  }
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      columns: (header: string[]) => header.map((h) => h.trim()),
      skip_empty_lines: true,
      delimiter: options.delimiter ?? ',',
      info: true,
      trim: false,
    }) as { record: Record<string, string>; info: { lines: number } }[];
  } catch (err) {
    const e = err as Error & { lines?: number };
    throw new DataError(`${path}${e.lines ? `:${e.lines}` : ''}: malformed CSV: ${e.message}`, {
      file: path,
      line: e.lines,
    });
  }
  const columns = records.length > 0 ? Object.keys(records[0].record) : headerOf(text);
  for (const col of options.required ?? []) {
    if (!columns.includes(col)) {
      throw new DataError(
        `${path}: missing column "${col}" (found: ${columns.join(', ') || 'no header'}; expected: ${(options.required ?? []).join(', ')})`,
        { file: path, field: col },
      );
    }
  }
  return {
    path,
    columns,
    rows: records.map((r) => r.record),
    lines: records.map((r) => r.info.lines),
  };
}

function headerOf(text: string): string[] {
  const first = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  return first ? first.split(',').map((h) => h.trim()) : [];
}
