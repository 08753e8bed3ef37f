import { describe, expect, it } from 'vitest';
import { runWorkerJobs } from '../../src/util/worker-jobs.js';

/** Worker threads kept warm between calls (`reuse`): the same threads, each call's own `init`. */
const call = (add: number, reuse: boolean) =>
  runWorkerJobs<number, [number, number]>({
    callerUrl: import.meta.url,
    module: '../fixtures/util/add-worker',
    init: { add },
    jobs: [1, 2, 3, 4, 5, 6],
    threads: 2,
    label: 'test',
    reuse,
  });

describe('runWorkerJobs with reuse', () => {
  it("hands a call's jobs to the previous call's workers, with the new init", async () => {
    const first = await call(10, true);
    const second = await call(100, true);
    expect(first.map(([v]) => v)).toEqual([11, 12, 13, 14, 15, 16]);
    expect(second.map(([v]) => v)).toEqual([101, 102, 103, 104, 105, 106]);
    const threads = (r: [number, number][]) => [...new Set(r.map(([, t]) => t))].sort();
    expect(threads(second)).toEqual(threads(first));
    // Without reuse, fresh workers: none of the kept ones.
    const fresh = await call(0, false);
    expect(threads(fresh).some((t) => threads(first).includes(t))).toBe(false);
  }, 60_000);
});
