import type { Audit } from '../../../src/audit/audit.js';
import { TEXT } from '../../../src/report/audit/text.js';
import { ApiError, apiGet } from '../api.js';
import { claimForm } from '../audit/claim-form.js';
import { type ClaimFields, claimFromParams, claimQuery, claimToParams } from '../audit/claim-params.js';
import { renderFindings } from '../audit/findings.js';
import { MESSAGES } from '../audit/messages.js';
import { adoptReportStyle, REPORT_SCOPE } from '../audit/report-style.js';
import '../audit/audit.css';
import { el } from '../dom.js';
import { lang, t, translator } from '../i18n/locale.js';
import type { Page } from '../page.js';
import { replaceParams } from '../router.js';

/**
 * Audit: the findings of `atalaya audit` (GET /api/audit) drawn by the report's own section renderers,
 * under a form that checks another claim. The claim lives in the address, so an address shares it; a
 * language change redraws the page (main.ts) from the same address and the cached answer.
 */
const m = translator(MESSAGES);

export const auditPage: Page = (root, params) => {
  adoptReportStyle();
  const T = TEXT[lang()];
  let alive = true;
  let latest = 0;
  const status = el('p', { class: 'status', role: 'status' });
  const findings = el('div', { class: 'findings' });
  const claim = claimFromParams(params);
  const form = claimForm({
    claim,
    onSubmit: (next) => {
      replaceParams(claimToParams(next));
      load(next);
    },
  });
  root.append(
    el(
      'div',
      { class: `audit-page ${REPORT_SCOPE}` },
      el('h1', {}, T.title),
      el('p', { class: 'subtitle' }, T.subtitle),
      form.element,
      status,
      findings,
    ),
  );

  function load(asked: ClaimFields): void {
    // Only the answer to the latest request is drawn, whatever order the answers come back in.
    const ticket = ++latest;
    status.textContent = m('computing');
    status.classList.remove('error');
    findings.setAttribute('aria-busy', 'true');
    apiGet<Audit>('/api/audit', claimQuery(asked))
      .then((audit) => {
        if (!alive || ticket !== latest) return;
        form.markInvalid(undefined);
        status.textContent = '';
        findings.replaceChildren(renderFindings(audit, { locale: lang() }));
        findings.removeAttribute('aria-busy');
      })
      .catch((err: Error) => {
        if (!alive || ticket !== latest) return;
        findings.removeAttribute('aria-busy');
        status.classList.add('error');
        status.textContent = describe(err);
        // The findings shown are those of another claim now: they go, so they cannot be misread.
        findings.replaceChildren();
        if (err instanceof ApiError) form.markInvalid(err.field);
      });
  }

  load(claim);
  return () => {
    alive = false;
  };
};

function describe(err: Error): string {
  if (!(err instanceof ApiError)) return `${t('error')}: ${err.message}`;
  // 409: nothing imported; the server's message says how to import.
  if (err.status === 409) return m('noData', { message: err.message });
  if (err.field) return m('badField', { field: fieldLabel(err.field), message: err.message });
  return `${t('error')}: ${err.message}`;
}

function fieldLabel(field: string): string {
  const labels: Record<string, string> = {
    series: m('series'),
    from: m('from'),
    to: m('to'),
    change: m('change'),
    basis: m('basis'),
    state: m('place'),
  };
  return labels[field] ?? field;
}
