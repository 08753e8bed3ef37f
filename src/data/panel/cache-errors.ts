import { DataError } from '../errors.js';

/** What common file-system error codes mean, in the words a user would search for. */
const MEANINGS: Record<string, string> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'a folder is where a file should be',
  EEXIST: 'a file of that name is in the way',
  EIO: 'input/output error',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'the path is too long',
};

/** The errno code of a Node file-system error, or undefined for any other value. */
export function errnoCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) ? code : undefined;
}

/**
 * A file-system failure on the data cache as a DataError (exit status 2) that says what failed, why in
 * words, the code, and what state the data is in: "could not write the data cache /x/panel: no space left
 * on device (ENOSPC); the previous data is unchanged". Anything that is not a file-system error (a bug) is
 * returned unchanged, to be rethrown as it is.
 */
export function cacheWriteError(
  err: unknown,
  dir: string,
  state = 'the previous data is unchanged',
): unknown {
  const code = errnoCode(err);
  if (!code) return err;
  const meaning = MEANINGS[code] ?? (err as Error).message;
  return new DataError(
    `could not write the data cache ${dir}: ${meaning} (${code}); ${state}`,
    {},
    'cache-unwritable',
  );
}
