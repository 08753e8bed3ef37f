/** The shapes of the API answers the dashboard reads (see docs/SERVER.md and /api/openapi.json). */
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

export interface AreaForecast {
  area: string;
  t: string;
  mean: number;
  p05: number;
  p25: number;
  p50: number;
  p75: number;
  p95: number;
}

export interface ForecastAnswer {
  asOf: string;
  model: string;
  forecasts: AreaForecast[];
}

export interface Hotspot {
  rank: number;
  area: string;
  name: string;
  state: string;
  expected: number;
  p05: number;
  p95: number;
  ratePer100k: number;
  escalationProbability: number;
  trend: number;
  recentMean: number;
  contestation: number;
  contested: boolean;
  drivers: string[];
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
