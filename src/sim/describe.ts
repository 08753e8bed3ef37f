import { z } from 'zod';
import type { OptionRow } from './answers.js';
import { range90 } from './distributions.js';
import { isParamId, PARAMS, type ParamId, type ParamSpec } from './params.js';
import { type Expectation, LEVERS } from './policy/levers.js';
import { PolicySchema } from './scenario/schema.js';

export type { OptionRow };

/** Plain descriptions of the model's parameters and levers, for `atalaya model`, the docs and the API. */
export interface ParamRow extends ParamSpec {
  id: ParamId;
  /** 5%–95% of what the Monte Carlo draws. */
  range90: [number, number];
}

export interface LeverRow {
  id: string;
  title: { en: string; es: string };
  description: string;
  evidence: string;
  options: Record<string, OptionRow>;
  expect: readonly Expectation[];
}

export function describeParams(): ParamRow[] {
  return (Object.entries(PARAMS) as [ParamId, ParamSpec][]).map(([id, p]) => ({
    id,
    ...p,
    range90: range90(p.dist, p.value),
  }));
}

export function describeLevers(): LeverRow[] {
  return Object.values(LEVERS).map((l) => ({
    id: l.id,
    title: l.title,
    description: l.description,
    evidence: l.evidence,
    options: Object.fromEntries(
      Object.entries(l.options.shape).map(([k, v]) => [k, describeOption(v as z.ZodType)]),
    ),
    expect: l.expect,
  }));
}

/** The fields every policy has besides its lever's options (`intensity`, `rampMonths`, `start`, `end`). */
export function describePolicyFields(): Record<string, OptionRow> {
  // Every member of the union shares these fields (policyCommon in scenario/schema.ts); read the first.
  const shape = (PolicySchema.options[0] as z.ZodObject).shape as Record<string, z.ZodType>;
  return Object.fromEntries(
    Object.entries(shape)
      .filter(([k]) => k !== 'lever' && k !== 'options')
      .map(([k, v]) => [k, describeOption(v)]),
  );
}

function describeOption(schema: z.ZodType): OptionRow {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
    type?: string;
    minimum?: number;
    maximum?: number;
  };
  const row: OptionRow = {
    description: schema.description,
    default: schema.safeParse(undefined).data,
    type: json.type === 'integer' || json.type === 'boolean' || json.type === 'number' ? json.type : 'string',
  };
  const param = schema.meta()?.param;
  if (typeof param === 'string' && isParamId(param)) {
    row.param = param;
    row.central = PARAMS[param].value;
  }
  if (json.minimum !== undefined && json.minimum > Number.MIN_SAFE_INTEGER) row.min = json.minimum;
  if (json.maximum !== undefined && json.maximum < Number.MAX_SAFE_INTEGER) row.max = json.maximum;
  return row;
}
