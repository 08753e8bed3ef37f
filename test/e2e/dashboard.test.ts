import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { listen, type RunningServer } from '../../src/server/listen.js';
import { FORECAST_FILES, importForecastPanel } from '../forecast/real-panel.js';
import { SHARED_DATA } from '../helpers/shared-data.js';
import { describeWithBrowser, screenshot, useBrowser, WEB_DIR } from './browser.js';

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
  let home: string;
  const session = useBrowser(WAIT);

  beforeAll(async () => {
    // The forecast files plus the state boundaries and INEGI's state series, so that the map draws state
    // lines and offers a state-level series (as a full import does). The group files (for the events of
    // the territory layer) are read from the shared data.
    ({ home } = importForecastPanel([
      ...FORECAST_FILES,
      'geo_mxmaps/mxstate.topojson',
      'inegi_homicides_gargiulo/mexico-state-month-homicide-rates-2000-2022.csv',
    ]));
    server = await listen({ home, host: '127.0.0.1', port: 0, webDir: WEB_DIR, dataDir: SHARED_DATA });
  }, 240_000);

  afterAll(async () => {
    await server?.close();
  });

  /** A fresh browser context (empty localStorage) and page, with its errors collected. */
  async function open(path: string): Promise<Page> {
    return session.open(`${server.url}${path}`);
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
    // State borders come from the imported state boundaries, as one path.
    expect(await page.locator('svg.choropleth g.borders path').getAttribute('d')).toMatch(/^M[\d.]+/);
    await expect.poll(() => page.locator('p.status').textContent()).toContain('diciembre de 2019');
    expect(await page.locator('h1').textContent()).toBe('Violencia por municipio y estado');
    await screenshot(page, 'map-es');
    expect(session.errors).toEqual([]);
  });

  it('switches to English and remembers it after a reload', async () => {
    const page = await open('/#/map');
    await page.locator('h1', { hasText: 'Violencia por municipio y estado' }).waitFor();
    expect(await page.locator('nav a').allTextContents()).toEqual([
      'Mapa',
      'Focos rojos',
      'Auditoría',
      'Escenarios',
      'Redes',
    ]);
    await page.locator('.lang button[lang="en"]').click();
    await page.locator('h1', { hasText: 'Violence by municipality and state' }).waitFor();
    expect(await page.locator('nav a').allTextContents()).toEqual([
      'Map',
      'Hot spots',
      'Audit',
      'Scenarios',
      'Networks',
    ]);
    expect(await page.locator('.lang button[lang="en"]').getAttribute('aria-pressed')).toBe('true');
    expect(await page.evaluate(() => localStorage.getItem('atalaya.lang'))).toBe('en');

    await page.reload();
    await page.locator('h1', { hasText: 'Violence by municipality and state' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('.brand span').textContent()).toBe('Organised-crime violence in Mexico');
    await waitForMap(page);
    await expect.poll(() => page.locator('p.status').textContent()).toContain('December 2019');
    await screenshot(page, 'map-en');
    expect(session.errors).toEqual([]);
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
    expect(session.errors).toEqual([]);
  });

  it('with --token: the address printed by atalaya serve carries it once; without it the page says 401', async () => {
    const token = 'e2e-token-0123456789abcdef';
    const guarded = await listen({ home, host: '127.0.0.1', port: 0, webDir: WEB_DIR, token });
    try {
      const page = await open('/');
      // open() used the main server; this test needs the guarded one.
      await page.goto(`${guarded.url}/?token=${token}#/map`);
      await waitForMap(page);
      // The token left the address bar and stays for the tab's session only.
      expect(page.url()).not.toContain(token);
      expect(await page.evaluate(() => sessionStorage.getItem('atalaya.token'))).toBe(token);
      expect(await page.evaluate(() => localStorage.getItem('atalaya.token'))).toBeNull();
      await page.reload();
      await waitForMap(page);
      expect(session.errors).toEqual([]);

      // A new tab without the token: every /api request is refused and the page says so.
      const bare = await session.browser.newContext();
      try {
        const other = await bare.newPage();
        await other.goto(`${guarded.url}/#/map`);
        await expect
          .poll(() => other.locator('p.status').textContent(), { timeout: WAIT })
          .toMatch(/Bearer.*abra la dirección que imprimió/);
      } finally {
        await bare.close();
      }
    } finally {
      await guarded.close();
    }
  });

  /** The tooltip's value line for an area, after hovering over its shape. */
  async function hoverValue(page: Page, code: string): Promise<string> {
    await page.locator(`svg.choropleth path[data-code="${code}"]`).hover();
    const line = page.locator('.tooltip div', { hasText: /^(Valor|Value):/ });
    await line.waitFor();
    return (await line.textContent())!.replace(/^(Valor|Value): /, '');
  }

  async function apiJson<T>(path: string): Promise<T> {
    const res = await fetch(`${server.url}${path}`);
    expect(res.status).toBe(200);
    return (await res.json()) as T;
  }

  async function showMeasure(page: Page, measure: string, caption: RegExp): Promise<void> {
    await page.selectOption('#map-measure', measure);
    await expect.poll(() => page.locator('p.status').textContent(), { timeout: WAIT }).toMatch(caption);
  }

  it('colours by rate, change on a year earlier, forecast and escalation, with the API’s values', async () => {
    const page = await open('/#/map');
    await waitForMap(page);
    type Rows = { rows: { area: string; value: number }[] };
    const rate = async (month: string) =>
      (
        await apiJson<Rows>(
          `/api/series/inegi.homicides?level=municipality&per100k=true&area=08037&from=${month}&to=${month}`,
        )
      ).rows[0].value;
    const es = (v: number, digits: number, style: 'decimal' | 'percent' = 'decimal') =>
      new Intl.NumberFormat('es-MX', { maximumFractionDigits: digits, style }).format(v);

    // Rate of Juárez in December 2019, as the series API gives it.
    expect(await hoverValue(page, '08037')).toBe(es(await rate('2019-12'), 2));

    // Change on December 2018: the difference of the two months' rates.
    await showMeasure(page, 'change', /frente a diciembre de 2018/);
    const change = (await rate('2019-12')) - (await rate('2018-12'));
    expect(await hoverValue(page, '08037')).toBe(`${change > 0 ? '+' : ''}${es(change, 2)}`);
    await screenshot(page, 'map-change');

    // Forecast and escalation: the hot-spot model's layer for January 2020 (the answer the Hot spots page uses).
    const hot = await apiJson<{
      all: { area: string; ratePer100k: number; escalationProbability: number }[];
    }>('/api/hotspots?top=50');
    const tijuana = hot.all.find((r) => r.area === '02004')!;
    await showMeasure(page, 'forecast', /^Pronóstico para enero de 2020/);
    expect(page.url()).toContain('measure=forecast');
    expect(await page.locator('.time-slider').count()).toBe(0);
    expect(await hoverValue(page, '02004')).toBe(es(tijuana.ratePer100k, 1));
    await showMeasure(page, 'escalation', /^Probabilidad de escalada en enero de 2020/);
    expect(await hoverValue(page, '02004')).toBe(es(tijuana.escalationProbability, 1, 'percent'));
    await screenshot(page, 'map-escalation');

    // A state-level series draws the 32 states.
    await page.selectOption('#map-series', 'inegi.homicides@state');
    await page.waitForFunction(() => document.querySelectorAll('svg.choropleth g.areas path').length === 32);
    await expect
      .poll(() => page.locator('p.status').textContent(), { timeout: WAIT })
      .toMatch(/sólo existe para series municipales/);
    // The month shown is kept when the new series has it.
    await showMeasure(page, 'rate', /^diciembre de 2019 · Por 100 mil/);
    expect(await page.locator('svg.choropleth g.areas path[fill]').count()).toBe(32);
    await screenshot(page, 'map-states');
    expect(session.errors).toEqual([]);
  });

  it('finds an area by name from the keyboard and lists the events of its groups (Durango, 10005)', async () => {
    const page = await open('/#/map');
    await waitForMap(page);
    const search = page.locator('#map-search');
    await search.focus();
    await page.keyboard.type('Durango (10005)');
    await page.keyboard.press('Enter');
    const detail = page.locator('aside.detail');
    await detail.locator('h2', { hasText: 'Durango (10005)' }).waitFor();
    expect(page.url()).toContain('area=10005');
    // The group network places the Sinaloa organisation in Durango (its home state in the 2020 files): the
    // events of src/sim/history.ts that concern it are marked, the others listed as context.
    const here = detail.locator('.events li.here');
    await here.first().waitFor();
    const api = await apiJson<{ events: { date: string; groups: string[] }[] }>(
      '/api/territory/events?area=10005',
    );
    const inRange = api.events.filter((e) => e.date <= '2019-12-31');
    expect(await here.count()).toBe(inRange.filter((e) => e.groups.length > 0).length);
    expect(await detail.locator('.events li').count()).toBe(inRange.length);
    expect(await here.first().textContent()).toContain('2014-02-22');
    expect(await detail.locator('.chart svg').count()).toBe(1);
    await screenshot(page, 'map-durango-events');
    expect(session.errors).toEqual([]);
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
    // The drivers are written in the page's language.
    expect(await page.locator('ul.drivers li').first().textContent()).toMatch(/^nivel: [\d.,]+ al mes/);
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
    expect(session.errors).toEqual([]);
  });
});
