import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sharedPath } from './shared-data.js';

export interface CellEdit {
  /** First day of the month, as the file writes it: `2023-05-01`. */
  date: string;
  state: string;
  crime: string;
  add: number;
}

/**
 * Two copies of the real SESNSP time-series file (`sesnsp_lapanquecita/timeseries_victimas.csv`) in a new
 * folder: `a.csv` as published, `b.csv` with the given cells changed (the national row with them) and one
 * more month, 2025-02, filled with January's values, so that it reads as a later release (2025-02).
 */
export function revisedTimeseriesCopies(edits: CellEdit[]): string {
  const original = readFileSync(sharedPath('sesnsp_lapanquecita', 'timeseries_victimas.csv'), 'utf8').split(
    '\n',
  );
  const key = (l: string) => l.split(',').slice(1, 3).join(',');
  const january = new Map(original.filter((l) => l.startsWith('2025-01-01,')).map((l) => [key(l), l]));
  const revised = original.map((l) => {
    const parts = l.split(',');
    for (const e of edits) {
      if (parts[0] === e.date && parts[2] === e.crime && (parts[1] === e.state || parts[1] === 'Nacional')) {
        parts[3] = String(Number(parts[3]) + e.add);
      }
    }
    const jan = parts[0] === '2025-02-01' ? january.get(key(l)) : undefined;
    return jan ? `2025-02-01,${jan.split(',').slice(1).join(',')}` : parts.join(',');
  });
  const dir = mkdtempSync(join(tmpdir(), 'atalaya-rev-'));
  writeFileSync(join(dir, 'a.csv'), original.join('\n'));
  writeFileSync(join(dir, 'b.csv'), revised.join('\n'));
  return dir;
}
