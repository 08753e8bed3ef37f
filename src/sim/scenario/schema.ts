import { z } from 'zod';
import { PARAMS, type ParamId } from '../params.js';
import { LEVERS, type LeverId } from '../policy/levers.js';

/**
 * The scenario file format: one zod schema serves the YAML files in `scenarios/`, the CLI (`--set`), the
 * HTTP API and the JSON Schema (`scenarios/scenario.schema.json`, `atalaya scenarios schema`).
 */

/** The scenario start that means "the month after the newest observed month" (montecarlo.ts resolves it). */
export const PRESENT = 'present';

const yearMonth = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month as YYYY-MM, e.g. 2026-01')
  .refine((s) => {
    const y = Number(s.slice(0, 4));
    return y >= 2012 && y <= 2060;
  }, 'expected a month between 2012-01 and 2060-12');

const policyCommon = {
  start: yearMonth.optional().describe('When the policy starts (default: the scenario start)'),
  end: yearMonth.optional().describe('When it stops (default: never)'),
  intensity: z
    .number()
    .min(0)
    .max(3)
    .default(1)
    .describe('Strength relative to the lever’s cited default (1)'),
  rampMonths: z
    .number()
    .min(0)
    .max(120)
    .default(12)
    .describe('Months to reach full strength (capacity building, programme roll-out)'),
};

function policyFor<K extends LeverId>(id: K) {
  return z
    .object({
      lever: z.literal(id),
      ...policyCommon,
      options: (LEVERS[id].options as z.ZodObject).strict().prefault({}).describe(LEVERS[id].description),
    })
    .strict()
    .describe(`${LEVERS[id].title.en}. Evidence: ${LEVERS[id].evidence}`);
}

const leverIds = Object.keys(LEVERS) as LeverId[];
export const PolicySchema = z.discriminatedUnion(
  'lever',
  leverIds.map((id) => policyFor(id)) as unknown as [
    ReturnType<typeof policyFor>,
    ...ReturnType<typeof policyFor>[],
  ],
);

const paramIds = Object.keys(PARAMS) as [ParamId, ...ParamId[]];

export const MechanismsSchema = z
  .object({
    layers: z
      .boolean()
      .default(true)
      .describe('Leaders, middle layer and base (middle layer limits recruitment)'),
    leadership: z.boolean().default(true).describe('Leader removals, succession disorder and splits'),
    territory: z
      .boolean()
      .default(true)
      .describe('Presence by area, turf borders, spread and per-area results'),
    economy: z.boolean().default(true).describe('Revenue, money laundering, extortion and diversification'),
    firearms: z.boolean().default(true).describe('Firearms stock from US trafficking scales lethality'),
    drugs: z.boolean().default(true).describe('Drug flow to the US, overdoses, inspections and trade cost'),
    cooperation: z
      .boolean()
      .default(true)
      .describe('US–Mexico cooperation scales intelligence and operations'),
    history: z
      .boolean()
      .default(true)
      .describe('Dated leadership shocks and splits of 2012–2025 (docs/MODEL.md)'),
  })
  .strict();

export const ScenarioSchema = z
  .object({
    id: z
      .string()
      .regex(
        /^[a-z0-9][a-z0-9-]*$/,
        'expected lower-case letters, digits and dashes, e.g. middle-layer-sweep',
      )
      .describe('Identifier, used on the command line'),
    title: z.string().min(1).describe('Title (English)'),
    title_es: z.string().min(1).optional().describe('Título (español)'),
    description: z.string().optional(),
    description_es: z.string().optional().describe('Descripción (español)'),
    extends: z
      .string()
      .optional()
      .describe('Id of a preset whose policies, parameters and mechanisms this builds on'),
    start: yearMonth
      .or(z.literal(PRESENT))
      .default(PRESENT)
      .describe(
        "When policies start: YYYY-MM, or 'present' (the default): the month after the newest observed month. Runs start from the data filtered up to the month before (or, unanchored, from their own history since 2012)",
      ),
    years: z.number().int().min(1).max(30).default(10).describe('Years simulated after the start'),
    uncertainty: z
      .enum(['full', 'none'])
      .default('full')
      .describe('full: Monte Carlo over parameter uncertainty; none: cited central values in every run'),
    mechanisms: MechanismsSchema.prefault({}),
    parameters: z
      .partialRecord(z.enum(paramIds), z.number().finite())
      .default({})
      .describe('Parameter values fixed for this scenario (see `atalaya model params`)'),
    policies: z.array(PolicySchema).default([]),
  })
  .strict();

export type ScenarioInput = z.input<typeof ScenarioSchema>;
export type Scenario = z.output<typeof ScenarioSchema>;
export type Policy = z.output<typeof PolicySchema>;
export type Mechanisms = z.output<typeof MechanismsSchema>;

/** JSON Schema of the scenario file format (for editors and the docs). */
export function scenarioJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(ScenarioSchema, { io: 'input', unrepresentable: 'any' }),
    title: 'Atalaya scenario',
    $id: 'https://github.com/atalaya/atalaya/scenarios/scenario.schema.json',
  };
}
