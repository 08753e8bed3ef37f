import { el } from '../dom.js';
import { formatNumber, formatPercent } from '../i18n/locale.js';
import { strategyName } from './disruption-chart.js';
import { nt } from './messages.js';
import type { DisruptionResult } from './types.js';

/**
 * Follow one strategy step by step: a strategy picker (only those with a single removal order: random ones
 * have none) and a range input over its steps. At each step it hands the caller the members removed so far,
 * in order, as the server listed them (`removedIds`), so the browser recomputes nothing.
 */
export interface StepState {
  strategy: string;
  step: number;
}

export interface StepSlider {
  node: HTMLElement;
}

export function createStepSlider(
  results: DisruptionResult[],
  initial: StepState | undefined,
  onStep: (state: StepState, removedIds: string[], removed: number) => void,
): StepSlider {
  const ordered = results.filter((r) => r.steps.slice(1).every((s) => s.removedIds.length > 0));
  if (ordered.length === 0) return { node: el('p', { class: 'note' }, nt('stepNone')) };

  const select = el('select', { id: 'step-strategy' });
  for (const r of ordered) select.append(el('option', { value: r.strategy }, strategyName(r.strategy)));
  const range = el('input', { type: 'range', id: 'step-slider', class: 'step-slider', min: '0', step: '1' });
  const status = el('p', { class: 'step-status', 'aria-live': 'polite' });

  const current = () => ordered.find((r) => r.strategy === select.value) ?? ordered[0];
  const update = () => {
    const result = current();
    const k = Math.min(Number(range.value), result.steps.length - 1);
    const step = result.steps[k];
    const ids = result.steps.slice(1, k + 1).flatMap((s) => s.removedIds);
    const text = nt('stepStatus', {
      removed: formatNumber(step.removed, 0),
      lcc: formatPercent(step.lccRatio, 1),
      efficiency: formatNumber(step.efficiency, 4),
    });
    status.textContent = text;
    range.setAttribute('aria-valuetext', text);
    onStep({ strategy: result.strategy, step: k }, ids, step.removed);
  };
  const resetRange = () => {
    range.max = String(current().steps.length - 1);
  };

  if (initial && ordered.some((r) => r.strategy === initial.strategy)) select.value = initial.strategy;
  resetRange();
  range.value = String(initial?.strategy === select.value ? initial.step : 0);
  select.addEventListener('change', () => {
    resetRange();
    update();
  });
  range.addEventListener('input', update);
  update();

  return {
    node: el(
      'div',
      { class: 'step-controls' },
      el(
        'div',
        { class: 'fields' },
        el('div', { class: 'field' }, el('label', { for: 'step-strategy' }, nt('stepStrategy')), select),
        el('div', { class: 'field wide' }, el('label', { for: 'step-slider' }, nt('stepLabel')), range),
      ),
      status,
    ),
  };
}
