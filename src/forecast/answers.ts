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
  /** The drivers in English (`driverText`), as the CLI prints them. */
  drivers: string[];
  /** The same drivers as facts, for other languages (the dashboard writes them in Spanish or English). */
  why: Driver[];
}

/**
 * Why an area ranks where it does (see `drivers` in hotspots.ts). Factors are multiplicative effects on
 * the expected count (1.3 = +30%).
 */
export type Driver =
  | { kind: 'level'; perMonth: number }
  /** Last 3 months against the 12-month mean; `factor` when read from the regression. */
  | { kind: 'change'; trend: number; factor?: number }
  | { kind: 'neighbours'; factor: number }
  | { kind: 'season'; factor: number }
  | { kind: 'contested'; border: boolean; group: string; rival: string }
  /** Probability of escalation, and the multiple of the 12-month mean that defines it. */
  | { kind: 'escalation'; probability: number; multiple: number };

/** One area of `hotspots`' `all` (for maps): the expected count with its 90% interval, rate, escalation. */
export interface HotspotArea {
  area: string;
  expected: number;
  p05: number;
  p95: number;
  ratePer100k: number;
  escalationProbability: number;
}
