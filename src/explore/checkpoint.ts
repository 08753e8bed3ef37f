import {
  appendFileSync,
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { packResult, unpackResult } from './pack.js';
import type { ChunkResult } from './sweep.js';

/**
 * A sweep's checkpoint: one JSON line naming the sweep, then one line per finished chunk, appended as each
 * arrives (and flushed to disk). A killed sweep resumes from it: finished chunks are read back, not run
 * again; a torn last line (the process died mid-write) is ignored, so that chunk is simply run again.
 * Chunk results are packed exactly (pack.ts: Float64 bytes in base64), so a resumed sweep gives the same
 * numbers.
 */
export interface Checkpoint {
  /** Chunks already finished, by index. */
  done: Map<number, ChunkResult>;
  append(result: ChunkResult): void;
  /** Let another process use the file (the sweep is over, or failed). */
  release(): void;
}

interface Header {
  atalaya: 'explore-checkpoint';
  sweep: string;
  chunks: number;
}

export class CheckpointMismatchError extends Error {}

export function openCheckpoint(path: string, sweep: string, chunks: number): Checkpoint {
  const release = lock(path);
  try {
    return { ...read(path, sweep, chunks), release };
  } catch (err) {
    release();
    throw err;
  }
}

function read(path: string, sweep: string, chunks: number): Omit<Checkpoint, 'release'> {
  const done = new Map<number, ChunkResult>();
  if (existsSync(path)) {
    const text = readFileSync(path, 'utf8');
    const lines = text.split('\n');
    const header = parseLine<Header>(lines[0]);
    if (header?.atalaya !== 'explore-checkpoint') {
      throw new CheckpointMismatchError(`${path}: not an explore checkpoint (first line)`);
    }
    if (header.sweep !== sweep || header.chunks !== chunks) {
      throw new CheckpointMismatchError(
        `${path}: checkpoint of another sweep (different scenarios, method, samples, seed, factors or data); use another file or remove it`,
      );
    }
    for (const line of lines.slice(1)) {
      const stored = unpackLine(line);
      if (stored) done.set(stored.index, stored);
    }
    // A torn last line gets its own line end, so the next chunk's line is not glued to it.
    if (text.length > 0 && !text.endsWith('\n')) appendFileSync(path, '\n');
  } else {
    writeLine(path, JSON.stringify({ atalaya: 'explore-checkpoint', sweep, chunks } satisfies Header));
  }
  return { done, append: (result) => writeLine(path, packResult(result)) };
}

function unpackLine(line: string): ChunkResult | undefined {
  if (!line) return undefined;
  try {
    const r = unpackResult(line) as ChunkResult;
    return Number.isInteger(r?.index) && r.outcomes instanceof Float64Array ? r : undefined;
  } catch {
    return undefined;
  }
}

function parseLine<T>(line: string | undefined): T | undefined {
  if (!line) return undefined;
  try {
    return JSON.parse(line) as T;
  } catch {
    return undefined;
  }
}

/**
 * One sweep per checkpoint at a time: a lock file beside it holds the owner's process id. A lock whose
 * process is gone (killed) is taken over; one whose process still runs is refused.
 */
function lock(path: string): () => void {
  const file = `${path}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number(readFileSync(file, 'utf8'));
      if (Number.isInteger(owner) && owner !== process.pid && alive(owner)) {
        throw new CheckpointMismatchError(`${path}: in use by another sweep (process ${owner})`);
      }
      rmSync(file, { force: true });
    }
  }
  throw new CheckpointMismatchError(`${path}: cannot lock ${file}`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Append a line and flush it, so a finished chunk survives the process being killed. */
function writeLine(path: string, line: string): void {
  const fd = openSync(path, 'a');
  try {
    appendFileSync(fd, `${line}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
