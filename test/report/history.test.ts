import { JSDOM } from 'jsdom';
import { beforeAll, describe, expect, it } from 'vitest';
import { builtinGroupNetwork } from '../../src/data/builtin-network.js';
import { COLORS, fanChart, historyMarks } from '../../src/report/charts.js';
import { createDocument } from '../../src/report/document.js';
import { HISTORY_TEXT, historyLine } from '../../src/report/history-text.js';
import { renderHtmlReport } from '../../src/report/html.js';
import { renderTerminal } from '../../src/report/terminal.js';
import { runMonteCarloSync } from '../../src/sim/montecarlo.js';
import { loadPreset } from '../../src/sim/scenario/load.js';
import { type QuantilePoint, type Summary, summarize } from '../../src/sim/summary.js';
import { HISTORY, HISTORY_INEGI_2024 } from '../fixtures/history-band.js';

/**
 * The model meeting the data: with `summary.history`, the report's homicide panels draw the filtered band
 * beneath the projections and the observed years above them, with a legend and a caption naming the
 * release, and the terminal quotes the newest complete year; without it nothing changes.
 */
const GENERATED = '2026-05-01T12:00:00Z';
const parser = new new JSDOM('').window.DOMParser();

function parse(svg: string): Document {
  return parser.parseFromString(svg, 'image/svg+xml');
}

/** The observed points of a chart: circles and symbol paths inside Plot's dot groups, with their group. */
function dots(root: ParentNode): { tag: string; fill: string | null; title: string }[] {
  return [...root.querySelectorAll('g[aria-label="dot"]')].flatMap((g) =>
    [...g.children].map((c) => ({
      tag: c.tagName.toLowerCase(),
      fill: g.getAttribute('fill'),
      title: c.querySelector('title')?.textContent ?? '',
    })),
  );
}

function historyBandPaths(root: ParentNode): Element[] {
  return [...root.querySelectorAll(`g[aria-label="area"][fill="${COLORS.history}"] path`)];
}

const series: QuantilePoint[] = Array.from({ length: 11 }, (_, k) => ({
  t: 2020 + k,
  p05: 25000,
  p25: 28000,
  p50: 30000,
  p75: 32000,
  p95: 35000,
  mean: 30000,
}));

function chart(history = HISTORY, xDomain: [number, number] = [2012, 2030]): Document {
  return parse(
    fanChart(
      { series, history, start: 2025.5 },
      { doc: createDocument(), locale: 'en', xDomain, yDomain: [0, 40000], ariaLabel: 'Homicides' },
    ),
  );
}

describe('historyMarks on a fan chart', () => {
  it('draws the filtered band and median beneath the projections and the observed years above them', () => {
    const svg = chart();
    expect(historyBandPaths(svg).length).toBe(1);
    expect(svg.querySelectorAll(`g[aria-label="line"][stroke="${COLORS.historyMedian}"]`).length).toBe(1);
    // Order: the filtered band comes before the projection's bands, the points after its median.
    const groups = [...svg.querySelectorAll('svg > g')].map(
      (g) => `${g.getAttribute('aria-label')}:${g.getAttribute('fill') ?? g.getAttribute('stroke')}`,
    );
    expect(groups.indexOf(`area:${COLORS.history}`)).toBeLessThan(groups.indexOf(`area:${COLORS.band}`));
    expect(groups.indexOf(`line:${COLORS.median}`)).toBeLessThan(groups.lastIndexOf(`dot:white`));

    const points = dots(svg);
    // INEGI 2015–2023 as filled circles; SESNSP-derived 2024 a filled triangle, 2025 (six months) an open one.
    expect(points.filter((p) => p.tag === 'circle' && p.fill === COLORS.observed).length).toBe(9);
    expect(points.filter((p) => p.tag === 'path').map((p) => [p.fill, p.title])).toEqual([
      [COLORS.observed, '2024: 32,807 (SESNSP × ratio)'],
      ['white', '2025: 26,100 (SESNSP × ratio; 6 months, annualised)'],
    ]);
    expect(points[0].title).toBe('2015: 20,762 (INEGI)');
  });

  it('keeps to the chart’s years and draws nothing without a history', () => {
    const late = chart(HISTORY, [2021, 2030]);
    expect(dots(late).map((p) => p.title.slice(0, 4))).toEqual(['2021', '2022', '2023', '2024', '2025']);
    const none = parse(
      fanChart(
        { series },
        { doc: createDocument(), locale: 'en', xDomain: [2012, 2030], yDomain: [0, 40000], ariaLabel: 'H' },
      ),
    );
    expect(historyBandPaths(none).length).toBe(0);
    expect(dots(none).length).toBe(0);
    expect(none.documentElement.outerHTML).not.toContain(COLORS.history);
  });

  it('adds no colour or symbol scale, so a chart coloured by scenario keeps its own', () => {
    const { band, points } = historyMarks(HISTORY, { from: 2024, locale: 'es' });
    expect(band.length).toBe(2);
    expect(points.length).toBe(2);
    expect(historyMarks({ ...HISTORY, observed: [], filtered: [] })).toEqual({ band: [], points: [] });
    expect(historyMarks(undefined)).toEqual({ band: [], points: [] });
  });
});

describe('the HTML report with the observed history', () => {
  let yearly: Summary;
  let monthly: Summary;

  beforeAll(() => {
    const scenarios = ['status-quo', 'halve-recruitment'].map((id) => loadPreset(id));
    const run = (resolution: 'year' | 'month') =>
      summarize(
        runMonteCarloSync({ network: builtinGroupNetwork(), scenarios, runs: 4, seed: 3, resolution }),
      );
    yearly = run('year');
    monthly = run('month');
  });

  it('draws the history on every homicide panel, with legend and caption in English and Spanish', () => {
    for (const locale of ['en', 'es'] as const) {
      const H = HISTORY_TEXT[locale];
      const html = renderHtmlReport({ ...yearly, history: HISTORY }, { locale, generatedAt: GENERATED });
      const doc = new JSDOM(html).window.document;
      const legend = doc.querySelector('.legend-row')?.textContent ?? '';
      expect(legend).toContain(H.observed);
      expect(legend).toContain(H.filtered);
      // The history's legend replaces the INEGI-only key.
      expect(legend).not.toContain(locale === 'en' ? 'Observed (INEGI)' : 'Observado (INEGI)');
      expect(doc.querySelector('p.history')?.textContent).toBe(
        H.caption('SESNSP 2025-06 vintage', '2025-06'),
      );
      expect(doc.querySelectorAll('p.history').length).toBe(1);
      const panels = doc.querySelectorAll('figure.fan-homicides');
      expect(panels.length).toBe(2);
      for (const panel of panels) {
        expect(historyBandPaths(panel).length).toBe(1);
        const points = dots(panel);
        // The built-in INEGI dots stay for 2012–2014 only: the history's own years replace them.
        expect(points.filter((p) => p.tag === 'circle').length).toBe(3 + 9);
        expect(points.filter((p) => p.tag === 'path').length).toBe(2);
      }
      expect(doc.querySelectorAll('figure.fan-members g[aria-label="dot"]').length).toBe(0);
      expect(historyBandPaths(doc.querySelector('figure.fan-members')!).length).toBe(0);
    }
  });

  it('reaches back to the first observed year when the projections start later', () => {
    const late = structuredClone(yearly);
    for (const s of late.scenarios)
      s.metrics.homicides!.series = s.metrics.homicides!.series.filter((p) => Number(p.t) >= 2026);
    const html = renderHtmlReport({ ...late, history: HISTORY }, { generatedAt: GENERATED });
    const panel = new JSDOM(html).window.document.querySelector('figure.fan-homicides')!;
    const ticks = [...panel.querySelectorAll('g[aria-label="x-axis tick label"] text')].map(
      (t) => t.textContent,
    );
    expect(ticks[0]).toBe('2015');
    expect(dots(panel).length).toBe(11);
  });

  it('is unchanged without a history, and ignores it next to monthly results', () => {
    const plain = renderHtmlReport(yearly, { generatedAt: GENERATED });
    expect(plain).not.toContain(COLORS.history);
    expect(plain).not.toContain('class="note history"');
    expect(plain).toContain('Observed (INEGI)');
    expect(renderHtmlReport({ ...yearly, history: undefined }, { generatedAt: GENERATED })).toBe(plain);
    for (const locale of ['en', 'es'] as const) {
      expect(renderHtmlReport({ ...monthly, history: HISTORY }, { locale, generatedAt: GENERATED })).toBe(
        renderHtmlReport(monthly, { locale, generatedAt: GENERATED }),
      );
    }
  });

  it('is deterministic', () => {
    const s = { ...yearly, history: HISTORY };
    expect(renderHtmlReport(s, { generatedAt: GENERATED })).toBe(
      renderHtmlReport(s, { generatedAt: GENERATED }),
    );
  });

  it('says in the terminal where the model meets the data, after the header', () => {
    const lines = renderTerminal({ ...yearly, history: HISTORY_INEGI_2024 }).split('\n');
    expect(lines[3]).toBe(
      'Observed 2024: 33,550 (INEGI) · filtered 33,100 [31,500–34,600]; anchored to SESNSP 2025-06 vintage, through 2025-06',
    );
    expect(lines[4]).toBe('');
    expect(renderTerminal(yearly)).not.toContain('Observed 20');
    expect(renderTerminal(yearly).split('\n')[3]).toBe('');
  });
});

describe('historyLine', () => {
  it('quotes the newest complete year, its source, and the filtered band rounded to hundreds', () => {
    expect(historyLine(HISTORY)).toBe(
      'Observed 2024: 32,807 (SESNSP × ratio) · filtered 33,100 [31,500–34,600]; anchored to SESNSP 2025-06 vintage, through 2025-06',
    );
    expect(historyLine(HISTORY_INEGI_2024, 'es')).toBe(
      'Observado 2024: 33,550 (INEGI) · filtrado 33,100 [31,500–34,600]; anclado a SESNSP 2025-06 vintage, hasta 2025-06',
    );
  });

  it('falls back to a partial year, and to the release alone', () => {
    const partial = { ...HISTORY, observed: HISTORY.observed.slice(-1), filtered: [] };
    expect(historyLine(partial)).toBe(
      'Observed 2025: 26,100 (SESNSP × ratio; 6 months, annualised); anchored to SESNSP 2025-06 vintage, through 2025-06',
    );
    expect(historyLine({ ...partial, observed: [] })).toBe(
      'Anchored to SESNSP 2025-06 vintage, through 2025-06',
    );
  });
});
