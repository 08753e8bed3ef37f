/**
 * What `atalaya explore` computes: experiments over the uncertain parameters, each policy's paired
 * difference against the status quo in every experiment, and the analyses of those differences (global
 * sensitivity, robustness of the ranking, regret, scenario discovery). Import-free, so that the web
 * dashboard and the report can share these types.
 */

export type ExploreMethod = 'morris' | 'sobol' | 'lhs';

/** Outcome ids: each is a paired difference of a policy against the status quo in one experiment. */
export const OUTCOME_IDS = [
  'homicides1y',
  'homicides3y',
  'homicides5y',
  'homicides10y',
  'members',
  'overdoseDeaths',
  'cost',
] as const;
export type OutcomeId = (typeof OUTCOME_IDS)[number];

export interface OutcomeInfo {
  id: OutcomeId;
  label: { en: string; es: string };
  /** 'relative': (policy − status quo) / status quo; 'absolute': policy − status quo, in `unit`. */
  scale: 'relative' | 'absolute';
  unit: string;
  description: string;
}

/** One dimension of the design: a parameter, or a group of parameters drawn jointly (one posterior row). */
export interface FactorInfo {
  id: string;
  /** A catalog parameter, or a lever intensity of one scenario (id `scenario:path`). */
  kind: 'parameter' | 'lever';
  label: string;
  /** Parameters the factor sets (one, except a joint posterior sample). */
  params: string[];
  mechanism: string;
  /** The ends of the range the factor is explored over (factors.ts: a uniform's bounds, a normal's central 95%…). */
  low: number;
  high: number;
  assumption: boolean;
}

export interface SensitivityRow {
  scenario: string;
  outcome: OutcomeId;
  parameter: string;
  /** Morris: mean absolute elementary effect (in units of the outcome per unit-range step), its bootstrap 95% half-width, spread. */
  muStar?: number;
  muStarConf?: number;
  mu?: number;
  sigma?: number;
  /** Sobol: first-order and total indices with bootstrap 95% intervals. */
  S1?: number;
  S1_low?: number;
  S1_high?: number;
  ST?: number;
  ST_low?: number;
  ST_high?: number;
}

export interface RobustnessRow {
  a: string;
  b: string;
  outcome: OutcomeId;
  /** Share of experiments where a's difference is lower (better) than b's. */
  shareABetter: number;
}

export interface RegretRow {
  scenario: string;
  outcome: OutcomeId;
  /** Regret: the policy's difference minus the best policy's (status quo included) in each experiment. */
  p50: number;
  p90: number;
  max: number;
  /** Share of experiments where the policy is the best. */
  shareBest: number;
}

/** The distribution of a policy's paired difference over the experiments (not a probability: a range). */
export interface EffectRow {
  scenario: string;
  outcome: OutcomeId;
  p05: number;
  p50: number;
  p95: number;
  mean: number;
}

export interface SatisficingRow {
  scenario: string;
  outcome: OutcomeId;
  /** Share of experiments where the policy lowers the outcome against the status quo. */
  shareLower: number;
}

export interface PrimBox {
  /** Restricted factors only: factor id → [low, high] in the factor's own units. */
  limits: Record<string, [number, number]>;
  coverage: number;
  density: number;
  /** Share of all experiments inside the box. */
  mass: number;
  /**
   * PRIM only: the peeling trajectory the box was chosen from (coverage and density among the points in
   * play for this box, restricted factors), and the step chosen before pasting and simplifying.
   */
  trajectory?: { coverage: number; density: number; mass: number; restricted: number }[];
  chosen?: number;
}

export interface PrimAnswer {
  scenario: string;
  /** The question, e.g. "kingpin-targeting lowers homicides at 5 years". */
  question: string;
  outcome: OutcomeId;
  /** Experiments of interest: difference below (`lower`) or above (`higher`) the threshold. */
  direction: 'lower' | 'higher';
  threshold: number;
  /** Share of experiments of interest. */
  baseRate: number;
  /** Experiments the boxes were found in (independent points of the design). */
  sample: number;
  boxes: PrimBox[];
  /** The CART alternative: leaves predicting the case of interest, as boxes. */
  cart?: PrimBox[];
}

export interface ExploreSummary {
  method: ExploreMethod;
  /** N: base samples (Sobol), trajectories (Morris) or design points (LHS). */
  samples: number;
  seed: number;
  years: number;
  start: string;
  experiments: number;
  /** Factor ids, in design order. */
  parameters: string[];
  factors: FactorInfo[];
  baseline: string;
  scenarios: { id: string; title: string; title_es?: string }[];
  outcomes: OutcomeInfo[];
  /** The outcome the summary leads with and scenario discovery asks about. */
  outcome: OutcomeId;
  effects: EffectRow[];
  sensitivity: SensitivityRow[];
  robustness: RobustnessRow[];
  regret: RegretRow[];
  satisficing: SatisficingRow[];
  prim: PrimAnswer[];
  /** The present the runs start from: newest observed month and release. */
  present?: { through: string; release: string };
  warnings: string[];
}
