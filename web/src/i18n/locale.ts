import { DICTIONARIES, type MessageKey } from './dictionaries.js';

/** The chosen language (default Spanish), remembered in localStorage, and Intl formatting in its locale. */
export type Lang = 'es' | 'en';

const STORAGE_KEY = 'atalaya.lang';
const INTL_LOCALE: Record<Lang, string> = { es: 'es-MX', en: 'en-US' };
const listeners = new Set<(lang: Lang) => void>();

let current: Lang = readStored();

function readStored(): Lang {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return v === 'en' || v === 'es' ? v : 'es';
  } catch {
    return 'es';
  }
}

export function lang(): Lang {
  return current;
}

export function setLang(next: Lang): void {
  if (next === current) return;
  current = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // Private browsing may refuse storage: the choice then lasts for this page only.
  }
  document.documentElement.lang = next;
  for (const fn of listeners) fn(next);
}

export function onLangChange(fn: (lang: Lang) => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export type Translate<K extends string> = (key: K, vars?: Record<string, string>) => string;

/**
 * A `t` over a page's own messages (`{ es, en }` with the same keys), so that each page keeps its strings
 * beside its code and the shared dictionary holds only what every page uses.
 */
export function translator<K extends string>(dicts: Record<Lang, Record<K, string>>): Translate<K> {
  return (key, vars = {}) => dicts[current][key].replace(/\{(\w+)\}/g, (_, k: string) => vars[k] ?? `{${k}}`);
}

/** A shared message, with `{name}` placeholders filled in. */
export const t: Translate<MessageKey> = translator<MessageKey>(DICTIONARIES);

export function intlLocale(): string {
  return INTL_LOCALE[current];
}

export function formatNumber(value: number, digits = 1): string {
  if (!Number.isFinite(value)) return '–';
  return new Intl.NumberFormat(intlLocale(), { maximumFractionDigits: digits }).format(value);
}

export function formatPercent(value: number, digits = 0): string {
  if (!Number.isFinite(value)) return '–';
  return new Intl.NumberFormat(intlLocale(), { style: 'percent', maximumFractionDigits: digits }).format(
    value,
  );
}

/** A signed change as a percentage: +12 %, −20 %. */
export function formatChange(value: number): string {
  if (!Number.isFinite(value)) return '–';
  return new Intl.NumberFormat(intlLocale(), {
    style: 'percent',
    maximumFractionDigits: 0,
    signDisplay: 'exceptZero',
  }).format(value);
}

/** "2019-12" → "diciembre de 2019" / "December 2019". */
export function formatMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Intl.DateTimeFormat(intlLocale(), { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y, m - 1, 1)),
  );
}
