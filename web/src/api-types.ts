/** The shapes of the API answers the dashboard reads (see docs/SERVER.md and /api/openapi.json). */
import type { AreaForecast, Hotspot } from '../../src/forecast/answers.js';

export type { AreaForecast, Hotspot };
export interface SeriesRow {
  area: string;
  name: string;
  period: string;
  value: number;
  complete: boolean;
}

export interface SeriesAnswer {
  series: string;
  unit: string;
  vintage: string;
  level: string;
  freq: string;
  rows: SeriesRow[];
}

export interface DataStatus {
  imported: boolean;
  hint?: string;
  series?: { id: string; level: string; first: string; last: string; unit: string }[];
}

export interface ForecastAnswer {
  asOf: string;
  model: string;
  forecasts: AreaForecast[];
}

export interface HotspotsAnswer {
  asOf: string;
  target: string;
  model: string;
  nationalExpected: number;
  hotspots: Hotspot[];
  top10: { expected: number; share: number };
  /** Every municipality, for maps. */
  all: { area: string; expected: number; ratePer100k: number; escalationProbability: number }[];
  warnings: string[];
}

export interface AreaEventsAnswer {
  area: string;
  layers: { name: string; source: string }[];
  events: {
    date: string;
    group: string;
    other?: string;
    kind: string;
    strength: number;
    what?: string;
    source: string;
    /** The layer's groups in the area the event concerns (empty: context). */
    groups: string[];
    layer: string;
  }[];
}
