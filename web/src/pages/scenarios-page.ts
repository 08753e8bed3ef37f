import '../scenarios/scenarios.css';
import { ApiError, apiGet, apiSend } from '../api.js';
import { el } from '../dom.js';
import { lang, t as shared, translator } from '../i18n/locale.js';
import type { Page } from '../page.js';
import { replaceParams } from '../router.js';
import type { LeversAnswer, PresetInfo, RunInfo, Summary } from '../scenarios/api-shapes.js';
import { comparisonTable } from '../scenarios/comparison-table.js';
import { toScenarioObject } from '../scenarios/custom-scenario.js';
import { fanChart, historyLegend } from '../scenarios/fan-chart.js';
import { errorKey, leverForm } from '../scenarios/lever-form.js';
import { MESSAGES } from '../scenarios/messages.js';
import {
  effectiveBaseline,
  type PageState,
  readState,
  runScenarioIds,
  stateParams,
} from '../scenarios/page-state.js';
import { presetName, presetPicker } from '../scenarios/preset-picker.js';
import { robustnessView } from '../scenarios/robustness-view.js';
import { runPanel } from '../scenarios/run-panel.js';
import { shareBar } from '../scenarios/share.js';

/**
 * Scenarios: choose presets and/or build a scenario with the levers, run the Monte Carlo on the server with
 * live progress, and read fan charts and a comparison table against the baseline. The whole state is in the
 * address (page-state.ts), so a copied link reproduces it; the user's scenario can be saved as YAML.
 */
const t = translator(MESSAGES);
/** Metrics drawn, when the summary has them. */
const METRICS = ['homicides', 'members'] as const;
/** Validation waits for a pause in typing or sliding. */
const VALIDATE_DELAY_MS = 300;

export const scenariosPage: Page = (main, params) => {
  // Every page's CSS is bundled together: this page's rules are scoped under .scenarios-page.
  const root = el('div', { class: 'scenarios-page' });
  main.append(root);
  let alive = true;
  const releases: (() => void)[] = [];
  const status = el('p', { class: 'status' }, shared('loading'));
  root.append(el('h1', {}, t('title')), el('p', { class: 'intro' }, t('intro')), status);
  Promise.all([apiGet<{ scenarios: PresetInfo[] }>('/api/scenarios'), apiGet<LeversAnswer>('/api/levers')])
    .then(([{ scenarios: presets }, levers]) => {
      if (!alive) return;
      status.remove();
      releases.push(build(root, params, presets, levers));
    })
    .catch((err: Error) => {
      if (!alive) return;
      status.textContent = `${shared('error')}: ${err.message}`;
      status.classList.add('error');
    });
  return () => {
    alive = false;
    for (const release of releases) release();
  };
};

function build(
  root: HTMLElement,
  params: URLSearchParams,
  presets: PresetInfo[],
  answer: LeversAnswer,
): () => void {
  const { levers, policy } = answer;
  const state: PageState = readState(params, { presets, levers, defaultTitle: t('customTitleDefault') });
  const custom = () => toScenarioObject(state.custom, levers);
  const basePolicies = () => presets.find((p) => p.id === state.custom.extends)?.levers.length ?? 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let validation: AbortController | undefined;
  let ranWith: string | undefined;

  const picker = presetPicker({
    presets,
    chosen: state.compare,
    baseline: state.baseline,
    t,
    onChange: (chosen, baseline) => {
      state.compare = chosen;
      state.baseline = baseline;
      changed();
    },
  });
  const form = leverForm({
    state: state.custom,
    levers,
    policyFields: policy,
    presets,
    t,
    onChange: () => changed(true),
  });

  const requestBody = (): Record<string, unknown> | undefined => {
    const scenarios: unknown[] = [...state.compare];
    if (state.custom.include) scenarios.push(custom());
    if (scenarios.length === 0) return undefined;
    const body: Record<string, unknown> = {
      scenarios,
      runs: state.runs,
      seed: state.seed,
      baseline: effectiveBaseline(state, custom().id),
    };
    if (state.years !== undefined) body.years = state.years;
    return body;
  };

  const results = el('section', { class: 'results', 'aria-labelledby': 'results-title' });
  const stale = el('p', { class: 'note stale' }, t('staleResults'));
  stale.hidden = true;

  const panel = runPanel({
    state,
    t,
    request: () => {
      const body = requestBody();
      return body ? { body } : { problem: t('pickSomething') };
    },
    onSettings: () => changed(),
    onStarted: (run: RunInfo) => {
      state.run = run.id;
      ranWith = JSON.stringify(requestBody());
      stale.hidden = true;
      // The previous run's charts would be read as this one's while it runs.
      results.replaceChildren();
      replaceParams(stateParams(state));
    },
    onDone: (run: RunInfo) => {
      if (run.summary) drawResults(results, run.summary);
    },
    onInvalid: (err: ApiError) => {
      // `scenarios.3.policies.1.options.factor`: the user's scenario is the last one sent.
      const m = /^scenarios\.(\d+)\.(.+)$/.exec(err.field ?? '');
      if (m && state.custom.include && Number(m[1]) === state.compare.length) {
        form.showError(errorKey(m[2], state.custom, basePolicies()), err.message);
      }
    },
  });
  const share = shareBar({ t, scenario: custom });
  // "How robust is this?": the chosen presets over the model's uncertain assumptions (POST /api/explore).
  const robustness = robustnessView({
    scenarios: () => state.compare,
    seed: () => state.seed,
    years: () => state.years,
    follow: params.get('explore') ?? undefined,
  });

  function refreshBaselines(): void {
    const ids = runScenarioIds(state, custom().id);
    const name = (id: string) => {
      const p = presets.find((x) => x.id === id);
      return p ? presetName(p) : state.custom.title || id;
    };
    picker.setCandidates(
      ids.map((id) => ({ id, name: name(id) })),
      effectiveBaseline(state, custom().id),
    );
  }

  function validate(): void {
    validation?.abort();
    const controller = new AbortController();
    validation = controller;
    form.clearErrors();
    form.status.textContent = t('validating');
    apiSend('POST', '/api/scenarios/validate', custom(), controller.signal)
      .then(() => {
        form.status.textContent = t('valid');
      })
      .catch((err: Error) => {
        if (controller.signal.aborted) return;
        form.status.textContent = '';
        if (err instanceof ApiError && err.status === 400)
          form.showError(errorKey(err.field ?? '', state.custom, basePolicies()), err.message);
        else form.showError('general', `${shared('error')}: ${err.message}`);
      });
  }

  function changed(scenarioEdited = false): void {
    replaceParams(stateParams(state));
    refreshBaselines();
    if (ranWith !== undefined) stale.hidden = ranWith === JSON.stringify(requestBody());
    if (scenarioEdited) {
      clearTimeout(timer);
      timer = setTimeout(validate, VALIDATE_DELAY_MS);
    }
  }

  root.append(
    el('div', { class: 'scenario-controls' }, picker.element, form.element),
    panel.element,
    stale,
    results,
    robustness.element,
    share.element,
  );
  refreshBaselines();
  if (state.custom.include || state.custom.policies.length > 0) validate();
  if (state.run) {
    ranWith = JSON.stringify(requestBody());
    panel.follow(state.run);
  }

  return () => {
    clearTimeout(timer);
    validation?.abort();
    panel.release();
    robustness.release();
    share.release();
  };
}

function drawResults(section: HTMLElement, summary: Summary): void {
  const names = (id: string) => {
    const s = summary.scenarios.find((x) => x.id === id);
    return (s && ((lang() === 'es' && s.title_es) || s.title)) || id;
  };
  const baselineId =
    summary.scenarios.find((s) => s.versusBaseline)?.versusBaseline?.baseline ?? summary.scenarios[0]?.id;
  section.replaceChildren(el('h2', { id: 'results-title' }, t('resultsTitle')));
  for (const metric of METRICS) {
    const label = t(metric);
    // The observed history is of national homicides: the other metrics have no data to meet.
    const history = metric === 'homicides' ? summary.history : undefined;
    const chart = fanChart(summary, {
      metric,
      names,
      yLabel: label,
      startLabel: t('fanStart'),
      history,
    });
    if (!chart) continue;
    section.append(
      el(
        'figure',
        { class: 'fan', 'data-metric': metric },
        el('figcaption', {}, t('fanTitle', { metric: label })),
        chart,
        ...(history ? [historyLegend(history)] : []),
      ),
    );
    const table = comparisonTable(summary, {
      metric,
      names,
      t,
      caption: t('tableTitle', { metric: label, baseline: names(baselineId ?? '') }),
    });
    if (table) section.append(el('div', { class: 'table-wrap' }, table));
  }
  section.append(el('p', { class: 'note' }, t('source', { source: summary.source.description })));
  if (summary.warnings.length > 0)
    section.append(el('ul', { class: 'warnings' }, ...summary.warnings.map((w) => el('li', {}, w))));
}
