import { el } from './dom.js';
import { type Lang, lang, setLang, t } from './i18n/locale.js';
import { currentRoute, href } from './router.js';

/** The header: title, page links and the language switch. Redrawn on every route or language change. */
export function renderHeader(root: HTMLElement): void {
  const page = currentRoute().page;
  const nav = el('nav');
  for (const [id, key] of [
    ['map', 'navMap'],
    ['hotspots', 'navHotspots'],
    ['audit', 'navAudit'],
    ['scenarios', 'navScenarios'],
    ['networks', 'navNetworks'],
  ] as const) {
    const link = el('a', { href: href(id) }, t(key));
    if (page === id) link.setAttribute('aria-current', 'page');
    nav.append(link);
  }
  const switcher = el('div', { class: 'lang', role: 'group', 'aria-label': t('language') });
  for (const code of ['es', 'en'] as Lang[]) {
    const button = el('button', { type: 'button', lang: code }, code.toUpperCase());
    button.setAttribute('aria-pressed', String(lang() === code));
    button.addEventListener('click', () => setLang(code));
    switcher.append(button);
  }
  root.replaceChildren(
    el('div', { class: 'brand' }, el('strong', {}, t('appTitle')), el('span', {}, t('appSubtitle'))),
    nav,
    switcher,
  );
}
