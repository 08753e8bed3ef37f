import type { MetricId } from '../sim/metrics.js';

/** Number formatting shared by the terminal tables and the HTML report. */
export type Locale = 'en' | 'es';

const SUFFIX: Record<Locale, [number, string][]> = {
  en: [
    [1e9, 'bn'],
    [1e6, 'M'],
    [1e3, 'k'],
  ],
  // Mexican usage: "33.6 mil", "4.90 millones" abbreviated "M", "mil M" for thousands of millions.
  es: [
    [1e9, ' mil M'],
    [1e6, ' M'],
    [1e3, ' mil'],
  ],
};

/** Compact form: 33,550 → "33.6k" ("33.6 mil"), 4.9e6 → "4.90M"; three significant digits. */
export function compact(v: number, locale: Locale = 'en'): string {
  if (!Number.isFinite(v)) return '–';
  const a = Math.abs(v);
  for (const [scale, suffix] of SUFFIX[locale]) {
    if (a >= scale) return `${toLocale(v / scale, sig3(a / scale), locale)}${suffix}`;
  }
  return toLocale(v, a >= 100 ? 0 : a >= 10 ? 1 : 2, locale);
}

function sig3(x: number): number {
  return x >= 100 ? 0 : x >= 10 ? 1 : 2;
}

function toLocale(v: number, digits: number, locale: Locale): string {
  return v.toLocaleString(locale === 'es' ? 'es-MX' : 'en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

/** A value in the metric's natural precision. */
export function formatMetric(id: MetricId, v: number, locale: Locale = 'en'): string {
  if (!Number.isFinite(v)) return '–';
  switch (id) {
    case 'homicideRate':
      return toLocale(v, 1, locale);
    case 'cooperation':
      return toLocale(v, 2, locale);
    case 'drugFlow':
    case 'groups':
      return toLocale(v, 0, locale);
    case 'tradeCost':
      return `$${toLocale(v, v >= 100 ? 0 : 1, locale)}${locale === 'es' ? ' mil M' : 'bn'}`;
    case 'fiscalCost': {
      // Often well under US$1bn, and negative when a policy saves prison places.
      const a = Math.abs(v);
      const digits = a >= 100 ? 0 : a >= 10 ? 1 : 2;
      return `${v < 0 ? '−' : ''}$${toLocale(a, digits, locale)}${locale === 'es' ? ' mil M' : 'bn'}`;
    }
    default:
      return compact(v, locale);
  }
}

/** "−12%" with a real minus sign. */
export function percent(fraction: number, locale: Locale = 'en', digits = 0): string {
  if (!Number.isFinite(fraction)) return '–';
  const s = toLocale(Math.abs(fraction * 100), digits, locale);
  if (Math.round(fraction * 100 * 10 ** digits) === 0) return `${s}%`;
  return `${fraction < 0 ? '−' : '+'}${s}%`;
}
