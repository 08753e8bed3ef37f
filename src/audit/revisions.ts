import { aggregate, type Panel, revisions } from '../data/panel/panel.js';
import { STATES } from '../data/states.js';
import { HOMICIDE } from './reclassification.js';

/**
 * What changed between two releases of a series: every revised (state, month), summarised by state
 * (how many months, net and largest change) and by month (national net change). Releases are compared at
 * state level, the finest level both have.
 */
export interface RevisionSummary {
  series: string;
  from: string;
  to: string;
  /** The files the two releases were read from: releases compiled by different hands can differ for that reason too. */
  files: { from: string; to: string };
  revisedCells: number;
  netChange: number;
  byState: {
    state: string;
    name: string;
    months: number;
    net: number;
    largest: number;
    largestMonth: string;
  }[];
  byMonth: { month: string; net: number; states: number }[];
  cells: { area: string; month: string; before: number; after: number }[];
}

/** Compare consecutive releases (oldest first) of a series. */
export function revisionSummaries(panel: Panel, id = HOMICIDE): RevisionSummary[] {
  const vintages = [...new Set(panel.all(id).map((s) => s.meta.vintage))].sort();
  const out: RevisionSummary[] = [];
  for (let k = 1; k < vintages.length; k++) {
    const older = panel.get(id, { vintage: vintages[k - 1], level: 'state' });
    const newer = panel.get(id, { vintage: vintages[k], level: 'state' });
    const before = aggregate(older, 'state');
    const after = aggregate(newer, 'state');
    const cells = revisions(before, after);
    const byState = STATES.map((s) => {
      const mine = cells.filter((c) => c.area === s.code);
      const largest = mine.reduce(
        (m, c) => (Math.abs(c.after - c.before) > Math.abs(m.after - m.before) ? c : m),
        {
          after: 0,
          before: 0,
          month: '',
        } as { after: number; before: number; month: string },
      );
      return {
        state: s.code,
        name: s.name,
        months: mine.length,
        net: mine.reduce((a, c) => a + (c.after - c.before), 0),
        largest: largest.after - largest.before,
        largestMonth: largest.month,
      };
    })
      .filter((r) => r.months > 0)
      .sort((a, b) => Math.abs(b.net) - Math.abs(a.net) || a.state.localeCompare(b.state));
    const months = [...new Set(cells.map((c) => c.month))].sort();
    const byMonth = months.map((month) => {
      const mine = cells.filter((c) => c.month === month);
      return { month, net: mine.reduce((a, c) => a + (c.after - c.before), 0), states: mine.length };
    });
    out.push({
      series: id,
      from: vintages[k - 1],
      to: vintages[k],
      files: { from: older.meta.file, to: newer.meta.file },
      revisedCells: cells.length,
      netChange: cells.reduce((a, c) => a + (c.after - c.before), 0),
      byState,
      byMonth,
      cells,
    });
  }
  return out;
}
