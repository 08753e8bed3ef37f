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
  warnings: string[];
}
