import type { ExploreSummary } from '../../../src/explore/types.js';
import {
  headlineOutcome,
  outcomeName,
  policyIds,
  primBoxChart,
  primQuestion,
  robustnessMatrix,
  scenarioName,
  sensitivityChart,
  share,
} from '../../../src/report/explore-charts.js';
import { ApiError } from '../api.js';
import { el } from '../dom.js';
import { formatNumber, lang, translator } from '../i18n/locale.js';
import { replaceParams } from '../router.js';
import { followJob, type JobInfo } from './follow-job.js';

/**
 * "How robust is this?": the presets chosen on the Scenarios page explored over the model's uncertain
 * assumptions (POST /api/explore: a Morris screening of every uncertain parameter against the status quo),
 * followed live as the run panel follows a run (follow-job.ts), then drawn with the report's own renderers
 * (src/report/explore-charts.ts): how often each policy beats the others, the assumptions that drive each
 * policy's result, and the assumptions under which it works (PRIM boxes).
 *
 * The sweep's id lives in the address (`explore=…`), so that a redraw (a language change) or a reload shows
 * the same sweep again. Leaving the page stops following only: the server cancels a sweep nobody listens to
 * after a grace period, and a redraw listens again within it.
 */
export interface RobustnessViewOptions {
  /** The preset ids chosen on the page, read when the button is pressed. */
  scenarios: () => string[];
  seed: () => number;
  /** Years simulated after the policies start (default: explore's own, 10). */
  years: () => number | undefined;
  /** A sweep started earlier (from the address), to show again. */
  follow?: string;
}

export interface RobustnessView {
  element: HTMLElement;
  release: () => void;
}

/** Morris trajectories: about 450 experiments over every parameter, a minute or two on a laptop. */
export const EXPLORE_SAMPLES = 4;
/** Latin hypercube points: enough for PRIM to find boxes of exceptions seen in a tenth of them. */
export const LHS_POINTS = 300;
const DEFAULT_YEARS = 10;
/** Factors drawn per policy. */
const TOP_FACTORS = 8;
const BASELINE = 'status-quo';

const es = {
  title: '¿Qué tan robusto es esto?',
  intro:
    'Simula las políticas elegidas frente al statu quo en todo el rango de los supuestos inciertos del modelo para mostrar con qué frecuencia cada política supera a las demás, qué supuestos mueven su resultado (cribado de Morris: {samples} trayectorias por cada parámetro incierto) o bajo qué supuestos funciona (hipercubo latino de {points} puntos, cajas PRIM). Toma uno o dos minutos.',
  method: 'Pregunta',
  morris: 'Qué supuestos pesan (cribado de Morris)',
  lhs: 'Bajo qué supuestos funciona (hipercubo latino, PRIM)',
  explore: 'Explorar la incertidumbre',
  cancel: 'Cancelar',
  progress: 'Progreso de la exploración',
  queued: 'En cola (posición {n})…',
  running: 'Explorando: {done} de {total} experimentos',
  done: 'Listo: {experiments} experimentos sobre {factors} parámetros inciertos, semilla {seed}.',
  cancelled: 'Exploración cancelada.',
  timeout: 'La exploración excedió su tiempo y se detuvo.',
  failed: 'La exploración falló: {message}',
  busy: 'El servidor está ocupado. Intente de nuevo en unos segundos.',
  gone: 'La exploración {id} ya no está en el servidor.',
  pickPolicy: 'Elija al menos una política además del statu quo.',
  winner: 'En {outcome}, {policy} es la mejor opción en {share} de los experimentos.',
  matrix: 'Con qué frecuencia cada política supera a las demás',
  drivers: 'Los supuestos que más importan, por política',
  driversNote: 'Los nombres de los supuestos vienen del modelo y están en inglés.',
  prim: 'Bajo qué supuestos funciona cada política',
  noPrim: 'No se encontró ninguna caja.',
  primNeedsDesign:
    'El descubrimiento de escenarios (cajas PRIM) necesita experimentos repartidos de forma independiente, no el cribado de Morris: elija «Bajo qué supuestos funciona» (o atalaya explore --method lhs).',
  warnings: 'Advertencias del servidor (en inglés)',
  more: 'El análisis completo (arrepentimiento, todos los resultados, referencias) está en el informe: atalaya explore --report ARCHIVO.html.',
} as const;

type Key = keyof typeof es;

const en: Record<Key, string> = {
  title: 'How robust is this?',
  intro:
    'Simulates the chosen policies against the status quo over the whole range of the model’s uncertain assumptions to show how often each policy beats the others, and which assumptions drive its result (Morris screening: {samples} trajectories through every uncertain parameter) or under which assumptions it works (a {points}-point Latin hypercube, PRIM boxes). It takes a minute or two.',
  method: 'Question',
  morris: 'Which assumptions matter (Morris screening)',
  lhs: 'Under which assumptions it works (Latin hypercube, PRIM)',
  explore: 'Explore the uncertainty',
  cancel: 'Cancel',
  progress: 'Exploration progress',
  queued: 'Queued (position {n})…',
  running: 'Exploring: {done} of {total} experiments',
  done: 'Done: {experiments} experiments over {factors} uncertain parameters, seed {seed}.',
  cancelled: 'Exploration cancelled.',
  timeout: 'The exploration ran out of time and was stopped.',
  failed: 'The exploration failed: {message}',
  busy: 'The server is busy. Try again in a few seconds.',
  gone: 'Exploration {id} is no longer on the server.',
  pickPolicy: 'Pick at least one policy besides the status quo.',
  winner: 'On {outcome}, {policy} is the best option in {share} of the experiments.',
  matrix: 'How often each policy beats the others',
  drivers: 'The assumptions that matter most, per policy',
  driversNote: 'Assumption names come from the model.',
  prim: 'Under which assumptions each policy works',
  noPrim: 'No box was found.',
  primNeedsDesign:
    'Scenario discovery (PRIM boxes) needs experiments spread independently, not Morris screening: choose “Under which assumptions it works” (or atalaya explore --method lhs).',
  warnings: 'Warnings from the server',
  more: 'The full analysis (regret, every outcome, references) is in the report: atalaya explore --report FILE.html.',
};

const t = translator<Key>({ es, en });

interface ExploreInfo extends JobInfo {
  request: { experiments: number; factors: number; seed: number };
  summary?: ExploreSummary;
}

export function robustnessView(o: RobustnessViewOptions): RobustnessView {
  const button = el('button', { type: 'button', class: 'primary' }, t('explore'));
  const cancelButton = el('button', { type: 'button' }, t('cancel'));
  cancelButton.disabled = true;
  const bar = el('progress', { max: '1', value: '0', 'aria-label': t('progress') });
  bar.hidden = true;
  const message = el('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const results = el('div', { class: 'robustness-results' });
  const method = el(
    'select',
    { 'aria-label': t('method') },
    el('option', { value: 'morris' }, t('morris')),
    el('option', { value: 'lhs' }, t('lhs')),
  );

  const job = followJob<ExploreInfo>({
    path: '/api/explore',
    controls: { start: button, cancel: cancelButton, bar, message },
    texts: {
      queued: (info) => t('queued', { n: info ? String((info.queuePosition ?? 0) + 1) : '…' }),
      running: (done, total) => t('running', { done, total }),
      done: (info) =>
        t('done', {
          experiments: formatNumber(info.request.experiments, 0),
          factors: formatNumber(info.request.factors, 0),
          seed: String(info.request.seed),
        }),
      cancelled: () => t('cancelled'),
      timeout: () => t('timeout'),
      failed: (message) => t('failed', { message }),
      gone: (id) => t('gone', { id }),
      busy: () => t('busy'),
    },
    onStarted: (info) => replaceParams({ explore: info.id }),
    onDone: (info) => {
      if (info.summary) results.replaceChildren(drawRobustness(info.summary));
    },
    onGone: () => replaceParams({ explore: undefined }),
    refused: (err) => {
      const field = err instanceof ApiError ? err.field : undefined;
      return field ? `${field}: ${err.message}` : err.message;
    },
  });

  button.addEventListener('click', () => {
    // The status quo is the baseline the server adds; the rest are the policies explored.
    const scenarios = o.scenarios().filter((id) => id !== BASELINE);
    if (scenarios.length === 0) return job.say(t('pickPolicy'), true);
    results.replaceChildren();
    const lhs = method.value === 'lhs';
    job.start({
      scenarios,
      method: lhs ? 'lhs' : 'morris',
      samples: lhs ? LHS_POINTS : EXPLORE_SAMPLES,
      seed: o.seed(),
      years: o.years() ?? DEFAULT_YEARS,
    });
  });

  const element = el(
    'section',
    { class: 'robustness', 'aria-labelledby': 'robustness-title' },
    el('h2', { id: 'robustness-title' }, t('title')),
    el('p', { class: 'intro' }, t('intro', { samples: String(EXPLORE_SAMPLES), points: String(LHS_POINTS) })),
    el(
      'fieldset',
      // Styled as the run panel; `explore-panel` tells the two apart.
      { class: 'run-panel explore-panel' },
      el('legend', {}, t('explore')),
      el('label', { class: 'field' }, t('method'), method),
      el('div', { class: 'run-buttons' }, button, cancelButton, bar),
      message,
    ),
    results,
  );
  if (o.follow && /^[0-9a-f]{16}$/.test(o.follow)) job.follow(o.follow);
  return { element, release: job.release };
}

/**
 * The results of a sweep in the page's language: who wins on the headline outcome, the robustness matrix,
 * each policy's most influential assumptions, and the first PRIM box of each question. The renderers
 * escape every text they put in their SVG, so it can be parsed as it is.
 */
export function drawRobustness(summary: ExploreSummary): DocumentFragment {
  const locale = lang();
  const fragment = document.createDocumentFragment();
  const outcome = headlineOutcome(summary);
  if (!outcome) return fragment;
  const best = summary.regret
    .filter((r) => r.outcome === outcome)
    .sort((a, b) => b.shareBest - a.shareBest)[0];
  if (best) {
    fragment.append(
      el(
        'p',
        { class: 'robustness-finding' },
        t('winner', {
          outcome: outcomeName(summary, outcome, locale),
          policy: scenarioName(summary, best.scenario, locale),
          share: share(best.shareBest, locale),
        }),
      ),
    );
  }
  if (summary.robustness.some((r) => r.outcome === outcome)) {
    fragment.append(el('h3', {}, t('matrix')), figure(robustnessMatrix(summary, { outcome, locale })));
  }
  const policies = policyIds(summary).filter((p) =>
    summary.sensitivity.some((r) => r.scenario === p && r.outcome === outcome),
  );
  if (policies.length > 0) {
    fragment.append(el('h3', {}, t('drivers')));
    if (locale === 'es') fragment.append(el('p', { class: 'note' }, t('driversNote')));
    for (const scenario of policies) {
      fragment.append(figure(sensitivityChart(summary, { scenario, outcome, locale, top: TOP_FACTORS })));
    }
  }
  fragment.append(el('h3', {}, t('prim')));
  // A Morris design has no PRIM answers (its rows are not spread independently): say why, not nothing.
  if (summary.prim.length === 0) fragment.append(el('p', { class: 'note' }, t('primNeedsDesign')));
  else {
    summary.prim.forEach((answer, question) => {
      fragment.append(
        answer.boxes.length > 0
          ? figure(primBoxChart(summary, { question, locale }))
          : el('p', { class: 'note' }, `${primQuestion(summary, answer, locale)}: ${t('noPrim')}`),
      );
    });
  }
  if (summary.warnings.length > 0) {
    fragment.append(
      el('p', { class: 'note' }, t('warnings')),
      el('ul', { class: 'warnings' }, ...summary.warnings.map((w) => el('li', {}, w))),
    );
  }
  fragment.append(el('p', { class: 'note' }, t('more')));
  return fragment;
}

/** A chart of explore-charts.ts (an escaped, standalone SVG string) as a figure that fits the page. */
function figure(svg: string): HTMLElement {
  const template = document.createElement('template');
  template.innerHTML = svg;
  const node = template.content.firstElementChild as SVGSVGElement | null;
  node?.setAttribute('style', 'max-width:100%;height:auto');
  const out = el('figure', { class: 'robustness-chart', style: 'margin:1rem 0' });
  if (node) out.append(node);
  return out;
}
