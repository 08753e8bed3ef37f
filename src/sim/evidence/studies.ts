/**
 * The published studies the model's mechanisms are calibrated to (docs/EVIDENCE.md): what each estimated,
 * at which scale, and how the model re-runs its design (experiments.ts).
 *
 * `published` holds the estimate and a 90% interval. Where the paper's own standard error is not
 * transcribed here, the interval is marked as an assumption in `interval`; a study that reports a
 * direction only has `value: null` and one open bound.
 */
export interface Published {
  value: number | null;
  lo: number | null;
  hi: number | null;
  /** Where the interval comes from. */
  interval: string;
}

export type Block = 'leadership' | 'truce' | 'check';

/** What one evaluation of the designs measures (experiments.ts); a block measures only its own. */
export interface Measurements {
  homeSixMonths?: number;
  homeSevenToTwelve?: number;
  extraShare?: number;
  sweepThreeMonths?: number;
  neighbours?: number;
  truceRatio?: number;
  supplyCut?: number;
  firearmsCut?: number;
  kingpin?: number;
}

export interface Study {
  id: string;
  citation: string;
  /** The estimand as the model measures it. */
  estimand: string;
  published: Published;
  /** The parameter block its replication informs; 'check': replicated, not fitted to. */
  block: Block;
  measure: keyof Measurements;
  /** Scale of a miss in the distance: the published standard error, or for a one-sided target a tolerance. */
  scale: number;
  /**
   * 'estimate': the replication should match the published value (distance in standard errors);
   * 'bounds': it should fall between the published bounds (0 inside).
   */
  target: 'estimate' | 'bounds';
}

/** Dickenson's 415 extra deaths from 25 removals, over a year's drug-related killings 2007–2010 (34,612 in four years). */
const DICKENSON_SHARE = 415 / 25 / (34_612 / 4);

export const STUDIES: readonly Study[] = [
  {
    id: 'dickenson2014',
    citation:
      'Dickenson (2014) J Quant Criminol 30:651: 25 DTO leaders removed Dec 2006–2010, associated with 415 additional drug-related murders (state-month negative binomial, 32 states, 49 months)',
    estimand:
      'extra recorded conflict deaths nationwide in the 12 months after a leader removal, per removal, as a share of a year’s conflict deaths nationwide',
    published: {
      value: DICKENSON_SHARE,
      lo: DICKENSON_SHARE / 2,
      hi: DICKENSON_SHARE * 2,
      interval:
        'ASSUMPTION: half to twice the estimate (the paper’s standard error is not transcribed here); the share divides 415/25 by the 34,612 drug-related killings of 2007–2010 counted by the federal government, a year’s worth',
    },
    block: 'leadership',
    measure: 'extraShare',
    // On the count's own scale: a single run's estimate can be below zero (a removal followed by fewer
    // deaths), which a log scale would treat as an infinite miss, pushing the fit towards larger effects.
    scale: (DICKENSON_SHARE * 2 - DICKENSON_SHARE / 2) / 2 / 1.645,
    target: 'estimate',
  },
  {
    id: 'calderon2015',
    citation:
      'Calderón, Robles, Díaz-Cayeros & Magaloni (2015) J Conflict Resolut 59:1455: drug-related homicides +36.5% in the six months after a leader’s capture or killing, in the municipality where it happened (difference in differences with synthetic controls)',
    estimand:
      'relative rise in recorded conflict deaths in the state where the leader was removed (the group’s home state), months 1–6: the model’s finest scale, where a municipal rise is diluted by the state’s other fights',
    published: {
      value: 0.365,
      lo: 0,
      hi: 0.365,
      interval:
        'one-sided: a rise (> 0) no larger than the municipal estimate, which a state-level rise dilutes by the municipality’s share of the state’s killings (unknown here)',
    },
    block: 'leadership',
    measure: 'homeSixMonths',
    scale: 0.05,
    target: 'bounds',
  },
  {
    id: 'lindo2018',
    citation:
      'Lindo & Padilla-Romo (2018) J Health Econ 58:253: kingpin captures raise the homicide rate in the municipality of capture for at least 12 months, and in other municipalities where the organisation is present',
    estimand:
      'relative change in recorded conflict deaths in the group’s home state, months 7–12 after the removal',
    published: { value: null, lo: 0, hi: null, interval: 'one-sided: still a rise (> 0) after six months' },
    block: 'leadership',
    measure: 'homeSevenToTwelve',
    scale: 0.02,
    target: 'bounds',
  },
  {
    id: 'dell2015',
    citation:
      'Dell (2015) Am Econ Rev 105:1738: crackdowns after close PAN mayoral victories raised drug-trade homicides, and violence rose along the trafficking routes the crackdowns diverted to, as rivals fought for them',
    estimand:
      'relative change in recorded conflict deaths in the states bordering the one where the leader fell, months 1–12 after the removal',
    published: { value: null, lo: 0, hi: null, interval: 'one-sided: a rise (> 0) next door' },
    block: 'leadership',
    measure: 'neighbours',
    scale: 0.02,
    target: 'bounds',
  },
  {
    id: 'phillips2015',
    citation:
      'Phillips (2015) J Politics 77:324: arrests of mid-level members are followed by short-run decreases in violence; killings and top-level removals by increases through fragmentation',
    estimand:
      'relative change in conflict deaths involving the group in the 3 months after a middle-layer sweep (recruiters, logisticians, weapons suppliers, accountants)',
    published: { value: null, lo: null, hi: 0, interval: 'one-sided: a fall (< 0)' },
    block: 'leadership',
    measure: 'sweepThreeMonths',
    scale: 0.02,
    target: 'bounds',
  },
  {
    id: 'katz2016',
    citation:
      'Katz, Hedberg & Amaya (2016) Bull World Health Organ 94:660: the 2012 gang truce in El Salvador, homicide rate ratio 0.55–0.61 over its 22 months (interrupted time series)',
    estimand:
      'rate ratio of recorded conflict deaths in the mediated areas over the 22 months after a truce starts, while it holds (mediation at full strength in the 5 hottest areas)',
    published: {
      value: 0.58,
      lo: 0.55,
      hi: 0.61,
      interval: 'the range of the published models’ estimates, taken as the 90% interval',
    },
    block: 'truce',
    measure: 'truceRatio',
    scale: 0.03 / 1.645,
    target: 'estimate',
  },
  {
    id: 'castillo2020',
    citation:
      'Castillo, Mejía & Restrepo (2020) Rev Econ Stat 102:269: cocaine scarcity from Colombian seizures raised violence in Mexico (10–14% of the 2006–2009 rise), through prices and the revenue of the groups that traffic it',
    estimand:
      'relative change in recorded conflict deaths nationwide over 24 months of enhanced border inspection (a supply cut: more is seized, what passes sells dearer)',
    published: { value: null, lo: 0, hi: null, interval: 'one-sided: a rise (> 0)' },
    block: 'check',
    measure: 'supplyCut',
    scale: 0.01,
    target: 'bounds',
  },
  {
    id: 'dube2013',
    citation:
      'Dube, Dube & García-Ponce (2013) Am Polit Sci Rev 107:397: the 2004 expiry of the US assault-weapons ban raised homicides in Mexican municipalities near the border states where it applied; fewer guns, fewer killings',
    estimand:
      'relative change in recorded conflict deaths nationwide over 24 months of a firearms-trafficking crackdown (the supply shock reversed)',
    published: {
      value: null,
      lo: null,
      hi: 0,
      interval: 'one-sided: a fall (< 0), the expiry’s rise reversed',
    },
    block: 'check',
    measure: 'firearmsCut',
    scale: 0.01,
    target: 'bounds',
  },
];

/** The distance term of one study (0 inside a 'bounds' target), in units of its scale. */
export function missOf(study: Study, value: number): number {
  const { published: p, scale } = study;
  if (!Number.isFinite(value)) return Number.POSITIVE_INFINITY;
  if (study.target === 'estimate' && p.value !== null) return (value - p.value) / scale;
  if (p.lo !== null && value < p.lo) return (p.lo - value) / scale;
  if (p.hi !== null && value > p.hi) return (value - p.hi) / scale;
  return 0;
}

/** Whether a replicated value lies inside the published interval (open bounds unbounded). */
export function within(study: Study, value: number): boolean {
  const { lo, hi } = study.published;
  return (lo === null || value >= lo) && (hi === null || value <= hi);
}
