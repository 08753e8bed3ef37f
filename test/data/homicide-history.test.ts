import { expect, it } from 'vitest';
import { readCsvTable } from '../../src/data/csv-table.js';
import { homicideHistory, INEGI_NATIONAL_HOMICIDES } from '../../src/data/homicide-history.js';
import { describeWithData, sharedPath } from '../helpers/shared-data.js';

describeWithData('INEGI national homicides used for calibration', () => {
  it('equal Trends2012_2021.csv (Prieto-Curiel et al.) for 2012–2021 within ±3', () => {
    const t = readCsvTable(sharedPath('networks', 'mexico_cartels_2020', 'Trends2012_2021.csv'), {
      required: ['YEAR', 'homicide'],
    });
    expect(t.rows).toHaveLength(10);
    for (const r of t.rows)
      expect(Math.abs(INEGI_NATIONAL_HOMICIDES[Number(r.YEAR)] - Number(r.homicide))).toBeLessThanOrEqual(3);
  });

  it('equal the final INEGI figures in facts/national_homicides_inegi.csv for 2012–2024', () => {
    const t = readCsvTable(sharedPath('facts', 'national_homicides_inegi.csv'), {
      required: ['year', 'homicides'],
    });
    const byYear = new Map(t.rows.map((r) => [Number(r.year), Number(r.homicides)]));
    for (const { year, value } of homicideHistory()) expect(value, String(year)).toBe(byYear.get(year));
  });
});
