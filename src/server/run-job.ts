import type { GroupNetwork } from '../data/cartel-network.js';
import type { NetworkChoice } from '../data/group-source.js';
import type { ObservedHomicides } from '../data/observed/homicides.js';
import type { AnchorSpec } from '../sim/assimilate/anchor.js';
import type { Resolution } from '../sim/calendar.js';
import { runMonteCarlo } from '../sim/pool.js';
import type { Scenario } from '../sim/scenario/schema.js';
import { type Summary, summarize } from '../sim/summary.js';
import type { Execute } from './runs.js';

/** One Monte Carlo request, validated: what `atalaya compare` would run, and how it is executed. */
export interface RunJob {
  scenarios: Scenario[];
  runs: number;
  seed: number;
  resolution: Resolution;
  network: NetworkChoice;
  baseline?: string;
  byArea: boolean;
}

export interface RunRequestInfo {
  scenarios: string[];
  runs: number;
  seed: number;
  resolution: Resolution;
  network: NetworkChoice;
  baseline?: string;
}

export function describeJob(job: RunJob): RunRequestInfo {
  return {
    scenarios: job.scenarios.map((s) => s.id),
    runs: job.runs,
    seed: job.seed,
    resolution: job.resolution,
    network: job.network,
    ...(job.baseline ? { baseline: job.baseline } : {}),
  };
}

/**
 * The core, as the CLI calls it: runMonteCarlo on worker threads, then summarize. `anchor` gives the present
 * the homicides start from (as `atalaya compare` does by default), read once from the server's data.
 */
export function executeJob(
  groups: (choice: NetworkChoice) => GroupNetwork,
  threads: number,
  anchor?: () => { spec: AnchorSpec; observed: ObservedHomicides; warnings: string[] },
): Execute<RunJob, Summary> {
  return async (job, { signal, onProgress }) => {
    const present = anchor?.();
    // One progress for the job: the filter's months (islands × months), then the runs × scenarios.
    let filtered = 0;
    const runsTotal = job.runs * job.scenarios.length;
    const result = await runMonteCarlo({
      network: groups(job.network),
      scenarios: job.scenarios,
      runs: job.runs,
      seed: job.seed,
      threads,
      resolution: job.resolution,
      byArea: job.byArea && job.resolution === 'year',
      anchor: present?.spec,
      assimilate: present ? { observed: present.observed } : undefined,
      onFilter: (done, total) => {
        filtered = total;
        onProgress(done, total + runsTotal);
      },
      onProgress: (done, total) => onProgress(filtered + done, filtered + total),
      signal,
    });
    const summary = summarize(result, { baseline: job.baseline });
    summary.warnings.push(...(present?.warnings ?? []));
    return roundNumbers(summary);
  };
}

/** JSON has no NaN or Infinity (null instead); 6 significant digits keep answers small, as the CLI's JSON. */
export function roundNumbers<T>(value: T): T {
  return JSON.parse(
    JSON.stringify(value, (_key, v: unknown) => {
      if (typeof v !== 'number') return v;
      if (!Number.isFinite(v)) return null;
      return Number.isInteger(v) ? v : Number(v.toPrecision(6));
    }),
  ) as T;
}
