import { cideEvents } from './cide-events.js';
import { inegiHomicidesMunicipal, inegiHomicidesState } from './inegi-homicides.js';
import type { Reader } from './reader.js';
import { rnpdno } from './rnpdno.js';
import { sesnspMunicipalNames } from './sesnsp-municipal-names.js';
import { sesnspVictimsLong } from './sesnsp-victims-long.js';
import { sesnspVictimsTimeseries } from './sesnsp-victims-timeseries.js';
import { sesnspWideMunicipal, sesnspWideState } from './sesnsp-wide.js';

/** Every series reader, tried in this order on each file's header (their `detect`s do not overlap). */
export const SERIES_READERS: readonly Reader[] = [
  sesnspVictimsLong,
  sesnspVictimsTimeseries,
  sesnspWideState,
  sesnspWideMunicipal,
  sesnspMunicipalNames,
  inegiHomicidesMunicipal,
  inegiHomicidesState,
  rnpdno,
  cideEvents,
];
