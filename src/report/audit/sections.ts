import type { Audit } from '../../audit/audit.js';
import type { Locale } from '../format.js';
import { renderBreaks } from './breaks.js';
import { renderClaim } from './claim.js';
import { type Ctx, categoryLabels, monthDomain, type Section } from './context.js';
import { renderMethods } from './methods.js';
import { renderNational } from './national.js';
import { renderReclassification } from './reclassification.js';
import { renderRevisions } from './revisions.js';
import { renderSourceGap } from './source-gap.js';
import { renderStates } from './states.js';
import { TEXT } from './text.js';

/**
 * The audit's findings as HTML sections, in reading order: the verdict first, then what could bend it.
 * Shared by the self-contained report (page.ts, on a jsdom document) and the dashboard's Audit page (on
 * the browser's document), so this module and what it imports must stay free of Node-only imports.
 */

/** The rendering context: the charts are drawn on `doc` (any DOM Document) in `locale`. */
export function auditContext(audit: Audit, locale: Locale, doc: Document): Ctx {
  return {
    audit,
    locale,
    T: TEXT[locale],
    doc,
    labels: categoryLabels(audit, locale),
    xDomain: monthDomain(audit),
  };
}

export function auditSections(ctx: Ctx): Section[] {
  return [
    renderClaim(ctx),
    renderNational(ctx),
    renderReclassification(ctx),
    renderStates(ctx),
    renderSourceGap(ctx),
    renderRevisions(ctx),
    renderBreaks(ctx),
    renderMethods(ctx),
  ];
}
