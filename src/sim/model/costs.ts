import { WEEKS_PER_YEAR } from '../calendar.js';
import type { Params } from '../params.js';

/**
 * Public spending, in US$ billion a year. The fiscalCost metric is what policies add to the status quo:
 * each lever's programme (`LeverSpec.cost`, unit costs in params.ts under mechanism `costs`) plus the
 * prisoners it adds (`Simulation.extraPrisoners`) at the cost of a prisoner-year. This module holds the
 * conversions shared by the metric and the context it is reported with.
 *
 * @example
 *   prisonCostUsd(centralParams()) * 1e9   // ≈ 9,730: US$ per prisoner-year (MXN 180,000 at 18.5)
 */

/** Cost of one prisoner for one year in Mexico, US$ billion. */
export function prisonCostUsd(p: Params): number {
  return p.prisonCostPerYear / p.mxnPerUsd / 1e9;
}

export interface StatusQuoSpending {
  /** National Guard budget. */
  guard: number;
  /** Federal and state prosecutors' offices. */
  prosecution: number;
  /** Holding the cartel members the status quo keeps in prison (η × mean sentence). */
  prisons: number;
  total: number;
}

/**
 * What the status quo itself spends on the items the levers scale (US$ billion a year): the context for
 * fiscalCost, which is 0 under the status quo by construction.
 */
export function statusQuoSpending(p: Params): StatusQuoSpending {
  const guard = p.guardBudget / p.mxnPerUsd;
  const prosecution = p.prosecutionBudget / p.mxnPerUsd;
  const prisons = p.eta * WEEKS_PER_YEAR * p.sentenceYears * prisonCostUsd(p);
  return { guard, prosecution, prisons, total: guard + prosecution + prisons };
}
