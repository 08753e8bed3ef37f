import { QueryError } from '../data/errors.js';
import type { Panel } from '../data/panel/panel.js';
import { yearly } from '../data/panel/panel.js';
import { STATES } from '../data/states.js';
import { HOMICIDE } from './reclassification.js';
import { robustZ } from './robust.js';

/**
 * SESNSP victims of intentional homicide against INEGI death-certificate homicides, by state and year,
 * where both exist. INEGI counts more (death certificates include homicides no investigation file
 * records), so the ratio SESNSP/INEGI is usually below 1; what matters is a ratio that moves.
 *
 * Flag: the year-on-year change of log(ratio) of a state is an outlier against every state's changes:
 * robust z-score |z| > 3 (median and MAD over all state-years): the modified z-score of Iglewicz &
 * Hoaglin (1993, How to Detect and Handle Outliers), who suggest 3.5; 3 flags more for a person to check
 * (ASSUMPTION).
 */
export interface GapRow {
  state: string;
  name: string;
  years: { year: number; sesnsp: number; inegi: number; ratio: number }[];
}

export interface GapFlag {
  state: string;
  name: string;
  year: number;
  ratioBefore: number;
  ratioAfter: number;
  z: number;
}

export interface SourceGap {
  sesnsp: { id: string; vintage: string };
  inegi: { id: string; vintage: string };
  years: number[];
  national: { year: number; sesnsp: number; inegi: number; ratio: number }[];
  states: GapRow[];
  flags: GapFlag[];
}

export const GAP_THRESHOLD = 3;

export function sourceGap(panel: Panel): SourceGap {
  const s = panel.get(HOMICIDE, { level: 'state' });
  const i = panel.get('inegi.homicides', { level: 'state' });
  const ys = yearly(s);
  const yi = yearly(i);
  const years = ys.years.filter(
    (y, k) => ys.complete[k] && yi.years.includes(y) && yi.complete[yi.years.indexOf(y)],
  );
  if (years.length === 0)
    throw new QueryError('SESNSP victims and INEGI homicides share no complete year; import both');
  const value = (series: typeof s, yv: typeof ys, code: string, year: number) =>
    yv.values[series.areas.indexOf(code) * yv.years.length + yv.years.indexOf(year)];
  const states: GapRow[] = STATES.map((st) => ({
    state: st.code,
    name: st.name,
    years: years.map((year) => {
      const a = value(s, ys, st.code, year);
      const b = value(i, yi, st.code, year);
      return { year, sesnsp: a, inegi: b, ratio: b > 0 ? a / b : Number.NaN };
    }),
  }));
  const national = years.map((year) => {
    const a = states.reduce((t, r) => t + r.years.find((y) => y.year === year)!.sesnsp, 0);
    const b = states.reduce((t, r) => t + r.years.find((y) => y.year === year)!.inegi, 0);
    return { year, sesnsp: a, inegi: b, ratio: a / b };
  });
  const changes: { row: GapRow; k: number; d: number }[] = [];
  for (const row of states) {
    for (let k = 1; k < row.years.length; k++) {
      const d = Math.log(row.years[k].ratio) - Math.log(row.years[k - 1].ratio);
      if (Number.isFinite(d)) changes.push({ row, k, d });
    }
  }
  const all = changes.map((c) => c.d);
  const flags = changes
    .map((c) => ({ c, z: robustZ(c.d, all) }))
    .filter(({ z }) => Math.abs(z) > GAP_THRESHOLD)
    .map(({ c, z }) => ({
      state: c.row.state,
      name: c.row.name,
      year: c.row.years[c.k].year,
      ratioBefore: c.row.years[c.k - 1].ratio,
      ratioAfter: c.row.years[c.k].ratio,
      z,
    }))
    .sort((a, b) => Math.abs(b.z) - Math.abs(a.z));
  return {
    sesnsp: { id: s.meta.id, vintage: s.meta.vintage },
    inegi: { id: i.meta.id, vintage: i.meta.vintage },
    years,
    national,
    states,
    flags,
  };
}
