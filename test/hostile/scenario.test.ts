import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  applySet,
  loadPreset,
  loadScenarioFile,
  ScenarioError,
  scenarioFromObject,
} from '../../src/sim/scenario/load.js';
import { runAtalaya } from '../helpers/run-main.js';

/**
 * Hostile scenario files and `--set` overrides (the CLI and the API share these loaders): each must be a
 * ScenarioError (exit 2) naming the file and field, and nothing may reach Object.prototype.
 */
const dir = mkdtempSync(join(tmpdir(), 'atalaya-hostile-scenario-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

afterEach(() => {
  expect(Object.keys(Object.prototype)).toEqual([]);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

describe('--set paths are checked against the schema', () => {
  it('refuses prototype keys anywhere in the path, naming it', () => {
    for (const set of [
      '__proto__.polluted=1',
      'constructor.prototype.polluted=1',
      'policies.0.__proto__.polluted=1',
      'policies.0.options.__proto__=1',
      'parameters.__proto__=1',
      'mechanisms.constructor=1',
    ]) {
      expect(() => loadPreset('kingpin-targeting', { set: [set] }), set).toThrow(
        /is not a field of a scenario/,
      );
    }
  });

  it('refuses unknown fields, list items past the end and paths into values, listing what is valid', () => {
    expect(() => loadPreset('kingpin-targeting', { set: ['parameters.nope=1'] })).toThrow(
      /parameters\.nope: unknown field "nope"; valid parameters: rho/,
    );
    expect(() => loadPreset('kingpin-targeting', { set: ['policies.3.intensity=1'] })).toThrow(
      /policies\.3: does not exist \(the list has 1 item\)/,
    );
    expect(() => loadPreset('kingpin-targeting', { set: ['policies.0.options.zzz=1'] })).toThrow(
      /policies\.0\.options\.zzz: unknown field "zzz"; valid fields:/,
    );
    expect(() => loadPreset('kingpin-targeting', { set: ['title.x=1'] })).toThrow(/title\.x: is a value/);
    expect(() => loadPreset('kingpin-targeting', { set: ['policies..x=1'] })).toThrow(/empty field name/);
  });

  it('still sets what the schema has', () => {
    const s = loadPreset('mediation-hot-borders', {
      set: ['years=5', 'parameters.rho=0.002', 'policies.0.options.effect=0.2', 'mechanisms.territory=false'],
    });
    expect(s.years).toBe(5);
    expect(s.parameters.rho).toBe(0.002);
    expect((s.policies[0].options as { effect: number }).effect).toBe(0.2);
    expect(s.mechanisms.territory).toBe(false);
  });

  it('the CLI exits 2 with the path at fault', async () => {
    const r = await runAtalaya([
      'simulate',
      '--preset',
      'status-quo',
      '--runs',
      '2',
      '--set',
      '__proto__.polluted=1',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/__proto__: "__proto__" is not a field of a scenario/);
  });

  it('fuzz: any path and value either applies to a schema field or is a ScenarioError', () => {
    const segment = fc.oneof(
      fc.constantFrom(
        'policies',
        'parameters',
        'mechanisms',
        'options',
        'years',
        'rho',
        '0',
        '1',
        'intensity',
      ),
      fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', ''),
      fc.string({ maxLength: 8 }),
    );
    fc.assert(
      fc.property(
        fc.array(segment, { minLength: 1, maxLength: 5 }),
        fc.string({ maxLength: 20 }),
        (path, value) => {
          const raw = { id: 'x', title: 'X', policies: [{ lever: 'mediation' }] } as Record<string, unknown>;
          try {
            applySet(raw, `${path.join('.')}=${value}`);
          } catch (err) {
            expect(err).toBeInstanceOf(ScenarioError);
          }
        },
      ),
      { seed: 20261203, numRuns: 2000 },
    );
  });
});

describe('hostile scenario files', () => {
  it('a YAML alias bomb exits 2 naming the file', async () => {
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    let prev = 'a';
    for (const c of 'bcdefghi') {
      lines.push(`${c}: &${c} [${Array(9).fill(`*${prev}`).join(',')}]`);
      prev = c;
    }
    const path = file('bomb.yaml', `${lines.join('\n')}\n`);
    expect(() => loadScenarioFile(path)).toThrow(ScenarioError);
    const r = await runAtalaya(['simulate', path, '--runs', '2']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bomb.yaml');
    expect(r.stderr).toMatch(/alias/i);
  });

  it('an unknown `extends` names the file, its line and the field', async () => {
    const path = file('ext.yaml', 'id: x\ntitle: X\nextends: no-such-preset\n');
    const r = await runAtalaya(['simulate', path, '--runs', '2']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/ext\.yaml:3: extends: unknown preset "no-such-preset"; valid presets: /);
  });

  it('prototype keys in a file or an object are refused', () => {
    const path = file('proto.yaml', 'id: x\ntitle: y\n__proto__:\n  polluted: 1\n');
    expect(() => loadScenarioFile(path)).toThrow(/__proto__: not a field of a scenario/);
    const raw = JSON.parse('{"id":"x","title":"X","parameters":{"__proto__":{"rho":1}}}');
    expect(() => scenarioFromObject(raw)).toThrow(/parameters\.__proto__: not a field of a scenario/);
  });

  it('YAML nested 20,000 levels deep is an error naming the file, not a crash', () => {
    const path = file(
      'deep.yaml',
      `id: x\ntitle: y\nparameters: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`,
    );
    expect(() => loadScenarioFile(path)).toThrow(ScenarioError);
    expect(() => loadScenarioFile(path)).toThrow(/deep\.yaml/);
  });

  it('fuzz: any JSON value as a scenario object is a scenario or a ScenarioError', () => {
    const field = fc.record(
      {
        id: fc.oneof(fc.string({ maxLength: 8 }), fc.constant('ok-id')),
        title: fc.string({ maxLength: 8 }),
        extends: fc.oneof(fc.constantFrom('status-quo', 'nope', '../x', ''), fc.string({ maxLength: 8 })),
        years: fc.oneof(fc.integer({ min: -5, max: 40 }), fc.double()),
        start: fc.oneof(fc.constantFrom('2026-01', '2026-13', '1999-01'), fc.string({ maxLength: 8 })),
        parameters: fc.dictionary(
          fc.constantFrom('rho', 'eta', 'x', 'toString'),
          fc.jsonValue({ maxDepth: 1 }),
        ),
        policies: fc.array(
          fc.record(
            {
              lever: fc.constantFrom('mediation', 'kingpin-targeting', 'nope'),
              intensity: fc.double(),
              options: fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 1 })),
            },
            { requiredKeys: [] },
          ),
          { maxLength: 3 },
        ),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue({ maxDepth: 4 }), field), (raw) => {
        try {
          scenarioFromObject(raw);
        } catch (err) {
          expect(err).toBeInstanceOf(ScenarioError);
        }
      }),
      { seed: 20261203, numRuns: 1000 },
    );
  });

  it('fuzz: any text as a scenario file is a scenario or a ScenarioError naming the file', () => {
    const path = join(dir, 'fuzz.yaml');
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 200 }),
          fc
            .array(
              fc.constantFrom(
                'id: x',
                'title: X',
                'extends: status-quo',
                'years: [',
                '&a x',
                '*a',
                '- 1',
                '  : :',
                '\t',
              ),
              {
                maxLength: 8,
              },
            )
            .map((l) => l.join('\n')),
        ),
        (text) => {
          writeFileSync(path, text);
          try {
            loadScenarioFile(path);
          } catch (err) {
            expect(err).toBeInstanceOf(ScenarioError);
            expect((err as Error).message).toContain('fuzz.yaml');
          }
        },
      ),
      { seed: 20261203, numRuns: 500 },
    );
  });
});
