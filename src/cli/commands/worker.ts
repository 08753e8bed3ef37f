import { Command } from 'commander';
import { EXPLORE_KIND, exploreHandler } from '../../explore/engine.js';
import { UsageError } from '../errors.js';
import { positiveInt } from '../options.js';

/**
 * `atalaya worker`: serve sweeps submitted with `--engine bullmq` (BullMQ jobs on Redis), on as many
 * machines as the user has, one process per core. Stops gracefully on SIGINT/SIGTERM (the chunk in hand is finished or handed
 * back); a worker killed outright loses nothing either: its job goes back to the queue.
 */
export function workerCommand(): Command {
  return new Command('worker')
    .summary('serve `explore --engine bullmq` sweeps from Redis (start one per core, on any machine)')
    .option('--redis <url>', 'Redis, e.g. redis://10.0.0.5:6379 (default: ATALAYA_REDIS)')
    .option(
      '--lock-duration <ms>',
      "how long a chunk's lock lasts unrenewed: a dead worker's chunk is handed on after about this",
      positiveInt('--lock-duration', 3_600_000),
      60_000,
    )
    .option(
      '--stalled-interval <ms>',
      "how often to look for other workers' stalled chunks",
      positiveInt('--stalled-interval', 3_600_000),
      30_000,
    )
    .addHelpText(
      'after',
      '\nExample:\n  atalaya worker --redis redis://10.0.0.5:6379   # on each machine, then `atalaya explore --engine bullmq …`',
    )
    .action(async (opts: { redis?: string; lockDuration: number; stalledInterval: number }) => {
      const redis = opts.redis ?? process.env.ATALAYA_REDIS;
      if (!redis) throw new UsageError('worker needs --redis URL (or ATALAYA_REDIS)');
      const { serveBullmq } = await import('../../explore/bullmq.js');
      const controller = new AbortController();
      for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => controller.abort());
      await serveBullmq({
        redis,
        handlers: { [EXPLORE_KIND]: exploreHandler },
        // A chunk is CPU-bound and synchronous: one at a time per process (start one worker per core).
        concurrency: 1,
        lockDurationMs: opts.lockDuration,
        stalledIntervalMs: opts.stalledInterval,
        signal: controller.signal,
        log: (line) => process.stdout.write(`${line}\n`),
      });
    });
}
