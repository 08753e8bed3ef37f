import type { Audit } from '../../audit/audit.js';
import { months, parsePeriod } from '../../audit/periods.js';
import { DESTINATIONS, HOMICIDE } from '../../audit/reclassification.js';
import { monthLabel } from '../../data/panel/months.js';
import { escapeHtml, timeOf } from '../charts.js';
import { compact, type Locale, percent } from '../format.js';
import type { PageSection } from '../page.js';
import type { Text } from './text.js';

/** Rows shown in the long tables; the JSON output has them all. */
export const MAX_ROWS = 25;
export const TOP_REVISED = 5;

export interface Ctx {
  audit: Audit;
  locale: Locale;
  T: Text;
  doc: Document;
  /** Category id → label in the page's language. */
  labels: Map<string, string>;
  /** x domain (decimal years) shared by the monthly charts. */
  xDomain: [number, number];
}

export type Section = PageSection;

export function tag(locale: Locale): string {
  return locale === 'es' ? 'es-MX' : 'en-US';
}

export function fixed(v: number, digits: number, locale: Locale): string {
  if (!Number.isFinite(v)) return '–';
  return v.toLocaleString(tag(locale), { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function whole(v: number, locale: Locale): string {
  return Number.isFinite(v) ? Math.round(v).toLocaleString(tag(locale)) : '–';
}

/** Victims per day: three significant digits (86.9, 6.03, 0.27). */
export function perDay(v: number, locale: Locale): string {
  return compact(v, locale);
}

/** A signed value with a real minus sign. */
export function signed(v: number, format: (x: number) => string): string {
  const s = format(Math.abs(v));
  if (!Number.isFinite(v) || /^[0.,]+$/.test(s)) return s;
  return `${v < 0 ? '−' : '+'}${s}`;
}

/** A share without sign ("31%"). */
export function share(x: number, locale: Locale): string {
  return Number.isFinite(x) ? `${fixed(x * 100, 0, locale)}%` : '–';
}

/** Claimed changes are usually whole percentages: show a decimal only when there is one. */
export function claimedPercent(x: number, locale: Locale): string {
  const whole100 = Math.abs(x * 100 - Math.round(x * 100)) < 1e-9;
  return percent(x, locale, whole100 ? 0 : 1);
}

export function monthName(label: string, locale: Locale, style: 'long' | 'short' = 'short'): string {
  const m = /^(\d{4})-(\d{2})$/.exec(label);
  if (!m) return label;
  return new Intl.DateTimeFormat(tag(locale), { month: style, year: 'numeric', timeZone: 'UTC' }).format(
    Date.UTC(Number(m[1]), Number(m[2]) - 1, 1),
  );
}

/** A claim period ("2024-09", "2024", "2024-01..2024-06") in words. */
export function periodName(label: string, locale: Locale, style: 'long' | 'short' = 'long'): string {
  const range = label.split('..');
  if (range.length === 2)
    return `${monthName(range[0], locale, style)} – ${monthName(range[1], locale, style)}`;
  return monthName(label, locale, style);
}

/** The months ("YYYY-MM") of a period label ("2024-09", "2024", "2024-01..2024-06"). */
export function periodMonths(label: string): string[] {
  return months(parsePeriod(label)).map(monthLabel);
}

/** "2024-09" → decimal year at the start of the month. */
export function monthX(label: string): number {
  return /^\d{4}-\d{2}$/.test(label) ? timeOf(label) : Number.NaN;
}

/** Points sit in the middle of their month, so that shaded months cover them. */
export function midMonth(label: string): number {
  return monthX(label) + 1 / 24;
}

export function periodSpan(label: string): [number, number] | undefined {
  const months = periodMonths(label);
  if (months.length === 0 || !Number.isFinite(monthX(months[0]))) return undefined;
  return [monthX(months[0]), monthX(months.at(-1)!) + 1 / 12];
}

/** Escaped text with `code` spans, as the audit's messages write commands. */
export function withCode(text: string): string {
  return escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

export function placeName(ctx: Ctx, code: string, name: string): string {
  return code === '00' ? ctx.T.national : name;
}

/** Intentional homicide and the categories a death could move into, known before any audit is built. */
export function baseCategoryLabels(locale: Locale): Map<string, string> {
  const out = new Map<string, string>();
  out.set(HOMICIDE, locale === 'es' ? 'Homicidio doloso' : 'Intentional homicide');
  for (const d of DESTINATIONS) out.set(d.id, locale === 'es' ? d.label_es : d.label);
  return out;
}

export function categoryLabels(audit: Audit, locale: Locale): Map<string, string> {
  const out = baseCategoryLabels(locale);
  for (const c of audit.national) out.set(c.id, locale === 'es' ? c.label_es : c.label);
  return out;
}

export function label(ctx: Ctx, id: string, fallback?: string): string {
  return ctx.labels.get(id) ?? fallback ?? id;
}

export function monthDomain(audit: Audit): [number, number] {
  const xs = [...audit.national, ...audit.states].flatMap((s) => s.points.map((p) => monthX(p.month)));
  if (xs.length === 0) return [2015, 2026];
  return [Math.min(...xs), Math.max(...xs) + 1 / 12];
}

export function incompleteTag(ctx: Ctx): string {
  return `<span class="tag inc">${escapeHtml(ctx.T.incomplete)}</span>`;
}

export function section(id: string, title: string, body: string): Section {
  return {
    id,
    title,
    html: `<section id="${id}" aria-labelledby="${id}-h">\n<h2 id="${id}-h">${escapeHtml(title)}</h2>\n${body}\n</section>`,
  };
}

export function table(caption: string, head: string[], rows: string[], cls = ''): string {
  return [
    '<div class="scroll">',
    `<table${cls ? ` class="${cls}"` : ''}>${caption ? `<caption>${caption}</caption>` : ''}`,
    `<thead><tr>${head.map((h) => `<th scope="col">${h}</th>`).join('')}</tr></thead>`,
    `<tbody>${rows.join('\n')}</tbody></table>`,
    '</div>',
  ].join('\n');
}

/** "N more…" under a truncated table. */
export function moreNote(ctx: Ctx, total: number): string {
  return total > MAX_ROWS
    ? `<p class="note">${escapeHtml(ctx.T.more(whole(total - MAX_ROWS, ctx.locale)))}</p>`
    : '';
}

export function signClass(v: number): string {
  return v < 0 ? 'neg' : v > 0 ? 'pos' : '';
}
