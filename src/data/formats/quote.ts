/**
 * A value from the input as it appears in a message: JSON-quoted, so that quotes, line breaks and control
 * characters stay visible and cannot break the message's own lines; and cut to `max` characters with an
 * ellipsis and the original length, so that a 50 MB cell gives a one-line message, not a 50 MB one.
 * `length` is the original length when `value` is already a prefix of it.
 *
 * @example
 * quote('dos')                 // '"dos"'
 * quote('x'.repeat(5_000_000)) // '"xxxx…x…" (5,000,000 characters)'
 */
export function quote(value: string, max = 80, length = value.length): string {
  if (value.length <= max && length === value.length) return JSON.stringify(value);
  let head = value.slice(0, max);
  // Cutting between the halves of a surrogate pair would leave half a character.
  const last = head.charCodeAt(head.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) head = head.slice(0, -1);
  return `${JSON.stringify(`${head}…`)} (${length.toLocaleString('en-US')} characters)`;
}

/** A list of input values (a header's columns): each quoted, at most `maxItems` of them, then the count. */
export function quoteList(values: readonly string[], maxItems = 30, max = 40): string {
  const shown = values.slice(0, maxItems).map((v) => quote(v, max));
  return values.length > maxItems ? `${shown.join(', ')}, … (${values.length} in all)` : shown.join(', ');
}

/**
 * A value shown as is when it is short and plain (a code, a name: no quotes, no control characters),
 * else as `quote` shows it: for lists of examples, where quotes around every item would be noise.
 */
export function plain(value: string, max = 60): string {
  return value.length <= max && isPlain(value) ? value : quote(value, max);
}

function isPlain(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c === 0x7f || c === 0x22 || c === 0x5c) return false;
  }
  return true;
}
