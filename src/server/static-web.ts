import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import type { Context } from 'hono';
import { HttpError } from './errors.js';

/**
 * The built dashboard (dist/web, written by `vite build`) served at `/`. Only files under that folder are
 * answered; the path is resolved and checked to stay inside it, so `..` cannot reach the rest of the disk.
 * The page may talk to this server only (Content-Security-Policy): no CDN, no remote tiles or fonts.
 */
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** Observable Plot writes inline `style` attributes, hence 'unsafe-inline' for styles only. */
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export function webHandler(webDir: string) {
  const root = resolve(webDir);
  return (c: Context): Response => {
    let path: string;
    try {
      path = decodeURIComponent(c.req.path);
    } catch {
      // Overlong or truncated escapes (`%c0%ae`) decode to nothing valid: the client's fault, not ours.
      throw new HttpError(400, `the path ${c.req.path.slice(0, 200)} is not valid percent-encoded UTF-8`, {
        field: 'path',
      });
    }
    if (path.startsWith('/api/') || path === '/api') {
      throw new HttpError(404, `no route ${c.req.method} ${c.req.path} (see /api/openapi.json)`);
    }
    const relative = path === '/' || path === '' ? 'index.html' : path.slice(1);
    const file = resolve(join(root, relative));
    if (file !== root && !file.startsWith(root + sep)) {
      throw new HttpError(404, `no file ${c.req.path}`);
    }
    if (!existsSync(join(root, 'index.html'))) {
      throw new HttpError(
        404,
        `the dashboard is not built (${join(root, 'index.html')} is missing): run \`npm run build\``,
      );
    }
    const type = CONTENT_TYPES[extname(file).toLowerCase()];
    if (!type || !existsSync(file) || !statSync(file).isFile()) {
      throw new HttpError(404, `no file ${c.req.path}`);
    }
    const headers: Record<string, string> = { 'Content-Type': type };
    if (type.startsWith('text/html')) headers['Content-Security-Policy'] = CSP;
    return c.body(readFileSync(file), 200, headers);
  };
}
