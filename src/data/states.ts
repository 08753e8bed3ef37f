/**
 * Mexico's 32 states as the default area graph of the simulator.
 *
 * - Codes: INEGI Marco Geoestadístico, 2-digit CVE_ENT.
 * - Population: CONAPO mid-year 2020 (Conciliación demográfica 1950–2019 y Proyecciones 2020–2070, 2023
 *   release), as staged in `shared/data/conapo_population_lapanquecita/poblacion_entidad_total.csv`;
 *   test/data/states.test.ts re-reads that file and checks these numbers.
 * - Adjacency: states that share a land border, derived from INEGI state boundaries
 *   (`shared/data/geo_mxmaps/mxstate.topojson`, via topojson-client `neighbors`); the same test
 *   recomputes it from the TopoJSON.
 */

export interface StateInfo {
  /** 2-digit INEGI code. */
  code: string;
  name: string;
  /** Short labels used in tables. */
  abbr: string;
  /** CONAPO mid-year 2020 population. */
  population2020: number;
  /** Codes of states sharing a land border. */
  neighbors: readonly string[];
}

export const STATES: readonly StateInfo[] = [
  { code: '01', name: 'Aguascalientes', abbr: 'AGS', population2020: 1456050, neighbors: ['14', '32'] },
  { code: '02', name: 'Baja California', abbr: 'BC', population2020: 3838619, neighbors: ['03', '26'] },
  { code: '03', name: 'Baja California Sur', abbr: 'BCS', population2020: 815098, neighbors: ['02'] },
  { code: '04', name: 'Campeche', abbr: 'CAM', population2020: 939179, neighbors: ['23', '27', '31'] },
  { code: '05', name: 'Coahuila', abbr: 'COA', population2020: 3197122, neighbors: ['08', '10', '19', '32'] },
  { code: '06', name: 'Colima', abbr: 'COL', population2020: 745122, neighbors: ['14', '16'] },
  { code: '07', name: 'Chiapas', abbr: 'CHIS', population2020: 5715260, neighbors: ['20', '27', '30'] },
  {
    code: '08',
    name: 'Chihuahua',
    abbr: 'CHIH',
    population2020: 3812627,
    neighbors: ['05', '10', '25', '26'],
  },
  { code: '09', name: 'Ciudad de México', abbr: 'CDMX', population2020: 9332593, neighbors: ['15', '17'] },
  {
    code: '10',
    name: 'Durango',
    abbr: 'DGO',
    population2020: 1858155,
    neighbors: ['05', '08', '18', '25', '32'],
  },
  {
    code: '11',
    name: 'Guanajuato',
    abbr: 'GTO',
    population2020: 6265796,
    neighbors: ['14', '16', '22', '24', '32'],
  },
  {
    code: '12',
    name: 'Guerrero',
    abbr: 'GRO',
    population2020: 3599955,
    neighbors: ['15', '16', '17', '20', '21'],
  },
  {
    code: '13',
    name: 'Hidalgo',
    abbr: 'HGO',
    population2020: 3130166,
    neighbors: ['15', '21', '22', '24', '29', '30'],
  },
  {
    code: '14',
    name: 'Jalisco',
    abbr: 'JAL',
    population2020: 8507662,
    neighbors: ['01', '06', '11', '16', '18', '32'],
  },
  {
    code: '15',
    name: 'México',
    abbr: 'MEX',
    population2020: 17236788,
    neighbors: ['09', '12', '13', '16', '17', '21', '22', '29'],
  },
  {
    code: '16',
    name: 'Michoacán',
    abbr: 'MICH',
    population2020: 4830267,
    neighbors: ['06', '11', '12', '14', '15', '22'],
  },
  { code: '17', name: 'Morelos', abbr: 'MOR', population2020: 2002754, neighbors: ['09', '12', '15', '21'] },
  { code: '18', name: 'Nayarit', abbr: 'NAY', population2020: 1252690, neighbors: ['10', '14', '25', '32'] },
  {
    code: '19',
    name: 'Nuevo León',
    abbr: 'NL',
    population2020: 5905971,
    neighbors: ['05', '24', '28', '32'],
  },
  { code: '20', name: 'Oaxaca', abbr: 'OAX', population2020: 4204445, neighbors: ['07', '12', '21', '30'] },
  {
    code: '21',
    name: 'Puebla',
    abbr: 'PUE',
    population2020: 6705217,
    neighbors: ['12', '13', '15', '17', '20', '29', '30'],
  },
  {
    code: '22',
    name: 'Querétaro',
    abbr: 'QRO',
    population2020: 2419819,
    neighbors: ['11', '13', '15', '16', '24'],
  },
  { code: '23', name: 'Quintana Roo', abbr: 'QROO', population2020: 1898241, neighbors: ['04', '31'] },
  {
    code: '24',
    name: 'San Luis Potosí',
    abbr: 'SLP',
    population2020: 2871697,
    neighbors: ['11', '13', '19', '22', '28', '30', '32'],
  },
  { code: '25', name: 'Sinaloa', abbr: 'SIN', population2020: 3079773, neighbors: ['08', '10', '18', '26'] },
  { code: '26', name: 'Sonora', abbr: 'SON', population2020: 3002286, neighbors: ['02', '08', '25'] },
  { code: '27', name: 'Tabasco', abbr: 'TAB', population2020: 2440449, neighbors: ['04', '07', '30'] },
  { code: '28', name: 'Tamaulipas', abbr: 'TAMPS', population2020: 3595971, neighbors: ['19', '24', '30'] },
  { code: '29', name: 'Tlaxcala', abbr: 'TLAX', population2020: 1369950, neighbors: ['13', '15', '21'] },
  {
    code: '30',
    name: 'Veracruz',
    abbr: 'VER',
    population2020: 8169287,
    neighbors: ['07', '13', '20', '21', '24', '27', '28'],
  },
  { code: '31', name: 'Yucatán', abbr: 'YUC', population2020: 2363123, neighbors: ['04', '23'] },
  {
    code: '32',
    name: 'Zacatecas',
    abbr: 'ZAC',
    population2020: 1647038,
    neighbors: ['01', '05', '10', '11', '14', '18', '19', '24'],
  },
];

/** Lower-case, accent-free, single-spaced: the key used to match state names across sources. */
export function normalizeName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Official long names and common short forms seen in SESNSP, INEGI and press sources. */
const ALIASES: Record<string, string> = {
  'coahuila de zaragoza': '05',
  'michoacan de ocampo': '16',
  'veracruz de ignacio de la llave': '30',
  'estado de mexico': '15',
  edomex: '15',
  cdmx: '09',
  'distrito federal': '09',
};

const BY_NAME: Map<string, string> = new Map([
  ...STATES.map((s) => [normalizeName(s.name), s.code] as [string, string]),
  ...Object.entries(ALIASES),
]);

/** The INEGI code of a state name (accents and case ignored), or undefined. */
export function stateCodeByName(name: string): string | undefined {
  return BY_NAME.get(normalizeName(name));
}

export function stateByCode(code: string): StateInfo | undefined {
  return STATES.find((s) => s.code === code);
}
