/**
 * National mid-year population, used for rates per 100,000.
 *
 * Source: CONAPO, Conciliación Demográfica de México 1950–2019 y Proyecciones de la Población de
 * México y de las Entidades Federativas 2020–2070 (2023 release); sums of the 32 states in
 * `shared/data/conapo_population_lapanquecita/poblacion_entidad_total.csv` (test/data/population.test.ts
 * re-derives these from that file).
 */
const NATIONAL_POPULATION: Readonly<Record<number, number>> = {
  2010: 114756059,
  2011: 116446180,
  2012: 118060514,
  2013: 119597654,
  2014: 121048604,
  2015: 122368490,
  2016: 123587407,
  2017: 124777172,
  2018: 125995825,
  2019: 127215666,
  2020: 128209170,
  2021: 128982939,
  2022: 129960600,
  2023: 131135337,
  2024: 132274416,
  2025: 133367428,
  2026: 134407258,
  2027: 135391662,
  2028: 136321595,
  2029: 137200808,
  2030: 138033990,
  2031: 138825843,
  2032: 139580548,
  2033: 140301983,
  2034: 140993393,
  2035: 141656637,
  2036: 142291504,
  2037: 142895488,
  2038: 143464237,
  2039: 143992746,
  2040: 144476530,
};

const FIRST = 2010;
const LAST = 2040;

/**
 * Mexico's population at a fractional calendar year (mid-year values interpolated linearly; held
 * flat outside 2010–2040, which the simulator never reaches with its default horizons).
 */
export function nationalPopulation(year: number): number {
  const y = year - 0.5; // table values are mid-year
  if (y <= FIRST) return NATIONAL_POPULATION[FIRST];
  if (y >= LAST) return NATIONAL_POPULATION[LAST];
  const lo = Math.floor(y);
  const f = y - lo;
  return NATIONAL_POPULATION[lo] * (1 - f) + NATIONAL_POPULATION[lo + 1] * f;
}

export const NATIONAL_POPULATION_TABLE = NATIONAL_POPULATION;
