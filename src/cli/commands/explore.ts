import { existsSync } from 'node:fs';
import { Command } from 'commander';
import { writeFileAtomic } from '../../data/atomic-write.js';
import type { EngineOptions } from '../../explore/engine.js';
import { experimentsCsv, experimentsParquet } from '../../explore/experiments-export.js';
import { planExplore, runPlannedExplore } from '../../explore/explore.js';
import { DEFAULT_SAMPLES, EXPLORE_METHODS } from '../../explore/request.js';
import { renderExploreTerminal } from '../../explore/terminal.js';
import { OUTCOME_IDS, type OutcomeId } from '../../explore/types.js';
import { defaultThreads } from '../../sim/pool.js';
import { UsageError } from '../errors.js';
import { addDataOptions, collect, oneOf, positiveInt, seedValue } from '../options.js';
import { emit } from '../output.js';
import { progressBar } from '../progress.js';
import { jsonNumbers, loadScenarioArg } from '../scenario-runner.js';

interface ExploreOptions {
  method: (typeof EXPLORE_METHODS)[number];
  samples?: number;
  seed: number;
  years: number;
  parameters?: string;
  exclude?: string;
  lever: string[];
  outcome: OutcomeId;
  engine: 'local' | 'bullmq';
  redis?: string;
  threads?: number;
  resume?: string;
  chunkSize?: number;
  json?: boolean;
  csv?: string;
  parquet?: string;
  report?: string;
  out?: string;
  lang: 'en' | 'es';
  progress: boolean;
  anchor: boolean;
  data?: string;
  home?: string;
  network: 'auto' | 'files' | 'builtin';
  dryRun?: boolean;
}

export function exploreCommand(): Command {
  const cmd = new Command('explore')
    .summary('which policy wins across the whole uncertainty, and why (robust decisions)')
    .description(
      "Exploratory modelling: experiments over every uncertain parameter (their stated ranges), each policy's " +
        'paired differences against the status quo, global sensitivity (Morris, Sobol), the robustness of the ' +
        'ranking, regret, and scenario discovery (PRIM, CART). With no scenarios, the status quo and the main ' +
        'presets. See docs/EXPLORE.md.',
    )
    .argument('[scenario...]', 'preset ids or scenario files (the status quo is added as the baseline)');
  addDataOptions(cmd)
    .option('--method <m>', 'morris, sobol or lhs', oneOf('--method', EXPLORE_METHODS), 'morris')
    .option(
      '--samples <n>',
      `Morris trajectories, Sobol base rows or LHS points (default ${DEFAULT_SAMPLES.morris}, ${DEFAULT_SAMPLES.sobol}, ${DEFAULT_SAMPLES.lhs})`,
      positiveInt('--samples', 1_000_000),
    )
    .option('--seed <n>', 'random seed (same seed, same numbers, whatever the engine)', seedValue, 1)
    .option('--years <n>', 'years simulated after the policies start', positiveInt('--years', 30), 10)
    .option('--parameters <ids>', 'only these parameters vary (comma-separated; default: all uncertain ones)')
    .option('--exclude <ids>', 'parameters held at their central values (comma-separated)')
    .option(
      '--lever <scenario:path=low:high>',
      'vary a lever intensity too, e.g. kingpin-targeting:policies.0.options.perYear=2:12 (repeatable)',
      collect,
      [],
    )
    .option(
      '--outcome <id>',
      `outcome scenario discovery asks about (${OUTCOME_IDS.join(', ')})`,
      oneOf('--outcome', OUTCOME_IDS),
      'homicides5y',
    )
    .option(
      '--engine <e>',
      'local (worker threads) or bullmq (jobs on Redis)',
      oneOf('--engine', ['local', 'bullmq'] as const),
      'local',
    )
    .option('--redis <url>', 'Redis for --engine bullmq, e.g. redis://host:6379 (default: ATALAYA_REDIS)')
    .option(
      '--threads <n>',
      'worker threads for the local engine (default: all cores, at most 8)',
      positiveInt('--threads', 64),
    )
    .option('--resume <file>', 'checkpoint file: finished chunks are saved; a killed sweep continues from it')
    .option(
      '--chunk-size <n>',
      'experiments per job (default: about 64 jobs)',
      positiveInt('--chunk-size', 100_000),
    )
    .option('--json', 'print the summary as JSON')
    .option('--csv <file>', 'write every experiment (factor values and outcomes per policy) as CSV')
    .option('--parquet <file>', 'write every experiment as Parquet')
    .option('--report <file.html>', 'write an HTML report')
    .option('-o, --out <file>', 'write the summary (table or JSON) to a file instead of standard output')
    .option(
      '--lang <en|es>',
      'language of the summary and the report',
      oneOf('--lang', ['en', 'es'] as const),
      'en',
    )
    .option('--dry-run', 'print the sweep size (experiments, runs) and stop')
    .option('--no-progress', 'hide the progress bar')
    .option(
      '--no-anchor',
      "homicides from the engine's calibrated path instead of the newest observed counts",
    );
  cmd.addHelpText(
    'after',
    '\nExamples:\n' +
      '  atalaya explore                                    # Morris screening of the main presets\n' +
      '  atalaya explore kingpin-targeting mediation-hot-borders --method lhs --samples 500\n' +
      '  atalaya explore --method sobol --samples 128 --resume sweep.ckpt --report explore.html\n' +
      '  atalaya explore --engine bullmq --redis redis://10.0.0.5:6379   # with `atalaya worker` on each machine',
  );
  cmd.action(async (args: string[], opts: ExploreOptions) => {
    const redis = opts.redis ?? process.env.ATALAYA_REDIS;
    if (opts.engine === 'bullmq' && !redis)
      throw new UsageError('--engine bullmq needs --redis URL (or ATALAYA_REDIS)');
    const request = {
      method: opts.method,
      samples: opts.samples,
      seed: opts.seed,
      years: opts.years,
      parameters: list(opts.parameters),
      exclude: list(opts.exclude),
      levers: opts.lever,
      outcome: opts.outcome,
      network: opts.network,
      anchor: opts.anchor,
    };
    const scenarios = args.length > 0 ? args.map((a) => loadScenarioArg(a, [])) : undefined;
    const ctx = { scenarios, dataDir: opts.data, home: opts.home };
    const planned = planExplore(request, ctx);
    if (opts.dryRun) {
      emit(
        `${planned.experiments} experiments × ${planned.spec.scenarios.length} scenarios over ${planned.factors.length} parameters (${planned.request.method}, ${planned.request.samples} samples); sweep ${planned.id}`,
        opts.out,
      );
      return;
    }
    if (opts.resume && existsSync(opts.resume)) process.stderr.write(`resuming from ${opts.resume}\n`);
    const engine: EngineOptions =
      opts.engine === 'bullmq'
        ? { engine: 'bullmq', redis: redis as string }
        : { engine: 'local', threads: opts.threads ?? defaultThreads() };
    const bar = progressBar('Exploring', opts.progress, 'experiments');
    // Ctrl-C cancels the sweep (on Redis too: its waiting jobs are removed and the workers stop its
    // running chunks); finished chunks stay in the checkpoint. A second Ctrl-C exits at once.
    const controller = new AbortController();
    const onSigint = () => {
      if (controller.signal.aborted) process.exit(130);
      process.stderr.write('\ncancelling… (Ctrl-C again to exit at once)\n');
      controller.abort();
    };
    process.on('SIGINT', onSigint);
    let run: Awaited<ReturnType<typeof runPlannedExplore>>;
    try {
      run = await runPlannedExplore(planned, {
        engine,
        checkpoint: opts.resume,
        chunkSize: opts.chunkSize,
        onProgress: bar.update,
        signal: controller.signal,
      });
    } catch (err) {
      if (!controller.signal.aborted) throw err;
      const resume = opts.resume ? `; run the same command to continue from ${opts.resume}` : '';
      throw new UsageError(`explore cancelled${resume}`);
    } finally {
      process.off('SIGINT', onSigint);
      bar.stop();
    }
    if (run.resumed > 0) process.stderr.write(`${run.resumed} chunks read back from ${opts.resume}\n`);
    if (opts.csv) save(opts.csv, experimentsCsv(run.table));
    if (opts.parquet) save(opts.parquet, experimentsParquet(run.table));
    if (opts.report) {
      const { renderExploreReport } = await import('../../report/explore.js');
      save(opts.report, renderExploreReport(run.summary, { locale: opts.lang }));
    }
    if (opts.json) emit(JSON.stringify(run.summary, jsonNumbers, 2), opts.out);
    else emit(renderExploreTerminal(run.summary, { locale: opts.lang, outcome: opts.outcome }), opts.out);
  });
  return cmd;
}

function list(value: string | undefined): string[] {
  return value
    ? value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [];
}

function save(path: string, data: string | Uint8Array): void {
  writeFileAtomic(path, data);
  process.stderr.write(`wrote ${path}\n`);
}
