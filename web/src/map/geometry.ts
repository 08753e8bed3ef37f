import type { ProjectedAreas } from '../../../src/report/map-geometry-types.js';
import { apiGet } from '../api.js';

/**
 * The boundaries of a level, projected on the server (GET /api/geometry/{level}/paths): path data and
 * bounds per area, keyed by INEGI code, plus the state borders of a municipal map. The browser only
 * creates the elements: parsing TopoJSON and projecting 2,469 shapes took most of the page's start-up.
 */
export type { ProjectedAreas };

export function loadProjected(level: 'municipality' | 'state'): Promise<ProjectedAreas> {
  return apiGet<ProjectedAreas>(`/api/geometry/${level}/paths`);
}
