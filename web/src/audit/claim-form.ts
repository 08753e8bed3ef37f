import { STATES } from '../../../src/data/states.js';
import { baseCategoryLabels } from '../../../src/report/audit/context.js';
import { el } from '../dom.js';
import { lang, translator } from '../i18n/locale.js';
import { BASES, type Basis, type ClaimFields, defaultClaim } from './claim-params.js';
import { MESSAGES } from './messages.js';

/**
 * The form above the findings: series, periods, claimed change, basis and place. It only reports what
 * the reader asked for (`onSubmit`); the page fetches, and marks a field the server refused (`markInvalid`).
 */
export interface ClaimForm {
  element: HTMLFormElement;
  markInvalid: (field: string | undefined) => void;
}

export interface ClaimFormOptions {
  claim: ClaimFields;
  onSubmit: (claim: ClaimFields) => void;
}

const m = translator(MESSAGES);
const BASIS_LABEL = {
  'daily-average': 'basisDaily',
  'monthly-total': 'basisTotal',
  'year-on-year': 'basisYearOnYear',
} as const satisfies Record<Basis, keyof (typeof MESSAGES)['es']>;

function field(label: string, control: HTMLElement, hint?: string): HTMLLabelElement {
  const node = el('label', {}, el('span', {}, label), control);
  if (hint) node.append(el('small', {}, hint));
  return node;
}

function select(name: string, options: [string, string][], value: string): HTMLSelectElement {
  const node = el('select', { name });
  for (const [v, text] of options) node.append(el('option', { value: v }, text));
  // A value given in the address that is not an option (another series id) is kept, not dropped.
  if (!options.some(([v]) => v === value)) node.append(el('option', { value }, value));
  node.value = value;
  return node;
}

/** Series the audit measures: intentional homicide and the categories a death could move into. */
function seriesOptions(): [string, string][] {
  return [...baseCategoryLabels(lang())];
}

/** The option of a series named by its full id or its short name (`homicidio-doloso`, as the CLI takes). */
function seriesValue(name: string): string {
  return seriesOptions().find(([id]) => id === name || id.endsWith(`.${name}`))?.[0] ?? name;
}

export function claimForm(options: ClaimFormOptions): ClaimForm {
  const { claim } = options;
  const text = (name: string, value: string, hint: string) =>
    el('input', { name, type: 'text', value, placeholder: hint, size: '12', spellcheck: 'false' });
  const series = select('series', seriesOptions(), seriesValue(claim.series));
  const from = text('from', claim.from, m('periodHint'));
  const to = text('to', claim.to, m('periodHint'));
  const change = text('change', claim.change, '-25%');
  const basis = select(
    'basis',
    BASES.map((b) => [b, m(BASIS_LABEL[b])]),
    claim.basis,
  );
  const state = select(
    'state',
    [['', m('national')], ...STATES.map((s): [string, string] => [s.code, s.name])],
    claim.state,
  );
  // On a year-on-year basis the server compares `to` with the same months a year earlier.
  const syncFrom = () => {
    from.disabled = basis.value === 'year-on-year';
  };
  basis.addEventListener('change', syncFrom);
  syncFrom();

  const reset = el('button', { type: 'button', class: 'link' }, m('reset'));
  const form = el(
    'form',
    { class: 'claim-form', 'aria-label': m('formTitle') },
    el('h2', {}, m('formTitle')),
    el(
      'div',
      { class: 'fields' },
      field(m('series'), series),
      field(m('from'), from),
      field(m('to'), to),
      field(m('change'), change, m('changeHint')),
      field(m('basis'), basis),
      field(m('place'), state),
    ),
    el('div', { class: 'actions' }, el('button', { type: 'submit' }, m('check')), reset),
  );
  const read = (): ClaimFields => ({
    series: series.value,
    from: from.value.trim(),
    to: to.value.trim(),
    change: change.value.trim(),
    basis: basis.value as Basis,
    state: state.value,
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    options.onSubmit(read());
  });
  reset.addEventListener('click', () => {
    const d = defaultClaim();
    series.value = seriesValue(d.series);
    [from.value, to.value, change.value, basis.value, state.value] = [
      d.from,
      d.to,
      d.change,
      d.basis,
      d.state,
    ];
    syncFrom();
    options.onSubmit(read());
  });
  const controls = { series, from, to, change, basis, state } as const;
  return {
    element: form,
    markInvalid(name) {
      for (const [k, control] of Object.entries(controls)) {
        if (k === name) control.setAttribute('aria-invalid', 'true');
        else control.removeAttribute('aria-invalid');
      }
    },
  };
}
