import type { Audit } from '../../audit/audit.js';
import { createDocument } from '../document.js';
import type { Locale } from '../format.js';
import { formatDate, renderPage } from '../page.js';
import { renderHeader } from './claim.js';
import { auditContext, auditSections } from './sections.js';
import { CSS } from './style.js';

/**
 * The audit (`atalaya audit report`) as one self-contained HTML page: the verdict on the claim first,
 * then what could bend it (reclassification, the gap with death certificates, revisions, trend breaks,
 * share jumps). Inline CSS and SVG, no script, no network; same audit and `generatedAt` → same bytes.
 */
export interface AuditReportOptions {
  locale?: Locale;
  /** ISO date or timestamp shown in the footer (default: now). */
  generatedAt?: string;
  title?: string;
}

export function renderAuditReport(audit: Audit, options: AuditReportOptions = {}): string {
  const locale: Locale = options.locale === 'es' ? 'es' : 'en';
  const ctx = auditContext(audit, locale, createDocument());
  const { T } = ctx;
  const title = options.title ?? T.title;
  const date = formatDate(options.generatedAt ?? new Date().toISOString(), locale);
  return renderPage({
    locale,
    title,
    css: CSS,
    header: renderHeader(ctx, title, date),
    navLabel: T.nav,
    sections: auditSections(ctx),
    footer: T.generated(date),
  });
}
