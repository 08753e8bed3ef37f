import { parentPort, workerData } from 'node:worker_threads';
import { filterIsland, type IslandJob, type MonteCarloOptions, type Plan } from '../montecarlo.js';

/**
 * Worker thread that filters islands of a Monte Carlo's posterior (posterior.ts, montecarlo.ts
 * `filterIsland`) off the caller's thread: a server keeps answering while the filters run. For each job
 * it is sent, posts `{ progress: [done, total] }` per month, then `{ ok: true, posterior }` (lineages
 * transferred) or `{ ok: false, error }`.
 */
interface Init {
  options: Pick<MonteCarloOptions, 'network' | 'scenarios' | 'seed' | 'runs' | 'assimilate'>;
  plan: Plan;
}

const init = workerData as Init;

parentPort!.on('message', (job: IslandJob) => {
  try {
    const posterior = filterIsland(init.options, init.plan, job, (done, total) =>
      parentPort!.postMessage({ progress: [done, total] }),
    );
    parentPort!.postMessage({ ok: true, posterior }, [posterior.lineages.buffer as ArrayBuffer]);
  } catch (err) {
    parentPort!.postMessage({ ok: false, error: (err as Error).message });
  }
});
