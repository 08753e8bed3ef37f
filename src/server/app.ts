import { timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { GroupNetwork } from '../data/cartel-network.js';
import { type NetworkChoice, resolveGroupNetwork } from '../data/group-source.js';
import { atalayaHome, packageRoot } from '../data/locate.js';
import { presentAnchor } from '../sim/assimilate/anchor.js';
import type { Summary } from '../sim/summary.js';
import { ComputePool } from './compute/pool.js';
import type { ServerContext } from './context.js';
import { HttpError } from './errors.js';
import { type Limits, resolveLimits } from './limits.js';
import { openApiDocument } from './openapi.js';
import { PanelCache } from './panel-cache.js';
import { errorResponse, mount, type Route } from './route.js';
import { auditRoutes } from './routes/audit.js';
import { dataRoutes } from './routes/data.js';
import { describeExplore, type ExploreManager, executeExplore, exploreRoutes } from './routes/explore.js';
import { forecastRoutes } from './routes/forecast.js';
import { geometryRoutes } from './routes/geometry.js';
import { healthRoutes } from './routes/health.js';
import { networkRoutes } from './routes/network.js';
import { runRoutes } from './routes/runs.js';
import { scenarioRoutes } from './routes/scenarios.js';
import { territoryRoutes } from './routes/territory.js';
import { trendsRoutes } from './routes/trends.js';
import { describeJob, executeJob, type RunJob, type RunRequestInfo } from './run-job.js';
import { RunManager } from './runs.js';
import { webHandler } from './static-web.js';

/**
 * The HTTP API as a Hono app: the same core the CLI calls, behind zod-validated routes (route.ts), an
 * OpenAPI document generated from those routes, and the security rules of docs/SERVER.md:
 *
 * - with a token, every /api request needs `Authorization: Bearer <token>` (401 otherwise);
 * - without one (loopback use), only requests addressed to a loopback host name are served (403
 *   otherwise), so a web page on another site cannot reach the API through DNS rebinding; bodies must be
 *   JSON (a plain form post from another page is refused) and no CORS header is ever sent.
 *
 * The built dashboard (dist/web) is served at `/` under the same host check (static-web.ts).
 *
 * Binding to a non-loopback address is decided in listen.ts.
 */
export interface AppOptions {
  /** Data cache (default: ATALAYA_HOME or ~/.cache/atalaya). */
  home?: string;
  /** Folder with real data, for the 150-group network (default: ATALAYA_DATA, then ../shared/data). */
  dataDir?: string;
  limits?: Partial<Limits>;
  /** When set, every /api request must carry it as a bearer token. */
  token?: string;
  /** The built dashboard served at `/` (default: dist/web of this package). */
  webDir?: string;
}

export type AtalayaApp = Hono & {
  readonly runs: RunManager<RunJob, Summary, RunRequestInfo>;
  /** Explore sweeps (POST /api/explore), under the same limits as the runs, in a queue of their own. */
  readonly explores: ExploreManager;
  readonly limits: Limits;
  /** The routes, as declared (the OpenAPI document is built from them). */
  readonly routes: readonly Route[];
  /** The compute worker (forecasts, hot spots, audits, networks, map projection). */
  readonly compute: ComputePool;
  /** Refuse new runs, cancel the others, wait for their workers to stop, stop the compute worker. */
  close(): Promise<void>;
};

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function createApp(options: AppOptions = {}): AtalayaApp {
  const limits = resolveLimits(options.limits);
  const home = atalayaHome({ home: options.home });
  const groupCache = new Map<NetworkChoice, GroupNetwork>();
  const groups = (choice: NetworkChoice): GroupNetwork => {
    let g = groupCache.get(choice);
    if (!g) {
      g = resolveGroupNetwork({ dataDir: options.dataDir, home, network: choice });
      groupCache.set(choice, g);
    }
    return g;
  };
  let present: ReturnType<typeof presentAnchor> | undefined;
  // Read once, on the first run: the newest observed counts in this server's cache (else the built-in table).
  const anchor = () => {
    present ??= presentAnchor(home);
    return present;
  };
  const runs = new RunManager(limits, executeJob(groups, limits.threadsPerRun, anchor), describeJob);
  const explores: ExploreManager = new RunManager(
    limits,
    executeExplore({ threads: limits.threadsPerRun }),
    describeExplore,
  );
  const ctx: ServerContext = {
    limits,
    home,
    dataDir: options.dataDir,
    panels: new PanelCache(home),
    runs,
    groups,
    compute: new ComputePool({ home, dataDir: options.dataDir, limits }),
  };
  const version = packageVersion();

  const routes: Route[] = [
    ...healthRoutes(ctx, version),
    ...dataRoutes(ctx),
    ...geometryRoutes(ctx),
    ...forecastRoutes(ctx),
    ...trendsRoutes(ctx),
    ...auditRoutes(ctx),
    ...scenarioRoutes(),
    ...runRoutes(ctx),
    ...exploreRoutes(ctx, { explores, anchor }),
    ...networkRoutes(ctx),
    ...territoryRoutes(ctx),
  ];
  const document = openApiDocument(routes, {
    title: 'Atalaya API',
    version,
    description:
      'The Atalaya core over HTTP: data, forecasts, audits, scenarios, Monte Carlo runs, exploratory sweeps, networks. See docs/SERVER.md.',
  });

  const app = new Hono();
  app.use('*', async (c, next) => {
    if (!options.token && !LOOPBACK_NAMES.has(new URL(c.req.url).hostname)) {
      return errorResponse(c, new HttpError(403, 'this server only answers requests addressed to localhost'));
    }
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Cache-Control', 'no-store');
  });
  if (options.token) app.use('/api/*', bearer(options.token));
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: limits.maxBodyBytes,
      onError: (c) =>
        errorResponse(
          c,
          new HttpError(413, `the body is larger than ${limits.maxBodyBytes} bytes`, { field: 'body' }),
        ),
    }),
  );
  app.get('/api/openapi.json', (c) => c.json(document));
  mount(app, routes);
  app.get('*', webHandler(options.webDir ?? join(packageRoot(), 'dist', 'web')));
  app.notFound((c) =>
    errorResponse(c, new HttpError(404, `no route ${c.req.method} ${c.req.path} (see /api/openapi.json)`)),
  );
  app.onError((err, c) => errorResponse(c, err));

  const close = async () => {
    await Promise.all([runs.close(), explores.close(), ctx.compute.close()]);
  };
  return Object.assign(app, { runs, explores, limits, routes, compute: ctx.compute, close }) as AtalayaApp;
}

function bearer(token: string) {
  const expected = Buffer.from(token);
  return async (c: import('hono').Context, next: () => Promise<void>) => {
    const given = Buffer.from(/^Bearer (.+)$/i.exec(c.req.header('authorization') ?? '')?.[1] ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return errorResponse(
        c,
        new HttpError(401, 'this server needs `Authorization: Bearer <token>`', {
          field: 'Authorization',
          headers: { 'WWW-Authenticate': 'Bearer' },
        }),
      );
    }
    await next();
  };
}

function packageVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string })
    .version;
}
