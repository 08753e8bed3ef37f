import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AreaRegistry } from '../../src/data/areas.js';
import type { LayerRivalry, TerritoryLayer } from '../../src/territory/layer.js';

/**
 * A small synthetic map: three states (Chihuahua 08, Sinaloa 25, Durango 10) with six municipalities and
 * hand-made borders:
 *
 *   10001 — 08001 — 08002 — 08003 — 25001 — 25002
 *
 * 08003–25001 and 08001–10001 cross state lines; the rest are within a state.
 */
export const CODES = ['08001', '08002', '08003', '10001', '25001', '25002'];
const EDGES: [string, string][] = [
  ['10001', '08001'],
  ['08001', '08002'],
  ['08002', '08003'],
  ['08003', '25001'],
  ['25001', '25002'],
];

export function smallRegistry(): AreaRegistry {
  const areas = new AreaRegistry();
  for (const code of CODES) areas.addMunicipality(code, `Municipio ${code}`, 'geometry');
  const lists = CODES.map((c) =>
    EDGES.flatMap(([a, b]) => (a === c ? [b] : b === c ? [a] : [])).map((n) => CODES.indexOf(n)),
  );
  const ptr = new Int32Array(CODES.length + 1);
  lists.forEach((l, i) => {
    ptr[i + 1] = ptr[i] + l.length;
  });
  areas.setAdjacency([...CODES], ptr, Int32Array.from(lists.flat()));
  for (const code of CODES) areas.setPopulation(code, 2010, 10000);
  return areas;
}

/** X holds Chihuahua (0.8), Y Sinaloa (0.5), Z Durango (0.6); X–Y are rivals (1), Y–Z too (0.5). */
export const RIVALRIES: LayerRivalry[] = [
  { a: 'X', b: 'Y', weight: 1, source: 'test' },
  { a: 'Y', b: 'Z', weight: 0.5, source: 'test' },
];

export function stateLayer(): TerritoryLayer {
  return {
    name: 'test',
    source: 'test',
    entries: [
      { area: '08', group: 'X', start: '2010-01', confidence: 0.8, source: 'test' },
      { area: '25', group: 'Y', start: '2010-01', confidence: 0.5, source: 'test' },
      { area: '10', group: 'Z', start: '2010-01', confidence: 0.6, source: 'test' },
    ],
    rivalries: RIVALRIES,
  };
}

export function tempFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'atalaya-territory-'));
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}
