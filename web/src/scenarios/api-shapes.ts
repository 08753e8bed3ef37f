/**
 * The answers this page reads: /api/scenarios, /api/levers, /api/runs (docs/SERVER.md). Kept here rather
 * than imported from src/ so the browser build does not type-check the simulator's Node-side modules.
 */
export interface PresetInfo {
  id: string;
  title: string;
  title_es?: string;
  description?: string;
  description_es?: string;
  /** The lever of each of its policies, in order. */
  levers: string[];
}

/** One option of a lever, or a field every policy has; `min`/`max` only where the schema sets them. */
export interface OptionInfo {
  description?: string;
  default: unknown;
  type: 'number' | 'integer' | 'boolean' | 'string';
  min?: number;
  max?: number;
}

export interface LeverInfo {
  id: string;
  title: { en: string; es: string };
  description: string;
  evidence: string;
  options: Record<string, OptionInfo>;
}

export interface LeversAnswer {
  levers: LeverInfo[];
  policy: Record<string, OptionInfo>;
}

export type RunStatus = 'queued' | 'running' | 'done' | 'error' | 'cancelled' | 'timeout';

export interface RunInfo {
  id: string;
  status: RunStatus;
  progress: { done: number; total: number };
  request: { scenarios: string[]; runs: number; seed: number; baseline?: string };
  queuePosition?: number;
  error?: string;
  summary?: Summary;
}

/** The part of `atalaya compare --json` the page draws (src/sim/summary.ts). */
export interface QuantilePoint {
  t: string | number;
  p05: number;
  p25: number;
  p50: number;
  p75: number;
  p95: number;
  mean: number;
}

export interface Difference {
  t: string | number;
  p05: number;
  p50: number;
  p95: number;
  probLower: number;
}

export interface ScenarioSummary {
  id: string;
  title: string;
  title_es?: string;
  start: string;
  years: number;
  metrics: Record<string, { unit: string; series: QuantilePoint[] } | undefined>;
  versusBaseline?: { baseline: string; metrics: Record<string, Difference[] | undefined> };
}

export interface Summary {
  seed: number;
  runs: number;
  source: { kind: string; description: string };
  horizons: { years: number; t: string | number }[];
  scenarios: ScenarioSummary[];
  warnings: string[];
}
