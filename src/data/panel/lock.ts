import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { DataError } from '../errors.js';
import { cacheWriteError, errnoCode } from './cache-errors.js';

/**
 * One import at a time per cache: `<home>/panel/.lock`, created with O_EXCL (so exactly one process can
 * create it) and holding the owner's pid, host and start time. A second import fails at once, naming the
 * owner, or waits (`waitMs`). A lock whose process is gone (a crash, a kill -9) is stale: it is taken over,
 * and the caller is told so it can warn. Release removes the file only if it is still ours.
 *
 * The lock is taken before anything is read, and first the cache folder is checked writable (a probe file
 * written and removed), so that an unwritable cache fails in milliseconds instead of after a long read.
 *
 * Limits: liveness is checked with signal 0, which only works on this host; a lock written by another
 * host (a shared home on a network disk) is never considered stale. Two processes that find the same
 * stale lock at the same moment could both take it over; the window is the few microseconds between the
 * re-read and the unlink below.
 */
export interface LockOwner {
  pid: number;
  host: string;
  started: string;
}

export interface CacheLock {
  path: string;
  owner: LockOwner;
  /** The stale lock this one replaced (its process was gone), if any: the caller warns about it. */
  tookOver?: LockOwner;
  /** Remove the lock if it is still ours; never throws. */
  release(): void;
}

export interface LockOptions {
  /** How long to wait for another import to finish, in milliseconds (default 0: fail at once). */
  waitMs?: number;
  /** Poll interval while waiting (default 250 ms). */
  pollMs?: number;
  /** An unreadable lock younger than this is being written by its owner; older, it is stale (10 s). */
  graceMs?: number;
  /** Called once when waiting starts, with the import being waited for (when its lock is readable). */
  onWait?: (holder: LockOwner | undefined) => void;
}

export function lockPath(root: string): string {
  return join(root, '.lock');
}

/** Check `root` (created if needed) can be written: write, sync and remove a probe file. */
export function checkWritable(root: string): void {
  const probe = join(root, `.probe-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    mkdirSync(root, { recursive: true });
    const fd = openSync(probe, 'wx');
    try {
      writeSync(fd, 'atalaya write probe\n');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    unlinkSync(probe);
  } catch (err) {
    try {
      rmSync(probe, { force: true });
    } catch {
      // The folder that refused the probe may refuse its removal too.
    }
    throw cacheWriteError(err, root, 'nothing was read and the previous data is unchanged');
  }
}

/** Take the import lock of the cache folder `root` (checked writable first). */
export function lockCache(root: string, options: LockOptions = {}): CacheLock {
  const { waitMs = 0, pollMs = 250, graceMs = 10_000, onWait } = options;
  checkWritable(root);
  const path = lockPath(root);
  const owner: LockOwner = { pid: process.pid, host: hostname(), started: new Date().toISOString() };
  const text = `${JSON.stringify(owner)}\n`;
  const t0 = Date.now();
  let tookOver: LockOwner | undefined;
  let takeovers = 0;
  let waiting = false;
  for (;;) {
    if (create(path, text, root)) {
      return {
        path,
        owner,
        ...(tookOver ? { tookOver } : {}),
        release: () => release(path, text),
      };
    }
    const seen = readLock(path);
    if (seen === undefined) continue; // removed between our attempt and the read: try again
    const holder = parseOwner(seen.text);
    const stale = holder ? holder.host === owner.host && !alive(holder.pid) : seen.ageMs > graceMs;
    if (stale && takeovers < 3) {
      takeovers++;
      // Remove it only if it is still the same lock (not one a faster process just took over).
      try {
        if (readLock(path)?.text === seen.text) rmSync(path, { force: true });
      } catch (err) {
        throw cacheWriteError(err, root, 'nothing was read and the previous data is unchanged');
      }
      tookOver = holder ?? { pid: 0, host: '?', started: '?' };
      continue;
    }
    const waited = Date.now() - t0;
    if (waited >= waitMs) throw busy(path, holder, waitMs);
    if (!waiting) onWait?.(holder);
    waiting = true;
    sleep(Math.min(pollMs, waitMs - waited));
  }
}

/** Create the lock file with O_EXCL; false when it exists. */
function create(path: string, text: string, root: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx');
  } catch (err) {
    if (errnoCode(err) === 'EEXIST') return false;
    throw cacheWriteError(err, root, 'nothing was read and the previous data is unchanged');
  }
  try {
    writeSync(fd, text);
  } catch (err) {
    closeSync(fd);
    rmSync(path, { force: true });
    throw cacheWriteError(err, root, 'nothing was read and the previous data is unchanged');
  }
  closeSync(fd);
  return true;
}

function readLock(path: string): { text: string; ageMs: number } | undefined {
  try {
    const ageMs = Date.now() - statSync(path).mtimeMs;
    return { text: readFileSync(path, 'utf8'), ageMs };
  } catch {
    return undefined;
  }
}

function parseOwner(text: string): LockOwner | undefined {
  try {
    const o = JSON.parse(text) as Partial<LockOwner>;
    // pid 0 or negative would signal a whole process group in `alive`: never trust it.
    if (!Number.isInteger(o.pid) || (o.pid as number) <= 0 || typeof o.host !== 'string') return undefined;
    return { pid: o.pid as number, host: o.host, started: String(o.started ?? '?') };
  } catch {
    return undefined;
  }
}

/** Whether a process exists (signal 0 checks without signalling; EPERM means it exists as another user). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return errnoCode(err) === 'EPERM';
  }
}

function busy(path: string, holder: LockOwner | undefined, waitMs: number): DataError {
  const who = holder
    ? `another import (pid ${holder.pid}${holder.host === hostname() ? '' : ` on ${holder.host}`}, started ${holder.started})`
    : 'another import (its lock file is being written)';
  const waited = waitMs > 0 ? ` (waited ${Math.round(waitMs / 1000)} s)` : '';
  return new DataError(
    `${who} is running on this cache${waited}; wait for it or remove ${path} if it is stale`,
    { file: path },
    'cache-locked',
  );
}

function release(path: string, text: string): void {
  try {
    if (readFileSync(path, 'utf8') === text) unlinkSync(path);
  } catch {
    // Already gone, or the folder became unreadable: nothing more to do.
  }
}

/** Block this thread (imports are synchronous); Atomics.wait is allowed on Node's main thread. */
function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Math.max(1, ms));
}
