import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ImportError, importData } from '../../src/data/import.js';
import { currentVersion, panelDir, readPanel } from '../../src/data/panel/cache.js';

const POP_A =
  'CVE,Entidad,Municipio,2020,2021\n01001,Aguascalientes,Aguascalientes,100,110\n01002,Aguascalientes,Asientos,50,55\n';
const POP_B = 'CVE,Entidad,Municipio,2020,2021\n01001,Aguascalientes,Aguascalientes,200,210\n';

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'atalaya-data-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('the data cache', () => {
  it('a failed import leaves the previous cache in use and readable', () => {
    const home = mkdtempSync(join(tmpdir(), 'atalaya-home-'));
    const first = importData({ dir: folder({ 'pop.csv': POP_A }), home });
    expect(readPanel(home).panel.areas.populationOf('01001', 2020)).toBe(100);
    const bad = folder({
      'pop.csv': POP_B,
      'broken.csv': 'CVE,Entidad,Municipio,2020\n01003,Aguascalientes,Calvillo,-5\n',
    });
    let err: unknown;
    try {
      importData({ dir: bad, home });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ImportError);
    expect((err as Error).message).toMatch(/broken\.csv:2 \(column "2020"\): .*-5 is negative/);
    expect((err as Error).message).toMatch(/previous data is unchanged/);
    expect(currentVersion(home)).toBe(first.version);
    expect(readPanel(home).panel.areas.populationOf('01001', 2020)).toBe(100);
  });

  it('--keep-going imports the good files and records the bad ones as errors', () => {
    const home = mkdtempSync(join(tmpdir(), 'atalaya-home-'));
    const dir = folder({
      'pop.csv': POP_B,
      'broken.csv': 'CVE,Entidad,Municipio,2020\n1234567,Aguascalientes,X,5\n',
    });
    const report = importData({ dir, home, keepGoing: true });
    const errors = report.issues.filter((i) => i.severity === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: 'broken.csv', line: 2, column: 'CVE' });
    const { panel, manifest } = readPanel(home);
    expect(panel.areas.populationOf('01001', 2020)).toBe(200);
    expect(manifest.issues.some((i) => i.severity === 'error' && i.file === 'broken.csv')).toBe(true);
  });

  it('an interrupted import (half-written version, no pointer swap) is ignored, then cleaned up', () => {
    const home = mkdtempSync(join(tmpdir(), 'atalaya-home-'));
    const ok = importData({ dir: folder({ 'pop.csv': POP_A }), home });
    // What a crash mid-import leaves: a temporary folder with a partial manifest.
    const root = panelDir(home);
    mkdirSync(join(root, '.tmp-v-crashed'));
    writeFileSync(join(root, '.tmp-v-crashed', 'manifest.json'), '{"format": "atalaya-pa');
    expect(readPanel(home).version).toBe(ok.version);
    const next = importData({ dir: folder({ 'pop.csv': POP_B }), home });
    expect(readPanel(home).version).toBe(next.version);
    const left = readdirSync(root);
    expect(left.some((f) => f.startsWith('.tmp-'))).toBe(false);
    // The previous version is kept (one step of history), older ones pruned.
    expect(left.filter((f) => f.startsWith('v-')).sort()).toEqual([ok.version, next.version].sort());
  });

  it('says clearly when nothing was imported or the cache is damaged', () => {
    const empty = mkdtempSync(join(tmpdir(), 'atalaya-home-'));
    expect(() => readPanel(empty)).toThrow(/no imported data .* run `atalaya data import` first/);
    const home = mkdtempSync(join(tmpdir(), 'atalaya-home-'));
    const v = importData({ dir: folder({ 'pop.csv': POP_A }), home }).version;
    writeFileSync(join(panelDir(home), v, 'manifest.json'), '{not json');
    expect(() => readPanel(home)).toThrow(/unreadable .* run `atalaya data import` again/);
  });

  it('records each imported file with its detected format and encoding', () => {
    const home = mkdtempSync(join(tmpdir(), 'atalaya-home-'));
    const latin1 = Buffer.from('CVE,Entidad,Municipio,2020\n01001,Aguascalientes,Jesús María,7\n', 'latin1');
    const dir = folder({});
    writeFileSync(join(dir, 'pop-latin1.csv'), latin1);
    const report = importData({ dir, home });
    expect(report.files[0]).toMatchObject({
      file: 'pop-latin1.csv',
      format: 'conapo-municipal',
      encoding: 'latin-1',
    });
    expect(readPanel(home).panel.areas.municipalities.get('01001')?.name).toBe('Jesús María');
    expect(existsSync(join(panelDir(home), 'CURRENT'))).toBe(true);
    expect(readFileSync(join(panelDir(home), 'CURRENT'), 'utf8')).toBe(report.version);
  });
});
