import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  applySet,
  listPresets,
  loadPreset,
  loadScenarioFile,
  presetsDir,
  ScenarioError,
  scenarioFromObject,
} from '../../src/sim/scenario/load.js';
import { scenarioJsonSchema } from '../../src/sim/scenario/schema.js';

function file(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'atalaya-sc-'));
  const path = join(dir, 'scenario.yaml');
  writeFileSync(path, text);
  return path;
}

describe('presets', () => {
  it('ships every preset the issue names, and each validates', () => {
    const ids = listPresets();
    for (const id of [
      'status-quo',
      'us-1-intel-private',
      'us-2-intel-public',
      'us-3-intel-weapons-private',
      'us-4-intel-weapons-public',
      'us-5-direct-strikes',
      'mx-pillar-1-causes',
      'mx-pillar-2-guard',
      'mx-pillar-3-intelligence',
      'mx-pillar-4-coordination',
      'mx-four-pillars',
      'kingpin-targeting',
      'middle-layer-sweep',
      'middle-layer-sweep-prepositioned',
      'mediation-hot-borders',
      'halve-recruitment',
      'follow-the-money',
      'us-domestic-plan',
      'package-verify-share-domestic',
      'package-middle-layer-dismantling',
      'prieto-curiel-2023',
    ]) {
      expect(ids).toContain(id);
    }
    for (const id of ids) {
      const s = loadPreset(id);
      expect(s.id).toBe(id);
      expect(s.title_es, `${id} has a Spanish title`).toBeTruthy();
    }
  });

  it('the committed JSON Schema equals the one generated from the zod schema', () => {
    const committed = JSON.parse(readFileSync(join(presetsDir(), 'scenario.schema.json'), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(scenarioJsonSchema())));
  });

  it('fills defaults: start at the present, 10 years, all mechanisms, full uncertainty', () => {
    const s = loadPreset('status-quo');
    expect(s.start).toBe('present');
    expect(s.years).toBe(10);
    expect(Object.values(s.mechanisms).every(Boolean)).toBe(true);
    expect(s.uncertainty).toBe('full');
    const mls = loadPreset('middle-layer-sweep-prepositioned');
    expect(mls.policies[0]).toMatchObject({
      lever: 'middleLayerSweep',
      intensity: 1,
      rampMonths: 12,
      options: { prepositioned: true, perYear: 8, topK: 10 },
    });
  });
});

describe('scenario validation errors name the file, line, field and what was expected', () => {
  it('unknown lever', () => {
    const path = file('id: x\ntitle: X\npolicies:\n  - lever: teleport\n');
    expect(() => loadScenarioFile(path)).toThrow(ScenarioError);
    expect(() => loadScenarioFile(path)).toThrow(
      /scenario\.yaml:4: policies\.0\.lever: .*valid levers: recruitment, youthPrevention/s,
    );
  });

  it('bad value with its path', () => {
    const path = file('id: x\ntitle: X\nyears: 100\npolicies:\n  - lever: kingpin\n    intensity: -1\n');
    const err = (() => {
      try {
        loadScenarioFile(path);
      } catch (e) {
        return (e as Error).message;
      }
    })();
    expect(err).toMatch(/scenario\.yaml:3: years: .*30/);
    expect(err).toMatch(/scenario\.yaml:6: policies\.0\.intensity: .*0/);
  });

  it('unknown fields list the valid ones; unknown lever options are refused', () => {
    expect(() => loadScenarioFile(file('id: x\ntitle: X\nyaers: 5\n'))).toThrow(
      /unknown field "yaers"; valid fields: id, title/,
    );
    expect(() =>
      loadScenarioFile(
        file('id: x\ntitle: X\npolicies:\n  - lever: kingpin\n    options:\n      perYera: 3\n'),
      ),
    ).toThrow(/policies\.0\.options: unknown field "perYera"/);
  });

  it('unknown parameter lists the valid ones', () => {
    expect(() => loadScenarioFile(file('id: x\ntitle: X\nparameters:\n  rhoo: 1\n'))).toThrow(
      /parameters.*valid parameters: rho, eta/s,
    );
  });

  it('invalid YAML gives the position', () => {
    expect(() => loadScenarioFile(file('id: x\ntitle: [unclosed\n'))).toThrow(
      /scenario\.yaml:\d+:\d+: invalid YAML/,
    );
  });

  it('unknown presets list the valid ones', () => {
    expect(() => loadPreset('nope')).toThrow(/unknown preset "nope"; valid presets: .*status-quo/);
  });
});

describe('--set overrides and extends', () => {
  it('sets nested fields with YAML scalars', () => {
    const s = loadPreset('kingpin-targeting', {
      set: ['years=5', 'policies.0.intensity=0.5', 'parameters.rho=0.002', 'mechanisms.territory=false'],
    });
    expect(s.years).toBe(5);
    expect(s.policies[0].intensity).toBe(0.5);
    expect(s.parameters.rho).toBe(0.002);
    expect(s.mechanisms.territory).toBe(false);
  });

  it('rejects malformed or impossible assignments', () => {
    expect(() => applySet({}, 'years')).toThrow(/expected path=value/);
    expect(() => applySet({ policies: [] }, 'policies.3.intensity=1')).toThrow(
      /policies\.3: does not exist \(the list has 0 items\)/,
    );
    expect(() => loadPreset('status-quo', { set: ['years=abc'] })).toThrow(/years/);
  });

  it('extends a preset: policies appended, parameters merged', () => {
    const s = scenarioFromObject({
      id: 'mine',
      title: 'Mine',
      extends: 'mx-four-pillars',
      parameters: { leakBase: 0.2 },
      policies: [{ lever: 'mediation' }],
    });
    expect(s.policies.map((p) => p.lever)).toEqual([
      'youthPrevention',
      'nationalGuard',
      'intelligence',
      'coordination',
      'mediation',
    ]);
    expect(s.parameters.leakBase).toBe(0.2);
    expect(s.id).toBe('mine');
  });
});
