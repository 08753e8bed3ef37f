import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { svgToPng } from '../../src/report/choropleth.js';
import {
  type DisruptionSeries,
  renderDisruptionChart,
  seriesColor,
} from '../../src/report/disruption-chart.js';

function parse(svg: string): Document {
  return new JSDOM(svg, { contentType: 'image/svg+xml' }).window.document;
}

const SERIES: DisruptionSeries[] = [
  {
    label: 'degree',
    points: [0, 1, 2, 3, 4].map((k) => ({ removed: k, value: Math.max(0, 1 - 0.3 * k) })),
  },
  {
    label: 'betweenness',
    points: [0, 1, 2, 3, 4].map((k) => ({ removed: k, value: Math.max(0, 1 - 0.4 * k) })),
  },
  {
    label: 'random',
    points: [0, 1, 2, 3, 4].map((k) => ({
      removed: k,
      value: 1 - 0.15 * k,
      low: 1 - 0.2 * k,
      high: 1 - 0.1 * k,
    })),
  },
];

function linePaths(doc: Document): Element[] {
  return [...doc.querySelectorAll('g[aria-label="line"] path')];
}

describe('renderDisruptionChart', () => {
  it('is a well-formed standalone SVG with one line per strategy', () => {
    const svg = renderDisruptionChart({
      series: SERIES,
      measure: 'largest component / start',
      title: 'Disruption',
    });
    const doc = parse(svg);
    expect(doc.documentElement.tagName).toBe('svg');
    expect(doc.documentElement.getAttribute('xmlns')).toBe('http://www.w3.org/2000/svg');
    const paths = linePaths(doc);
    expect(paths).toHaveLength(3);
    expect(paths.map((p) => p.getAttribute('stroke'))).toEqual([0, 1, 2].map(seriesColor));
  });

  it('draws a band only for strategies with an interval', () => {
    const doc = parse(renderDisruptionChart({ series: SERIES, measure: 'm', title: 't' }));
    const bands = [...doc.querySelectorAll('g[aria-label="area"] path')];
    expect(bands).toHaveLength(1);
    expect(bands[0].getAttribute('fill')).toBe(seriesColor(2));
    const none = parse(renderDisruptionChart({ series: SERIES.slice(0, 2), measure: 'm', title: 't' }));
    expect(none.querySelectorAll('g[aria-label="area"] path')).toHaveLength(0);
  });

  it('labels the axes and the legend in the locale', () => {
    const en = parse(
      renderDisruptionChart({ series: SERIES, measure: 'largest component / start', title: 'Disruption' }),
    );
    expect(en.documentElement.textContent).toContain('nodes removed');
    expect(en.documentElement.textContent).toContain('largest component / start');
    expect([...en.querySelectorAll('g.legend text')].map((t) => t.textContent)).toEqual([
      'degree',
      'betweenness',
      'random',
    ]);
    const es = parse(
      renderDisruptionChart({
        series: SERIES,
        measure: 'componente mayor / inicio',
        title: 'Disrupción',
        locale: 'es',
        bandLabel: 'aleatoria: 5–95%',
      }),
    );
    expect(es.documentElement.textContent).toContain('nodos eliminados');
    expect(es.querySelector('g.legend')?.textContent).toContain('aleatoria: 5–95%');
  });

  it('runs the y axis from 0 to 1 for shares, and beyond when a value exceeds 1', () => {
    const ticks = (doc: Document) =>
      [...doc.querySelectorAll('g[aria-label="y-axis tick label"] text')].map((t) => t.textContent);
    const shares = parse(renderDisruptionChart({ series: SERIES, measure: 'm', title: 't' }));
    expect(ticks(shares)[0]).toBe('0');
    expect(ticks(shares).at(-1)).toBe('1');
    const above = parse(
      renderDisruptionChart({
        series: [{ label: 'x', points: [0, 1, 2].map((k) => ({ removed: k, value: 1 + k })) }],
        measure: 'm',
        title: 't',
      }),
    );
    expect(Number(ticks(above).at(-1))).toBeGreaterThanOrEqual(3);
  });

  it('gives the same bytes for the same input and rasterises to PNG', () => {
    const input = { series: SERIES, measure: 'm', title: 't' };
    const svg = renderDisruptionChart(input);
    expect(renderDisruptionChart(input)).toBe(svg);
    const png = svgToPng(svg);
    expect([...png.slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  });
});
