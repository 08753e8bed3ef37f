import type { Panel } from '../data/panel/panel.js';
import { STATES } from '../data/states.js';
import { incompleteIn, type Place, periodValue, placeSeries } from './measure.js';
import type { Period } from './periods.js';

/**
 * Could a fall in intentional homicides be deaths recorded elsewhere? For the same place and periods,
 * the change in intentional-homicide victims is set against the categories a death could move into:
 * feminicide, negligent homicide, "other crimes against life and bodily integrity" (SESNSP victims),
 * disappeared persons not located and persons located dead (RNPDNO). All on a daily-average basis.
 *
 * offsetShare = (sum of the increases in the other categories) / (fall in intentional homicides):
 * 0 means nothing rose elsewhere; ≥ 1 means the rises elsewhere could account for the whole fall. It is
 * an upper bound of reclassification: rises elsewhere can have other causes.
 */
export const HOMICIDE = 'sesnsp.victims.homicidio-doloso';
export const DESTINATIONS: readonly { id: string; label: string; label_es: string }[] = [
  { id: 'sesnsp.victims.feminicidio', label: 'Feminicide', label_es: 'Feminicidio' },
  { id: 'sesnsp.victims.homicidio-culposo', label: 'Negligent homicide', label_es: 'Homicidio culposo' },
  {
    id: 'sesnsp.victims.otros-delitos-que-atentan-contra-la-vida-y-la-integridad-corporal',
    label: 'Other crimes against life and bodily integrity',
    label_es: 'Otros delitos contra la vida y la integridad corporal',
  },
  {
    id: 'rnpdno.not-located',
    label: 'Disappeared, not located (RNPDNO)',
    label_es: 'Desaparecidas no localizadas (RNPDNO)',
  },
  { id: 'rnpdno.located-dead', label: 'Located dead (RNPDNO)', label_es: 'Localizadas sin vida (RNPDNO)' },
];

export interface CategoryChange {
  id: string;
  label: string;
  /** Daily averages in the two periods. */
  before: number;
  after: number;
  change: number;
  relative: number;
  /** Months flagged incomplete in the release (to be revised). */
  incomplete: string[];
}

export interface Reclassification {
  place: Place;
  homicide: CategoryChange;
  others: CategoryChange[];
  /** Categories that could not be measured (not imported, or periods outside their coverage). */
  missing: { id: string; reason: string }[];
  /** Fall in intentional homicides per day (0 if they rose). */
  decline: number;
  /** Sum of the increases in the other categories per day. */
  absorbed: number;
  offsetShare: number | null;
  /** A fall worth examining: at least 0.5 victims a day and 10%. Tiny falls make the share meaningless. */
  material: boolean;
}

/** Thresholds of a material fall (ASSUMPTION: below them offset shares are noise). */
export const MATERIAL = { perDay: 0.5, relative: -0.1 };

function change(
  panel: Panel,
  id: string,
  label: string,
  place: Place,
  from: Period,
  to: Period,
): CategoryChange {
  const ps = placeSeries(panel, id, place);
  const before = periodValue(ps, from, 'daily-average');
  const after = periodValue(ps, to, 'daily-average');
  return {
    id,
    label,
    before,
    after,
    change: after - before,
    relative: before !== 0 ? after / before - 1 : Number.NaN,
    incomplete: [...incompleteIn(ps, from), ...incompleteIn(ps, to)],
  };
}

export function reclassification(panel: Panel, place: Place, from: Period, to: Period): Reclassification {
  const homicide = change(panel, HOMICIDE, 'Intentional homicide', place, from, to);
  const others: CategoryChange[] = [];
  const missing: { id: string; reason: string }[] = [];
  for (const d of DESTINATIONS) {
    try {
      others.push(change(panel, d.id, d.label, place, from, to));
    } catch (err) {
      missing.push({ id: d.id, reason: (err as Error).message });
    }
  }
  const decline = Math.max(0, -homicide.change);
  const absorbed = others.reduce((s, c) => s + Math.max(0, c.change), 0);
  return {
    place,
    homicide,
    others,
    missing,
    decline,
    absorbed,
    offsetShare: decline > 0 ? absorbed / decline : null,
    material: decline >= MATERIAL.perDay && homicide.relative <= MATERIAL.relative,
  };
}

/**
 * The same table for every state: states with a material fall first, ranked by offset share; then the
 * others by the size of their change.
 */
export function reclassificationByState(panel: Panel, from: Period, to: Period): Reclassification[] {
  return STATES.map((s) => reclassification(panel, { code: s.code, name: s.name }, from, to)).sort(
    (a, b) =>
      Number(b.material) - Number(a.material) ||
      (a.material ? (b.offsetShare ?? 0) - (a.offsetShare ?? 0) : a.homicide.change - b.homicide.change) ||
      a.place.code.localeCompare(b.place.code),
  );
}
