import { describe, expect, it } from 'vitest';
import { builtinGroupNetwork } from '../../../src/data/builtin-network.js';
import { observedHomicides } from '../../../src/data/observed/homicides.js';
import { holdout, holdoutOnThreads } from '../../../src/sim/assimilate/holdout.js';

/**
 * `calibrate holdout` on worker threads: each origin is filtered on its own thread, and the rows must not
 * depend on how many threads there are (every random stream is a function of the seed, never of the
 * schedule), nor on finishing order (rows are put back in the order of the origins).
 */
const network = builtinGroupNetwork();
const monthly = observedHomicides({ prefer: 'builtin', today: '2025-07' }).monthly;

describe('hold-out on worker threads', () => {
  it('threads 1 and 2 give identical rows, in the order of the origins', async () => {
    // The later origin is the cheaper one (fewer months filtered): with two threads it finishes first.
    const options = {
      network,
      observations: monthly,
      particles: 8,
      seed: 4,
      origins: ['2021-12', '2017-12', '2023-12'],
      years: 1,
    };
    const done: string[] = [];
    const one = await holdoutOnThreads({ ...options, threads: 1 });
    const two = await holdoutOnThreads({ ...options, threads: 2, onOriginDone: (o) => done.push(o) });
    expect(JSON.stringify(two)).toBe(JSON.stringify(one));
    expect(two.rows.map((r) => r.origin)).toEqual(['2021-12', '2017-12', '2023-12']);
    expect(new Set(done)).toEqual(new Set(options.origins));
    // And the same as the plain synchronous call.
    expect(JSON.stringify(holdout(options))).toBe(JSON.stringify(one));
  });

  it('calibrate holdout --json prints the same JSON with --threads 1 and --threads 2', async () => {
    const { runAtalaya } = await import('../../helpers/run-main.js');
    const run = (threads: string) =>
      runAtalaya([
        'calibrate',
        'holdout',
        '--json',
        '--network',
        'builtin',
        '--particles',
        '6',
        '--threads',
        threads,
      ]);
    const a = await run('1');
    const b = await run('2');
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    expect(b.stdout).toBe(a.stdout);
    expect((JSON.parse(a.stdout) as { origins: unknown[] }).origins.length).toBeGreaterThan(0);
    expect((await run('0')).code).toBe(2);
  });
});
