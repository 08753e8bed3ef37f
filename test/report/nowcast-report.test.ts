import { JSDOM } from 'jsdom';
import { beforeAll, describe, expect, it } from 'vitest';
import { builtinGroupNetwork } from '../../src/data/builtin-network.js';
import { observedHomicides } from '../../src/data/observed/homicides.js';
import { COLORS } from '../../src/report/charts.js';
import { type NowcastReportInput, renderNowcastReport } from '../../src/report/nowcast.js';
import { type NowcastResult, runNowcast } from '../../src/sim/assimilate/nowcast.js';

/**
 * The nowcast's HTML report (`atalaya nowcast --report`): its sections in order, the observed points over the
 * filtered and smoothed bands, 32 state panels, the sample size and driver, the settings, both languages,
 * and nothing of the machine it ran on. A small real run: the built-in table and groups to 2018-12.
 */
const GENERATED = '2026-05-01T12:00:00Z';
const HOSTILE = '<script>alert("x")</script> & Sons';

let result: NowcastResult;
let source: NowcastReportInput['source'];

beforeAll(() => {
  const observed = observedHomicides({ prefer: 'builtin', today: '2025-07' });
  source = observed.source;
  result = runNowcast({
    network: builtinGroupNetwork(),
    observations: observed.monthly,
    particles: 20,
    seed: 1,
    until: '2018-12',
  }).result;
});

function input(extra: Partial<NowcastReportInput> = {}): NowcastReportInput {
  return {
    result,
    source,
    // The release's incomplete months (2025) lie outside this run and are left out; two of its own are added.
    incompleteMonths: ['2018-11', '2018-12', '2025-05', '2025-06'],
    groups: { kind: 'builtin', citation: '' },
    warnings: [],
    ...extra,
  };
}

function parse(html: string): Document {
  return new JSDOM(html).window.document;
}

describe('renderNowcastReport', () => {
  it('has the header, then the national, state, filter and settings sections in order', () => {
    const html = renderNowcastReport(input(), { generatedAt: GENERATED });
    const doc = parse(html);
    expect(doc.documentElement.lang).toBe('en');
    expect(doc.querySelector('h1')?.textContent).toMatch(/filtered through the observed homicides/);
    const meta = doc.querySelector('ul.meta')!.textContent!;
    expect(meta).toContain(source.release);
    expect(meta).toContain('built-in table');
    expect(meta).toContain('Jan 2015 to Dec 2018 (48 months)');
    expect(meta).toMatch(/Nov 2018, Dec 2018: filtered as missing/);
    expect(meta).not.toMatch(/May 2025|Jun 2025/);
    expect(meta).toContain("Atalaya's built-in description of the groups");
    expect(meta).toContain('20 particles, seed 1');
    const present = doc.querySelector('.present')!.textContent!;
    const d = result.present.perDay;
    expect(present).toContain(
      `Dec 2018: ${Math.round(d.p50)} homicide victims a day [90%: ${Math.round(d.p05)}–${Math.round(d.p95)}]`,
    );
    expect(present).toMatch(/Recruitment driver now \d\.\d\d× .*\[90%: \d\.\d\d–\d\.\d\d\]/);
    expect(present).toContain(`κ ${result.parameters.kappa.p50.toFixed(2)}`);
    expect(present).toContain(`h ${result.parameters.nonCartelRate.p50.toFixed(2)}`);
    expect(doc.querySelector('.present code')?.textContent).toBe('atalaya calibrate nowcast');
    const ids = [...doc.querySelectorAll('main > section')].map((s) => s.id);
    expect(ids).toEqual(['national', 'states', 'filter', 'settings']);
    expect([...doc.querySelectorAll('nav a')].map((a) => a.getAttribute('href'))).toEqual(
      ids.map((id) => `#${id}`),
    );
    // Self-contained: no script, no external resource.
    expect(html).not.toMatch(/<script|<link |src="http|href="http/);
  });

  it('draws the observed months as points over the filtered band, with the smoothed band dashed', () => {
    const doc = parse(renderNowcastReport(input(), { generatedAt: GENERATED }));
    const svg = doc.querySelector('#national figure svg')!;
    expect(svg.getAttribute('role')).toBe('img');
    // 46 complete months filled, the 2 incomplete ones open, each with its tooltip.
    const circles = [...svg.querySelectorAll('circle')];
    expect(circles).toHaveLength(48);
    expect(
      circles.filter((c) => c.closest('[fill="white"]') || c.getAttribute('fill') === 'white'),
    ).toHaveLength(2);
    const titles = [...svg.querySelectorAll('circle title')].map((t) => t.textContent);
    expect(titles[0]).toMatch(/^Jan 2015: [\d,]+ observed · filtered [\d,]+ \[[\d,]+–[\d,]+\]$/);
    expect(titles.some((t) => /\(incomplete\)/.test(t ?? ''))).toBe(true);
    // The filtered band (an area in the band colour), its median, and the smoothed band's two dashed edges.
    expect(svg.querySelector(`[fill="${COLORS.band}"] path, path[fill="${COLORS.band}"]`)).not.toBeNull();
    expect(svg.querySelectorAll('[stroke-dasharray="4,3"]').length).toBeGreaterThanOrEqual(2);
    const legend = doc.querySelector('#national .legend-row')!.textContent!;
    for (const t of ['Observed', 'Observed, still incomplete', 'Filtered band (90%)', 'Smoothed band (90%)'])
      expect(legend).toContain(t);
    // The share of observed months inside the band, counted over the complete months.
    let inside = 0;
    for (let t = 0; t < 46; t++) {
      const o = result.national.observed[t];
      const b = result.national.filtered[t];
      if (o >= b.p05 && o <= b.p95) inside++;
    }
    expect(doc.querySelector('#national .coverage')?.textContent).toBe(
      `${inside} of the 46 complete observed months (${Math.round((100 * inside) / 46)}%) lie inside the filtered 90% band.`,
    );
  });

  it('has 32 state panels with a shared x axis, ordered by the last 12 months observed, no tooltips', () => {
    const doc = parse(renderNowcastReport(input(), { generatedAt: GENERATED }));
    const figures = [...doc.querySelectorAll('#states figure.state')];
    expect(figures).toHaveLength(32);
    const total = (s: NowcastResult['states'][number]) =>
      s.observed.slice(-12).reduce((a, v) => a + (Number.isFinite(v) ? v : 0), 0);
    const expected = [...result.states].sort((a, b) => total(b) - total(a)).map((s) => s.name);
    expect(figures.map((f) => f.querySelector('figcaption strong')?.textContent)).toEqual(expected);
    const ticks = (f: Element) =>
      [...f.querySelectorAll('[aria-label="x-axis tick label"] text')].map((t) => t.textContent).join(',');
    expect(ticks(figures[0])).not.toBe('');
    for (const f of figures) {
      expect(ticks(f)).toBe(ticks(figures[0]));
      expect(f.querySelectorAll('circle').length).toBe(48);
      expect(f.querySelector('circle title')).toBeNull();
    }
  });

  it('shows the sample size of the particles and the driver band, and the settings with their meaning', () => {
    const doc = parse(renderNowcastReport(input(), { generatedAt: GENERATED }));
    const filter = doc.querySelector('#filter')!;
    expect(filter.querySelector('figure.ess figcaption')?.textContent).toMatch(
      /dashed line: all 20\)\. Median \d+, lowest \d+\. Log-likelihood of the counts: −[\d,]+\.\d\./,
    );
    expect(filter.querySelector('figure.ess svg')).not.toBeNull();
    expect(
      filter.querySelector(
        `figure.driver svg path[fill="${COLORS.band}"], figure.driver svg [fill="${COLORS.band}"]`,
      ),
    ).not.toBeNull();
    const rows = [...doc.querySelectorAll('#settings table tbody tr')];
    expect(rows.map((r) => r.querySelector('code')?.textContent)).toEqual(Object.keys(result.settings));
    for (const r of rows) expect(r.querySelector('td.meaning')?.textContent).not.toBe('');
    const kappa = rows.find((r) => r.textContent?.includes('kappa'))!;
    expect(kappa.querySelectorAll('td')[0].textContent).toBe(
      `${result.settings.kappa[0]}–${result.settings.kappa[1]}`,
    );
    expect(doc.querySelector('#settings p code')?.textContent).toBe('atalaya calibrate nowcast');
  });

  it('speaks Spanish with --lang es, numbers as in Mexico', () => {
    const html = renderNowcastReport(input(), { locale: 'es', generatedAt: GENERATED });
    const doc = parse(html);
    expect(doc.documentElement.lang).toBe('es');
    expect(doc.querySelector('h1')?.textContent).toMatch(/^El presente/);
    expect([...doc.querySelectorAll('main > section h2')].map((h) => h.textContent)).toEqual([
      'Nacional, víctimas al mes',
      'Por estado',
      'Cómo el filtro encontró los datos',
      'Ajustes',
    ]);
    expect(doc.querySelector('.present .now')?.textContent).toMatch(
      /^Dic 2018: \d+ víctimas de homicidio al día/,
    );
    expect(doc.querySelector('ul.meta')?.textContent).toContain('tabla integrada');
    expect(doc.querySelector('#national .coverage')?.textContent).toMatch(
      /de los 46 meses observados completos/,
    );
    expect(doc.querySelector('footer')?.textContent).toContain('Generado por Atalaya el 1 de mayo de 2026');
    expect(html).not.toMatch(/How to read|Settings<|By state/);
  });

  it('escapes what it quotes, names no machine path, and gives the same bytes for the same input', () => {
    const hostile = input({
      groups: { kind: 'files', citation: HOSTILE },
      warnings: [`the newest observed month is old: ${HOSTILE}`],
    });
    const html = renderNowcastReport(hostile, { generatedAt: GENERATED });
    expect(html).not.toContain('<script>alert');
    expect(html).toContain(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Sons (the 150-group files)',
    );
    expect(parse(html).querySelector('#settings ul.warnings li')?.textContent).toContain(HOSTILE);
    expect(html).not.toMatch(/\/work\/|\/home\/|\/tmp\/|\/Users\/|[A-Z]:\\/);
    expect(renderNowcastReport(hostile, { generatedAt: GENERATED })).toBe(html);
    // Small: dozens of charts, yet well under a megabyte for these 48 months.
    expect(html.length).toBeLessThan(400_000);
  });
});
