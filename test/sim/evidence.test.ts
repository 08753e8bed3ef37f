import { expect, it } from 'vitest';
import { readCsvTable } from '../../src/data/csv-table.js';
import { PARAMS } from '../../src/sim/params.js';
import { describeWithData, sharedPath } from '../helpers/shared-data.js';

/** Parameters computed from real files are recomputed here from those files. */
describeWithData('parameters derived from the shared data', () => {
  it('deaths per confrontation (CIDE-PPD 2006–2011) equal confrontationDeathsPerOp', () => {
    const t = readCsvTable(sharedPath('ppd_violence_events_2006_2011', 'AllViolenceData_170216.csv'), {
      required: ['total.people.dead', 'source'],
    });
    // The event type (confrontation or aggression) is in the column named "source" of this derived file.
    const byType = (type: string) => t.rows.filter((r) => r.source === type);
    const confrontations = byType('confrontations');
    const aggressions = byType('aggressions');
    expect(confrontations).toHaveLength(3835);
    expect(aggressions).toHaveLength(1561);
    const deaths = confrontations.reduce((a, r) => a + Number(r['total.people.dead']), 0);
    expect(deaths).toBe(5435);
    expect(deaths / confrontations.length).toBeCloseTo(PARAMS.confrontationDeathsPerOp.value, 2);
  });

  it('lasting incapacitation share = η / arrests in 2021 (Trends2012_2021.csv)', () => {
    const t = readCsvTable(sharedPath('networks', 'mexico_cartels_2020', 'Trends2012_2021.csv'), {
      required: ['YEAR', 'arrests'],
    });
    const arrests2021 = Number(t.rows.find((r) => r.YEAR === '2021')!.arrests);
    expect(arrests2021).toBe(119252);
    expect(PARAMS.eta.value / (arrests2021 / 52)).toBeCloseTo(PARAMS.lastingShare.value, 3);
  });
});
