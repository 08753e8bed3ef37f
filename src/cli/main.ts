#!/usr/bin/env node
import { readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { packageRoot } from '../data/locate.js';
import { auditCommand } from './commands/audit.js';
import { calibrateCommand } from './commands/calibrate.js';
import { compareCommand } from './commands/compare.js';
import { dataCommand } from './commands/data.js';
import { docsCommand } from './commands/docs.js';
import { exploreCommand } from './commands/explore.js';
import { forecastCommand } from './commands/forecast.js';
import { hotspotsCommand } from './commands/hotspots.js';
import { modelCommand } from './commands/model.js';
import { networkCommand } from './commands/network.js';
import { nowcastCommand } from './commands/nowcast.js';
import { reproduceCommand } from './commands/reproduce.js';
import { scenariosCommand } from './commands/scenarios.js';
import { serveCommand } from './commands/serve.js';
import { simulateCommand } from './commands/simulate.js';
import { territoryCommand } from './commands/territory.js';
import { trendsCommand } from './commands/trends.js';
import { workerCommand } from './commands/worker.js';
import { exitCodeFor, reportError } from './errors.js';

/** The `atalaya` command line. */
export function buildProgram(): Command {
  const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string };
  const program = new Command('atalaya')
    .description(
      'Atalaya — seeing, forecasting and acting on organized-crime violence in Mexico.\n' +
        'Start with `atalaya compare`: which course of action against the cartels would reduce violence most?',
    )
    .version(pkg.version)
    .showHelpAfterError('(add --help for usage)')
    // Each command reads the options written after its own name (`forecast` and `forecast backtest`
    // share names such as --horizon).
    .enablePositionalOptions()
    .exitOverride();
  for (const cmd of [
    compareCommand(),
    exploreCommand(),
    simulateCommand(),
    scenariosCommand(),
    modelCommand(),
    reproduceCommand(),
    nowcastCommand(),
    calibrateCommand(),
    dataCommand(),
    auditCommand(),
    forecastCommand(),
    hotspotsCommand(),
    trendsCommand(),
    territoryCommand(),
    networkCommand(),
    serveCommand(),
    workerCommand(),
    docsCommand(),
  ]) {
    program.addCommand(cmd);
  }
  program.commands.forEach(function exit(c: Command) {
    c.exitOverride();
    c.commands.forEach(exit);
  });
  return program;
}

export async function main(argv: string[] = process.argv): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version exit with 0; commander already printed its message.
      return err.exitCode === 0 ? 0 : 2;
    }
    reportError(err);
    return exitCodeFor(err);
  }
}

/** True when this file is the program being run (directly or through the npm bin link). */
function isEntryPoint(): boolean {
  try {
    return !!process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  // `atalaya … | head` closes the pipe early: that is the reader being done, not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  main().then((code) => {
    process.exitCode = code;
  });
}
