/** Where in the input a problem was found. */
export interface DataErrorLocation {
  file?: string;
  line?: number;
  field?: string;
}

/**
 * Bad input data: the message names the file, row and field and says what was expected.
 * The CLI prints the message without a stack trace and exits with status 2.
 */
export class DataError extends Error {
  readonly location: DataErrorLocation;
  constructor(message: string, location: DataErrorLocation = {}) {
    super(message);
    this.name = 'DataError';
    this.location = location;
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
