import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, it } from 'vitest';
import { packageRoot } from '../../src/data/locate.js';
import { describeWithData } from '../helpers/shared-data.js';
import { CHROMIUM, launchChromium } from './chromium.js';

/** The browser for the end-to-end tests: the system's Chromium (chromium.ts). */
export { CHROMIUM, launchChromium };

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

export interface OpenedPage {
  context: BrowserContext;
  page: Page;
  /** Console and page errors from the moment the page was opened (see `collectErrors`). */
  errors: string[];
}

/**
 * A page in a fresh browser context (empty storage), with its errors collected, at `url`. The caller closes
 * the context after the test. `beforeGoto` runs before navigation (e.g. an init script).
 */
export async function openPage(
  browser: Browser,
  url: string,
  options: {
    timeout?: number;
    context?: BrowserContextOptions;
    beforeGoto?: (c: BrowserContext) => Promise<void>;
  } = {},
): Promise<OpenedPage> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, ...options.context });
  await options.beforeGoto?.(context);
  const page = await context.newPage();
  page.setDefaultTimeout(options.timeout ?? 90_000);
  const errors = collectErrors(page);
  await page.goto(url);
  return { context, page, errors };
}

export interface BrowserSession {
  readonly browser: Browser;
  /** Errors of the page opened last (see `collectErrors`). */
  readonly errors: string[];
  /** A page in a fresh context at `url`; closed after the test. */
  open(url: string, options?: Omit<NonNullable<Parameters<typeof openPage>[2]>, 'timeout'>): Promise<Page>;
}

/**
 * The browser of a test file (call inside its describe): checks that the dashboard is built and launches
 * Chromium before the tests, closes each test's pages after it and the browser after the last.
 */
export function useBrowser(timeout = 90_000): BrowserSession {
  let browser: Browser | undefined;
  let errors: string[] = [];
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    if (!existsSync(join(WEB_DIR, 'index.html'))) {
      throw new Error(
        `the dashboard is not built (${WEB_DIR}/index.html missing): run \`npm run build\` first`,
      );
    }
    browser = await launchChromium();
  }, 120_000);
  afterEach(async () => {
    for (const c of contexts.splice(0)) await c.close();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    get browser() {
      if (!browser) throw new Error('the browser is not launched yet');
      return browser;
    },
    get errors() {
      return errors;
    },
    async open(url, options = {}) {
      const opened = await openPage(this.browser, url, { ...options, timeout });
      contexts.push(opened.context);
      errors = opened.errors;
      return opened.page;
    },
  };
}
