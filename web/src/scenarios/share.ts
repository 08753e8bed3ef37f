import { el } from '../dom.js';
import type { Translate } from '../i18n/locale.js';
import { type ScenarioObject, scenarioYaml } from './custom-scenario.js';
import type { ScenarioMessageKey } from './messages.js';

/**
 * "Copy link" (the address already holds the page's state) and "Download YAML" (the user's scenario as a
 * file for `atalaya simulate` / `atalaya scenarios validate`, made in the browser: no request involved).
 */
export interface ShareOptions {
  t: Translate<ScenarioMessageKey>;
  scenario: () => ScenarioObject;
}

export interface Share {
  element: HTMLElement;
  release: () => void;
}

export function shareBar(o: ShareOptions): Share {
  const { t } = o;
  const message = el('span', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const copy = el('button', { type: 'button', class: 'copy-link' }, t('copyLink'));
  copy.addEventListener('click', () => {
    const url = location.href;
    // The Clipboard API needs a secure context; 127.0.0.1 is one, a LAN address over http is not.
    const done = navigator.clipboard?.writeText(url) ?? Promise.reject(new Error('no clipboard'));
    done.then(
      () => {
        message.textContent = t('copied');
      },
      () => {
        message.textContent = t('copyFailed');
      },
    );
  });

  let objectUrl: string | undefined;
  const download = el('button', { type: 'button', class: 'download-yaml' }, t('downloadYaml'));
  download.addEventListener('click', () => {
    const scenario = o.scenario();
    const blob = new Blob([scenarioYaml(scenario)], { type: 'application/yaml' });
    if (objectUrl) URL.revokeObjectURL(objectUrl);
    objectUrl = URL.createObjectURL(blob);
    const a = el('a', { href: objectUrl, download: `${scenario.id}.yaml` });
    document.body.append(a);
    a.click();
    a.remove();
  });

  const element = el(
    'div',
    { class: 'share' },
    el('h2', {}, t('share')),
    el('div', { class: 'share-buttons' }, copy, download, message),
    el('p', { class: 'hint' }, t('yamlHint')),
  );
  return {
    element,
    release() {
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    },
  };
}
