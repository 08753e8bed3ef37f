import type { GroupNetwork } from '../../data/cartel-network.js';
import type { NetworkChoice } from '../../data/group-source.js';
import type { Limits } from '../limits.js';
import type { PanelCache } from '../panel-cache.js';
import { auditTask } from '../routes/audit.js';
import { forecastTask, hotspotsTask } from '../routes/forecast.js';
import { geometryPathsTask } from '../routes/geometry.js';
import { networkDescribeTask, networkDisruptTask } from '../routes/network.js';
import { trendsTask } from '../routes/trends.js';

/**
 * The computations the compute worker runs (pool.ts), each defined beside the route that asks for it.
 * A task gets the worker's environment and the request's validated arguments (structured-cloned), and
 * returns the answer's JSON.
 */
export interface TaskEnv {
  limits: Limits;
  /** The worker's own view of the data cache (409 when nothing was imported). */
  panels: PanelCache;
  groups(choice: NetworkChoice): GroupNetwork;
}

export const TASKS = {
  forecast: forecastTask,
  hotspots: hotspotsTask,
  trends: trendsTask,
  audit: auditTask,
  geometryPaths: geometryPathsTask,
  networkDescribe: networkDescribeTask,
  networkDisrupt: networkDisruptTask,
};

export type TaskName = keyof typeof TASKS;
export type TaskArgs<K extends TaskName> = Parameters<(typeof TASKS)[K]>[1];
export type TaskResult<K extends TaskName> = ReturnType<(typeof TASKS)[K]>;
