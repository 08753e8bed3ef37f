import { parentPort, workerData } from 'node:worker_threads';
import { type HoldoutOptions, type HoldoutWorkerReply, holdoutOrigin } from './holdout.js';

/**
 * Worker thread of `holdoutOnThreads`: receives the hold-out's options once (network, counts, particles,
 * seed, settings: everything but callbacks), then filters and projects each origin it is sent and posts
 * its rows back. The rows are those `holdout` computes for that origin in the main thread.
 */
const { options } = workerData as { options: HoldoutOptions };

parentPort!.on('message', (task: { origin: string; index: number }) => {
  let reply: HoldoutWorkerReply;
  try {
    reply = { ok: true, index: task.index, rows: holdoutOrigin(options, task.origin) };
  } catch (err) {
    reply = { ok: false, error: (err as Error).message };
  }
  parentPort!.postMessage(reply);
});
