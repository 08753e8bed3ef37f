import { z } from 'zod';
import { loadPreset, ScenarioError, scenarioFromObject } from '../sim/scenario/load.js';
import type { Scenario } from '../sim/scenario/schema.js';

/**
 * Scenarios in request bodies: a preset id or a scenario object (the file format, `extends` allowed). Both
 * go through the core loaders (the same zod ScenarioSchema as files and the CLI); each problem becomes a
 * zod issue at its field, so `scenarios.1.policies.0.intensity` is named in the 400.
 */
const LABEL = 'scenario';

/** Any JSON object; the OpenAPI document shows components/schemas/Scenario in its place (openapi.ts). */
export const ScenarioObjectInput = z
  .record(z.string(), z.unknown())
  .describe('A scenario: the format of scenarios/*.yaml');

/** A scenario object, resolved and validated. */
export const ScenarioObjectSchema = ScenarioObjectInput.transform((raw, ctx) =>
  resolved(() => scenarioFromObject(raw, { label: LABEL }), ctx),
);

/** A preset id or a scenario object, as sent (resolved by `resolveScenarioRef` with the request's overrides). */
export const ScenarioRefInput = z.union([
  z.string().describe('A preset id (GET /api/scenarios)'),
  ScenarioObjectInput,
]);

/** Resolve one preset id or object with `path=value` overrides; problems become issues under `path`. */
export function resolveScenarioRef(
  ref: z.output<typeof ScenarioRefInput>,
  set: readonly string[],
  ctx: z.RefinementCtx,
  path: (string | number)[],
): Scenario | undefined {
  try {
    return typeof ref === 'string'
      ? loadPreset(ref, { set })
      : scenarioFromObject(ref, { label: LABEL, set });
  } catch (err) {
    if (!(err instanceof ScenarioError)) throw err;
    for (const issue of scenarioIssues(err.message))
      ctx.addIssue({ code: 'custom', message: issue.message, path: [...path, ...issue.path] });
    return undefined;
  }
}

function resolved(load: () => Scenario, ctx: z.RefinementCtx): Scenario {
  try {
    return load();
  } catch (err) {
    if (!(err instanceof ScenarioError)) throw err;
    for (const issue of scenarioIssues(err.message)) ctx.addIssue({ code: 'custom', ...issue });
    return z.NEVER;
  }
}

/** `scenario: policies.0.intensity: Too big…` → path and message (see describeIssues in sim/scenario/load.ts). */
export function scenarioIssues(message: string): { path: (string | number)[]; message: string }[] {
  return message.split('\n').map((line) => {
    if (!line.startsWith(`${LABEL}: `)) return { path: [], message: line };
    const rest = line.slice(LABEL.length + 2);
    const cut = rest.indexOf(': ');
    const where = cut > 0 ? rest.slice(0, cut) : '';
    if (!/^[\w.]+$/.test(where)) return { path: [], message: rest };
    return {
      path: where.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)),
      message: rest.slice(cut + 2),
    };
  });
}
