/** The projected-map answer (GET /api/geometry/{level}/paths), import-free so the dashboard can share it. */
export interface ProjectedAreas {
  width: number;
  height: number;
  /** Path data (relative, tenths of a px) and bounds [x0, y0, x1, y1] of each area. */
  areas: { code: string; d: string; bounds: [number, number, number, number] }[];
  /** State borders (municipal maps only). */
  borders?: string;
}
