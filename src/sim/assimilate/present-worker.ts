import { workerData } from 'node:worker_threads';
import { serveWorkerJobs } from '../../util/worker-jobs.js';
import { filterIsland, type IslandJob, type MonteCarloOptions, type Plan } from '../montecarlo.js';
import type { PresentPosterior } from './posterior.js';

/**
 * Worker thread that filters islands of a Monte Carlo's posterior (posterior.ts, montecarlo.ts
 * `filterIsland`) off the caller's thread: a server keeps answering while the filters run. Each job's
 * progress is [months done, months], its result the island's posterior (lineages transferred).
 */
interface Init {
  options: Pick<MonteCarloOptions, 'network' | 'scenarios' | 'seed' | 'runs' | 'assimilate'>;
  plan: Plan;
}

const init = workerData as Init;

serveWorkerJobs<IslandJob, PresentPosterior>(
  (job, progress) => filterIsland(init.options, init.plan, job, (done, total) => progress([done, total])),
  (posterior) => [posterior.lineages.buffer as ArrayBuffer],
);
