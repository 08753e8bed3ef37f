import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { listen, type RunningServer } from '../../src/server/listen.js';
import { FORECAST_FILES, importForecastPanel } from '../forecast/real-panel.js';
import { collectErrors, describeWithBrowser, launchChromium, screenshot, WEB_DIR } from './browser.js';

/**
 * The dashboard in a real browser (system Chromium through playwright-core) against the real server and
 * the real data: the map draws every municipality, the language switch is remembered, a click opens a
 * municipality's series, and the hot-spot table ranks, sorts and links back to the map. Screenshots go to
 * test-artifacts/e2e/. Every wait is on a selector or a condition, never on a fixed delay.
 */
const WAIT = 90_000;
/** The municipal map has ~2,470 shapes; a few tiny ones may project to nothing. */
const MIN_PATHS = 2_400;

describeWithBrowser('dashboard end to end (Chromium)', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext | undefined;
  let errors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(join(WEB_DIR, 'index.html'))) {
      throw new Error(
        `the dashboard is not built (${WEB_DIR}/index.html missing): run \`npm run build\` first`,
      );
    }
    // The forecast files plus the state boundaries, so the map draws state lines (as a full import does).
    const { home } = importForecastPanel([...FORECAST_FILES, 'geo_mxmaps/mxstate.topojson']);
    server = await listen({ home, host: '127.0.0.1', port: 0, webDir: WEB_DIR });
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  afterEach(async () => {
    await context?.close();
    context = undefined;
  });

  /** A fresh browser context (empty localStorage) and page, with its errors collected. */
  async function open(path: string): Promise<Page> {
    context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    page.setDefaultTimeout(WAIT);
    errors = collectErrors(page);
    await page.goto(`${server.url}${path}`);
    return page;
  }

  async function waitForMap(page: Page): Promise<void> {
    await page.waitForFunction(
      (min) => document.querySelectorAll('svg.choropleth g.areas path[fill]').length >= min,
      MIN_PATHS,
      { timeout: WAIT },
    );
  }

  it('draws the municipal map at / without console or page errors', async () => {
    const page = await open('/');
    await waitForMap(page);
    const paths = await page.locator('svg.choropleth g.areas path[data-code]').count();
    expect(paths).toBeGreaterThanOrEqual(MIN_PATHS);
    expect(await page.locator('svg.choropleth g.borders path').count()).toBeGreaterThanOrEqual(32);
    await expect.poll(() => page.locator('p.status').textContent()).toContain('diciembre de 2019');
    expect(await page.locator('h1').textContent()).toBe('Homicidios por municipio');
    await screenshot(page, 'map-es');
    expect(errors).toEqual([]);
  });

  it('switches to English and remembers it after a reload', async () => {
    const page = await open('/#/map');
    await page.locator('h1', { hasText: 'Homicidios por municipio' }).waitFor();
    expect(await page.locator('nav a').allTextContents()).toEqual(['Mapa', 'Focos rojos']);
    await page.locator('.lang button[lang="en"]').click();
    await page.locator('h1', { hasText: 'Homicides by municipality' }).waitFor();
    expect(await page.locator('nav a').allTextContents()).toEqual(['Map', 'Hot spots']);
    expect(await page.locator('.lang button[lang="en"]').getAttribute('aria-pressed')).toBe('true');
    expect(await page.evaluate(() => localStorage.getItem('atalaya.lang'))).toBe('en');

    await page.reload();
    await page.locator('h1', { hasText: 'Homicides by municipality' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('.brand span').textContent()).toBe('Organised-crime violence in Mexico');
    await waitForMap(page);
    await expect.poll(() => page.locator('p.status').textContent()).toContain('December 2019');
    await screenshot(page, 'map-en');
    expect(errors).toEqual([]);
  });

  it('opens a municipality’s series and forecast when its shape is clicked (Juárez, 08037)', async () => {
    const page = await open('/');
    await waitForMap(page);
    await page.locator('svg.choropleth path[data-code="08037"]').click();
    const detail = page.locator('aside.detail');
    await detail.locator('h2', { hasText: '(08037)' }).waitFor();
    expect(await detail.locator('h2').textContent()).toMatch(/Juárez \(08037\)$/);
    expect(page.url()).toContain('area=08037');
    // The monthly counts are drawn, then the forecast fan replaces the chart.
    await detail.locator('.chart svg').waitFor();
    await detail.locator('.note', { hasText: /^Pronóstico \(media/ }).waitFor();
    expect(await detail.locator('.chart svg').count()).toBe(1);
    expect(await page.locator('svg.choropleth path.focus-outline').getAttribute('d')).toBeTruthy();
    await screenshot(page, 'map-juarez');
    expect(errors).toEqual([]);
  });

  it('ranks hot spots (Tijuana first for 2020-01), sorts by a column and links to the map', async () => {
    const page = await open('/#/hotspots');
    const rows = page.locator('table.hotspots tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBeGreaterThan(10);
    const names = () => page.locator('table.hotspots tbody tr td:nth-child(2) a').allTextContents();
    const byRank = await names();
    expect(byRank[0]).toBe('Tijuana (02004)');
    expect(await page.locator('p.status').textContent()).toContain('enero de 2020');
    await screenshot(page, 'hotspots');

    // Sorting by rate puts the largest rate first: a different order, the header marked.
    const rateHeader = page.locator('th[data-sort="rate"]');
    await rateHeader.locator('button').click();
    await expect.poll(() => rateHeader.getAttribute('aria-sort')).toBe('descending');
    const byRate = await names();
    expect(byRate).not.toEqual(byRank);
    expect([...byRate].sort()).toEqual([...byRank].sort());
    await screenshot(page, 'hotspots-by-rate');
    // A second click reverses it.
    await rateHeader.locator('button').click();
    await expect.poll(() => rateHeader.getAttribute('aria-sort')).toBe('ascending');
    expect(await names()).toEqual([...byRate].reverse());

    // A name links to the map focused on that municipality.
    await page.locator('table.hotspots a[href*="area=02004"]').click();
    await page.waitForURL(/#\/map\?area=02004/);
    await page.locator('aside.detail h2', { hasText: 'Tijuana (02004)' }).waitFor();
    await waitForMap(page);
    expect(await page.locator('svg.choropleth path.focus-outline').getAttribute('d')).toBeTruthy();
    await page.locator('aside.detail .chart svg').waitFor();
    await screenshot(page, 'map-from-hotspots');
    expect(errors).toEqual([]);
  });
});
