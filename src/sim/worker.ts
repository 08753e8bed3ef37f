import { workerData } from 'node:worker_threads';
import { serveWorkerJobs } from '../util/worker-jobs.js';
import { buildWorld } from './model/world.js';
import { type MonteCarloOptions, type Plan, runTask, type Task, type TaskOutput } from './montecarlo.js';

/**
 * Worker thread of the Monte Carlo pool: builds the world once, then runs the tasks it is sent and
 * posts each result back (typed arrays are transferred, not copied).
 */
interface Init {
  options: Pick<
    MonteCarloOptions,
    'network' | 'scenarios' | 'seed' | 'observed' | 'runs' | 'anchor' | 'present'
  >;
  plan: Plan;
}

const init = workerData as Init;
const world = buildWorld(init.options.network);

serveWorkerJobs<Task, TaskOutput>(
  (task) => runTask(world, init.options, init.plan, task),
  (out) =>
    out.results.flatMap((list) =>
      list.flatMap((r) => [
        ...Object.values(r.metrics).map((a) => a.buffer as ArrayBuffer),
        ...(r.areaHomicides ? [r.areaHomicides.buffer as ArrayBuffer] : []),
      ]),
    ),
);
