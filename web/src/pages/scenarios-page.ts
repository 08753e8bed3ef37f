import { el } from '../dom.js';
import { t } from '../i18n/locale.js';
import type { Page } from '../page.js';

/** Placeholder while the scenarios page is being built. */
export const scenariosPage: Page = (root) => {
  root.append(el('h1', {}, t('navScenarios')));
  return undefined;
};
