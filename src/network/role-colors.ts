/**
 * Fixed colours for the three layers of the disruption literature (leaders, middle layer, periphery), shared
 * by the SVG/PNG network maps (src/report/network-map.ts) and the dashboard's Networks page, so that a role
 * has one colour wherever it is drawn. No imports: the browser bundle takes this file as it is.
 */
export const ROLE_COLORS = {
  leader: '#b2182b',
  middle: '#e08214',
  periphery: '#3b6fb6',
} as const;
