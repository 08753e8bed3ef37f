import * as Plot from '@observablehq/plot';
import { historyMarks, swatch } from '../../../src/report/charts.js';
import { HISTORY_TEXT } from '../../../src/report/history-text.js';
import { el } from '../dom.js';
import { intlLocale, lang } from '../i18n/locale.js';
import type { HistoryBand, Summary } from './api-shapes.js';

/**
 * One metric per year for every scenario of a run, overlaid: the 90% interval, the 50% interval and the
 * median, one colour per scenario, with the year the policies start marked. The years before it are the
 * model's replay of 2012 onwards; a few are kept so the fan has context. Given the observed history, its
 * years in that window are drawn as the report draws them (src/report/charts.ts): the filtered band beneath
 * the fans, the observed points above them.
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
  /** Observed years and the filtered band of the same metric (the summary's `history` for homicides). */
  history?: HistoryBand;
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
  const history = historyMarks(options.history, { from: startYear - yearsBefore, locale: lang(), r: 3.5 });
  return Plot.plot({
    width,
    height: 300,
    marginLeft: 60,
    x: { label: null, tickFormat: (d: number) => String(d) },
    y: { label: options.yLabel, grid: true, zero: true, tickFormat: (v: number) => numbers.format(v) },
    color: { legend: true, domain: summary.scenarios.map((s) => names(s.id)) },
    marks: [
      ...history.band,
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
      ...history.points,
    ],
  }) as Element;
}

/** The history's legend keys and its caption (release and newest month), in the page's language. */
export function historyLegend(history: HistoryBand): HTMLElement {
  const H = HISTORY_TEXT[lang()];
  const key = (kind: 'historyObserved' | 'historyBand', label: string) => {
    const item = el('span', {}, label);
    // A constant SVG of charts.ts, the report's own legend key: no user text goes into it.
    item.insertAdjacentHTML('afterbegin', swatch(kind));
    return item;
  };
  return el(
    'div',
    { class: 'history-legend' },
    el('p', { class: 'legend-row' }, key('historyObserved', H.observed), key('historyBand', H.filtered)),
    el('p', { class: 'note' }, H.caption(history.release, history.through)),
  );
}
