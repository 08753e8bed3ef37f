import { apiGet } from '../api.js';
import type { HotspotsAnswer, SeriesAnswer, StatusSeries } from '../api-types.js';
import { formatMonth, formatNumber, formatPercent, type Translate } from '../i18n/locale.js';
import { addMonths, monthRange } from '../months.js';
import type { ScaleKind } from './color-scale.js';
import type { MapMessage } from './messages.js';

/**
 * What the map can colour an area by. Monthly measures follow the time slider; the forecast and the
 * escalation probability are those of the hot-spot model for the month after the newest one (one
 * answer, shared with the Hot spots page, which asks the server the same question: `hotspotsQuery`).
 */
export type MeasureId = 'rate' | 'change' | 'forecast' | 'escalation';
export const MEASURE_IDS: MeasureId[] = ['rate', 'change', 'forecast', 'escalation'];

/** A series of the cache as /api/data/status lists it. */
export type SeriesChoice = StatusSeries;

/** Values of one measure for every area, and the areas' names. */
export interface MeasureLayer {
  values: Map<string, number>;
  names: Map<string, string>;
  /** What the layer shows, for the status line. */
  caption: string;
  /** The last month of data the layer shows (the month, or a forecast's origin): its freshness is warned of. */
  dataMonth?: string;
}

export interface Measure {
  id: MeasureId;
  scale: ScaleKind;
  /** Does it follow the slider? */
  monthly: boolean;
  /** Can it be shown for this series (the forecast models municipal monthly counts)? */
  available(series: SeriesChoice): boolean;
  /** Months the slider offers (monthly measures). */
  months(series: SeriesChoice): string[];
  /** The layer of a month (forecasts: the month of data they start from). */
  load(series: SeriesChoice, month: string): Promise<MeasureLayer>;
  format(value: number): string;
}

/** The hot-spot query of the Hot spots page: the same one, so that the server answers it once. */
export const HOTSPOT_TOP = 50;

/**
 * The /api/hotspots query of a series from a month (the map's forecast layer and the Hot spots page ask
 * exactly this, so that the server fits the model once for both).
 */
export function hotspotsQuery(s: Pick<SeriesChoice, 'id' | 'level'>, asOf: string) {
  return { series: s.id, level: s.level, asOf, top: HOTSPOT_TOP };
}

export function measures(t: Translate<MapMessage>): Record<MeasureId, Measure> {
  const rate: Measure = {
    id: 'rate',
    scale: 'magnitude',
    monthly: true,
    available: () => true,
    months: (s) => monthRange(s.first, s.last),
    async load(s, month) {
      const layer = await monthRates(s, month);
      return { ...layer, caption: `${formatMonth(month)} · ${t('rateLabel')}`, dataMonth: month };
    },
    format: (v) => formatNumber(v, 2),
  };
  const change: Measure = {
    id: 'change',
    scale: 'change',
    monthly: true,
    available: () => true,
    // A year of data is needed before the first change.
    months: (s) => monthRange(addMonths(s.first, 12), s.last),
    async load(s, month) {
      const before = addMonths(month, -12);
      const [now, then] = await Promise.all([monthRates(s, month), monthRates(s, before)]);
      const values = new Map<string, number>();
      for (const [code, v] of now.values) {
        const w = then.values.get(code);
        if (w !== undefined) values.set(code, v - w);
      }
      return {
        values,
        names: now.names,
        caption: `${formatMonth(month)} · ${t('changeCaption', { before: formatMonth(before) })}`,
        dataMonth: month,
      };
    },
    format: (v) => (v > 0 ? `+${formatNumber(v, 2)}` : formatNumber(v, 2)),
  };
  const forecastLike = (id: 'forecast' | 'escalation'): Measure => ({
    id,
    scale: id === 'forecast' ? 'magnitude' : 'probability',
    monthly: false,
    available: (s) => s.level === 'municipality',
    months: () => [],
    // The forecast from `origin` (the page passes the month it opens the series on).
    async load(s, origin) {
      const answer = await apiGet<HotspotsAnswer>('/api/hotspots', hotspotsQuery(s, origin));
      const last = await monthRates(s, origin);
      const values = new Map<string, number>();
      for (const r of answer.all)
        values.set(r.area, id === 'forecast' ? r.ratePer100k : r.escalationProbability);
      const vars = { target: formatMonth(answer.target), asOf: formatMonth(answer.asOf) };
      return {
        values,
        names: last.names,
        caption: t(id === 'forecast' ? 'forecastCaption' : 'escalationCaption', vars),
        dataMonth: answer.asOf,
      };
    },
    format: (v) => (id === 'forecast' ? formatNumber(v, 1) : formatPercent(v, 1)),
  });
  return { rate, change, forecast: forecastLike('forecast'), escalation: forecastLike('escalation') };
}

/** Rates per 100,000 of every area in one month (one request per month, kept by apiGet). */
export async function monthRates(s: SeriesChoice, month: string): Promise<Omit<MeasureLayer, 'caption'>> {
  const answer = await apiGet<SeriesAnswer>(`/api/series/${s.id}`, {
    level: s.level,
    per100k: true,
    from: month,
    to: month,
  });
  const values = new Map<string, number>();
  const names = new Map<string, string>();
  for (const r of answer.rows) {
    if (Number.isFinite(r.value)) values.set(r.area, r.value);
    names.set(r.area, r.name);
  }
  return { values, names };
}
