/**
 * The per-area rows of `atalaya forecast --json` and `atalaya hotspots --json` (and of the API), with no
 * imports, so that the web dashboard can use the very same types without pulling in the core.
 */

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

export interface Hotspot {
  rank: number;
  area: string;
  name: string;
  state: string;
  /** Expected count in the target month and its 90% interval. */
  expected: number;
  p05: number;
  p95: number;
  /** Expected count per 100,000 inhabitants, annualised (× 12), the usual unit of homicide rates. */
  ratePer100k: number;
  escalationProbability: number;
  /** Mean of the last 3 months against the mean of the last 12 (−0.2 = 20% lower). */
  trend: number;
  /** Mean count of the last 12 months. */
  recentMean: number;
  contestation: number;
  contested: boolean;
  drivers: string[];
}
