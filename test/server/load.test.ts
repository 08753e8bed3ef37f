import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { serveLoad } from '../../bench/serve-load.js';

/**
 * The bounded version of `npm run bench:serve`: a few seconds of autocannon on cheap routes while small
 * runs are submitted, followed and one cancelled. No timing assertions: every answer is 2xx, every
 * accepted run ends exactly once, and memory stays within a generous bound.
 */
it('keeps answering under load; every run ends exactly once; memory stays bounded', async () => {
  const report = await serveLoad({
    seconds: 2,
    connections: 4,
    runs: 4,
    runSize: 4,
    home: mkdtempSync(join(tmpdir(), 'atalaya-server-load-')),
    limits: { maxConcurrentRuns: 1, maxQueuedRuns: 1 },
  });
  expect(report.requests.total).toBeGreaterThan(0);
  expect(report.requests.errors).toBe(0);
  expect(report.requests.non2xx).toBe(0);
  expect(report.runs.notExactlyOnce).toEqual([]);
  const c = report.runs.counts;
  expect(c.submitted).toBe(4);
  expect(c.done + c.error + c.cancelled + c.timeout).toBe(4);
  expect(c.error).toBe(0);
  expect(Object.values(report.runs.finals).reduce((s, n) => s + n, 0)).toBe(4);
  expect(report.rssMb.after - report.rssMb.before).toBeLessThan(512);
});
