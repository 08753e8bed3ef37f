import type { GroupNetwork } from '../data/cartel-network.js';
import type { NetworkChoice } from '../data/group-source.js';
import type { Summary } from '../sim/summary.js';
import type { ComputePool } from './compute/pool.js';
import type { Limits } from './limits.js';
import type { PanelCache } from './panel-cache.js';
import type { RunJob, RunRequestInfo } from './run-job.js';
import type { RunManager } from './runs.js';

/** What every route module is given: the limits, the data, the run manager, the compute worker. */
export interface ServerContext {
  limits: Limits;
  home: string;
  dataDir?: string;
  panels: PanelCache;
  runs: RunManager<RunJob, Summary, RunRequestInfo>;
  /** The group network to simulate (resolved once per choice). */
  groups: (choice: NetworkChoice) => GroupNetwork;
  /** Heavy computations, on a worker thread. */
  compute: ComputePool;
}
