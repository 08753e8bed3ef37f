import { ScenarioError, scenarioFromObject } from '../sim/scenario/load.js';
import type { Scenario } from '../sim/scenario/schema.js';
import type { Factor } from './factors.js';
import { ExploreRequestError } from './request.js';

/**
 * Lever intensities as factors: `kingpin-targeting:policies.0.options.perYear=2:12` varies that option of
 * that scenario from 2 to 12 across the experiments (the `--set` path of `compare`, checked the same way).
 * Fields that take whole numbers are explored over the whole numbers of the range.
 */
export interface LeverSpec {
  scenario: string;
  path: string;
  low: number;
  high: number;
}

const FORMAT = /^([a-z0-9][a-z0-9-]*):([A-Za-z0-9_.]+)=(-?[0-9.eE+-]+):(-?[0-9.eE+-]+)$/;

export function parseLeverSpec(text: string): LeverSpec {
  const m = FORMAT.exec(text.trim());
  const low = Number(m?.[3]);
  const high = Number(m?.[4]);
  if (!m || !Number.isFinite(low) || !Number.isFinite(high) || !(high > low)) {
    throw new ExploreRequestError(
      `lever "${text}": expected scenario:path=low:high with low < high, e.g. kingpin-targeting:policies.0.options.perYear=2:12`,
      'levers',
    );
  }
  return { scenario: m[1], path: m[2], low, high };
}

/** Check each lever against its scenario (the path exists, both ends are valid values) and make its factor. */
export function leverFactors(specs: readonly LeverSpec[], scenarios: readonly Scenario[]): Factor[] {
  return specs.map((spec) => {
    const scenario = scenarios.find((s) => s.id === spec.scenario);
    const id = `${spec.scenario}:${spec.path}`;
    if (!scenario) {
      throw new ExploreRequestError(
        `lever ${id}: scenario "${spec.scenario}" is not among the scenarios explored (${scenarios.map((s) => s.id).join(', ')})`,
        'levers',
      );
    }
    for (const value of [spec.low, spec.high]) tryValue(scenario, spec.path, value, id);
    const integer =
      Number.isInteger(spec.low) &&
      Number.isInteger(spec.high) &&
      !accepts(scenario, spec.path, spec.low + 0.5);
    return {
      id,
      kind: 'lever',
      label: `${spec.scenario}: ${spec.path}`,
      params: [],
      mechanism: 'lever',
      low: spec.low,
      high: spec.high,
      log: false,
      assumption: true,
      scenario: spec.scenario,
      path: spec.path,
      integer,
    };
  });
}

/** The scenario with its lever factors set to one row's values. */
export function withLevers(
  scenario: Scenario,
  levers: readonly { factor: Factor; value: number }[],
): Scenario {
  if (levers.length === 0) return scenario;
  const set = levers.map(({ factor, value }) => `${factor.path}=${value}`);
  // Runs extend a scenario to its last calendar year's end (a fractional length the schema would refuse).
  const parsed = scenarioFromObject(
    { ...scenario, years: Math.ceil(scenario.years) },
    { set, label: scenario.id },
  );
  return { ...parsed, years: scenario.years };
}

function accepts(scenario: Scenario, path: string, value: number): boolean {
  try {
    scenarioFromObject(scenario, { set: [`${path}=${value}`] });
    return true;
  } catch (err) {
    if (err instanceof ScenarioError) return false;
    throw err;
  }
}

function tryValue(scenario: Scenario, path: string, value: number, id: string): void {
  try {
    scenarioFromObject(scenario, { set: [`${path}=${value}`] });
  } catch (err) {
    if (!(err instanceof ScenarioError)) throw err;
    throw new ExploreRequestError(`lever ${id}=${value}: ${err.message}`, 'levers');
  }
}
