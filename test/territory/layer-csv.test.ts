import { describe, expect, it } from 'vitest';
import { builtinGroupNetwork } from '../../src/data/builtin-network.js';
import { DataError } from '../../src/data/errors.js';
import { closeMatches, groupKey } from '../../src/territory/groups.js';
import { HISTORICAL_GROUPS, HISTORICAL_SHOCKS, historicalLayer } from '../../src/territory/historical.js';
import { readTerritoryCsv, territoryCsv } from '../../src/territory/layer.js';
import {
  layerFromNetwork,
  networkGroupNames,
  rivalriesFromNetwork,
} from '../../src/territory/network-layer.js';
import { readShocksCsv } from '../../src/territory/shocks.js';
import { smallRegistry, tempFile } from './fixtures.js';

const HEADER = 'area,group,start,end,confidence,source\n';
const GOOD = `${HEADER}08,X,2010-01,,0.8,test\n08002,Y,2010-01,2011-12,0.3,"Report, p. 3"\n`;
const GROUPS = ['X', 'Y', 'Los Zetas', 'Cártel de Sinaloa'];

const read = (text: string, withRegistry = true) =>
  readTerritoryCsv(tempFile('layer.csv', text), {
    areas: withRegistry ? smallRegistry() : undefined,
    groups: GROUPS,
  });

describe('territory CSV', () => {
  it('reads a valid file (BOM, quoted fields, open and closed ends)', () => {
    const layer = read(`\uFEFF${GOOD}`);
    expect(layer.entries).toEqual([
      { area: '08', group: 'X', start: '2010-01', confidence: 0.8, source: 'test' },
      {
        area: '08002',
        group: 'Y',
        start: '2010-01',
        end: '2011-12',
        confidence: 0.3,
        source: 'Report, p. 3',
      },
    ]);
    expect(layer.name).toBe('layer.csv');
  });

  it('names the file, line and field of every error, and what was expected', () => {
    const cases: [string, RegExp][] = [
      [`${HEADER}99,X,2010-01,,0.5,s\n`, /layer\.csv:2: field "area": "99" not a state code/],
      [
        `${HEADER}08,X,2010-01,,0.5,s\n08999,X,2010-01,,0.5,s\n`,
        /layer\.csv:3: field "area": "08999" not a municipality in the imported references/,
      ],
      [`${HEADER}8,X,2010-01,,0.5,s\n`, /:2: field "area": "8" expected an INEGI code/],
      [
        `${HEADER}08,Zetas Nuevos,2010-01,,0.5,s\n`,
        /:2: field "group": "Zetas Nuevos" unknown group; close matches: "Los Zetas"/,
      ],
      [
        `${HEADER}08,X,2010-13,,0.5,s\n`,
        /:2: field "start": "2010-13" expected the first month present as YYYY-MM/,
      ],
      [
        `${HEADER}08,X,2010-01,2010/12,0.5,s\n`,
        /:2: field "end": "2010\/12" expected the last month present as YYYY-MM/,
      ],
      [
        `${HEADER}08,X,2010-05,2010-04,0.5,s\n`,
        /:2: field "end": "2010-04" ends before it starts \(2010-05\)/,
      ],
      [`${HEADER}08,X,2010-01,,1.5,s\n`, /:2: field "confidence": "1.5" expected 0 to 1/],
      [`${HEADER}08,X,2010-01,,high,s\n`, /:2: field "confidence": "high" expected a number from 0 to 1/],
      [`${HEADER}08,X,2010-01,,0.5,\n`, /:2: field "source": "" expected a citation/],
      [
        `${HEADER}08,X,2010-01,,0.5,s\n08,X,2011-01,,0.5,s\n`,
        /:3: field "start": X in 08 overlaps the entry on line 2/,
      ],
      ['area,group,start,confidence,source\n08,X,2010-01,0.5,s\n', /missing column "end"/],
      [HEADER, /no entries after the header/],
    ];
    for (const [text, message] of cases) {
      expect(() => read(text)).toThrow(message);
      expect(() => read(text)).toThrow(DataError);
    }
  });

  it('without municipal references, checks only that a 5-digit code is in a real state', () => {
    expect(read(`${HEADER}08999,X,2010-01,,0.5,s\n`, false).entries).toHaveLength(1);
    expect(() => read(`${HEADER}40001,X,2010-01,,0.5,s\n`, false)).toThrow(/40 is not a state code/);
  });

  it('writes what it reads (round trip of both example layers)', () => {
    const historical = historicalLayer();
    const back = readTerritoryCsv(tempFile('h.csv', territoryCsv(historical)), {
      areas: undefined,
      groups: Object.values(HISTORICAL_GROUPS),
    });
    expect(back.entries).toEqual(historical.entries);
    const network = builtinGroupNetwork();
    const layer = layerFromNetwork(network);
    const again = readTerritoryCsv(tempFile('n.csv', territoryCsv(layer)), {
      areas: undefined,
      groups: networkGroupNames(network),
    });
    expect(again.entries).toEqual(layer.entries);
  });
});

describe('shocks CSV', () => {
  const SHOCK_HEADER = 'date,group,kind,source\n';
  it('reads dated shocks with default strength 1', () => {
    const shocks = readShocksCsv(
      tempFile('s.csv', `${SHOCK_HEADER}2010-11-05,X,leader-removal,press\n2011-02,Y,split,report\n`),
    );
    expect(shocks).toEqual([
      { date: '2010-11-05', group: 'X', kind: 'leader-removal', strength: 1, source: 'press' },
      { date: '2011-02', group: 'Y', kind: 'split', strength: 1, source: 'report' },
    ]);
  });

  it('names line and field of bad rows', () => {
    const bad = (row: string) => () =>
      readShocksCsv(tempFile('s.csv', `${SHOCK_HEADER}${row}\n`), { groups: ['X'] });
    expect(bad('2010-13-01,X,leader-removal,p')).toThrow(/s\.csv:2: field "date"/);
    expect(bad('2010-11-05,X,coup,p')).toThrow(
      /s\.csv:2: field "kind": "coup" expected one of leader-removal/,
    );
    expect(bad('2010-11-05,W,split,p')).toThrow(/s\.csv:2: field "group": "W" unknown group/);
  });
});

describe('example layers and rivalries', () => {
  it('the network layer puts each group in its home state from 2020 at confidence 0.5, with normalised rivalries', () => {
    const network = builtinGroupNetwork();
    const layer = layerFromNetwork(network);
    expect(layer.entries).toHaveLength(network.groups.length);
    expect(layer.entries[1]).toMatchObject({
      area: '25',
      group: 'Sinaloa',
      start: '2020-01',
      confidence: 0.5,
    });
    expect(layer.entries.every((e) => e.end === undefined && e.source === network.source.citation)).toBe(
      true,
    );
    expect(Math.max(...layer.rivalries!.map((r) => r.weight))).toBe(1);
    expect(layer.rivalries).toHaveLength(network.rivalries.length);
  });

  it('matches another layer’s groups to the network by name, never by mere similarity', () => {
    const network = builtinGroupNetwork();
    const layer = historicalLayer();
    const match = rivalriesFromNetwork(layer, network);
    expect(match.matched.get('Cártel de Sinaloa')).toBe(1);
    expect(network.groups[match.matched.get('Los Zetas')!].shortName).toBe('Zetas');
    expect(match.unmatched).toContain('Cártel de Tijuana (Arellano Félix)');
    const pairs = match.rivalries.map((r) => [r.a, r.b].sort().join(' × '));
    expect(pairs).toContain('Cártel de Sinaloa × Cártel de los Beltrán Leyva');
    expect(pairs).toContain('Cártel del Golfo × Los Zetas');
  });

  it('the historical layer is state level, 2006–2011, every entry and rivalry cited, confidences modest', () => {
    const layer = historicalLayer();
    expect(
      layer.entries.every((e) => e.area.length === 2 && e.start >= '2006-12' && e.end === '2011-12'),
    ).toBe(true);
    expect(layer.entries.every((e) => e.confidence > 0 && e.confidence <= 0.7 && e.source.length > 10)).toBe(
      true,
    );
    expect(new Set(layer.entries.map((e) => e.group))).toEqual(new Set(Object.values(HISTORICAL_GROUPS)));
    expect(layer.rivalries!.every((r) => r.source.length > 10 && r.weight > 0 && r.weight <= 1)).toBe(true);
    // Los Zetas only after the 2010 split; Beltrán Leyva only after the 2008 split.
    expect(layer.entries.filter((e) => e.group === 'Los Zetas').every((e) => e.start >= '2010-02')).toBe(
      true,
    );
    expect(
      layer.entries
        .filter((e) => e.group === 'Cártel de los Beltrán Leyva')
        .every((e) => e.start >= '2008-01'),
    ).toBe(true);
    expect(HISTORICAL_SHOCKS.every((s) => s.date >= '2006-12' && s.date <= '2011-12')).toBe(true);
  });

  it('group keys drop accents and generic prefixes; close matches are offered, not applied', () => {
    expect(groupKey('Cártel de Sinaloa')).toBe('sinaloa');
    expect(groupKey('Los Zetas')).toBe(groupKey('Zetas'));
    expect(groupKey('Cártel del Golfo')).toBe('golfo');
    expect(closeMatches('Zetaz', ['Los Zetas', 'CJNG'])).toEqual(['Los Zetas']);
    expect(closeMatches('Atlantis', ['Los Zetas', 'CJNG'])).toEqual([]);
  });
});
