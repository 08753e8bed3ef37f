import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

/**
 * Golden outputs (as turf and Observable Plot keep theirs): what users see — terminal tables, HTML, SVG —
 * stored under test/golden/ and compared byte for byte. `REGEN=1 npx vitest run …` rewrites them on
 * purpose, and the diff is reviewed like code.
 */
const GOLDEN = fileURLToPath(new URL('../golden/', import.meta.url));

/** Compare with the stored file, or (REGEN=1) store the output. */
export function golden(name: string, actual: string): void {
  const file = `${GOLDEN}${name}`;
  if (process.env.REGEN === '1') {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  if (!existsSync(file)) throw new Error(`${name} is missing: run with REGEN=1 to write it`);
  const expected = readFileSync(file, 'utf8');
  if (actual === expected) return;
  // The first difference, with some context: a whole page in the failure message would hide it.
  let k = 0;
  while (k < actual.length && actual[k] === expected[k]) k++;
  const around = (text: string) => JSON.stringify(text.slice(Math.max(0, k - 60), k + 60));
  expect.fail(
    `${name} differs at character ${k} (REGEN=1 rewrites it)\n  expected: ${around(expected)}\n  actual:   ${around(actual)}`,
  );
}
