import { ApiError } from '../api.js';
import { el } from '../dom.js';
import { formatNumber, type Translate } from '../i18n/locale.js';
import type { RunInfo } from './api-shapes.js';
import { followJob } from './follow-job.js';
import type { ScenarioMessageKey } from './messages.js';
import type { PageState } from './page-state.js';

/**
 * Runs, seed and years; the Simulate and Cancel buttons; a progress bar fed by the run's server-sent events.
 * POST /api/runs starts a run, GET /api/runs/{id}/events follows it (fetch, so a bearer token goes along),
 * DELETE /api/runs/{id} cancels it. The panel reports the finished run; the page draws it.
 */
export interface RunPanelOptions {
  state: PageState;
  t: Translate<ScenarioMessageKey>;
  /** The request body, or a message saying why there is nothing to run. */
  request: () => { body: Record<string, unknown> } | { problem: string };
  /** Runs, seed or years changed. */
  onSettings: () => void;
  onStarted: (run: RunInfo) => void;
  onDone: (run: RunInfo) => void;
  /** A 400 from POST /api/runs: the page shows it beside the control at fault (this panel's own fields first). */
  onInvalid: (err: ApiError) => void;
}

export interface RunPanel {
  element: HTMLElement;
  /** Follow a run started earlier (from the address), e.g. to show its results again. */
  follow: (id: string) => void;
  /** Stop following; cancel the run on the server if it is still going (the user left the page). */
  release: () => void;
}

export function runPanel(o: RunPanelOptions): RunPanel {
  const { state, t } = o;
  const errors = new Map<string, HTMLElement>();
  const input = (key: 'runs' | 'seed' | 'years', attrs: Record<string, string>, value?: number) => {
    const box = el('input', {
      type: 'number',
      id: `run-${key}`,
      step: '1',
      'aria-describedby': `run-${key}-error`,
      ...attrs,
    });
    if (value !== undefined) box.value = String(value);
    const error = el('span', { class: 'field-error', id: `run-${key}-error`, role: 'alert' });
    errors.set(key, error);
    box.addEventListener('input', () => {
      const n = box.valueAsNumber;
      if (key === 'years') state.years = box.value === '' ? undefined : n;
      else if (Number.isInteger(n)) state[key] = n;
      o.onSettings();
    });
    return el('div', { class: 'field' }, el('label', { for: `run-${key}` }, t(key)), box, error);
  };

  const runButton = el('button', { type: 'button', class: 'primary' }, t('run'));
  const cancelButton = el('button', { type: 'button' }, t('cancel'));
  cancelButton.disabled = true;
  const bar = el('progress', { id: 'run-progress', max: '1', value: '0', 'aria-label': t('progress') });
  bar.hidden = true;
  const message = el('p', { class: 'status', role: 'status', 'aria-live': 'polite' });

  const job = followJob<RunInfo>({
    path: '/api/runs',
    controls: { start: runButton, cancel: cancelButton, bar, message },
    texts: {
      // queuePosition is 0 for the next job: people count from 1.
      queued: (run) => t('queued', { n: run ? String((run.queuePosition ?? 0) + 1) : '…' }),
      running: (done, total) => t('running', { done, total }),
      done: (run) => t('done', { runs: formatNumber(run.request.runs, 0), seed: String(run.request.seed) }),
      cancelled: () => t('cancelled'),
      timeout: () => t('timeout'),
      failed: (message) => t('runError', { message }),
      gone: (id) => t('runGone', { id }),
      busy: () => t('busy'),
    },
    onStarted: o.onStarted,
    onDone: o.onDone,
    refused: (err) => {
      if (err instanceof ApiError && err.status === 400) {
        const own = err.field ? errors.get(err.field) : undefined;
        if (own) own.textContent = err.message;
        else o.onInvalid(err);
      }
      return err.message;
    },
    cancelOnRelease: true,
  });

  runButton.addEventListener('click', () => {
    for (const e of errors.values()) e.textContent = '';
    const req = o.request();
    if ('problem' in req) return job.say(req.problem, true);
    job.start(req.body);
  });

  const element = el(
    'fieldset',
    { class: 'run-panel' },
    el('legend', {}, t('runLegend')),
    el(
      'div',
      { class: 'run-fields' },
      input('runs', { min: '1', required: '' }, state.runs),
      input('seed', { min: '0' }, state.seed),
      input('years', { min: '1', max: '30', placeholder: t('yearsDefault') }, state.years),
    ),
    el('div', { class: 'run-buttons' }, runButton, cancelButton, bar),
    message,
  );
  return { element, follow: job.follow, release: job.release };
}
