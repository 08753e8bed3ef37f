import type { Feature, Geometry } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { apiGet } from '../api.js';

/** Municipal boundaries from /api/geometry/municipality as GeoJSON features keyed by 5-digit INEGI code. */
export interface AreaFeature {
  code: string;
  feature: Feature<Geometry>;
}

export async function loadAreas(level: 'municipality' | 'state'): Promise<AreaFeature[]> {
  const topology = await apiGet<Topology>(`/api/geometry/${level}`);
  const object = Object.values(topology.objects).find((o) => o.type === 'GeometryCollection') as
    | GeometryCollection
    | undefined;
  if (!object) return [];
  const width = level === 'municipality' ? 5 : 2;
  return object.geometries.map((g) => {
    const raw = (g.properties as { id?: unknown } | null | undefined)?.id ?? g.id;
    return {
      code: String(raw ?? '').padStart(width, '0'),
      feature: feature(topology, g) as Feature<Geometry>,
    };
  });
}
