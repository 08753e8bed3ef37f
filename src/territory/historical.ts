import type { LayerRivalry, TerritoryEntry, TerritoryLayer } from './layer.js';
import type { Shock } from './shocks.js';

/**
 * A COARSE EXAMPLE, NOT A MAP OF CONTROL: the main trafficking organisations of December 2006 – 2011 in
 * their core states, with their main rivalries and a few dated blows to their leadership, kept to facts
 * that are well established in public reporting. It is state-level (a group "in Chihuahua" is somewhere in
 * Chihuahua), leaves out many states where these groups also operated and every smaller group, and its
 * confidences are modest on purpose. Use it to try the method on the CIDE-PPD events of the same period
 * (`atalaya territory cide-check`), not to say who held which town.
 *
 * Sources:
 * - CRS: Beittel, J. S. (2011). Mexico's Drug Trafficking Organizations: Source and Scope of the Rising
 *   Violence. Congressional Research Service report R41576, 7 September 2011 (public domain; the 2013
 *   edition is titled "… Source and Scope of the Violence"). It names the seven major organisations of the
 *   period (Sinaloa, Juárez, Tijuana/Arellano Félix, Gulf, Los Zetas, Beltrán Leyva, La Familia
 *   Michoacana), the 2008 Beltrán Leyva split from Sinaloa, the Sinaloa–Juárez war over Ciudad Juárez from
 *   2008, and the 2010 split of Los Zetas from the Gulf organisation.
 * - InSight Crime's profiles of each organisation (insightcrime.org, "Criminal groups" pages).
 *
 * Confidence (ASSUMPTION, Atalaya's, not the sources'): 0.7 for an organisation's home base, 0.5 for a core
 * state it fought over or held with others, 0.3 for a documented but secondary presence. Every entry ends in
 * 2011-12: the layer says nothing about later years.
 */
const CRS =
  'Beittel (2011), Mexico’s Drug Trafficking Organizations: Source and Scope of the Rising Violence, CRS report R41576';
const IC = (profile: string) => `InSight Crime profile: ${profile}`;
const both = (profile: string) => `${CRS}; ${IC(profile)}`;

export const HISTORICAL_GROUPS = {
  sinaloa: 'Cártel de Sinaloa',
  juarez: 'Cártel de Juárez',
  tijuana: 'Cártel de Tijuana (Arellano Félix)',
  gulf: 'Cártel del Golfo',
  zetas: 'Los Zetas',
  blo: 'Cártel de los Beltrán Leyva',
  familia: 'La Familia Michoacana',
} as const;

const G = HISTORICAL_GROUPS;
const FIRST = '2006-12';
const LAST = '2011-12';

/** [group, state, start, confidence, source] */
const PRESENCE: readonly [string, string, string, number, string][] = [
  // Sinaloa: home state and the "Golden Triangle" with Durango and Chihuahua's sierra; Sonora corridor.
  [G.sinaloa, '25', FIRST, 0.7, both('Sinaloa Cartel')],
  [G.sinaloa, '10', FIRST, 0.5, both('Sinaloa Cartel')],
  [G.sinaloa, '26', FIRST, 0.5, both('Sinaloa Cartel')],
  // Its push into Ciudad Juárez and Tijuana, from 2008.
  [G.sinaloa, '08', '2008-01', 0.5, both('Sinaloa Cartel; Juárez Cartel')],
  [G.sinaloa, '02', '2008-01', 0.3, both('Tijuana Cartel')],
  [G.juarez, '08', FIRST, 0.7, both('Juárez Cartel')],
  [G.tijuana, '02', FIRST, 0.7, both('Tijuana Cartel')],
  // Gulf: Tamaulipas base, Nuevo León; Los Zetas were its armed wing until the 2010 split.
  [G.gulf, '28', FIRST, 0.7, both('Gulf Cartel')],
  [G.gulf, '19', FIRST, 0.4, both('Gulf Cartel')],
  [G.zetas, '28', '2010-02', 0.5, both('Zetas')],
  [G.zetas, '19', '2010-02', 0.5, both('Zetas')],
  [G.zetas, '05', '2010-02', 0.5, both('Zetas')],
  [G.zetas, '30', '2010-02', 0.4, both('Zetas')],
  // Beltrán Leyva after the January 2008 split: Guerrero, Morelos, and its old ground in Sinaloa.
  [G.blo, '12', '2008-01', 0.5, both('Beltrán Leyva Organization')],
  [G.blo, '17', '2008-01', 0.5, both('Beltrán Leyva Organization')],
  [G.blo, '25', '2008-01', 0.3, both('Beltrán Leyva Organization')],
  // La Familia Michoacana: Michoacán, with reach into Guerrero and the State of México.
  [G.familia, '16', FIRST, 0.7, both('La Familia Michoacana')],
  [G.familia, '12', FIRST, 0.3, both('La Familia Michoacana')],
  [G.familia, '15', FIRST, 0.3, both('La Familia Michoacana')],
];

/**
 * ASSUMPTION: weights on Atalaya's ordinal scale, normalised to 0–1: 1 = open war of the period,
 * 0.67 = long-standing rivalry with repeated clashes (as the built-in network's 3 and 2).
 */
const RIVALRIES: readonly LayerRivalry[] = [
  { a: G.sinaloa, b: G.juarez, weight: 1, start: '2008-01', end: LAST, source: both('Juárez Cartel') },
  {
    a: G.sinaloa,
    b: G.blo,
    weight: 1,
    start: '2008-01',
    end: LAST,
    source: both('Beltrán Leyva Organization'),
  },
  { a: G.gulf, b: G.zetas, weight: 1, start: '2010-02', end: LAST, source: both('Zetas; Gulf Cartel') },
  { a: G.sinaloa, b: G.tijuana, weight: 0.67, start: FIRST, end: LAST, source: both('Tijuana Cartel') },
  { a: G.familia, b: G.zetas, weight: 0.67, start: FIRST, end: LAST, source: both('La Familia Michoacana') },
];

/**
 * Blows to leadership in the period, each widely reported at the time (no person is named: the model
 * represents organisations). Strength 1 = a top leader removed, as in src/sim/history.ts.
 */
export const HISTORICAL_SHOCKS: readonly Shock[] = [
  {
    date: '2008-10-26',
    group: G.tijuana,
    kind: 'leader-removal',
    strength: 1,
    what: 'A top leader of the Arellano Félix organisation captured in Tijuana',
    source: both('Tijuana Cartel'),
  },
  {
    date: '2009-12-16',
    group: G.blo,
    kind: 'leader-removal',
    strength: 1,
    what: 'The top leader of the Beltrán Leyva organisation killed by the Navy in Cuernavaca',
    source: both('Beltrán Leyva Organization'),
  },
  {
    date: '2010-11-05',
    group: G.gulf,
    kind: 'leader-removal',
    strength: 1,
    what: 'A top leader of the Gulf organisation killed by the Navy in Matamoros',
    source: both('Gulf Cartel'),
  },
  {
    date: '2011-06-21',
    group: G.familia,
    kind: 'leader-removal',
    strength: 1,
    what: 'The top leader of La Familia Michoacana captured',
    source: IC('La Familia Michoacana'),
  },
];

/** The built-in 2006–2011 layer (state level), with its rivalries. */
export function historicalLayer(): TerritoryLayer {
  const entries: TerritoryEntry[] = PRESENCE.map(([group, area, start, confidence, source]) => ({
    area,
    group,
    start,
    end: LAST,
    confidence,
    source,
  }));
  return {
    name: 'historical-2006-2011',
    source: `Atalaya's coarse example layer for 2006–2011 (state level) from ${CRS} and InSight Crime profiles`,
    entries,
    rivalries: RIVALRIES.map((r) => ({ ...r })),
  };
}
