import { z } from 'zod';
import { describeLevers, describeParams, describePolicyFields } from '../../sim/describe.js';
import { listPresets, loadPreset } from '../../sim/scenario/load.js';
import { HttpError } from '../errors.js';
import { type Route, route } from '../route.js';
import { ScenarioObjectSchema } from '../scenario-input.js';

/** Presets, scenario validation, the model's levers and parameters: `atalaya scenarios` and `atalaya model`. */
const PresetSummary = z.object({
  id: z.string(),
  title: z.string(),
  title_es: z.string().optional(),
  description: z.string().optional(),
  description_es: z.string().optional(),
  levers: z.array(z.string()),
});

export function scenarioRoutes(): Route[] {
  // The presets are files shipped with the package: read them once.
  let presets: z.output<typeof PresetSummary>[] | undefined;
  const listed = () =>
    (presets ??= listPresets().map((id) => {
      const s = loadPreset(id);
      return {
        id,
        title: s.title,
        title_es: s.title_es,
        description: s.description,
        description_es: s.description_es,
        levers: s.policies.map((p) => p.lever),
      };
    }));
  return [
    route({
      method: 'get',
      path: '/api/scenarios',
      tag: 'scenarios',
      summary: 'The shipped presets (atalaya scenarios list)',
      responses: { 200: { description: 'Presets', schema: z.object({ scenarios: z.array(PresetSummary) }) } },
      handler: () => ({ scenarios: listed() }),
    }),
    route({
      method: 'get',
      path: '/api/scenarios/{id}',
      tag: 'scenarios',
      summary: 'One preset with every default filled in (atalaya scenarios show)',
      params: z.object({ id: z.string().describe('Preset id') }),
      responses: { 200: { description: 'The scenario (components/schemas/Scenario, defaults filled in)' } },
      handler: ({ params }) => {
        if (!listPresets().includes(params.id))
          throw new HttpError(
            404,
            `unknown preset "${params.id}"; valid presets: ${listPresets().join(', ')}`,
            {
              field: 'id',
            },
          );
        return loadPreset(params.id);
      },
    }),
    route({
      method: 'post',
      path: '/api/scenarios/validate',
      tag: 'scenarios',
      summary: 'Validate a scenario object (atalaya scenarios validate)',
      description:
        'The body is a scenario as in scenarios/*.yaml (JSON). `extends` is resolved. 200 with the scenario as the ' +
        'simulator will run it; 400 naming the first field at fault and listing every problem.',
      body: ScenarioObjectSchema,
      responses: { 200: { description: 'Valid: the resolved scenario, defaults filled in' } },
      handler: ({ body }) => ({ valid: true, scenario: body }),
    }),
    route({
      method: 'get',
      path: '/api/levers',
      tag: 'model',
      summary: 'Every policy lever with its options and evidence (atalaya model levers)',
      description:
        'Each option has its `default`, `type` and, where the scenario schema sets them, `min` and `max`. ' +
        '`policy` describes the fields every policy has (intensity, rampMonths, start, end) the same way.',
      responses: { 200: { description: 'Levers' } },
      handler: () => ({ levers: describeLevers(), policy: describePolicyFields() }),
    }),
    route({
      method: 'get',
      path: '/api/params',
      tag: 'model',
      summary: 'Every parameter with its value, 90% range, unit and source (atalaya model params)',
      responses: { 200: { description: 'Parameters' } },
      handler: () => ({ params: describeParams() }),
    }),
  ];
}
