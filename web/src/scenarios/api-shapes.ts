import type { Difference, OptionRow, QuantilePoint } from '../../../src/sim/answers.js';
import type { HistoryBand } from '../../../src/sim/history-band.js';

/**
 * The answers this page reads: /api/scenarios, /api/levers, /api/runs (docs/SERVER.md). The leaf shapes
 * come from the simulator's import-free src/sim/answers.ts and src/sim/history-band.ts; the rest is the part
 * of each answer the page uses (the full modules would pull the simulator into the browser's type-check).
 */
export type { Difference, HistoryBand, QuantilePoint };

/** One option of a lever, or a field every policy has; `min`/`max` only where the schema sets them. */
export type OptionInfo = OptionRow;
export interface PresetInfo {
  id: string;
  title: string;
  title_es?: string;
  description?: string;
  description_es?: string;
  /** The lever of each of its policies, in order. */
  levers: string[];
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
  /** Observed yearly homicides over the filtered band, when the run was anchored to the data. */
  history?: HistoryBand;
  warnings: string[];
}
