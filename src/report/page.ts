import { COLORS, escapeHtml } from './charts.js';
import type { Locale } from './format.js';

/**
 * The shell the HTML reports share (the comparison and the audit): head, typography, tables, figures,
 * contents and footer, so that they look like one product. Each report adds its own CSS and sections.
 */
export interface PageSection {
  id: string;
  title: string;
  html: string;
}

export const BASE_CSS = `
:root{color-scheme:light;--ink:#1a1a1a;--muted:#545454;--line:#d9d9d9;--soft:#f5f6f8;--blue:${COLORS.lower};--red:${COLORS.higher}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:#fff;color:var(--ink);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans",sans-serif}
main{max-width:1180px;margin:0 auto;padding:28px 20px 48px}
h1{font-size:2rem;line-height:1.2;margin:0 0 6px;letter-spacing:-.01em}
h2{font-size:1.4rem;margin:44px 0 10px;padding-top:10px;border-top:2px solid var(--ink)}
h3{font-size:1.1rem;margin:28px 0 4px}
p{margin:8px 0}
.subtitle{font-size:1.1rem;color:var(--muted);margin:0 0 14px}
.meta{display:flex;flex-wrap:wrap;gap:6px 18px;font-size:.9rem;color:var(--muted);margin:0 0 10px;padding:0;list-style:none}
.meta strong{color:var(--ink);font-weight:600}
.how{background:var(--soft);border-left:4px solid var(--blue);padding:10px 16px;margin:16px 0;font-size:.95rem}
.how h2{border:0;margin:0;padding:0;font-size:1rem}
nav ol{display:flex;flex-wrap:wrap;gap:4px 18px;margin:0;padding:0;list-style:none;font-size:.9rem}
nav a{color:var(--blue)}
.note{font-size:.85rem;color:var(--muted)}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.88rem;font-variant-numeric:tabular-nums}
caption{caption-side:top;text-align:left;font-size:.88rem;color:var(--muted);padding:0 0 8px}
th,td{padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top;text-align:right}
th:first-child,td:first-child{text-align:left}
thead th{font-weight:600;border-bottom:2px solid var(--ink);vertical-align:bottom}
figure{margin:0}
figcaption{font-size:.85rem;color:var(--muted)}
figure.wide{margin:12px 0}
figure.wide figcaption{margin-bottom:6px}
svg{max-width:100%;height:auto}
.legend-row{display:flex;flex-wrap:wrap;gap:6px 18px;align-items:center;font-size:.85rem;color:var(--muted);margin:6px 0 8px}
.legend-row svg{vertical-align:middle;margin-right:4px}
.maps{display:flex;flex-wrap:wrap;gap:22px 34px;margin:12px 0}
.maps figcaption{font-weight:600;color:var(--ink);margin-bottom:6px}
footer{margin-top:40px;padding-top:10px;border-top:1px solid var(--line);font-size:.8rem;color:var(--muted)}
`;

export interface PageOptions {
  locale: Locale;
  title: string;
  /** CSS added after the shared rules. */
  css: string;
  /** The page header (title, subtitle, release, how to read). */
  header: string;
  /** Label of the contents navigation. */
  navLabel: string;
  sections: PageSection[];
  /** Footer text (plain text, escaped here). */
  footer: string;
}

/** A whole self-contained HTML document: inline CSS, no script, contents linking to every section. */
export function renderPage(o: PageOptions): string {
  const nav = `<nav aria-label="${escapeHtml(o.navLabel)}"><ol>${o.sections
    .map((s) => `<li><a href="#${s.id}">${escapeHtml(s.title)}</a></li>`)
    .join('')}</ol></nav>`;
  return [
    '<!DOCTYPE html>',
    `<html lang="${o.locale}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light">',
    '<meta name="generator" content="Atalaya">',
    `<title>${escapeHtml(o.title)}</title>`,
    `<style>${(BASE_CSS + o.css).trim()}</style>`,
    '</head>',
    '<body>',
    '<main>',
    o.header,
    nav,
    ...o.sections.map((s) => s.html),
    `<footer><p>${escapeHtml(o.footer)}</p></footer>`,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** An ISO date as a long date in the reader's language ("25 de noviembre de 2026"). */
export function formatDate(iso: string, locale: Locale): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale === 'es' ? 'es-MX' : 'en-US', {
    dateStyle: 'long',
    timeZone: 'UTC',
  }).format(d);
}

/** Round a value up to a multiple of `step` (colour-scale ends). */
export function niceCeil(v: number, step: number): number {
  return Math.max(step, Math.ceil(v / step - 1e-9) * step);
}
