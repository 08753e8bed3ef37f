import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import Bunzip from 'seek-bzip';
import { DataError } from '../errors.js';
import { quote, quoteList } from './quote.js';

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
    if (e.code === 'ENOBUFS') {
      throw new DataError(
        `${file}: bzip2 data decompresses to more than 2 GB; split the file`,
        { file },
        'too-large',
      );
    }
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

/**
 * The longest text decoded, in bytes: V8 strings hold at most 2^29 - 24 characters, and a larger file
 * (a decompression bomb, or the wrong file) would fail inside TextDecoder with an unhelpful RangeError.
 */
export const MAX_TEXT_BYTES = 500 * 1024 * 1024;

/**
 * Decode bytes to text: UTF-8 (BOM stripped) when valid, else Latin-1. Refused with a DataError whose
 * `reason` says why: `utf-16` (with a BOM, or without one: recognised by NUL bytes in every other
 * position), `binary` (other NUL bytes), `too-large`.
 */
export function decodeText(bytes: Buffer, file: string): { text: string; encoding: Encoding } {
  const utf16 = utf16Order(bytes);
  if (utf16) {
    const bom = utf16.bom ? 'with a byte-order mark' : 'no byte-order mark';
    throw new DataError(
      `${file}: UTF-16 text (${utf16.order === 'le' ? 'little' : 'big'}-endian, ${bom}; begins ${quote(utf16Preview(bytes, utf16.order), 60)}) is not supported (expected UTF-8 or Latin-1); re-save the file as UTF-8`,
      { file },
      'utf-16',
    );
  }
  const probe = bytes.subarray(0, Math.min(bytes.length, 65536));
  if (probe.includes(0)) {
    throw new DataError(
      `${file}: binary data (NUL bytes) where text was expected; is this a spreadsheet (.xlsx) or a damaged file?`,
      { file },
      'binary',
    );
  }
  if (bytes.length > MAX_TEXT_BYTES) {
    throw new DataError(
      `${file}: ${bytes.length.toLocaleString('en-US')} bytes of text (after decompression) is more than can be read at once (${MAX_TEXT_BYTES.toLocaleString('en-US')}); split the file`,
      { file },
      'too-large',
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

/**
 * The byte order of UTF-16 text, or undefined. With a BOM (FF FE / FE FF) it is certain. Without one,
 * text of Mexican data files is mostly ASCII, whose UTF-16 code units have a NUL high byte: NUL in most
 * odd positions and almost no even ones is little-endian, the mirror image big-endian. Binary data has NUL
 * bytes in both (or few in either), so it is not mistaken for UTF-16.
 */
export function utf16Order(bytes: Uint8Array): { order: 'le' | 'be'; bom: boolean } | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { order: 'le', bom: true };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { order: 'be', bom: true };
  const pairs = Math.floor(Math.min(bytes.length, 65536) / 2);
  if (pairs === 0) return undefined;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < pairs; i++) {
    if (bytes[2 * i] === 0) evenNul++;
    if (bytes[2 * i + 1] === 0) oddNul++;
  }
  const mostly = (n: number) => n >= 0.6 * pairs;
  const rarely = (n: number) => n <= 0.05 * pairs;
  if (mostly(oddNul) && rarely(evenNul)) return { order: 'le', bom: false };
  if (mostly(evenNul) && rarely(oddNul)) return { order: 'be', bom: false };
  return undefined;
}

/** The first line of UTF-16 bytes, decoded (for the message that refuses them). */
function utf16Preview(bytes: Uint8Array, order: 'le' | 'be'): string {
  const head = Buffer.from(bytes.subarray(0, Math.min(bytes.length, 400) & ~1));
  if (order === 'be') head.swap16();
  return firstLine(head.toString('utf16le').replace(/^\uFEFF/, ''));
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
 * The longest record read, in characters. Real rows are under a kilobyte (the longest line in shared/data
 * is a CONAPO header of about 400 characters); a 50 MB line is not a table row, and splitting it would
 * make millions of fields before any check could look at them.
 */
export const MAX_RECORD_CHARS = 1 << 20;

/**
 * Split delimited text into rows of fields with their 1-based line numbers. Fast path for lines without
 * quotes; quoted fields may contain delimiters, doubled quotes and line breaks (RFC 4180). An unclosed
 * quote, or a record longer than `maxRecord` characters, is a DataError naming `file` and the line.
 */
export function* delimitedRows(
  text: string,
  delimiter: string,
  options: { file?: string; maxRecord?: number } = {},
): Generator<{ line: number; fields: string[] }> {
  const { file, maxRecord = MAX_RECORD_CHARS } = options;
  const where = (at: number) => (file === undefined ? `line ${at}` : `${file}:${at}`);
  const tooLong = (at: number) =>
    new DataError(
      `${where(at)}: more than ${maxRecord.toLocaleString('en-US')} characters in one record: not a row of a table (wrong file, or an unclosed quote?)`,
      { file, line: at },
    );
  let pos = 0;
  let line = 1;
  const n = text.length;
  while (pos < n) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = n;
    const startLine = line;
    if (end - pos > maxRecord) throw tooLong(startLine);
    let raw = text.slice(pos, end);
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
    const limit = Math.min(n, pos + maxRecord + 1);
    for (; i < limit; i++) {
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
    if (i === limit && limit < n) throw tooLong(startLine);
    fields.push(field);
    pos = i + 1;
    line++;
    if (inQuotes) {
      throw new DataError(`${where(startLine)}: a quoted field is never closed (file truncated?)`, {
        file,
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
      `${file}: missing column${missing.length > 1 ? 's' : ''} ${missing.map((c) => `"${c}"`).join(', ')} (found: ${quoteList(header)})`,
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
    throw new DataError(
      `${file}:${line}: column ${quote(column)}: ${quote(raw)} is not a number (expected a count)`,
      {
        file,
        line,
        field: column,
      },
    );
  }
  if (v < 0) {
    throw new DataError(`${file}:${line}: column ${quote(column)}: ${v} is negative (expected a count ≥ 0)`, {
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
