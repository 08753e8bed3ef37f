import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/data/errors.js';
import { readTerritoryCsv } from '../../src/territory/layer.js';
import { readShocksCsv } from '../../src/territory/shocks.js';

/**
 * Territory layers and shock files (`--layer`, `--shocks`) are user files: any content is a layer, or a
 * DataError naming the file, never another exception; no message echoes an unbounded cell.
 */
const dir = mkdtempSync(join(tmpdir(), 'atalaya-hostile-territory-'));

const cell = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom(
    '08037',
    '08',
    '99',
    '2019-01',
    '2020-13',
    '0.5',
    '1.5',
    '-1',
    'NaN',
    '',
    '"',
    '""',
    'arrest',
    'split',
  ),
);
const row = (n: number) => fc.array(cell, { minLength: 0, maxLength: n }).map((cells) => cells.join(','));

function fuzzFile(header: string, read: (path: string) => unknown, name: string) {
  const path = join(dir, name);
  fc.assert(
    fc.property(
      fc.oneof(
        fc.string({ maxLength: 300 }),
        fc.array(row(8), { maxLength: 6 }).map((rows) => [header, ...rows].join('\n')),
        fc.array(row(8), { maxLength: 6 }).map((rows) => `\uFEFF${[header, ...rows].join('\r\n')}`),
      ),
      (text) => {
        writeFileSync(path, text);
        try {
          read(path);
        } catch (err) {
          expect(err).toBeInstanceOf(DataError);
          expect((err as Error).message).toContain(name);
          expect((err as Error).message.length).toBeLessThan(2_000);
        }
      },
    ),
    { seed: 20261203, numRuns: 600 },
  );
}

describe('fuzzing territory readers', () => {
  it('territory layer CSV', () => {
    fuzzFile(
      'area,group,start,end,confidence,source',
      (p) => readTerritoryCsv(p, { areas: undefined }),
      'layer.csv',
    );
  });

  it('shocks CSV', () => {
    fuzzFile('date,group,kind,strength,what,source', (p) => readShocksCsv(p), 'shocks.csv');
  });

  it('a 5 MB cell is quoted short in the message', () => {
    const path = join(dir, 'big.csv');
    writeFileSync(
      path,
      `area,group,start,end,confidence,source\n${'9'.repeat(5_000_000)},G,2019-01,,0.5,src\n`,
    );
    let message = '';
    try {
      readTerritoryCsv(path, { areas: undefined });
    } catch (err) {
      expect(err).toBeInstanceOf(DataError);
      message = (err as Error).message;
    }
    expect(message).toMatch(/big\.csv:2: field "area"/);
    expect(message.length).toBeLessThan(1_000);
  });
});
