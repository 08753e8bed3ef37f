import { serveWorkerSetup } from '../util/worker-jobs.js';
import { type Chunk, type ChunkResult, prepareSweep, runChunk, type SweepSpec } from './sweep.js';

/**
 * Worker thread of a local sweep: prepares each sweep it is given once, then runs the chunks it is sent.
 * Kept warm between sweeps (`reuse`): a new sweep only re-prepares (world, design), without a new start.
 */
serveWorkerSetup<SweepSpec, Chunk, ChunkResult>((spec) => {
  const context = prepareSweep(spec);
  return {
    handle: (chunk) => runChunk(context, chunk),
    transfer: (out) => [out.outcomes.buffer as ArrayBuffer],
  };
});
