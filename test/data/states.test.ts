import { readFileSync } from 'node:fs';
import { neighbors } from 'topojson-client';
import type { Topology } from 'topojson-specification';
import { describe, expect, it } from 'vitest';
import { readCsvTable } from '../../src/data/csv-table.js';
import { NATIONAL_POPULATION_TABLE, nationalPopulation } from '../../src/data/population.js';
import { STATES, stateCodeByName } from '../../src/data/states.js';
import { describeWithData, sharedPath } from '../helpers/shared-data.js';

describe('states', () => {
  it('has the 32 states with symmetric adjacency', () => {
    expect(STATES).toHaveLength(32);
    for (const s of STATES) {
      for (const n of s.neighbors) {
        const other = STATES.find((x) => x.code === n)!;
        expect(other.neighbors, `${s.code}–${n}`).toContain(s.code);
      }
    }
  });

  it('matches names with or without accents and official long forms', () => {
    expect(stateCodeByName('Michoacán')).toBe('16');
    expect(stateCodeByName('MICHOACAN DE OCAMPO')).toBe('16');
    expect(stateCodeByName('Veracruz de Ignacio de la Llave')).toBe('30');
    expect(stateCodeByName('Estado de México')).toBe('15');
    expect(stateCodeByName('México')).toBe('15');
    expect(stateCodeByName('Ciudad de México')).toBe('09');
    expect(stateCodeByName('Atlantis')).toBeUndefined();
  });

  it('interpolates national population between mid-year values', () => {
    expect(nationalPopulation(2020.5)).toBe(NATIONAL_POPULATION_TABLE[2020]);
    expect(nationalPopulation(2021)).toBeCloseTo(
      (NATIONAL_POPULATION_TABLE[2020] + NATIONAL_POPULATION_TABLE[2021]) / 2,
      0,
    );
  });
});

describeWithData('states against the shared data', () => {
  it('adjacency equals the borders of INEGI state geometry (mxstate.topojson)', () => {
    const topo = JSON.parse(readFileSync(sharedPath('geo_mxmaps', 'mxstate.topojson'), 'utf8')) as Topology;
    const obj = topo.objects.state as unknown as { geometries: { properties: { id: string } }[] };
    const nb = neighbors(obj.geometries as never);
    const ids = obj.geometries.map((g) => g.properties.id);
    ids.forEach((id, i) => {
      const fromGeometry = [...new Set(nb[i].map((j) => ids[j]).filter((x) => x !== id))].sort();
      expect([...STATES.find((s) => s.code === id)!.neighbors].sort(), `state ${id}`).toEqual(fromGeometry);
    });
  });

  it('2020 population and national totals equal the CONAPO file', () => {
    const t = readCsvTable(sharedPath('conapo_population_lapanquecita', 'poblacion_entidad_total.csv'), {
      required: ['ENTIDAD', '2020'],
    });
    for (const row of t.rows) {
      const code = stateCodeByName(row.ENTIDAD)!;
      expect(STATES.find((s) => s.code === code)!.population2020, row.ENTIDAD).toBe(Number(row['2020']));
    }
    for (const [year, value] of Object.entries(NATIONAL_POPULATION_TABLE)) {
      const sum = t.rows.reduce((acc, r) => acc + Number(r[year]), 0);
      expect(value, `national ${year}`).toBe(sum);
    }
  });
});
