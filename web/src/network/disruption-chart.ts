import * as Plot from '@observablehq/plot';
import { el } from '../dom.js';
import { formatNumber, formatPercent, intlLocale } from '../i18n/locale.js';
import { nt } from './messages.js';
import { STRATEGY_COLOR, STRATEGY_SHORT, type StrategyId } from './role-style.js';
import type { DisruptionResult } from './types.js';

/**
 * The disruption curves of /api/network/disrupt: the share of the intact largest component still connected,
 * and the global efficiency of what is left, against members removed, one line per strategy; random
 * strategies with their 5–95% band. `marker` draws a rule at the slider's step. A table of the same numbers
 * (every few steps) follows for screen readers and for anyone who wants them.
 */
export interface DisruptionChartOptions {
  /** Members removed at the slider's step: a vertical rule there. */
  marker?: number;
  /** Width of each chart in px (default 520). */
  width?: number;
}

/** At most this many rows in the table of numbers. */
const TABLE_ROWS = 21;

export function strategyName(strategy: string): string {
  return strategy in STRATEGY_SHORT ? nt(STRATEGY_SHORT[strategy as StrategyId]) : strategy;
}

function strategyColor(strategy: string): string {
  return STRATEGY_COLOR[strategy as StrategyId] ?? '#999999';
}

export function disruptionCharts(
  results: DisruptionResult[],
  options: DisruptionChartOptions = {},
): HTMLElement {
  const { marker, width = 520 } = options;
  const names = results.map((r) => strategyName(r.strategy));
  const colors = { domain: names, range: results.map((r) => strategyColor(r.strategy)) };
  const rows = results.flatMap((r, i) =>
    r.steps.map((s) => ({
      strategy: names[i],
      removed: s.removed,
      lccRatio: s.lccRatio,
      efficiency: s.efficiency,
      lcc05: s.spread?.lccRatio.p05,
      lcc95: s.spread?.lccRatio.p95,
      eff05: s.spread?.efficiency.p05,
      eff95: s.spread?.efficiency.p95,
    })),
  );
  const banded = rows.filter((r) => r.lcc05 !== undefined);
  const numbers = new Intl.NumberFormat(intlLocale(), { maximumFractionDigits: 2 });
  const percent = new Intl.NumberFormat(intlLocale(), { style: 'percent', maximumFractionDigits: 0 });

  const chart = (y: 'lccRatio' | 'efficiency', title: string, axis: string, legend: boolean) => {
    const [lo, hi] = y === 'lccRatio' ? (['lcc05', 'lcc95'] as const) : (['eff05', 'eff95'] as const);
    const marks: Plot.Markish[] = [Plot.ruleY([0])];
    if (banded.length > 0) {
      marks.push(Plot.areaY(banded, { x: 'removed', y1: lo, y2: hi, fill: 'strategy', fillOpacity: 0.18 }));
    }
    marks.push(Plot.lineY(rows, { x: 'removed', y, stroke: 'strategy', strokeWidth: 1.6 }));
    if (marker !== undefined) marks.push(Plot.ruleX([marker], { stroke: '#222', strokeDasharray: '3,3' }));
    const plot = Plot.plot({
      width,
      height: 260,
      marginLeft: 52,
      color: { ...colors, legend },
      x: { label: nt('removedAxis'), tickFormat: (v: number) => numbers.format(v) },
      y: {
        label: axis,
        grid: true,
        domain: y === 'lccRatio' ? [0, 1] : undefined,
        tickFormat: (v: number) => (y === 'lccRatio' ? percent.format(v) : numbers.format(v)),
      },
      marks,
    }) as Element;
    return el('figure', { class: `disruption-chart ${y}` }, el('figcaption', {}, title), plot);
  };

  const random = results.find((r) => r.draws > 1);
  return el(
    'div',
    { class: 'disruption-charts' },
    el(
      'div',
      { class: 'charts-row' },
      chart('lccRatio', nt('lccTitle'), nt('lccAxis'), true),
      chart('efficiency', nt('efficiencyTitle'), nt('efficiencyAxis'), false),
    ),
    ...(random ? [el('p', { class: 'note' }, nt('bandNote', { draws: formatNumber(random.draws, 0) }))] : []),
    numbersTable(results, names),
  );
}

/** Every few steps (the first and last always), the two measures of each strategy. */
function numbersTable(results: DisruptionResult[], names: string[]): HTMLElement {
  const last = Math.max(...results.map((r) => r.steps[r.steps.length - 1]?.removed ?? 0));
  const stride = Math.max(1, Math.ceil(last / (TABLE_ROWS - 1)));
  const marks = new Set<number>();
  for (const r of results) {
    for (const s of r.steps) if (s.removed % stride === 0) marks.add(s.removed);
    const end = r.steps[r.steps.length - 1];
    if (end) marks.add(end.removed);
  }
  const head = el(
    'tr',
    {},
    el('th', { scope: 'col' }, nt('columnRemoved')),
    ...names.flatMap((name) => [
      el('th', { scope: 'col' }, nt('columnLcc', { strategy: name })),
      el('th', { scope: 'col' }, nt('columnEfficiency', { strategy: name })),
    ]),
  );
  const body = [...marks]
    .sort((a, b) => a - b)
    .map((removed) =>
      el(
        'tr',
        { 'data-removed': String(removed) },
        el('th', { scope: 'row' }, formatNumber(removed, 0)),
        ...results.flatMap((r) => {
          const s = r.steps.find((x) => x.removed === removed);
          return [
            el('td', { class: 'num' }, s ? formatPercent(s.lccRatio, 1) : '–'),
            el('td', { class: 'num' }, s ? formatNumber(s.efficiency, 4) : '–'),
          ];
        }),
      ),
    );
  return el(
    'details',
    { class: 'disruption-numbers' },
    el('summary', {}, nt('numbers')),
    el('div', { class: 'table-wrap' }, el('table', {}, el('thead', {}, head), el('tbody', {}, ...body))),
  );
}
