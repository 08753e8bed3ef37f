import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { atalaya, INSTALLED_CLI } from '../helpers/installed-cli.js';
import { SHARED_DATA } from '../helpers/shared-data.js';

const CLI = INSTALLED_CLI;

const tmp = () => mkdtempSync(join(tmpdir(), 'atalaya-cli-'));

beforeAll(() => {
  if (!existsSync(CLI))
    throw new Error('dist/cli/main.js is missing: run `npm run build` (npm test does it)');
});

describe('atalaya CLI', () => {
  it('prints help with every command', async () => {
    const r = await atalaya(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['compare', 'simulate', 'scenarios', 'model', 'reproduce', 'calibrate', 'data'])
      expect(r.stdout).toContain(c);
    const c = await atalaya(['compare', '--help']);
    expect(c.stdout).toMatch(/--runs <n>/);
    expect(c.stdout).toMatch(/--threads <n>/);
    expect(c.stdout).toMatch(/--report <file.html>/);
  });

  it('compare --json has the documented shape and repeats exactly across thread counts', async () => {
    const args = [
      'compare',
      'status-quo',
      'halve-recruitment',
      '--runs',
      '6',
      '--years',
      '3',
      '--json',
      '--no-progress',
      '--network',
      'builtin',
    ];
    const one = await atalaya([...args, '--threads', '1']);
    expect(one.code, one.stderr).toBe(0);
    const two = await atalaya([...args, '--threads', '2']);
    expect(two.stdout).toBe(one.stdout);
    const json = JSON.parse(one.stdout);
    expect(json.seed).toBe(1);
    expect(json.runs).toBe(6);
    expect(json.scenarios.map((s: { id: string }) => s.id)).toEqual(['status-quo', 'halve-recruitment']);
    const metrics = json.scenarios[1].metrics;
    for (const id of [
      'homicides',
      'conflictDeaths',
      'members',
      'groups',
      'incarcerated',
      'drugFlow',
      'usOverdoseDeaths',
      'extortion',
      'tradeCost',
      'cooperation',
    ]) {
      expect(metrics[id], id).toBeDefined();
      expect(typeof metrics[id].unit).toBe('string');
    }
    const point = metrics.homicides.series.find((p: { t: number }) => p.t === 2027);
    expect(Object.keys(point)).toEqual(expect.arrayContaining(['t', 'p05', 'p25', 'p50', 'p75', 'p95']));
    expect(point.p05).toBeLessThanOrEqual(point.p50);
    expect(point.p50).toBeLessThanOrEqual(point.p95);
    expect(metrics.homicides.series.at(-1).t).toBe(2028);
    expect(json.scenarios[1].versusBaseline.baseline).toBe('status-quo');
    expect(json.source.kind).toBe('builtin');
  });

  it('simulate gives monthly results with --resolution month', async () => {
    const r = await atalaya([
      'simulate',
      '--preset',
      'middle-layer-sweep',
      '--runs',
      '3',
      '--years',
      '1',
      '--resolution',
      'month',
      '--json',
      '--network',
      'builtin',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const series = JSON.parse(r.stdout).scenarios[0].metrics.members.series;
    // The default start is the month after the newest observed one (the built-in table ends in 2025-06).
    expect(series.some((p: { t: string }) => p.t === '2025-07')).toBe(true);
    expect(series.at(-1).t).toBe('2026-06');
  });

  it('bad input gets a clear error, exit status 2, and nothing is written', async () => {
    const dir = tmp();
    const report = join(dir, 'out.html');
    writeFileSync(report, 'old report');
    const cases: [string[], RegExp][] = [
      [
        ['compare', 'no-such-preset', '--report', report],
        /unknown preset "no-such-preset"; valid presets: .*status-quo/,
      ],
      [
        ['simulate', '--preset', 'kingpin-targeting', '--set', 'policies.0.intenisty=1', '--report', report],
        /policies\.0\.intenisty: unknown field "intenisty"; valid fields: lever, start, end, intensity/,
      ],
      [
        ['simulate', '--preset', 'kingpin-targeting', '--set', 'parameters.rhoo=1'],
        /parameters\.rhoo: unknown field "rhoo"; valid parameters: rho/,
      ],
      [['compare', '--runs', '0'], /--runs must be a whole number/],
      [['compare', '--resolution', 'decade'], /--resolution must be one of year, month, week/],
      [['compare', '--metrics', 'happiness'], /unknown metric "happiness"/],
      [['simulate'], /either a scenario file or --preset/],
      [['compare', '--data', join(dir, 'missing')], /no such directory/],
    ];
    for (const [args, message] of cases) {
      const r = await atalaya(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(message);
    }
    expect(readFileSync(report, 'utf8')).toBe('old report');
  });

  it('validates scenario files and reports the line of the problem', async () => {
    const dir = tmp();
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'id: plan\ntitle: Plan\npolicies:\n  - lever: kingpin\n    intensity: 9\n');
    const r = await atalaya(['scenarios', 'validate', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml:5: policies\.0\.intensity: .*3/);
    const good = join(dir, 'good.yaml');
    writeFileSync(good, 'id: plan\ntitle: Plan\nextends: kingpin-targeting\nyears: 5\n');
    expect((await atalaya(['scenarios', 'validate', good])).stdout).toMatch(
      /valid \(1 policy, present \+ 5 years\)/,
    );
  });

  it('writes an HTML report atomically', async () => {
    const dir = tmp();
    const out = join(dir, 'report.html');
    const r = await atalaya([
      'compare',
      'status-quo',
      'kingpin-targeting',
      '--runs',
      '4',
      '--years',
      '3',
      '--report',
      out,
      '--network',
      'builtin',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('Kingpin targeting');
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href="http/);
  });

  it('lists presets, shows levers and parameters with sources', async () => {
    const list = await atalaya(['scenarios', 'list', '--json']);
    expect(JSON.parse(list.stdout).map((p: { id: string }) => p.id)).toContain(
      'package-middle-layer-dismantling',
    );
    const params = JSON.parse((await atalaya(['model', 'params', '--json'])).stdout);
    for (const p of params) expect(p.source.length, p.id).toBeGreaterThan(10);
    const levers = JSON.parse((await atalaya(['model', 'levers', '--json'])).stdout);
    expect(
      levers.find((l: { id: string }) => l.id === 'middleLayerSweep').options.prepositioned.default,
    ).toBe(false);
  });

  it('downloads sources from a mirror into ATALAYA_HOME', async () => {
    if (!SHARED_DATA) return;
    const folder = join(SHARED_DATA, 'networks', 'mexico_cartels_2020');
    const server = createServer((req, res) => {
      try {
        // Mirror layout: /<source id>/<file name>.
        const name = decodeURIComponent((req.url ?? '').slice(1)).replace(/^prieto-curiel-2023\//, '');
        res.end(readFileSync(join(folder, name)));
      } catch {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const home = tmp();
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const r = await atalaya(['data', 'pull', 'prieto-curiel-2023', '--mirror', url], {
        ATALAYA_HOME: home,
      });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/BACRIM2020_Nodes\.csv downloaded/);
      // The cache is then found without --data.
      const rep = await atalaya(['reproduce', '--json', '--network', 'files'], {
        ATALAYA_HOME: home,
        ATALAYA_DATA: join(home, 'nothing'),
      });
      expect(rep.code, rep.stderr).toBe(0);
      expect(JSON.parse(rep.stdout).members2022).toBeGreaterThan(170000);
    } finally {
      server.close();
    }
  });

  it('reproduce prints the paper’s figures side by side', async () => {
    const r = await atalaya(['reproduce', '--network', 'builtin']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Members 2022: +\d/);
    expect(r.stdout).toMatch(/Halve recruitment/);
  });
});
