import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { AtalayaApp } from '../../src/server/app.js';
import type { Limits } from '../../src/server/limits.js';
import { listen, type RunningServer } from '../../src/server/listen.js';

/** JSON request against an in-process app. */
export async function call(
  app: AtalayaApp,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: Record<string, unknown> & { field?: string; error?: string } }> {
  const res = await app.request(path, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/** Wait until `check` holds (polling); fails after a generous bound, never a timing assertion. */
export async function until(
  check: () => boolean | Promise<boolean>,
  what: string,
  bound = 60_000,
): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > bound) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export interface SseEvent {
  event: string;
  data: unknown;
}

/**
 * Read a server-sent event stream, calling `onEvent` for each; resolves with every event when the stream
 * ends (or when `onEvent` returns 'stop', after aborting the request: a client that goes away).
 */
export async function readEvents(
  url: string,
  onEvent: (e: SseEvent) => 'stop' | undefined = () => undefined,
  headers: Record<string, string> = {},
): Promise<SseEvent[]> {
  const controller = new AbortController();
  const res = await fetch(url, { headers, signal: controller.signal });
  if (!res.ok || !res.body) throw new Error(`events: HTTP ${res.status}`);
  const events: SseEvent[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  const reader = res.body.getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return events;
      buffer += decoder.decode(value, { stream: true });
      let cut = buffer.indexOf('\n\n');
      while (cut >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        cut = buffer.indexOf('\n\n');
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (!event || data === undefined) continue;
        const e = { event, data: JSON.parse(data) as unknown };
        events.push(e);
        if (onEvent(e) === 'stop') {
          controller.abort();
          return events;
        }
      }
    }
  } catch (err) {
    if (controller.signal.aborted) return events;
    throw err;
  }
}

/**
 * A real server on 127.0.0.1 per test (port chosen by the system, a fresh cache folder per file, closed
 * after each test): `start(limits)` starts it, `current()` is the one running.
 */
export function serverPerTest(name: string): {
  start: (limits?: Partial<Limits>) => Promise<RunningServer>;
  current: () => RunningServer | undefined;
} {
  const home = mkdtempSync(join(tmpdir(), `atalaya-server-${name}-`));
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  return {
    async start(limits = {}) {
      server = await listen({ port: 0, home, limits: { threadsPerRun: 2, ...limits } });
      return server;
    },
    current: () => server,
  };
}
