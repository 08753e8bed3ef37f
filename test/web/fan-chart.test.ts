// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { COLORS } from '../../src/report/charts.js';
import { HISTORY_TEXT } from '../../src/report/history-text.js';
import type { Summary } from '../../web/src/scenarios/api-shapes.js';
import { fanChart, historyLegend } from '../../web/src/scenarios/fan-chart.js';
import { HISTORY } from '../fixtures/history-band.js';

/**
 * The Scenarios page's fan chart draws the observed history with the report's own marks (charts.ts): the
 * filtered band beneath the scenarios' fans and the observed years of its window above them, without
 * disturbing the colour legend of the scenarios. The page's language is Spanish by default.
 */
const point = (t: number, v: number) => ({
  t,
  p05: v * 0.9,
  p25: v * 0.95,
  p50: v,
  p75: v * 1.05,
  p95: v * 1.1,
  mean: v,
});

const summary: Summary = {
  seed: 1,
  runs: 4,
  source: { kind: 'builtin', description: 'built-in' },
  horizons: [{ years: 1, t: 2026 }],
  scenarios: ['status-quo', 'halve-recruitment'].map((id, k) => ({
    id,
    title: id,
    start: '2026-01',
    years: 10,
    metrics: {
      homicides: {
        unit: 'deaths',
        series: Array.from({ length: 24 }, (_, i) => point(2012 + i, 30000 - k * 2000)),
      },
    },
  })),
  warnings: [],
};

const options = {
  metric: 'homicides',
  names: (id: string) => id,
  yLabel: 'Homicidios',
  startLabel: 'inicio',
};

describe('the Scenarios page fan chart', () => {
  it('draws the filtered band and the observed years of its window when given the history', () => {
    const chart = fanChart(summary, { ...options, history: HISTORY })!;
    expect(chart.querySelectorAll(`g[aria-label="area"][fill="${COLORS.history}"]`).length).toBe(1);
    const titles = [...chart.querySelectorAll('g[aria-label="dot"] title')].map((t) => t.textContent);
    // Four years before the policies start (2022 on), in es-MX: INEGI 2022–2023, SESNSP × razón 2024, 2025 (partial).
    expect(titles).toEqual([
      '2022: 33,287 (INEGI)',
      '2023: 32,252 (INEGI)',
      '2024: 32,807 (SESNSP × razón)',
      '2025: 26,100 (SESNSP × razón; 6 meses, anualizado)',
    ]);
    expect(chart.querySelectorAll('g[aria-label="dot"] circle').length).toBe(2);
    // The scenarios' colour legend is untouched: two swatches, no grey.
    const swatches = [...chart.querySelectorAll('.plot-swatch, [class$="-swatch"]')].map(
      (s) => s.textContent,
    );
    expect(swatches).toEqual(['status-quo', 'halve-recruitment']);
  });

  it('draws nothing of the history without one', () => {
    const chart = fanChart(summary, options)!;
    expect(chart.outerHTML).not.toContain(COLORS.history);
    expect(chart.querySelectorAll('g[aria-label="dot"]').length).toBe(0);
  });

  it('has a legend and a caption naming the release and the newest month', () => {
    const legend = historyLegend(HISTORY);
    expect(legend.querySelectorAll('svg').length).toBe(2);
    expect(legend.querySelector('.legend-row')?.textContent).toBe(
      `${HISTORY_TEXT.es.observed}${HISTORY_TEXT.es.filtered}`,
    );
    expect(legend.querySelector('.note')?.textContent).toBe(
      HISTORY_TEXT.es.caption('SESNSP 2025-06 vintage', '2025-06'),
    );
  });
});
