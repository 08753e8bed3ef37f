/** The shapes of the API answers the dashboard reads (see docs/SERVER.md and /api/openapi.json). */
import type { Freshness } from '../../src/data/freshness.js';
import type { AreaForecast, Hotspot, HotspotArea } from '../../src/forecast/answers.js';

export type { AreaForecast, Freshness, Hotspot, HotspotArea };
export interface SeriesRow {
  area: string;
  name: string;
  period: string;
  value: number;
  complete: boolean;
}

export interface SeriesAnswer {
  series: string;
  unit: string;
  vintage: string;
  level: string;
  freq: string;
  rows: SeriesRow[];
}

/** A series of the cache as /api/data/status lists it. */
export interface StatusSeries {
  id: string;
  /** A readable name (the reader's title, in English). */
  title: string;
  level: string;
  first: string;
  last: string;
  vintage: string;
  unit: string;
  /** Recent months the release flags as incomplete (later releases revise them). */
  incompleteMonths: string[];
}

export type AreaLevel = 'municipality' | 'state';

/** Where "now" is at one level: the homicide series with the newest complete month, and the others. */
export interface PresentRow {
  series: string;
  vintage: string;
  /** The newest month of the series (it may be provisional). */
  month: string;
  /** Its months the release flags as provisional. */
  provisional?: string[];
  freshness: Freshness;
  candidates: {
    series: string;
    title?: string;
    vintage: string;
    first: string;
    month: string;
    months: number;
    provisional?: string[];
  }[];
}

export interface DataStatus {
  imported: boolean;
  hint?: string;
  series?: StatusSeries[];
  present?: Partial<Record<AreaLevel, PresentRow>>;
}

export interface ForecastAnswer {
  series: string;
  asOf: string;
  model: string;
  forecasts: AreaForecast[];
}

export interface HotspotsAnswer {
  series: string;
  title: string;
  level: AreaLevel;
  vintage: string;
  asOf: string;
  freshness: Freshness;
  target: string;
  model: string;
  nationalExpected: number;
  hotspots: Hotspot[];
  top10: { expected: number; share: number };
  /** Every area, for maps: the expected count with its 90% interval, the rate and the escalation probability. */
  all: HotspotArea[];
  warnings: string[];
}

export interface AreaEventsAnswer {
  area: string;
  layers: { name: string; source: string }[];
  events: {
    date: string;
    group: string;
    other?: string;
    kind: string;
    strength: number;
    what?: string;
    source: string;
    /** The layer's groups in the area the event concerns (empty: context). */
    groups: string[];
    layer: string;
  }[];
}
