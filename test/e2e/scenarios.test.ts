import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parse } from 'yaml';
import { packageRoot } from '../../src/data/locate.js';
import { listen, type RunningServer } from '../../src/server/listen.js';
import { HISTORY } from '../fixtures/history-band.js';
import { describeWithBrowser, screenshot, useBrowser, WEB_DIR } from './browser.js';

/**
 * The Scenarios page in a real browser against the real server: presets and levers with the schema's
 * ranges, validation errors beside the control at fault, a small Monte Carlo followed to the end whose
 * table shows exactly the run's summary, cancellation, a busy server (429), the share link and the YAML
 * download checked with the real CLI. The simulator needs no imported data: with an empty home it runs
 * the built-in description of the groups. Every wait is on a selector or a condition.
 */
const WAIT = 120_000;
const CLI = join(packageRoot(), 'dist', 'cli', 'main.js');
/** Chromium logs failed requests as console errors; the tests that provoke a 400 or 429 expect them. */
const expectedHttpError = (status: number) => (e: string) =>
  e.includes(`the server responded with a status of ${status}`);

interface Point {
  t: number;
  p50: number;
}
interface RunAnswer {
  status: string;
  request: { runs: number; seed: number; scenarios: string[] };
  summary: {
    horizons: { years: number; t: number }[];
    scenarios: {
      id: string;
      metrics: Record<string, { series: Point[] }>;
      versusBaseline?: { baseline: string; metrics: Record<string, Point[]> };
    }[];
  };
}

describeWithBrowser('scenarios page end to end (Chromium)', () => {
  let server: RunningServer;
  let busy: RunningServer | undefined;
  const session = useBrowser(WAIT);
  const home = mkdtempSync(join(tmpdir(), 'atalaya-e2e-scenarios-'));

  beforeAll(async () => {
    server = await listen({ home, host: '127.0.0.1', port: 0, webDir: WEB_DIR });
  }, 120_000);

  afterAll(async () => {
    await busy?.close();
    await server?.close();
  });

  async function open(path: string, options: { base?: string; english?: boolean } = {}): Promise<Page> {
    const page = await session.open(`${options.base ?? server.url}${path}`, {
      context: { acceptDownloads: true },
      beforeGoto: async (context) => {
        if (options.english) await context.addInitScript(() => localStorage.setItem('atalaya.lang', 'en'));
      },
    });
    await page.locator('fieldset.custom').waitFor();
    return page;
  }

  async function api<T>(path: string, init?: RequestInit): Promise<T> {
    const res = await fetch(`${server.url}${path}`, init);
    return (await res.json()) as T;
  }

  const runId = (page: Page) => new URL(page.url().replace('#/scenarios?', '?')).searchParams.get('run');

  it('opens in Spanish with every preset and the levers’ ranges from the schema; a bad value is flagged at its control', async () => {
    const page = await open('/#/scenarios');
    expect(await page.locator('h1').textContent()).toBe('Escenarios de política');
    const { scenarios } = await api<{ scenarios: { id: string }[] }>('/api/scenarios');
    expect(await page.locator('.preset-list input[type=checkbox]').count()).toBe(scenarios.length);
    expect(await page.locator('#preset-status-quo').isChecked()).toBe(true);
    expect(await page.locator('#baseline').inputValue()).toBe('status-quo');

    // Turn on "Reducir el reclutamiento": its factor slider has the schema's bounds (0–2) and default.
    await page.locator('#lever-recruitment-on').check();
    expect(await page.locator('fieldset.lever[data-lever=recruitment] legend label').textContent()).toBe(
      'Reducir el reclutamiento (supuesto)',
    );
    const factor = page.locator('#lever-recruitment-o-factor-range');
    expect([await factor.getAttribute('min'), await factor.getAttribute('max')]).toEqual(['0', '2']);
    expect(await page.locator('#lever-recruitment-o-factor').inputValue()).toBe('0.5');
    await page.locator('fieldset.custom .status', { hasText: 'Escenario válido.' }).waitFor();

    // Intensity above its maximum (3): the server's 400 names the field and lands beside that box.
    const intensity = page.locator('#lever-recruitment-intensity');
    await intensity.fill('5');
    const error = page.locator('#lever-recruitment-intensity-error');
    await expect.poll(() => error.textContent()).toMatch(/3/);
    expect(await intensity.getAttribute('aria-invalid')).toBe('true');
    await intensity.fill('1');
    await page.locator('fieldset.custom .status', { hasText: 'Escenario válido.' }).waitFor();
    expect(await error.textContent()).toBe('');
    await screenshot(page, 'scenarios-es');
    expect(session.errors.filter((e) => !expectedHttpError(400)(e))).toEqual([]);
  });

  it('runs presets and a lower-recruitment scenario to the end; the table shows the run’s summary', async () => {
    const page = await open('/#/scenarios?compare=status-quo,kingpin-targeting&runs=100&seed=1');
    await page.locator('#run-runs').fill('16');
    await page.locator('#run-seed').fill('5');
    await page.locator('#custom-include').check();
    await page.locator('#custom-title').fill('Menos reclutas');
    await page.locator('#lever-recruitment-on').check();
    // Keyboard: the factor slider moves with the arrow keys, then the box takes an exact value.
    await page.locator('#lever-recruitment-o-factor-range').focus();
    await page.keyboard.press('ArrowLeft');
    expect(Number(await page.locator('#lever-recruitment-o-factor').inputValue())).toBeLessThan(0.5);
    await page.locator('#lever-recruitment-o-factor').fill('0.2');
    await page.locator('fieldset.custom .status', { hasText: 'Escenario válido.' }).waitFor();

    await page.getByRole('button', { name: 'Simular' }).click();
    await page.locator('table.comparison[data-metric=homicides]').waitFor();
    await page.locator('.run-panel .status', { hasText: 'Listo' }).waitFor();
    const progress = page.locator('progress#run-progress');
    expect(await progress.evaluate((p: HTMLProgressElement) => p.value === p.max && p.max > 1)).toBe(true);
    expect(await page.locator('figure.fan[data-metric=homicides] svg').count()).toBeGreaterThan(0);

    const id = runId(page);
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    const run = await api<RunAnswer>(`/api/runs/${id}`);
    expect(run.status).toBe('done');
    expect(run.request).toMatchObject({
      runs: 16,
      seed: 5,
      scenarios: ['status-quo', 'kingpin-targeting', 'menos-reclutas'],
    });

    // Every median and change shown is the summary's, formatted in es-MX.
    const cells = await page.locator('table.comparison[data-metric=homicides] tbody td').evaluateAll((tds) =>
      tds.map((td) => ({
        scenario: td.closest('tr')?.getAttribute('data-scenario'),
        t: Number(td.getAttribute('data-t')),
        value: td.querySelector('.value')?.getAttribute('data-value'),
        text: td.querySelector('.value')?.textContent,
        change: td.querySelector('.change')?.getAttribute('data-change'),
        changeText: td.querySelector('.change')?.textContent,
      })),
    );
    expect(cells.length).toBe(3 * run.summary.horizons.length);
    for (const c of cells) {
      const s = run.summary.scenarios.find((x) => x.id === c.scenario)!;
      const p50 = s.metrics.homicides.series.find((p) => p.t === c.t)!.p50;
      expect(Number(c.value)).toBe(p50);
      expect(c.text).toBe(new Intl.NumberFormat('es-MX', { maximumFractionDigits: 0 }).format(p50));
      const diff = s.versusBaseline?.metrics.homicides.find((p) => p.t === c.t);
      if (diff) expect(Number(c.change)).toBe(diff.p50);
      else expect(c.change).toBeUndefined();
    }
    // Recruitment cut to a fifth: fewer homicides than the status quo ten years on (the paper's finding).
    const last = run.summary.horizons.at(-1)!.t;
    const mine = cells.find((c) => c.scenario === 'menos-reclutas' && c.t === last)!;
    expect(Number(mine.change)).toBeLessThan(0);
    expect(mine.changeText).toMatch(/^-|^−/);
    expect(await page.locator('table.comparison[data-metric=members]').count()).toBe(1);
    await screenshot(page, 'scenarios-results-es');

    // Switching language redraws the page; the run named in the address is shown again, in English.
    await page.locator('.lang button[lang="en"]').click();
    await page.locator('h1', { hasText: 'Policy scenarios' }).waitFor();
    const table = page.locator('table.comparison[data-metric=homicides]');
    await table.waitFor();
    expect(await table.locator('thead th').last().textContent()).toBe(`${last} (year 10)`);
    const shown = await table
      .locator(`tr[data-scenario=status-quo] td[data-t="${last}"] .value`)
      .textContent();
    const p50 = run.summary.scenarios[0].metrics.homicides.series.find((p) => p.t === last)!.p50;
    expect(shown).toBe(new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 }).format(p50));
    expect(runId(page)).toBe(id);
    expect(session.errors).toEqual([]);
  });

  it('draws the observed history over the filtered band when the run’s summary has one', async () => {
    const started = await api<{ id: string }>('/api/runs', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ scenarios: ['status-quo', 'halve-recruitment'], runs: 4, seed: 3 }),
    });
    await expect
      .poll(async () => (await api<RunAnswer>(`/api/runs/${started.id}`)).status, { timeout: WAIT })
      .toBe('done');
    // The run's `done` event is given a history, as an anchored run's summary carries one.
    const page = await session.open(
      `${server.url}/#/scenarios?compare=status-quo,halve-recruitment&runs=4&seed=3&run=${started.id}`,
      {
        beforeGoto: async (context) => {
          await context.route('**/api/runs/*/events', async (route) => {
            const res = await route.fetch();
            const body = (await res.text()).replace(/^(event: done\ndata: )(.*)$/m, (_, head, json) => {
              const data = JSON.parse(json);
              data.summary.history = HISTORY;
              return `${head}${JSON.stringify(data)}`;
            });
            await route.fulfill({ response: res, body });
          });
        },
      },
    );
    const figure = page.locator('figure.fan[data-metric=homicides]');
    await figure.locator('.history-legend').waitFor();
    expect(await figure.locator('.history-legend .legend-row').textContent()).toBe(
      'Observado (INEGI; SESNSP × razón en años recientes)Banda filtrada (90%)',
    );
    expect(await figure.locator('.history-legend .note').textContent()).toContain(
      'SESNSP 2025-06 vintage, hasta 2025-06',
    );
    // The observed years shown are those of the four before the policies start: INEGI circles, SESNSP triangles.
    const { summary } = await api<{ summary: { scenarios: { start: string }[] } }>(`/api/runs/${started.id}`);
    const shown = HISTORY.observed.filter((o) => o.t >= Number(summary.scenarios[0].start.slice(0, 4)) - 4);
    const titles = await figure.locator('svg g[aria-label="dot"] title').allTextContents();
    expect(titles.map((t) => Number(t.slice(0, 4)))).toEqual(shown.map((o) => o.t));
    expect(await figure.locator('svg g[aria-label="dot"] circle').count()).toBe(
      shown.filter((o) => o.source === 'INEGI').length,
    );
    expect(await figure.locator('svg g[aria-label="dot"] path').count()).toBe(
      shown.filter((o) => o.source === 'SESNSP').length,
    );
    expect(await figure.locator('svg g[aria-label="area"][fill="#7a7a7a"]').count()).toBe(1);
    expect(await page.locator('figure.fan[data-metric=members] .history-legend').count()).toBe(0);
    await screenshot(page, 'scenarios-history-es');
    expect(session.errors).toEqual([]);
  });

  it('cancels a run and reports it cancelled', async () => {
    const page = await open('/#/scenarios?compare=status-quo,halve-recruitment&runs=2000&seed=1');
    await page.getByRole('button', { name: 'Simular' }).click();
    const cancel = page.locator('.run-panel:not(.explore-panel)').getByRole('button', { name: 'Cancelar' });
    await expect.poll(() => cancel.isEnabled()).toBe(true);
    await expect.poll(() => runId(page)).toMatch(/^[0-9a-f]{16}$/);
    await cancel.click();
    await page.locator('.run-panel .status', { hasText: 'Simulación cancelada.' }).waitFor();
    expect((await api<RunAnswer>(`/api/runs/${runId(page)}`)).status).toBe('cancelled');
    expect(await page.getByRole('button', { name: 'Simular' }).isEnabled()).toBe(true);
    expect(session.errors).toEqual([]);
  });

  it('cancels the run on the server when the user leaves the page mid-run', async () => {
    const page = await open('/#/scenarios?compare=status-quo&runs=2000&seed=2');
    await page.getByRole('button', { name: 'Simular' }).click();
    await expect
      .poll(() =>
        page.locator('.run-panel:not(.explore-panel)').getByRole('button', { name: 'Cancelar' }).isEnabled(),
      )
      .toBe(true);
    await expect.poll(() => runId(page)).toMatch(/^[0-9a-f]{16}$/);
    const id = runId(page);
    await page.evaluate(() => {
      location.hash = '#/elsewhere';
    });
    await expect
      .poll(async () => (await api<RunAnswer>(`/api/runs/${id}`)).status, { timeout: WAIT })
      .toBe('cancelled');
    expect(session.errors).toEqual([]);
  });

  it('says the server is busy when it answers 429', async () => {
    busy = await listen({
      home,
      host: '127.0.0.1',
      port: 0,
      webDir: WEB_DIR,
      limits: { maxConcurrentRuns: 1, maxQueuedRuns: 0 },
    });
    const started = await fetch(`${busy.url}/api/runs`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ scenarios: ['status-quo'], runs: 2000 }),
    });
    expect(started.status).toBe(202);
    const { id } = (await started.json()) as { id: string };
    const page = await open('/#/scenarios?compare=status-quo&runs=4', { base: busy.url, english: true });
    await page.getByRole('button', { name: 'Simulate' }).click();
    await page.locator('.run-panel .status.error', { hasText: 'The server is busy' }).waitFor();
    await fetch(`${busy.url}/api/runs/${id}`, { method: 'DELETE' });
    expect(session.errors.filter((e) => !expectedHttpError(429)(e))).toEqual([]);
  });

  it('in English: the address reproduces the page, the link is copied, and the YAML passes the CLI', async () => {
    const page = await open('/#/scenarios', { english: true });
    expect(await page.locator('h1').textContent()).toBe('Policy scenarios');
    await page.locator('#preset-halve-recruitment').uncheck();
    await page.locator('#preset-kingpin-targeting').check();
    await page.locator('#custom-include').check();
    await page.locator('#custom-title').fill('Plan B');
    await page.locator('#custom-extends').selectOption('mx-four-pillars');
    await page.locator('#lever-mediation-on').check();
    await page.locator('#lever-mediation-o-areas').fill('3');
    await page.locator('#lever-mediation-intensity').fill('0.5');
    await page.locator('#run-runs').fill('30');
    await page.locator('#run-seed').fill('7');
    await page.locator('#baseline').selectOption('kingpin-targeting');
    await page.locator('fieldset.custom .status', { hasText: 'Valid scenario.' }).waitFor();
    await screenshot(page, 'scenarios-en');

    // A fresh browser opening the copied address sees the same choices.
    const link = page.url();
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await page.getByRole('button', { name: 'Copy link' }).click();
    await page.locator('.share .status', { hasText: 'Link copied.' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);

    const again = await open(link.slice(server.url.length), { english: true });
    expect(await again.locator('#preset-halve-recruitment').isChecked()).toBe(false);
    expect(await again.locator('#preset-kingpin-targeting').isChecked()).toBe(true);
    expect(await again.locator('#preset-status-quo').isChecked()).toBe(true);
    expect(await again.locator('#custom-include').isChecked()).toBe(true);
    expect(await again.locator('#custom-title').inputValue()).toBe('Plan B');
    expect(await again.locator('#custom-extends').inputValue()).toBe('mx-four-pillars');
    expect(await again.locator('#lever-mediation-on').isChecked()).toBe(true);
    expect(await again.locator('#lever-mediation-o-areas').inputValue()).toBe('3');
    expect(await again.locator('#lever-mediation-intensity').inputValue()).toBe('0.5');
    expect(await again.locator('#lever-recruitment-on').isChecked()).toBe(false);
    expect(await again.locator('#run-runs').inputValue()).toBe('30');
    expect(await again.locator('#run-seed').inputValue()).toBe('7');
    expect(await again.locator('#baseline').inputValue()).toBe('kingpin-targeting');

    // The YAML download: what the page built, loadable by the real CLI.
    const [download] = await Promise.all([
      again.waitForEvent('download'),
      again.getByRole('button', { name: 'Download YAML' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('plan-b.yaml');
    const file = join(home, 'plan-b.yaml');
    await download.saveAs(file);
    const scenario = parse(readFileSync(file, 'utf8'));
    expect(scenario).toMatchObject({ id: 'plan-b', title: 'Plan B', extends: 'mx-four-pillars' });
    expect(scenario.policies).toEqual([
      expect.objectContaining({
        lever: 'mediation',
        intensity: 0.5,
        options: expect.objectContaining({ areas: 3 }),
      }),
    ]);
    const out = execFileSync(process.execPath, [CLI, 'scenarios', 'validate', file], { encoding: 'utf8' });
    expect(out).toMatch(/valid/);
    expect(session.errors).toEqual([]);
  });
  it('explores how robust a policy is: a Latin hypercube followed to the end, drawn with its matrix and PRIM section', async () => {
    const page = await open('/#/scenarios?compare=status-quo,kingpin-targeting&seed=3', { english: true });
    const panel = page.locator('.explore-panel');
    await panel.locator('select').selectOption('lhs');
    await panel.getByRole('button', { name: 'Explore the uncertainty' }).click();
    await page.locator('.robustness-results figure svg').first().waitFor({ timeout: WAIT });
    const text = (await page.locator('.robustness-results').textContent()) ?? '';
    expect(text).toContain('Under which assumptions each policy works');
    expect(
      await page.locator('.robustness-results svg[aria-label^="How often one policy beats another"]').count(),
    ).toBe(1);
    const id = new URL(page.url().replace('#/scenarios?', '?')).searchParams.get('explore');
    const answer = await api<{ status: string; request: { method: string; experiments: number } }>(
      `/api/explore/${id}`,
    );
    expect(answer.status).toBe('done');
    expect(answer.request).toMatchObject({ method: 'lhs', experiments: 300 });
    await screenshot(page, 'scenarios-robustness-lhs-en');
    expect(session.errors).toEqual([]);
  });
});
