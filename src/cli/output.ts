import { writeFileAtomic } from '../data/atomic-write.js';

/** Write text to a file (atomically) or, with no path or "-", to standard output. */
export function emit(text: string, path?: string): void {
  if (!path || path === '-') {
    process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    return;
  }
  writeFileAtomic(path, text.endsWith('\n') ? text : `${text}\n`);
  process.stderr.write(`wrote ${path}\n`);
}
