import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { type AppOptions, type AtalayaApp, createApp } from './app.js';

/**
 * Start the server. It binds to loopback unless told otherwise: any other address needs both
 * `allowRemote` and a token (then every /api request must carry it), else `listen` refuses before binding.
 */
export interface ListenOptions extends AppOptions {
  /** Default 8787; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  allowRemote?: boolean;
}

export interface RunningServer {
  app: AtalayaApp;
  url: string;
  port: number;
  host: string;
  /** Stop accepting connections, cancel unfinished runs and wait for their workers. */
  close(): Promise<void>;
}

export class BindError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BindError';
  }
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);

export function isLoopback(host: string): boolean {
  return LOOPBACK_HOSTS.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Throws a BindError saying what is missing when the address is not loopback. */
export function checkBinding(host: string, options: { allowRemote?: boolean; token?: string }): void {
  if (isLoopback(host)) return;
  if (!options.allowRemote || !options.token) {
    const missing = [
      !options.allowRemote && '--allow-remote',
      !options.token && 'a token (--token or ATALAYA_TOKEN)',
    ]
      .filter(Boolean)
      .join(' and ');
    throw new BindError(
      `refusing to listen on ${host}: the server binds to loopback (127.0.0.1, ::1, localhost) unless given ${missing}; anyone who can reach ${host} could otherwise use it`,
    );
  }
  if (options.token.length < 16) throw new BindError('the token must have at least 16 characters');
}

export async function listen(options: ListenOptions = {}): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  checkBinding(host, options);
  const app = createApp(options);
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: options.port ?? 8787, hostname: host }, () => resolve(s));
    s.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    app,
    url: `http://${shown}:${port}`,
    port,
    host,
    async close() {
      await app.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Open event streams would keep close() waiting: end them.
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
    },
  };
}
