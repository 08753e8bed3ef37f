import type { AreaRegistry } from './areas.js';
import { areaName } from './export.js';
import { yearly } from './panel/panel.js';
import type { Series } from './panel/series.js';

/**
 * The areas with the most events in a year and their share of the national total: e.g. the deadliest
 * municipalities (Mexico's 2024 security strategy prioritised the ten deadliest cities, which held about a
 * quarter of homicides). Unknown-municipality codes (…999) are counted in the total but not ranked.
 */
export interface Ranking {
  series: string;
  vintage: string;
  year: number;
  complete: boolean;
  total: number;
  top: { rank: number; area: string; name: string; value: number; share: number }[];
  topShare: number;
}

export function topAreas(series: Series, areas: AreaRegistry, year: number, n = 10): Ranking {
  const y = yearly(series);
  const k = y.years.indexOf(year);
  if (k < 0)
    throw new Error(`${series.meta.id} has no data for ${year} (it covers ${y.years[0]}–${y.years.at(-1)})`);
  let total = 0;
  const values = series.areas.map((area, a) => {
    const v = y.values[a * y.years.length + k];
    if (!Number.isNaN(v)) total += v;
    return { area, value: Number.isNaN(v) ? 0 : v };
  });
  const ranked = values
    .filter((x) => !x.area.endsWith('999'))
    .sort((a, b) => b.value - a.value || a.area.localeCompare(b.area))
    .slice(0, n)
    .map((x, i) => ({
      rank: i + 1,
      area: x.area,
      name: areaName(x.area, areas),
      value: x.value,
      share: total > 0 ? x.value / total : 0,
    }));
  return {
    series: series.meta.id,
    vintage: series.meta.vintage,
    year,
    complete: y.complete[k] && !(series.meta.incompleteMonths ?? []).some((m) => m.startsWith(String(year))),
    total,
    top: ranked,
    topShare: ranked.reduce((s, r) => s + r.share, 0),
  };
}
