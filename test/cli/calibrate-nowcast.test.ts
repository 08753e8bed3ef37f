import { describe, expect, it } from 'vitest';
import { NOWCAST_SETTINGS } from '../../src/sim/assimilate/settings.js';
import { runAtalaya } from '../helpers/run-main.js';

/**
 * `atalaya calibrate nowcast` through the real entry point (in-process): help with examples, exit 2 on bad
 * options, the documented JSON on a tiny run (built-in table and groups, 24 months, a handful of
 * particles), and the terminal table.
 */
const TINY = [
  'calibrate',
  'nowcast',
  '--builtin',
  '--network',
  'builtin',
  '--until',
  '2016-12',
  '--particles',
  '8',
  '--iterations',
  '2',
  '--replicates',
  '2',
];

describe('atalaya calibrate nowcast', () => {
  it('--help lists the options and examples, and calibrate --help names the subcommand', async () => {
    const r = await runAtalaya(['calibrate', 'nowcast', '--help']);
    expect(r.code).toBe(0);
    for (const o of [
      '--particles',
      '--iterations',
      '--replicates',
      '--profile',
      '--points',
      '--seed',
      '--until',
    ])
      expect(r.stdout).toContain(o);
    expect(r.stdout).toMatch(/Examples:/);
    expect(r.stdout).toMatch(/JSON: \{/);
    expect((await runAtalaya(['calibrate', '--help'])).stdout).toMatch(/nowcast/);
  });

  it('refuses bad options with exit 2 and a message naming them', async () => {
    const cases: [string[], RegExp][] = [
      [['--particles', '0'], /--particles/],
      [['--replicates', '1'], /--replicates/],
      [['--profile', 'kappa,bogus'], /--profile must be one of/],
      [['--profile', 'kappa', '--points', '1'], /--points/],
      [['--points', '3'], /--points needs --profile/],
      [['--cooling', '0'], /--cooling/],
      [['--until', '2019-13'], /YYYY-MM/],
      [['--seed', '-1'], /seed/],
    ];
    for (const [args, message] of cases) {
      const r = await runAtalaya(['calibrate', 'nowcast', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(r.stdout).toBe('');
    }
    // Too few months for the nowcast: a clear message too.
    const short = await runAtalaya([...TINY.slice(0, 6), '2015-06', '--json']);
    expect(short.code).toBe(2);
    expect(short.stderr).toMatch(/at least 24 observed months/);
  });

  it('--json: the documented shape, progress on stderr only, same seed same numbers', async () => {
    const args = [
      ...TINY,
      '--profile',
      'observationSd',
      '--points',
      '2',
      '--remax-iterations',
      '1',
      '--json',
    ];
    const r = await runAtalaya(args);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/IF2 iteration 2\/2/);
    expect(r.stderr).toMatch(/profile observationSd 2\/2/);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ from: '2015-01', to: '2016-12', months: 24, particles: 8, iterations: 2 });
    expect(out.source.kind).toBe('builtin');
    expect(out.incompleteMonths).toEqual([]);
    expect(out.parameters.map((p: { id: string }) => p.id)).toEqual([
      'kappa',
      'nonCartelRate',
      'recruitStart',
      'observationSd',
      'levelSd',
      'commonSd',
      'transientSd',
      'recruitSd',
    ]);
    const sd = out.parameters.find((p: { id: string }) => p.id === 'observationSd');
    expect(sd.current).toBe(NOWCAST_SETTINGS.observationSd);
    expect(sd.range[0]).toBeCloseTo(NOWCAST_SETTINGS.observationSd / 4, 12);
    expect(['identified', 'prior-driven']).toContain(sd.status);
    expect(sd.ci).toHaveLength(2);
    expect(sd.profile).toHaveLength(3);
    const kappa = out.parameters.find((p: { id: string }) => p.id === 'kappa');
    expect(kappa).toMatchObject({ status: 'not profiled', ci: null, current: [1, 8] });
    for (const k of ['estimate', 'current'])
      expect(Number.isFinite(out.logLikelihood[k].mean) && Number.isFinite(out.logLikelihood[k].se)).toBe(
        true,
      );
    expect(out.trace).toHaveLength(2);
    expect(typeof out.method).toBe('string');
    expect(r.stdout).not.toMatch(/\/work\/|\/home\//);
    expect((await runAtalaya(args)).stdout).toBe(r.stdout);
  });

  it('prints the parameter table with the log-likelihoods', async () => {
    const r = await runAtalaya(TINY);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/parameter\s+range\s+in use\s+estimate\s+95% CI\s+status/);
    expect(r.stdout).toMatch(/κ, homicides per conflict death\s+1\.00–8\.00\s+prior 1\.00–8\.00/);
    expect(r.stdout).toMatch(/not profiled/);
    expect(r.stdout).toMatch(/Log-likelihood at the estimate: +-[\d,]+\.\d ± \d/);
    expect(r.stdout).toMatch(/Log-likelihood with the settings in use: -[\d,]+\.\d ± \d/);
  });
});
