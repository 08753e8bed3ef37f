import { describe, expect, it } from 'vitest';
import type { ExploreSummary } from '../../src/explore/types.js';
import { renderExploreReport } from '../../src/report/explore.js';
import type { RunningServer } from '../../src/server/listen.js';
import { readEvents, serverPerTest, until } from './helpers.js';

/**
 * Explore sweeps through a real server on 127.0.0.1, on the built-in group network (no data needed) and a
 * few parameters, so that a sweep takes seconds. Waiting is by polling for states, never on durations.
 */
const servers = serverPerTest('explore');
const start = servers.start;

async function post(
  s: RunningServer,
  body: Record<string, unknown>,
): Promise<{ status: number; json: Record<string, unknown> & { field?: string; error?: string } }> {
  const res = await fetch(`${s.url}/api/explore`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ network: 'builtin', ...body }),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const get = async (s: RunningServer, id: string) =>
  (await (await fetch(`${s.url}/api/explore/${id}`)).json()) as Record<string, unknown> & {
    status: string;
    summary?: ExploreSummary;
  };

/** Morris over three parameters: 2 trajectories × 4 rows = 8 experiments of 2 scenarios, 2 years each. */
const SMALL = {
  scenarios: ['kingpin-targeting'],
  method: 'morris',
  samples: 2,
  seed: 3,
  years: 2,
  parameters: ['rho', 'theta', 'leakBase'],
};

describe('explore over HTTP', () => {
  it('streams progress, then the summary; GET returns it too; the report renders it', async () => {
    const s = await start();
    const accepted = await post(s, SMALL);
    expect(accepted.status).toBe(202);
    expect(accepted.json.request).toEqual({
      scenarios: ['status-quo', 'kingpin-targeting'],
      method: 'morris',
      samples: 2,
      seed: 3,
      years: 2,
      experiments: 8,
      factors: 3,
    });
    const id = accepted.json.id as string;
    const events = await readEvents(`${s.url}/api/explore/${id}/events`);
    const names = events.map((e) => e.event);
    expect(names[0]).toBe('status');
    expect(names.at(-1)).toBe('done');
    expect(names.filter((n) => ['done', 'error', 'cancelled', 'timeout'].includes(n))).toHaveLength(1);
    const progress = events
      .filter((e) => e.event === 'progress')
      .map((e) => e.data as { done: number; total: number });
    expect(progress.at(-1)).toEqual({ done: 8, total: 8 });
    const summary = (events.at(-1)!.data as { summary: ExploreSummary }).summary;
    expect(summary.method).toBe('morris');
    expect(summary.experiments).toBe(8);
    expect(summary.baseline).toBe('status-quo');
    expect(summary.parameters).toEqual(['rho', 'theta', 'leakBase']);
    expect(summary.sensitivity.some((r) => r.scenario === 'kingpin-targeting' && r.parameter === 'rho')).toBe(
      true,
    );
    expect(summary.robustness.length).toBeGreaterThan(0);

    const run = await get(s, id);
    expect(run.status).toBe('done');
    expect(run.summary?.experiments).toBe(8);
    // A late listener gets the final event at once.
    const late = await readEvents(`${s.url}/api/explore/${id}/events`);
    expect(late.map((e) => e.event)).toEqual(['status', 'done']);
    // What the server answers is what the report and the dashboard read.
    const page = renderExploreReport(summary, { locale: 'es' });
    expect(page).toContain('<section id="robustness"');
  });

  it('refuses what it cannot run with a 400 naming the field', async () => {
    const s = await start({ maxExperimentsPerRequest: 10 });
    const unknown = await post(s, { ...SMALL, scenarios: ['kingpin-targeting', 'no-such-preset'] });
    expect(unknown.status).toBe(400);
    expect(unknown.json.field).toBe('scenarios.1');
    // 3 trajectories × 4 rows = 12 experiments, over this server's 10.
    const large = await post(s, { ...SMALL, samples: 3 });
    expect(large.status).toBe(400);
    expect(large.json.field).toBe('samples');
    expect(large.json.error).toMatch(/12 experiments .* at most 10 per request/);
    const parameter = await post(s, { ...SMALL, parameters: ['rho', 'notAParameter'] });
    expect(parameter.status).toBe(400);
    expect(parameter.json.field).toBe('parameters');
    const method = await post(s, { ...SMALL, method: 'anova' });
    expect(method.status).toBe(400);
    expect(method.json.field).toBe('method');
    const extra = await post(s, { ...SMALL, runs: 10 });
    expect(extra.status).toBe(400);
    expect((await fetch(`${s.url}/api/explore/0123456789abcdef`)).status).toBe(404);
    expect((await fetch(`${s.url}/api/explore/nope`)).status).toBe(400);
    expect(servers.current()!.app.explores.counts.submitted).toBe(0);
  });

  it('DELETE cancels a sweep; it ends once, as cancelled', async () => {
    const s = await start();
    // Every parameter, 4 trajectories, 10 years: long enough to be running when cancelled.
    const { status, json } = await post(s, { scenarios: ['kingpin-targeting'], samples: 4, years: 10 });
    expect(status).toBe(202);
    const id = json.id as string;
    const stream = readEvents(`${s.url}/api/explore/${id}/events`);
    await until(async () => (await get(s, id)).status === 'running', 'the sweep to start');
    const res = await fetch(`${s.url}/api/explore/${id}`, { method: 'DELETE' });
    expect(res.status).toBe(200);
    const events = await stream;
    expect(events.at(-1)?.event).toBe('cancelled');
    await until(async () => (await get(s, id)).status === 'cancelled', 'the sweep to be cancelled');
    expect(servers.current()!.app.explores.counts.cancelled).toBe(1);
    expect(servers.current()!.app.explores.counts.done).toBe(0);
  });

  it('is in the OpenAPI document', async () => {
    const s = await start();
    const doc = (await (await fetch(`${s.url}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { requestBody?: unknown; tags: string[] }>>;
    };
    expect(Object.keys(doc.paths['/api/explore'])).toEqual(['post']);
    expect(Object.keys(doc.paths['/api/explore/{id}']).sort()).toEqual(['delete', 'get']);
    expect(doc.paths['/api/explore/{id}/events'].get.tags).toEqual(['explore']);
    expect(JSON.stringify(doc.paths['/api/explore'].post.requestBody)).toContain('"sobol"');
  });
});
