import type { LeverInfo, PresetInfo } from './api-shapes.js';
import { type CustomState, decodePolicies, encodePolicies } from './custom-scenario.js';

/**
 * Everything the page shows lives in the hash route (`#/scenarios?compare=…&levers=…&runs=100&seed=1`), so
 * that copying the address reproduces it. `run` names the last simulation, which the server keeps for a
 * while: reopening the address shows its results again.
 */
export interface PageState {
  compare: string[];
  baseline?: string;
  custom: CustomState;
  runs: number;
  seed: number;
  years?: number;
  run?: string;
}

export const DEFAULTS = {
  /** The baseline and the one lever the Science paper finds lowers violence: a useful first comparison. */
  compare: ['status-quo', 'halve-recruitment'],
  /** Modest, so a first run on a laptop takes seconds; the CLI's default is 200. */
  runs: 100,
  seed: 1,
};

function intParam(params: URLSearchParams, key: string): number | undefined {
  const raw = params.get(key);
  if (raw === null || raw === '') return undefined;
  const n = Number(raw);
  return Number.isInteger(n) ? n : undefined;
}

export function readState(
  params: URLSearchParams,
  context: { presets: PresetInfo[]; levers: LeverInfo[]; defaultTitle: string },
): PageState {
  const ids = new Set(context.presets.map((p) => p.id));
  const compare = params.has('compare')
    ? (params.get('compare') ?? '').split(',').filter((id) => ids.has(id))
    : DEFAULTS.compare.filter((id) => ids.has(id));
  const base = params.get('extends') ?? undefined;
  const run = params.get('run') ?? undefined;
  return {
    compare,
    baseline: params.get('baseline') ?? undefined,
    custom: {
      include: params.get('custom') === '1',
      title: params.get('title') ?? context.defaultTitle,
      extends: base && ids.has(base) ? base : undefined,
      policies: decodePolicies(params.get('levers'), context.levers),
    },
    runs: intParam(params, 'runs') ?? DEFAULTS.runs,
    seed: intParam(params, 'seed') ?? DEFAULTS.seed,
    years: intParam(params, 'years'),
    run: run && /^[0-9a-f]{16}$/.test(run) ? run : undefined,
  };
}

/** The address parameters of a state; `undefined` removes a parameter. */
export function stateParams(state: PageState): Record<string, string | undefined> {
  const c = state.custom;
  return {
    compare: state.compare.join(','),
    baseline: state.baseline,
    custom: c.include ? '1' : undefined,
    title: c.title,
    extends: c.extends,
    levers: c.policies.length > 0 ? encodePolicies(c.policies) : undefined,
    runs: String(state.runs),
    seed: String(state.seed),
    years: state.years === undefined ? undefined : String(state.years),
    run: state.run,
  };
}

/** The scenario ids of a run, in order: the chosen presets, then the user's own. */
export function runScenarioIds(state: PageState, customId: string): string[] {
  return state.custom.include ? [...state.compare, customId] : [...state.compare];
}

/** status-quo when it is compared, else the first scenario (the server's own rule). */
export function effectiveBaseline(state: PageState, customId: string): string | undefined {
  const ids = runScenarioIds(state, customId);
  if (state.baseline && ids.includes(state.baseline)) return state.baseline;
  return ids.includes('status-quo') ? 'status-quo' : ids[0];
}
