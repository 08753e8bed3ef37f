import * as Plot from '@observablehq/plot';
import { intlLocale } from '../i18n/locale.js';
import type { Summary } from './api-shapes.js';

/**
 * One metric per year for every scenario of a run, overlaid: the 90% interval, the 50% interval and the
 * median, one colour per scenario, with the year the policies start marked. The years before it are the
 * model's replay of 2012 onwards; a few are kept so the fan has context.
 */
export interface FanChartOptions {
  metric: string;
  /** Scenario id → name in the page's language. */
  names: (id: string) => string;
  yLabel: string;
  startLabel: string;
  /** Years shown before the policies start. */
  yearsBefore?: number;
  width?: number;
}

export function fanChart(summary: Summary, options: FanChartOptions): Element | undefined {
  const { metric, names, yearsBefore = 4, width = 760 } = options;
  const first = summary.scenarios[0];
  if (!first) return undefined;
  const startYear = Number(first.start.slice(0, 4));
  const rows = summary.scenarios.flatMap((s) =>
    (s.metrics[metric]?.series ?? [])
      .filter((p) => typeof p.t === 'number' && p.t >= startYear - yearsBefore)
      .map((p) => ({ ...p, scenario: names(s.id) })),
  );
  if (rows.length === 0) return undefined;
  const numbers = new Intl.NumberFormat(intlLocale(), { maximumFractionDigits: 0 });
  return Plot.plot({
    width,
    height: 300,
    marginLeft: 60,
    x: { label: null, tickFormat: (d: number) => String(d) },
    y: { label: options.yLabel, grid: true, zero: true, tickFormat: (v: number) => numbers.format(v) },
    color: { legend: true, domain: summary.scenarios.map((s) => names(s.id)) },
    marks: [
      Plot.areaY(rows, {
        x: 't',
        y1: 'p05',
        y2: 'p95',
        fill: 'scenario',
        fillOpacity: 0.12,
        curve: 'monotone-x',
      }),
      Plot.areaY(rows, {
        x: 't',
        y1: 'p25',
        y2: 'p75',
        fill: 'scenario',
        fillOpacity: 0.25,
        curve: 'monotone-x',
      }),
      Plot.lineY(rows, { x: 't', y: 'p50', stroke: 'scenario', strokeWidth: 2, curve: 'monotone-x' }),
      Plot.ruleX([startYear], { stroke: '#777', strokeDasharray: '4 3' }),
      Plot.text([startYear], {
        x: (d: number) => d,
        frameAnchor: 'top',
        dx: 4,
        textAnchor: 'start',
        text: () => options.startLabel,
      }),
    ],
  }) as Element;
}
