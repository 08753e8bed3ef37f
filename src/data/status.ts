import type { LoadedPanel } from './panel/cache.js';
import { seriesFirstMonth, seriesLastMonth } from './panel/series.js';
import { type Freshness, freshness, type PresentSeries, presentSeries } from './present.js';

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
    /** A readable name (the reader's title), for menus and chart titles. */
    title: string;
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
  /**
   * Where "now" is, per level: the homicide series with the newest complete month (data/present.ts), how
   * old that month is, and the other homicide series. The dashboard opens on it.
   */
  present: Partial<Record<'municipality' | 'state', PresentRow>>;
  skipped: LoadedPanel['manifest']['skipped'];
  issues: LoadedPanel['manifest']['issues'];
}

export interface PresentRow {
  series: string;
  vintage: string;
  month: string;
  /** Months of that series flagged provisional (revised as reports come in). */
  provisional: string[];
  freshness: Freshness;
  candidates: PresentSeries['candidates'];
}

function presentRows(loaded: LoadedPanel): DataStatus['present'] {
  const out: DataStatus['present'] = {};
  for (const level of ['municipality', 'state'] as const) {
    let p: PresentSeries;
    try {
      p = presentSeries(loaded.panel, { level });
    } catch {
      continue; // no forecastable homicide series at this level: the level has no "present"
    }
    const { series, vintage, month, provisional, candidates } = p;
    out[level] = { series, vintage, month, provisional, freshness: freshness(month), candidates };
  }
  return out;
}

export function dataStatus(loaded: LoadedPanel): DataStatus {
  const { panel, manifest, version } = loaded;
  return {
    version,
    created: manifest.created,
    source: manifest.source,
    series: panel.series.map((s) => ({
      id: s.meta.id,
      title: s.meta.title,
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
    present: presentRows(loaded),
    skipped: manifest.skipped,
    issues: manifest.issues,
  };
}
