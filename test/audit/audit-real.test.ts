import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { buildAudit, yearlyTotals } from '../../src/audit/audit.js';
import { trendBreaks } from '../../src/audit/breaks.js';
import { checkClaim } from '../../src/audit/claim.js';
import { parsePeriod } from '../../src/audit/periods.js';
import { HOMICIDE, reclassification } from '../../src/audit/reclassification.js';
import { revisionSummaries } from '../../src/audit/revisions.js';
import { sourceGap } from '../../src/audit/source-gap.js';
import { importData } from '../../src/data/import.js';
import { readPanel } from '../../src/data/panel/cache.js';
import type { Panel } from '../../src/data/panel/panel.js';
import { atalaya } from '../helpers/installed-cli.js';
import { revisedTimeseriesCopies } from '../helpers/revised-copy.js';
import { runAtalaya } from '../helpers/run-main.js';
import { describeWithData, sharedPath } from '../helpers/shared-data.js';

/**
 * The audit on the real official files: the numbers are checked against published figures
 * (facts/*.csv) and against independent sums computed here straight from the raw files, never against
 * the audit's own output.
 */
const tmp = (p: string) => mkdtempSync(join(tmpdir(), p));

/** Only the files the audit reads: SESNSP victims (two releases), RNPDNO, INEGI by state. */
function auditFolder(): string {
  const dir = tmp('atalaya-audit-data-');
  const link = (parts: string[], to: string) => {
    mkdirSync(join(dir, to, '..'), { recursive: true });
    symlinkSync(sharedPath(...parts), join(dir, to));
  };
  link(
    ['sesnsp_state_victims_arroyov', 'vintage_2024-08', 'db_victimas_delitos_ent_long.csv.bz2'],
    'v1/victims.csv.bz2',
  );
  link(
    ['sesnsp_state_victims_arroyov', 'vintage_2025-06', 'db_victimas_delitos_ent_long.csv.bz2'],
    'v2/victims.csv.bz2',
  );
  link(['rnpdno_municipal_monthly', 'rnpdno_disappeared_not_located.csv'], 'rnpdno/not-located.csv');
  link(['rnpdno_municipal_monthly', 'rnpdno_located_dead.csv'], 'rnpdno/located-dead.csv');
  link(['inegi_homicides_gargiulo', 'mexico-state-month-homicide-rates-2000-2022.csv'], 'inegi/state.csv');
  return dir;
}

/** Raw SESNSP long file (2025-06 release) rows: [yyyy-mm, state code, subtype, victims]. */
function rawVictims(): [string, string, string, number][] {
  const text = execFileSync(
    'bzip2',
    [
      '-dc',
      sharedPath('sesnsp_state_victims_arroyov', 'vintage_2025-06', 'db_victimas_delitos_ent_long.csv.bz2'),
    ],
    {
      maxBuffer: 512 * 1024 * 1024,
    },
  ).toString('utf8');
  const rows: [string, string, string, number][] = [];
  for (const line of text.split('\n').slice(1)) {
    if (!line) continue;
    const f = line.split(',');
    rows.push([`${f[1]}-${f[2]}`, f[3], f[7], Number(f[11])]);
  }
  return rows;
}

const DAYS: Record<string, number> = {
  '2024-09': 30,
  '2025-06': 30,
  '2025-01': 31,
  '2025-02': 28,
  '2025-03': 31,
  '2025-04': 30,
  '2025-05': 31,
};

describeWithData('audit on the real SESNSP, INEGI and RNPDNO files', () => {
  let home: string;
  let panel: Panel;
  let raw: [string, string, string, number][];
  beforeAll(() => {
    home = tmp('atalaya-audit-home-');
    importData({ dir: auditFolder(), home });
    panel = readPanel(home).panel;
    raw = rawVictims();
  }, 120_000);

  const rawSum = (months: string[], state: string | null, subtype: string) =>
    raw.reduce(
      (s, [m, st, sub, v]) =>
        months.includes(m) && (state === null || st === state) && sub === subtype ? s + v : s,
      0,
    );

  it('national yearly totals agree with the published SESNSP figures (within later revisions, 1.5%)', () => {
    const facts = readFileSync(sharedPath('facts', 'national_homicide_victims_sesnsp.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','))
      .map(([y, v]) => ({ year: Number(y), victims: Number(v) }));
    const totals = yearlyTotals(panel, HOMICIDE);
    expect(totals.vintage).toBe('2025-06');
    for (const f of facts) {
      const mine = totals.years.find((y) => y.year === f.year)!;
      expect(mine.complete).toBe(true);
      // Figures as published at the time; the 2025-06 release revised them (2018: 33,341 then 33,743).
      expect(Math.abs(mine.total / f.victims - 1)).toBeLessThan(0.015);
    }
    expect(totals.years.find((y) => y.year === 2024)!.total).toBe(
      rawSum(
        ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'].map((m) => `2024-${m}`),
        null,
        'Homicidio doloso',
      ),
    );
    // 2025 is partial, and its last months are flagged incomplete.
    expect(totals.years.find((y) => y.year === 2025)!.complete).toBe(false);
  });

  it('September 2024 vs June 2025, national daily average, recomputed from the raw file', () => {
    const r = checkClaim(panel, {
      series: 'homicidio-doloso',
      from: '2024-09',
      to: '2025-06',
      change: '-25%',
    });
    const sep = rawSum(['2024-09'], null, 'Homicidio doloso') / 30;
    const jun = rawSum(['2025-06'], null, 'Homicidio doloso') / 30;
    expect(r.observed.valueFrom).toBeCloseTo(sep, 10);
    expect(r.observed.valueTo).toBeCloseTo(jun, 10);
    // 86.9 → 65.6 victims a day: −24.5%, so "down 25%" holds within the 2-point tolerance.
    expect(r.observed.valueFrom).toBeCloseTo(86.9, 1);
    expect(r.observed.valueTo).toBeCloseTo(65.6, 1);
    expect(r.observed.change).toBeCloseTo(-0.2451, 4);
    expect(r.holds).toBe(true);
    expect(
      checkClaim(panel, { series: 'homicidio-doloso', from: '2024-09', to: '2025-06', change: '-32%' }).holds,
    ).toBe(false);
    expect(r.incomplete).toEqual(['2025-06']);
    expect(r.series.vintage).toBe('2025-06');
    expect(r.caveats.some((c) => c.includes('2024-08'))).toBe(true);
  });

  it('the reclassification table for Guanajuato matches an independent sum of the raw files', () => {
    const from = ['2024-09'];
    const to = ['2025-04', '2025-05', '2025-06'];
    const days = (ms: string[]) => ms.reduce((s, m) => s + DAYS[m], 0);
    const r = reclassification(
      panel,
      { code: '11', name: 'Guanajuato' },
      parsePeriod('2024-09'),
      parsePeriod('2025-04..2025-06'),
    );
    const sesnsp: [string, string][] = [
      [HOMICIDE, 'Homicidio doloso'],
      ['sesnsp.victims.feminicidio', 'Feminicidio'],
      ['sesnsp.victims.homicidio-culposo', 'Homicidio culposo'],
      [
        'sesnsp.victims.otros-delitos-que-atentan-contra-la-vida-y-la-integridad-corporal',
        'Otros delitos que atentan contra la vida y la integridad corporal',
      ],
    ];
    const table = [r.homicide, ...r.others];
    for (const [id, subtype] of sesnsp) {
      const row = table.find((c) => c.id === id)!;
      expect(row.before).toBeCloseTo(rawSum(from, '11', subtype) / days(from), 10);
      expect(row.after).toBeCloseTo(rawSum(to, '11', subtype) / days(to), 10);
    }
    // RNPDNO: municipal rows summed over the state's municipalities.
    for (const [id, file] of [
      ['rnpdno.not-located', 'rnpdno_disappeared_not_located.csv'],
      ['rnpdno.located-dead', 'rnpdno_located_dead.csv'],
    ]) {
      const lines = readFileSync(sharedPath('rnpdno_municipal_monthly', file), 'utf8')
        .trim()
        .split('\n')
        .slice(1);
      const sum = (ms: string[]) =>
        lines
          .map((l) => l.split(','))
          .filter((f) => f[1] === '11' && ms.includes(`${f[9]}-${f[10].padStart(2, '0')}`))
          .reduce((s, f) => s + Number(f[8]), 0);
      const row = table.find((c) => c.id === id)!;
      expect(row.before).toBeCloseTo(sum(from) / days(from), 10);
      expect(row.after).toBeCloseTo(sum(to) / days(to), 10);
    }
    // Offset share from the independent rows: rises elsewhere over the fall in intentional homicide.
    const rises = r.others.reduce((s, c) => s + Math.max(0, c.after - c.before), 0);
    expect(r.offsetShare).toBeCloseTo(rises / (r.homicide.before - r.homicide.after), 10);
    expect(r.homicide.after).toBeLessThan(r.homicide.before);
    expect(r.missing).toEqual([]);
  });

  it('revisions between the two real releases: the 2023 net revision is +11 (29,710 → 29,721)', () => {
    const [r] = revisionSummaries(panel);
    expect([r.from, r.to]).toEqual(['2024-08', '2025-06']);
    expect(r.byMonth.filter((m) => m.month.startsWith('2023')).reduce((s, m) => s + m.net, 0)).toBe(11);
    expect(r.byMonth.every((m) => m.month <= '2024-08')).toBe(true);
    expect(r.byState.reduce((s, x) => s + x.net, 0)).toBe(r.netChange);
  });

  it('a synthetic revision between two copies of a real file is found exactly', () => {
    const dir = revisedTimeseriesCopies([
      { date: '2023-05-01', state: 'Jalisco', crime: 'Homicidio doloso', add: 7 },
      { date: '2024-02-01', state: 'Chihuahua', crime: 'Homicidio doloso', add: -3 },
    ]);
    const h = tmp('atalaya-audit-rev-');
    importData({ dir, home: h });
    const [r] = revisionSummaries(readPanel(h).panel);
    expect([r.from, r.to, r.revisedCells, r.netChange]).toEqual(['2025-01', '2025-02', 2, 4]);
    expect(r.byState.map((s) => [s.state, s.net, s.largestMonth])).toEqual([
      ['14', 7, '2023-05'],
      ['08', -3, '2024-02'],
    ]);
    expect(r.byMonth.map((m) => [m.month, m.net])).toEqual([
      ['2023-05', 7],
      ['2024-02', -3],
    ]);
  });

  it('source gap: SESNSP/INEGI by state and year, 2015–2022, from the raw files', () => {
    const gap = sourceGap(panel);
    expect(gap.years).toEqual([2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022]);
    // Chihuahua (08) 2020: SESNSP from the raw long file.
    const months2020 = Array.from({ length: 12 }, (_, k) => `2020-${String(k + 1).padStart(2, '0')}`);
    const chih = gap.states.find((s) => s.state === '08')!.years.find((y) => y.year === 2020)!;
    expect(chih.sesnsp).toBe(rawSum(months2020, '08', 'Homicidio doloso'));
    expect(chih.ratio).toBeCloseTo(chih.sesnsp / chih.inegi, 12);
    // INEGI national 2022 from the state file: 31,048 (see test/data).
    expect(gap.national.find((y) => y.year === 2022)!.inegi).toBe(31048);
    for (const f of gap.flags) expect(Math.abs(f.z)).toBeGreaterThan(3);
  });

  it('national trend breaks: the rise turns where the published series peaks (2019–2020, facts file)', () => {
    const national = trendBreaks(panel).filter((b) => b.place === '00');
    expect(national.length).toBeGreaterThan(1);
    // Grouped by place and ordered by month.
    expect(national.map((b) => b.month)).toEqual([...national.map((b) => b.month)].sort());
    const turn = national.find((b) => b.month >= '2018-01' && b.month <= '2020-12' && b.trendBefore > 0);
    expect(turn).toBeDefined();
    expect(turn!.trendAfter).toBeLessThan(turn!.trendBefore);
  });

  it('source gap: the INEGI state file is named, and its shortfall against the published totals measured', () => {
    const gap = sourceGap(panel);
    expect(gap.inegi).toMatchObject({
      id: 'inegi.homicides',
      vintage: '2022-12',
      level: 'state',
      file: 'inegi/state.csv',
    });
    expect(gap.sesnsp).toMatchObject({ vintage: '2025-06', file: 'v2/victims.csv.bz2' });
    // SESNSP 2025 is partial (and its last two months flagged): 2015–2024 complete; INEGI to 2022.
    expect(gap.sesnsp.completeYears).toEqual([2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024]);
    expect(gap.inegi.completeYears!.at(-1)).toBe(2022);
    // 2022: the state file sums to 31,048; INEGI published 33,287 (facts/national_homicides_inegi.csv).
    const facts = readFileSync(sharedPath('facts', 'national_homicides_inegi.csv'), 'utf8');
    expect(facts).toMatch(/^2022,33287/m);
    const y2022 = gap.published!.years.find((y) => y.year === 2022)!;
    expect([y2022.stateSum, y2022.published, y2022.shortfall]).toEqual([31048, 33287, 2239]);
    expect(y2022.relative).toBeCloseTo(31048 / 33287 - 1, 12);
    // Against the published totals SESNSP's coverage is lower than against the file: 0.93, not 1.00, in 2022.
    expect(y2022.ratioPublished).toBeCloseTo(30979 / 33287, 12);
    expect(gap.published!.years.filter((y) => y.shortfall > 0).map((y) => y.year)).toEqual([
      2015, 2017, 2018, 2019, 2020, 2021, 2022,
    ]);
  });

  it('the 2025 claim against other base periods: −21.7%, −19.3% and −26.5%, not base-sensitive', () => {
    const r = checkClaim(panel, {
      series: 'homicidio-doloso',
      from: '2024-09',
      to: '2025-06',
      change: '-25%',
    });
    const jun = rawSum(['2025-06'], null, 'Homicidio doloso') / 30;
    const jja = rawSum(['2024-06', '2024-07', '2024-08'], null, 'Homicidio doloso') / (30 + 31 + 31);
    const s = r.sensitivity!;
    const three = s.alternatives.find((a) => a.kind === 'previous-3-months')!;
    expect(three.base).toBe('2024-06..2024-08');
    expect(three.valueBase).toBeCloseTo(jja, 10);
    expect(three.change).toBeCloseTo(jun / jja - 1, 10);
    expect(s.alternatives.map((a) => Number((a.change! * 100).toFixed(1)))).toEqual([-21.7, -19.3, -26.5]);
    expect(s.margin).toBeCloseTo(0.2451 / 4, 4);
    expect(s.sensitive).toBe(false);
    // "Down 25%" holds on the stated base and a year earlier, not against the 3 or 12 months before.
    expect(s.alternatives.map((a) => a.holds)).toEqual([false, false, true]);
    // Sinaloa from September 2024, when its war began: +45% from the month itself, about +360% otherwise.
    const sinaloa = checkClaim(panel, {
      series: 'homicidio-doloso',
      from: '2024-09',
      to: '2025-06',
      place: '25',
    });
    expect(sinaloa.sensitivity!.sensitive).toBe(true);
    expect(sinaloa.sensitivity!.alternatives.every((a) => a.disagrees === 'size')).toBe(true);
  });

  it('the full audit has every part', () => {
    const a = buildAudit(panel);
    expect(a.skipped).toEqual([]);
    expect(a.national.map((c) => c.id)).toContain('rnpdno.not-located');
    expect(a.states).toHaveLength(32);
    expect(a.reclassification?.states).toHaveLength(32);
    expect(a.claim.holds).toBe(true);
    // Quoted in README and docs/AUDIT.md: rises elsewhere equal 31% of the national fall.
    expect(a.reclassification!.national.offsetShare).toBeCloseTo(0.31, 2);
  });

  it('CLI: audit claim --json has the documented shape; bad requests exit 2 with the valid options', async () => {
    const ok = await atalaya([
      'audit',
      'claim',
      '--series',
      'homicidio-doloso',
      '--from',
      '2024-09',
      '--to',
      '2025-06',
      '--change',
      '-25%',
      '--json',
      '--home',
      home,
    ]);
    expect(ok.code).toBe(0);
    const j = JSON.parse(ok.stdout);
    expect(Object.keys(j)).toEqual(
      expect.arrayContaining(['claim', 'basis', 'observed', 'holds', 'caveats']),
    );
    expect(j.basis).toBe('daily-average');
    expect(j.observed.from).toBe('2024-09');
    expect(j.observed.change).toBeCloseTo(-0.2451, 4);
    expect(j.claim.change).toBe(-0.25);
    expect(j.holds).toBe(true);

    const text = await atalaya([
      'audit',
      'claim',
      '-s',
      'homicidio-doloso',
      '--from',
      '2024-09',
      '--to',
      '2025-06',
      '--change',
      '-25%',
      '--home',
      home,
    ]);
    expect(text.stdout).toMatch(/The claim HOLDS: observed −24\.5% vs claimed −25\.0%/);
    expect(text.stdout).toMatch(/Incomplete months used: 2025-06/);

    const outside = await atalaya([
      'audit',
      'claim',
      '-s',
      'homicidio-doloso',
      '--from',
      '2024-09',
      '--to',
      '2025-09',
      '--home',
      home,
    ]);
    expect(outside.code).toBe(2);
    expect(outside.stderr).toMatch(/no value for Nacional in 2025-09: it covers 2015-01\.\.2025-06/);
    const unknown = await atalaya([
      'audit',
      'claim',
      '-s',
      'robo-de-bicicleta',
      '--from',
      '2024',
      '--to',
      '2025-06',
      '--home',
      home,
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown series "robo-de-bicicleta"; valid: .*homicidio-doloso/);
    const state = await atalaya([
      'audit',
      'claim',
      '-s',
      'homicidio-doloso',
      '--from',
      '2024',
      '--to',
      '2025-06',
      '--state',
      'Gotham',
      '--home',
      home,
    ]);
    expect(state.code).toBe(2);
    expect(state.stderr).toMatch(/unknown state "Gotham"; valid: national or 01 Aguascalientes/);
    const period = await atalaya([
      'audit',
      'claim',
      '-s',
      'homicidio-doloso',
      '--from',
      'septiembre',
      '--to',
      '2025-06',
      '--home',
      home,
    ]);
    expect(period.code).toBe(2);
    expect(period.stderr).toMatch(/--from "septiembre" is not a period/);
  });

  it('CLI: audit report writes one self-contained page; --json prints the numbers', async () => {
    const out = join(tmp('atalaya-audit-out-'), 'audit.html');
    const r = await atalaya(['audit', 'report', '--out', out, '--lang', 'es', '--home', home]);
    expect(r.code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/i);
    expect(html).toContain('lang="es"');
    expect(html).not.toMatch(/<script/i);
    const j = await atalaya(['audit', 'report', '--json', '--home', home]);
    const audit = JSON.parse(j.stdout);
    expect(Object.keys(audit)).toEqual(
      expect.arrayContaining([
        'claim',
        'reclassification',
        'national',
        'states',
        'sourceGap',
        'revisions',
        'breaks',
        'shareJumps',
      ]),
    );
    const recl = await atalaya([
      'audit',
      'reclassification',
      '--state',
      'Guanajuato',
      '--json',
      '--home',
      home,
    ]);
    expect(JSON.parse(recl.stdout).place.code).toBe('11');
  });

  it('CLI (from source): audit breaks and gap — every break per place, the INEGI file named, bad options refused', async () => {
    const breaks = await runAtalaya(['audit', 'breaks', '--json', '--home', home]);
    expect(breaks.code).toBe(0);
    const b = JSON.parse(breaks.stdout);
    expect(Object.keys(b)).toEqual(['breaks', 'places', 'method', 'shareJumps']);
    expect(b.places).toHaveLength(33);
    expect(
      b.breaks.filter((x: { place: string }) => x.place === '25').map((x: { month: string }) => x.month),
    ).toEqual(['2017-08', '2022-12', '2024-09']);
    const text = await runAtalaya(['audit', 'breaks', '--home', home]);
    expect(text.stdout).toMatch(/^ Sinaloa +2017-08 +2016-12\.\.2017-09 /m);
    expect(text.stdout).toMatch(/No break: Aguascalientes, Campeche, Durango, Querétaro, Yucatán\./);
    const short = await runAtalaya(['audit', 'breaks', '--min-segment', '6', '--home', home]);
    expect(short.code).toBe(2);
    expect(short.stderr).toMatch(/--min-segment must be a whole number of at least 9 \(got "6"\)/);
    const penalty = await runAtalaya(['audit', 'breaks', '--penalty', 'lots', '--home', home]);
    expect(penalty.code).toBe(2);
    expect(penalty.stderr).toMatch(/--penalty must be a number ≥ 0/);
    const gap = await runAtalaya(['audit', 'gap', '--home', home]);
    expect(gap.stdout).toMatch(/INEGI: +inegi\.homicides, release 2022-12, file inegi\/state\.csv/);
    expect(gap.stdout).toMatch(
      /sums to less than INEGI's published national totals in 7 of 8 years, by up to 6\.7% \(2022\)/,
    );
  });
});
