import './style.css';
import { renderHeader } from './header.js';
import { lang, onLangChange, t } from './i18n/locale.js';
import type { Page } from './page.js';
import { auditPage } from './pages/audit-page.js';
import { hotspotsPage } from './pages/hotspots-page.js';
import { mapPage } from './pages/map-page.js';
import { networksPage } from './pages/networks-page.js';
import { scenariosPage } from './pages/scenarios-page.js';
import { currentRoute } from './router.js';

/** Entry point: the header and the page of the current hash route, redrawn on navigation and language change. */

const PAGES: Record<string, Page> = {
  map: mapPage,
  hotspots: hotspotsPage,
  audit: auditPage,
  scenarios: scenariosPage,
  networks: networksPage,
};

const header = document.getElementById('header')!;
const main = document.getElementById('page')!;
let release: (() => void) | undefined;

function render(): void {
  release?.();
  document.documentElement.lang = lang();
  document.title = `${t('appTitle')} · ${t('appSubtitle')}`;
  renderHeader(header);
  const { page, params } = currentRoute();
  const draw = PAGES[page];
  main.replaceChildren();
  if (!draw) {
    main.textContent = t('notFoundPage');
    release = undefined;
    return;
  }
  release = draw(main, params);
}

window.addEventListener('hashchange', render);
onLangChange(render);
render();
