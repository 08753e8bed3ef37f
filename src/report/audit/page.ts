import type { Audit } from '../../audit/audit.js';
import { createDocument } from '../charts.js';
import type { Locale } from '../format.js';
import { formatDate, renderPage } from '../page.js';
import { renderBreaks } from './breaks.js';
import { renderClaim, renderHeader } from './claim.js';
import { type Ctx, categoryLabels, monthDomain } from './context.js';
import { renderMethods } from './methods.js';
import { renderNational } from './national.js';
import { renderReclassification } from './reclassification.js';
import { renderRevisions } from './revisions.js';
import { renderSourceGap } from './source-gap.js';
import { renderStates } from './states.js';
import { CSS } from './style.js';
import { TEXT } from './text.js';

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
  const T = TEXT[locale];
  const ctx: Ctx = {
    audit,
    locale,
    T,
    doc: createDocument(),
    labels: categoryLabels(audit, locale),
    xDomain: monthDomain(audit),
  };
  const title = options.title ?? T.title;
  const date = formatDate(options.generatedAt ?? new Date().toISOString(), locale);
  const sections = [
    renderClaim(ctx),
    renderNational(ctx),
    renderReclassification(ctx),
    renderStates(ctx),
    renderSourceGap(ctx),
    renderRevisions(ctx),
    renderBreaks(ctx),
    renderMethods(ctx),
  ];
  return renderPage({
    locale,
    title,
    css: CSS,
    header: renderHeader(ctx, title, date),
    navLabel: T.nav,
    sections,
    footer: T.generated(date),
  });
}
