import { serveWorkerSetup, type WorkerJobHandler } from '../util/worker-jobs.js';
import type { PresentPosterior } from './assimilate/posterior.js';
import { buildWorld } from './model/world.js';
import {
  filterIsland,
  type IslandJob,
  type MonteCarloOptions,
  type Plan,
  runTask,
  type Task,
  type TaskOutput,
} from './montecarlo.js';

/**
 * Worker thread of the Monte Carlo pool (pool.ts), kept between calls (worker-jobs.ts `reuse`), so one
 * set of workers, compiled hot, filters a call's posterior and then runs it. Each call's `init` says which:
 * - `runs`: builds the world once, runs the tasks it is sent, posts each result back (typed arrays are
 *   transferred, not copied);
 * - `filter`: filters the islands of the posterior it is sent (montecarlo.ts `filterIsland`), with progress
 *   [months done, months], and posts each island's posterior back (lineages transferred).
 */
export type PoolInit =
  | {
      runs: Pick<
        MonteCarloOptions,
        'network' | 'scenarios' | 'seed' | 'observed' | 'runs' | 'anchor' | 'present'
      >;
      plan: Plan;
    }
  | {
      filter: Pick<MonteCarloOptions, 'network' | 'scenarios' | 'seed' | 'runs' | 'assimilate'>;
      plan: Plan;
    };

serveWorkerSetup((init: PoolInit): WorkerJobHandler<Task | IslandJob, TaskOutput | PresentPosterior> => {
  if ('filter' in init) {
    const handler: WorkerJobHandler<IslandJob, PresentPosterior> = {
      handle: (job, progress) =>
        filterIsland(init.filter, init.plan, job, (done, total) => progress([done, total])),
      transfer: (posterior) => [posterior.lineages.buffer as ArrayBuffer],
    };
    return handler as WorkerJobHandler<Task | IslandJob, TaskOutput | PresentPosterior>;
  }
  const world = buildWorld(init.runs.network);
  const handler: WorkerJobHandler<Task, TaskOutput> = {
    handle: (task) => runTask(world, init.runs, init.plan, task),
    transfer: (out) =>
      out.results.flatMap((list) =>
        list.flatMap((r) => [
          ...Object.values(r.metrics).map((a) => a.buffer as ArrayBuffer),
          ...(r.areaHomicides ? [r.areaHomicides.buffer as ArrayBuffer] : []),
        ]),
      ),
  };
  return handler as WorkerJobHandler<Task | IslandJob, TaskOutput | PresentPosterior>;
});
