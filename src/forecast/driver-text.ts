import type { Driver } from './answers.js';

/**
 * A hot spot's driver as a sentence, in English (the CLI's and the JSON's `drivers`) or Spanish (the
 * dashboard). Import-free, like answers.ts, so the browser uses the same wording.
 */
export type DriverLang = 'en' | 'es';

export function driverText(d: Driver, lang: DriverLang = 'en'): string {
  const es = lang === 'es';
  const num = (v: number, digits: number) =>
    es
      ? v.toLocaleString('es-MX', { minimumFractionDigits: digits, maximumFractionDigits: digits })
      : v.toFixed(digits);
  const times = (f: number) => `×${num(f, 2)}`;
  const pct = (v: number) => `${num(v * 100, 0)}%`;
  switch (d.kind) {
    case 'level':
      return es
        ? `nivel: ${num(d.perMonth, 1)} al mes en los últimos 12 meses`
        : `level: ${num(d.perMonth, 1)} a month over the last 12 months`;
    case 'change': {
      const sign = d.trend >= 0 ? '+' : '−';
      const text = es
        ? `últimos 3 meses ${sign}${pct(Math.abs(d.trend))} frente a la media de 12 meses`
        : `last 3 months ${sign}${pct(Math.abs(d.trend))} vs the 12-month mean`;
      if (d.factor === undefined) return text;
      return es
        ? `${text} (${times(d.factor)} en el pronóstico)`
        : `${text} (${times(d.factor)} on the forecast)`;
    }
    case 'neighbours':
      return es
        ? `conteos altos en municipios vecinos (${times(d.factor)} frente a vecinos promedio)`
        : `high counts next door (${times(d.factor)} vs average adjacent municipalities)`;
    case 'season': {
      const higher = d.factor > 1;
      return es
        ? `el mismo mes del año anterior, ${higher ? 'más alto' : 'más bajo'} que el nivel (${times(d.factor)})`
        : `same month last year ${higher ? 'higher' : 'lower'} than the level (${times(d.factor)})`;
    }
    case 'contested':
      return es
        ? `en disputa (${d.border ? 'frontera' : 'misma área'}): ${d.group} contra ${d.rival}`
        : `contested (${d.border ? 'border' : 'same area'}): ${d.group} vs ${d.rival}`;
    case 'escalation':
      return es
        ? `riesgo de escalada ${pct(d.probability)} (×${d.multiple} su media de 12 meses)`
        : `escalation risk ${pct(d.probability)} (×${d.multiple} its 12-month mean)`;
  }
}
