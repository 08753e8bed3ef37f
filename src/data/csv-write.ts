/** A CSV field (RFC 4180): quoted, with quotes doubled, only when it holds a comma, quote or line break. */
export function csvField(value: string | number): string {
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A CSV document: a header line, then one line per row, ending with a newline. */
export function csvText(columns: readonly string[], rows: Iterable<readonly (string | number)[]>): string {
  const lines = [columns.map(csvField).join(',')];
  for (const row of rows) lines.push(row.map(csvField).join(','));
  return `${lines.join('\n')}\n`;
}
