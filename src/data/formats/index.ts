import { cideEvents } from './cide-events.js';
import { inegiHomicidesMunicipal, inegiHomicidesState } from './inegi-homicides.js';
import type { Reader } from './reader.js';
import { rnpdno } from './rnpdno.js';

/** Every series reader, tried in this order on each file's header. */
export const SERIES_READERS: readonly Reader[] = [
  inegiHomicidesMunicipal,
  inegiHomicidesState,
  rnpdno,
  cideEvents,
];
