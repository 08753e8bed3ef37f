import { z } from 'zod';
import { OUTCOME_IDS } from './types.js';

/**
 * What `atalaya explore`, POST /api/explore and the dashboard's robustness view ask for: one schema, with
 * its defaults, for every interface. `normalizeExploreRequest` fills the per-method sample size.
 */
export const EXPLORE_METHODS = ['morris', 'sobol', 'lhs'] as const;

/** Default samples: Morris trajectories, Sobol base rows, LHS points. */
export const DEFAULT_SAMPLES = { morris: 10, sobol: 64, lhs: 500 } as const;

export const exploreRequestSchema = z
  .object({
    scenarios: z
      .array(z.string().min(1))
      .max(40)
      .default([])
      .describe('Preset ids (the status quo is added first as the baseline); none: the main presets'),
    method: z
      .enum(EXPLORE_METHODS)
      .default('morris')
      .describe(
        'morris: screening; sobol: first-order and total indices; lhs: Latin hypercube for robustness and PRIM',
      ),
    samples: z
      .number()
      .int()
      .min(2)
      .max(1_000_000)
      .optional()
      .describe('Morris trajectories, Sobol base rows or LHS points (default 10, 64 or 500)'),
    seed: z
      .number()
      .int()
      .min(0)
      .max(4294967295)
      .default(1)
      .describe('Same seed, same numbers, whatever the engine'),
    years: z.number().int().min(1).max(30).default(10).describe('Years simulated after the policies start'),
    parameters: z
      .array(z.string())
      .default([])
      .describe('Only these uncertain parameters vary (default: all of `atalaya model params`)'),
    exclude: z.array(z.string()).default([]).describe('Parameters held at their central values'),
    levers: z
      .array(z.string())
      .max(20)
      .default([])
      .describe(
        'Lever intensities to vary, as scenario:path=low:high (e.g. kingpin-targeting:policies.0.options.perYear=2:12)',
      ),
    outcome: z.enum(OUTCOME_IDS).default('homicides5y').describe('The outcome scenario discovery asks about'),
    network: z
      .enum(['auto', 'files', 'builtin'])
      .default('auto')
      .describe('Groups simulated: the 150-group files when found, or the built-in description'),
    anchor: z
      .boolean()
      .default(true)
      .describe('Homicides from the newest observed counts (false: the engine’s own calibrated path)'),
  })
  .strict();

export type ExploreRequestInput = z.input<typeof exploreRequestSchema>;
export type ExploreRequest = z.output<typeof exploreRequestSchema> & { samples: number };

export function normalizeExploreRequest(input: ExploreRequestInput): ExploreRequest {
  const parsed = exploreRequestSchema.parse(input);
  return { ...parsed, samples: parsed.samples ?? DEFAULT_SAMPLES[parsed.method] };
}

/** A request the core cannot run (unknown parameter, duplicate scenario…): the field it is about. */
export class ExploreRequestError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'ExploreRequestError';
  }
}
