/**
 * Benchmark of the dashboard's Map page (`npx tsx bench/dashboard-map.ts`, `npm run bench:map`) in a real
 * browser against the real server. Targets: the map interactive within 2 s of load with every municipality
 * drawn; a month switch under 100 ms. Timing is never part of the tests; this prints measurements taken in
 * one run, side by side, since these machines are noisy.
 *
 * 1. Loads. The server starts in this process (`listen`, port 0); Debian's Chromium (ATALAYA_CHROMIUM or
 *    /usr/bin/chromium, launched as by test/e2e/chromium.ts) opens `/#/map` in a fresh browser context each time,
 *    so the page keeps nothing. Interactive = the page's first `atalaya:map-month` mark (web/src/pages/
 *    map-page.ts: the map has been recoloured for its first month), measured from navigation start. The
 *    first load also warms the server (it reads the cache and memoises the geometry) and is reported
 *    apart; the others run against a warm server. Breakdown from the Navigation, Paint and Resource Timing
 *    APIs: DOMContentLoaded, first paint, the data-status request, the projected geometry's request
 *    (GET /api/geometry/municipality/paths, asked at once, beside the status), the month request, and the
 *    time from the last of those answers to the mark (parse, build the SVG, recolour, attach).
 * 2. Month switches on one loaded page: the slider's range input is set and sent an `input` event, as a
 *    drag does. input→shown includes the slider's 120 ms debounce; asked→shown runs from the page's
 *    `atalaya:map-month-asked` mark (debounce over) to `atalaya:map-month` for that month: the target.
 *    shown→frame: from the mark to the end of the next rendered frame. First for months never shown (one
 *    request to the server each), then for the same months again (kept by the page's API client).
 * 3. Painting alone, in the same page, alternately: set `fill` on every `svg.choropleth g.areas path`, and
 *    re-create every path from its `d` (what a page that redraws instead of recolouring would do). Each
 *    starts at the beginning of a frame and ends after that frame's style, layout and paint on the main
 *    thread (rasterisation runs on other threads and is not counted). Printed as a ratio.
 *
 *   npx tsx bench/dashboard-map.ts                                 # 5 loads, 30 months
 *   npx tsx bench/dashboard-map.ts --loads 10 --switches 60 --home ./cache --web ./build --json
 *
 * Data: --home, else ATALAYA_HOME, else the files the map needs are imported from ../shared/data (or
 * ATALAYA_DATA) into a temporary cache, as the end-to-end tests do. The dashboard: --web, else
 * ATALAYA_WEB_DIR, else dist/web (`npm run build`). --out FILE also writes the JSON report to FILE.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { writeFileAtomic } from '../src/data/atomic-write.js';
import { importData } from '../src/data/import.js';
import { findDataDir, packageRoot } from '../src/data/locate.js';
import { listen } from '../src/server/listen.js';
import { CHROMIUM, launchChromium } from '../test/e2e/chromium.js';

const USAGE = `Usage: npx tsx bench/dashboard-map.ts [options]

  --loads N      fresh page loads after the server's warm-up load (default 5)
  --switches N   months switched to on one page, each twice: never shown, then shown (default 30)
  --repeats N    recolour and rebuild measurements of section 3 (default 20)
  --home DIR     imported data cache (default ATALAYA_HOME, else a temporary import of ../shared/data)
  --web DIR      built dashboard (default ATALAYA_WEB_DIR, else dist/web)
  --json         print the report as JSON (the table goes to stderr)
  --out FILE     also write the JSON report to FILE
  --help         this text

Chromium: ATALAYA_CHROMIUM, else /usr/bin/chromium. Targets: interactive < 2000 ms, asked→shown < 100 ms.`;

const TARGET_INTERACTIVE_MS = 2000;
const TARGET_SWITCH_MS = 100;
/** The end-to-end tests' rule: ~2,470 shapes, a few tiny ones may project to nothing. */
const MIN_PATHS = 2400;
const WAIT_MS = 90_000;
/** The files the map needs (test/forecast/real-panel.ts's, plus the state lines). */
const MAP_FILES = [
  'inegi_homicides_gargiulo/mexico-muni-month-homicide-rates-2000-2019.csv.gz',
  'conapo_population_lapanquecita/poblacion_municipal_total.csv',
  'census2020_mxmaps/censo2020_poblacion_municipal.csv',
  'geo_mxmaps/mxmunicipio.topojson',
  'geo_mxmaps/mxstate.topojson',
];

export interface Stats {
  n: number;
  median: number;
  p90: number;
  max: number;
}

export interface LoadTiming {
  /** Navigation start → first `atalaya:map-month` mark. */
  interactive: number;
  /** Navigation start → end of the first frame after it. */
  interactiveFrame: number;
  domContentLoaded: number;
  firstPaint: number;
  /** Start → end of GET /api/data/status (the page asks it first, with the geometry). */
  status: number;
  /** Start → end of GET /api/geometry/municipality/paths (projected on the server), and its body size. */
  geometry: number;
  geometryBytes: number;
  /** The month's request (the last /api answer before the map was shown, apart from geometry and status). */
  monthRequest: number;
  /** Last of the geometry and month answers → mark: parse the paths, build the SVG, recolour, attach. */
  build: number;
  paths: number;
  filled: number;
  borders: number;
}

export interface SwitchTiming {
  month: string;
  inputToShown: number;
  askedToShown: number;
  shownToFrame: number;
}

export interface DashboardMapReport {
  date: string;
  machine: {
    cpus: number;
    cpuModel: string;
    memoryGb: number;
    node: string;
    chromium: string;
    /** 1-minute load average before and after: other work on the machine slows every figure. */
    loadAverage: { before: number; after: number };
  };
  server: { home: string; webDir: string; cache: string };
  targets: { interactiveMs: number; switchMs: number };
  coldServerLoad: LoadTiming;
  loads: LoadTiming[];
  load: Record<Exclude<keyof LoadTiming, 'paths' | 'filled' | 'borders' | 'geometryBytes'>, Stats>;
  switches: { unseen: SwitchTiming[]; seen: SwitchTiming[] };
  switch: {
    unseen: Record<'inputToShown' | 'askedToShown' | 'shownToFrame', Stats>;
    seen: Record<'inputToShown' | 'askedToShown' | 'shownToFrame', Stats>;
    /** median asked→shown, never shown ÷ already shown. */
    unseenOverSeen: number;
  };
  paint: {
    paths: number;
    recolour: { script: Stats; frame: Stats };
    rebuild: { script: Stats; frame: Stats };
    /** median frame time, rebuild ÷ recolour. */
    rebuildOverRecolour: number;
  };
  /** p90 of the loads after the warm-up, the warm-up load, and p90 of every switch (asked → shown). */
  verdict: { interactive: boolean; coldServerInteractive: boolean; switch: boolean };
}

/**
 * Installed before the page's own scripts. It wraps `performance.mark` to note, for every
 * `atalaya:map-month`, the end of the next rendered frame (a message posted from requestAnimationFrame runs
 * after that frame's style, layout and paint), and offers the measurements the bench runs in the page.
 * A string, not a function: tsx's transform would add helpers the page does not have.
 */
const IN_PAGE = `
(() => {
  const frames = [];
  const waiters = [];
  const afterFrame = (fn) => requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => fn(performance.now());
    channel.port2.postMessage(0);
  });
  const mark = performance.mark.bind(performance);
  const wake = () => { for (const w of waiters.splice(0)) w(); };
  performance.mark = (name, options) => {
    const entry = mark(name, options);
    if (name === 'atalaya:map-month') {
      afterFrame((t) => {
        const month = options && options.detail;
        frames.push({ month, shown: entry.startTime, frame: t });
        wake();
      });
    }
    if (name === 'atalaya:map-month-asked') wake();
    return entry;
  };
  const frameAfter = (month, since) =>
    frames.find((f) => f.month === month && f.shown >= since);
  const marks = (name) => performance.getEntriesByName(name, 'mark');

  window.__mapBench = {
    load() {
      const shown = marks('atalaya:map-month')[0];
      const first = frames[0];
      const nav = performance.getEntriesByType('navigation')[0];
      const paint = performance.getEntriesByType('paint').find((p) => p.name === 'first-paint');
      const resources = performance.getEntriesByType('resource');
      const find = (part) => resources.find((r) => r.name.includes(part));
      const geometry = find('/api/geometry/municipality');
      const status = find('/api/data/status');
      const initial = ['/api/geometry/', '/api/data/status'];
      // The month's values: the last other /api answer before the map was shown.
      const series = resources
        .filter((r) => r.name.includes('/api/') && !initial.some((f) => r.name.includes(f)))
        .filter((r) => r.responseEnd <= shown.startTime)
        .sort((a, b) => a.responseEnd - b.responseEnd)
        .at(-1) || { startTime: NaN, responseEnd: NaN };
      return {
        interactive: shown.startTime,
        interactiveFrame: first ? first.frame : NaN,
        domContentLoaded: nav.domContentLoadedEventEnd,
        firstPaint: paint ? paint.startTime : NaN,
        status: status.responseEnd - status.startTime,
        geometry: geometry.responseEnd - geometry.startTime,
        geometryBytes: geometry.encodedBodySize,
        monthRequest: series.responseEnd - series.startTime,
        build: shown.startTime - Math.max(geometry.responseEnd, series.responseEnd),
        paths: document.querySelectorAll('svg.choropleth g.areas path').length,
        filled: document.querySelectorAll('svg.choropleth g.areas path[fill]').length,
        borders: document.querySelectorAll('svg.choropleth g.borders path').length,
      };
    },
    months() {
      const input = document.querySelector('.time-slider input[type=range]');
      return { count: Number(input.max) + 1, value: Number(input.value) };
    },
    /**
     * Move the slider to month index i as a drag would; resolves once the month it asks for (after the
     * debounce) is shown and painted.
     */
    switchTo(i) {
      const input = document.querySelector('.time-slider input[type=range]');
      const start = performance.now();
      input.value = String(i);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('slider position ' + i + ' not shown in 30 s')), 30000);
        const check = () => {
          const asked = marks('atalaya:map-month-asked').filter((m) => m.startTime >= start).at(-1);
          const f = asked && frameAfter(asked.detail, asked.startTime);
          if (!f) return void waiters.push(check);
          clearTimeout(timer);
          resolve({
            month: asked.detail,
            inputToShown: f.shown - start,
            askedToShown: f.shown - asked.startTime,
            shownToFrame: f.frame - f.shown,
          });
        };
        check();
      });
    },
    /**
     * Alternately recolour every path and re-create every path, each started at the beginning of a frame
     * (inside requestAnimationFrame) and timed to the end of that frame. The original paths are put back.
     */
    async paint(repeats) {
      const group = document.querySelector('svg.choropleth g.areas');
      const originals = [...group.querySelectorAll('path')];
      const fills = originals.map((p) => p.getAttribute('fill'));
      const palette = ['#fef0d9', '#fdcc8a', '#fc8d59', '#e34a33', '#b30000', '#eeeeee'];
      const inFrame = (op) => new Promise((resolve) => requestAnimationFrame(() => {
        const t0 = performance.now();
        op();
        const t1 = performance.now();
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve({ script: t1 - t0, frame: performance.now() - t0 });
        channel.port2.postMessage(0);
      }));
      const recolour = [];
      const rebuild = [];
      for (let r = 0; r < repeats; r++) {
        recolour.push(await inFrame(() => {
          for (let k = 0; k < originals.length; k++)
            originals[k].setAttribute('fill', palette[(k + r) % palette.length]);
        }));
        rebuild.push(await inFrame(() => {
          const fresh = originals.map((p, k) => {
            const q = document.createElementNS('http://www.w3.org/2000/svg', 'path');
            q.setAttribute('d', p.getAttribute('d'));
            q.setAttribute('fill', palette[(k + r + 1) % palette.length]);
            q.dataset.code = p.dataset.code;
            return q;
          });
          group.replaceChildren(...fresh);
        }));
        await inFrame(() => group.replaceChildren(...originals));
      }
      originals.forEach((p, k) => p.setAttribute('fill', fills[k]));
      return { paths: originals.length, recolour, rebuild };
    },
  };
})();
`;

async function switchTo(page: Page, index: number): Promise<SwitchTiming> {
  return (await page.evaluate(`window.__mapBench.switchTo(${index})`)) as SwitchTiming;
}

/** What IN_PAGE adds to the page's window (only what is called from a function here). */
interface InPage {
  __mapBench: { load(): LoadTiming };
}

/** Nearest-rank percentiles. */
export function stats(values: number[]): Stats {
  const xs = values.filter(Number.isFinite).sort((a, b) => a - b);
  const at = (q: number) => xs[Math.min(xs.length - 1, Math.max(0, Math.ceil(q * xs.length) - 1))];
  return { n: xs.length, median: at(0.5), p90: at(0.9), max: xs[xs.length - 1] };
}

function statsOf<T, K extends keyof T>(rows: T[], keys: readonly K[]): Record<K, Stats> {
  return Object.fromEntries(keys.map((k) => [k, stats(rows.map((r) => Number(r[k])))])) as Record<K, Stats>;
}

export interface DashboardMapOptions {
  home: string;
  webDir: string;
  /** How the cache was obtained, for the report. */
  cache: string;
  chromiumPath: string;
  loads: number;
  switches: number;
  repeats: number;
}

export async function benchDashboardMap(options: DashboardMapOptions): Promise<DashboardMapReport> {
  const loadBefore = loadavg()[0];
  const server = await listen({ home: options.home, host: '127.0.0.1', port: 0, webDir: options.webDir });
  const browser = await launchChromium(options.chromiumPath);
  try {
    /** A fresh context (no cache, no storage) with the in-page helpers, at the map. */
    const open = async (): Promise<Page> => {
      const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
      await context.addInitScript(IN_PAGE);
      const page = await context.newPage();
      page.setDefaultTimeout(WAIT_MS);
      const errors: string[] = [];
      page.on('pageerror', (err) => errors.push(err.message));
      await page.goto(`${server.url}/#/map`);
      await page
        .waitForFunction(() => performance.getEntriesByName('atalaya:map-month', 'mark').length > 0, null, {
          timeout: WAIT_MS,
        })
        .catch((err: Error) => {
          throw new Error(`the map was not shown: ${errors.join('; ') || err.message}`);
        });
      // The first frame after the mark, noted by IN_PAGE.
      // A function, not a string: the page's Content-Security-Policy forbids evaluating strings.
      await page.waitForFunction(
        () => (globalThis as unknown as InPage).__mapBench.load().interactiveFrame > 0,
      );
      return page;
    };
    const measureLoad = async (): Promise<{ page: Page; timing: LoadTiming }> => {
      const page = await open();
      const timing = (await page.evaluate('window.__mapBench.load()')) as LoadTiming;
      if (timing.paths < MIN_PATHS || timing.filled < timing.paths)
        throw new Error(
          `the map drew ${timing.paths} paths (${timing.filled} filled), expected ≥ ${MIN_PATHS}`,
        );
      return { page, timing };
    };

    const cold = await measureLoad();
    await cold.page.context().close();
    const loads: LoadTiming[] = [];
    let page: Page | undefined;
    for (let k = 0; k < options.loads; k++) {
      const next = await measureLoad();
      loads.push(next.timing);
      await page?.context().close();
      page = next.page;
    }
    if (!page) page = (await measureLoad()).page;

    // Months spread over the slider, never the one shown at load.
    const { count, value } = (await page.evaluate('window.__mapBench.months()')) as {
      count: number;
      value: number;
    };
    const indices: number[] = [];
    const wanted = Math.min(options.switches, count - 1);
    for (let k = 0; indices.length < wanted; k++) {
      const i = Math.floor(((k + 0.5) * count) / wanted) % count;
      const j = [i, ...Array.from({ length: count }, (_, d) => (i + d) % count)].find(
        (x) => x !== value && !indices.includes(x),
      );
      if (j === undefined) break;
      indices.push(j);
    }
    const unseen: SwitchTiming[] = [];
    const seen: SwitchTiming[] = [];
    for (const i of indices) unseen.push(await switchTo(page, i));
    for (const i of indices) seen.push(await switchTo(page, i));

    const paint = (await page.evaluate(`window.__mapBench.paint(${options.repeats})`)) as {
      paths: number;
      recolour: { script: number; frame: number }[];
      rebuild: { script: number; frame: number }[];
    };
    await page.context().close();

    const keys = ['inputToShown', 'askedToShown', 'shownToFrame'] as const;
    const switchStats = { unseen: statsOf(unseen, keys), seen: statsOf(seen, keys) };
    const loadStats = statsOf(loads, [
      'interactive',
      'interactiveFrame',
      'domContentLoaded',
      'firstPaint',
      'status',
      'geometry',
      'monthRequest',
      'build',
    ] as const);
    const recolour = statsOf(paint.recolour, ['script', 'frame'] as const);
    const rebuild = statsOf(paint.rebuild, ['script', 'frame'] as const);
    return {
      date: new Date().toISOString(),
      machine: {
        cpus: availableParallelism(),
        cpuModel: cpus()[0]?.model ?? '?',
        memoryGb: Math.round(totalmem() / 2 ** 30),
        node: process.version,
        chromium: browser.version(),
        loadAverage: { before: loadBefore, after: loadavg()[0] },
      },
      server: { home: options.home, webDir: options.webDir, cache: options.cache },
      targets: { interactiveMs: TARGET_INTERACTIVE_MS, switchMs: TARGET_SWITCH_MS },
      coldServerLoad: cold.timing,
      loads,
      load: loadStats,
      switches: { unseen, seen },
      switch: {
        ...switchStats,
        unseenOverSeen: switchStats.unseen.askedToShown.median / switchStats.seen.askedToShown.median,
      },
      paint: {
        paths: paint.paths,
        recolour,
        rebuild,
        rebuildOverRecolour: rebuild.frame.median / recolour.frame.median,
      },
      verdict: {
        interactive: loadStats.interactive.p90 < TARGET_INTERACTIVE_MS,
        coldServerInteractive: cold.timing.interactive < TARGET_INTERACTIVE_MS,
        switch:
          Math.max(switchStats.unseen.askedToShown.max, switchStats.seen.askedToShown.max) < TARGET_SWITCH_MS,
      },
    };
  } finally {
    await browser.close();
    await server.close();
  }
}

const ms = (x: number) => (Number.isFinite(x) ? `${Math.round(x)}`.padStart(6) : '     –');
const ms1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1).padStart(6) : '     –');

/** Which of median, p90 and max are under the target. */
function verdict(s: Stats, target: number): string {
  const under = (['median', 'p90', 'max'] as const).filter((k) => s[k] < target);
  return under.length === 3 ? 'met' : under.length === 0 ? 'NOT MET' : `${under.join(', ')} only`;
}

/** The report as text: one line per measure, median, p90 and max in milliseconds, against its target. */
export function formatReport(r: DashboardMapReport): string {
  const row = (label: string, s: Stats, target?: number, digits = ms) =>
    `  ${label.padEnd(48)} ${String(s.n).padStart(3)} ${digits(s.median)} ${digits(s.p90)} ${digits(s.max)}${
      target === undefined ? '' : `   < ${target}: ${verdict(s, target)}`
    }`;
  const head = `  ${'measure (ms)'.padEnd(48)}   n median    p90    max`;
  const c = r.coldServerLoad;
  const l = r.load;
  const [u, s] = [r.switch.unseen, r.switch.seen];
  const m = r.machine;
  return [
    `Atalaya dashboard map benchmark — ${r.date.slice(0, 10)}, ${m.cpus} CPUs (${m.cpuModel}), ${m.memoryGb} GB, Node ${m.node}, Chromium ${m.chromium}`,
    `Load average (1 min) ${m.loadAverage.before.toFixed(1)} before, ${m.loadAverage.after.toFixed(1)} after: other work on these cores slows every figure`,
    `Data: ${r.server.cache}; ${c.paths} municipal paths drawn (${c.filled} filled), ${c.borders} path of state borders; projected geometry ${(c.geometryBytes / 2 ** 20).toFixed(1)} MB`,
    '',
    `1. Page loads (fresh browser context each; server warm after a first load, which took ${Math.round(c.interactive)} ms to interactive)`,
    head,
    row('interactive (navigation → first map-month)', l.interactive, r.targets.interactiveMs),
    row('  … and its frame painted', l.interactiveFrame),
    row('DOMContentLoaded', l.domContentLoaded),
    row('first paint', l.firstPaint),
    row('GET /api/data/status', l.status),
    row('GET /api/geometry/municipality/paths', l.geometry),
    row('GET the month (/api/series)', l.monthRequest),
    row('last answer → shown (build SVG, recolour)', l.build),
    '',
    `2. Month switches on one page (${u.askedToShown.n} months, each never shown, then again once shown)`,
    head,
    row('never shown: asked → shown', u.askedToShown, r.targets.switchMs),
    row('never shown: input → shown (120 ms debounce)', u.inputToShown),
    row('never shown: shown → frame painted', u.shownToFrame),
    row('already shown: asked → shown', s.askedToShown, r.targets.switchMs),
    row('already shown: input → shown (120 ms debounce)', s.inputToShown),
    row('already shown: shown → frame painted', s.shownToFrame),
    `  ratio asked → shown, never shown ÷ already shown (medians): ${r.switch.unseenOverSeen.toFixed(1)}×`,
    '',
    `3. Painting alone, ${r.paint.paths} paths (main thread, one frame each, alternated)`,
    head,
    row('recolour (set fill): script', r.paint.recolour.script, undefined, ms1),
    row('recolour (set fill): script + frame', r.paint.recolour.frame, undefined, ms1),
    row('re-create every path: script', r.paint.rebuild.script, undefined, ms1),
    row('re-create every path: script + frame', r.paint.rebuild.frame, undefined, ms1),
    `  ratio re-create ÷ recolour (medians, with the frame): ${r.paint.rebuildOverRecolour.toFixed(1)}×`,
    '',
    `Targets (p90): interactive < ${r.targets.interactiveMs} ms ${r.verdict.interactive ? 'met' : 'NOT MET'} (${r.verdict.coldServerInteractive ? 'met' : 'NOT MET'} by the first, cold-server load); month switch < ${r.targets.switchMs} ms, asked → shown, ${r.verdict.switch ? 'met' : 'NOT MET'}.`,
  ].join('\n');
}

/** The cache to serve: --home, ATALAYA_HOME, or the map's files imported from the shared data. */
function resolveHome(
  home: string | undefined,
  cleanup: string[],
): { home: string; cache: string } | undefined {
  const given = home ?? process.env.ATALAYA_HOME;
  if (given) return { home: resolve(given), cache: `cache ${resolve(given)}` };
  const found = findDataDir();
  if (!found) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'atalaya-bench-map-data-'));
  const temporary = mkdtempSync(join(tmpdir(), 'atalaya-bench-map-home-'));
  cleanup.push(dir, temporary);
  for (const file of MAP_FILES) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    copyFileSync(join(found.dir, file), join(dir, file));
  }
  const t0 = performance.now();
  importData({ dir, home: temporary });
  const s = (performance.now() - t0) / 1000;
  return { home: temporary, cache: `${found.dir} (${MAP_FILES.length} files imported in ${s.toFixed(1)} s)` };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      loads: { type: 'string', default: '5' },
      switches: { type: 'string', default: '30' },
      repeats: { type: 'string', default: '20' },
      home: { type: 'string' },
      web: { type: 'string' },
      json: { type: 'boolean', default: false },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const count = (name: 'loads' | 'switches' | 'repeats') => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < 1)
      throw new Error(`--${name} must be a whole number ≥ 1, got ${values[name]}`);
    return n;
  };
  const [loads, switches, repeats] = [count('loads'), count('switches'), count('repeats')];
  const chromiumPath = CHROMIUM;
  if (!existsSync(chromiumPath)) {
    console.error(`No Chromium at ${chromiumPath}: apt-get install chromium, or set ATALAYA_CHROMIUM.`);
    return 1;
  }
  const webDir = resolve(values.web ?? process.env.ATALAYA_WEB_DIR ?? join(packageRoot(), 'dist', 'web'));
  if (!existsSync(join(webDir, 'index.html'))) {
    console.error(
      `The dashboard is not built (${webDir}/index.html missing): npm run build:web, or --web DIR.`,
    );
    return 1;
  }
  const cleanup: string[] = [];
  try {
    const data = resolveHome(values.home, cleanup);
    if (!data) {
      console.error(
        'No data: pass --home or set ATALAYA_HOME to an imported cache, or provide ../shared/data.',
      );
      return 1;
    }
    const report = await benchDashboardMap({ ...data, webDir, chromiumPath, loads, switches, repeats });
    const text = formatReport(report);
    const json = `${JSON.stringify(report, null, 2)}\n`;
    if (values.out) writeFileAtomic(resolve(values.out), json);
    if (values.json) {
      console.error(text);
      process.stdout.write(json);
    } else console.log(text);
    return 0;
  } finally {
    for (const dir of cleanup) rmSync(dir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
