import { stringify } from 'yaml';
import { normalizeName } from '../../../src/data/states.js';
import type { LeverInfo } from './api-shapes.js';

/**
 * The user's own scenario as the page holds it, and the scenario object it becomes (the format of
 * scenarios/*.yaml, sent to /api/scenarios/validate and /api/runs, and saved as YAML). Only values the user
 * moved away from their defaults are kept in the state, so the shared address stays short; the scenario
 * object spells every option out, so a saved file documents the assumptions it runs with.
 */
export type OptionValue = number | boolean;

export interface PolicyState {
  lever: string;
  intensity?: number;
  rampMonths?: number;
  options: Record<string, OptionValue>;
}

export interface CustomState {
  include: boolean;
  title: string;
  /** A preset whose policies this scenario adds to. */
  extends?: string;
  policies: PolicyState[];
}

export interface ScenarioObject {
  id: string;
  title: string;
  extends?: string;
  policies: {
    lever: string;
    intensity?: number;
    rampMonths?: number;
    options: Record<string, OptionValue>;
  }[];
}

/** "Mi escenario (2)" → "mi-escenario-2": the id rule of the scenario schema (lower case, digits, dashes). */
export function scenarioId(title: string, fallback = 'my-scenario'): string {
  const slug = normalizeName(title).replaceAll(' ', '-').slice(0, 60);
  return slug || fallback;
}

export function toScenarioObject(state: CustomState, levers: LeverInfo[]): ScenarioObject {
  const byId = new Map(levers.map((l) => [l.id, l]));
  const scenario: ScenarioObject = {
    id: scenarioId(state.title),
    title: state.title.trim() || state.title,
    policies: [],
  };
  if (state.extends) scenario.extends = state.extends;
  for (const p of state.policies) {
    const options: Record<string, OptionValue> = {};
    for (const [name, info] of Object.entries(byId.get(p.lever)?.options ?? {})) {
      // Effect sizes left unset stay unset: the run draws them (info.param).
      const value = p.options[name] ?? (info.param ? undefined : info.default);
      if (typeof value === 'number' || typeof value === 'boolean') options[name] = value;
    }
    scenario.policies.push({
      lever: p.lever,
      ...(p.intensity === undefined ? {} : { intensity: p.intensity }),
      ...(p.rampMonths === undefined ? {} : { rampMonths: p.rampMonths }),
      options,
    });
  }
  return scenario;
}

/** The scenario as a YAML file that `atalaya simulate FILE` and `atalaya scenarios validate FILE` load. */
export function scenarioYaml(scenario: ScenarioObject): string {
  const header = [
    '# Atalaya scenario, saved from the dashboard (Scenarios page).',
    '# Check it: atalaya scenarios validate FILE.yaml   Run it: atalaya simulate FILE.yaml',
  ].join('\n');
  return `${header}\n${stringify(scenario)}`;
}

/**
 * Policies in the address: `recruitment:factor=0.3,rampMonths=24;kingpin`. Lever ids and option names
 * are identifiers, so the separators cannot clash with them.
 */
const COMMON = ['intensity', 'rampMonths'] as const;

export function encodePolicies(policies: PolicyState[]): string {
  return policies
    .map((p) => {
      const pairs: string[] = [];
      for (const k of COMMON) if (p[k] !== undefined) pairs.push(`${k}=${p[k]}`);
      for (const [k, v] of Object.entries(p.options)) pairs.push(`o.${k}=${v}`);
      return pairs.length > 0 ? `${p.lever}:${pairs.join(',')}` : p.lever;
    })
    .join(';');
}

export function decodePolicies(text: string | null, levers: LeverInfo[]): PolicyState[] {
  if (!text) return [];
  const known = new Map(levers.map((l) => [l.id, l]));
  const out: PolicyState[] = [];
  for (const part of text.split(';')) {
    const [lever, rest = ''] = part.split(':');
    const info = known.get(lever);
    // An address from another version may name a lever that no longer exists: drop it rather than fail.
    if (!info || out.some((p) => p.lever === lever)) continue;
    const policy: PolicyState = { lever, options: {} };
    for (const pair of rest.split(',').filter(Boolean)) {
      const [key, raw] = pair.split('=');
      const value = raw === 'true' ? true : raw === 'false' ? false : Number(raw);
      if (typeof value === 'number' && !Number.isFinite(value)) continue;
      if (key === 'intensity' || key === 'rampMonths') {
        if (typeof value === 'number') policy[key] = value;
      } else if (key.startsWith('o.') && key.slice(2) in info.options) policy.options[key.slice(2)] = value;
    }
    out.push(policy);
  }
  return out;
}
