import { defaultThreads } from '../sim/pool.js';

/**
 * Bounds on the work one server does, so that a browser tab (or a script) cannot exhaust the machine. Every
 * bound answers with a status the client can act on: 400 (ask for less), 413 (send less), 429 (retry later).
 */
export interface Limits {
  /** Monte Carlo runs per scenario in one request (400 beyond). */
  maxRunsPerRequest: number;
  /** Scenarios in one request (400 beyond). */
  maxScenarios: number;
  /** Experiments of one explore sweep (400 beyond): each runs every scenario of the request once. */
  maxExperimentsPerRequest: number;
  /** Runs executing at once; the others wait in the queue. */
  maxConcurrentRuns: number;
  /** Runs waiting for a slot; beyond it, 429 with Retry-After. */
  maxQueuedRuns: number;
  /** Time budget of one run once started, in ms: then it is cancelled with status `timeout`. */
  runTimeoutMs: number;
  /** Worker threads per run (at least 2, so the simulation never runs on the server's own thread). */
  threadsPerRun: number;
  /** Finished runs kept for GET /api/runs/:id (oldest forgotten first). */
  keepFinishedRuns: number;
  /** After the last live-progress listener of an unfinished run leaves, how long to wait before cancelling. */
  disconnectGraceMs: number;
  /** Request bodies (network files, scenarios), in bytes (413 beyond). */
  maxBodyBytes: number;
  /** Replicates of random disruption strategies (400 beyond). */
  maxDraws: number;
  /** Members of a network sent for analysis (413 beyond): the measures run on the compute worker, one at a time. */
  maxNetworkNodes: number;
  /** Rows of one series answer (400 beyond: narrow by area, period, level or frequency). */
  maxSeriesRows: number;
  /** Time budget of one computation on the compute worker (fit, audit, network analysis), in ms (503 beyond). */
  computeTimeoutMs: number;
  /** Computations waiting for the compute worker; beyond it, 429 with Retry-After. */
  maxQueuedTasks: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxRunsPerRequest: 2000,
  maxScenarios: 20,
  // Morris screening of every parameter (about 110) with 4 trajectories is about 450 experiments, a minute or
  // two on a laptop; 2,000 allows Sobol's 16 base rows or a Latin hypercube of that size.
  maxExperimentsPerRequest: 2000,
  maxConcurrentRuns: 2,
  maxQueuedRuns: 8,
  runTimeoutMs: 10 * 60_000,
  threadsPerRun: Math.max(2, Math.floor(defaultThreads() / 2)),
  keepFinishedRuns: 100,
  disconnectGraceMs: 5_000,
  maxBodyBytes: 5 * 1024 * 1024,
  maxDraws: 1000,
  maxNetworkNodes: 2000,
  maxSeriesRows: 250_000,
  // A municipal forecast or hot-spot fit takes seconds; two minutes leaves room on a slow machine and stops
  // a sequential disruption of a 2,000-member network (tens of minutes) from holding the worker.
  computeTimeoutMs: 120_000,
  maxQueuedTasks: 16,
};

export function resolveLimits(partial: Partial<Limits> = {}): Limits {
  const limits = { ...DEFAULT_LIMITS, ...partial };
  for (const [key, value] of Object.entries(limits)) {
    const min = key === 'maxQueuedRuns' || key === 'disconnectGraceMs' || key === 'maxQueuedTasks' ? 0 : 1;
    if (!Number.isFinite(value) || value < min)
      throw new Error(`limit ${key} must be ≥ ${min} (got ${value})`);
  }
  limits.threadsPerRun = Math.max(2, Math.floor(limits.threadsPerRun));
  return limits;
}
