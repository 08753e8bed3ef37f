import type { Hotspot } from '../api-types.js';

/** The hot-spot table's sortable columns and how each reads its value. */
export const SORT_KEYS = {
  rank: (h: Hotspot) => h.rank,
  expected: (h: Hotspot) => h.expected,
  rate: (h: Hotspot) => h.ratePer100k,
  escalation: (h: Hotspot) => h.escalationProbability,
  trend: (h: Hotspot) => h.trend,
  contestation: (h: Hotspot) => h.contestation,
} as const;

export type SortKey = keyof typeof SORT_KEYS;

/** A sorted copy; ties keep the server's rank order. NaN sorts last either way. */
export function sortHotspots(rows: readonly Hotspot[], key: SortKey, descending: boolean): Hotspot[] {
  const value = SORT_KEYS[key];
  const sign = descending ? -1 : 1;
  return [...rows].sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    if (Number.isNaN(va) !== Number.isNaN(vb)) return Number.isNaN(va) ? 1 : -1;
    return (va === vb || Number.isNaN(va) ? 0 : sign * (va - vb)) || a.rank - b.rank;
  });
}
