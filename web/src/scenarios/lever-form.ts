import { el } from '../dom.js';
import { lang, type Translate } from '../i18n/locale.js';
import type { LeverInfo, OptionInfo, PresetInfo } from './api-shapes.js';
import type { CustomState, OptionValue, PolicyState } from './custom-scenario.js';
import type { ScenarioMessageKey } from './messages.js';
import { numberField } from './number-field.js';

/**
 * The editor of the user's own scenario: whether to include it, its title, the preset it starts from, and one
 * fieldset per lever (turned on with a checkbox) with sliders for intensity, ramp and every numeric option.
 * It edits `state` in place and calls `onChange`; errors from the server's validation are shown with
 * `showError(key, message)` beside the control they name (keys from `errorKey`).
 */
export interface LeverFormOptions {
  state: CustomState;
  levers: LeverInfo[];
  policyFields: Record<string, OptionInfo>;
  presets: PresetInfo[];
  t: Translate<ScenarioMessageKey>;
  onChange: () => void;
}

export interface LeverForm {
  element: HTMLElement;
  showError(key: string, message: string): void;
  clearErrors(): void;
  /** A line under the form: "valid", "validating…" or a problem no control owns. */
  status: HTMLElement;
}

/** The error key of a field path within the user's scenario (`policies.2.options.factor` → `recruitment.options.factor`). */
export function errorKey(path: string, state: CustomState, basePolicies: number): string {
  const m = /^policies\.(\d+)(?:\.(.+))?$/.exec(path);
  if (m) {
    const own = state.policies[Number(m[1]) - basePolicies];
    if (!own) return 'extends';
    return m[2] ? `${own.lever}.${m[2]}` : own.lever;
  }
  if (path === 'id' || path === 'title') return 'title';
  if (path === 'extends') return 'extends';
  return 'general';
}

export function leverForm(o: LeverFormOptions): LeverForm {
  const { state, t } = o;
  const errors = new Map<string, HTMLElement>();
  const status = el('p', { class: 'status', role: 'status' });
  errors.set('general', status);
  const slot = (key: string, id: string) => {
    const e = el('span', { class: 'field-error', id, role: 'alert' });
    errors.set(key, e);
    return e;
  };

  const include = el('input', { type: 'checkbox', id: 'custom-include' });
  include.checked = state.include;
  include.addEventListener('change', () => {
    state.include = include.checked;
    o.onChange();
  });

  const title = el('input', { type: 'text', id: 'custom-title', 'aria-describedby': 'custom-title-error' });
  title.value = state.title;
  title.addEventListener('input', () => {
    state.title = title.value;
    o.onChange();
  });

  const base = el('select', {
    id: 'custom-extends',
    'aria-describedby': 'custom-extends-hint custom-extends-error',
  });
  base.append(el('option', { value: '' }, t('extendsNone')));
  for (const p of o.presets) base.append(el('option', { value: p.id }, presetTitle(p)));
  base.value = state.extends ?? '';
  base.addEventListener('change', () => {
    state.extends = base.value || undefined;
    o.onChange();
  });

  const head = el(
    'div',
    { class: 'custom-head' },
    el('div', { class: 'check' }, include, el('label', { for: 'custom-include' }, t('customInclude'))),
    el(
      'div',
      { class: 'field' },
      el('label', { for: 'custom-title' }, t('customTitle')),
      title,
      slot('title', 'custom-title-error'),
    ),
    el(
      'div',
      { class: 'field' },
      el('label', { for: 'custom-extends' }, t('extendsLabel')),
      base,
      el('span', { class: 'hint', id: 'custom-extends-hint' }, t('extendsHint')),
      slot('extends', 'custom-extends-error'),
    ),
  );

  const list = el('div', { class: 'lever-list' });
  for (const lever of o.levers) list.append(leverFieldset(lever, o, slot));

  const element = el(
    'fieldset',
    { class: 'custom' },
    el('legend', {}, t('customLegend')),
    head,
    el('h3', {}, t('leversLegend')),
    el('p', { class: 'note' }, t('leversNote')),
    list,
    status,
  );
  return {
    element,
    status,
    showError(key, message) {
      const target = errors.get(key) ?? status;
      target.textContent = message;
      target.classList.add('error');
      if (!target.id) return;
      for (const c of element.querySelectorAll(`[aria-describedby~="${target.id}"]`))
        c.setAttribute('aria-invalid', 'true');
    },
    clearErrors() {
      for (const e of errors.values()) {
        e.textContent = '';
        e.classList.remove('error');
      }
      for (const c of element.querySelectorAll('[aria-invalid]')) c.removeAttribute('aria-invalid');
    },
  };
}

function presetTitle(p: PresetInfo): string {
  return (lang() === 'es' && p.title_es) || p.title;
}

function leverFieldset(
  lever: LeverInfo,
  o: LeverFormOptions,
  slot: (key: string, id: string) => HTMLElement,
): HTMLElement {
  const { state, t } = o;
  const policy = () => state.policies.find((p) => p.lever === lever.id);
  const prefix = `lever-${lever.id}`;
  const on = el('input', { type: 'checkbox', id: `${prefix}-on`, 'aria-controls': `${prefix}-body` });
  on.checked = !!policy();
  const body = el('div', { class: 'lever-body', id: `${prefix}-body` });
  body.hidden = !on.checked;
  on.addEventListener('change', () => {
    if (on.checked && !policy()) state.policies.push({ lever: lever.id, options: {} });
    if (!on.checked) state.policies = state.policies.filter((p) => p.lever !== lever.id);
    body.hidden = !on.checked;
    o.onChange();
  });

  const setValue = (apply: (p: PolicyState) => void) => {
    const p = policy();
    if (!p) return;
    apply(p);
    o.onChange();
  };
  const fields: { reset: () => void }[] = [];

  for (const name of ['intensity', 'rampMonths'] as const) {
    const info = o.policyFields[name];
    if (!info) continue;
    const def = Number(info.default);
    const field = numberField({
      id: `${prefix}-${name}`,
      label: t(name),
      info,
      value: policy()?.[name] ?? def,
      describeDefault: (v) => t('defaultValue', { value: v }),
      describeSoftMax: (m) => t('noUpperBound', { max: m }),
      onValue: (v) =>
        setValue((p) => {
          if (v === def) delete p[name];
          else p[name] = v;
        }),
    });
    field.error.remove();
    field.element.append(slot(`${lever.id}.${name}`, `${prefix}-${name}-error`));
    fields.push({ reset: () => field.set(def) });
    body.append(field.element);
  }

  for (const [name, info] of Object.entries(lever.options)) {
    const id = `${prefix}-o-${name}`;
    const key = `${lever.id}.options.${name}`;
    const store = (v: OptionValue) =>
      setValue((p) => {
        if (v === (info.default ?? info.central)) delete p.options[name];
        else p.options[name] = v;
      });
    if (info.type === 'boolean') {
      const box = el('input', { type: 'checkbox', id, 'aria-describedby': `${id}-error` });
      const value = policy()?.options[name] ?? info.default;
      box.checked = value === true;
      box.addEventListener('change', () => store(box.checked));
      fields.push({ reset: () => (box.checked = info.default === true) });
      body.append(
        el(
          'div',
          { class: 'check option' },
          box,
          el('label', { for: id, lang: 'en' }, `${name}: ${info.description ?? ''}`),
          slot(key, `${id}-error`),
        ),
      );
    } else if (info.type === 'number' || info.type === 'integer') {
      const stored = policy()?.options[name];
      // An effect size left to a drawn parameter starts at the parameter's central value; left there, it
      // stays unset (drawn in each run).
      const def = Number(info.default ?? info.central);
      const field = numberField({
        id,
        label: `${name}: ${info.description ?? ''}`,
        labelLang: 'en',
        info: { ...info, default: def },
        value: typeof stored === 'number' ? stored : def,
        describeDefault: (v) =>
          info.param ? t('drawnValue', { value: v, param: info.param }) : t('defaultValue', { value: v }),
        describeSoftMax: (m) => t('noUpperBound', { max: m }),
        onValue: store,
      });
      field.error.remove();
      field.element.append(slot(key, `${id}-error`));
      fields.push({ reset: () => field.set(def) });
      body.append(field.element);
    }
  }

  const reset = el('button', { type: 'button', class: 'reset' }, t('reset'));
  reset.addEventListener('click', () => {
    for (const f of fields) f.reset();
    setValue((p) => {
      delete p.intensity;
      delete p.rampMonths;
      p.options = {};
    });
  });
  body.prepend(
    el('p', { class: 'note', lang: 'en' }, lever.description),
    el(
      'details',
      { class: 'evidence' },
      el('summary', {}, t('evidence')),
      el('p', { lang: 'en' }, lever.evidence),
    ),
  );
  body.append(reset);

  return el(
    'fieldset',
    { class: 'lever', 'data-lever': lever.id },
    el(
      'legend',
      {},
      on,
      el('label', { for: `${prefix}-on` }, lever.title[lang()]),
      slot(lever.id, `${prefix}-error`),
    ),
    body,
  );
}
