import { range90 } from './distributions.js';
import { PARAMS, type ParamId, type ParamSpec } from './params.js';
import { type Expectation, LEVERS } from './policy/levers.js';

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
  options: Record<string, { description?: string; default: unknown }>;
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
      Object.entries(l.options.shape).map(([k, v]) => [
        k,
        {
          description: (v as { description?: string }).description,
          default: (v as { parse: (x: unknown) => unknown }).parse(undefined),
        },
      ]),
    ),
    expect: l.expect,
  }));
}
