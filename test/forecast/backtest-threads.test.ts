import { isDeepStrictEqual } from 'node:util';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { AreaRegistry } from '../../src/data/areas.js';
import { QueryError } from '../../src/data/errors.js';
import { monthIndex, monthLabel, parseMonthLabel } from '../../src/data/panel/months.js';
import { Panel } from '../../src/data/panel/panel.js';
import type { Series } from '../../src/data/panel/series.js';
import {
  type BacktestOptions,
  type BacktestResult,
  backtest,
  backtestOnThreads,
  backtestThreads,
} from '../../src/forecast/backtest.js';
import { cutData } from '../../src/forecast/cut.js';
import { prepareData } from '../../src/forecast/data.js';
import type { ModelId } from '../../src/forecast/models.js';
import type { WorkerJobsOptions } from '../../src/util/worker-jobs.js';
import { runAtalaya } from '../helpers/run-main.js';
import { describeWithData } from '../helpers/shared-data.js';
import { importForecastPanel } from './real-panel.js';

/**
 * The backtest on worker threads gives the numbers of the backtest in this thread, bit for bit, at any
 * thread count and whatever order the origins finish in; and `cutData` (how each worker cuts its origin
 * from the whole series, without the panel) gives exactly what `prepareData(panel, { asOf })` gives.
 *
 * The completion order is forced by handing the origins to the workers in reverse (one thread, so they
 * finish in reverse): the test wraps the real `runWorkerJobs` and maps the job indices back, as a
 * scheduler that finishes the last origin first would.
 */
const schedule = vi.hoisted(() => ({ reverse: false, completed: [] as number[] }));

vi.mock(import('../../src/util/worker-jobs.js'), async (importOriginal) => {
  const real = await importOriginal();
  return {
    ...real,
    runWorkerJobs: async <J, R>(o: WorkerJobsOptions<J, R>): Promise<R[]> => {
      const n = o.jobs.length;
      const back = (i: number) => (schedule.reverse ? n - 1 - i : i);
      const results = await real.runWorkerJobs<J, R>({
        ...o,
        jobs: schedule.reverse ? [...o.jobs].reverse() : o.jobs,
        onStart: o.onStart && ((i) => o.onStart!(back(i))),
        onProgress: o.onProgress && ((i, p) => o.onProgress!(back(i), p)),
        onResult: (i, r) => {
          schedule.completed.push(back(i));
          o.onResult?.(back(i), r);
        },
      });
      return schedule.reverse ? results.reverse() : results;
    },
  };
});

const SERIES = 'inegi.homicides';

/** The panel restricted to the municipalities of some states (their own neighbours only). */
function statesPanel(panel: Panel, states: string[]): Panel {
  const keep = new Set(states);
  const series = panel.series
    .filter((s) => s.meta.id === SERIES)
    .map((s): Series => {
      const rows = s.areas.flatMap((a, k) => (keep.has(a.slice(0, 2)) ? [k] : []));
      const values = new Float64Array(rows.length * s.months);
      rows.forEach((k, r) => {
        values.set(s.values.subarray(k * s.months, (k + 1) * s.months), r * s.months);
      });
      return { ...s, areas: rows.map((k) => s.areas[k]), values };
    });
  return new Panel(series, panel.areas);
}

/** The first path where two values differ (Object.is on numbers: bit for bit but NaN), or undefined. */
function firstDifference(a: unknown, b: unknown, path = ''): string | undefined {
  if (typeof a === 'number' && typeof b === 'number')
    return Object.is(a, b) ? undefined : `${path}: ${a} vs ${b}`;
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) {
      const d = firstDifference(
        (a as Record<string, unknown>)[k],
        (b as Record<string, unknown>)[k],
        `${path}.${k}`,
      );
      if (d) return d;
    }
    return undefined;
  }
  return a === b ? undefined : `${path}: ${String(a)} vs ${String(b)}`;
}

describeWithData('backtest on threads: same numbers as in this thread (real data)', () => {
  let national: Panel;
  let home: string;
  let slice: Panel;
  let reference: BacktestResult;
  const options: BacktestOptions = {
    series: SERIES,
    // Chihuahua and Sinaloa: 85 municipalities, many escalations.
    origins: ['2010-06', '2012-12', '2015-06', '2016-12', '2018-12'],
    horizon: 12,
    models: ['persistence', 'mean12', 'seasonal', 'negbin', 'negbin-local', 'ensemble'] as ModelId[],
    topK: 10,
  };

  beforeAll(() => {
    const loaded = importForecastPanel();
    national = loaded.panel;
    home = loaded.home;
    slice = statesPanel(national, ['08', '25']);
    reference = backtest(slice, options);
  });

  it('the slice is what it should be: 85 municipalities, every model and horizon scored', () => {
    expect(reference.areas).toBeGreaterThan(80);
    expect(reference.areas).toBeLessThan(95);
    expect(reference.rows).toHaveLength(6 * 12);
    for (const r of reference.rows) expect(r.scores.n).toBe(reference.areas * 5);
    // Escalations happen, so the AUC is a number.
    expect(reference.overall.every((o) => Number.isFinite(o.scores.escalationAuc))).toBe(true);
  });

  it.each([1, 2, 3])(
    'threads %i: deep equal to the backtest in this thread, bit for bit',
    async (threads) => {
      const progress: [number, number, string][] = [];
      const r = await backtestOnThreads(slice, {
        ...options,
        threads,
        onProgress: (done, total, origin) => progress.push([done, total, origin]),
      });
      expect(firstDifference(r, reference)).toBeUndefined();
      expect(isDeepStrictEqual(r, reference)).toBe(true);
      // Progress: 0 first, then once per finished origin, each origin once.
      expect(progress.map((p) => p[0])).toEqual([0, 1, 2, 3, 4, 5]);
      expect(progress.every((p) => p[1] === 5)).toBe(true);
      expect(
        progress
          .slice(1)
          .map((p) => p[2])
          .sort(),
      ).toEqual(options.origins);
    },
  );

  it('origins finishing in reverse order: still bit for bit', async () => {
    schedule.reverse = true;
    schedule.completed = [];
    try {
      const r = await backtestOnThreads(slice, { ...options, threads: 1 });
      expect(schedule.completed).toEqual([4, 3, 2, 1, 0]);
      expect(firstDifference(r, reference)).toBeUndefined();
      expect(isDeepStrictEqual(r, reference)).toBe(true);
    } finally {
      schedule.reverse = false;
    }
  });

  it('merging in another order would change the numbers (the tests above can fail)', () => {
    // The same origins given in reverse are merged in that order: a sum in another order differs in
    // its last bits, which the comparisons above would catch.
    const reversed = backtest(slice, { ...options, origins: [...options.origins!].reverse() });
    const same = reversed.rows.every((row, k) => isDeepStrictEqual(row.scores, reference.rows[k].scores));
    expect(same).toBe(false);
    // …though only in the last bits.
    reversed.rows.forEach((row, k) => {
      expect(row.scores.crps).toBeCloseTo(reference.rows[k].scores.crps, 12);
    });
  });

  it('`atalaya forecast backtest --threads 1` and `--threads 2` print the same JSON', async () => {
    const args = ['forecast', 'backtest', '--home', home, '--models', 'mean12,negbin', '--horizon', '2'];
    const run = (threads: string) =>
      runAtalaya([
        ...args,
        '--origins',
        '2016-12,2017-06,2017-12',
        '--threads',
        threads,
        '--json',
        '--no-progress',
      ]);
    const one = await run('1');
    const two = await run('2');
    expect(one.code).toBe(0);
    expect(two.code).toBe(0);
    expect(JSON.parse(one.stdout).origins).toEqual(['2016-12', '2017-06', '2017-12']);
    expect(two.stdout).toBe(one.stdout);
    const refused = await runAtalaya([...args, '--threads', '0']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--threads must be a whole number/);
  });

  it('cutData(whole series, origin) equals prepareData(panel, { asOf: origin }) on the national series', () => {
    const full = prepareData(national, { series: SERIES });
    expect(full.areas.length).toBeGreaterThan(2400);
    const first = full.start;
    const last = full.start + full.months - 1;
    // The earliest origin prepareData accepts (its default history), some backtest origins, the last month.
    const earliest = first + 47;
    for (const origin of [earliest, parseMonthLabel('2013-06'), parseMonthLabel('2018-12'), last]) {
      const cut = cutData(full, origin);
      const prepared = prepareData(national, { series: SERIES, asOf: monthLabel(origin) });
      expect(cut).toEqual(prepared);
      expect(cut.y).toBeInstanceOf(Float64Array);
      expect(firstDifference(cut, prepared)).toBeUndefined();
    }
    // The cut is a copy: changing it leaves the whole series alone.
    const cut = cutData(full, parseMonthLabel('2013-06'));
    const before = full.y[0];
    cut.y[0] = before + 1;
    expect(full.y[0]).toBe(before);
  });

  it('a worker error names the origin: QueryError stays a QueryError, as in this thread', async () => {
    const early = { ...options, origins: ['2000-01'], horizon: 1 };
    let sync: unknown;
    try {
      backtest(slice, early);
    } catch (err) {
      sync = err;
    }
    expect(sync).toBeInstanceOf(QueryError);
    expect((sync as Error).message).toMatch(/^origin 2000-01: /);
    const threaded = await backtestOnThreads(slice, { ...early, threads: 2 }).catch((err) => err);
    expect(threaded).toBeInstanceOf(QueryError);
    expect((threaded as Error).message).toBe((sync as Error).message);
  });

  it('an internal error on a worker rejects with the origin and the cause', async () => {
    const bad = { ...options, origins: ['2015-06', '2016-12'], models: ['no-such-model' as ModelId] };
    const err = await backtestOnThreads(slice, { ...bad, threads: 2 }).catch((e) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(QueryError);
    expect((err as Error).message).toMatch(
      /^backtest of origin 20\d\d-\d\d failed on a worker thread: .*no-such-model/,
    );
  });

  it('model options that cannot be cloned to a worker are refused with a clear error', async () => {
    const err = await backtestOnThreads(slice, {
      ...options,
      threads: 1,
      ...({ hook: () => 1 } as object),
    }).catch((e) => e);
    expect((err as Error).message).toMatch(/model options cannot go to worker threads/);
  });

  it('an abort cancels: the promise rejects with an AbortError and no origin is reported after', async () => {
    const controller = new AbortController();
    const progress: number[] = [];
    let rejectedAt = -1;
    const err = await backtestOnThreads(slice, {
      ...options,
      threads: 1,
      signal: controller.signal,
      onProgress: (done) => {
        progress.push(done);
        if (done === 1) controller.abort();
      },
    }).catch((e) => {
      rejectedAt = progress.length;
      return e;
    });
    expect((err as Error).name).toBe('AbortError');
    expect((err as Error).message).toBe('backtest cancelled');
    expect(progress).toEqual([0, 1]);
    await new Promise((r) => setTimeout(r, 200));
    expect(progress.length).toBe(rejectedAt);
    // Aborted before the start: rejects at once.
    const gone = await backtestOnThreads(slice, { ...options, signal: AbortSignal.abort() }).catch((e) => e);
    expect((gone as Error).name).toBe('AbortError');
  });
});

describe('cutData and threads (synthetic)', () => {
  const FIRST = monthIndex(2010, 1);
  const MONTHS = 120;
  const AREAS = ['01001', '01002', '01003'];

  function panel(incompleteMonths?: string[]): Panel {
    const values = new Float64Array(AREAS.length * MONTHS);
    for (let a = 0; a < AREAS.length; a++)
      for (let t = 0; t < MONTHS; t++) values[a * MONTHS + t] = ((a + 2) * (t % 5) + (t % 4)) % 7;
    values[5] = Number.NaN;
    const registry = new AreaRegistry();
    for (const code of AREAS)
      for (let year = 2010; year <= 2020; year++) registry.setPopulation(code, year, 10_000 * (year - 2000));
    const series: Series = {
      meta: {
        id: 'test.homicides',
        title: 'test',
        unit: 'deaths',
        level: 'municipality',
        source: 'synthetic',
        file: 'synthetic.csv',
        vintage: '2020-01',
        format: 'synthetic',
        encoding: 'utf-8',
        rows: AREAS.length * MONTHS,
        warnings: [],
        incompleteMonths,
      },
      areas: AREAS,
      start: FIRST,
      months: MONTHS,
      values,
    };
    return new Panel([series], registry);
  }

  it('months flagged as incomplete: the cut keeps those up to its origin, as prepareData does', () => {
    const p = panel(['2013-03', '2016-07', '2019-12']);
    const full = prepareData(p, { series: 'test.homicides' });
    for (const label of ['2014-01', '2016-06', '2016-07', '2018-02', '2019-11']) {
      const cut = cutData(full, parseMonthLabel(label));
      expect(cut).toEqual(prepareData(p, { series: 'test.homicides', asOf: label }));
    }
  });

  it('an origin outside the series is refused', () => {
    const full = prepareData(panel(), { series: 'test.homicides' });
    expect(() => cutData(full, FIRST - 1)).toThrow(/has no data for 2009-12: it covers 2010-01\.\.2019-12/);
    expect(() => cutData(full, FIRST + MONTHS)).toThrow(QueryError);
  });

  it('the backtest never scores the months flagged incomplete at the end of the series', () => {
    const p = panel(['2019-11', '2019-12']);
    const e = (() => {
      try {
        backtest(p, { series: 'test.homicides', origins: ['2019-09'], horizon: 2, models: ['persistence'] });
      } catch (err) {
        return err as Error;
      }
    })();
    expect(e).toBeInstanceOf(QueryError);
    expect(e?.message).toContain('past the last month observed (2019-10)');
    const r = backtest(p, { series: 'test.homicides', count: 2, step: 3, horizon: 2, models: ['mean12'] });
    expect(r.origins).toEqual(['2019-05', '2019-08']);
  });

  it('threads: a whole number of at least 1, never more than the origins', () => {
    expect(backtestThreads(undefined, 1)).toBe(1);
    expect(backtestThreads(8, 3)).toBe(3);
    expect(backtestThreads(2, 12)).toBe(2);
    for (const bad of [0, -1, 1.5, Number.NaN]) expect(() => backtestThreads(bad, 12)).toThrow(QueryError);
  });

  it('synthetic backtest: threads 2 equals this thread', async () => {
    const p = panel();
    const o: BacktestOptions = {
      series: 'test.homicides',
      count: 3,
      step: 5,
      horizon: 3,
      models: ['persistence', 'mean12', 'negbin', 'ensemble'],
    };
    expect(firstDifference(await backtestOnThreads(p, { ...o, threads: 2 }), backtest(p, o))).toBeUndefined();
  });
});
