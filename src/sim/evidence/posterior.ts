import type { Distribution } from '../distributions.js';
import { POSTERIOR_SAMPLE } from './posterior-sample.js';

/**
 * A fitted parameter's distribution in the catalog (src/sim/params.ts): its column of the posterior sample
 * that `atalaya calibrate evidence --write-sample` wrote, drawn a row per run for the whole block, so the
 * posterior's correlations survive (a removal that disorders more must disrupt more to match Dickenson).
 */
export function posteriorColumn(block: keyof typeof POSTERIOR_SAMPLE, id: string): Distribution {
  const table = POSTERIOR_SAMPLE[block];
  const k = table.parameters.indexOf(id);
  if (k < 0)
    throw new Error(`posterior sample ${block}: no parameter ${id} (re-run atalaya calibrate evidence)`);
  return { kind: 'sample', group: `posterior:${block}`, values: table.rows.map((row) => row[k]) };
}

/** The sample's median of a parameter: its central value (a run with `uncertainty: none`). */
export function posteriorMedian(block: keyof typeof POSTERIOR_SAMPLE, id: string): number {
  const dist = posteriorColumn(block, id);
  if (dist.kind !== 'sample') throw new Error('unreachable');
  const sorted = [...dist.values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
