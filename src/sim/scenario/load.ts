import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMap, isSeq, LineCounter, parseDocument, parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { prototypeKeyPath } from '../../util/prototype-keys.js';
import { PARAMS } from '../params.js';
import { LEVERS } from '../policy/levers.js';
import { type Scenario, ScenarioSchema } from './schema.js';
import { checkSetPath } from './set-path.js';

/**
 * Scenario files and presets: validate → resolve `extends` → apply `--set` overrides.
 * Every error names the file (or preset), the field path, and what was expected.
 */
export class ScenarioError extends Error {
  constructor(
    message: string,
    readonly file?: string,
    readonly path?: string,
  ) {
    super(message);
    this.name = 'ScenarioError';
  }
}

/** Where the shipped presets live (the package's `scenarios/` folder). */
export function presetsDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return resolve(here, '..', '..', '..', 'scenarios');
}

export function listPresets(dir = presetsDir()): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => basename(f, '.yaml'))
    .sort();
}

type Raw = Record<string, unknown>;

interface Source {
  raw: Raw;
  label: string;
  text?: string;
}

function readYaml(path: string, label: string): Source {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ScenarioError(`cannot read scenario file ${path}: ${(err as Error).message}`, path);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const pos = e.linePos?.[0];
    throw new ScenarioError(
      `${label}${pos ? `:${pos.line}:${pos.col}` : ''}: invalid YAML: ${e.message.split('\n')[0]}`,
      path,
    );
  }
  let raw: unknown;
  try {
    // The yaml library refuses alias bombs (billion laughs) here; the message names no file of its own.
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    throw new ScenarioError(`${label}: cannot read the YAML: ${(err as Error).message}`, path);
  }
  const bad = prototypeKeyPath(raw);
  if (bad) throw new ScenarioError(`${label}: ${bad}: not a field of a scenario`, path, bad);
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ScenarioError(
      `${label}: expected a mapping with id, title and policies (see scenarios/scenario.schema.json)`,
      path,
    );
  }
  return { raw: raw as Raw, label, text };
}

/** Line of a field path in YAML text, for error messages (undefined if not found). */
function lineOf(text: string | undefined, path: (string | number)[]): number | undefined {
  if (!text) return undefined;
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  let node: unknown = doc.contents;
  let found: { range?: [number, number, number] } | undefined;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((it) => (it.key as { value?: unknown })?.value === key);
      if (!pair) break;
      found = pair.key as { range?: [number, number, number] };
      node = pair.value;
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key];
      found = node as { range?: [number, number, number] };
    } else break;
  }
  const offset = found?.range?.[0];
  return offset === undefined ? undefined : lineCounter.linePos(offset).line;
}

/** Turn a zod error into one message per issue, naming the field and what was expected. */
export function describeIssues(error: z.ZodError, label: string, text?: string): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.map(String);
      const where = path.length > 0 ? path.join('.') : '(top level)';
      const line = lineOf(text, issue.path as (string | number)[]);
      let message = issue.message;
      if (issue.code === 'unrecognized_keys') {
        const keys = (issue as { keys: string[] }).keys;
        message = `unknown field${keys.length > 1 ? 's' : ''} ${keys.map((k) => `"${k}"`).join(', ')}${validKeysHint(path)}`;
      } else if (issue.code === 'invalid_union' && path.at(-1) !== undefined && /policies/.test(where)) {
        message = `unknown lever; valid levers: ${Object.keys(LEVERS).join(', ')}`;
      }
      return `${label}${line ? `:${line}` : ''}: ${where}: ${message}`;
    })
    .join('\n');
}

function validKeysHint(path: string[]): string {
  if (path.length === 0) return `; valid fields: ${Object.keys(ScenarioSchema.shape).join(', ')}`;
  if (path[0] === 'parameters') return `; valid parameters: ${Object.keys(PARAMS).join(', ')}`;
  if (path[0] === 'mechanisms')
    return '; valid mechanisms: layers, leadership, territory, economy, firearms, drugs, cooperation, history';
  if (path[0] === 'policies' && path[2] === 'options')
    return ' (see `atalaya model levers` for each lever’s options)';
  if (path[0] === 'policies') return '; valid fields: lever, start, end, intensity, rampMonths, options';
  return '';
}

function validate(src: Source): Scenario {
  const parsed = ScenarioSchema.safeParse(src.raw);
  if (!parsed.success) throw new ScenarioError(describeIssues(parsed.error, src.label, src.text), src.label);
  return parsed.data;
}

export interface LoadOptions {
  presets?: string;
  /** `path=value` overrides applied before validation. */
  set?: readonly string[];
}

/** Load a shipped preset by id (e.g. "middle-layer-sweep"). */
export function loadPreset(id: string, options: LoadOptions = {}): Scenario {
  return resolveSource(readPreset(id, options.presets), options, [id]);
}

/** Load a scenario file (YAML or JSON). */
export function loadScenarioFile(path: string, options: LoadOptions = {}): Scenario {
  return resolveSource(readYaml(path, path), options, []);
}

/** Validate a scenario given as an object (API, tests). */
export function scenarioFromObject(raw: unknown, options: LoadOptions & { label?: string } = {}): Scenario {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ScenarioError(`${options.label ?? 'scenario'}: expected an object`);
  }
  const label = options.label ?? 'scenario';
  const bad = prototypeKeyPath(raw);
  if (bad) throw new ScenarioError(`${label}: ${bad}: not a field of a scenario`, label, bad);
  return resolveSource({ raw: structuredClone(raw) as Raw, label: options.label ?? 'scenario' }, options, []);
}

function resolveSource(src: Source, options: LoadOptions, chain: string[]): Scenario {
  let raw: Raw = { ...src.raw };
  if (typeof raw.extends === 'string') {
    const baseId = raw.extends;
    if (chain.includes(baseId))
      throw new ScenarioError(`${src.label}: extends: circular (${[...chain, baseId].join(' → ')})`);
    const base = resolveSource(readExtended(src, baseId, options.presets), { presets: options.presets }, [
      ...chain,
      baseId,
    ]);
    raw = mergeScenario(base, raw);
  }
  // Overrides apply to the merged scenario, so `policies.0` is the first policy as finally listed.
  for (const s of options.set ?? []) applySet(raw, s);
  return validate({ ...src, raw });
}

function readPreset(id: string, dir = presetsDir()): Source {
  const file = join(dir, `${id}.yaml`);
  if (!/^[a-z0-9][a-z0-9-]*$/.test(id) || !existsSync(file)) {
    throw new ScenarioError(`unknown preset "${id}"; valid presets: ${listPresets(dir).join(', ')}`);
  }
  return readYaml(file, `preset ${id} (${file})`);
}

/** The preset a scenario extends; an unknown one is named with the file and field that asked for it. */
function readExtended(src: Source, id: string, dir?: string): Source {
  try {
    return readPreset(id, dir);
  } catch (err) {
    if (!(err instanceof ScenarioError)) throw err;
    const line = lineOf(src.text, ['extends']);
    throw new ScenarioError(
      `${src.label}${line ? `:${line}` : ''}: extends: ${err.message}`,
      src.label,
      'extends',
    );
  }
}

/** The child's fields win; parameters and mechanisms merge; policies append to the base's. */
function mergeScenario(base: Scenario, child: Raw): Raw {
  const merged: Raw = { ...base, ...child };
  delete merged.extends;
  merged.parameters = { ...base.parameters, ...((child.parameters as Raw) ?? {}) };
  merged.mechanisms = { ...base.mechanisms, ...((child.mechanisms as Raw) ?? {}) };
  merged.policies = [...base.policies, ...((child.policies as unknown[]) ?? [])];
  return merged;
}

/**
 * Apply one `path=value` override, e.g. `years=5`, `parameters.rho=0.002`, `policies.0.intensity=0.5`,
 * `mechanisms.territory=false`. The value is read as a YAML scalar (number, boolean or string). The path is
 * checked against the schema's own keys before anything is written (set-path.ts): an unknown field, a list
 * index past the end or a prototype key (`__proto__`) is refused with the path at fault.
 */
export function applySet(raw: Raw, assignment: string): void {
  const eq = assignment.indexOf('=');
  if (eq <= 0)
    throw new ScenarioError(`--set ${assignment}: expected path=value, e.g. parameters.rho=0.0025`);
  const segments = assignment.slice(0, eq).trim().split('.');
  const checked = checkSetPath(ScenarioSchema, raw, segments);
  if (!checked.ok) {
    const where = segments.slice(0, checked.at + 1).join('.');
    throw new ScenarioError(`--set ${quoted(assignment)}: ${where}: ${checked.reason}`, undefined, where);
  }
  let value: unknown;
  try {
    value = parseYaml(assignment.slice(eq + 1), { logLevel: 'error' });
  } catch {
    throw new ScenarioError(`--set ${quoted(assignment)}: cannot read the value`);
  }
  const { keys } = checked;
  let node = raw as Record<string | number, unknown>;
  for (const key of keys.slice(0, -1)) {
    let next = Object.hasOwn(node, key) ? node[key] : undefined;
    if (next === undefined) {
      next = {};
      node[key] = next;
    }
    if (next === null || typeof next !== 'object') {
      throw new ScenarioError(`--set ${quoted(assignment)}: ${String(key)} is not an object or list`);
    }
    node = next as Record<string | number, unknown>;
  }
  node[keys[keys.length - 1]] = value;
}

/** An assignment as shown in messages: long values cut, so an error never echoes a whole body back. */
function quoted(assignment: string, max = 120): string {
  return assignment.length <= max
    ? assignment
    : `${assignment.slice(0, max)}… (${assignment.length} characters)`;
}
