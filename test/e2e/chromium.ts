import { type Browser, chromium } from 'playwright-core';

/**
 * The system's Chromium (Debian's `chromium` package, or ATALAYA_CHROMIUM), driven by playwright-core,
 * which downloads no browser of its own: launched the same way by the end-to-end tests (browser.ts) and
 * the map benchmark (bench/dashboard-map.ts). No test-runner import, so a benchmark can use it.
 */
export const CHROMIUM = process.env.ATALAYA_CHROMIUM ?? '/usr/bin/chromium';

export function launchChromium(executablePath = CHROMIUM): Promise<Browser> {
  return chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
}
