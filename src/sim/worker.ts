import { parentPort, workerData } from 'node:worker_threads';
import { buildWorld } from './model/world.js';
import { type MonteCarloOptions, type Plan, runTask, type Task } from './montecarlo.js';

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

parentPort!.on('message', (task: Task) => {
  try {
    const out = runTask(world, init.options, init.plan, task);
    const transfer: ArrayBuffer[] = [];
    for (const list of out.results) {
      for (const r of list) {
        for (const a of Object.values(r.metrics)) transfer.push(a.buffer as ArrayBuffer);
        if (r.areaHomicides) transfer.push(r.areaHomicides.buffer as ArrayBuffer);
      }
    }
    parentPort!.postMessage({ ok: true, out }, transfer);
  } catch (err) {
    parentPort!.postMessage({ ok: false, error: (err as Error).message });
  }
});
