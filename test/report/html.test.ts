import { JSDOM } from 'jsdom';
import { beforeAll, describe, expect, it } from 'vitest';
import { builtinGroupNetwork } from '../../src/data/builtin-network.js';
import { EXCLUDES_ZERO, escapeHtml } from '../../src/report/charts.js';
import { formatMetric } from '../../src/report/format.js';
import { renderHtmlReport } from '../../src/report/html.js';
import { keyFindings, pct, reportHorizon } from '../../src/report/reading.js';
import { TILE_GRID } from '../../src/report/tile-map.js';
import { runMonteCarloSync } from '../../src/sim/montecarlo.js';
import { loadPreset } from '../../src/sim/scenario/load.js';
import { type Summary, summarize } from '../../src/sim/summary.js';

const GENERATED = '2026-05-01T12:00:00Z';
let summary: Summary;
let en: string;
let es: string;

function clone<T>(x: T): T {
  return structuredClone(x);
}

/** The HTML of a section by id. */
function sectionOf(html: string, id: string): string {
  const start = html.indexOf(`<section id="${id}"`);
  if (start < 0) return '';
  return html.slice(start, html.indexOf('</section>', start));
}

/** Every inline SVG, parsed as standalone XML. */
function svgs(html: string): string[] {
  return [...html.matchAll(/<svg[\s\S]*?<\/svg>/g)].map((m) => m[0]);
}

function horizonT(s: Summary): string | number {
  return reportHorizon(s)!.t;
}

beforeAll(() => {
  const scenarios = ['status-quo', 'halve-recruitment', 'kingpin-targeting'].map((id) => loadPreset(id));
  const result = runMonteCarloSync({
    network: builtinGroupNetwork(),
    scenarios,
    runs: 8,
    seed: 1,
    byArea: true,
  });
  summary = summarize(result);
  en = renderHtmlReport(summary, { generatedAt: GENERATED });
  es = renderHtmlReport(summary, { locale: 'es', generatedAt: GENERATED });
});

describe('renderHtmlReport', () => {
  it('is a complete document in the requested language', () => {
    expect(en.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(es.startsWith('<!DOCTYPE html>\n<html lang="es">')).toBe(true);
    for (const html of [en, es]) {
      expect(html).toContain('<meta charset="utf-8">');
      expect(html.trimEnd().endsWith('</html>')).toBe(true);
      const doc = new JSDOM(html).window.document;
      expect(doc.querySelector('h1')?.textContent).toBeTruthy();
      // Every table has a caption, every chart panel a figcaption.
      for (const table of doc.querySelectorAll('table'))
        expect(table.querySelector('caption')).not.toBeNull();
      for (const fig of doc.querySelectorAll('figure'))
        expect(fig.querySelector('figcaption')).not.toBeNull();
    }
    expect(en).toContain('Which course of action would reduce cartel violence most?');
    expect(es).toContain('¿Qué curso de acción reduciría más la violencia de los cárteles?');
  });

  it('loads nothing from the network', () => {
    for (const html of [en, es]) {
      expect(html).not.toMatch(/<script/i);
      expect(html).not.toMatch(/<link/i);
      expect(html).not.toMatch(/<img/i);
      expect(html).not.toMatch(/\ssrc=/i);
      expect(html).not.toMatch(/url\(/i);
      expect(html).not.toMatch(/@import/i);
      expect(html).not.toMatch(/href="(?!#)/);
      // The only URIs are SVG namespaces (and the citation text, shown as plain text).
      const rest = html
        .replaceAll('xmlns="http://www.w3.org/2000/svg"', '')
        .replaceAll(escapeHtml(summary.source.citation), '');
      expect(rest).not.toMatch(/https?:\/\//);
    }
  });

  it('draws one homicide fan chart per scenario, all well-formed SVG', () => {
    const doc = new JSDOM(en).window.document;
    const panels = doc.querySelectorAll('figure.fan-homicides');
    expect(panels.length).toBe(summary.scenarios.length);
    for (const p of panels) expect(p.querySelector('svg')).not.toBeNull();
    // Observed INEGI dots on the homicide panels only.
    expect(panels[0].querySelectorAll('g[aria-label="dot"] circle').length).toBe(13);
    expect(doc.querySelectorAll('figure.fan-members g[aria-label="dot"]').length).toBe(0);
    // The same y scale in every panel of a metric: identical tick labels.
    const ticks = [...panels].map((p) =>
      [...p.querySelectorAll('g[aria-label="y-axis tick label"] text')].map((t) => t.textContent).join(','),
    );
    expect(new Set(ticks).size).toBe(1);
    const parser = new new JSDOM('').window.DOMParser();
    for (const svg of svgs(en)) {
      const xml = parser.parseFromString(svg, 'image/svg+xml');
      expect(xml.getElementsByTagName('parsererror').length).toBe(0);
      expect(xml.documentElement.namespaceURI).toBe('http://www.w3.org/2000/svg');
    }
  });

  it('states the finding on the scenario that lowers homicides most, with the numbers of the summary', () => {
    const t = horizonT(summary);
    const diffs = summary.scenarios
      .filter((s) => s.versusBaseline)
      .map((s) => ({ s, d: s.versusBaseline!.metrics.homicides!.find((d) => d.t === t)! }))
      .sort((a, b) => a.d.p50 - b.d.p50);
    const best = diffs[0];
    const findings = sectionOf(en, 'findings');
    if (best.d.p50 <= -0.01 || (best.d.p95 <= -EXCLUDES_ZERO && best.d.p50 < 0)) {
      expect(findings).toContain(escapeHtml(best.s.title));
      expect(findings).toContain(pct(best.d.p50, 'en'));
      expect(findings).toContain(pct(best.d.p05, 'en'));
      expect(findings).toContain(pct(best.d.p95, 'en'));
    } else {
      expect(findings).toContain('No scenario lowers median homicides');
    }
    // The status-quo projection is quoted with the summary's median and the last observed year.
    const base = summary.scenarios.find((s) => s.id === 'status-quo')!;
    const v = base.metrics.homicides!.series.find((p) => p.t === t)!;
    expect(findings).toContain(`projects ${formatMetric('homicides', v.p50)} homicides in ${t}`);
    expect(findings).toContain('33,550 recorded by INEGI in 2024');
    expect(findings).toContain('not forecasts');
    // The table shows the same median change for every scenario.
    for (const { s, d } of diffs) {
      const row = en.slice(en.indexOf(`>${escapeHtml(s.title)}<`));
      expect(row.slice(0, row.indexOf('</tr>'))).toContain(pct(d.p50, 'en'));
    }
  });

  it('reads a known difference back exactly and explains a rise', () => {
    const s = clone(summary);
    const t = horizonT(s);
    const halve = s.scenarios.find((x) => x.id === 'halve-recruitment')!;
    const kingpin = s.scenarios.find((x) => x.id === 'kingpin-targeting')!;
    const set = (
      x: typeof halve,
      id: 'homicides' | 'conflictDeaths' | 'members',
      p05: number,
      p50: number,
      p95: number,
    ) => {
      const d = x.versusBaseline!.metrics[id]!.find((d) => d.t === t)!;
      Object.assign(d, { p05, p50, p95, probLower: p50 < 0 ? 0.9 : 0.15 });
    };
    set(halve, 'homicides', -0.41, -0.237, -0.052);
    set(kingpin, 'homicides', -0.012, 0.063, 0.151);
    set(kingpin, 'conflictDeaths', 0.02, 0.121, 0.2);
    set(kingpin, 'members', -0.05, -0.018, 0.001);
    const text = keyFindings(s, { observed: [{ year: 2024, value: 33550 }] }).map((f) => f.text);
    const best = text.find((x) => x.startsWith('Halve recruitment lowers homicides the most'))!;
    expect(best).toContain('−24% against the status quo');
    expect(best).toContain('90% interval −41% to −5.2%');
    expect(best).toContain('lower in 90% of paired runs');
    const rise = text.find((x) => x.startsWith('Homicides rise under Kingpin targeting (+6.3%)'))!;
    expect(rise).toContain('conflict deaths change by +12%');
    expect(rise).toContain('members by −1.8%');
    expect(text.length).toBeGreaterThanOrEqual(3);
    expect(text.length).toBeLessThanOrEqual(6);
    const es = keyFindings(s, { locale: 'es' }).map((f) => f.text);
    expect(es.some((x) => x.includes('−24% respecto al statu quo'))).toBe(true);
    // Scenario names are emphasised in the HTML form only.
    const html = keyFindings(s).map((f) => f.html);
    expect(html.some((x) => x.includes('<strong>Halve recruitment</strong>'))).toBe(true);
  });

  it('uses Spanish labels and es-MX formatting in Spanish', () => {
    expect(es).toContain('Homicidios');
    expect(es).toContain('Hallazgos principales');
    expect(es).toContain('Método y supuestos');
    expect(es).toContain('Reducir el reclutamiento a la mitad');
    expect(es).toContain('1 de mayo de 2026');
    expect(en).toContain('May 1, 2026');
    const t = horizonT(summary);
    const base = summary.scenarios.find((s) => s.id === 'status-quo')!;
    const v = base.metrics.homicides!.series.find((p) => p.t === t)!;
    expect(sectionOf(es, 'findings')).toContain(
      `proyecta ${formatMetric('homicides', v.p50, 'es')} homicidios en ${t}`,
    );
    expect(sectionOf(es, 'findings')).toContain((33550).toLocaleString('es-MX'));
    expect(es).not.toContain('Key findings');
    expect(es).not.toContain('How to read this');
  });

  it('escapes user-provided text', () => {
    const s = clone(summary);
    s.scenarios[1].title = '<script>alert(1)</script>';
    s.scenarios[1].title_es = '<script>alert(2)</script>';
    s.scenarios[1].description = '"><img src=x onerror=alert(3)>';
    s.source = { ...s.source, description: '<b>groups</b> & "co"' };
    for (const locale of ['en', 'es'] as const) {
      const html = renderHtmlReport(s, { locale, generatedAt: GENERATED, title: '<i>T</i>' });
      expect(html).not.toMatch(/<script/i);
      expect(html).not.toContain('<img');
      expect(html).not.toContain('<b>groups');
      expect(html).not.toContain('<i>T</i>');
      expect(html).toContain(`&lt;script&gt;alert(${locale === 'en' ? 1 : 2})&lt;/script&gt;`);
      expect(html).toContain('&lt;b&gt;groups&lt;/b&gt; &amp; &quot;co&quot;');
      expect(html).toContain('<title>&lt;i&gt;T&lt;/i&gt;</title>');
    }
  });

  it('is deterministic', () => {
    const again = renderHtmlReport(summary, { generatedAt: GENERATED });
    renderHtmlReport(summary, { locale: 'es', generatedAt: GENERATED });
    expect(renderHtmlReport(summary, { generatedAt: GENERATED })).toBe(en);
    expect(again).toBe(en);
  });

  it('shows the difference chart, the state view and the method', () => {
    const diff = sectionOf(en, 'difference');
    expect(diff.match(/<circle/g)?.length).toBe(summary.scenarios.length - 1);
    const states = sectionOf(en, 'states');
    expect(states).toContain('class="tile-map"');
    // 32 tiles in the status-quo map (plus one per change map).
    const firstMap = states.slice(
      states.indexOf('class="tile-map"'),
      states.indexOf('</svg>', states.indexOf('class="tile-map"')),
    );
    expect(firstMap.match(/<rect/g)?.length).toBe(32);
    expect(Object.keys(TILE_GRID).length).toBe(32);
    const top = states.match(/<table class="top">[\s\S]*?<\/table>/)?.[0] ?? '';
    expect(top.slice(top.indexOf('<tbody>')).match(/<tr>/g)?.length).toBe(10);
    const method = sectionOf(en, 'method');
    expect(method).toContain('Prieto-Curiel, Campedelli &amp; Hope (2023, Science 381:1312');
    expect(method).toContain('ASSUMPTION');
    expect(method).toContain('docs/MODEL.md');
    expect(method).toContain(escapeHtml(summary.source.citation));
    expect(method).toContain('Mean absolute percentage error');
  });

  it('renders without per-state results, omitting the state view', () => {
    const s = clone(summary);
    for (const sc of s.scenarios) delete sc.areas;
    const html = renderHtmlReport(s, { generatedAt: GENERATED });
    expect(html).not.toContain('<section id="states"');
    expect(html).not.toContain('href="#states"');
    expect(html).toContain('<section id="fans"');
    expect(html).toContain('<section id="method"');
  });

  it('renders a single scenario and a user baseline without comparisons', () => {
    const s = clone(summary);
    s.scenarios = [s.scenarios[0]];
    const html = renderHtmlReport(s, { generatedAt: GENERATED });
    expect(html).not.toContain('<section id="difference"');
    expect(sectionOf(html, 'findings')).toContain('not forecasts');
  });

  it('stays small for 15 scenarios', () => {
    const s = clone(summary);
    const extra = s.scenarios.slice(1);
    for (let i = 0; s.scenarios.length < 15; i++) {
      const copy = clone(extra[i % extra.length]);
      copy.id = `${copy.id}-${i}`;
      copy.title = `${copy.title} ${i}`;
      s.scenarios.push(copy);
    }
    const html = renderHtmlReport(s, { generatedAt: GENERATED });
    expect(new JSDOM(html).window.document.querySelectorAll('figure.fan-homicides').length).toBe(15);
    expect(html.length).toBeLessThan(1.5e6);
  });
});
