import { QueryError } from '../data/errors.js';
import { monthLabel } from '../data/panel/months.js';
import type { Panel } from '../data/panel/panel.js';
import {
  type Basis,
  incompleteIn,
  type Place,
  type PlaceSeries,
  periodValue,
  placeSeries,
  resolvePlace,
  resolveSeriesId,
} from './measure.js';
import { months, type Period, parseChange, parsePeriod, yearBefore } from './periods.js';
import { DESTINATIONS, HOMICIDE, type Reclassification, reclassification } from './reclassification.js';

/**
 * Check an official claim against the data: "intentional homicides fell 25% between September 2024 and
 * June 2025" becomes a recomputation on a stated basis, a verdict, and the caveats that go with it.
 *
 * Bases: `daily-average` (the government's own measure: victims per day in each period; default),
 * `monthly-total` (sums), `year-on-year` (`to` against the same period a year earlier).
 * A claim holds if the observed change goes the claimed way and is at least as large as claimed, less a
 * tolerance (default 2 percentage points): "fell 25%" holds for −24% or −30%, not for −18%.
 *
 * Base-period sensitivity: the same change measured against other bases — the 3 months before the
 * stated base period, the 12 months before it, and the same months as `to` one year earlier — and the
 * claim flagged as base-sensitive ("depends on picking the base") when one of them disagrees materially
 * with the change on the stated base: it goes the other way (both beyond the tolerance), or its size
 * differs by more than SENSITIVITY_MARGIN (5 percentage points, or a quarter of the stated change if that is
 * larger). See `baseSensitivity`.
 */
export interface ClaimInput {
  series: string;
  from?: string;
  to: string;
  change?: string | number;
  basis?: Basis | 'year-on-year';
  place?: string;
  vintage?: string;
  /** Percentage points, as a fraction (0.02 = 2 points). */
  tolerance?: number;
}

export interface ClaimResult {
  claim: {
    series: string;
    place: string;
    from: string;
    to: string;
    change: number | null;
    /** Percentage points (as a fraction) by which the claimed change may exceed the observed one. */
    tolerance: number;
    text: string;
  };
  basis: Basis | 'year-on-year';
  series: { id: string; vintage: string; unit: string };
  place: Place;
  observed: { from: string; to: string; valueFrom: number; valueTo: number; change: number };
  holds: boolean | null;
  /** Observed minus claimed change (fractions). */
  difference: number | null;
  /** Months used that the release flags as incomplete. */
  incomplete: string[];
  caveats: string[];
  /** The same caveats in Spanish. */
  caveats_es: string[];
  /** The change against other base periods (optional only so that claims saved before it still read). */
  sensitivity?: BaseSensitivity;
}

/** The alternative bases, in the order they are reported. */
export const ALTERNATIVE_BASES = ['previous-3-months', 'previous-12-months', 'year-earlier'] as const;
export type AlternativeBase = (typeof ALTERNATIVE_BASES)[number];

/**
 * When an alternative disagrees materially in size: |change − stated change| above 5 percentage points or a
 * quarter of the stated change, whichever is larger. 5 points: about the month-to-month noise of the
 * national daily average (a month deviates from the mean of the three months either side by 4.2% in
 * SESNSP 2015–2025, root mean square), so smaller differences are what another base month gives by chance;
 * a quarter: for large changes, a base that moves the figure by more than a quarter of it (−30% told as
 * −40%) tells another story (ASSUMPTION: a judgement, like the verdict's tolerance).
 */
export const SENSITIVITY_MARGIN = { points: 0.05, relative: 0.25 } as const;

export interface BaseAlternativeResult {
  kind: AlternativeBase;
  /** The base period, e.g. `2024-06..2024-08`. */
  base: string;
  /** Why the alternative could not be measured (outside the data); the figures below are then absent. */
  unavailable?: string;
  /** The base's value on the claim's basis (per day, or the average monthly total). */
  valueBase?: number;
  /** `to` against this base, and minus the change on the stated base (fractions). */
  change?: number;
  difference?: number;
  /** The verdict the claimed figure would get against this base (null: no claimed figure). */
  holds?: boolean | null;
  /** How it disagrees materially with the stated change, if it does. */
  disagrees?: 'direction' | 'size' | null;
  /** True when this base is the stated base itself (year-on-year claims): not an alternative. */
  same?: boolean;
  incomplete?: string[];
}

export interface BaseSensitivity {
  /** The change on the stated base (observed.change). */
  stated: number;
  /** The size margin used for this claim (fraction). */
  margin: number;
  alternatives: BaseAlternativeResult[];
  /** Some alternative disagrees materially: the figure depends on picking the base. */
  sensitive: boolean;
}

export function checkClaim(panel: Panel, input: ClaimInput): ClaimResult {
  const id = resolveSeriesId(panel, input.series);
  const place = resolvePlace(input.place);
  const basis = input.basis ?? 'daily-average';
  const to = parsePeriod(input.to, '--to');
  let from: Period;
  if (basis === 'year-on-year') from = input.from ? parsePeriod(input.from, '--from') : yearBefore(to);
  else {
    if (!input.from)
      throw new QueryError(
        '--from is required (the period the change is measured from) unless --basis year-on-year',
      );
    from = parsePeriod(input.from, '--from');
  }
  if (from.first > to.first) throw new QueryError(`--from ${from.label} is after --to ${to.label}`);
  const claimed =
    input.change === undefined
      ? null
      : typeof input.change === 'number'
        ? input.change
        : parseChange(input.change);
  const ps = placeSeries(panel, id, place, input.vintage);
  const valueBasis: Basis = basis === 'monthly-total' ? 'monthly-total' : 'daily-average';
  const valueFrom = periodValue(ps, from, valueBasis);
  const valueTo = periodValue(ps, to, valueBasis);
  const observed = valueTo / valueFrom - 1;
  const tolerance = input.tolerance ?? 0.02;
  const holds = verdict(observed, claimed, tolerance);
  const incomplete = [...incompleteIn(ps, from), ...incompleteIn(ps, to)];
  const sensitivity = baseSensitivity(ps, from, to, valueBasis, observed, claimed, tolerance);
  const caveats = caveatsFor(panel, ps.series.meta, place, from, to, incomplete, basis);
  sensitivityCaveat(sensitivity, holds, caveats);
  const pct = (x: number) => `${x > 0 ? '+' : x < 0 ? '−' : ''}${Math.abs(x * 100).toFixed(1)}%`;
  return {
    claim: {
      series: id,
      place: place.name,
      from: from.label,
      to: to.label,
      change: claimed,
      tolerance,
      text: `${id} in ${place.name}: ${claimed === null ? 'change' : pct(claimed)} from ${from.label} to ${to.label} (${basis})`,
    },
    basis,
    series: { id, vintage: ps.series.meta.vintage, unit: ps.series.meta.unit },
    place: ps.place,
    observed: { from: from.label, to: to.label, valueFrom, valueTo, change: observed },
    holds,
    difference: claimed === null ? null : observed - claimed,
    incomplete,
    caveats: caveats.en,
    caveats_es: caveats.es,
    sensitivity,
  };
}

/** The verdict rule: the observed change goes the claimed way and is as large, less the tolerance. */
export function verdict(observed: number, claimed: number | null, tolerance: number): boolean | null {
  return claimed === null
    ? null
    : Math.sign(observed) === Math.sign(claimed) && Math.abs(observed) >= Math.abs(claimed) - tolerance;
}

/** The months of an alternative base for the stated base `from` and the compared period `to`. */
export function alternativeBase(kind: AlternativeBase, from: Period, to: Period): Period {
  const range = (first: number, last: number): Period => ({
    first,
    last,
    label: first === last ? monthLabel(first) : `${monthLabel(first)}..${monthLabel(last)}`,
  });
  if (kind === 'previous-3-months') return range(from.first - 3, from.first - 1);
  if (kind === 'previous-12-months') return range(from.first - 12, from.first - 1);
  return yearBefore(to);
}

/**
 * The change from each alternative base to `to`, on the claim's basis (a monthly-total claim compares
 * average monthly totals, since the bases differ in length), and whether any disagrees materially with
 * the change on the stated base.
 */
export function baseSensitivity(
  ps: PlaceSeries,
  from: Period,
  to: Period,
  basis: Basis,
  stated: number,
  claimed: number | null,
  tolerance: number,
): BaseSensitivity {
  const perMonth = (p: Period) => {
    const v = periodValue(ps, p, basis);
    return basis === 'monthly-total' ? v / months(p).length : v;
  };
  const valueTo = perMonth(to);
  const margin = Math.max(SENSITIVITY_MARGIN.points, SENSITIVITY_MARGIN.relative * Math.abs(stated));
  const alternatives = ALTERNATIVE_BASES.map((kind): BaseAlternativeResult => {
    const base = alternativeBase(kind, from, to);
    if (base.first === from.first && base.last === from.last) return { kind, base: base.label, same: true };
    let valueBase: number;
    try {
      valueBase = perMonth(base);
    } catch (err) {
      if (err instanceof QueryError) return { kind, base: base.label, unavailable: err.message };
      throw err;
    }
    const change = valueTo / valueBase - 1;
    const difference = change - stated;
    const flips =
      Math.sign(change) !== Math.sign(stated) && Math.abs(change) > tolerance && Math.abs(stated) > tolerance;
    return {
      kind,
      base: base.label,
      valueBase,
      change,
      difference,
      holds: verdict(change, claimed, tolerance),
      disagrees: flips ? 'direction' : Math.abs(difference) > margin ? 'size' : null,
      incomplete: incompleteIn(ps, base),
    };
  });
  return { stated, margin, alternatives, sensitive: alternatives.some((a) => Boolean(a.disagrees)) };
}

/** Base period labels in words for the caveats. */
const BASE_WORDS: Record<AlternativeBase, { en: string; es: string }> = {
  'previous-3-months': { en: 'the 3 months before', es: 'los 3 meses previos' },
  'previous-12-months': { en: 'the 12 months before', es: 'los 12 meses previos' },
  'year-earlier': { en: 'the same months a year earlier', es: 'los mismos meses un año antes' },
};

function sensitivityCaveat(s: BaseSensitivity, holds: boolean | null, out: Caveats): void {
  const pct = (x: number) => `${x > 0 ? '+' : x < 0 ? '−' : ''}${Math.abs(x * 100).toFixed(1)}%`;
  const measured = s.alternatives.filter((a) => a.change !== undefined);
  if (measured.length === 0) return;
  const list = (lang: 'en' | 'es') =>
    measured.map((a) => `${BASE_WORDS[a.kind][lang]} (${a.base}) ${pct(a.change!)}`).join('; ');
  if (s.sensitive) {
    out.en.push(
      `The figure depends on picking the base: against other base periods the change is ${list('en')}, against ${pct(s.stated)} on the stated base.`,
    );
    out.es.push(
      `La cifra depende de la base elegida: con otros periodos base el cambio es ${list('es')}, frente a ${pct(s.stated)} con la base declarada.`,
    );
  } else {
    out.en.push(
      `Other base periods give ${list('en')}: within ${(s.margin * 100).toFixed(1)} points of the stated base's ${pct(s.stated)}.`,
    );
    out.es.push(
      `Otros periodos base dan ${list('es')}: a menos de ${(s.margin * 100).toFixed(1)} puntos del ${pct(s.stated)} con la base declarada.`,
    );
  }
  const flipped = measured.filter((a) => holds !== null && a.holds !== holds);
  if (flipped.length > 0) {
    const names = (lang: 'en' | 'es') => {
      const w = flipped.map((a) => BASE_WORDS[a.kind][lang]);
      return w.length > 1 ? `${w.slice(0, -1).join(', ')} ${lang === 'en' ? 'and' : 'y'} ${w.at(-1)}` : w[0];
    };
    out.en.push(
      `Against ${names('en')}, the claim would ${holds ? 'not hold' : 'hold'}: the verdict depends on the base.`,
    );
    out.es.push(
      `Frente a ${names('es')}, la afirmación ${holds ? 'no se sostendría' : 'se sostendría'}: el veredicto depende de la base.`,
    );
  }
}

/** Units of the imported series (SeriesMeta.unit) in Spanish. */
const UNIT_ES: Record<string, string> = {
  victims: 'víctimas',
  persons: 'personas',
  deaths: 'defunciones',
  carpetas: 'carpetas',
  events: 'eventos',
};

/** Caveats in English and Spanish, item by item (the report shows the reader's language). */
export interface Caveats {
  en: string[];
  es: string[];
}

function caveatsFor(
  panel: Panel,
  meta: { id: string; vintage: string; unit: string },
  place: Place,
  from: Period,
  to: Period,
  incomplete: string[],
  basis: string,
): Caveats {
  const out: Caveats = { en: [], es: [] };
  const add = (en: string, es: string) => {
    out.en.push(en);
    out.es.push(es);
  };
  const sesnsp = meta.id.startsWith('sesnsp.');
  add(
    `Data: ${meta.id}, release (vintage) ${meta.vintage}${sesnsp ? '; SESNSP revises every month, later releases can change these figures' : ''}.`,
    `Datos: ${meta.id}, publicación ${meta.vintage}${sesnsp ? '; el SESNSP revisa cada mes y publicaciones posteriores pueden cambiar estas cifras' : ''}.`,
  );
  if (incomplete.length > 0) {
    add(
      `Incomplete months used: ${incomplete.join(', ')} (the latest months of a release are usually revised upward, so a fall may shrink).`,
      `Meses incompletos usados: ${incomplete.join(', ')} (los últimos meses de una publicación suelen revisarse al alza, así que una baja puede reducirse).`,
    );
  }
  const vintages = [...new Set(panel.all(meta.id).map((s) => s.meta.vintage))];
  if (vintages.length > 1) {
    add(
      `Other releases of this series are imported (${vintages.join(', ')}); see \`atalaya audit revisions\`.`,
      `Hay otras publicaciones de esta serie importadas (${vintages.join(', ')}); véase \`atalaya audit revisions\`.`,
    );
  }
  if (meta.id.startsWith('sesnsp.victims.')) {
    add(
      'SESNSP counts victims in prosecutors’ investigation files; INEGI death certificates count more homicides and are published a year later.',
      'El SESNSP cuenta víctimas en las carpetas de investigación de las fiscalías; los certificados de defunción del INEGI cuentan más homicidios y se publican un año después.',
    );
  }
  if (basis === 'daily-average') {
    add(
      `Basis: ${meta.unit} per day in each period (so months of different length compare fairly).`,
      `Base: ${UNIT_ES[meta.unit] ?? meta.unit} por día en cada periodo (así se comparan con justicia meses de distinta duración).`,
    );
  }
  if (meta.id === HOMICIDE) reclassificationCaveat(panel, place, from, to, add);
  return out;
}

function reclassificationCaveat(
  panel: Panel,
  place: Place,
  from: Period,
  to: Period,
  add: (en: string, es: string) => void,
): void {
  let r: Reclassification;
  try {
    r = reclassification(panel, place, from, to);
  } catch {
    add(
      'Reclassification could not be checked for these periods.',
      'No se pudo revisar la reclasificación para estos periodos.',
    );
    return;
  }
  const rising = r.others.filter((c) => c.change > 0);
  const list = (lang: 'en' | 'es') =>
    rising
      .map(
        (c) =>
          `${lang === 'en' ? c.label : labelEs(c.id)} ${c.relative >= 0 ? '+' : ''}${(c.relative * 100).toFixed(0)}%`,
      )
      .join('; ');
  if (r.offsetShare !== null && rising.length > 0) {
    const share = (r.offsetShare * 100).toFixed(0);
    add(
      `Over the same periods, categories a death could be recorded in rose (${list('en')}): together ${share}% of the fall in intentional homicides (an upper bound of reclassification; see \`atalaya audit reclassification\`).`,
      `En los mismos periodos subieron categorías en las que podría registrarse una muerte (${list('es')}): en conjunto, ${share}% de la baja en homicidios dolosos (una cota superior de la reclasificación; véase \`atalaya audit reclassification\`).`,
    );
  }
  if (r.missing.length > 0) {
    const ids = r.missing.map((m) => m.id).join(', ');
    add(
      `Not checked for reclassification: ${ids} (not imported or outside their coverage).`,
      `Sin revisar para la reclasificación: ${ids} (no importadas o fuera de su cobertura).`,
    );
  }
}

function labelEs(id: string): string {
  return DESTINATIONS.find((d) => d.id === id)?.label_es ?? id;
}
