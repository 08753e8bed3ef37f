import { workerData } from 'node:worker_threads';
import { serveWorkerJobs } from '../util/worker-jobs.js';
import { type Chunk, type ChunkResult, prepareSweep, runChunk, type SweepSpec } from './sweep.js';

/** Worker thread of a local sweep: prepares the sweep once, then runs the chunks it is sent. */
const context = prepareSweep(workerData as SweepSpec);

serveWorkerJobs<Chunk, ChunkResult>(
  (chunk) => runChunk(context, chunk),
  (out) => [out.outcomes.buffer as ArrayBuffer],
);
