import type { Reader } from './reader.js';

/** Every series reader, tried in this order on each file's header. */
export const SERIES_READERS: readonly Reader[] = [];
