import { CSS } from '../../../src/report/audit/style.js';
import { BASE_CSS } from '../../../src/report/page.js';

/**
 * The audit report's own CSS (the shared report shell and the audit's rules), scoped to the element that
 * holds the findings so that it styles them exactly as in `atalaya audit report` and nothing else on the
 * dashboard. Scoping is CSS nesting: every rule is nested under the scope class, and `:root` (where the
 * report declares its colours) becomes the scope element itself. Rules for `html`, `body` and `main` then
 * match nothing inside the scope, which is what we want: the dashboard owns the page around the findings.
 */
export const REPORT_SCOPE = 'audit-report';

export function scopedReportCss(scope = REPORT_SCOPE): string {
  return `.${scope}{${(BASE_CSS + CSS).replace(/:root(?=\s*\{)/g, '&')}}`;
}

/** Adds the scoped sheet once per document (the page is redrawn on every language change). */
export function adoptReportStyle(doc: Document = document): void {
  const id = `${REPORT_SCOPE}-style`;
  if (doc.getElementById(id)) return;
  const style = doc.createElement('style');
  style.id = id;
  style.textContent = scopedReportCss();
  doc.head.append(style);
}
