import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeNetwork } from '../../src/network/describe.js';
import { loadNetwork } from '../../src/network/load.js';
import { ROLE_COLORS } from '../../src/network/role-colors.js';
import { listen, type RunningServer } from '../../src/server/listen.js';
import { sharedPath } from '../helpers/shared-data.js';
import { describeWithBrowser, screenshot, useBrowser, WEB_DIR } from './browser.js';

/**
 * The Networks page in a real browser against the real server and real network files: the Montagna
 * meetings network (Cavallaro et al. 2020: 101 members, 256 ties) is picked with the file input, drawn
 * member for member in the colours of the roles the API gives, disrupted by three strategies whose curves
 * match the API's answer, followed step by step with the slider, and shown again in English; CAVIAR phase 6
 * (27 members, SOURCES.md) arrives by drag-and-drop; a malformed file shows the server's own message. The
 * expected figures come from the API, the core (`describeNetwork`) or the publications, never from the page.
 * Every wait is on a selector or a condition.
 */
const WAIT = 90_000;
/** Published size of the Montagna meetings network (Cavallaro et al. 2020; docs/NETWORK-DISRUPTION.md). */
const MONTAGNA_MEMBERS = 101;
const MONTAGNA_TIES = 256;
/** First five removed by sequential betweenness (docs/NETWORK-DISRUPTION.md, checked against networkx). */
const FIRST_FIVE_BY_BETWEENNESS = ['18', '25', '29', '22', '68'];

interface DescribeAnswer {
  n: number;
  m: number;
  nodes: { id: string }[];
  layout: { roles: ('leader' | 'middle' | 'periphery')[] };
}

interface DisruptAnswer {
  results: {
    strategy: string;
    steps: { removed: number; removedIds: string[]; lccRatio: number; efficiency: number }[];
  }[];
}

/** "42.4 %", "0.1056" (es-MX and en-US use the same digits and decimal point) → 0.424, 0.1056. */
function parseShown(text: string): number {
  const value = Number(text.replace(/[^\d.]/g, ''));
  return text.includes('%') ? value / 100 : value;
}

describeWithBrowser('Networks page end to end (Chromium)', () => {
  let server: RunningServer;
  const session = useBrowser(WAIT);
  const montagna = () => sharedPath('networks', 'montagna', 'Montagna_meetings_edgelist.csv');

  beforeAll(async () => {
    // An empty home: the page needs no imported data.
    const home = mkdtempSync(join(tmpdir(), 'atalaya-e2e-networks-'));
    server = await listen({ home, host: '127.0.0.1', port: 0, webDir: WEB_DIR });
  }, 240_000);

  afterAll(async () => {
    await server?.close();
  });

  async function open(path: string): Promise<Page> {
    return session.open(`${server.url}${path}`);
  }

  async function post<T>(path: string, body: unknown): Promise<{ status: number; json: T }> {
    const res = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as T };
  }

  const circles = (page: Page) => page.locator('svg.network-view circle.node');

  it('loads Montagna from disk, draws it by role, disrupts it, steps through it and switches language', async () => {
    const file = montagna();
    const text = readFileSync(file, 'utf8');
    const name = basename(file);
    const core = describeNetwork(loadNetwork(file));
    expect(core.n).toBe(MONTAGNA_MEMBERS);
    const api = await post<DescribeAnswer>('/api/network/describe', { text, name, layout: true });
    expect(api.status).toBe(200);
    expect(api.json.n).toBe(core.n);

    const page = await open('/#/networks');
    await page.locator('h1', { hasText: 'Redes criminales' }).waitFor();
    expect(await page.locator('p.privacy').textContent()).toContain('no guarda nada');
    await page.setInputFiles('#network-file', file);
    await page.waitForFunction(
      (n) => document.querySelectorAll('svg.network-view circle.node').length === n,
      MONTAGNA_MEMBERS,
    );
    expect(await circles(page).count()).toBe(core.n);
    // One path segment per tie.
    const segments = await page.locator('svg.network-view .edges path.kept').getAttribute('d');
    expect(segments?.split('M').length).toBe(MONTAGNA_TIES + 1);
    expect(await page.locator('.network-summary').textContent()).toContain('101 miembros, 256 vínculos');

    // Colours are the API's roles; the legend names and counts them.
    const roleOf = new Map(api.json.nodes.map((d, v) => [d.id, api.json.layout.roles[v]]));
    const drawn = await circles(page).evaluateAll((cs) =>
      cs.map((c) => [c.getAttribute('data-id') ?? '', c.getAttribute('fill') ?? ''] as const),
    );
    expect(new Set(drawn.map(([id]) => id))).toEqual(new Set(roleOf.keys()));
    for (const [id, fill] of drawn) expect(fill, id).toBe(ROLE_COLORS[roleOf.get(id)!]);
    const count = (r: string) => api.json.layout.roles.filter((x) => x === r).length;
    expect(await page.locator('ul.role-legend li:not([hidden])').allTextContents()).toEqual([
      `Líderes (${count('leader')})`,
      `Capa intermedia (${count('middle')})`,
      `Periferia (${count('periphery')})`,
    ]);
    expect(count('leader')).toBeGreaterThan(0);

    // Tooltip on hover: id, role, degree.
    const first = api.json.nodes[0].id;
    await page.locator(`svg.network-view circle.node[data-id="${first}"]`).hover({ force: true });
    await page.locator('.network-box .tooltip:not([hidden])').waitFor();
    expect(await page.locator('.network-box .tooltip strong').textContent()).toBe(first);

    // Three strategies (degree, betweenness and random with 50 draws), sequential, seed 1.
    await page.locator('#disrupt-draws').fill('50');
    await page.locator('form.disrupt-form button[type=submit]').click();
    await page.locator('.disruption-chart.lccRatio svg[viewBox]').waitFor();
    const disrupt = await post<DisruptAnswer>('/api/network/disrupt', {
      text,
      name,
      strategies: ['degree', 'betweenness', 'random'],
      mode: 'sequential',
      blockSize: 1,
      draws: 50,
      seed: 1,
    });
    expect(disrupt.status).toBe(200);
    // One line per strategy in each chart, and a band for random.
    for (const chart of ['lccRatio', 'efficiency']) {
      const lines = page.locator(`.disruption-chart.${chart} g[aria-label="line"] path`);
      expect(await lines.count()).toBe(3);
      expect(await page.locator(`.disruption-chart.${chart} g[aria-label="area"] path`).count()).toBe(1);
    }
    // The table of numbers equals the API's curves at every row, the last row included.
    const rows = await page.locator('.disruption-numbers tbody tr').evaluateAll((trs) =>
      trs.map((tr) => ({
        removed: Number(tr.getAttribute('data-removed')),
        cells: [...tr.querySelectorAll('td')].map((td) => td.textContent ?? ''),
      })),
    );
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.at(-1)?.removed).toBe(MONTAGNA_MEMBERS);
    for (const row of rows) {
      disrupt.json.results.forEach((result, i) => {
        const step = result.steps.find((s) => s.removed === row.removed)!;
        expect(parseShown(row.cells[2 * i]), `${result.strategy} ${row.removed}`).toBeCloseTo(
          step.lccRatio,
          3,
        );
        expect(parseShown(row.cells[2 * i + 1]), `${result.strategy} ${row.removed}`).toBeCloseTo(
          step.efficiency,
          4,
        );
      });
    }

    // The step slider: five members removed by betweenness are greyed out, those the API lists.
    await page.locator('#step-strategy').selectOption('betweenness');
    await page.locator('#step-slider').fill('5');
    await page.waitForFunction(
      () => document.querySelectorAll('svg.network-view circle.node.removed').length === 5,
    );
    const betweenness = disrupt.json.results.find((r) => r.strategy === 'betweenness')!;
    const expected = betweenness.steps.slice(1, 6).flatMap((s) => s.removedIds);
    expect(expected).toEqual(FIRST_FIVE_BY_BETWEENNESS);
    const removed = await page
      .locator('svg.network-view circle.node.removed')
      .evaluateAll((cs) => cs.map((c) => c.getAttribute('data-id')));
    expect(new Set(removed)).toEqual(new Set(expected));
    expect(await page.locator('ul.role-legend li[data-role="removed"]').textContent()).toBe('Eliminados (5)');
    expect(await page.locator('.step-status').textContent()).toMatch(/^5 miembros eliminados/);
    await screenshot(page, 'networks-es');

    // English: the page is redrawn with the same network, curves and step, from memory only.
    await page.locator('.lang button[lang="en"]').click();
    await page.locator('h1', { hasText: 'Criminal networks' }).waitFor();
    await page.waitForFunction(
      () => document.querySelectorAll('svg.network-view circle.node.removed').length === 5,
    );
    expect(await circles(page).count()).toBe(MONTAGNA_MEMBERS);
    expect(await page.locator('ul.role-legend li:not([hidden])').allTextContents()).toEqual([
      `Leaders (${count('leader')})`,
      `Middle layer (${count('middle')})`,
      `Periphery (${count('periphery')})`,
      'Removed (5)',
    ]);
    expect(await page.locator('.disruption-chart.lccRatio g[aria-label="line"] path').count()).toBe(3);
    expect(await page.locator('.step-status').textContent()).toMatch(/^5 members removed/);
    expect(await page.locator('p.privacy').textContent()).toContain('keeps nothing');
    // Nothing of the network went to storage: only the language choice.
    expect(await page.evaluate(() => Object.keys(localStorage))).toEqual(['atalaya.lang']);
    await screenshot(page, 'networks-en');
    expect(session.errors).toEqual([]);
  });

  it('takes a file dropped on the zone (CAVIAR phase 6, 27 members)', async () => {
    const file = sharedPath('networks', 'caviar', 'phase6.csv');
    const page = await open('/#/networks');
    await page.locator('.drop-zone').waitFor();
    const text = readFileSync(file, 'utf8');
    const dataTransfer = await page.evaluateHandle((content) => {
      const dt = new DataTransfer();
      dt.items.add(new File([content], 'phase6.csv', { type: 'text/csv' }));
      return dt;
    }, text);
    await page.locator('.drop-zone').dispatchEvent('drop', { dataTransfer });
    const api = await post<DescribeAnswer>('/api/network/describe', { text, name: 'phase6.csv' });
    expect(api.json.n).toBe(27);
    await page.waitForFunction(
      (n) => document.querySelectorAll('svg.network-view circle.node').length === n,
      api.json.n,
    );
    await screenshot(page, 'networks-dropped');
    expect(session.errors).toEqual([]);
  });

  it('shows the server’s message for a malformed file', async () => {
    const text = 'source,target\n1,2\n3\n4,5\n';
    const api = await post<{ error: string }>('/api/network/describe', {
      text,
      name: 'broken.csv',
      layout: true,
    });
    expect(api.status).toBe(422);
    expect(api.json.error).toMatch(/^broken\.csv:3:/);

    const page = await open('/#/networks');
    await page.setInputFiles('#network-file', {
      name: 'broken.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(text),
    });
    const status = page.locator('p.status.error[role="alert"]');
    await status.waitFor();
    expect(await status.textContent()).toBe(`No se pudo leer broken.csv: ${api.json.error}`);
    expect(await page.locator('section.network-section').isHidden()).toBe(true);
    await screenshot(page, 'networks-error');
    // The browser reports the 422 answer itself; nothing else may reach the console.
    expect(session.errors.filter((e) => !/status of 422/.test(e))).toEqual([]);
  });
});
