import Table from 'cli-table3';
import { METRICS, type MetricId } from '../sim/metrics.js';
import type { ScenarioSummary, Summary } from '../sim/summary.js';
import { formatMetric, percent } from './format.js';
import { historyLine } from './history-text.js';
import { COMPACT_TABLE } from './table-style.js';

/**
 * The terminal view of a comparison: where the groups data came from, a ranking against the baseline,
 * then one table per metric (scenarios × horizons, median and 90% interval).
 */
export interface TerminalOptions {
  metrics?: MetricId[];
  /** Metric the ranking is by (default homicides). */
  rankBy?: MetricId;
}

const DEFAULT_METRICS: MetricId[] = [
  'homicides',
  'homicideRate',
  'conflictDeaths',
  'members',
  'groups',
  'incarcerated',
  'drugFlow',
  'usOverdoseDeaths',
  'extortion',
  'tradeCost',
  'fiscalCost',
  'cooperation',
];

/** A borderless table; the scenario column (`wrapColumn`) wraps at 42 characters. */
function table(head: string[], wrapColumn: number): Table.Table {
  const colWidths = head.map((_, i) => (i === wrapColumn ? 44 : null)) as number[];
  return new Table({ head, ...COMPACT_TABLE, colWidths, wordWrap: true });
}

export function renderTerminal(summary: Summary, options: TerminalOptions = {}): string {
  const out: string[] = [];
  const first = summary.scenarios[0];
  out.push(`Atalaya — policy scenarios from ${first.start}, ${first.years} years`);
  out.push(`Groups: ${summary.source.description}`);
  out.push(`${summary.runs} runs, seed ${summary.seed}. Cells: median [90% interval]. ${startLine(summary)}`);
  // Where the model meets the data: the newest observed year against the filtered band.
  if (summary.history) out.push(historyLine(summary.history));
  out.push('');
  const ranking = renderRanking(summary, options.rankBy ?? 'homicides');
  if (ranking) out.push(ranking, '');
  const metrics = (options.metrics ?? DEFAULT_METRICS).filter((id) =>
    summary.scenarios.some((s) => s.metrics[id]),
  );
  for (const id of metrics) out.push(renderMetric(summary, id), '');
  for (const w of summary.warnings) out.push(`warning: ${w}`);
  return out.join('\n').trimEnd();
}

/** Where the runs and their homicides start from. */
function startLine(summary: Summary): string {
  const a = summary.anchor;
  const p = summary.posterior;
  if (a && p)
    return `Every run starts from the present: a particle of the model filtered through the monthly homicides by state up to ${p.through} (${a.release}; ${p.particles} particles in ${p.islands} independent filters), its homicides at its filtered level (× ${a.inegiScale.toFixed(2)} to INEGI's count), held, and moved by each policy's effect in the model.`;
  if (a)
    return `Homicides start from the present: ${a.release}, ${a.window[0]} to ${a.window[1]} (${Math.round(a.national).toLocaleString('en-US')} victims, × ${a.inegiScale.toFixed(2)} to INEGI's count), held, and moved by each policy's effect in the model.`;
  return `Homicides calibrated per run to INEGI 2012–2024 (median error ${percent(summary.calibration.mape[1], 'en', 1).replace('+', '')}).`;
}

/** Scenarios ranked by their median paired change in the metric at the 5-year horizon (or the last). */
function renderRanking(summary: Summary, id: MetricId): string | undefined {
  const horizon = summary.horizons.find((h) => h.years === 5) ?? summary.horizons.at(-1);
  if (!horizon || summary.scenarios.length < 2) return undefined;
  const rows = summary.scenarios
    .map((s) => ({
      s,
      value: valueAt(s, id, horizon.t),
      diff: s.versusBaseline?.metrics[id]?.find((d) => d.t === horizon.t),
    }))
    // By the paired difference (run by run), the robust comparison; the baseline sits at 0.
    .sort((a, b) => (a.diff?.p50 ?? 0) - (b.diff?.p50 ?? 0));
  const baseline = summary.scenarios.find((s) => !s.versusBaseline)?.title ?? 'baseline';
  const label = METRICS[id].label.en;
  const t = table(['#', 'Scenario', `${label} ${horizon.t}`, `vs ${baseline} [90%]`, 'P(lower)'], 1);
  rows.forEach(({ s, value, diff }, i) => {
    t.push([
      String(i + 1),
      s.title,
      value ? cell(id, value) : '–',
      diff ? `${percent(diff.p50)} [${percent(diff.p05)}, ${percent(diff.p95)}]` : '(baseline)',
      diff ? `${Math.round(diff.probLower * 100)}%` : '',
    ]);
  });
  return `Ranking by ${label.toLowerCase()} after ${horizon.years} years\n${t.toString()}`;
}

function valueAt(s: ScenarioSummary, id: MetricId, t: string | number) {
  return s.metrics[id]?.series.find((p) => p.t === t);
}

function cell(id: MetricId, p: { p05: number; p50: number; p95: number }): string {
  return `${formatMetric(id, p.p50)} [${formatMetric(id, p.p05)}–${formatMetric(id, p.p95)}]`;
}

function renderMetric(summary: Summary, id: MetricId): string {
  const spec = METRICS[id];
  const horizons = summary.horizons;
  const t = table(['Scenario', ...horizons.map((h) => `${h.t} (${h.years}y)`)], 0);
  for (const s of summary.scenarios) {
    t.push([
      s.title,
      ...horizons.map((h) => {
        const p = valueAt(s, id, h.t);
        return p ? cell(id, p) : '–';
      }),
    ]);
  }
  const per = spec.kind === 'flow' ? ' per year' : spec.kind === 'stock' ? ', end of year' : '';
  const note = 'note' in spec ? `\n${spec.note}` : '';
  return `${spec.label.en} (${spec.unit}${per})\n${t.toString()}${note}`;
}
