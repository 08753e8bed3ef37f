import { ApiError, apiSend, followEvents } from '../api.js';
import { el } from '../dom.js';
import { formatNumber, type Translate } from '../i18n/locale.js';
import type { RunInfo, RunStatus } from './api-shapes.js';
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

const FINAL: readonly RunStatus[] = ['done', 'error', 'cancelled', 'timeout'];

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

  let current: string | undefined;
  let live = false;
  /** Cancel pressed, or the page left, before POST /api/runs answered: cancel as soon as the id is known. */
  let cancelWhenStarted = false;
  let released = false;
  let follower: AbortController | undefined;

  const say = (text: string, isError = false) => {
    message.textContent = text;
    message.classList.toggle('error', isError);
  };
  const setLive = (on: boolean) => {
    live = on;
    runButton.disabled = on;
    cancelButton.disabled = !on;
    if (on) bar.hidden = false;
  };
  const showProgress = (done: number, total: number) => {
    bar.max = Math.max(total, 1);
    bar.value = done;
    say(t('running', { done: formatNumber(done, 0), total: formatNumber(total, 0) }));
  };

  const onEvent = (event: string, data: unknown) => {
    if (event === 'progress') {
      const p = data as { done: number; total: number };
      showProgress(p.done, p.total);
      return;
    }
    const run = data as RunInfo;
    if (event === 'status') {
      if (FINAL.includes(run.status)) return; // the final event follows at once
      setLive(true);
      if (run.status === 'queued') say(t('queued', { n: String(run.queuePosition ?? 1) }));
      else showProgress(run.progress.done, run.progress.total);
      return;
    }
    if (!FINAL.includes(event as RunStatus)) return;
    setLive(false);
    bar.value = event === 'done' ? bar.max : bar.value;
    if (event === 'done') {
      say(t('done', { runs: formatNumber(run.request.runs, 0), seed: String(run.request.seed) }));
      o.onDone(run);
    } else if (event === 'cancelled') say(t('cancelled'));
    else if (event === 'timeout') say(t('timeout'), true);
    else say(t('runError', { message: run.error ?? '' }), true);
  };

  const follow = (id: string) => {
    follower?.abort();
    const controller = new AbortController();
    follower = controller;
    current = id;
    followEvents(`/api/runs/${id}/events`, onEvent, controller.signal)
      .then(() => {
        // The stream ended without a final event: the connection dropped.
        if (live && follower === controller) {
          setLive(false);
          say(t('runError', { message: 'connection closed' }), true);
        }
      })
      .catch((err: Error) => {
        if (controller.signal.aborted) return;
        setLive(false);
        if (err instanceof ApiError && err.status === 404) say(t('runGone', { id }), true);
        else say(t('runError', { message: err.message }), true);
      });
  };

  runButton.addEventListener('click', () => {
    for (const e of errors.values()) e.textContent = '';
    const req = o.request();
    if ('problem' in req) {
      say(req.problem, true);
      return;
    }
    current = undefined;
    cancelWhenStarted = false;
    setLive(true);
    bar.value = 0;
    say(t('queued', { n: '…' }));
    apiSend<RunInfo>('POST', '/api/runs', req.body)
      .then((run) => {
        if (released) return void apiSend('DELETE', `/api/runs/${run.id}`).catch(() => {});
        o.onStarted(run);
        follow(run.id);
        if (cancelWhenStarted) cancel();
      })
      .catch((err: Error) => {
        setLive(false);
        bar.hidden = true;
        if (err instanceof ApiError && err.status === 429) return say(t('busy'), true);
        if (err instanceof ApiError && err.status === 400) {
          const own = err.field ? errors.get(err.field) : undefined;
          if (own) own.textContent = err.message;
          else o.onInvalid(err);
        }
        say(t('runError', { message: err.message }), true);
      });
  });

  const cancel = () => {
    cancelButton.disabled = true;
    if (!current) {
      cancelWhenStarted = true;
      return;
    }
    // The event stream reports the outcome (`cancelled`, or `done` if the run had just finished).
    apiSend('DELETE', `/api/runs/${current}`).catch((err: Error) =>
      say(t('runError', { message: err.message }), true),
    );
  };
  cancelButton.addEventListener('click', cancel);

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
  return {
    element,
    follow,
    release() {
      released = true;
      follower?.abort();
      if (live && current) apiSend('DELETE', `/api/runs/${current}`).catch(() => {});
    },
  };
}
