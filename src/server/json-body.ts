/**
 * How deeply a JSON text nests, measured on the text before parsing: the parser copes with any depth, but
 * everything after it (zod, structuredClone, the scenario loader) recurses, and 10,000 levels overflow the
 * stack. No body of this API nests past a handful of levels (a scenario's `policies.0.options.x` is five).
 */
export const MAX_JSON_DEPTH = 32;

/** The largest nesting of arrays and objects in `text` (brackets inside strings do not count). */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > max) max = depth;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return max;
}
