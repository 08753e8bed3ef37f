import { QueryError } from '../data/errors.js';
import { INEGI_NATIONAL } from '../data/observed/builtin-table.js';
import { monthLabel, yearOf } from '../data/panel/months.js';
import type { Panel } from '../data/panel/panel.js';
import { aggregate } from '../data/panel/panel.js';
import type { Level, Series } from '../data/panel/series.js';
import { STATES } from '../data/states.js';
import { HOMICIDE } from './reclassification.js';
import { robustZ } from './robust.js';

/**
 * SESNSP victims of intentional homicide against INEGI death-certificate homicides, by state and year,
 * for the years both cover completely. INEGI counts more (death certificates include homicides no
 * investigation file records), so the ratio SESNSP/INEGI is usually below 1; what matters is a ratio
 * that moves.
 *
 * Which INEGI file: the state file (homicides by state and month, to 2022) when it is imported, since it
 * is the one with state totals; the municipal file (to 2019) summed to states only when it is the only
 * one. The file and its release are named in the output.
 *
 * Complete years: a year counts for a source only if all 12 months of every state are present and none is
 * flagged incomplete by the release; the years compared are those complete in both sources.
 *
 * The state file sums to less than INEGI's published national totals (it is built from the microdata by
 * place and month of occurrence and drops deaths with either unknown), so the national ratio here is the
 * ratio to the state-file sum; the shortfall of that sum against the published figures (INEGI_NATIONAL in
 * data/observed) is measured year by year and the ratio to the published totals given beside it.
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

export interface GapSource {
  id: string;
  vintage: string;
  /** The file the series was read from (relative to the data folder), the file's level, and what was done to it. */
  file?: string;
  level?: Level;
  /** Complete years of this source (all states, 12 months, none flagged incomplete). */
  completeYears?: number[];
  note?: string;
}

/** The INEGI state-file sum against INEGI's published national total, one year. */
export interface PublishedYear {
  year: number;
  /** Sum of the states in the INEGI file used. */
  stateSum: number;
  /** INEGI's published national figure (death statistics, year of occurrence). */
  published: number;
  /** published − stateSum, and stateSum / published − 1. */
  shortfall: number;
  relative: number;
  /** SESNSP victims / published INEGI total. */
  ratioPublished: number;
}

export interface SourceGap {
  sesnsp: GapSource;
  inegi: GapSource;
  years: number[];
  national: { year: number; sesnsp: number; inegi: number; ratio: number }[];
  states: GapRow[];
  flags: GapFlag[];
  /** The INEGI state-file sums against the published national totals (optional: audits saved before). */
  published?: { source: string; years: PublishedYear[] };
}

export const GAP_THRESHOLD = 3;

/** Where the published national INEGI totals come from (data/observed/builtin-table.ts). */
export const PUBLISHED_SOURCE =
  'INEGI, Estadísticas de defunciones registradas: homicides by year of occurrence (shared/data/facts/national_homicides_inegi.csv, built into Atalaya as INEGI_NATIONAL)';

/**
 * The INEGI homicides series with state totals: a state-level file (newest release) if imported, else the
 * finest one summed to states.
 */
export function inegiStateSeries(panel: Panel): { series: Series; level: Level; note: string } {
  const all = panel.all('inegi.homicides');
  if (all.length === 0)
    throw new QueryError('INEGI homicides are not imported (`atalaya data import`); the gap needs them');
  const state = all.find((s) => s.meta.level === 'state');
  if (state) {
    const other = all.find((s) => s.meta.level === 'municipality');
    const unused = other
      ? `; the municipality file ${other.meta.file} (to ${monthLabel(other.start + other.months - 1)}) is not used`
      : '';
    return {
      series: state,
      level: 'state',
      note: `the state file (release ${state.meta.vintage}) gives the state totals${unused}`,
    };
  }
  const finest = all[0];
  return {
    series: aggregate(finest, 'state'),
    level: finest.meta.level,
    note: `no state file imported: ${finest.meta.level} file ${finest.meta.file} (release ${finest.meta.vintage}) summed to states`,
  };
}

/** Yearly totals by state over the years complete in every state (12 months present, none flagged). */
function stateYears(s: Series): { complete: number[]; total: (code: string, year: number) => number } {
  const flagged = new Set(s.meta.incompleteMonths ?? []);
  const byYear = new Map<number, { months: Set<number>; ok: boolean }>();
  const totals = new Map<string, number>();
  for (let t = 0; t < s.months; t++) {
    const m = s.start + t;
    const y = yearOf(m);
    const e = byYear.get(y) ?? { months: new Set<number>(), ok: true };
    byYear.set(y, e);
    e.months.add(m);
    if (flagged.has(monthLabel(m))) e.ok = false;
    for (const st of STATES) {
      const a = s.areas.indexOf(st.code);
      const v = a < 0 ? Number.NaN : s.values[a * s.months + t];
      if (Number.isNaN(v)) {
        e.ok = false;
        continue;
      }
      const key = `${st.code}:${y}`;
      totals.set(key, (totals.get(key) ?? 0) + v);
    }
  }
  const complete = [...byYear]
    .filter(([, e]) => e.ok && e.months.size === 12)
    .map(([y]) => y)
    .sort((a, b) => a - b);
  return { complete, total: (code, year) => totals.get(`${code}:${year}`) ?? Number.NaN };
}

export function sourceGap(panel: Panel): SourceGap {
  const s = panel.get(HOMICIDE, { level: 'state' });
  const { series: i, level, note } = inegiStateSeries(panel);
  const ys = stateYears(s);
  const yi = stateYears(i);
  const years = ys.complete.filter((y) => yi.complete.includes(y));
  if (years.length === 0)
    throw new QueryError(
      `SESNSP victims (complete years: ${ys.complete.join(', ') || 'none'}) and INEGI homicides (complete years: ${yi.complete.join(', ') || 'none'}) share no complete year; import both`,
    );
  const states: GapRow[] = STATES.map((st) => ({
    state: st.code,
    name: st.name,
    years: years.map((year) => {
      const a = ys.total(st.code, year);
      const b = yi.total(st.code, year);
      return { year, sesnsp: a, inegi: b, ratio: b > 0 ? a / b : Number.NaN };
    }),
  }));
  const national = years.map((year) => {
    const a = states.reduce((t, r) => t + r.years.find((y) => y.year === year)!.sesnsp, 0);
    const b = states.reduce((t, r) => t + r.years.find((y) => y.year === year)!.inegi, 0);
    return { year, sesnsp: a, inegi: b, ratio: a / b };
  });
  const published: PublishedYear[] = [];
  for (const n of national) {
    const p = INEGI_NATIONAL.find((r) => r.year === n.year);
    if (!p) continue;
    published.push({
      year: n.year,
      stateSum: n.inegi,
      published: p.value,
      shortfall: p.value - n.inegi,
      relative: n.inegi / p.value - 1,
      ratioPublished: n.sesnsp / p.value,
    });
  }
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
    sesnsp: {
      id: s.meta.id,
      vintage: s.meta.vintage,
      file: s.meta.file,
      level: 'state',
      completeYears: ys.complete,
    },
    inegi: {
      id: i.meta.id,
      vintage: i.meta.vintage,
      file: i.meta.file,
      level,
      completeYears: yi.complete,
      note,
    },
    years,
    national,
    states,
    flags,
    published: { source: PUBLISHED_SOURCE, years: published },
  };
}
