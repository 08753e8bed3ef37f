import { describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/listen.js';
import { readEvents, type SseEvent, serverPerTest, until } from './helpers.js';

/**
 * Monte Carlo runs through a real server on 127.0.0.1 (port chosen by the system), on the built-in group
 * network (no data needed). Waiting is by polling for states; nothing asserts on durations.
 */
const servers = serverPerTest('runs');
const start = servers.start;

async function post(
  s: RunningServer,
  body: unknown,
): Promise<{ status: number; json: Record<string, unknown>; headers: Headers }> {
  const res = await fetch(`${s.url}/api/runs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ network: 'builtin', ...(body as object) }),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown>, headers: res.headers };
}

const get = async (s: RunningServer, id: string) =>
  (await (await fetch(`${s.url}/api/runs/${id}`)).json()) as Record<string, unknown> & { status: string };

/** A run long enough to still be going when the test acts on it. */
const LONG = { scenarios: ['status-quo'], runs: 2000 };

describe('runs over HTTP', () => {
  it('streams progress, then the summary; GET returns it too', async () => {
    const s = await start();
    const accepted = await post(s, { scenarios: ['status-quo', 'kingpin-targeting'], runs: 20, years: 3 });
    expect(accepted.status).toBe(202);
    const id = accepted.json.id as string;
    const events = await readEvents(`${s.url}/api/runs/${id}/events`);
    const names = events.map((e) => e.event);
    expect(names[0]).toBe('status');
    expect(names).toContain('progress');
    expect(names.at(-1)).toBe('done');
    expect(names.filter((n) => ['done', 'error', 'cancelled', 'timeout'].includes(n))).toHaveLength(1);
    const last = events.at(-1)!.data as { summary: { runs: number; scenarios: { id: string }[] } };
    expect(last.summary.runs).toBe(20);
    expect(last.summary.scenarios.map((x) => x.id)).toEqual(['status-quo', 'kingpin-targeting']);
    const progress = events
      .filter((e) => e.event === 'progress')
      .map((e) => e.data as { done: number; total: number });
    // The filter's months (4 islands × the observed months), then the 40 runs × scenarios.
    const final = progress.at(-1)!;
    expect(final.done).toBe(final.total);
    expect(final.total - 40).toBeGreaterThanOrEqual(4 * 24);
    expect((final.total - 40) % 4).toBe(0);
    const run = await get(s, id);
    expect(run.status).toBe('done');
    expect((run.summary as { scenarios: unknown[] }).scenarios).toHaveLength(2);
    // A late listener gets the final event at once.
    const late = await readEvents(`${s.url}/api/runs/${id}/events`);
    expect(late.map((e) => e.event)).toEqual(['status', 'done']);
  });

  it('DELETE cancels a running run; its workers stop and its slot is freed', async () => {
    const s = await start();
    const { json } = await post(s, LONG);
    const id = json.id as string;
    const seen: SseEvent[] = [];
    const stream = readEvents(`${s.url}/api/runs/${id}/events`, (e) => {
      seen.push(e);
      return undefined;
    });
    await until(() => seen.some((e) => e.event === 'progress'), 'first progress');
    const del = await fetch(`${s.url}/api/runs/${id}`, { method: 'DELETE' });
    expect(del.status).toBe(200);
    const events = await stream;
    expect(events.at(-1)!.event).toBe('cancelled');
    expect((await get(s, id)).status).toBe('cancelled');
    expect(s.app.runs.stats().running).toBe(0);
    expect(s.app.runs.counts).toMatchObject({ submitted: 1, cancelled: 1, done: 0 });
  });

  it('a run whose only listener goes away is cancelled', async () => {
    const s = await start({ disconnectGraceMs: 0 });
    const { json } = await post(s, LONG);
    const id = json.id as string;
    await readEvents(`${s.url}/api/runs/${id}/events`, (e) => (e.event === 'progress' ? 'stop' : undefined));
    await until(async () => (await get(s, id)).status === 'cancelled', 'cancellation after disconnect');
    await until(() => s.app.runs.stats().running === 0, 'workers to stop');
    expect(s.app.runs.counts.cancelled).toBe(1);
  });

  it('limits: beyond running + queued, 429; a queued run can be cancelled', async () => {
    const s = await start({ maxConcurrentRuns: 1, maxQueuedRuns: 1 });
    const a = await post(s, LONG);
    const b = await post(s, LONG);
    const c = await post(s, LONG);
    expect([a.status, b.status, c.status]).toEqual([202, 202, 429]);
    expect(c.headers.get('retry-after')).toBeTruthy();
    expect(c.json.error).toMatch(/too many runs/);
    expect((await get(s, b.json.id as string)).status).toBe('queued');
    await fetch(`${s.url}/api/runs/${b.json.id}`, { method: 'DELETE' });
    expect((await get(s, b.json.id as string)).status).toBe('cancelled');
    await fetch(`${s.url}/api/runs/${a.json.id}`, { method: 'DELETE' });
    await until(
      async () => (await get(s, a.json.id as string)).status === 'cancelled',
      'first run cancelled',
    );
    expect(s.app.runs.counts).toMatchObject({ submitted: 2, cancelled: 2 });
  });

  it('a run over its time budget ends as timeout', async () => {
    const s = await start({ runTimeoutMs: 1 });
    const { json } = await post(s, LONG);
    const events = await readEvents(`${s.url}/api/runs/${json.id}/events`);
    expect(events.at(-1)!.event).toBe('timeout');
    const run = await get(s, json.id as string);
    expect(run.status).toBe('timeout');
    expect(run.error).toMatch(/time budget/);
  });
});
