import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import Bunzip from 'seek-bzip';
import { DataError } from '../errors.js';

/**
 * Reading raw source files: decompression by magic bytes (gzip, bzip2), encoding by content (UTF-8 with
 * or without BOM, else Latin-1 as SESNSP and INEGI exports often are), and a fast delimited-text parser
 * that handles quoted fields. Nothing here depends on the file name.
 */
export type Compression = 'none' | 'gzip' | 'bzip2';
export type Encoding = 'utf-8' | 'utf-8-bom' | 'latin-1';

export interface TextFile {
  text: string;
  encoding: Encoding;
  compression: Compression;
  bytes: number;
}

export function decompress(raw: Buffer, file: string): { bytes: Buffer; compression: Compression } {
  if (raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      return { bytes: gunzipSync(raw), compression: 'gzip' };
    } catch (err) {
      throw new DataError(`${file}: gzip data is damaged or truncated (${(err as Error).message})`, { file });
    }
  }
  if (raw[0] === 0x42 && raw[1] === 0x5a && raw[2] === 0x68)
    return { bytes: bunzip(raw, file), compression: 'bzip2' };
  return { bytes: raw, compression: 'none' };
}

/** bzip2: the system's bzip2 when present (several times faster), else a pure JavaScript decoder. */
function bunzip(raw: Buffer, file: string): Buffer {
  try {
    return execFileSync('bzip2', ['-dc'], {
      input: raw,
      maxBuffer: 2 ** 31 - 1,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  } catch (err) {
    const e = err as { code?: string; status?: number };
    if (e.code !== 'ENOENT') {
      throw new DataError(`${file}: bzip2 data is damaged or truncated`, { file });
    }
  }
  try {
    return Bunzip.decode(raw);
  } catch (err) {
    throw new DataError(`${file}: bzip2 data is damaged or truncated (${(err as Error).message})`, { file });
  }
}

/** Decode bytes to text: UTF-8 (BOM stripped) when valid, else Latin-1; UTF-16 and binary are refused. */
export function decodeText(bytes: Buffer, file: string): { text: string; encoding: Encoding } {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new DataError(
      `${file}: UTF-16 text is not supported (expected UTF-8 or Latin-1); re-save the file as UTF-8`,
      {
        file,
      },
    );
  }
  const probe = bytes.subarray(0, Math.min(bytes.length, 65536));
  if (probe.includes(0)) {
    throw new DataError(
      `${file}: binary data (NUL bytes) where text was expected; is this a spreadsheet (.xlsx) or a damaged file?`,
      {
        file,
      },
    );
  }
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bom ? bytes.subarray(3) : bytes;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(body);
    return { text, encoding: bom ? 'utf-8-bom' : 'utf-8' };
  } catch {
    return { text: new TextDecoder('latin1').decode(body), encoding: 'latin-1' };
  }
}

export function readTextFile(path: string, file: string): TextFile {
  let raw: Buffer;
  try {
    raw = readFileSync(path);
  } catch (err) {
    throw new DataError(`cannot read ${file}: ${(err as Error).message}`, { file });
  }
  const { bytes, compression } = decompress(raw, file);
  const { text, encoding } = decodeText(bytes, file);
  return { text, encoding, compression, bytes: raw.length };
}

/** The first line of a text (without its line break). */
export function firstLine(text: string): string {
  const end = text.indexOf('\n');
  return (end < 0 ? text : text.slice(0, end)).replace(/\r$/, '');
}

/** The delimiter of a header line: the most frequent of , | ; tab. */
export function detectDelimiter(header: string): string {
  let best = ',';
  let bestCount = -1;
  for (const d of [',', '|', ';', '\t']) {
    const count = header.split(d).length - 1;
    if (count > bestCount) {
      best = d;
      bestCount = count;
    }
  }
  return best;
}

/**
 * Split delimited text into rows of fields with their 1-based line numbers. Fast path for lines without
 * quotes; quoted fields may contain delimiters, doubled quotes and line breaks (RFC 4180).
 */
export function* delimitedRows(
  text: string,
  delimiter: string,
): Generator<{ line: number; fields: string[] }> {
  let pos = 0;
  let line = 1;
  const n = text.length;
  while (pos < n) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = n;
    let raw = text.slice(pos, end);
    const startLine = line;
    if (raw.indexOf('"') < 0) {
      if (raw.endsWith('\r')) raw = raw.slice(0, -1);
      pos = end + 1;
      line++;
      if (raw.length > 0) yield { line: startLine, fields: raw.split(delimiter) };
      continue;
    }
    // Quoted: parse character by character, possibly over several lines.
    const fields: string[] = [];
    let field = '';
    let i = pos;
    let inQuotes = false;
    for (; i < n; i++) {
      const c = text[i];
      if (inQuotes) {
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i++;
          } else inQuotes = false;
        } else {
          if (c === '\n') line++;
          field += c;
        }
      } else if (c === '"') inQuotes = true;
      else if (c === delimiter) {
        fields.push(field);
        field = '';
      } else if (c === '\n') break;
      else if (c !== '\r') field += c;
    }
    fields.push(field);
    pos = i + 1;
    line++;
    if (inQuotes) {
      throw new DataError(`line ${startLine}: a quoted field is never closed (file truncated?)`, {
        line: startLine,
      });
    }
    if (fields.length > 1 || fields[0] !== '') yield { line: startLine, fields };
  }
}

/** A header row's column positions by (trimmed) name; throws naming the missing columns. */
export function columnIndex(
  header: string[],
  required: readonly string[],
  file: string,
): Map<string, number> {
  const index = new Map(header.map((h, i) => [h.trim(), i] as [string, number]));
  const missing = required.filter((c) => !index.has(c));
  if (missing.length > 0) {
    throw new DataError(
      `${file}: missing column${missing.length > 1 ? 's' : ''} ${missing.map((c) => `"${c}"`).join(', ')} (found: ${header.join(', ')})`,
      { file, line: 1, field: missing[0] },
    );
  }
  return index;
}

/**
 * A non-negative count from a field: accepts "12", "12.0", "1,234" (thousands commas) and "" (missing →
 * NaN); anything else is an error naming the file, line and column.
 */
export function parseCount(raw: string, file: string, line: number, column: string): number {
  const s = raw.trim();
  if (s === '' || s === 'NA' || s === 'NaN') return Number.NaN;
  const v = Number(s.includes(',') ? s.replace(/,/g, '') : s);
  if (!Number.isFinite(v)) {
    throw new DataError(`${file}:${line}: column "${column}": "${raw}" is not a number (expected a count)`, {
      file,
      line,
      field: column,
    });
  }
  if (v < 0) {
    throw new DataError(`${file}:${line}: column "${column}": ${v} is negative (expected a count ≥ 0)`, {
      file,
      line,
      field: column,
    });
  }
  return v;
}

/** The first row of `rows` as trimmed column names; an empty file is an error. */
export function takeHeader(rows: Generator<{ line: number; fields: string[] }>, file: string): string[] {
  const first = rows.next();
  if (first.done) throw new DataError(`${file}: empty file (expected a header row)`, { file, line: 1 });
  return first.value.fields.map((f) => f.trim());
}
