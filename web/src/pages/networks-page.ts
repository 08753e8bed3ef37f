import { el } from '../dom.js';
import { t } from '../i18n/locale.js';
import type { Page } from '../page.js';

/** Placeholder while the networks page is being built. */
export const networksPage: Page = (root) => {
  root.append(el('h1', {}, t('navNetworks')));
  return undefined;
};
