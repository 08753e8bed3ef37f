import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { fillMarkers, modelDocTables } from '../src/cli/commands/docs.js';

it('docs/MODEL.md carries the current parameter and lever tables (regenerate with `atalaya docs`)', () => {
  const text = readFileSync('docs/MODEL.md', 'utf8');
  const tables = modelDocTables();
  expect(fillMarkers(fillMarkers(text, 'params', tables.params), 'levers', tables.levers)).toBe(text);
});
