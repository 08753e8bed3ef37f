import { QueryError } from '../data/errors.js';
import type { Panel } from '../data/panel/panel.js';
import {
  type Basis,
  incompleteIn,
  type Place,
  periodValue,
  placeSeries,
  resolvePlace,
  resolveSeriesId,
} from './measure.js';
import { type Period, parseChange, parsePeriod, yearBefore } from './periods.js';
import { DESTINATIONS, HOMICIDE, type Reclassification, reclassification } from './reclassification.js';

/**
 * Check an official claim against the data: "intentional homicides fell 25% between September 2024 and
 * June 2025" becomes a recomputation on a stated basis, a verdict, and the caveats that go with it.
 *
 * Bases: `daily-average` (the government's own measure: victims per day in each period; default),
 * `monthly-total` (sums), `year-on-year` (`to` against the same period a year earlier).
 * A claim holds if the observed change goes the claimed way and is at least as large as claimed, less a
 * tolerance (default 2 percentage points): "fell 25%" holds for −24% or −30%, not for −18%.
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
  const holds =
    claimed === null
      ? null
      : Math.sign(observed) === Math.sign(claimed) && Math.abs(observed) >= Math.abs(claimed) - tolerance;
  const incomplete = [...incompleteIn(ps, from), ...incompleteIn(ps, to)];
  const caveats = caveatsFor(panel, ps.series.meta, place, from, to, incomplete, basis);
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
  };
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
