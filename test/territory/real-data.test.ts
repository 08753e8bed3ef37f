import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { loadGroupNetwork } from '../../src/data/cartel-network.js';
import { importData } from '../../src/data/import.js';
import { readPanel } from '../../src/data/panel/cache.js';
import type { Panel } from '../../src/data/panel/panel.js';
import { CIDE_EVENT_SERIES, cideCheck } from '../../src/territory/cide-check.js';
import { contestation, rankAreas } from '../../src/territory/contestation.js';
import { namesAPerson } from '../../src/territory/groups.js';
import { readTerritoryCsv, territoryCsv } from '../../src/territory/layer.js';
import { layerFromNetwork, networkGroupNames } from '../../src/territory/network-layer.js';
import { describeWithData, sharedPath } from '../helpers/shared-data.js';
import { tempFile } from './fixtures.js';
import { territory } from './run-cli.js';

describeWithData('territory layer from the 2020 network (real files)', () => {
  it('puts the 150 groups in their home states with unique labels and the network’s rivalries', () => {
    const network = loadGroupNetwork(sharedPath('networks', 'mexico_cartels_2020'));
    const layer = layerFromNetwork(network);
    expect(layer.entries).toHaveLength(150);
    expect(new Set(layer.entries.map((e) => e.group)).size).toBe(150);
    // Groups named after a person are shown by their id: no person's name in any output.
    const named = network.groups.filter((g) => namesAPerson(g.name));
    expect(named.length).toBe(5);
    for (const g of named) expect(layer.entries.map((e) => e.group)).toContain(`group ${g.id}`);
    expect(layer.entries.some((e) => /Arvizo|Arzate|Balín|Reina del Sur|Moco/.test(e.group))).toBe(false);
    expect(layer.rivalries).toHaveLength(network.rivalries.length);
    expect(Math.max(...layer.rivalries!.map((r) => r.weight))).toBe(1);
    const back = readTerritoryCsv(tempFile('network.csv', territoryCsv(layer)), {
      areas: undefined,
      groups: networkGroupNames(network),
    });
    expect(back.entries).toEqual(layer.entries);
    const result = contestation({ layer }, '2020-01', { level: 'state' });
    expect(result.areas).toHaveLength(32);
    expect(result.areas.every((a) => Number.isFinite(a.score) && a.score >= 0)).toBe(true);
    // Every ranked area is explained by at least one rival pair (no shocks were given).
    expect(rankAreas(result).every((a) => a.pairs.length > 0)).toBe(true);
  });
});

describeWithData('CIDE-PPD 2006–2011 check (real events, population and adjacency)', () => {
  let home: string;
  let panel: Panel;

  beforeAll(() => {
    const dir = mkdtempSync(join(tmpdir(), 'atalaya-territory-data-'));
    for (const file of [
      'ppd_violence_events_2006_2011/AllViolenceData_170216.csv',
      'conapo_population_lapanquecita/poblacion_municipal_total.csv',
      'census2020_mxmaps/censo2020_poblacion_municipal.csv',
      'geo_mxmaps/mxmunicipio.topojson',
    ]) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      copyFileSync(sharedPath(...file.split('/')), join(dir, file));
    }
    home = mkdtempSync(join(tmpdir(), 'atalaya-territory-home-'));
    importData({ dir, home });
    panel = readPanel(home).panel;
  });

  it('uses every imported event and municipality, and gives finite, reproducible figures', () => {
    const imported = CIDE_EVENT_SERIES.map((id) => panel.get(id).values.reduce((a, b) => a + b, 0));
    const result = cideCheck(panel, { replicates: 400 });
    expect(result.months).toEqual({ first: '2006-12', last: '2011-11', count: 60 });
    expect(result.events.total).toBe(imported[0] + imported[1]);
    // The file has 5,396 events; 2 have no valid municipality code and are dropped at import.
    expect(result.events.total).toBe(5394);
    expect(result.events.used).toBe(result.events.total);
    expect(result.municipalities.used).toBe(panel.areas.municipalities.size);
    expect(result.municipalities.withEvents).toBeGreaterThan(500);
    const m = result.main;
    expect(m.events.contested + m.events.other).toBe(result.events.used);
    for (const x of [m.rateRatio, m.rate.contested, m.rate.other, result.spearman.rho])
      expect(Number.isFinite(x)).toBe(true);
    expect(m.share.events).toBeGreaterThan(0);
    expect(m.share.population).toBeGreaterThan(0);
    expect(result.bootstrap.low).toBeLessThanOrEqual(m.rateRatio);
    expect(result.bootstrap.high).toBeGreaterThanOrEqual(m.rateRatio);
    expect(Math.abs(result.spearman.rho)).toBeLessThanOrEqual(1);
    const again = cideCheck(panel, { replicates: 400 });
    expect(again.bootstrap).toEqual(result.bootstrap);
    expect(cideCheck(panel, { replicates: 400, seed: 2 }).bootstrap.low).not.toBe(result.bootstrap.low);
  });

  it('runs from the command line on the imported cache', async () => {
    const { stdout } = await territory(['cide-check', '--home', home, '--replicates', '200', '--json']);
    const result = JSON.parse(stdout);
    expect(result.events.total).toBe(5394);
    expect(result.bootstrap.replicates).toBe(200);
    const text = (
      await territory(['contested', '--historical', '--as-of', '2010-06', '--home', home, '--top', '5'])
    ).stdout;
    expect(text).toMatch(/Contestation by municipality, 2010-06/);
  });
});
