import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import type { LeverRow, OptionRow } from '../../src/sim/describe.js';
import { LEVERS } from '../../src/sim/policy/levers.js';
import { call } from './helpers.js';

/**
 * GET /api/levers gives the dashboard's sliders their bounds. They are read from the zod schemas, so a bound
 * the answer states must be the bound validation enforces: a value just past it is refused at that field.
 */
const home = mkdtempSync(join(tmpdir(), 'atalaya-levers-'));
const app = createApp({ home });
afterAll(() => app.close());

async function levers(): Promise<{ levers: LeverRow[]; policy: Record<string, OptionRow> }> {
  const res = await call(app, 'GET', '/api/levers');
  expect(res.status).toBe(200);
  return res.json as never;
}

function scenarioWith(lever: string, option: string, value: number) {
  return { id: 'probe', title: 'Probe', policies: [{ lever, options: { [option]: value } }] };
}

describe('GET /api/levers: option ranges from the schemas', () => {
  it('lists every lever with titles in both languages, evidence and typed options', async () => {
    const { levers: rows } = await levers();
    expect(rows.map((l) => l.id)).toEqual(Object.keys(LEVERS));
    for (const l of rows) {
      expect(l.title.es.length).toBeGreaterThan(0);
      expect(l.evidence.length).toBeGreaterThan(0);
      for (const o of Object.values(l.options)) {
        expect(['number', 'integer', 'boolean', 'string']).toContain(o.type);
        if (typeof o.default === 'number' && o.min !== undefined)
          expect(o.default).toBeGreaterThanOrEqual(o.min);
        if (typeof o.default === 'number' && o.max !== undefined)
          expect(o.default).toBeLessThanOrEqual(o.max);
      }
    }
    const recruitment = rows.find((l) => l.id === 'recruitment')!;
    expect(recruitment.options.factor).toMatchObject({ type: 'number', min: 0, max: 2, default: 0.5 });
    const kingpin = rows.find((l) => l.id === 'kingpin')!;
    // An integer with only a lower bound: no made-up maximum.
    expect(kingpin.options.topK).toMatchObject({ type: 'integer', min: 1, default: 10 });
    expect(kingpin.options.topK.max).toBeUndefined();
    const sweep = rows.find((l) => l.id === 'middleLayerSweep')!;
    expect(sweep.options.prepositioned).toMatchObject({ type: 'boolean', default: false });
  });

  it('describes the fields every policy has', async () => {
    const { policy } = await levers();
    expect(policy.intensity).toMatchObject({ type: 'number', min: 0, max: 3, default: 1 });
    expect(policy.rampMonths).toMatchObject({ type: 'number', min: 0, max: 120, default: 12 });
    expect(policy.start.type).toBe('string');
  });

  it('every stated bound is the one validation enforces', async () => {
    const { levers: rows } = await levers();
    let checked = 0;
    for (const l of rows) {
      for (const [name, o] of Object.entries(l.options)) {
        const bounds: [number, number][] = [];
        if (o.min !== undefined) bounds.push([o.min, o.min - 0.5]);
        if (o.max !== undefined) bounds.push([o.max, o.max + 0.5]);
        for (const [inside, outside] of bounds) {
          const ok = await call(app, 'POST', '/api/scenarios/validate', scenarioWith(l.id, name, inside));
          expect(ok.status, `${l.id}.${name}=${inside}`).toBe(200);
          const bad = await call(app, 'POST', '/api/scenarios/validate', scenarioWith(l.id, name, outside));
          expect(bad.status, `${l.id}.${name}=${outside}`).toBe(400);
          expect(bad.json.field).toBe(`policies.0.options.${name}`);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});
