import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { listen, type RunningServer } from '../../src/server/listen.js';
import { FORECAST_FILES, importForecastPanel, SESNSP_MUNICIPAL } from '../forecast/real-panel.js';
import { SHARED_DATA } from '../helpers/shared-data.js';
import { describeWithBrowser, screenshot, useBrowser, WEB_DIR } from './browser.js';

/**
 * The dashboard in a real browser (system Chromium through playwright-core) against the real server and
 * the real data: the map opens on the present (the newest month of SESNSP's municipal homicides) and warns
 * when the month shown is out of date, draws every municipality, the language switch is remembered, a click
 * opens a municipality's series, and the hot-spot page ranks, sorts, picks series, level and month, and
 * links its table and its map both ways. Screenshots go to test-artifacts/e2e/. Every wait is on a
 * selector or a condition, never on a fixed delay.
 *
 * "Today" is set with ATALAYA_TODAY (read by the in-process server on each request), so that whether the
 * present is stale does not depend on the day the tests run.
 */
const WAIT = 90_000;
/** The municipal map has ~2,470 shapes; a few tiny ones may project to nothing. */
const MIN_PATHS = 2_400;
/** SESNSP's municipal carpetas for intentional homicide, 2024-01..2025-06: the present of the test cache. */
const SESNSP = 'sesnsp.incidence-municipal.homicidio-doloso';
/** INEGI's municipal series, 2000–2019, for what needs a long history (or a month long past). */
const INEGI = '#/map?series=inegi.homicides&level=municipality';
/** Within six months of the present's June 2025 (not stale), and a year after it (stale). */
const RECENT_TODAY = '2025-09-15';
const LATER_TODAY = '2026-06-15';

describeWithBrowser('dashboard end to end (Chromium)', () => {
  let server: RunningServer;
  let home: string;
  const session = useBrowser(WAIT);

  beforeAll(async () => {
    // The forecast files plus the state boundaries and INEGI's state series, so that the map draws state
    // lines and offers a state-level series (as a full import does). The group files (for the events of
    // the territory layer) are read from the shared data.
    // SESNSP's municipal file (2024-01..2025-06) makes the present newer than INEGI's 2019.
    ({ home } = importForecastPanel([
      ...FORECAST_FILES,
      'geo_mxmaps/mxstate.topojson',
      'inegi_homicides_gargiulo/mexico-state-month-homicide-rates-2000-2022.csv',
      SESNSP_MUNICIPAL,
    ]));
    server = await listen({ home, host: '127.0.0.1', port: 0, webDir: WEB_DIR, dataDir: SHARED_DATA });
  }, 240_000);

  afterAll(async () => {
    await server?.close();
  });

  /** Today, as the server measures freshness, for one test (restored after it). */
  const savedToday = process.env.ATALAYA_TODAY;
  function setToday(date: string): void {
    process.env.ATALAYA_TODAY = date;
  }
  afterEach(() => {
    if (savedToday === undefined) delete process.env.ATALAYA_TODAY;
    else process.env.ATALAYA_TODAY = savedToday;
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

  it('opens the map at / on the present: the newest month of SESNSP’s municipal series, named readably', async () => {
    setToday(RECENT_TODAY);
    const status = await apiJson<{ present: { municipality: { series: string; month: string } } }>(
      '/api/data/status',
    );
    expect(status.present.municipality).toMatchObject({ series: SESNSP, month: '2025-06' });
    const page = await open('/');
    await waitForMap(page);
    const paths = await page.locator('svg.choropleth g.areas path[data-code]').count();
    expect(paths).toBeGreaterThanOrEqual(MIN_PATHS);
    // State borders come from the imported state boundaries, as one path.
    expect(await page.locator('svg.choropleth g.borders path').getAttribute('d')).toMatch(/^M[\d.]+/);
    // June 2025, which the release flags as provisional.
    await expect
      .poll(() => page.locator('p.status').textContent())
      .toMatch(/^junio de 2025 · .*\(preliminar\)$/);
    expect(await page.locator('.time-slider .month-label').textContent()).toBe('junio de 2025');
    expect(await page.locator('h1').textContent()).toBe('Violencia por municipio y estado');
    // The series menu names series by title and level, not by id.
    expect(await page.locator('#map-series').inputValue()).toBe(`${SESNSP}@municipality`);
    const chosen = await page.locator('#map-series option:checked').textContent();
    expect(chosen).toMatch(/^Homicidio doloso: carpetas de investigación .*\(municipios\)$/);
    for (const label of await page.locator('#map-series option').allTextContents()) {
      expect(label).not.toMatch(/^[a-z]+\.[\w.-]+/);
    }
    // Three months before today: no warning.
    expect(await page.locator('p.stale-warning').isHidden()).toBe(true);
    await screenshot(page, 'map-es');
    expect(session.errors).toEqual([]);
  });

  it('warns, in the page’s language, when the month shown is more than six months old', async () => {
    setToday(LATER_TODAY);
    const page = await open('/');
    await waitForMap(page);
    // The present itself, a year later.
    const warning = page.locator('p.stale-warning');
    await warning.waitFor();
    expect(await warning.textContent()).toMatch(
      /^Datos atrasados\. El mes mostrado, junio de 2025, queda 12 meses antes de junio de 2026/,
    );
    // INEGI's December 2019 (the old default): stale, with a link to the newer present.
    await page.goto(`${server.url}/${INEGI}&month=2019-12`);
    await waitForMap(page);
    await expect.poll(() => page.locator('p.status').textContent()).toMatch(/^diciembre de 2019 · /);
    await expect.poll(() => warning.textContent()).toMatch(/diciembre de 2019, queda 78 meses antes/);
    expect(await warning.locator('a').textContent()).toMatch(/^Homicidio doloso: .*, junio de 2025$/);
    await screenshot(page, 'map-stale');
    await page.locator('.lang button[lang="en"]').click();
    await expect
      .poll(() => page.locator('p.stale-warning').textContent(), { timeout: WAIT })
      .toMatch(/^Out-of-date data\. The month shown, December 2019, is 78 months before June 2026/);
    // The link opens the present.
    await page.locator('p.stale-warning a').click();
    await page.waitForURL(new RegExp(`#/map\\?series=${SESNSP}&level=municipality$`));
    await expect.poll(() => page.locator('p.status').textContent(), { timeout: WAIT }).toMatch(/^June 2025/);
    expect(await page.locator('#map-series').inputValue()).toBe(`${SESNSP}@municipality`);
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
    await expect
      .poll(() => page.locator('p.status').textContent())
      .toMatch(/^June 2025 · .*\(preliminary\)$/);
    await screenshot(page, 'map-en');
    expect(session.errors).toEqual([]);
  });

  it('opens a municipality’s series and forecast when its shape is clicked (Juárez, 08037)', async () => {
    // INEGI: a forecast needs the long history (the present's two years may not be enough).
    const page = await open(`/${INEGI}`);
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
    const page = await open(`/${INEGI}`);
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
    }>('/api/hotspots?series=inegi.homicides&level=municipality&asOf=2019-12&top=50');
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
    const page = await open(`/${INEGI}`);
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

  /** The hot-spot table's municipality names, in the order shown. */
  const rowNames = (page: Page) =>
    page.locator('table.hotspots tbody tr td:nth-child(2) a').allTextContents();

  it('opens the hot-spot page on the present: SESNSP’s municipal series, from June 2025', async () => {
    setToday(RECENT_TODAY);
    const page = await open('/#/hotspots');
    await page.locator('#hotspots-month option').first().waitFor({ state: 'attached' });
    expect(await page.locator('#hotspots-series').inputValue()).toBe(SESNSP);
    expect(await page.locator('#hotspots-series option:checked').textContent()).toMatch(
      /^Homicidio doloso: /,
    );
    expect(await page.locator('#hotspots-level').inputValue()).toBe('municipality');
    expect(await page.locator('#hotspots-month').inputValue()).toBe('2025-06');
    expect(await page.locator('#hotspots-month option:checked').textContent()).toBe(
      'junio de 2025 (preliminar)',
    );
    // The series' months a forecast can start from, newest first; INEGI is offered too.
    expect(
      await page.locator('#hotspots-series option').evaluateAll((o) => o.map((x) => x.getAttribute('value'))),
    ).toEqual([SESNSP, 'inegi.homicides']);
    expect(await page.locator('p.stale-warning').isHidden()).toBe(true);
    expect(session.errors).toEqual([]);
  });

  it('ranks the present: July 2025 from June 2025, with the data month and release in the header', async () => {
    // Needs a model that forecasts from SESNSP's 18 months (the short-history model).
    setToday(RECENT_TODAY);
    const page = await open('/#/hotspots');
    const rows = page.locator('table.hotspots tbody tr');
    await rows.first().waitFor();
    expect(await page.locator('p.status').textContent()).toMatch(
      /en julio de 2025 \(pronóstico desde junio de 2025\)/,
    );
    expect(await page.locator('p.data-source').textContent()).toMatch(
      new RegExp(`\\(${SESNSP}\\), versión 2025-06, hasta junio de 2025\\. Pronóstico para julio de 2025`),
    );
    expect(await page.locator('p.stale-warning').isHidden()).toBe(true);
    await page.locator('svg.choropleth g.areas path[fill]').first().waitFor();
    await screenshot(page, 'hotspots-present');
    expect(session.errors).toEqual([]);
  });

  it('picks an old series and month from the pickers: the address follows, and the page warns', async () => {
    setToday(LATER_TODAY);
    const page = await open('/#/hotspots');
    await page.locator('#hotspots-month option').first().waitFor({ state: 'attached' });
    await page.selectOption('#hotspots-series', 'inegi.homicides');
    // INEGI opens on its newest month, December 2019: 78 months before today.
    await page.waitForURL(/series=inegi\.homicides&level=municipality&month=2019-12/);
    expect(await page.locator('#hotspots-month').inputValue()).toBe('2019-12');
    const warning = page.locator('p.stale-warning');
    await expect
      .poll(() => warning.textContent(), { timeout: WAIT })
      .toMatch(/diciembre de 2019, queda 78 meses antes de junio de 2026/);
    expect(await warning.locator('a').getAttribute('href')).toBe(
      `#/hotspots?series=${SESNSP}&level=municipality`,
    );
    await page.locator('table.hotspots tbody tr').first().waitFor({ timeout: WAIT });
    await expect
      .poll(() => page.locator('p.status').textContent())
      .toContain('en enero de 2020 (pronóstico desde diciembre de 2019)');
    // An earlier month: the forecast moves with it.
    await page.selectOption('#hotspots-month', '2018-12');
    await page.waitForURL(/month=2018-12/);
    await expect
      .poll(() => page.locator('p.status').textContent(), { timeout: WAIT })
      .toContain('en enero de 2019 (pronóstico desde diciembre de 2018)');
    expect(await page.locator('p.data-source').textContent()).toMatch(
      /\(inegi\.homicides\), versión 2019-12, hasta diciembre de 2018/,
    );
    await expect.poll(() => warning.textContent()).toMatch(/diciembre de 2018, queda 90 meses antes/);
    await screenshot(page, 'hotspots-stale');
    // The address reopens the same choice.
    await page.reload();
    await page.locator('table.hotspots tbody tr').first().waitFor({ timeout: WAIT });
    expect(await page.locator('#hotspots-month').inputValue()).toBe('2018-12');
    expect(await page.locator('#hotspots-series').inputValue()).toBe('inegi.homicides');
    expect(session.errors).toEqual([]);
  });

  it('ranks hot spots (Tijuana first for 2020-01), sorts by a column and links to the map', async () => {
    const page = await open('/#/hotspots?series=inegi.homicides&level=municipality&month=2019-12');
    const rows = page.locator('table.hotspots tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBeGreaterThan(10);
    const byRank = await rowNames(page);
    expect(byRank[0]).toBe('Tijuana (02004)');
    expect(await page.locator('p.status').textContent()).toContain('enero de 2020');
    // The drivers are written in the page's language; the interval column is there.
    expect(await page.locator('ul.drivers li').first().textContent()).toMatch(/^nivel: [\d.,]+ al mes/);
    expect(await page.locator('table.hotspots thead th').allTextContents()).toContain('Intervalo 90%');
    expect(await rows.first().locator('td:nth-child(5)').textContent()).toMatch(/^\d[\d,]*–\d[\d,]*$/);
    await screenshot(page, 'hotspots');

    // Sorting by rate puts the largest rate first: a different order, the header marked.
    const rateHeader = page.locator('th[data-sort="rate"]');
    await rateHeader.locator('button').click();
    await expect.poll(() => rateHeader.getAttribute('aria-sort')).toBe('descending');
    const byRate = await rowNames(page);
    expect(byRate).not.toEqual(byRank);
    expect([...byRate].sort()).toEqual([...byRank].sort());
    await screenshot(page, 'hotspots-by-rate');
    // A second click reverses it.
    await rateHeader.locator('button').click();
    await expect.poll(() => rateHeader.getAttribute('aria-sort')).toBe('ascending');
    expect(await rowNames(page)).toEqual([...byRate].reverse());

    // A name links to the map, on the same series and month, focused on that municipality.
    await page.locator('table.hotspots a[href*="area=02004"]').click();
    await page.waitForURL(/#\/map\?series=inegi\.homicides&level=municipality&month=2019-12&area=02004/);
    await page.locator('aside.detail h2', { hasText: 'Tijuana (02004)' }).waitFor();
    await waitForMap(page);
    expect(await page.locator('svg.choropleth path.focus-outline').getAttribute('d')).toBeTruthy();
    await page.locator('aside.detail .chart svg').waitFor();
    await expect.poll(() => page.locator('p.status').textContent()).toMatch(/^diciembre de 2019 · /);
    await screenshot(page, 'map-from-hotspots');
    expect(session.errors).toEqual([]);
  });

  it('links the hot-spot table and its map both ways; the tooltip gives the 90% interval', async () => {
    const page = await open('/#/hotspots?series=inegi.homicides&level=municipality&month=2019-12');
    await page.locator('table.hotspots tbody tr').first().waitFor();
    await waitForMap(page);
    const answer = await apiJson<{
      hotspots: { area: string; rank: number }[];
      all: { area: string; expected: number; p05: number; p95: number }[];
    }>('/api/hotspots?series=inegi.homicides&level=municipality&asOf=2019-12&top=50');
    const outline = page.locator('svg.choropleth path.highlight-outline');
    const areaPath = (code: string) => page.locator(`svg.choropleth g.areas path[data-code="${code}"]`);

    // The pointer on Juárez's row outlines Juárez on the map; leaving the table removes the outline.
    await page.locator('table.hotspots tr[data-area="08037"] td:nth-child(4)').hover();
    await expect.poll(() => outline.getAttribute('data-area')).toBe('08037');
    expect(await outline.getAttribute('d')).toBe(await areaPath('08037').getAttribute('d'));
    await screenshot(page, 'hotspots-linked');
    await page.locator('h1').hover();
    await expect.poll(() => outline.getAttribute('d')).toBeNull();

    // The map's tooltip: the expected count with its interval, as the API gives them.
    const es = (v: number, digits: number) =>
      new Intl.NumberFormat('es-MX', { maximumFractionDigits: digits }).format(v);
    const tijuana = answer.all.find((r) => r.area === '02004')!;
    await areaPath('02004').hover();
    const line = page.locator('.tooltip div', { hasText: /^Esperados en enero de 2020/ });
    await line.waitFor();
    expect(await line.textContent()).toBe(
      `Esperados en enero de 2020: ${es(tijuana.expected, 1)} (intervalo 90%: ${es(tijuana.p05, 0)}–${es(tijuana.p95, 0)})`,
    );
    expect(await page.locator('.tooltip div').last().textContent()).toBe('Lugar 1 de la tabla');

    // A click on the area ranked last marks its row and scrolls the table to it.
    const last = answer.hotspots.at(-1)!;
    await areaPath(last.area).dispatchEvent('click');
    const row = page.locator(`table.hotspots tr[data-area="${last.area}"]`);
    await expect.poll(() => row.getAttribute('class')).toContain('selected');
    expect(await outline.getAttribute('data-area')).toBe(last.area);
    await expect
      .poll(() =>
        row.evaluate((tr) => {
          const box = tr.closest('.table-wrap')!.getBoundingClientRect();
          const r = tr.getBoundingClientRect();
          return r.top >= box.top - 1 && r.bottom <= box.bottom + 1;
        }),
      )
      .toBe(true);
    // A click on a row marks it too; an area outside the table is named under the map.
    await page.locator('table.hotspots tr[data-area="02004"] td:nth-child(4)').click();
    await expect.poll(() => outline.getAttribute('data-area')).toBe('02004');
    const unranked = answer.all.find((r) => !answer.hotspots.some((h) => h.area === r.area))!;
    await areaPath(unranked.area).dispatchEvent('click');
    await expect.poll(() => page.locator('p.selection').textContent()).toContain('Fuera de los 50 primeros');
    expect(await page.locator('table.hotspots tr.selected').count()).toBe(0);

    // Coloured by the expected count instead of the rate: the address keeps it.
    await page.selectOption('#hotspots-colour', 'expected');
    await page.waitForURL(/colour=expected/);
    await expect
      .poll(() => page.locator('.hotspots-map .legend').textContent())
      .toContain('Esperados en enero de 2020');
    expect(session.errors).toEqual([]);
  });
});
