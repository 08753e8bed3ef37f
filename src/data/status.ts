import type { LoadedPanel } from './panel/cache.js';
import { seriesFirstMonth, seriesLastMonth } from './panel/series.js';

/**
 * What the data cache holds (`atalaya data status --json`, `GET /api/data/status`): each series with its
 * level, coverage, vintage, size and warnings, and what the import skipped or flagged.
 */
export interface DataStatus {
  version: string;
  created: string;
  source: string;
  series: {
    id: string;
    level: string;
    first: string;
    last: string;
    vintage: string;
    rows: number;
    areas: number;
    unit: string;
    file: string;
    warnings: string[];
    droppedMonths: string[];
    incompleteMonths: string[];
  }[];
  skipped: LoadedPanel['manifest']['skipped'];
  issues: LoadedPanel['manifest']['issues'];
}

export function dataStatus(loaded: LoadedPanel): DataStatus {
  const { panel, manifest, version } = loaded;
  return {
    version,
    created: manifest.created,
    source: manifest.source,
    series: panel.series.map((s) => ({
      id: s.meta.id,
      level: s.meta.level,
      first: seriesFirstMonth(s),
      last: seriesLastMonth(s),
      vintage: s.meta.vintage,
      rows: s.meta.rows,
      areas: s.areas.length,
      unit: s.meta.unit,
      file: s.meta.file,
      warnings: s.meta.warnings.map((w) => w.message),
      droppedMonths: s.meta.droppedMonths ?? [],
      incompleteMonths: s.meta.incompleteMonths ?? [],
    })),
    skipped: manifest.skipped,
    issues: manifest.issues,
  };
}
