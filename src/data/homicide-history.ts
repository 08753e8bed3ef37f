/**
 * Mexico's national homicides by year of occurrence, from INEGI death certificates ("defunciones por
 * homicidio", Estadísticas de Defunciones Registradas): the series the status-quo scenario is
 * calibrated to. 2012–2021 equal `Trends2012_2021.csv` of Prieto-Curiel et al. (2023); 2022–2024 are
 * INEGI's final figures as transcribed in `shared/data/facts/national_homicides_inegi.csv`
 * (2023: 32,252, preliminary release 31,062; 2024: 33,550, 25.8 per 100,000).
 * test/data/homicide-history.test.ts checks this table against both files when present.
 */
export const INEGI_NATIONAL_HOMICIDES: Readonly<Record<number, number>> = {
  2012: 25967,
  2013: 23063,
  2014: 20010,
  2015: 20762,
  2016: 24559,
  2017: 32082,
  2018: 36687,
  2019: 36662,
  2020: 36773,
  2021: 35625,
  2022: 33287,
  2023: 32252,
  2024: 33550,
};

export interface YearValue {
  year: number;
  value: number;
}

/** The calibration target as an ordered list. */
export function homicideHistory(): YearValue[] {
  return Object.entries(INEGI_NATIONAL_HOMICIDES)
    .map(([year, value]) => ({ year: Number(year), value }))
    .sort((a, b) => a.year - b.year);
}
