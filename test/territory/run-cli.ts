import { Command } from 'commander';
import { vi } from 'vitest';
import { territoryCommand } from '../../src/cli/commands/territory.js';

/** Run `atalaya territory …` in-process; returns what it printed. */
export async function territory(args: string[]): Promise<{ stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  try {
    const program = new Command('atalaya').exitOverride().addCommand(territoryCommand());
    program.commands.forEach(function exit(c: Command) {
      c.exitOverride();
      c.commands.forEach(exit);
    });
    await program.parseAsync(['node', 'atalaya', 'territory', ...args]);
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  return { stdout, stderr };
}
