import type { Audit } from '../../../src/audit/audit.js';
import { auditContext, auditSections } from '../../../src/report/audit/sections.js';
import type { Locale } from '../../../src/report/format.js';
import { el } from '../dom.js';

/**
 * The findings of an audit drawn as in the HTML report: the same section renderers, with their charts
 * drawn by Observable Plot on the page's own document, under a small table of contents. The renderers
 * escape every text they put in their HTML, so it can be parsed as it is.
 */
export interface FindingsOptions {
  /** Language of the text and the number formats (the dashboard's current one). */
  locale: Locale;
}

export function renderFindings(audit: Audit, options: FindingsOptions): DocumentFragment {
  const ctx = auditContext(audit, options.locale, document);
  const { T } = ctx;
  const sections = auditSections(ctx);

  const meta = el(
    'ul',
    { class: 'meta' },
    el('li', {}, `${T.release}: `, el('strong', {}, audit.claim.series.vintage)),
  );
  const how = el('section', { class: 'how' }, el('h2', {}, T.howTitle), el('p', {}, T.how));
  const toc = el('nav', { 'aria-label': T.nav }, el('ol'));
  for (const s of sections) {
    // Section ids are not hash routes here (the hash holds the page's route): scroll instead of navigating.
    const link = el('a', { href: `#${s.id}`, 'data-section': s.id }, s.title);
    link.addEventListener('click', (event) => {
      event.preventDefault();
      document.getElementById(s.id)?.scrollIntoView({ behavior: 'smooth', block: 'start' });
    });
    toc.firstElementChild!.append(el('li', {}, link));
  }
  const body = document.createElement('template');
  body.innerHTML = sections.map((s) => s.html).join('\n');

  const fragment = document.createDocumentFragment();
  fragment.append(meta, how, toc, body.content);
  return fragment;
}
