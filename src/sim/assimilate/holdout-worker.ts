import { workerData } from 'node:worker_threads';
import { serveWorkerJobs } from '../../util/worker-jobs.js';
import { type HoldoutOptions, type HoldoutRow, holdoutOrigin } from './holdout.js';

/**
 * Worker thread of `holdoutOnThreads`: receives the hold-out's options once (network, counts, particles,
 * seed, settings: everything but callbacks), then filters and projects each origin it is sent and posts
 * its rows back. The rows are those `holdout` computes for that origin in the main thread.
 */
const { options } = workerData as { options: HoldoutOptions };

serveWorkerJobs<string, HoldoutRow[]>((origin) => holdoutOrigin(options, origin));
