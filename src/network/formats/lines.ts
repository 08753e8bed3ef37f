import { DataError } from '../../data/errors.js';
import { delimitedRows } from '../../data/formats/text.js';

/**
 * Line handling shared by the network readers. Files come from Windows (CRLF), Unix (LF) and old Mac
 * exports (CR only: one staged Montagna file has no other line break), so every reader first maps all
 * three to LF; line numbers in messages then match what an editor shows.
 */
export function normalizeNewlines(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

export interface TextLine {
  /** 1-based line number in the file. */
  line: number;
  text: string;
}

/** Non-blank lines with their numbers, without comment lines (first non-space character in `comments`). */
export function contentLines(text: string, comments = '#%'): TextLine[] {
  return [...eachContentLine(text, comments)];
}

/**
 * `contentLines` one at a time, so that a reader that refuses a file early (a member too many, a
 * malformed line) never splits the rest of it: a hostile edge list may have millions of lines.
 */
export function* eachContentLine(text: string, comments = '#%'): Generator<TextLine> {
  const body = normalizeNewlines(text);
  let line = 1;
  for (let pos = 0; pos <= body.length; line++) {
    let end = body.indexOf('\n', pos);
    if (end < 0) end = body.length;
    const t = body.slice(pos, end).trim();
    pos = end + 1;
    if (t !== '' && !comments.includes(t[0])) yield { line, text: t };
  }
}

/** At most `max` characters of a file's text for a message, so no message echoes a whole hostile line. */
export function clip(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/**
 * Split a line on whitespace, keeping double-quoted tokens whole (Pajek labels, ids with spaces). A
 * quote that is never closed is an error at that line.
 */
export function whitespaceTokens(text: string, file: string, line: number): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|(\S+)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[2]?.includes('"')) {
      throw new DataError(
        `${file}:${line}: unbalanced quote in "${clip(m[2])}" (expected "a quoted label")`,
        {
          file,
          line,
        },
      );
    }
    out.push(m[1] ?? m[2]);
  }
  return out;
}

/** Delimited rows (quotes allowed) with line numbers; a quote never closed is an error naming the file. */
export function csvRows(text: string, delimiter: string, file: string): { line: number; fields: string[] }[] {
  try {
    return [...delimitedRows(normalizeNewlines(text), delimiter)].filter((r) =>
      r.fields.some((f) => f.trim() !== ''),
    );
  } catch (err) {
    if (err instanceof DataError) {
      const line = err.location.line;
      throw new DataError(`${file}:${line ?? ''}: ${err.message.replace(/^line \d+: /, '')}`, { file, line });
    }
    throw err;
  }
}

/** A tie weight from a cell: a finite number ≥ 0, else an error naming file, line and column. */
export function parseWeight(raw: string, file: string, line: number | undefined, column: string): number {
  const where = line === undefined ? file : `${file}:${line}`;
  const s = raw.trim();
  const v = s === '' ? Number.NaN : Number(s);
  if (!Number.isFinite(v)) {
    throw new DataError(
      `${where}: ${column}: "${clip(raw)}" is not a number (expected a tie weight ≥ 0, 0 = no tie)`,
      { file, line, field: column },
    );
  }
  if (v < 0) {
    throw new DataError(`${where}: ${column}: negative weight ${v} (expected a tie weight ≥ 0)`, {
      file,
      line,
      field: column,
    });
  }
  return v;
}

/** "a, b, c and 7 more": a short list for messages. */
export function listSome(items: readonly string[], max = 10): string {
  const shown = items.slice(0, max).join(', ');
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}
