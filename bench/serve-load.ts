/**
 * Load test of `atalaya serve` (`npm run bench:serve`): autocannon against a loopback server for a bounded
 * time on cheap routes (/api/health, /api/scenarios, /api/params, and /api/data/status when data was
 * imported), while small Monte Carlo runs are submitted, followed over server-sent events, and one of them
 * cancelled. Prints requests/s, latency percentiles, errors, RSS before and after, and the run accounting:
 * every accepted run must end exactly once (done, cancelled or timeout), none lost, none duplicated.
 *
 *   npm run bench:serve                       # 10 s, 10 connections, 6 runs
 *   npm run bench:serve -- --seconds 30 --connections 50 --runs 12 --json
 *
 * autocannon runs in this process, beside the server: figures are a floor for the server alone. The
 * bounded version of this check is test/server/load.test.ts (no timing assertions).
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import type { Limits } from '../src/server/limits.js';
import { listen } from '../src/server/listen.js';
import { readEvents } from '../test/server/helpers.js';

export interface ServeLoadOptions {
  seconds: number;
  connections: number;
  /** Monte Carlo runs submitted during the load (each: 2 scenarios, `runSize` runs, 2 years). */
  runs: number;
  runSize: number;
  home?: string;
  limits?: Partial<Limits>;
}

export interface ServeLoadReport {
  requests: { total: number; perSecond: number; non2xx: number; errors: number; timeouts: number };
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  statusCodes: Record<string, number>;
  rssMb: { before: number; after: number };
  runs: {
    accepted: number;
    refused429: number;
    finals: Record<string, number>;
    /** Runs whose event stream did not carry exactly one final event. */
    notExactlyOnce: string[];
    /** The manager's own tally: submitted = done + error + cancelled + timeout. */
    counts: Record<string, number>;
  };
}

const FINAL = new Set(['done', 'error', 'cancelled', 'timeout']);
const mb = (bytes: number) => Math.round(bytes / 2 ** 20);

export async function serveLoad(options: ServeLoadOptions): Promise<ServeLoadReport> {
  const server = await listen({
    port: 0,
    home: options.home,
    limits: { maxConcurrentRuns: 2, maxQueuedRuns: 4, threadsPerRun: 2, ...options.limits },
  });
  try {
    const rssBefore = process.memoryUsage().rss;
    const status = (await (await fetch(`${server.url}/api/data/status`)).json()) as { imported: boolean };
    const paths = [
      '/api/health',
      '/api/scenarios',
      '/api/params',
      ...(status.imported ? ['/api/data/status'] : []),
    ];
    const cannon = autocannon({
      url: server.url,
      connections: options.connections,
      duration: options.seconds,
      requests: paths.map((path) => ({ method: 'GET' as const, path })),
    });
    const [result, runs] = await Promise.all([cannon, submitRuns(server.url, options)]);
    await server.app.runs.close();
    const rssAfter = process.memoryUsage().rss;
    const statusCodes: Record<string, number> = {};
    for (const [code, stat] of Object.entries(result.statusCodeStats ?? {}))
      statusCodes[code] = (stat as { count: number }).count;
    return {
      requests: {
        total: result.requests.total,
        perSecond: Math.round(result.requests.average),
        non2xx: result.non2xx,
        errors: result.errors,
        timeouts: result.timeouts,
      },
      latencyMs: {
        p50: result.latency.p50,
        p90: result.latency.p90,
        p99: result.latency.p99,
        max: result.latency.max,
      },
      statusCodes,
      rssMb: { before: mb(rssBefore), after: mb(rssAfter) },
      runs: { ...runs, counts: { ...server.app.runs.counts } },
    };
  } finally {
    await server.close();
  }
}

/** Submit runs (retrying on 429), follow each over SSE, cancel the first once it reports progress. */
async function submitRuns(
  url: string,
  options: ServeLoadOptions,
): Promise<Omit<ServeLoadReport['runs'], 'counts'>> {
  let refused429 = 0;
  const finals: Record<string, number> = {};
  const notExactlyOnce: string[] = [];
  const follow = async (k: number): Promise<void> => {
    let id: string | undefined;
    for (let attempt = 0; !id; attempt++) {
      const res = await fetch(`${url}/api/runs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          scenarios: ['status-quo', 'halve-recruitment'],
          runs: options.runSize,
          years: 2,
          seed: k + 1,
          network: 'builtin',
        }),
      });
      if (res.status === 429) {
        refused429++;
        await res.body?.cancel();
        await new Promise((r) => setTimeout(r, 200 * Math.min(attempt + 1, 10)));
        continue;
      }
      if (res.status !== 202) throw new Error(`POST /api/runs: HTTP ${res.status} ${await res.text()}`);
      id = ((await res.json()) as { id: string }).id;
    }
    let cancelled = false;
    const events = await readEvents(`${url}/api/runs/${id}/events`, (e) => {
      if (k === 0 && e.event === 'progress' && !cancelled) {
        cancelled = true;
        void fetch(`${url}/api/runs/${id}`, { method: 'DELETE' });
      }
      return undefined;
    });
    const ends = events.filter((e) => FINAL.has(e.event));
    if (ends.length !== 1) notExactlyOnce.push(id);
    for (const e of ends) finals[e.event] = (finals[e.event] ?? 0) + 1;
  };
  await Promise.all(Array.from({ length: options.runs }, (_, k) => follow(k)));
  return { accepted: options.runs, refused429, finals, notExactlyOnce };
}

function isEntryPoint(): boolean {
  try {
    return !!process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '10' },
      connections: { type: 'string', default: '10' },
      runs: { type: 'string', default: '6' },
      'run-size': { type: 'string', default: '20' },
      home: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const report = await serveLoad({
    seconds: Number(values.seconds),
    connections: Number(values.connections),
    runs: Number(values.runs),
    runSize: Number(values['run-size']),
    home: values.home,
  });
  if (values.json) console.log(JSON.stringify(report, null, 2));
  else {
    const r = report;
    const ok =
      r.runs.notExactlyOnce.length === 0 &&
      r.runs.counts.submitted ===
        r.runs.counts.done + r.runs.counts.error + r.runs.counts.cancelled + r.runs.counts.timeout;
    console.log(
      [
        `atalaya serve under load (${values.seconds} s, ${values.connections} connections, autocannon in-process)`,
        `  requests   ${r.requests.total} (${r.requests.perSecond}/s), non-2xx ${r.requests.non2xx}, errors ${r.requests.errors}, timeouts ${r.requests.timeouts}`,
        `  latency    p50 ${r.latencyMs.p50} ms, p90 ${r.latencyMs.p90} ms, p99 ${r.latencyMs.p99} ms, max ${r.latencyMs.max} ms`,
        `  statuses   ${JSON.stringify(r.statusCodes)}`,
        `  RSS        ${r.rssMb.before} MB before, ${r.rssMb.after} MB after`,
        `  runs       ${r.runs.accepted} accepted (${r.runs.refused429} POSTs refused with 429 and retried); final events ${JSON.stringify(r.runs.finals)}`,
        `  accounting ${JSON.stringify(r.runs.counts)} → ${ok ? 'every run ended exactly once' : `PROBLEM: ${r.runs.notExactlyOnce.join(', ')}`}`,
      ].join('\n'),
    );
    if (!ok) process.exitCode = 1;
  }
}
