import { Command } from 'commander';
import { BindError, listen } from '../../server/listen.js';
import { UsageError } from '../errors.js';
import { positiveInt } from '../options.js';

interface ServeOptions {
  port: number;
  host: string;
  token?: string;
  allowRemote?: boolean;
  home?: string;
  data?: string;
}

export function serveCommand(): Command {
  return new Command('serve')
    .summary('HTTP API (and, later, the web dashboard) on this machine')
    .description(
      'Serve the Atalaya API over HTTP: the same core as the CLI, JSON in and out, the OpenAPI document at\n' +
        '/api/openapi.json. Listens on 127.0.0.1 only, unless --allow-remote and a token are given. See docs/SERVER.md.',
    )
    .option('--port <n>', 'port', positiveInt('--port', 65535), 8787)
    .option('--host <address>', 'address to bind (loopback unless --allow-remote)', '127.0.0.1')
    .option(
      '--token <token>',
      'require `Authorization: Bearer <token>` on every /api request (default: ATALAYA_TOKEN)',
    )
    .option('--allow-remote', 'allow a non-loopback --host (needs a token)')
    .option('--home <dir>', 'data cache (default: ATALAYA_HOME or ~/.cache/atalaya)')
    .option('--data <dir>', 'folder with real data (default: ATALAYA_DATA, then ../shared/data)')
    .addHelpText(
      'after',
      '\nExamples:\n  atalaya serve\n  atalaya serve --port 9000 --home ./cache\n  ATALAYA_TOKEN=$(openssl rand -hex 24) atalaya serve --host 0.0.0.0 --allow-remote',
    )
    .action(async (opts: ServeOptions) => {
      const token = opts.token ?? process.env.ATALAYA_TOKEN ?? undefined;
      let server: Awaited<ReturnType<typeof listen>>;
      try {
        server = await listen({
          port: opts.port,
          host: opts.host,
          token: token || undefined,
          allowRemote: opts.allowRemote,
          home: opts.home,
          dataDir: opts.data,
        });
      } catch (err) {
        if (err instanceof BindError) throw new UsageError(err.message);
        throw err;
      }
      // With a token, the dashboard's address carries it once; the page keeps it and removes it from the bar.
      const dashboard = token ? `${server.url}/?token=${encodeURIComponent(token)}` : `${server.url}/`;
      process.stderr.write(
        `atalaya: dashboard at ${dashboard}\n` +
          `atalaya: API at ${server.url}/api (OpenAPI: ${server.url}/api/openapi.json${token ? '; bearer token required' : ''}). Ctrl-C to stop.\n`,
      );
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          process.stderr.write('atalaya: stopping (cancelling unfinished runs)\n');
          server.close().then(resolve, resolve);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}
