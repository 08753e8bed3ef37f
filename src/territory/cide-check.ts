import { QueryError } from '../data/errors.js';
import { monthLabel } from '../data/panel/months.js';
import type { Panel } from '../data/panel/panel.js';
import type { Series } from '../data/panel/series.js';
import { createRng } from '../sim/rng.js';
import { quantile, spearman } from '../stats/rank.js';
import { type ContestationWeights, contestationSeries, DEFAULT_WEIGHTS } from './contestation.js';
import { HISTORICAL_SHOCKS, historicalLayer } from './historical.js';
import type { TerritoryLayer } from './layer.js';
import type { Shock } from './shocks.js';

/**
 * Does violence concentrate where rival organisations meet? A check of the contestation score against
 * the CIDE-PPD events of December 2006 – November 2011 (confrontations + aggressions between armed forces
 * and criminal organisations, by municipality and month; imported by `atalaya data import`).
 *
 * Unit: the municipality-month. A cell is contested when the score (historical layer, its rivalries and
 * shocks, municipal adjacency) is above the threshold that month. Rates are events per 100,000
 * person-years, with each municipality's population fixed at its 2010 value (ASSUMPTION: the period
 * straddles 2010; CONAPO mid-year estimates from the registry). The bootstrap resamples municipalities
 * (with all their months), so the interval reflects that events cluster within municipalities.
 * The events do not say which organisation was involved, so this checks co-location, not attribution.
 */
export const CIDE_EVENT_SERIES = ['cide.events.confrontations', 'cide.events.aggressions'] as const;

export interface CideCheckOptions {
  layer?: TerritoryLayer;
  shocks?: readonly Shock[];
  weights?: Partial<ContestationWeights>;
  populationYear?: number;
  seed?: number;
  replicates?: number;
  /** Coverage of the bootstrap interval (default 0.9). */
  coverage?: number;
}

export const CIDE_CHECK_DEFAULTS = {
  populationYear: 2010,
  seed: 1,
  replicates: 2000,
  coverage: 0.9,
} as const;

/** Rate ratio and shares under one set of weights (the main result and the sensitivity variants). */
export interface CideContrast {
  label: string;
  weights: ContestationWeights;
  contestedCells: number;
  municipalitiesEverContested: number;
  events: { contested: number; other: number };
  /** Events per 100,000 person-years. */
  rate: { contested: number; other: number };
  rateRatio: number;
  share: { events: number; population: number };
}

export interface CideCheckResult {
  series: string[];
  vintage: string;
  layer: string;
  months: { first: string; last: string; count: number };
  populationYear: number;
  municipalities: { used: number; withEvents: number; excludedNoPopulation: number };
  events: { total: number; used: number; excluded: number };
  main: CideContrast;
  bootstrap: {
    coverage: number;
    low: number;
    high: number;
    replicates: number;
    undefinedReplicates: number;
    seed: number;
  };
  /** Spearman rank correlation between a municipality's mean score over the months and its event rate. */
  spearman: { rho: number; n: number };
  /** The same contrast with parts of the score switched off, or within the layer's states (no bootstrap). */
  variants: CideContrast[];
}

/** Events per municipality and month, summed over the CIDE event series. */
interface EventGrid {
  codes: string[];
  start: number;
  months: number;
  values: Float64Array;
  vintage: string;
}

export function cideCheck(panel: Panel, options: CideCheckOptions = {}): CideCheckResult {
  const o = { ...CIDE_CHECK_DEFAULTS, ...options };
  const layer = options.layer ?? historicalLayer();
  const shocks = options.shocks ?? HISTORICAL_SHOCKS;
  const grid = eventGrid(panel);
  const range = { from: monthLabel(grid.start), to: monthLabel(grid.start + grid.months - 1) };
  const input = { layer, shocks, areas: panel.areas };
  const weights = { ...DEFAULT_WEIGHTS, ...options.weights };
  const main = contestationSeries(input, range, { level: 'municipality', weights });

  const cells = alignCells(grid, main.codes, panel, o.populationYear);
  const contrast = (label: string, score: Float64Array, w: ContestationWeights) =>
    summarise(label, w, perMunicipality(cells, score, main.months, w.threshold));
  const mainUnits = perMunicipality(cells, main.score, main.months, weights.threshold);
  const variantWeights: [string, Partial<ContestationWeights>][] = [
    ['no shocks (σ = 0)', { shock: 0 }],
    ['same area only (β = 0, σ = 0)', { border: 0, shock: 0 }],
  ];
  const variants = variantWeights.map(([label, w]) => {
    const ww = { ...weights, ...w };
    return contrast(
      label,
      contestationSeries(input, range, { level: 'municipality', weights: ww }).score,
      ww,
    );
  });
  // Does the contrast survive inside the states the layer names? (Separates "the layer picked violent
  // states" from "contested months and border municipalities within them".)
  const named = new Set(layer.entries.map((e) => e.area.slice(0, 2)));
  variants.push(
    summarise(
      'only municipalities of states the layer names',
      weights,
      mainUnits.filter((_, k) => named.has(cells.used[k].code.slice(0, 2))),
    ),
  );
  return {
    series: [...CIDE_EVENT_SERIES],
    vintage: grid.vintage,
    layer: layer.name,
    months: { first: range.from, last: range.to, count: grid.months },
    populationYear: o.populationYear,
    municipalities: {
      used: cells.used.length,
      withEvents: cells.used.filter((u) => cells.events[u.row].some((v) => v > 0)).length,
      excludedNoPopulation: cells.excludedAreas,
    },
    events: {
      total: cells.totalEvents,
      used: cells.totalEvents - cells.excludedEvents,
      excluded: cells.excludedEvents,
    },
    main: summarise('historical layer, default weights', weights, mainUnits),
    bootstrap: bootstrap(mainUnits, o),
    spearman: spearmanOfMeans(cells, main.score, main.months),
    variants,
  };
}

function eventGrid(panel: Panel): EventGrid {
  const series = CIDE_EVENT_SERIES.map((id) => {
    try {
      return panel.get(id, { level: 'municipality' });
    } catch (err) {
      if (err instanceof QueryError) {
        throw new QueryError(
          `the CIDE check needs the CIDE-PPD events (${CIDE_EVENT_SERIES.join(', ')}); import ppd_violence_events_2006_2011 with \`atalaya data import\`. ${err.message}`,
        );
      }
      throw err;
    }
  });
  const start = Math.min(...series.map((s) => s.start));
  const end = Math.max(...series.map((s) => s.start + s.months));
  const codes = [...new Set(series.flatMap((s) => s.areas))].sort();
  const at = new Map(codes.map((c, i) => [c, i]));
  const months = end - start;
  const values = new Float64Array(codes.length * months);
  for (const s of series) addInto(values, s, at, start, months);
  return {
    codes,
    start,
    months,
    values,
    vintage: [...new Set(series.map((s) => s.meta.vintage))].join(', '),
  };
}

/** Add a series into the grid; NaN (not reported) adds nothing: the CIDE files list events only. */
function addInto(
  values: Float64Array,
  s: Series,
  at: Map<string, number>,
  start: number,
  months: number,
): void {
  s.areas.forEach((code, a) => {
    const row = at.get(code)! * months;
    for (let k = 0; k < s.months; k++) {
      const v = s.values[a * s.months + k];
      if (!Number.isNaN(v)) values[row + (s.start - start) + k] += v;
    }
  });
}

/** Municipalities usable in the check: in the contestation frame and with a population. */
interface Cells {
  used: { code: string; row: number; frameRow: number; population: number }[];
  events: Float64Array[];
  totalEvents: number;
  excludedEvents: number;
  excludedAreas: number;
  months: number;
}

function alignCells(grid: EventGrid, frameCodes: string[], panel: Panel, year: number): Cells {
  const frameAt = new Map(frameCodes.map((c, i) => [c, i]));
  const events = grid.codes.map((_, r) => grid.values.subarray(r * grid.months, (r + 1) * grid.months));
  const used: Cells['used'] = [];
  let totalEvents = 0;
  let excludedEvents = 0;
  let excludedAreas = 0;
  grid.codes.forEach((code, row) => {
    const total = events[row].reduce((a, b) => a + b, 0);
    totalEvents += total;
    const frameRow = frameAt.get(code);
    const population = panel.areas.populationOf(code, year);
    if (frameRow === undefined || !population || population <= 0) {
      excludedEvents += total;
      excludedAreas++;
      return;
    }
    used.push({ code, row, frameRow, population });
  });
  return { used, events, totalEvents, excludedEvents, excludedAreas, months: grid.months };
}

/** Per municipality: events and person-years in contested and other months. */
interface Unit {
  eventsC: number;
  eventsO: number;
  yearsC: number;
  yearsO: number;
  contestedMonths: number;
}

function perMunicipality(cells: Cells, score: Float64Array, months: number, threshold: number): Unit[] {
  return cells.used.map((u) => {
    const unit: Unit = { eventsC: 0, eventsO: 0, yearsC: 0, yearsO: 0, contestedMonths: 0 };
    const ev = cells.events[u.row];
    for (let k = 0; k < months; k++) {
      if (score[u.frameRow * months + k] > threshold) {
        unit.eventsC += ev[k];
        unit.yearsC += u.population / 12;
        unit.contestedMonths++;
      } else {
        unit.eventsO += ev[k];
        unit.yearsO += u.population / 12;
      }
    }
    return unit;
  });
}

function totals(units: readonly Unit[], pick?: ArrayLike<number>) {
  const t = { eventsC: 0, eventsO: 0, yearsC: 0, yearsO: 0 };
  const n = pick ? pick.length : units.length;
  for (let k = 0; k < n; k++) {
    const u = units[pick ? pick[k] : k];
    t.eventsC += u.eventsC;
    t.eventsO += u.eventsO;
    t.yearsC += u.yearsC;
    t.yearsO += u.yearsO;
  }
  return t;
}

const ratio = (t: ReturnType<typeof totals>) => t.eventsC / t.yearsC / (t.eventsO / t.yearsO);

function summarise(label: string, weights: ContestationWeights, units: Unit[]): CideContrast {
  const t = totals(units);
  return {
    label,
    weights,
    contestedCells: units.reduce((a, u) => a + u.contestedMonths, 0),
    municipalitiesEverContested: units.filter((u) => u.contestedMonths > 0).length,
    events: { contested: t.eventsC, other: t.eventsO },
    rate: { contested: (t.eventsC / t.yearsC) * 1e5, other: (t.eventsO / t.yearsO) * 1e5 },
    rateRatio: ratio(t),
    share: { events: t.eventsC / (t.eventsC + t.eventsO), population: t.yearsC / (t.yearsC + t.yearsO) },
  };
}

/** Percentile bootstrap of the rate ratio over municipalities (seeded: the same seed, the same interval). */
function bootstrap(
  units: Unit[],
  o: { seed: number; replicates: number; coverage: number },
): CideCheckResult['bootstrap'] {
  const rng = createRng(o.seed, 'territory-cide-check-bootstrap');
  const n = units.length;
  const pick = new Int32Array(n);
  const ratios: number[] = [];
  let undefinedReplicates = 0;
  for (let r = 0; r < o.replicates; r++) {
    for (let k = 0; k < n; k++) pick[k] = Math.floor(rng.next() * n);
    const value = ratio(totals(units, pick));
    if (Number.isFinite(value)) ratios.push(value);
    else undefinedReplicates++;
  }
  ratios.sort((a, b) => a - b);
  const tail = (1 - o.coverage) / 2;
  return {
    coverage: o.coverage,
    low: quantile(ratios, tail),
    high: quantile(ratios, 1 - tail),
    replicates: o.replicates,
    undefinedReplicates,
    seed: o.seed,
  };
}

function spearmanOfMeans(cells: Cells, score: Float64Array, months: number): CideCheckResult['spearman'] {
  const x: number[] = [];
  const y: number[] = [];
  for (const u of cells.used) {
    let s = 0;
    for (let k = 0; k < months; k++) s += score[u.frameRow * months + k];
    x.push(s / months);
    const events = cells.events[u.row].reduce((a, b) => a + b, 0);
    y.push((events / ((u.population * months) / 12)) * 1e5);
  }
  return { rho: spearman(x, y), n: x.length };
}
