import { main } from '../../src/cli/main.js';
import { captureOutput } from './capture-output.js';

/** Run `atalaya …` in-process through the real entry point: exit code and what it printed. */
export async function runAtalaya(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const { value: code, stdout, stderr } = await captureOutput(() => main(['node', 'atalaya', ...args]));
  return { code, stdout, stderr };
}
