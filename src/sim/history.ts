/**
 * Dated shocks to criminal groups between 2012 and the present, part of the status quo (mechanism
 * `history`). They are events that happened to organisations, named by the group; the model never
 * represents individuals. Groups are matched by short name in either network (the 2020 files of
 * Prieto-Curiel et al. or the built-in description); an event whose group is absent is skipped.
 *
 * The size of each shock is not fitted: a leader removal applies the calibrated leadership mechanism
 * (Calderón et al. 2015), a split or rivalry onset the split parameters. So how well the status quo tracks
 * the 2012–2024 homicide series (docs/CALIBRATION.md) is a real check, not a fit.
 */
export interface HistoryEvent {
  date: string; // YYYY-MM-DD
  kind: 'leader-removal' | 'rivalry-onset';
  /** Short names of the groups concerned (the second only for a rivalry onset). */
  group: string;
  other?: string;
  /** 1 = full leader removal; for a rivalry onset, the tie weight relative to splitRivalry. */
  strength: number;
  /** Leaders extradited or held abroad (no control from a Mexican prison). */
  abroad?: boolean;
  what: string;
  source: string;
}

export const HISTORY: readonly HistoryEvent[] = [
  {
    date: '2013-07-15',
    kind: 'leader-removal',
    group: 'Zetas',
    strength: 1,
    what: 'Top leader of Los Zetas captured in Nuevo Laredo',
    source: 'Reuters, 16 Jul 2013; InSight Crime profile of Los Zetas',
  },
  {
    date: '2014-02-22',
    kind: 'leader-removal',
    group: 'Sinaloa',
    strength: 1,
    what: 'Top leader of the Sinaloa Cartel captured in Mazatlán',
    source: 'Reuters, 22 Feb 2014; CRS R41576',
  },
  {
    date: '2014-03-09',
    kind: 'leader-removal',
    group: 'Caballeros Templarios',
    strength: 1,
    what: 'Founder of the Knights Templar killed by federal forces in Michoacán',
    source: 'Reuters, 9 Mar 2014; InSight Crime profile of the Knights Templar',
  },
  {
    date: '2015-02-27',
    kind: 'leader-removal',
    group: 'Caballeros Templarios',
    strength: 1,
    what: 'Last top leader of the Knights Templar captured in Morelia',
    source: 'Reuters, 27 Feb 2015',
  },
  {
    date: '2015-03-04',
    kind: 'leader-removal',
    group: 'Zetas',
    strength: 1,
    what: 'Successor leader of Los Zetas captured in Monterrey',
    source: 'Reuters, 4 Mar 2015',
  },
  {
    date: '2016-01-08',
    kind: 'leader-removal',
    group: 'Sinaloa',
    strength: 1,
    what: 'Sinaloa Cartel top leader recaptured after his July 2015 escape',
    source: 'Reuters, 8 Jan 2016; CRS R41576',
  },
  {
    date: '2017-01-19',
    kind: 'leader-removal',
    group: 'Sinaloa',
    strength: 0.5,
    abroad: true,
    what: 'Sinaloa Cartel top leader extradited to the US; succession fight between factions (2016–2017)',
    source: 'US DOJ press release, 20 Jan 2017; InSight Crime on the Sinaloa succession war',
  },
  {
    date: '2024-07-25',
    kind: 'leader-removal',
    group: 'Sinaloa',
    strength: 1,
    abroad: true,
    what: 'Co-founder of the Sinaloa Cartel taken to the US and arrested',
    source: 'US DOJ, 25 Jul 2024; El País, Sep 2024',
  },
  {
    date: '2024-09-09',
    kind: 'rivalry-onset',
    group: 'Sinaloa',
    other: 'Chapitos',
    strength: 1,
    what: 'War between the Sinaloa Cartel factions (Chapitos vs Mayiza): ~1,400 dead and ~2,000 missing by June 2025',
    source: 'El País, Sep 2024; Sinaloa state government via Vallarta Daily, Jun 2025',
  },
];
