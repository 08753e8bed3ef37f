import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Write a file atomically: to a temporary file in the same directory, then rename over the target, so
 * that a crash or a failed write never leaves a half-written output and an old file stays intact.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  // A device or a pipe (`-o /dev/null`, `-o /dev/stdout`, a FIFO) is written to, never replaced.
  if (isSpecialFile(path)) {
    writeFileSync(path, data);
    return;
  }
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const tmp = join(
    dir,
    `.${Date.now().toString(36)}-${process.pid}-${Math.random().toString(36).slice(2)}.tmp`,
  );
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

function isSpecialFile(path: string): boolean {
  try {
    const st = statSync(path);
    return !st.isFile() && !st.isDirectory();
  } catch {
    return false;
  }
}
