import { csvField } from '../data/csv-write.js';
import type { MetricId } from '../sim/metrics.js';
import type { Summary } from '../sim/summary.js';

/** Long CSV: one row per scenario × metric × period, with quantiles and the mean. */
export function renderCsv(summary: Summary): string {
  const rows = ['scenario,metric,unit,t,p05,p25,p50,p75,p95,mean'];
  for (const s of summary.scenarios) {
    for (const [id, m] of Object.entries(s.metrics) as [
      MetricId,
      NonNullable<(typeof s.metrics)[MetricId]>,
    ][]) {
      for (const p of m.series) {
        rows.push([s.id, id, csvField(m.unit), p.t, p.p05, p.p25, p.p50, p.p75, p.p95, p.mean].join(','));
      }
    }
  }
  return rows.join('\n');
}
