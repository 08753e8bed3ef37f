import { workerData } from 'node:worker_threads';
import { serveWorkerJobs } from '../util/worker-jobs.js';
import { type BacktestWorkerInit, type OriginOutcome, originOutcome } from './backtest.js';

/**
 * Worker thread of `backtestOnThreads` (backtest.ts): receives the backtest's context once (the whole
 * series as typed arrays, the origins, models, model options and k), then scores each origin it is sent
 * (`backtestOrigin`, the function `backtest` runs in the main thread) and posts that origin's score
 * accumulators back, or its error.
 */
const { context } = workerData as BacktestWorkerInit;

serveWorkerJobs<number, OriginOutcome>((k) => originOutcome(context, k));
