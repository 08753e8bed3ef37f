import { monthLabel } from './panel/months.js';
import type { Series } from './panel/series.js';

/**
 * Recent months that later releases will still revise upward, by source: they are kept but flagged
 * (`meta.incompleteMonths`), and yearly totals that include them are marked incomplete.
 *
 * - SESNSP: prosecutors report within weeks of the month's end and correct later; comparing the two
 *   vintages in shared/data (2024-08 and 2025-06), revisions concentrate in the last months of the older
 *   release (`atalaya data revisions`). The last 2 months are flagged (ASSUMPTION on the exact number).
 * - RNPDNO: registrations of disappearances lag; the last 3 months of a scrape are flagged (ASSUMPTION).
 * - INEGI death certificates as compiled here, CONAPO, CIDE: final data, nothing flagged.
 */
const RECENT: Record<string, number> = {
  'sesnsp-victims': 2,
  'sesnsp-incidence': 2,
  'sesnsp-municipal-partial': 2,
  rnpdno: 3,
};

export function markIncomplete(series: Series): void {
  const n = RECENT[series.meta.source] ?? 0;
  if (n === 0 || series.months === 0) return;
  const last = series.start + series.months - 1;
  series.meta.incompleteMonths = Array.from({ length: Math.min(n, series.months) }, (_, k) =>
    monthLabel(last - n + 1 + k),
  );
}
