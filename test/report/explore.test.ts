import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import type { ExploreSummary } from '../../src/explore/types.js';
import { renderExploreReport, withoutPaths } from '../../src/report/explore.js';
import {
  niceTicks,
  outcomeChange,
  outcomeInfo,
  primBoxChart,
  primQuestion,
  primTrajectoryChart,
  regretChart,
  robustnessMatrix,
  scenarioName,
  sensitivityChart,
  withoutOrphan,
  wrap,
} from '../../src/report/explore-charts.js';
import { golden } from '../helpers/golden.js';

/**
 * The explore report and its charts, on the summaries of two real runs, small enough to keep (six factors,
 * three policies and the status quo, five years, the built-in network):
 * - test/fixtures/explore/summary-small.json, a Latin hypercube of 60 points (seed 4): robustness, regret,
 *   effects, three PRIM questions (one box, with its peeling trajectory, and three CART leaves for the
 *   second; none for the others), no sensitivity indices;
 * - test/fixtures/explore/summary-morris.json, 6 Morris trajectories (42 experiments, seed 4): μ* for every
 *   policy, factor and outcome, no PRIM.
 * Both were written by `npx tsx src/cli/main.ts explore kingpin-targeting mediation-hot-borders
 * halve-recruitment --method lhs --samples 60` (or `--method morris --samples 6`) `--years 5 --parameters
 * rho,splitHazard,leaderCapacityCut,successionDisorder,truceCollapse,truceEffect --network builtin --seed 4
 * --json --no-progress -o FILE`; the expected numbers below are read off them. (Seed 2, 60 points, finds no
 * PRIM box at all.) Golden files under test/golden/ hold the expected bytes; `REGEN=1 npx vitest run
 * test/report/explore.test.ts` rewrites them, and the diff is reviewed like code.
 */
const FIXTURE = fileURLToPath(new URL('../fixtures/explore/summary-small.json', import.meta.url));
const MORRIS = fileURLToPath(new URL('../fixtures/explore/summary-morris.json', import.meta.url));

function load(file = FIXTURE): ExploreSummary {
  return JSON.parse(readFileSync(file, 'utf8')) as ExploreSummary;
}
/** Parse as XML: a malformed SVG gives a <parsererror> document, or throws. */
function parseSvg(svg: string): Document {
  const doc = new JSDOM(svg, { contentType: 'image/svg+xml' }).window.document;
  expect(doc.getElementsByTagName('parsererror')).toHaveLength(0);
  expect(doc.documentElement.tagName).toBe('svg');
  expect(doc.documentElement.getAttribute('xmlns')).toBe('http://www.w3.org/2000/svg');
  return doc;
}

function html(text: string): Document {
  return new JSDOM(text).window.document;
}

/** The inline SVGs of a page, as written (an HTML serialiser would turn a no-break space into `&nbsp;`). */
function svgsOf(page: string): string[] {
  return page.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
}

const summary = load();
const morris = load(MORRIS);

/** The summary with one outcome's rows taken out: the report then leads with the next outcome it has. */
function without(s: ExploreSummary, outcome: string): ExploreSummary {
  const keep = <T extends { outcome: string }>(rows: T[]) => rows.filter((r) => r.outcome !== outcome);
  return {
    ...s,
    effects: keep(s.effects),
    sensitivity: keep(s.sensitivity),
    robustness: keep(s.robustness),
    regret: keep(s.regret),
    satisficing: keep(s.satisficing),
  };
}

/** The numbers of an SVG attribute. */
function num(el: Element | null | undefined, name: string): number {
  const v = el?.getAttribute(name);
  if (v === null || v === undefined) throw new Error(`no ${name}`);
  return Number(v);
}

describe('renderExploreReport', () => {
  it('renders the sections each design has, in English and in Spanish', () => {
    const sections = (s: ExploreSummary, locale: 'en' | 'es') => {
      const doc = html(renderExploreReport(s, { locale }));
      expect(doc.documentElement.lang).toBe(locale);
      const ids = [...doc.querySelectorAll('main > section[id]')].map((x) => x.id);
      expect([...doc.querySelectorAll('nav a')].map((a) => a.getAttribute('href'))).toEqual(
        ids.map((id) => `#${id}`),
      );
      expect(doc.querySelectorAll('script')).toHaveLength(0);
      return ids;
    };
    for (const locale of ['en', 'es'] as const) {
      // A Latin hypercube has no sensitivity indices; a Morris design no PRIM boxes.
      expect(sections(summary, locale)).toEqual([
        'summary',
        'method',
        'robustness',
        'regret',
        'prim',
        'factors',
        'warnings',
        'present',
      ]);
      expect(sections(morris, locale)).toEqual([
        'summary',
        'method',
        'sensitivity',
        'robustness',
        'regret',
        'factors',
        'warnings',
        'present',
      ]);
    }
    const en = html(renderExploreReport(summary, { locale: 'en' }));
    const es = html(renderExploreReport(summary, { locale: 'es' }));
    expect(en.querySelector('h1')?.textContent).toBe('How robust is the ranking of the policies?');
    expect(es.querySelector('h1')?.textContent).toBe('¿Qué tan robusto es el orden de las políticas?');
    expect(es.getElementById('summary')?.textContent).toContain('Reducir el reclutamiento a la mitad');
    expect(es.getElementById('summary')?.textContent).toContain('Homicidios, año 5');
  });

  it('says in plain words which policy wins, how robustly, and where a policy backfires', () => {
    const doc = html(renderExploreReport(summary, { locale: 'en' }));
    const items = [...doc.querySelectorAll('#summary li')].map((li) => li.textContent ?? '');
    // Homicides at 5 years: halve-recruitment has shareBest 1 and regret 0; the others shareBest 0.
    expect(items[0]).toBe(
      'On Homicides, year 5, Halve recruitment is the best of the 4 options (status quo included) in 100% of the 60 experiments.',
    );
    // Its effects row: p50 −0.32..., p05 −0.34..., p95 −0.27....
    expect(items[1]).toBe(
      'Halve recruitment changes Homicides, year 5 by −32% against Status quo in the median experiment (−34% to −27% in 90% of the experiments).',
    );
    // shareABetter = 1 against each of the three others.
    expect(items[2]).toBe(
      'The ranking is robust: it does better than each other option in every experiment.',
    );
    expect(items[3]).toBe(
      'Halve recruitment gives a lower value than Status quo in 100% of the experiments.',
    );
    // The one PRIM box: mediation raises homicides when ρ ∈ [0.00252426, 0.00256716].
    expect(items[4]).toBe(
      'Mediation at hot borders: Homicides, year 5, above Status quo: this happens mostly when Recruitment rate ρ 0.00252–0.00257 (coverage 54%, density 78%).',
    );
    // No sensitivity indices in a Latin hypercube: nothing said about drivers.
    expect(items.join(' ')).not.toContain('What drives');

    // At 3 years (the headline once year 5 is gone) the ranking is less clear-cut: halve-recruitment is best
    // in 0.833 of the experiments, mediation in 0.167, and beats mediation in 0.833 of them.
    const year3 = [
      ...html(renderExploreReport(without(summary, 'homicides5y'), { locale: 'en' })).querySelectorAll(
        '#summary li',
      ),
    ].map((li) => li.textContent ?? '');
    expect(year3[0]).toBe(
      'On Homicides, year 3, Halve recruitment is the best of the 4 options (status quo included) in 83% of the 60 experiments. Next comes Mediation at hot borders (17%).',
    );
    expect(year3[2]).toBe(
      'The ranking is fairly robust: it does better than each other option in at least 83% of the experiments, and Mediation at hot borders comes closest.',
    );
  });

  it('names the assumptions that drive the result when the design has sensitivity indices', () => {
    const items = [
      ...html(renderExploreReport(morris, { locale: 'en' })).querySelectorAll('#summary li'),
    ].map((li) => li.textContent ?? '');
    // halve-recruitment, homicides5y: μ* 0.0225 (successionDisorder), 0.0197 (leaderCapacityCut), 0.0145 (rho).
    expect(items).toContain(
      'What drives the result of Halve recruitment most: Succession disorder σ, Operating capacity a group loses when its leader is removed, and Recruitment rate ρ.',
    );
    expect(
      items.some((i) => i.startsWith('Across all the policies, the assumptions that matter most are')),
    ).toBe(true);
  });

  it('states the method, the sample sizes and the references', () => {
    const doc = html(renderExploreReport(summary, { locale: 'en' }));
    const method = doc.getElementById('method')!.textContent ?? '';
    expect(method).toContain(
      'A Latin hypercube of 60 points over the 6 factors (McKay, Beckman & Conover 1979), 60 experiments',
    );
    const refs = [...doc.querySelectorAll('#method .refs li')].map((li) => li.textContent ?? '');
    expect(refs[0]).toMatch(/^McKay, M. D./);
    for (const cite of [
      'Morris, M. D. (1991)',
      'Saltelli, A., Annoni',
      'Jansen, M. J. W. (1999)',
      'Friedman, J. H. & Fisher, N. I. (1999)',
      'Bryant, B. P. & Lempert, R. J. (2010)',
      'MR-1626',
      'Environmental Modelling & Software 96:239',
    ]) {
      expect(
        refs.some((r) => r.includes(cite)),
        cite,
      ).toBe(true);
    }
    const es = html(renderExploreReport(morris, { locale: 'es' }));
    expect(es.getElementById('method')?.textContent).toContain(
      '6 trayectorias por los 6 factores, cada una mueve un factor a la vez a lo largo de su rango, 42 experimentos',
    );
  });

  it('has the PRIM boxes with their trade-off, the factors and the present', () => {
    const doc = html(renderExploreReport(summary, { locale: 'en' }));
    const prim = doc.getElementById('prim')!;
    expect([...prim.querySelectorAll('h3')].map((h) => h.textContent)).toEqual([
      'Kingpin targeting: Homicides, year 5, below Status quo',
      'Mediation at hot borders: Homicides, year 5, above Status quo',
      'Halve recruitment: Homicides, year 5, above Status quo',
    ]);
    // Kingpin targeting lowers homicides in 8% of the experiments (6 of 60, below the 10 cases PRIM needs);
    // halve-recruitment never raises them.
    expect([...prim.querySelectorAll('p.note')].map((p) => p.textContent)).toEqual([
      'PRIM found no box for this question. The case happens in 8% of all experiments.',
      'PRIM found no box for this question. The case happens in 0% of all experiments.',
    ]);
    // Mediation: one PRIM box, three CART leaves.
    const tables = prim.querySelectorAll('table');
    expect(tables).toHaveLength(2);
    expect(tables[0].querySelectorAll('tbody tr')).toHaveLength(1);
    expect(tables[1].querySelectorAll('tbody tr')).toHaveLength(3);
    expect([...tables[0].querySelectorAll('tbody td')].map((td) => td.textContent)).toEqual([
      '1',
      'Recruitment rate ρ 0.00252–0.00257',
      '54%',
      '78%',
      '30%',
    ]);
    expect(tables[0].querySelector('caption')?.textContent).toBe(
      'PRIM. The case happens in 43% of all experiments.',
    );
    // The box and, next to it, the trajectory it was chosen on; CART leaves have none and get no chart.
    const titles = [...prim.querySelectorAll('.charts svg > title')].map((t) => t.textContent);
    expect(titles).toEqual([
      'Where it holds: Mediation at hot borders: Homicides, year 5, above Status quo',
      'The coverage–density trade-off: Mediation at hot borders: Homicides, year 5, above Status quo',
    ]);

    const factors = [...doc.querySelectorAll('#factors tbody tr')];
    expect(factors).toHaveLength(6);
    // Design order: rho first, its 5% and 95% values 0.00244908 and 0.00260587.
    expect(factors[0].textContent).toContain('Recruitment rate ρ');
    expect(factors[0].textContent).toContain('0.00245');
    expect(factors[0].textContent).toContain('0.00261');
    expect(doc.getElementById('present')?.textContent).toContain(
      'June 2025 (release SESNSP 2025-06 vintage)',
    );
    expect(doc.getElementById('warnings')?.querySelectorAll('li')).toHaveLength(1);
  });

  it('still draws a box whose summary has no trajectory (written before they were recorded)', () => {
    const old = load();
    for (const answer of old.prim) for (const box of answer.boxes) delete box.trajectory;
    const prim = html(renderExploreReport(old, { locale: 'en' })).getElementById('prim')!;
    expect(prim.querySelectorAll('svg')).toHaveLength(1);
    expect(prim.querySelector('svg > title')?.textContent).toMatch(/^Where it holds: /);
    expect(prim.querySelectorAll('table')).toHaveLength(2);
  });

  it('leaves out numbers a run could not measure, and names the baseline it does not list', () => {
    // Halve recruitment's fiscal cost is not measured: it has no effect or regret row on it, and the other
    // options are compared on cost among themselves.
    expect(
      summary.effects.find((r) => r.scenario === 'halve-recruitment' && r.outcome === 'cost'),
    ).toBeUndefined();
    expect(
      summary.regret.find((r) => r.scenario === 'halve-recruitment' && r.outcome === 'cost'),
    ).toBeUndefined();
    const doc = html(renderExploreReport(summary, { locale: 'en' }));
    const [effects, regret] = [...doc.querySelectorAll('#regret table')];
    const halve = [...effects.querySelectorAll('tbody tr')].find((tr) =>
      tr.textContent?.startsWith('Halve recruitment'),
    )!;
    // The last column (fiscal cost) is a dash, not "0.00 US$ billion".
    expect([...halve.querySelectorAll('td')].at(-1)?.textContent).toBe('–');
    expect(outcomeChange(null as unknown as number, outcomeInfo(summary, 'cost'), 'en')).toBe('–');
    expect(effects.textContent).toContain('+0.03 US$ billion');
    expect(regret.textContent).toContain('Fiscal cost');
    expect(regret.textContent).toContain('Cartel members');
    // Halve recruitment's regret on members is exactly 0: no decimals for nothing.
    expect(regret.textContent).toContain('0 persons');
    expect(regret.textContent).not.toContain('0.00 persons');

    const partial = load();
    // An outcome no policy could measure leaves the effects and regret tables altogether.
    for (const r of [...partial.regret, ...partial.effects]) {
      if (r.outcome === 'cost') Object.assign(r, { p50: null, p90: null, max: null, p05: null, p95: null });
    }
    const es = html(renderExploreReport(partial, { locale: 'es' }));
    expect(es.getElementById('regret')?.textContent).not.toContain('Costo fiscal');
    expect(es.getElementById('regret')?.textContent).toContain('Integrantes de cárteles');
    expect(partial.scenarios.map((x) => x.id)).not.toContain('status-quo');
    expect(scenarioName(partial, 'status-quo', 'es')).toBe('Statu quo');
    expect(es.getElementById('robustness')?.textContent).toContain('Statu quo');
  });

  it('leaves out what an older summary does not have', () => {
    const old = { ...morris, effects: undefined } as unknown as ExploreSummary;
    const page = html(renderExploreReport(old, { locale: 'es' }));
    expect(page.getElementById('sensitivity')?.querySelectorAll('svg')).toHaveLength(3);
    expect(page.getElementById('summary')?.textContent).not.toContain('en el experimento mediano');
    expect(page.querySelectorAll('#summary li').length).toBeGreaterThan(3);
  });

  it('draws valid standalone SVG charts', () => {
    // Latin hypercube: one robustness matrix per measured outcome (6: years 1, 3 and 5, members, overdose
    // deaths, cost), one regret chart, a PRIM box and its trajectory.
    const lhs = svgsOf(renderExploreReport(summary, { locale: 'es' }));
    expect(lhs).toHaveLength(6 + 1 + 2);
    // Morris: a tornado chart per policy (3), the same 6 matrices and one regret chart.
    const screening = svgsOf(renderExploreReport(morris, { locale: 'es' }));
    expect(screening).toHaveLength(3 + 6 + 1);
    for (const svg of [...lhs, ...screening]) parseSvg(svg);
  });

  it('escapes the ids and labels it is given, and prints no machine paths', () => {
    const evil = '<script>alert("x")</script> & "Sons"';
    for (const hostile of [load(), load(MORRIS)]) {
      hostile.scenarios[1].title = evil;
      hostile.scenarios[1].title_es = evil;
      // rho: in the PRIM box, the factors table and the tornado charts.
      hostile.factors[0].label = `<img src=x onerror=alert(1)> ${evil}`;
      if (hostile.prim[1]) hostile.prim[1].question = evil;
      hostile.warnings.push(
        `wrote /home/alice/.cache/atalaya/explore/run-7.json and C:\\Users\\bob\\x.json ${evil}`,
      );
      hostile.present = { through: '2025-09', release: '/srv/data/sesnsp-2025-10.csv' };
      for (const locale of ['en', 'es'] as const) {
        const out = renderExploreReport(hostile, { locale });
        expect(out).not.toContain('<script>');
        expect(out).not.toContain('<img');
        expect(out).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;Sons&quot;');
        expect(out).not.toMatch(/\/home\/|\/srv\/|C:\\/);
        expect(out).toContain('run-7.json');
        expect(out).toContain('sesnsp-2025-10.csv');
        for (const svg of svgsOf(out)) parseSvg(svg);
      }
    }
  });

  it('matches the golden page', () => {
    golden('explore-report.en.html', renderExploreReport(summary, { locale: 'en' }));
  });
});

describe('explore charts', () => {
  it('draws the most influential factors of a policy by Morris μ*', () => {
    const doc = parseSvg(
      sensitivityChart(morris, { scenario: 'kingpin-targeting', outcome: 'homicides5y', locale: 'en' }),
    );
    const factors = [...doc.querySelectorAll('g.ex-factor')].map((g) => g.getAttribute('data-factor'));
    // μ* 0.059, 0.048, 0.031, 0.019, then the two truce factors kingpin targeting never touches (0, design order).
    expect(factors).toEqual([
      'splitHazard',
      'leaderCapacityCut',
      'successionDisorder',
      'rho',
      'truceEffect',
      'truceCollapse',
    ]);
    expect(doc.querySelectorAll('circle.ex-s1')).toHaveLength(0);
    expect([...doc.querySelectorAll('g.ex-factor .ex-value')].map((t) => t.textContent)).toEqual([
      '5.9%',
      '4.8%',
      '3.1%',
      '1.9%',
      '0%',
      '0%',
    ]);
    // A long label takes two lines; an assumption's mark stays with its last word.
    const tspans = (k: number) =>
      [...[...doc.querySelectorAll('g.ex-factor')][k].querySelectorAll('tspan')].map((t) => t.textContent);
    expect(tspans(1)).toEqual(['Operating capacity a group loses when its leader', 'is removed']);
    expect(tspans(5)).toEqual(['Hazard of a truce collapsing\u00a0*']);
    expect(doc.documentElement.textContent).toContain('* an Atalaya assumption');
    // μ* + its 95% half-width reaches 0.0910 (splitHazard): the axis runs on to 10%, past it.
    const ticks = [...doc.querySelectorAll('text')]
      .map((t) => t.textContent)
      .filter((t) => /^\d+%$/.test(t ?? ''));
    expect(ticks.slice(0, 6)).toEqual(['0%', '2%', '4%', '6%', '8%', '10%']);

    const members = parseSvg(
      sensitivityChart(morris, {
        scenario: 'halve-recruitment',
        outcome: 'members',
        locale: 'es',
        index: 'morris',
        top: 3,
      }),
    );
    expect(members.querySelectorAll('g.ex-factor')).toHaveLength(3);
    // halve-recruitment, members: μ* 9,309.73 persons (rho), then splitHazard and leaderCapacityCut.
    expect([...members.querySelectorAll('g.ex-factor')].map((g) => g.getAttribute('data-factor'))).toEqual([
      'rho',
      'splitHazard',
      'leaderCapacityCut',
    ]);
    expect(members.querySelector('g.ex-factor .ex-value')?.textContent).toBe('9,310 persons');
    expect(members.documentElement.textContent).toContain('los 3 factores más influyentes de 6');
  });

  it('never cuts a title off: long titles wrap within the width', () => {
    const long = load(MORRIS);
    long.scenarios[1].title =
      'A very long policy name that goes on and on, with clauses, conditions and exceptions, far wider than any chart';
    const doc = parseSvg(
      sensitivityChart(long, { scenario: long.scenarios[1].id, outcome: 'homicides5y', width: 480 }),
    );
    const lines = [...doc.querySelectorAll('text.ex-title')].map((t) => t.textContent ?? '');
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.join(' ')).toBe(doc.querySelector('title')?.textContent);
    // At 16 px bold, a character is well under 0.6 × 16 px in every font of the stack.
    for (const line of lines) expect([...line].length * 16 * 0.6).toBeLessThanOrEqual(480 - 32);
    expect(wrap('one two three', 7)).toEqual(['one two', 'three']);
    expect(wrap('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    // A lone short last word takes the one before it along, when that fits.
    expect(withoutOrphan(wrap('Regret, Homicides, year 5', 23), 23)).toEqual([
      'Regret, Homicides,',
      'year 5',
    ]);
    expect(withoutOrphan(['one two', 'three'], 20)).toEqual(['one two', 'three']);
  });

  it('prints the robustness matrix as percentages, rows a and columns b', () => {
    const doc = parseSvg(robustnessMatrix(summary, { outcome: 'homicides5y', locale: 'en' }));
    const cells = [...doc.querySelectorAll('g.ex-cell')];
    expect(cells).toHaveLength(4 * 3);
    const cell = (a: string, b: string) =>
      cells.find((c) => c.getAttribute('data-a') === a && c.getAttribute('data-b') === b)?.textContent;
    // shareABetter: halve-recruitment vs status-quo 1, status-quo vs mediation 0.433333.
    expect(cell('halve-recruitment', 'status-quo')).toBe('100%');
    expect(cell('status-quo', 'mediation-hot-borders')).toBe('43%');
    // Most robust first: halve-recruitment beats all, kingpin targeting the fewest.
    expect([...doc.querySelectorAll('g.ex-cell')].map((c) => c.getAttribute('data-a'))[0]).toBe(
      'halve-recruitment',
    );
    expect([...doc.querySelectorAll('text.ex-col')].map((t) => t.textContent)).toEqual(['1', '2', '3', '4']);
  });

  it('draws regret least first, with the share of experiments where each option is best', () => {
    const doc = parseSvg(regretChart(summary, { outcome: 'homicides5y', locale: 'en' }));
    const rows = [...doc.querySelectorAll('g.ex-regret')];
    // p90 of regret: 0 (halve), 0.34 (status quo), 0.42 (kingpin), 0.44 (mediation).
    expect(rows.map((g) => g.getAttribute('data-scenario'))).toEqual([
      'halve-recruitment',
      'status-quo',
      'kingpin-targeting',
      'mediation-hot-borders',
    ]);
    expect(rows.map((g) => g.querySelector('.ex-best')?.textContent)).toEqual([
      'best in 100%',
      'best in 0%',
      'best in 0%',
      'best in 0%',
    ]);
  });

  it('draws a PRIM box as range bars over each restricted factor', () => {
    const doc = parseSvg(primBoxChart(summary, { question: 1, locale: 'en' }));
    const limits = [...doc.querySelectorAll('g.ex-limit')];
    expect(limits.map((g) => g.getAttribute('data-factor'))).toEqual(['rho']);
    const [full, box] = [limits[0].querySelector('rect.ex-full'), limits[0].querySelector('rect.ex-box')];
    expect(num(box, 'x')).toBeGreaterThanOrEqual(num(full, 'x') - 0.1);
    expect(num(box, 'x') + num(box, 'width')).toBeLessThanOrEqual(num(full, 'x') + num(full, 'width') + 0.1);
    // Both ends move: ρ ∈ [0.00252426, 0.00256716] inside 0.00244908–0.00260587.
    expect(limits[0].textContent).toBe('Recruitment rate ρ0.002450.002610.002520.00257');
    expect(doc.documentElement.textContent).toContain('coverage 54%');
    expect(doc.documentElement.textContent).toContain('density 78%');
    expect(doc.documentElement.textContent).toContain('43% overall');
    expect(primQuestion(summary, summary.prim[1], 'es')).toBe(
      'Mediación en fronteras calientes: Homicidios, año 5, por encima del Statu quo',
    );
    expect(primQuestion(summary, { ...summary.prim[0], threshold: -0.05 }, 'es')).toBe(
      'Captura de capos: Homicidios, año 5, por debajo de −5% respecto al Statu quo',
    );
    expect(() => primBoxChart(summary, { question: 9 })).toThrow(/no PRIM question 9/);
    expect(() => primBoxChart(summary, { question: 0 })).toThrow(/no box 0/);
  });

  it('draws the coverage–density trade-off of the peeling trajectory', () => {
    const answer = summary.prim[1];
    const box = answer.boxes[0];
    const steps = box.trajectory!;
    const doc = parseSvg(primTrajectoryChart(summary, { question: 1, locale: 'en' }));
    const dots = [...doc.querySelectorAll('circle.ex-step')];
    // One dot per step, in order, with its count of restricted factors (0 at the whole space, 6 at the end).
    expect(dots).toHaveLength(46);
    expect(dots.map((d) => Number(d.getAttribute('data-restricted')))).toEqual(
      steps.map((s) => s.restricted),
    );
    // The scale, from the first step (coverage 1, density 0.433) and the last (0.154, 1).
    const [first, last] = [dots[0], dots[45]];
    const x = (c: number) =>
      num(last, 'cx') +
      ((c - steps[45].coverage) * (num(first, 'cx') - num(last, 'cx'))) / (1 - steps[45].coverage);
    const y = (d: number) =>
      num(first, 'cy') +
      ((d - steps[0].density) * (num(last, 'cy') - num(first, 'cy'))) / (1 - steps[0].density);
    steps.forEach((s, i) => {
      expect(num(dots[i], 'cx')).toBeCloseTo(x(s.coverage), 0);
      expect(num(dots[i], 'cy')).toBeCloseTo(y(s.density), 0);
    });
    // The joined path runs through the dots in order.
    const path = doc.querySelector('polyline.ex-path')!.getAttribute('points')!.split(' ');
    expect(path).toEqual(dots.map((d) => `${d.getAttribute('cx')},${d.getAttribute('cy')}`));
    // The first box starts from all the experiments: its first step sits on the base rate.
    expect(num(doc.querySelector('line.ex-base'), 'y1')).toBe(num(first, 'cy'));
    expect(doc.documentElement.textContent).toContain('base rate 43%');
    // Chosen: step 32 (coverage 0.538, density 0.824, 5 factors), ringed and labelled.
    expect(box.chosen).toBe(32);
    const ring = doc.querySelector('circle.ex-chosen');
    expect([num(ring, 'cx'), num(ring, 'cy')]).toEqual([num(dots[32], 'cx'), num(dots[32], 'cy')]);
    expect(doc.querySelector('.ex-chosen-label')?.textContent).toBe(
      'Chosen step (5 factors)coverage 54%, density 82%',
    );
    // Final: pasting and simplifying keep the coverage (0.538) and ρ alone, at density 0.778.
    const d = doc.querySelector('path.ex-final')!.getAttribute('d')!;
    const [fx, top] = /^M([\d.]+),([\d.]+)/.exec(d)!.slice(1).map(Number);
    expect(fx).toBeCloseTo(x(box.coverage), 0);
    expect(top + 6.5).toBeCloseTo(y(box.density), 0);
    expect(doc.querySelector('.ex-final-label')?.textContent).toBe(
      'Final box (1 factor)coverage 54%, density 78%',
    );
    // Labels inside the plot, apart from each other.
    const plot = { left: num(first, 'cx') - (num(first, 'cx') - num(last, 'cx')) / (1 - steps[45].coverage) };
    const rects = ['.ex-chosen-label rect', '.ex-final-label rect'].map((q) => {
      const r = doc.querySelector(q);
      return { x: num(r, 'x'), y: num(r, 'y'), w: num(r, 'width'), h: num(r, 'height') };
    });
    for (const r of rects) {
      expect(r.x).toBeGreaterThanOrEqual(plot.left - 0.5);
      expect(r.x + r.w).toBeLessThanOrEqual(num(first, 'cx') + 0.5);
      expect(r.y).toBeGreaterThanOrEqual(y(1) - 0.5);
      expect(r.y + r.h).toBeLessThanOrEqual(y(0) + 0.5);
    }
    const [a, b] = rects;
    expect(a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y).toBe(true);
    // One colour per count of restricted factors, all seven in the key.
    const fills = new Map(dots.map((dot) => [dot.getAttribute('data-restricted'), dot.getAttribute('fill')]));
    expect(new Set(fills.values()).size).toBe(7);
    expect(doc.querySelector('.ex-legend')?.textContent).toBe(
      'Factors restricted:0123456chosen stepfinal box (widened, simplified)base rate (all experiments)',
    );
  });

  it('draws the trajectory in Spanish, narrow, and says when a box has none', () => {
    const doc = parseSvg(primTrajectoryChart(summary, { question: 1, locale: 'es', width: 480 }));
    const lines = [...doc.querySelectorAll('text.ex-title')].map((t) => t.textContent ?? '');
    expect(lines.join(' ')).toBe(
      'Cobertura frente a densidad: Mediación en fronteras calientes: Homicidios, año 5, por encima del Statu quo',
    );
    for (const line of lines) expect([...line].length * 16 * 0.6).toBeLessThanOrEqual(480 - 32);
    expect(doc.documentElement.textContent).toContain(
      'Cobertura: proporción de los casos de interés dentro de la caja →',
    );
    expect(doc.querySelector('.ex-chosen-label')?.textContent).toBe(
      'Paso elegido (5 factores)cobertura 54%, densidad 82%',
    );
    for (const t of doc.querySelectorAll('text')) expect(num(t, 'x')).toBeLessThanOrEqual(480);

    // A second box is sought among the experiments the first left: the chart says its shares differ.
    const two = load();
    two.prim[1].boxes.push(structuredClone(two.prim[1].boxes[0]));
    expect(primTrajectoryChart(two, { question: 1, box: 1 })).toContain(
      'Box 2 was sought among the experiments outside the earlier boxes',
    );
    const old = load();
    delete old.prim[1].boxes[0].trajectory;
    const none = parseSvg(primTrajectoryChart(old, { question: 1, locale: 'en' }));
    expect(none.querySelectorAll('circle')).toHaveLength(0);
    expect(none.documentElement.textContent).toContain('This box has no peeling trajectory');
    expect(() => primTrajectoryChart(summary, { question: 1, box: 1 })).toThrow(/no box 1/);
  });

  it('has round ticks and strips folders from paths', () => {
    expect(niceTicks(0, 0.61)).toEqual([0, 0.2, 0.4, 0.6]);
    expect(niceTicks(-0.05, 0.3)).toEqual([0, 0.1, 0.2, 0.3]);
    expect(niceTicks(0, 4.75)).toEqual([0, 1, 2, 3, 4]);
    expect(withoutPaths('saved to /tmp/a/b.json (see ~/x/y.txt)')).toBe('saved to b.json (see y.txt)');
    expect(withoutPaths('5%–95% of US$ bn, deaths/100k')).toBe('5%–95% of US$ bn, deaths/100k');
  });

  it('match the golden SVGs', () => {
    golden(
      'explore-sensitivity.en.svg',
      sensitivityChart(morris, { scenario: 'kingpin-targeting', outcome: 'homicides5y', locale: 'en' }),
    );
    golden('explore-robustness.en.svg', robustnessMatrix(summary, { outcome: 'homicides5y', locale: 'en' }));
    golden('explore-regret.en.svg', regretChart(summary, { outcome: 'homicides5y', locale: 'en' }));
    golden('explore-prim.es.svg', primBoxChart(summary, { question: 1, locale: 'es' }));
    golden('explore-trajectory.en.svg', primTrajectoryChart(summary, { question: 1, locale: 'en' }));
    golden(
      'explore-trajectory.es.svg',
      primTrajectoryChart(summary, { question: 1, locale: 'es', width: 480 }),
    );
  });
});

describe('the Sobol drawing of the sensitivity chart', () => {
  it('shows total and first-order indices, the largest total first', () => {
    const s = load(fileURLToPath(new URL('../fixtures/explore/summary-sobol.json', import.meta.url)));
    const rows = s.sensitivity
      .filter((r) => r.scenario === 'kingpin-targeting' && r.outcome === s.outcome)
      .sort((a, b) => (b.ST ?? 0) - (a.ST ?? 0));
    const svg = sensitivityChart(s, { scenario: 'kingpin-targeting', outcome: s.outcome, locale: 'en' });
    parseSvg(svg);
    const label = (id: string) => s.factors.find((f) => f.id === id)!.label;
    expect(svg.indexOf(escapeXml(label(rows[0].parameter)))).toBeGreaterThan(0);
    expect(svg.indexOf(escapeXml(label(rows[0].parameter)))).toBeLessThan(
      svg.indexOf(escapeXml(label(rows[1].parameter))),
    );
    golden('explore-sensitivity-sobol.en.svg', svg);
  });
});

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
