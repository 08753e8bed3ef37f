import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Audit } from '../../src/audit/audit.js';
import { perDay } from '../../src/report/audit/context.js';
import { TEXT } from '../../src/report/audit/text.js';
import { listen, type RunningServer } from '../../src/server/listen.js';
import { importAuditHome } from '../server/audit-home.js';
import { describeWithBrowser, screenshot, useBrowser, WEB_DIR } from './browser.js';

/**
 * The Audit page in a real browser (system Chromium) against the real server and the audit's real files
 * (SESNSP victims, RNPDNO, INEGI by state): the verdict and the charts in Spanish, a figure equal to the
 * API's, the language switch, another claim checked through the form and kept in the address, and the
 * server's hint when nothing is imported. Every wait is on a selector or a condition, never a delay.
 */
const WAIT = 90_000;
/** National chart, reclassification chart, two state maps, 32 state panels, source gap, legend swatches. */
const MIN_SVGS = 36;

describeWithBrowser('Audit page end to end (Chromium)', () => {
  let server: RunningServer;
  let empty: RunningServer;
  const session = useBrowser(WAIT);

  beforeAll(async () => {
    server = await listen({ home: importAuditHome(), host: '127.0.0.1', port: 0, webDir: WEB_DIR });
    const nothing = mkdtempSync(join(tmpdir(), 'atalaya-audit-e2e-empty-'));
    empty = await listen({ home: nothing, host: '127.0.0.1', port: 0, webDir: WEB_DIR });
  }, 240_000);

  afterAll(async () => {
    await server?.close();
    await empty?.close();
  });

  async function open(url: string): Promise<Page> {
    return session.open(url);
  }

  const badge = (page: Page) => page.locator('.audit-report .verdict .badge');

  it('shows the verdict, the charts and the API’s figures in Spanish, then in English', async () => {
    const page = await open(`${server.url}/#/audit`);
    await badge(page).waitFor();
    expect(await badge(page).textContent()).toBe(TEXT.es.verdict.holds);
    expect(await page.locator('h1').textContent()).toBe(TEXT.es.title);
    // The charts are drawn, by the report's renderers, on the page itself.
    await page.locator('#states .multiples svg').first().waitFor();
    expect(await page.locator('.findings svg').count()).toBeGreaterThanOrEqual(MIN_SVGS);
    expect(await page.locator('#national figure svg').count()).toBe(1);
    expect(await page.locator('#states .multiples figure svg').count()).toBe(32);

    // The first figure of the verdict is the API's value for September 2024, formatted as the report does.
    const api = (await page.evaluate(async () => (await fetch('/api/audit')).json())) as Audit;
    const shown = await page.locator('.verdict .figures li .big').first().textContent();
    expect(shown?.trim()).toBe(perDay(api.claim.observed.valueFrom, 'es'));
    expect(Number(shown)).toBeCloseTo(api.claim.observed.valueFrom, 1);

    // The claim against other base periods (the same table as the report's), and every place's breaks.
    expect(await page.locator('#claim #base-sensitivity').textContent()).toBe(TEXT.es.sensTitle);
    expect(await page.locator('#claim table.sens tbody tr').count()).toBe(4);
    const places = new Set(api.breaks.map((b) => b.place));
    expect(places.size).toBeGreaterThan(20);
    expect(await page.locator('#breaks .break-list li').count()).toBe(places.size);
    const sinaloa = api.breaks.filter((b) => b.place === '25').map((b) => b.month);
    expect(sinaloa).toContain('2024-09');
    expect(await page.locator('#breaks .break-list li', { hasText: 'Sinaloa' }).textContent()).toMatch(
      /sept? 2024/,
    );
    expect(await page.locator('#breaks table.breaks tbody').count()).toBeGreaterThan(5);

    // The table of contents lists every section, and the report's CSS applies inside the page only.
    const toc = await page.locator('.audit-report nav a').allTextContents();
    expect(toc).toContain(TEXT.es.claimTitle);
    expect(toc).toContain(TEXT.es.methodsTitle);
    const badgeColour = await badge(page).evaluate((b) => getComputedStyle(b).backgroundColor);
    expect(badgeColour).toBe('rgb(27, 120, 55)');
    // A contents link scrolls to its section and leaves the route (the hash) alone.
    await page.locator('.audit-report nav a', { hasText: TEXT.es.methodsTitle }).click();
    await page.locator('#methods').waitFor({ state: 'visible' });
    expect(page.url()).toMatch(/#\/audit$/);
    expect(await badge(page).count()).toBe(1);
    await screenshot(page, 'audit-es');

    await page.locator('.lang button[lang="en"]').click();
    await page.locator('.audit-report .verdict .badge', { hasText: TEXT.en.verdict.holds }).waitFor();
    expect(await page.locator('h1').textContent()).toBe(TEXT.en.title);
    expect(await page.locator('.claim-form button[type="submit"]').textContent()).toBe('Check');
    expect(await page.locator('.findings svg').count()).toBeGreaterThanOrEqual(MIN_SVGS);
    await screenshot(page, 'audit-en');
    expect(session.errors).toEqual([]);
  });

  it('checks another claim from the form, keeps it in the address, and an address shares it', async () => {
    const page = await open(`${server.url}/#/audit`);
    await page.evaluate(() => localStorage.setItem('atalaya.lang', 'en'));
    await page.reload();
    await badge(page).filter({ hasText: TEXT.en.verdict.holds }).waitFor();

    // "Down 32%" for June 2025 does not hold: the observed fall is −24.5%.
    await page.locator('.claim-form input[name="change"]').fill('-32%');
    await page.locator('.claim-form button[type="submit"]').click();
    await badge(page).filter({ hasText: TEXT.en.verdict.fails }).waitFor();
    expect(page.url()).toMatch(/#\/audit\?.*change=-32%25/);
    expect(page.url()).toContain('to=2025-06');
    expect(await page.locator('.verdict .figures').textContent()).toContain('claimed: −32%');
    // Against every other base, "down 32%" does not hold either.
    const verdicts = await page.locator('#claim table.sens tbody tr td:nth-child(6)').allTextContents();
    expect(verdicts).toEqual(Array(4).fill(TEXT.en.verdict.fails));
    await screenshot(page, 'audit-en-down-32');

    // The same address in a fresh page shows the same claim, already in the form.
    const shared = page.url();
    await page.context().close();
    const again = await open(shared);
    await badge(again).waitFor();
    expect(await again.locator('.claim-form input[name="change"]').inputValue()).toBe('-32%');
    expect(await badge(again).textContent()).toBe(TEXT.es.verdict.fails);

    // A month outside the data is refused by the server, at its field.
    await again.locator('.claim-form input[name="to"]').fill('2025-09');
    await again.locator('.claim-form button[type="submit"]').click();
    await again.locator('p.status.error', { hasText: 'Hasta' }).waitFor();
    expect(await again.locator('.claim-form input[name="to"]').getAttribute('aria-invalid')).toBe('true');
    expect(await again.locator('.findings svg').count()).toBe(0);
    // Errors the page shows on purpose are not console errors, except the browser's note of the 400.
    expect(session.errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
  });

  it('shows the server’s hint when no data is imported', async () => {
    const page = await open(`${empty.url}/#/audit`);
    const status = page.locator('p.status.error');
    await status.waitFor();
    expect(await status.textContent()).toMatch(/atalaya data import/);
    expect(session.errors.filter((e) => !/status of 409/.test(e))).toEqual([]);
  });
});
