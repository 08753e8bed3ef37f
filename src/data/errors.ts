/** Where in the input a problem was found. */
export interface DataErrorLocation {
  file?: string;
  line?: number;
  field?: string;
}

/**
 * What kind of failure a DataError is, for code that must act on it (skip a file, refuse to replace the
 * cache, print JSON) without matching message text:
 * - `binary`: the file is not text (NUL bytes in no text pattern): skipped by the importer;
 * - `utf-16`: UTF-16 text (with or without a byte-order mark): an error, the file must be re-saved;
 * - `too-large`: the decompressed file is too large to hold as one string;
 * - `cache-unwritable`: the data cache cannot be written (permissions, read-only, disk full);
 * - `cache-locked`: another import holds the cache's lock;
 * - `would-lose-data`: the import would leave nothing usable or drop series the cache has (`--replace`).
 */
export type DataErrorReason =
  | 'binary'
  | 'utf-16'
  | 'too-large'
  | 'cache-unwritable'
  | 'cache-locked'
  | 'would-lose-data';

/**
 * Bad input data: the message names the file, row and field and says what was expected.
 * The CLI prints the message without a stack trace and exits with status 2.
 */
export class DataError extends Error {
  readonly location: DataErrorLocation;
  readonly reason?: DataErrorReason;
  constructor(message: string, location: DataErrorLocation = {}, reason?: DataErrorReason) {
    super(message);
    this.name = 'DataError';
    this.location = location;
    if (reason !== undefined) this.reason = reason;
  }
}

/**
 * A request the data cannot answer: an unknown series, state or vintage, a period outside coverage, a
 * malformed period or claim. The message lists what is valid. The CLI exits with status 2.
 */
export class QueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QueryError';
  }
}
