import { el } from '../dom.js';
import { lang, type Translate } from '../i18n/locale.js';
import type { PresetInfo } from './api-shapes.js';
import type { ScenarioMessageKey } from './messages.js';

/** Checkboxes for the presets to compare, and the baseline the others are compared with. */
export interface PresetPickerOptions {
  presets: PresetInfo[];
  chosen: string[];
  baseline?: string;
  t: Translate<ScenarioMessageKey>;
  onChange: (chosen: string[], baseline: string | undefined) => void;
}

export interface PresetPicker {
  element: HTMLElement;
  /** Refill the baseline choices: the chosen presets and, when included, the user's scenario. */
  setCandidates: (ids: { id: string; name: string }[], selected: string | undefined) => void;
}

export function presetName(p: PresetInfo): string {
  return (lang() === 'es' && p.title_es) || p.title;
}

export function presetPicker(o: PresetPickerOptions): PresetPicker {
  const chosen = new Set(o.chosen);
  const baseline = el('select', { id: 'baseline', 'aria-describedby': 'baseline-hint' });
  const emit = () =>
    o.onChange(
      o.presets.filter((p) => chosen.has(p.id)).map((p) => p.id),
      baseline.value || undefined,
    );
  baseline.addEventListener('change', emit);

  const list = el('ul', { class: 'preset-list' });
  // The status quo is the usual baseline: first in the list, not among the alphabetical rest.
  const ordered = [...o.presets].sort(
    (a, b) => Number(b.id === 'status-quo') - Number(a.id === 'status-quo'),
  );
  for (const p of ordered) {
    const id = `preset-${p.id}`;
    const box = el('input', { type: 'checkbox', id, value: p.id });
    box.checked = chosen.has(p.id);
    box.addEventListener('change', () => {
      if (box.checked) chosen.add(p.id);
      else chosen.delete(p.id);
      emit();
    });
    const description = (lang() === 'es' && p.description_es) || p.description;
    const item = el('li', {}, box, el('label', { for: id }, presetName(p)));
    if (description) {
      item.append(el('span', { class: 'hint', id: `${id}-desc` }, description));
      box.setAttribute('aria-describedby', `${id}-desc`);
    }
    list.append(item);
  }

  const element = el(
    'fieldset',
    { class: 'presets' },
    el('legend', {}, o.t('presetsLegend')),
    list,
    el(
      'div',
      { class: 'field' },
      el('label', { for: 'baseline' }, o.t('baseline')),
      baseline,
      el('span', { class: 'hint', id: 'baseline-hint' }, o.t('baselineHint')),
    ),
  );
  return {
    element,
    setCandidates(ids, selected) {
      baseline.replaceChildren(...ids.map((c) => el('option', { value: c.id }, c.name)));
      if (selected) baseline.value = selected;
    },
  };
}
