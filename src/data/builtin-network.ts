import {
  type CriminalGroup,
  type GroupNetwork,
  type GroupTie,
  PRIETO_CURIEL_CITATION,
} from './cartel-network.js';
import { STATES } from './states.js';

/**
 * Atalaya's own compact description of Mexico's criminal groups, shipped so that `npm start` works
 * offline on a fresh machine. Use the 150-group files of Prieto-Curiel et al. (2023) whenever they are
 * available (`--data DIR`, `ATALAYA_DATA`, `../shared/data`, or `atalaya data pull`); every result says
 * which of the two it used.
 *
 * What is in it, and where it comes from:
 * - 150 groups in all, the count of the 2020 CIDE/CentroGeo compilation used by Prieto-Curiel et al.
 *   (2023) and reported by CIDE's Programa de Política de Drogas (2022: ~150 groups, 163 conflicts,
 *   179 alliances). Members are split in proportion to 1/rank as in the paper; the paper's published
 *   shares for the largest groups are CJNG 17.9%, Sinaloa 8.9%, Nueva Familia Michoacana 6.2%, Noreste 4.5%,
 *   Unión Tepito 3.5%, which the 1/rank law reproduces to within 0.3 points.
 * - The 20 named groups, their home states and their main rivalries and alliances (2018–2023), from public
 *   reporting: CRS report R41576 (Beittel, "Mexico: Organized Crime and Drug Trafficking Organizations",
 *   2022 update); International Crisis Group (2020) "More than Cartels: Counting Mexico's Crime Rings";
 *   InSight Crime group profiles; CIDE-PPD (Roa 2020: CJNG present in 28 states, Sinaloa in 15).
 *   Tie weights are ordinal (3 = open, sustained war or core alliance; 2 = repeated clashes or
 *   cooperation; 1 = reported) and are Atalaya's ASSUMPTION, not published counts.
 * - The other 130 groups are anonymous local groups with no recorded ties, placed in states in
 *   proportion to population (ASSUMPTION).
 * - Two scalars put this description on the scale of the 2020 data, whose tie weights count reports
 *   (CJNG: 77 rivalry, 55 alliance): ordinal weights are multiplied by TIE_SCALE, and each local group gets
 *   LOCAL_ALLIANCE_STRENGTH of alliance weight with unlisted groups. Both were calibrated on a grid
 *   (scale 1–6, strength 0–6, steps of 0.5) to the paper's published figures (175,000 members in 2022;
 *   status quo +26% members and +40% victims by 2027; halving recruitment −11% and −25%), not to the
 *   files. Result: 163,000 members in 2022, +27.9% / +38.4%, −7.1% / −25.7% (test/data/builtin-network.test.ts).
 */
export const TIE_SCALE = 3;
export const LOCAL_ALLIANCE_STRENGTH = 3.5;
interface NamedGroup {
  key: string;
  name: string;
  home: string;
}

const NAMED: readonly NamedGroup[] = [
  { key: 'CJNG', name: 'Cártel Jalisco Nueva Generación', home: '14' },
  { key: 'Sinaloa', name: 'Cártel de Sinaloa', home: '25' },
  { key: 'NFMichoacana', name: 'La Nueva Familia Michoacana', home: '12' },
  { key: 'Noreste', name: 'Cártel del Noreste', home: '28' },
  { key: 'UTepito', name: 'La Unión Tepito', home: '09' },
  { key: 'Chapitos', name: 'Los Chapitos (Sinaloa faction)', home: '25' },
  { key: 'Golfo', name: 'Cártel del Golfo', home: '28' },
  { key: 'Zetas', name: 'Los Zetas (remnants)', home: '30' },
  { key: 'GuerrerosU', name: 'Guerreros Unidos', home: '12' },
  { key: 'Gente Nueva', name: 'Gente Nueva', home: '08' },
  { key: 'Cárteles Unidos', name: 'Cárteles Unidos', home: '16' },
  { key: 'Rojos', name: 'Los Rojos', home: '12' },
  { key: 'Fuerza Anti-Unión Tepito', name: 'Fuerza Anti-Unión', home: '09' },
  { key: 'Santa Rosa de Lima', name: 'Cártel de Santa Rosa de Lima', home: '11' },
  { key: 'Línea', name: 'La Línea (Cártel de Juárez)', home: '08' },
  { key: 'Viagras', name: 'Los Viagras', home: '16' },
  { key: 'Caborca', name: 'Cártel de Caborca', home: '26' },
  { key: 'Tlacos (Cartel de la Sierra)', name: 'Los Tlacos', home: '12' },
  { key: 'Beltrán Leyva', name: 'Beltrán Leyva (remnants)', home: '17' },
  { key: 'Caballeros Templarios', name: 'Caballeros Templarios (remnants)', home: '16' },
];

const RIVALRIES: readonly [string, string, number][] = [
  ['CJNG', 'Sinaloa', 3],
  ['CJNG', 'NFMichoacana', 3],
  ['CJNG', 'Cárteles Unidos', 3],
  ['CJNG', 'Santa Rosa de Lima', 3],
  ['CJNG', 'Viagras', 2],
  ['CJNG', 'UTepito', 1],
  ['CJNG', 'Caballeros Templarios', 2],
  ['CJNG', 'Golfo', 1],
  ['Sinaloa', 'Línea', 3],
  ['Sinaloa', 'Caborca', 2],
  ['Sinaloa', 'Beltrán Leyva', 1],
  ['Noreste', 'Golfo', 3],
  ['Golfo', 'Zetas', 2],
  ['GuerrerosU', 'Rojos', 3],
  ['NFMichoacana', 'Tlacos (Cartel de la Sierra)', 2],
  ['UTepito', 'Fuerza Anti-Unión Tepito', 3],
  ['Viagras', 'Caballeros Templarios', 1],
];

const ALLIANCES: readonly [string, string, number][] = [
  ['Sinaloa', 'Gente Nueva', 3],
  ['Sinaloa', 'Chapitos', 3],
  ['Sinaloa', 'Cárteles Unidos', 1],
  ['CJNG', 'Fuerza Anti-Unión Tepito', 2],
  ['Cárteles Unidos', 'Viagras', 2],
  ['Noreste', 'Zetas', 1],
  ['Línea', 'Caborca', 1],
  ['Beltrán Leyva', 'Rojos', 1],
];

const TOTAL_GROUPS = 150;

/** Build the shipped compact network (deterministic). */
export function builtinGroupNetwork(): GroupNetwork {
  const groups: CriminalGroup[] = NAMED.map((g) => ({
    id: g.key,
    name: g.name,
    shortName: g.key,
    homeArea: g.home,
  }));
  const localHomes = apportion(
    STATES.map((s) => s.population2020),
    TOTAL_GROUPS - NAMED.length,
  );
  let n = 0;
  localHomes.forEach((count, s) => {
    for (let k = 0; k < count; k++) {
      n++;
      const id = `local-${String(n).padStart(3, '0')}`;
      groups.push({
        id,
        name: `Local group ${n} (${STATES[s].name})`,
        shortName: id,
        homeArea: STATES[s].code,
      });
    }
  });
  const index = new Map(groups.map((g, i) => [g.id, i]));
  const ties = (list: readonly [string, string, number][]): GroupTie[] =>
    list.map(([x, y, weight]) => {
      const a = index.get(x)!;
      const b = index.get(y)!;
      return { a: Math.min(a, b), b: Math.max(a, b), weight: weight * TIE_SCALE };
    });
  return {
    source: {
      kind: 'builtin',
      description:
        "Atalaya's built-in compact description (20 named groups from public reporting + 130 local groups); " +
        'use the 150-group files of Prieto-Curiel et al. (2023) when available',
      citation: `Compiled from CRS R41576 (2022), Crisis Group (2020), InSight Crime, CIDE-PPD; sizes by the 1/rank law of ${PRIETO_CURIEL_CITATION}`,
    },
    groups,
    rivalries: ties(RIVALRIES),
    alliances: ties(ALLIANCES),
    // Named groups in the order of public size estimates, then local groups.
    sizeRank: groups.map((_, i) => i + 1),
    unlistedAllianceStrength: groups.map((_, i) => (i < NAMED.length ? 0 : LOCAL_ALLIANCE_STRENGTH)),
  };
}

/** Largest-remainder apportionment of `total` items in proportion to `weights`. */
function apportion(weights: readonly number[], total: number): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (w / sum) * total);
  const counts = exact.map(Math.floor);
  const order = exact
    .map((e, i) => [e - Math.floor(e), i] as const)
    .sort((x, y) => y[0] - x[0] || x[1] - y[1]);
  for (let k = 0, left = total - counts.reduce((a, b) => a + b, 0); k < left; k++) counts[order[k][1]]++;
  return counts;
}
