import { el } from '../dom.js';
import { t } from '../i18n/locale.js';
import type { Page } from '../page.js';

/** Placeholder while the audit page is being built. */
export const auditPage: Page = (root) => {
  root.append(el('h1', {}, t('navAudit')));
  return undefined;
};
