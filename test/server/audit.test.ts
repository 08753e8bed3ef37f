import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAudit, DEFAULT_CLAIM } from '../../src/audit/audit.js';
import { checkClaim } from '../../src/audit/claim.js';
import { auditClaimInput } from '../../src/audit/claim-request.js';
import { readPanel } from '../../src/data/panel/cache.js';
import type { Panel } from '../../src/data/panel/panel.js';
import { type AtalayaApp, createApp } from '../../src/server/app.js';
import { describeWithData } from '../helpers/shared-data.js';
import { importAuditHome } from './audit-home.js';
import { call } from './helpers.js';

/**
 * GET /api/audit: the whole audit the dashboard's Audit page draws. Without data: validation, the 409 and
 * the OpenAPI entry. On the real SESNSP, RNPDNO and INEGI files: the answer is the audit the CLI prints
 * (`atalaya audit report --json`), its claim is `checkClaim` on the same panel, and the figures are the
 * published ones asserted in test/audit/audit-real.test.ts.
 */
const json = <T>(x: T): T => JSON.parse(JSON.stringify(x));

describe('GET /api/audit without data', () => {
  const app = createApp({ home: mkdtempSync(join(tmpdir(), 'atalaya-audit-empty-')) });
  afterAll(() => app.close());

  it('answers 409 with the hint to import the data', async () => {
    const { status, json } = await call(app, 'GET', '/api/audit');
    expect(status).toBe(409);
    expect(json.error).toMatch(/atalaya data import/);
  });

  it('refuses bad claims with a 400 naming the field, before reading any data', async () => {
    const cases: [string, string][] = [
      ['from=septiembre', 'from'],
      ['to=2025-6', 'to'],
      ['change=a%20quarter', 'change'],
      ['basis=weekly', 'basis'],
      ['tolerance=101', 'tolerance'],
      ['series=', 'series'],
      // A start without an end would be paired with the default claim's end: refused.
      ['from=2024-09', 'from'],
      ['to=2025-06&state=Gotham', 'state'],
    ];
    for (const [query, field] of cases) {
      const { status, json } = await call(app, 'GET', `/api/audit?${query}`);
      expect(status, query).toBe(400);
      expect(json.field, query).toBe(field);
    }
    const extra = await call(app, 'GET', '/api/audit?clam=-25%25');
    expect(extra.status).toBe(400);
    expect(extra.json.error).toMatch(/clam/);
  });

  it('is in the OpenAPI document with the claim fields, every one optional', async () => {
    const { json: doc } = await call(app, 'GET', '/api/openapi.json');
    const op = (doc.paths as Record<string, Record<string, unknown>>)['/api/audit'].get as {
      parameters: { name: string; required?: boolean; schema: { default?: unknown } }[];
    };
    expect(op.parameters.map((p) => p.name).sort()).toEqual(
      ['basis', 'change', 'from', 'series', 'state', 'to', 'tolerance', 'vintage'].sort(),
    );
    expect(op.parameters.every((p) => !p.required)).toBe(true);
    expect(op.parameters.find((p) => p.name === 'series')!.schema.default).toBe(DEFAULT_CLAIM.series);
  });
});

describeWithData('GET /api/audit on the real SESNSP, RNPDNO and INEGI files', () => {
  let app: AtalayaApp;
  let panel: Panel;
  beforeAll(() => {
    const home = importAuditHome();
    panel = readPanel(home).panel;
    app = createApp({ home });
    return () => app.close();
  }, 240_000);

  it('by default, audits the government claim: the answer is what `audit report --json` prints', async () => {
    const { status, json: audit } = await call(app, 'GET', '/api/audit');
    expect(status).toBe(200);
    // The CLI builds the audit from the same mapping of the same (absent) options.
    expect(audit).toEqual(json(buildAudit(panel, { claim: auditClaimInput({ tolerance: 0.02 }) })));
    expect(audit.claim).toEqual(json(checkClaim(panel, DEFAULT_CLAIM)));
    expect(audit.skipped).toEqual([]);
    expect(audit.states).toHaveLength(32);
  });

  it('finds the published figures: 86.9 → 65.6 victims a day, −24.5%, "down 25%" holds, 31% offset', async () => {
    const { json: audit } = await call(app, 'GET', '/api/audit');
    const claim = audit.claim as {
      observed: { from: string; to: string; valueFrom: number; valueTo: number; change: number };
      holds: boolean;
      incomplete: string[];
      series: { vintage: string };
    };
    expect([claim.observed.from, claim.observed.to]).toEqual(['2024-09', '2025-06']);
    expect(claim.observed.valueFrom).toBeCloseTo(86.9, 1);
    expect(claim.observed.valueTo).toBeCloseTo(65.6, 1);
    expect(claim.observed.change).toBeCloseTo(-0.2451, 4);
    expect(claim.holds).toBe(true);
    expect(claim.incomplete).toEqual(['2025-06']);
    expect(claim.series.vintage).toBe('2025-06');
    const recl = audit.reclassification as { national: { offsetShare: number }; states: unknown[] };
    expect(recl.national.offsetShare).toBeCloseTo(0.31, 2);
    expect(recl.states).toHaveLength(32);
  });

  it('checks the claim asked for, as checkClaim does on the same panel', async () => {
    const down32 = await call(app, 'GET', '/api/audit?from=2024-09&to=2025-06&change=-32%25');
    expect(down32.status).toBe(200);
    expect(down32.json.claim).toEqual(
      json(checkClaim(panel, { series: 'homicidio-doloso', from: '2024-09', to: '2025-06', change: '-32%' })),
    );
    expect((down32.json.claim as { holds: boolean }).holds).toBe(false);

    const sinaloa = await call(
      app,
      'GET',
      '/api/audit?to=2025-01..2025-06&basis=year-on-year&state=Sinaloa&tolerance=5',
    );
    expect(sinaloa.status).toBe(200);
    const expected = checkClaim(panel, {
      series: 'homicidio-doloso',
      to: '2025-01..2025-06',
      basis: 'year-on-year',
      place: 'Sinaloa',
      tolerance: 0.05,
    });
    expect(sinaloa.json.claim).toEqual(json(expected));
    expect(expected.observed.from).toBe('2024-01..2024-06');
    expect(expected.holds).toBeNull();

    // Without `to`, the default claim's periods for the series and place given (as `audit report`).
    const feminicide = await call(app, 'GET', '/api/audit?series=feminicidio');
    expect(feminicide.json.claim).toEqual(
      json(checkClaim(panel, { ...DEFAULT_CLAIM, series: 'feminicidio' })),
    );
    // Reclassification is measured for intentional homicide only.
    expect(feminicide.json.reclassification).toBeNull();
  });

  it('refuses what the data cannot answer with the field to fix', async () => {
    const outside = await call(app, 'GET', '/api/audit?from=2024-09&to=2025-09');
    expect(outside.status).toBe(400);
    expect(outside.json.field).toBe('to');
    expect(outside.json.error).toMatch(/no value for Nacional in 2025-09: it covers 2015-01\.\.2025-06/);
    const before = await call(app, 'GET', '/api/audit?from=2010-01&to=2025-06');
    expect(before.json.field).toBe('from');
    const series = await call(app, 'GET', '/api/audit?series=robo-de-bicicleta');
    expect(series.status).toBe(404);
    expect(series.json.field).toBe('series');
    const vintage = await call(app, 'GET', '/api/audit?vintage=1999-01');
    expect(vintage.status).toBe(400);
    expect(vintage.json.field).toBe('vintage');
    const order = await call(app, 'GET', '/api/audit?from=2025-06&to=2024-09');
    expect(order.json.field).toBe('from');
  });
});
