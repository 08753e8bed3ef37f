import { formatMonth, t } from '../i18n/locale.js';

/**
 * A range input over months. The label follows the thumb at once; `onChange` is called once the thumb has
 * rested for `delayMs`, so dragging across years asks the server only for the month it stops on.
 */
export function createTimeSlider(
  months: string[],
  initial: string,
  onChange: (month: string) => void,
  delayMs = 120,
): { node: HTMLElement; dispose(): void } {
  const node = document.createElement('label');
  node.className = 'time-slider';
  const caption = document.createElement('span');
  caption.className = 'month-label';
  const input = document.createElement('input');
  input.type = 'range';
  input.min = '0';
  input.max = String(months.length - 1);
  input.value = String(Math.max(0, months.indexOf(initial)));
  input.setAttribute('aria-label', t('month'));
  const show = () => {
    caption.textContent = formatMonth(months[Number(input.value)]);
  };
  let timer: number | undefined;
  input.addEventListener('input', () => {
    show();
    clearTimeout(timer);
    timer = window.setTimeout(() => onChange(months[Number(input.value)]), delayMs);
  });
  show();
  node.append(caption, input);
  return { node, dispose: () => clearTimeout(timer) };
}
