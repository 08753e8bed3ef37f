import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect, it } from 'vitest';
import { REMOTE_SOURCES } from '../../src/data/sources.js';
import { atalaya } from '../helpers/installed-cli.js';
import { describeWithData, sharedPath } from '../helpers/shared-data.js';

const tmp = (p: string) => mkdtempSync(join(tmpdir(), p));

/** A small real folder: INEGI by state, RNPDNO total, CONAPO municipal population. */
function smallFolder(): string {
  const dir = tmp('atalaya-small-');
  for (const [from, to] of [
    [['inegi_homicides_gargiulo', 'mexico-state-month-homicide-rates-2000-2022.csv'], 'inegi/state.csv'],
    [['rnpdno_municipal_monthly', 'rnpdno_total.csv'], 'rnpdno/total.csv'],
    [['conapo_population_lapanquecita', 'poblacion_municipal_total.csv'], 'conapo/municipal.csv'],
  ] as const) {
    mkdirSync(dirname(join(dir, to)), { recursive: true });
    copyFileSync(sharedPath(...from), join(dir, to));
  }
  return dir;
}

describeWithData('atalaya data (command line)', () => {
  it('imports, reports status as JSON, exports, ranks, and refuses bad input without touching the cache', async () => {
    const home = tmp('atalaya-home-');
    const env = { ATALAYA_HOME: home };
    const imp = await atalaya(['data', 'import', smallFolder()], env);
    expect(imp.code, imp.stderr).toBe(0);
    expect(imp.stdout).toMatch(/Imported 3 files → 2 series/);

    const status = JSON.parse((await atalaya(['data', 'status', '--json'], env)).stdout);
    const inegi = status.series.find((s: { id: string }) => s.id === 'inegi.homicides');
    expect(inegi).toMatchObject({
      level: 'state',
      first: '2000-01',
      last: '2022-12',
      vintage: '2022-12',
      rows: 8832,
    });
    expect(Array.isArray(inegi.warnings)).toBe(true);
    expect(status.series.find((s: { id: string }) => s.id === 'rnpdno.total').incompleteMonths).toEqual([
      '2025-10',
      '2025-11',
      '2025-12',
    ]);

    const csv = await atalaya(
      [
        'data',
        'export',
        '--series',
        'inegi.homicides',
        '--level',
        'national',
        '--freq',
        'year',
        '--from',
        '2022',
      ],
      env,
    );
    expect(csv.stdout.trim().split('\n')).toEqual([
      'series,vintage,unit,level,area,name,period,value,complete',
      'inegi.homicides,2022-12,deaths,national,00,Nacional,2022,31048,true',
    ]);
    const json = JSON.parse(
      (
        await atalaya(
          [
            'data',
            'export',
            '-s',
            'rnpdno.total',
            '--level',
            'state',
            '--freq',
            'year',
            '--from',
            '2025',
            '--format',
            'json',
          ],
          env,
        )
      ).stdout,
    );
    expect(json.rows.every((r: { complete: boolean }) => r.complete === false)).toBe(true);
    expect(json.rows.reduce((a: number, r: { value: number }) => a + r.value, 0)).toBe(35213);
    const out = join(home, 'x.parquet');
    const pq = await atalaya(
      ['data', 'export', '-s', 'inegi.homicides', '--format', 'parquet', '--out', out],
      env,
    );
    expect(pq.code, pq.stderr).toBe(0);
    expect(readFileSync(out).subarray(0, 4).toString()).toBe('PAR1');
    expect(
      (await atalaya(['data', 'export', '-s', 'inegi.homicides', '--format', 'parquet'], env)).stderr,
    ).toMatch(/needs --out/);

    const top = await atalaya(['data', 'top', '-s', 'rnpdno.total', '-y', '2024', '-n', '3', '--json'], env);
    const ranking = JSON.parse(top.stdout);
    expect(ranking.top).toHaveLength(3);
    expect(ranking.top[0].value).toBeGreaterThanOrEqual(ranking.top[1].value);

    const unknown = await atalaya(['data', 'export', '-s', 'nope'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown series "nope"; imported series: inegi.homicides/);
    const rev = await atalaya(['data', 'revisions', '-s', 'inegi.homicides'], env);
    expect(rev.stderr).toMatch(/revisions need two/);

    const before = readFileSync(join(home, 'panel', 'CURRENT'), 'utf8');
    const bad = tmp('atalaya-bad-');
    writeFileSync(
      join(bad, 'x.csv'),
      'cve_ent|year|month|homicides|pop_est|homicide_rate\n01|2020|1|-3|1|0\n',
    );
    const failed = await atalaya(['data', 'import', bad], env);
    expect(failed.code).toBe(2);
    expect(failed.stderr).toMatch(/x\.csv:2 \(column "homicides"\): .*negative/);
    expect(failed.stderr).toMatch(/previous data is unchanged/);
    expect(readFileSync(join(home, 'panel', 'CURRENT'), 'utf8')).toBe(before);
  });

  it('pulls every pinned source from a mirror, then imports what it downloaded', async () => {
    // Where each source's files are in shared/data (the mirror serves /<source id>/<file name>).
    const location: Record<string, string[]> = {
      'prieto-curiel-2023/': ['networks', 'mexico_cartels_2020'],
      'sesnsp-state-victims/': ['sesnsp_state_victims_arroyov'],
      'sesnsp-lapanquecita/': ['sesnsp_lapanquecita'],
      'sesnsp-municipal-partial/': ['sesnsp_municipal_partial_sebrodriguezh'],
      'inegi-homicides/': ['inegi_homicides_gargiulo'],
      'rnpdno/': ['rnpdno_municipal_monthly'],
      'conapo-population/': ['conapo_population_lapanquecita'],
      'census-2020/': ['census2020_mxmaps'],
      'cide-ppd-events/': ['ppd_violence_events_2006_2011'],
    };
    const renamed: Record<string, string> = {
      // shared/data keeps the INEGI municipal file cut to 2000–2019 under another name.
      'mexico-muni-month-homicide-rates-2000-2021.csv.gz':
        'mexico-muni-month-homicide-rates-2000-2019.csv.gz',
    };
    const server = createServer((req, res) => {
      const path = decodeURIComponent((req.url ?? '').slice(1));
      const prefix = Object.keys(location).find((p) => path.startsWith(p));
      const name = prefix ? path.slice(prefix.length) : '';
      const file = prefix ? join(sharedPath(...location[prefix]), renamed[name] ?? name) : '';
      if (!prefix || !existsSync(file)) {
        res.writeHead(404).end();
        return;
      }
      res.end(readFileSync(file));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const home = tmp('atalaya-home-');
      const env = { ATALAYA_HOME: home };
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const pulled = await atalaya(['data', 'pull', '--mirror', url], env);
      expect(pulled.code, pulled.stderr).toBe(0);
      const total = REMOTE_SOURCES.reduce((n, s) => n + s.files.length, 0);
      expect(pulled.stdout.trim().split('\n')).toHaveLength(total);
      expect(
        existsSync(
          join(
            home,
            'sources',
            'inegi-homicides',
            'mexico-muni-month-homicide-rates-2000-2021.csv.gz.sha256',
          ),
        ),
      ).toBe(true);
      const again = await atalaya(['data', 'pull', '--mirror', url], env);
      expect(again.stdout.match(/ cached /g)).toHaveLength(total);
      const imported = await atalaya(['data', 'import', join(home, 'sources')], env);
      expect(imported.code, imported.stderr).toBe(0);
      const ids = JSON.parse((await atalaya(['data', 'status', '--json'], env)).stdout).series.map(
        (s: { id: string }) => s.id,
      );
      for (const id of [
        'inegi.homicides',
        'rnpdno.not-located',
        'sesnsp.victims.homicidio-doloso',
        'sesnsp.incidence-municipal.homicidio-doloso',
        'cide.deaths',
      ]) {
        expect(ids, id).toContain(id);
      }
    } finally {
      server.close();
    }
  });
});
