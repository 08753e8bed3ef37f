import { Command } from 'commander';
import { territoryCommand } from '../../src/cli/commands/territory.js';
import { captureOutput } from '../helpers/capture-output.js';

/** Run `atalaya territory …` in-process; returns what it printed (errors are thrown, not reported). */
export async function territory(args: string[]): Promise<{ stdout: string; stderr: string }> {
  const program = new Command('atalaya').exitOverride().addCommand(territoryCommand());
  program.commands.forEach(function exit(c: Command) {
    c.exitOverride();
    c.commands.forEach(exit);
  });
  const { stdout, stderr } = await captureOutput(() =>
    program.parseAsync(['node', 'atalaya', 'territory', ...args]),
  );
  return { stdout, stderr };
}
