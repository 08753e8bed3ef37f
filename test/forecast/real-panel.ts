import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { importData } from '../../src/data/import.js';
import { type LoadedPanel, readPanel } from '../../src/data/panel/cache.js';
import { sharedPath } from '../helpers/shared-data.js';

/**
 * The files a municipal forecast needs, imported into a fresh cache: INEGI death-certificate homicides by
 * municipality and month (2000–2019), CONAPO and census population, and the municipal geometry (for
 * adjacency and maps). Call inside a `describeWithData` block (it reads ../shared/data).
 */
export const FORECAST_FILES = [
  'inegi_homicides_gargiulo/mexico-muni-month-homicide-rates-2000-2019.csv.gz',
  'conapo_population_lapanquecita/poblacion_municipal_total.csv',
  'census2020_mxmaps/censo2020_poblacion_municipal.csv',
  'geo_mxmaps/mxmunicipio.topojson',
] as const;

/** SESNSP municipal carpetas 2024-01..2025-06 (the short series the present starts from). */
export const SESNSP_MUNICIPAL =
  'sesnsp_municipal_partial_sebrodriguezh/violencia_homicida_municipal_nacional_2024_2025.csv';

export function importForecastPanel(files: readonly string[] = FORECAST_FILES): LoadedPanel {
  const dir = mkdtempSync(join(tmpdir(), 'atalaya-forecast-data-'));
  for (const file of files) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    copyFileSync(sharedPath(...file.split('/')), join(dir, file));
  }
  const home = mkdtempSync(join(tmpdir(), 'atalaya-forecast-home-'));
  importData({ dir, home });
  return readPanel(home);
}
