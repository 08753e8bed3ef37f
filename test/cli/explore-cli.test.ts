import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import { beforeAll, describe, expect, it } from 'vitest';
import { atalaya, INSTALLED_CLI } from '../helpers/installed-cli.js';

const CLI = INSTALLED_CLI;

/** A small Latin hypercube: one policy, two factors, eight points, three years. */
const SMALL = [
  'explore',
  'kingpin-targeting',
  'halve-recruitment',
  '--method',
  'lhs',
  '--samples',
  '8',
  '--years',
  '3',
  '--parameters',
  'rho,splitHazard',
  '--network',
  'builtin',
  '--seed',
  '3',
  '--no-progress',
];

beforeAll(() => {
  if (!existsSync(CLI))
    throw new Error('dist/cli/main.js is missing: run `npm run build` (npm test does it)');
});

describe('atalaya explore', () => {
  it('documents its options', async () => {
    const r = await atalaya(['explore', '--help']);
    expect(r.code).toBe(0);
    for (const o of [
      '--method',
      '--samples',
      '--seed',
      '--years',
      '--engine',
      '--redis',
      '--resume',
      '--json',
      '--lever',
    ])
      expect(r.stdout).toContain(o);
    const w = await atalaya(['worker', '--help']);
    expect(w.stdout).toContain('--redis');
  });

  it('--json has the documented shape, the same on 1 and 2 threads', async () => {
    const [one, two] = await Promise.all([
      atalaya([...SMALL, '--json', '--threads', '1']),
      atalaya([...SMALL, '--json', '--threads', '2']),
    ]);
    expect(one.code, one.stderr).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    const s = JSON.parse(one.stdout);
    for (const key of [
      'method',
      'samples',
      'seed',
      'experiments',
      'parameters',
      'sensitivity',
      'robustness',
      'regret',
      'prim',
    ])
      expect(s).toHaveProperty(key);
    expect(s).toMatchObject({
      method: 'lhs',
      samples: 8,
      seed: 3,
      experiments: 8,
      parameters: ['rho', 'splitHazard'],
    });
    expect(s.robustness).toContainEqual(
      expect.objectContaining({ a: 'halve-recruitment', b: 'status-quo', outcome: 'homicides3y' }),
    );
    expect(s.prim[0]).toMatchObject({ scenario: 'kingpin-targeting', outcome: 'homicides3y', sample: 8 });
  }, 120_000);

  it('writes every experiment as CSV and Parquet, and the summary in Spanish', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'atalaya-explore-cli-'));
    const csv = join(dir, 'experiments.csv');
    const parquet = join(dir, 'experiments.parquet');
    const r = await atalaya([...SMALL, '--csv', csv, '--parquet', parquet, '--lang', 'es']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Modelado exploratorio');
    const lines = readFileSync(csv, 'utf8').trim().split('\n');
    expect(lines[0].split(',').slice(0, 4)).toEqual(['experiment', 'scenario', 'rho', 'splitHazard']);
    expect(lines).toHaveLength(1 + 8 * 2);
    const buf = readFileSync(parquet);
    const rows = await parquetReadObjects({
      file: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer,
    });
    expect(rows).toHaveLength(16);
    expect(rows[0]).toHaveProperty('homicides3y');
    expect(rows[0].homicides10y).toBeNull();
  }, 120_000);

  it('refuses bad requests with a clear message and exit 2', async () => {
    const unknown = await atalaya(['explore', '--parameters', 'nope', '--dry-run']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown or fixed parameter "nope"/);
    const redis = await atalaya(['explore', '--engine', 'bullmq']);
    expect(redis.code).toBe(2);
    expect(redis.stderr).toMatch(/needs --redis/);
    const method = await atalaya(['explore', '--method', 'fast']);
    expect(method.code).toBe(2);
    const lever = await atalaya([
      'explore',
      '--lever',
      'kingpin-targeting:policies.0.options.perYear=5',
      '--dry-run',
    ]);
    expect(lever.code).toBe(2);
    expect(lever.stderr).toMatch(/expected scenario:path=low:high/);
  }, 60_000);
});
