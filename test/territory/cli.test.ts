import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../../src/cli/errors.js';
import { DataError } from '../../src/data/errors.js';
import { tempFile } from './fixtures.js';
import { territory } from './run-cli.js';

const emptyHome = () => mkdtempSync(join(tmpdir(), 'atalaya-territory-home-'));

describe('atalaya territory (command line, no imported data)', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('writes the historical example atomically and validates it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'atalaya-territory-out-'));
    const file = join(dir, 'layer.csv');
    const home = emptyHome();
    await territory(['example', '--historical', '--out', file, '--home', home]);
    const text = readFileSync(file, 'utf8');
    expect(text.startsWith('area,group,start,end,confidence,source\n')).toBe(true);
    const { stdout } = await territory(['validate', file, '--groups', 'historical', '--home', home]);
    expect(stdout).toMatch(
      /layer\.csv: valid — 19 entries, 7 groups, 13 state and 0 municipal areas, 2006-12 to 2011-12/,
    );
    expect(stdout).toMatch(/5-digit codes were checked for their state only/);
  });

  it('ranks contested states in 2010 with the pairs responsible', async () => {
    const { stdout } = await territory([
      'contested',
      '--historical',
      '--level',
      'state',
      '--as-of',
      '2010-06',
      '--json',
      '--home',
      emptyHome(),
    ]);
    const result = JSON.parse(stdout);
    expect(result.month).toBe('2010-06');
    const chihuahua = result.ranked.find((a: { area: string }) => a.area === '08');
    expect(chihuahua.contested).toBe(true);
    expect(chihuahua.pairs[0]).toMatchObject({
      group: 'Cártel de Sinaloa',
      rival: 'Cártel de Juárez',
      kind: 'same-area',
    });
    const text = (
      await territory([
        'contested',
        '--historical',
        '--level',
        'state',
        '--as-of',
        '2010-06',
        '--top',
        '3',
        '--home',
        emptyHome(),
      ])
    ).stdout;
    expect(text).toMatch(/Contestation by state, 2010-06, layer historical-2006-2011/);
    expect(text).toMatch(/Cártel de Sinaloa × Cártel de Juárez \(same area 0\.350\)/);
  });

  it('lists the dated events of a layer for an area, marking those of groups placed there', async () => {
    const { stdout } = await territory([
      'events',
      '--historical',
      '--area',
      '08',
      '--json',
      '--home',
      emptyHome(),
    ]);
    const answer = JSON.parse(stdout) as { layer: string; events: { date: string; groups: string[] }[] };
    expect(answer.layer).toBe('historical-2006-2011');
    // The four leadership removals of the 2006–2011 list; none hits Sinaloa or Juárez, the groups of Chihuahua.
    expect(answer.events.map((e) => e.date)).toEqual([
      '2008-10-26',
      '2009-12-16',
      '2010-11-05',
      '2011-06-21',
    ]);
    expect(answer.events.every((e) => e.groups.length === 0)).toBe(true);
    // Baja California holds the Tijuana organisation: its 2008 removal concerns it.
    const bc = await territory([
      'events',
      '--historical',
      '--area',
      '02',
      '--only-here',
      '--home',
      emptyHome(),
    ]);
    expect(bc.stdout).toMatch(/for area 02: 1, of which 1 concern/);
    await expect(territory(['events', '--area', '123'])).rejects.toThrow(/INEGI code of 2 or 5 digits/);
  });

  it('refuses bad requests clearly and writes nothing on error', async () => {
    await expect(
      territory(['contested', '--historical', '--layer', 'x.csv', '--level', 'state']),
    ).rejects.toThrow(UsageError);
    await expect(territory(['contested', '--historical', '--home', emptyHome()])).rejects.toThrow(
      /--level state does not/,
    );
    const bad = tempFile('bad.csv', 'area,group,start,end,confidence,source\n08,X,2010-01,,2,s\n');
    await expect(territory(['validate', bad, '--home', emptyHome()])).rejects.toThrow(DataError);
    await expect(territory(['validate', bad, '--home', emptyHome()])).rejects.toThrow(
      /bad\.csv:2: field "confidence"/,
    );
    const target = join(mkdtempSync(join(tmpdir(), 'atalaya-territory-out-')), 'never.csv');
    await expect(
      territory(['example', '--network', 'files', '--data', '/nonexistent', '--out', target]),
    ).rejects.toThrow(DataError);
    expect(existsSync(target)).toBe(false);
  });
});
