import type { HistoryBand } from '../sim/history-band.js';
import type { Locale } from './format.js';

/**
 * The words around the observed history and its filtered band, in both languages, kept in one place because
 * the HTML report, the terminal and the dashboard's Scenarios page all say them (as the audit's text is
 * shared by its report and its page).
 */
export const HISTORY_TEXT = {
  en: {
    observed: 'Observed (INEGI; SESNSP × ratio for recent years)',
    filtered: 'Filtered band (90%)',
    caption: (release: string, through: string) =>
      `Observed homicides per year and the filtered band (the simulator filtered through the monthly counts), in INEGI's units: ${release}, through ${through}. Circles: INEGI death certificates; triangles: SESNSP victims × the INEGI/SESNSP ratio; open symbols: a partial year, annualised.`,
    source: { INEGI: 'INEGI', SESNSP: 'SESNSP × ratio' },
    partial: (months: number) => `${months} months, annualised`,
    line: (year: number, value: string, source: string, filtered: string) =>
      `Observed ${year}: ${value} (${source})${filtered ? ` · filtered ${filtered}` : ''}`,
    anchored: (release: string, through: string) => `anchored to ${release}, through ${through}`,
  },
  es: {
    observed: 'Observado (INEGI; SESNSP × razón en años recientes)',
    filtered: 'Banda filtrada (90%)',
    caption: (release: string, through: string) =>
      `Homicidios observados por año y la banda filtrada (el simulador filtrado con los conteos mensuales), en unidades del INEGI: ${release}, hasta ${through}. Círculos: certificados de defunción del INEGI; triángulos: víctimas del SESNSP × la razón INEGI/SESNSP; símbolos huecos: un año parcial, anualizado.`,
    source: { INEGI: 'INEGI', SESNSP: 'SESNSP × razón' },
    partial: (months: number) => `${months} meses, anualizado`,
    line: (year: number, value: string, source: string, filtered: string) =>
      `Observado ${year}: ${value} (${source})${filtered ? ` · filtrado ${filtered}` : ''}`,
    anchored: (release: string, through: string) => `anclado a ${release}, hasta ${through}`,
  },
} as const;

/** A partial year's value is an annualised rate, not a count. */
export function isPartialYear(o: { months: number }): boolean {
  return o.months < 12;
}

function whole(v: number, locale: Locale, step = 1): string {
  return (Math.round(v / step) * step).toLocaleString(locale === 'es' ? 'es-MX' : 'en-US');
}

/** Where an observed year comes from, and whether it is a partial year: "SESNSP × ratio; 6 months, annualised". */
function sourceNote(o: HistoryBand['observed'][number], locale: Locale): string {
  const T = HISTORY_TEXT[locale];
  return isPartialYear(o) ? `${T.source[o.source]}; ${T.partial(o.months)}` : T.source[o.source];
}

/** "2025: 31,240 (SESNSP × ratio; 6 months, annualised)": one observed year, as a point's tooltip says it. */
export function observedLabel(o: HistoryBand['observed'][number], locale: Locale = 'en'): string {
  return `${o.t}: ${whole(o.value, locale)} (${sourceNote(o, locale)})`;
}

/**
 * One line for the terminal: the newest complete observed year against the filtered band of that year, and
 * the release the run was anchored to. The filtered values are rounded to hundreds: they are model
 * estimates, and five digits would claim a precision they lack.
 */
export function historyLine(history: HistoryBand, locale: Locale = 'en'): string {
  const T = HISTORY_TEXT[locale];
  const anchored = T.anchored(history.release, history.through);
  const o = history.observed.filter((x) => !isPartialYear(x)).at(-1) ?? history.observed.at(-1);
  if (!o) return `${anchored.charAt(0).toUpperCase()}${anchored.slice(1)}`;
  const f = history.filtered.find((p) => p.t === o.t);
  const filtered = f
    ? `${whole(f.p50, locale, 100)} [${whole(f.p05, locale, 100)}–${whole(f.p95, locale, 100)}]`
    : '';
  return `${T.line(o.t, whole(o.value, locale), sourceNote(o, locale), filtered)}; ${anchored}`;
}
