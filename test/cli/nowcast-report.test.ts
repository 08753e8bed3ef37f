import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAtalaya } from '../helpers/run-main.js';

/**
 * `atalaya nowcast --report FILE --lang en|es` through the real entry point (in-process): the report written
 * atomically, the terminal view only when --out or --json asks for it (as `compare --report`), and exit 2
 * with a message for a bad --lang or a path that cannot be written, before the filter runs.
 */
const tmp = () => mkdtempSync(join(tmpdir(), 'atalaya-nowcast-report-'));

function tiny(home: string): string[] {
  return [
    'nowcast',
    '--home',
    home,
    '--builtin',
    '--network',
    'builtin',
    '--until',
    '2016-12',
    '--particles',
    '8',
  ];
}

describe('atalaya nowcast --report', () => {
  it('--help names --report and --lang with an example', async () => {
    const r = await runAtalaya(['nowcast', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--report <file.html>');
    expect(r.stdout).toContain('--lang <en|es>');
    expect(r.stdout).toContain('atalaya nowcast --report nowcast.html --lang es');
  });

  it('writes the report (Spanish with --lang es) and exits 0; --out keeps the terminal view', async () => {
    const dir = tmp();
    const file = join(dir, 'sub', 'nowcast.html');
    const r = await runAtalaya([...tiny(dir), '--report', file, '--lang', 'es']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`wrote ${file}`);
    expect(r.stdout).toBe('');
    const html = readFileSync(file, 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="es">/);
    expect(html).toContain('Cómo el filtro encontró los datos');
    expect(html).toContain('ene 2015 a dic 2016 (24 meses)');
    for (const id of ['national', 'states', 'filter', 'settings'])
      expect(html).toContain(`<section id="${id}"`);
    expect(html).not.toContain(dir);
    // Written atomically: no temporary file left beside it.
    expect(readdirSync(join(dir, 'sub'))).toEqual(['nowcast.html']);

    const out = join(dir, 'nowcast.txt');
    const both = await runAtalaya([...tiny(dir), '--report', join(dir, 'en.html'), '--out', out]);
    expect(both.code, both.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/^Atalaya — nowcast/);
    expect(readFileSync(join(dir, 'en.html'), 'utf8')).toContain('<html lang="en">');

    const json = await runAtalaya([...tiny(dir), '--report', join(dir, 'j.html'), '--json']);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ from: '2015-01', to: '2016-12', particles: 8 });
    expect(existsSync(join(dir, 'j.html'))).toBe(true);
  });

  it('refuses a bad --lang and a path that cannot be written, with exit 2', async () => {
    const dir = tmp();
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    const cases: [string[], RegExp][] = [
      [['--report', join(dir, 'r.html'), '--lang', 'fr'], /--lang must be one of en, es/],
      [['--report', dir], /is a folder/],
      [['--report', `${join(dir, 'new')}/`], /expected an HTML file name/],
      [['--report', join(file, 'r.html')], /a folder on its path is a file/],
      [['--report', join(dir, 'same.txt'), '--out', join(dir, 'same.txt')], /the same file as --out/],
    ];
    for (const [args, message] of cases) {
      const r = await runAtalaya([...tiny(dir), ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(r.stdout).toBe('');
    }
    expect(readdirSync(dir).sort()).toEqual(['a-file']);
  });
});
