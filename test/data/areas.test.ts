import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { importData } from '../../src/data/import.js';
import { readPanel } from '../../src/data/panel/cache.js';
import { describeWithData, sharedPath } from '../helpers/shared-data.js';

/** The reference data: geometry, adjacency, population, census, and the gaps between them. */
describeWithData('areas from the shared reference files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'atalaya-ref-'));
  for (const d of ['geo_mxmaps', 'conapo_population_lapanquecita', 'census2020_mxmaps'])
    cpSync(sharedPath(d), join(dir, d), { recursive: true });
  const home = mkdtempSync(join(tmpdir(), 'atalaya-home-'));
  const report = importData({ dir, home });
  const { panel } = readPanel(home);
  const areas = panel.areas;

  it('reads 2,469 municipalities from the geometry, with a symmetric adjacency and no self-neighbours', () => {
    expect(areas.adjacencyCodes).toHaveLength(2469);
    const codes = areas.adjacencyCodes;
    const set = new Set<string>();
    codes.forEach((code) => {
      const nb = areas.neighbors(code);
      expect(nb, code).not.toContain(code);
      for (const other of nb) {
        expect(areas.neighbors(other), `${code}–${other}`).toContain(code);
        set.add([code, other].sort().join('-'));
      }
    });
    // Juárez (08037) borders Ahumada (08001) and Guadalupe (08028), among others.
    expect(areas.neighbors('08037')).toEqual(expect.arrayContaining(['08001', '08028']));
    expect(set.size).toBeGreaterThan(6000);
  });

  it('has no isolated municipality in this geometry (INEGI boundaries reach into coastal waters)', () => {
    // Cozumel (23001), an island, borders Solidaridad (23008) through its maritime boundary.
    expect(areas.neighbors('23001')).toEqual(['23008']);
    expect(report.issues.some((i) => /share no border/.test(i.message))).toBe(false);
  });

  it('joins CONAPO population and census names, and reports the known gaps', () => {
    expect(areas.populationOf('08037', 2020)).toBeGreaterThan(1_400_000);
    expect(areas.populationOf('09', 2020)).toBe(9332593);
    expect(areas.municipalities.get('09015')?.name).toBe('Cuauhtémoc');
    // Municipalities created after the geometry: in the projections or census but not in the map.
    const gaps = areas.gaps();
    expect(gaps.notInGeometry).toEqual(expect.arrayContaining(['04013']));
    const warning = report.issues.find((i) => /not in the geometry/.test(i.message));
    expect(warning?.message).toContain('04013');
    // National population 2020 from the municipal projections: 128,209,170 (SOURCES.md).
    let sum = 0;
    for (const [code, years] of areas.population) if (code.length === 5) sum += years.get(2020) ?? 0;
    expect(sum).toBe(128209170);
  });

  it('matches municipality names with and without accents and abbreviations', () => {
    expect(areas.municipalityByName('08', 'Juárez')).toBe('08037');
    expect(areas.municipalityByName('08', 'JUAREZ')).toBe('08037');
    expect(areas.municipalityByName('09', 'Cuauhtemoc')).toBe('09015');
  });
});

it('reports municipalities without neighbours (islands) and keeps them with an empty neighbour list', () => {
  // Three squares: 01001 and 01002 share an edge (arc 1), 01003 stands alone.
  const topo = {
    type: 'Topology',
    arcs: [
      [
        [0, 0],
        [1, 0],
      ],
      [
        [1, 0],
        [1, 1],
      ],
      [
        [1, 1],
        [0, 1],
        [0, 0],
      ],
      [
        [1, 0],
        [2, 0],
        [2, 1],
        [1, 1],
      ],
      [
        [5, 5],
        [6, 5],
        [6, 6],
        [5, 6],
        [5, 5],
      ],
    ],
    objects: {
      municipios: {
        type: 'GeometryCollection',
        geometries: [
          { type: 'Polygon', arcs: [[0, 1, 2]], properties: { id: '01001' } },
          { type: 'Polygon', arcs: [[3, ~1]], properties: { id: '01002' } },
          { type: 'Polygon', arcs: [[4]], properties: { id: '01003' } },
        ],
      },
    },
  };
  const dir = mkdtempSync(join(tmpdir(), 'atalaya-topo-'));
  writeFileSync(join(dir, 'map.json'), JSON.stringify(topo));
  const home = mkdtempSync(join(tmpdir(), 'atalaya-home-'));
  const report = importData({ dir, home });
  const { panel } = readPanel(home);
  expect(panel.areas.neighbors('01001')).toEqual(['01002']);
  expect(panel.areas.neighbors('01003')).toEqual([]);
  expect(report.issues.find((i) => /share no border/.test(i.message))?.message).toContain('01003');
});
