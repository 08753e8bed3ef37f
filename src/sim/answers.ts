/**
 * Leaf shapes of the simulator's answers (`atalaya compare --json`, `atalaya model levers --json`, the API),
 * with no imports, so that the web dashboard uses the very same types without type-checking the simulator.
 */
export interface QuantilePoint {
  t: string | number;
  p05: number;
  p25: number;
  p50: number;
  p75: number;
  p95: number;
  mean: number;
}

/** Scenario minus baseline, run by run (common random numbers), as a fraction of the baseline. */
export interface Difference {
  t: string | number;
  /** Quantiles of the relative difference (−0.1 = 10% lower than the baseline); NaN where the baseline is 0. */
  p05: number;
  p50: number;
  p95: number;
  /** Median absolute difference, in the metric's unit, and its 5% and 95% quantiles. */
  absolute: number;
  absoluteP05: number;
  absoluteP95: number;
  /** Share of runs in which the scenario is lower than the baseline, and higher (ties count in neither). */
  probLower: number;
  probHigher: number;
}

/**
 * One option of a lever (or a field every policy has), read from its zod schema so that the bounds the
 * dashboard's sliders show are the bounds the validator enforces. `min`/`max` are absent when the schema
 * sets none (an integer's implicit safe-integer bound is not a real limit).
 */
export interface OptionRow {
  description?: string;
  /** Undefined for an effect size left to a drawn parameter (`param`). */
  default: unknown;
  /** The parameter whose draw the option takes when unset (effect sizes: src/sim/policy/levers.ts). */
  param?: string;
  /** That parameter's central value. */
  central?: number;
  type: 'number' | 'integer' | 'boolean' | 'string';
  min?: number;
  max?: number;
}
