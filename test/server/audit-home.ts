import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importData } from '../../src/data/import.js';
import { sharedPath } from '../helpers/shared-data.js';

/**
 * A cache holding only what the audit reads, as test/audit/audit-real.test.ts imports it: SESNSP state
 * victims (releases 2024-08 and 2025-06), RNPDNO (not located, located dead) and INEGI homicides by state.
 * Shared by the API tests (test/server/audit*.test.ts) and the Audit page's end-to-end test.
 */
export function importAuditHome(): string {
  const dir = mkdtempSync(join(tmpdir(), 'atalaya-audit-data-'));
  const link = (parts: string[], to: string) => {
    mkdirSync(join(dir, to, '..'), { recursive: true });
    symlinkSync(sharedPath(...parts), join(dir, to));
  };
  const victims = 'db_victimas_delitos_ent_long.csv.bz2';
  link(['sesnsp_state_victims_arroyov', 'vintage_2024-08', victims], 'v1/victims.csv.bz2');
  link(['sesnsp_state_victims_arroyov', 'vintage_2025-06', victims], 'v2/victims.csv.bz2');
  link(['rnpdno_municipal_monthly', 'rnpdno_disappeared_not_located.csv'], 'rnpdno/not-located.csv');
  link(['rnpdno_municipal_monthly', 'rnpdno_located_dead.csv'], 'rnpdno/located-dead.csv');
  link(['inegi_homicides_gargiulo', 'mexico-state-month-homicide-rates-2000-2022.csv'], 'inegi/state.csv');
  const home = mkdtempSync(join(tmpdir(), 'atalaya-audit-home-'));
  importData({ dir, home });
  return home;
}
