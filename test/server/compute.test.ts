import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type AtalayaApp, createApp } from '../../src/server/app.js';
import type { Limits } from '../../src/server/limits.js';
import { call, until } from './helpers.js';

/**
 * The compute worker's bounds: a time budget per computation, a bounded queue, and cancellation when the
 * client goes away; after each, the worker is replaced and answers the next request. Network disruption
 * serves as the long task: sequential betweenness removal on a 600-member network takes tens of seconds.
 */
const EDGES = 'source,target\n1,2\n2,3\n3,1\n3,4\n';

/** A connected random network (a ring plus random chords), seeded so that every run sends the same file. */
function bigNetwork(n = 600, chords = 1200): string {
  let state = 12345;
  const rand = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
  const lines = ['source,target'];
  for (let i = 0; i < n; i++) lines.push(`${i},${(i + 1) % n}`);
  for (let k = 0; k < chords; k++) lines.push(`${Math.floor(rand() * n)},${Math.floor(rand() * n)}`);
  return `${lines.join('\n')}\n`;
}

const slowBody = { text: bigNetwork(), name: 'big.csv', strategies: ['betweenness'], mode: 'sequential' };

describe('compute worker bounds', () => {
  let app: AtalayaApp | undefined;
  const home = mkdtempSync(join(tmpdir(), 'atalaya-compute-'));
  const start = (limits: Partial<Limits>) => {
    app = createApp({ home, limits });
    return app;
  };
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  /** POST with an AbortSignal, as a client that can go away. */
  const post = (a: AtalayaApp, path: string, body: unknown, signal?: AbortSignal) =>
    a.request(
      new Request(`http://127.0.0.1${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal,
      }),
    );

  it('stops a computation beyond its time budget with a 503 that says why, then answers the next', async () => {
    const a = start({ computeTimeoutMs: 300 });
    const slow = await call(a, 'POST', '/api/network/disrupt', slowBody);
    expect(slow.status).toBe(503);
    expect(slow.json.error).toMatch(/took longer than this server allows \(0\.3 s\)/);
    expect(a.compute.counts.timedOut).toBe(1);
    const small = await call(a, 'POST', '/api/network/describe', { text: EDGES, name: 'small.csv' });
    expect(small.status).toBe(200);
    expect(small.json.n).toBe(4);
  });

  it('refuses beyond the queue (429) and drops the work of clients that went away', async () => {
    const a = start({ maxQueuedTasks: 1 });
    const first = new AbortController();
    const second = new AbortController();
    const running = post(a, '/api/network/disrupt', slowBody, first.signal);
    await until(() => a.compute.counts.submitted === 1, 'the first task to be accepted');
    const queued = post(a, '/api/network/disrupt', slowBody, second.signal);
    await until(() => a.compute.counts.submitted === 2, 'the second task to be queued');
    const refused = await call(a, 'POST', '/api/network/disrupt', slowBody);
    expect(refused.status).toBe(429);
    expect(refused.json.error).toMatch(/busy/);

    // Both clients leave: the queued task is dropped, the running one stopped.
    second.abort();
    first.abort();
    await Promise.allSettled([running, queued]);
    expect(a.compute.counts.cancelled).toBe(2);
    const small = await call(a, 'POST', '/api/network/describe', { text: EDGES, name: 'small.csv' });
    expect(small.status).toBe(200);
  });
});
