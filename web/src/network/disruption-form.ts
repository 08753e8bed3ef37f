import { el } from '../dom.js';
import { nt } from './messages.js';
import { STRATEGIES, STRATEGY_MESSAGE } from './role-style.js';
import type { DisruptChoice } from './types.js';

/**
 * The disruption form: strategies (checkboxes), mode, members per step, random draws and seed, and a submit
 * button. The bounds are the disrupt route's (draws ≤ the server's maxDraws, 1,000 by default: the server
 * still checks and names the field).
 */
export const DEFAULT_CHOICE: DisruptChoice = {
  strategies: ['degree', 'betweenness', 'random'],
  mode: 'sequential',
  blockSize: 1,
  draws: 100,
  seed: 1,
};

const MODES = ['sequential', 'block', 'static'] as const;

export function createDisruptionForm(
  initial: DisruptChoice,
  onRun: (choice: DisruptChoice) => void,
): { node: HTMLFormElement; setBusy(busy: boolean): void } {
  const boxes = STRATEGIES.map((s) => {
    const input = el('input', { type: 'checkbox', name: 'strategy', value: s, id: `strategy-${s}` });
    input.checked = initial.strategies.includes(s);
    return { input, node: el('label', { for: `strategy-${s}` }, input, ` ${nt(STRATEGY_MESSAGE[s])}`) };
  });
  const mode = el('select', { id: 'disrupt-mode', name: 'mode' });
  for (const m of MODES) {
    const option = el('option', { value: m }, nt(m));
    option.selected = m === initial.mode;
    mode.append(option);
  }
  const number = (id: string, value: number, min: number, max: number) =>
    el('input', {
      type: 'number',
      id,
      name: id,
      min: String(min),
      max: String(max),
      step: '1',
      value: String(value),
      required: '',
    });
  const blockSize = number('disrupt-block-size', initial.blockSize, 1, 100_000);
  const draws = number('disrupt-draws', initial.draws, 1, 1_000);
  const seed = number('disrupt-seed', initial.seed, 0, 4_294_967_295);
  const run = el('button', { type: 'submit', class: 'run' }, nt('run'));
  const message = el('p', { class: 'status', role: 'status' });

  const field = (id: string, label: string, input: HTMLElement) =>
    el('div', { class: 'field' }, el('label', { for: id }, label), input);
  const form = el(
    'form',
    { class: 'disrupt-form' },
    el('fieldset', { class: 'strategies' }, el('legend', {}, nt('strategies')), ...boxes.map((b) => b.node)),
    el(
      'div',
      { class: 'fields' },
      field('disrupt-mode', nt('mode'), mode),
      field('disrupt-block-size', nt('blockSize'), blockSize),
      field('disrupt-draws', nt('draws'), draws),
      field('disrupt-seed', nt('seed'), seed),
      run,
    ),
    message,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const strategies = boxes.filter((b) => b.input.checked).map((b) => b.input.value);
    if (strategies.length === 0) {
      message.textContent = nt('chooseOne');
      return;
    }
    message.textContent = '';
    onRun({
      strategies,
      mode: mode.value as DisruptChoice['mode'],
      blockSize: blockSize.valueAsNumber,
      draws: draws.valueAsNumber,
      seed: seed.valueAsNumber,
    });
  });
  return {
    node: form,
    setBusy(busy) {
      run.disabled = busy;
    },
  };
}
