import { DataError } from '../../data/errors.js';

/**
 * The most members (nodes) a network file may have, unless the caller says otherwise. Criminal networks
 * reconstructed from investigations have tens to a few thousand members (the staged ones: 15 to about 150,
 * ../shared/data/networks/SOURCES.md); 100,000 is far beyond any of them yet keeps a reader's memory in
 * the hundreds of megabytes. The limit exists because a file *declares* sizes (`*Vertices n`,
 * `DL n=…`) that readers would otherwise allocate before reading a single tie: 60 bytes saying
 * n = 2,000,000,000 used to exhaust the heap.
 */
export const DEFAULT_MAX_MEMBERS = 100_000;

/** The option every network reader takes. */
export interface MemberLimitOptions {
  /**
   * Refuse a network with more members than this (default `DEFAULT_MAX_MEMBERS`): declared sizes are
   * checked before anything is allocated, and readers stop at the first member beyond it.
   */
  maxMembers?: number;
}

/** The limit in force; a limit that is not a positive integer is a programming error, not bad data. */
export function memberLimit(options: MemberLimitOptions = {}): number {
  const max = options.maxMembers ?? DEFAULT_MAX_MEMBERS;
  if (!Number.isInteger(max) || max < 1) {
    throw new RangeError(`maxMembers must be a positive integer (got ${max})`);
  }
  return max;
}

/** A network with more members than the reader was allowed: a DataError that says which limit, so that a
 * caller with its own wording (the server's 413) can tell it from other bad data without reading the text. */
export class MemberLimitError extends DataError {
  constructor(
    message: string,
    location: { file: string; line?: number },
    readonly max: number,
  ) {
    super(message, location);
    this.name = 'MemberLimitError';
  }
}

/**
 * The refusal when a network has more than `max` members, at `line` (where the member beyond the limit
 * appears, or the declaration that asks for it). `declared` names that declaration (`*Vertices 5000000`).
 */
export function tooManyMembers(
  file: string,
  max: number,
  line?: number,
  declared?: string,
): MemberLimitError {
  const where = line === undefined ? file : `${file}:${line}`;
  return new MemberLimitError(
    `${where}: ${declared ? `${declared}: ` : ''}the network has more than ${max} members; at most ${max} are read (--max-members to change)`,
    { file, line },
    max,
  );
}

/**
 * Check a declared number of members (`*Vertices n`, `DL n=…`, a matrix's column labels) against the limit
 * before anything is sized by it. Readers whose format fixes how much data n implies (a full matrix needs
 * n² values) check that first, since then the declaration is wrong whatever the limit.
 */
export function checkDeclaredMembers(
  n: number,
  where: { file: string; line?: number; declared: string; max: number },
): void {
  if (n > where.max) throw tooManyMembers(where.file, where.max, where.line, where.declared);
}
