import { atalayaHome } from '../locate.js';
import { currentVersion, readPanel } from '../panel/cache.js';
import { monthIndex, monthLabel, parseMonthLabel, yearOf } from '../panel/months.js';
import type { Panel } from '../panel/panel.js';
import type { Series } from '../panel/series.js';
import { INEGI_NATIONAL, INEGI_STATES, SESNSP_MONTHLY } from './builtin-table.js';
import type { InegiStatus } from './tables.js';

/** Options of `observedHomicides`. */
export interface ObservedOptions {
  /** Atalaya's data folder holding the cache (`<home>/panel`); default `atalayaHome()`. */
  home?: string;
  /** 'newest' (default): the cache when it is newer than the built-in table; 'builtin': never the cache. */
  prefer?: 'newest' | 'builtin';
  /** The date the staleness warning is measured from (default now): a Date or `YYYY-MM`. */
  today?: Date | string;
  /** Warn when the newest month is more than this many months before `today` (default 6). */
  staleMonths?: number;
}

/** Victims by state and month. Arrays are state-major: the value of state `s`, month `t` is at `s * months + t`. */
export interface ObservedMonthly {
  /** INEGI 2-digit state codes, `01`–`32`, in order: the row order of the arrays. */
  states: string[];
  /** First month, `YYYY-MM`. */
  start: string;
  months: number;
  /** Victims of homicidio doloso (SESNSP), state-major; NaN = not reported. */
  victims: Float64Array;
  /** Σ over states of `victims`, by month (NaN only where every state is NaN). */
  national: Float64Array;
  /**
   * Victims of feminicidio (SESNSP reports them apart), same layout; add them to `victims` for a count
   * closer in scope to INEGI's (docs/OBSERVED.md says which the simulator uses). Absent when the source
   * lacks them.
   */
  feminicide?: { victims: Float64Array; national: Float64Array };
  /** The last months, which later releases still revise upward (SESNSP: the last 2). */
  incompleteMonths: string[];
}

export interface ObservedInegi {
  /** Published national figures by year of occurrence, with their status (final or preliminary). */
  nationalYearly: { year: number; value: number; status: InegiStatus }[];
  /** By state and year of occurrence; `values` state-major (`s * years + k`), NaN = not available. */
  stateYearly: { states: string[]; start: number; years: number; values: Float64Array; source: string };
}

export interface ObservedSource {
  kind: 'builtin' | 'cache';
  /** E.g. `SESNSP 2025-06 vintage`. */
  release: string;
  /** The last month of `monthly`, `YYYY-MM`. */
  lastMonth: string;
  /** The cache version read, when `kind` is 'cache'. */
  cacheVersion?: string;
  /** The imported file the cached series came from. */
  file?: string;
  /** Why this source was chosen (e.g. "no data cache in …", "cached vintage 2025-01 is not newer"). */
  reason: string;
}

export interface ObservedHomicides {
  monthly: ObservedMonthly;
  inegi: ObservedInegi;
  source: ObservedSource;
  warnings: string[];
}

const HOMICIDE_ID = 'sesnsp.victims.homicidio-doloso';
const FEMINICIDE_ID = 'sesnsp.victims.feminicidio';
const INEGI_ID = 'inegi.homicides';
/** SESNSP months still revised upward (as src/data/incomplete.ts flags them). */
const SESNSP_RECENT = 2;
const BUILTIN_RELEASE = `SESNSP ${SESNSP_MONTHLY.vintage} vintage`;
const BUILTIN_INEGI_STATES = `built-in: INEGI death certificates by state ${INEGI_STATES.start}–${INEGI_STATES.start + INEGI_STATES.years - 1} (Gargiulo, Aburto & Floridi 2024)`;

/**
 * The observed homicide series the simulator assimilates: SESNSP victims by state and month, and INEGI
 * death-certificate homicides by year (national and by state), from the newest source at hand.
 *
 * Choice of source, in order:
 * 1. `prefer: 'builtin'`: the built-in table (`builtin-table.ts`, SESNSP 2025-06 vintage), always.
 * 2. The data cache (`home`, default `atalayaHome()`): its newest state-level `sesnsp.victims.homicidio-doloso`
 *    series, when its last month is after the built-in table's. Months before the cached series starts,
 *    and cells it leaves unreported (NaN), are taken from the built-in table, with a warning. Feminicide
 *    comes from the same cached vintage, or is left out (with a warning) rather than mixing vintages.
 * 3. Otherwise the built-in table. An absent cache is the normal offline state (no warning); an
 *    unreadable one is a warning, never a failure.
 *
 * INEGI by state follows the same rule (`inegi.homicides` at state level or finer, used when it has a
 * complete year after 2022); INEGI national is the built-in table of published figures.
 *
 * A warning says when the newest month is more than `staleMonths` (6) before `today`.
 *
 * @example
 * const obs = observedHomicides({ prefer: 'newest' });
 * const s = obs.monthly.states.indexOf('25'); // Sinaloa
 * const sinaloa = obs.monthly.victims.subarray(s * obs.monthly.months, (s + 1) * obs.monthly.months);
 */
export function observedHomicides(options: ObservedOptions = {}): ObservedHomicides {
  const { prefer = 'newest', staleMonths = 6 } = options;
  const warnings: string[] = [];
  const builtin = builtinMonthly();
  let monthly = builtin;
  let stateYearly = builtinStateYearly();
  let source: ObservedSource = {
    kind: 'builtin',
    release: BUILTIN_RELEASE,
    lastMonth: monthLabel(parseMonthLabel(builtin.start) + builtin.months - 1),
    reason: 'prefer: builtin',
  };

  if (prefer === 'newest') {
    const home = options.home ?? atalayaHome();
    const cached = readCache(home, warnings);
    if (!cached.panel) source.reason = cached.reason;
    else {
      // Never fail on cached data: whatever goes wrong reading it leaves the built-in table, with a warning.
      try {
        const found = cachedMonthly(cached.panel, builtin, warnings);
        if (found.monthly) {
          monthly = found.monthly;
          source = {
            kind: 'cache',
            release: `SESNSP ${found.series!.meta.vintage} vintage`,
            lastMonth: monthLabel(parseMonthLabel(monthly.start) + monthly.months - 1),
            cacheVersion: cached.version,
            file: found.series!.meta.file,
            reason: found.reason,
          };
        } else source.reason = found.reason;
      } catch (err) {
        warnings.push(
          `the cached SESNSP series could not be used (${(err as Error).message}); using the built-in table`,
        );
        source.reason = 'cached series unusable';
      }
      try {
        stateYearly = cachedStateYearly(cached.panel, stateYearly, warnings) ?? stateYearly;
      } catch (err) {
        warnings.push(
          `the cached INEGI series could not be used (${(err as Error).message}); using the built-in table`,
        );
      }
    }
  }

  const lag = currentMonth(options.today) - parseMonthLabel(source.lastMonth);
  if (lag > staleMonths) {
    warnings.push(
      `the newest observed month is ${source.lastMonth} (${source.release}), ${lag} months before ${monthLabel(currentMonth(options.today))}: import a newer SESNSP victims release with \`atalaya data import\``,
    );
  }
  return {
    monthly,
    inegi: {
      nationalYearly: INEGI_NATIONAL.map(({ year, value, status }) => ({ year, value, status })),
      stateYearly,
    },
    source,
    warnings,
  };
}

/**
 * Homicidio doloso plus feminicidio, state-major, and its national sum (INEGI's scope); throws when the
 * observed series has no feminicide counts.
 *
 * @example
 * const { victims, national } = withFeminicide(observedHomicides().monthly);
 */
export function withFeminicide(monthly: ObservedMonthly): { victims: Float64Array; national: Float64Array } {
  if (!monthly.feminicide) throw new Error('the observed series has no feminicide counts');
  const add = (a: Float64Array, b: Float64Array) => a.map((v, k) => v + b[k]);
  return {
    victims: add(monthly.victims, monthly.feminicide.victims),
    national: add(monthly.national, monthly.feminicide.national),
  };
}

function currentMonth(today: Date | string | undefined): number {
  if (typeof today === 'string') return parseMonthLabel(today);
  const d = today ?? new Date();
  return monthIndex(d.getUTCFullYear(), d.getUTCMonth() + 1);
}

function builtinMonthly(): ObservedMonthly {
  const t = SESNSP_MONTHLY;
  const victims = flatten(t.homicidioDoloso, t.months);
  const fem = flatten(t.feminicidio, t.months);
  const last = parseMonthLabel(t.start) + t.months - 1;
  return {
    states: [...t.states],
    start: t.start,
    months: t.months,
    victims,
    national: nationalSum(victims, t.states.length, t.months),
    feminicide: { victims: fem, national: nationalSum(fem, t.states.length, t.months) },
    incompleteMonths: recentMonths(last, SESNSP_RECENT, t.months),
  };
}

function builtinStateYearly(): ObservedInegi['stateYearly'] {
  const t = INEGI_STATES;
  return {
    states: [...t.states],
    start: t.start,
    years: t.years,
    values: flatten(t.values, t.years),
    source: BUILTIN_INEGI_STATES,
  };
}

function flatten(rows: readonly (readonly number[])[], width: number): Float64Array {
  const out = new Float64Array(rows.length * width);
  rows.forEach((row, s) => {
    out.set(row, s * width);
  });
  return out;
}

function nationalSum(values: Float64Array, states: number, months: number): Float64Array {
  const out = new Float64Array(months).fill(Number.NaN);
  for (let s = 0; s < states; s++) {
    for (let t = 0; t < months; t++) {
      const v = values[s * months + t];
      if (!Number.isNaN(v)) out[t] = Number.isNaN(out[t]) ? v : out[t] + v;
    }
  }
  return out;
}

function recentMonths(last: number, n: number, months: number): string[] {
  return Array.from({ length: Math.min(n, months) }, (_, k) =>
    monthLabel(last - Math.min(n, months) + 1 + k),
  );
}

function readCache(home: string, warnings: string[]): { panel?: Panel; version?: string; reason: string } {
  let version: string | undefined;
  try {
    version = currentVersion(home);
  } catch (err) {
    warnings.push(
      `the data cache in ${home} is unreadable (${(err as Error).message}); using the built-in table`,
    );
    return { reason: 'data cache unreadable' };
  }
  if (!version) return { reason: `no data cache in ${home}` };
  try {
    const loaded = readPanel(home);
    return { panel: loaded.panel, version: loaded.version, reason: '' };
  } catch (err) {
    warnings.push(
      `the data cache in ${home} is unreadable (${(err as Error).message}); using the built-in table`,
    );
    return { reason: 'data cache unreadable' };
  }
}

/** The newest cached state-level series of an id (and vintage), or undefined. */
function stateSeries(panel: Panel, id: string, vintage?: string): Series | undefined {
  return panel
    .all(id)
    .filter(
      (s) =>
        s.meta.level === 'state' && s.months > 0 && (vintage === undefined || s.meta.vintage === vintage),
    )
    .sort((a, b) => b.start + b.months - (a.start + a.months))[0];
}

function cachedMonthly(
  panel: Panel,
  builtin: ObservedMonthly,
  warnings: string[],
): { monthly?: ObservedMonthly; series?: Series; reason: string } {
  const s = stateSeries(panel, HOMICIDE_ID);
  if (!s) return { reason: `the data cache has no state-level ${HOMICIDE_ID} series` };
  const builtinLast = parseMonthLabel(builtin.start) + builtin.months - 1;
  const last = s.start + s.months - 1;
  if (last <= builtinLast) {
    return {
      reason: `the cached ${HOMICIDE_ID} (vintage ${s.meta.vintage}, to ${monthLabel(last)}) is not newer than the built-in ${BUILTIN_RELEASE}`,
    };
  }
  const homicides = splice(s, builtin.states, builtin.victims, builtin, 'homicidio doloso', warnings);
  const monthly: ObservedMonthly = {
    states: [...builtin.states],
    start: monthLabel(homicides.start),
    months: homicides.months,
    victims: homicides.values,
    national: nationalSum(homicides.values, builtin.states.length, homicides.months),
    incompleteMonths: s.meta.incompleteMonths ?? recentMonths(last, SESNSP_RECENT, homicides.months),
  };
  const f = stateSeries(panel, FEMINICIDE_ID, s.meta.vintage);
  if (f && f.start + f.months - 1 === last) {
    const fem = splice(f, builtin.states, builtin.feminicide!.victims, builtin, 'feminicidio', warnings);
    monthly.feminicide = {
      victims: fem.values,
      national: nationalSum(fem.values, builtin.states.length, fem.months),
    };
  } else {
    warnings.push(
      `the cache has no ${FEMINICIDE_ID} series of vintage ${s.meta.vintage} to ${monthLabel(last)}: feminicide counts left out (not mixed from another vintage)`,
    );
  }
  return {
    monthly,
    series: s,
    reason: `the cached ${HOMICIDE_ID} (vintage ${s.meta.vintage}, to ${monthLabel(last)}) is newer than the built-in ${BUILTIN_RELEASE}`,
  };
}

/**
 * A cached series on the built-in grid of states, from the earlier of the two starts to the cached end:
 * cached values where reported, else built-in ones (older vintage), else NaN; each fill is a warning.
 */
function splice(
  s: Series,
  states: string[],
  fallback: Float64Array,
  builtin: ObservedMonthly,
  what: string,
  warnings: string[],
): { start: number; months: number; values: Float64Array } {
  const bStart = parseMonthLabel(builtin.start);
  const start = Math.min(s.start, bStart);
  const months = s.start + s.months - start;
  const values = new Float64Array(states.length * months).fill(Number.NaN);
  let fromBuiltin = 0;
  let missing = 0;
  const absent: string[] = [];
  states.forEach((code, a) => {
    const row = s.areas.indexOf(code);
    if (row < 0) absent.push(code);
    for (let t = 0; t < months; t++) {
      const m = start + t;
      const cached = row >= 0 && m >= s.start ? s.values[row * s.months + (m - s.start)] : Number.NaN;
      if (!Number.isNaN(cached)) {
        values[a * months + t] = cached;
        continue;
      }
      const b = m - bStart;
      if (b >= 0 && b < builtin.months) {
        values[a * months + t] = fallback[a * builtin.months + b];
        if (m >= s.start) fromBuiltin++;
      } else missing++;
    }
  });
  if (s.start > bStart) {
    warnings.push(
      `${what}: months ${builtin.start}..${monthLabel(s.start - 1)} come from the built-in ${BUILTIN_RELEASE} (the cached series starts ${monthLabel(s.start)})`,
    );
  }
  if (absent.length > 0) warnings.push(`${what}: the cached series lacks states ${absent.join(', ')}`);
  if (fromBuiltin > 0) {
    warnings.push(
      `${what}: ${fromBuiltin} state-months the cached series leaves unreported were taken from the built-in ${BUILTIN_RELEASE}`,
    );
  }
  if (missing > 0) warnings.push(`${what}: ${missing} state-months are not reported by any source (NaN)`);
  return { start, months, values };
}

/**
 * INEGI by state from the cache, when it has a complete year (12 reported months in every state it
 * covers) after the built-in table's last; years it lacks come from the built-in table.
 */
function cachedStateYearly(
  panel: Panel,
  builtin: ObservedInegi['stateYearly'],
  warnings: string[],
): ObservedInegi['stateYearly'] | undefined {
  let s: Series;
  try {
    s = panel.get(INEGI_ID, { level: 'state' });
  } catch {
    return undefined;
  }
  const firstYear = yearOf(s.start);
  const lastYearInSeries = yearOf(s.start + s.months - 1);
  // Per state and year: the sum, or NaN unless all 12 months are reported.
  const cached = (row: number, year: number): number => {
    let sum = 0;
    for (let m = monthIndex(year, 1); m <= monthIndex(year, 12); m++) {
      const t = m - s.start;
      const v = t >= 0 && t < s.months ? s.values[row * s.months + t] : Number.NaN;
      if (Number.isNaN(v)) return Number.NaN;
      sum += v;
    }
    return sum;
  };
  const rows = builtin.states.map((code) => s.areas.indexOf(code));
  let lastYear: number | undefined;
  for (let year = lastYearInSeries; year >= firstYear && lastYear === undefined; year--)
    if (rows.some((r) => r >= 0 && !Number.isNaN(cached(r, year)))) lastYear = year;
  const builtinLast = builtin.start + builtin.years - 1;
  if (lastYear === undefined || lastYear <= builtinLast) return undefined;
  const start = Math.min(builtin.start, firstYear);
  const years = lastYear - start + 1;
  const values = new Float64Array(builtin.states.length * years).fill(Number.NaN);
  let fromBuiltin = 0;
  let missing = 0;
  rows.forEach((row, a) => {
    for (let k = 0; k < years; k++) {
      const year = start + k;
      const v = row >= 0 && year >= firstYear ? cached(row, year) : Number.NaN;
      if (!Number.isNaN(v)) values[a * years + k] = v;
      else if (year <= builtinLast && year >= builtin.start) {
        values[a * years + k] = builtin.values[a * builtin.years + (year - builtin.start)];
        if (year >= firstYear) fromBuiltin++;
      } else missing++;
    }
  });
  if (fromBuiltin > 0) {
    warnings.push(
      `INEGI by state: ${fromBuiltin} state-years incomplete in the cached series were taken from the built-in table`,
    );
  }
  if (missing > 0) warnings.push(`INEGI by state: ${missing} state-years are not available (NaN)`);
  const earlier =
    firstYear > builtin.start ? `; ${builtin.start}–${firstYear - 1} from the built-in table` : '';
  return {
    states: [...builtin.states],
    start,
    years,
    values,
    source: `cache: ${INEGI_ID} vintage ${s.meta.vintage} (${s.meta.file}), to ${lastYear}${earlier}`,
  };
}
