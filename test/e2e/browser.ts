import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { describe, it } from 'vitest';
import { packageRoot } from '../../src/data/locate.js';
import { describeWithData } from '../helpers/shared-data.js';

/**
 * The browser for the end-to-end tests: the system's Chromium (Debian's `chromium` package, or
 * ATALAYA_CHROMIUM), driven by playwright-core, which downloads no browser of its own.
 */
export const CHROMIUM = process.env.ATALAYA_CHROMIUM ?? '/usr/bin/chromium';

/** The built dashboard the tests serve (ATALAYA_WEB_DIR lets a developer test another build). */
export const WEB_DIR = process.env.ATALAYA_WEB_DIR ?? join(packageRoot(), 'dist', 'web');

/** Screenshots go here (gitignored). */
export const ARTIFACTS = join(packageRoot(), 'test-artifacts', 'e2e');

/**
 * `describe` that needs both Chromium and the shared data. Without Chromium it skips with a visible notice,
 * except under CI=true, where absence is a failure (the rule of describeWithData for the data).
 */
export function describeWithBrowser(name: string, fn: () => void): void {
  if (existsSync(CHROMIUM)) {
    describeWithData(name, fn);
    return;
  }
  if (process.env.CI === 'true') {
    describe(name, () => {
      it(`needs Chromium at ${CHROMIUM}, which is absent under CI=true`, () => {
        throw new Error(
          `Chromium missing at ${CHROMIUM}: install it (apt-get install chromium) or set ATALAYA_CHROMIUM`,
        );
      });
    });
    return;
  }
  console.warn(
    `NOTICE: skipping "${name}": no Chromium at ${CHROMIUM} (apt-get install chromium, or set ATALAYA_CHROMIUM)`,
  );
  describe.skip(`${name} [skipped: no Chromium]`, fn);
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
}

/** Console errors and uncaught page errors, collected from the moment the page is opened. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') {
      const where = msg.location().url;
      errors.push(`console: ${msg.text()}${where ? ` (${where})` : ''}`);
    }
  });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  return errors;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}
