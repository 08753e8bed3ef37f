import '../network/network.css';
import { ApiError, apiSend } from '../api.js';
import { el } from '../dom.js';
import { formatNumber, t } from '../i18n/locale.js';
import { disruptionCharts } from '../network/disruption-chart.js';
import { createDisruptionForm, DEFAULT_CHOICE } from '../network/disruption-form.js';
import { createFileInput } from '../network/file-input.js';
import { nt } from '../network/messages.js';
import { createNetworkView, type NetworkView } from '../network/network-view.js';
import { createStepSlider, type StepState } from '../network/step-slider.js';
import type { DescribeAnswer, DisruptAnswer, DisruptChoice, NetworkFile } from '../network/types.js';
import type { Page } from '../page.js';

/**
 * Networks: a network file from the user's disk, read in the browser and posted as text to the local server
 * (/api/network/describe with `layout: true`, then /api/network/disrupt), drawn coloured by role, with
 * disruption curves and a step slider that greys out the removed members.
 *
 * Network files are investigations' data: the page keeps them only in this module's memory (so that a
 * language switch, which redraws the page, does not lose them), never in localStorage or elsewhere, and
 * sends them nowhere but this server. "Forget this network" drops them.
 */
interface Session {
  file: NetworkFile;
  description?: DescribeAnswer;
  disruption?: DisruptAnswer;
  step?: StepState;
}

let session: Session | undefined;
let attributes: NetworkFile['attributes'];
let idPrefix = '';
let choice: DisruptChoice = DEFAULT_CHOICE;

export const networksPage: Page = (root) => {
  let alive = true;
  let pending: AbortController | undefined;
  let view: NetworkView | undefined;

  const status = el('p', { class: 'status', 'aria-live': 'polite' });
  const summary = el('div', { class: 'network-summary' });
  const viewSlot = el('div', { class: 'network-view-slot' });
  const charts = el('div', { class: 'charts-slot' });
  const steps = el('div', { class: 'steps-slot' });
  // Under the drawing, so that moving the slider shows the network change without scrolling.
  const stepBlock = el('div', { class: 'step-block', hidden: '' }, el('h3', {}, nt('stepTitle')), steps);
  const forget = el('button', { type: 'button', class: 'forget' }, nt('forget'));
  const form = createDisruptionForm(choice, (c) => {
    choice = c;
    runDisruption().catch(fail);
  });
  const networkSection = el(
    'section',
    { class: 'network-section', hidden: '' },
    el('h2', {}, nt('viewTitle')),
    summary,
    el('p', { class: 'note' }, nt('rolesNote')),
    viewSlot,
    stepBlock,
    forget,
  );
  const disruptSection = el(
    'section',
    { class: 'disrupt-section', hidden: '' },
    el('h2', {}, nt('disruptTitle')),
    form.node,
    charts,
  );
  const files = createFileInput({
    idPrefix,
    onNetwork: (file) => {
      readText(file)
        .then((text) => {
          session = { file: { name: file.name, text } };
          return describe();
        })
        .catch(fail);
    },
    onAttributes: (file, prefix) => {
      idPrefix = prefix;
      const read = file
        ? readText(file).then((text) => ({ name: file.name, text }))
        : Promise.resolve(undefined);
      read
        .then((a) => {
          attributes = a;
          if (session) return describe();
          setStatus('');
        })
        .catch(fail);
    },
  });
  root.append(
    el('h1', {}, nt('title')),
    el('p', { class: 'intro' }, nt('intro')),
    el('p', { class: 'privacy note' }, nt('privacy')),
    files,
    status,
    networkSection,
    disruptSection,
  );

  forget.addEventListener('click', () => {
    pending?.abort();
    session = undefined;
    attributes = undefined;
    for (const input of files.querySelectorAll('input[type=file]')) (input as HTMLInputElement).value = '';
    networkSection.hidden = true;
    disruptSection.hidden = true;
    setStatus('');
  });

  /** The file's text, read locally; errors here are the browser's, not the server's. */
  async function readText(file: File): Promise<string> {
    setStatus(nt('reading', { name: file.name }));
    try {
      return await file.text();
    } catch (err) {
      throw new Error(nt('fileError', { message: (err as Error).message }));
    }
  }

  /** The fields every network route takes: the text and what is needed to read it. */
  function networkBody(s: Session) {
    const a = s.file.attributes;
    return {
      text: s.file.text,
      name: s.file.name,
      ...(a ? { attributes: a.text, ...(s.file.idPrefix ? { idPrefix: s.file.idPrefix } : {}) } : {}),
    };
  }

  async function describe(): Promise<void> {
    const s = session;
    if (!s) return;
    s.file.attributes = attributes;
    s.file.idPrefix = idPrefix || undefined;
    s.description = undefined;
    s.disruption = undefined;
    s.step = undefined;
    networkSection.hidden = true;
    disruptSection.hidden = true;
    setStatus(nt('analysing', { name: s.file.name }));
    const answer = await request<DescribeAnswer>('/api/network/describe', {
      ...networkBody(s),
      layout: true,
    });
    if (!alive || session !== s) return;
    s.description = answer;
    setStatus('');
    showNetwork(s);
  }

  async function runDisruption(): Promise<void> {
    const s = session;
    if (!s?.description) return;
    form.setBusy(true);
    setStatus(nt('running', { count: formatNumber(choice.strategies.length, 0) }));
    try {
      const answer = await request<DisruptAnswer>('/api/network/disrupt', { ...networkBody(s), ...choice });
      if (!alive || session !== s) return;
      s.disruption = answer;
      s.step = undefined;
      setStatus('');
      showDisruption(s);
    } finally {
      form.setBusy(false);
    }
  }

  function request<T>(path: string, body: unknown): Promise<T> {
    pending?.abort();
    pending = new AbortController();
    return apiSend<T>('POST', path, body, pending.signal);
  }

  function showNetwork(s: Session): void {
    const d = s.description!;
    summary.replaceChildren(
      el(
        'p',
        { class: 'summary' },
        nt('summary', {
          name: s.file.name,
          n: formatNumber(d.n, 0),
          m: formatNumber(d.m, 0),
          density: formatNumber(d.density, 3),
          components: formatNumber(d.components.count, 0),
          largest: formatNumber(d.components.largestSize, 0),
        }),
        ' ',
        nt('formatNote', { format: d.format, directed: nt(d.directed ? 'directed' : 'undirected') }),
      ),
      ...(d.warnings.length > 0
        ? [el('ul', { class: 'warnings' }, ...d.warnings.map((w) => el('li', {}, w)))]
        : []),
    );
    view = createNetworkView(d);
    viewSlot.replaceChildren(view.node);
    networkSection.hidden = false;
    disruptSection.hidden = false;
    charts.replaceChildren();
    steps.replaceChildren();
    stepBlock.hidden = true;
    if (s.disruption) showDisruption(s);
  }

  function showDisruption(s: Session): void {
    const results = s.disruption!.results;
    const drawCharts = (marker?: number) => {
      // Redrawn at every step for its marker: keep the table of numbers open if the reader opened it.
      const open = charts.querySelector('details')?.open ?? false;
      charts.replaceChildren(disruptionCharts(results, { marker, width: chartWidth() }));
      const details = charts.querySelector('details');
      if (details) details.open = open;
    };
    drawCharts();
    const slider = createStepSlider(results, s.step, (state, ids, removed) => {
      s.step = state;
      view?.setRemoved(ids);
      drawCharts(removed);
    });
    steps.replaceChildren(slider.node);
    stepBlock.hidden = false;
  }

  /** Two charts side by side when there is room, one above the other otherwise. */
  function chartWidth(): number {
    const w = root.clientWidth || 1100;
    return Math.max(300, Math.min(560, w >= 1000 ? w / 2 - 30 : w - 20));
  }

  function setStatus(text: string, error = false): void {
    status.textContent = text;
    status.classList.toggle('error', error);
    status.setAttribute('role', error ? 'alert' : 'status');
  }

  function fail(err: unknown): void {
    if (!alive || (err as Error).name === 'AbortError') return;
    setStatus(errorText(err, session?.file.name ?? ''), true);
  }

  if (session?.description) showNetwork(session);

  return () => {
    alive = false;
    pending?.abort();
  };
};

/** The server's own message (it names the file, line and field), with what kind of failure it was. */
function errorText(err: unknown, name: string): string {
  const message = (err as Error).message;
  if (!(err instanceof ApiError)) return `${t('error')}: ${message}`;
  if (err.status === 413) return nt('tooBig', { name, message });
  if (err.status === 400 || err.status === 422) return nt('readError', { name, message });
  return nt('serverError', { status: String(err.status), message });
}
