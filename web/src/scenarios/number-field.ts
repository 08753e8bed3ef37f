import { el } from '../dom.js';
import { formatNumber } from '../i18n/locale.js';
import type { OptionInfo } from './api-shapes.js';

/**
 * A slider with a number box beside it, for one numeric option. The bounds are the schema's (from
 * /api/levers); where the schema sets no maximum the slider stops at a soft one, but the box takes any value
 * and the server's validation has the last word (its message lands in `error`).
 */
export interface NumberFieldOptions {
  id: string;
  label: string;
  info: OptionInfo;
  value: number;
  onValue: (value: number) => void;
  /** "default {value}" in the page's language. */
  describeDefault: (value: string) => string;
  /** "no maximum in the model; the slider goes to {max}". */
  describeSoftMax: (max: string) => string;
  /** The label's language when it is not the page's (the model's option descriptions are English). */
  labelLang?: string;
}

export interface NumberField {
  element: HTMLElement;
  error: HTMLElement;
  set(value: number): void;
}

/** Where the slider stops when the schema has no maximum: a few times the cited default. */
export function softMax(info: OptionInfo): number {
  const lo = info.min ?? 0;
  const def = typeof info.default === 'number' ? info.default : lo;
  return Math.max(lo + (info.type === 'integer' ? 10 : 1), def > 0 ? def * 4 : 1);
}

/** A step of 1, 2 or 5 × 10^k giving about 100–250 positions over the range (whole numbers for integers). */
export function sliderStep(info: OptionInfo, max: number): number {
  if (info.type === 'integer') return 1;
  const span = max - (info.min ?? 0);
  const raw = span / 200;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw) ?? raw;
  return Number(step.toPrecision(1));
}

export function numberField(o: NumberFieldOptions): NumberField {
  const max = o.info.max ?? softMax(o.info);
  const min = o.info.min ?? 0;
  const labelId = `${o.id}-label`;
  const errorId = `${o.id}-error`;
  const hintId = `${o.id}-hint`;
  const range = el('input', {
    type: 'range',
    id: `${o.id}-range`,
    min: String(min),
    max: String(max),
    step: String(sliderStep(o.info, max)),
    'aria-labelledby': labelId,
    'aria-describedby': `${hintId} ${errorId}`,
  });
  const box = el('input', {
    type: 'number',
    id: o.id,
    step: o.info.type === 'integer' ? '1' : 'any',
    'aria-describedby': `${hintId} ${errorId}`,
  });
  if (o.info.min !== undefined) box.min = String(o.info.min);
  if (o.info.max !== undefined) box.max = String(o.info.max);
  const error = el('span', { class: 'field-error', id: errorId, role: 'alert' });

  const hints = [o.describeDefault(formatNumber(Number(o.info.default), 4))];
  hints.push(
    o.info.max === undefined
      ? o.describeSoftMax(formatNumber(max, 4))
      : `${formatNumber(min, 4)}–${formatNumber(max, 4)}`,
  );
  const hint = el('span', { class: 'hint', id: hintId }, hints.join('; '));

  const set = (value: number) => {
    range.value = String(Math.min(max, Math.max(min, value)));
    box.value = String(value);
  };
  set(o.value);
  range.addEventListener('input', () => {
    box.value = range.value;
    o.onValue(Number(range.value));
  });
  box.addEventListener('input', () => {
    // An empty or half-typed box is not a value yet; wait for the next keystroke.
    if (box.value === '' || !Number.isFinite(box.valueAsNumber)) return;
    range.value = String(Math.min(max, Math.max(min, box.valueAsNumber)));
    o.onValue(box.valueAsNumber);
  });

  const label = el('label', { id: labelId, for: o.id }, o.label);
  if (o.labelLang) label.lang = o.labelLang;
  const element = el(
    'div',
    { class: 'number-field' },
    label,
    el('div', { class: 'inputs' }, range, box),
    hint,
    error,
  );
  return { element, error, set };
}
