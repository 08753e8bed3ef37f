import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { importData } from '../../src/data/import.js';
import { readPanel } from '../../src/data/panel/cache.js';
import { aggregate, revisions, yearly } from '../../src/data/panel/panel.js';
import { revisedTimeseriesCopies } from '../helpers/revised-copy.js';
import { describeWithData, sharedPath } from '../helpers/shared-data.js';

describeWithData('vintages and revisions', () => {
  it('the two SESNSP vintages (2024-08, 2025-06) are kept side by side and their revisions found', () => {
    const dir = mkdtempSync(join(tmpdir(), 'atalaya-vint-'));
    for (const v of ['vintage_2024-08', 'vintage_2025-06']) {
      mkdirSync(join(dir, v));
      copyFileSync(
        sharedPath('sesnsp_state_victims_arroyov', v, 'db_victimas_delitos_ent_long.csv.bz2'),
        join(dir, v, 'victims.csv.bz2'),
      );
    }
    const home = mkdtempSync(join(tmpdir(), 'atalaya-home-'));
    importData({ dir, home });
    const { panel } = readPanel(home);
    const id = 'sesnsp.victims.homicidio-doloso';
    expect(panel.all(id).map((s) => s.meta.vintage)).toEqual(['2025-06', '2024-08']);
    const older = panel.get(id, { vintage: '2024-08' });
    const newer = panel.get(id, { vintage: '2025-06' });
    // National 2023: 29,710 in the 2024-08 release, 29,721 in 2025-06 (SOURCES.md).
    const year2023 = (s: typeof older) => {
      const y = yearly(aggregate(s, 'national'));
      return y.values[y.years.indexOf(2023)];
    };
    expect(year2023(older)).toBe(29710);
    expect(year2023(newer)).toBe(29721);
    const changes = revisions(older, newer);
    expect(changes.length).toBeGreaterThan(0);
    // Revisions only touch months the older release covered.
    for (const c of changes) expect(c.month <= '2024-08').toBe(true);
    const net2023 = changes
      .filter((c) => c.month.startsWith('2023'))
      .reduce((a, c) => a + (c.after - c.before), 0);
    expect(net2023).toBe(11);
  });

  it('a synthetic revision between two copies of a real file is detected exactly', () => {
    // Copy 2: Jalisco, homicidio doloso, 2023-05 plus 7, and one more month so that it is a later release.
    const dir = revisedTimeseriesCopies([
      { date: '2023-05-01', state: 'Jalisco', crime: 'Homicidio doloso', add: 7 },
    ]);
    const home = mkdtempSync(join(tmpdir(), 'atalaya-home-'));
    importData({ dir, home });
    const { panel } = readPanel(home);
    const id = 'sesnsp.victims.homicidio-doloso';
    const vintages = panel.all(id).map((s) => s.meta.vintage);
    expect([...new Set(vintages)].sort()).toEqual(['2025-01', '2025-02']);
    const older = panel.get(id, { vintage: '2025-01', level: 'state' });
    const newer = panel.get(id, { vintage: '2025-02', level: 'state' });
    expect(revisions(older, newer)).toEqual([
      { area: '14', month: '2023-05', before: expect.any(Number), after: expect.any(Number) },
    ]);
    const [c] = revisions(older, newer);
    expect(c.after - c.before).toBe(7);
  });
});
