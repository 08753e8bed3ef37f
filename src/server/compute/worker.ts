import { parentPort, workerData } from 'node:worker_threads';
import type { GroupNetwork } from '../../data/cartel-network.js';
import { type NetworkChoice, resolveGroupNetwork } from '../../data/group-source.js';
import { errorAnswer } from '../errors.js';
import { PanelCache } from '../panel-cache.js';
import type { ComputeSetup, WorkerReply } from './pool.js';
import { TASKS, type TaskEnv, type TaskName } from './tasks.js';

/** The compute worker (see pool.ts): runs one task per message, in order, on its own copy of the data. */
const setup = workerData as ComputeSetup;
const panels = new PanelCache(setup.home);
const networks = new Map<NetworkChoice, GroupNetwork>();
const env: TaskEnv = {
  limits: setup.limits,
  panels,
  groups(choice) {
    let g = networks.get(choice);
    if (!g) {
      g = resolveGroupNetwork({ dataDir: setup.dataDir, home: setup.home, network: choice });
      networks.set(choice, g);
    }
    return g;
  },
};

parentPort!.on('message', (message: { id: number; task: TaskName; args: unknown }) => {
  // Tells the pool when its time budget starts.
  parentPort!.postMessage({ id: message.id, started: true } satisfies WorkerReply);
  let reply: WorkerReply;
  try {
    const run = TASKS[message.task] as (env: TaskEnv, args: unknown) => unknown;
    reply = { id: message.id, result: run(env, message.args) };
  } catch (err) {
    const answer = errorAnswer(err);
    if (answer.status >= 500)
      console.error(`atalaya: ${message.task} failed: ${(err as Error).stack ?? err}`);
    reply = { id: message.id, error: answer };
  }
  parentPort!.postMessage(reply);
});
