import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, extname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * A worker module run from source (tests, `tsx`), bundled by esbuild into one ES module file so a worker
 * loads plain JavaScript. Registering tsx inside each worker instead gives every worker its own loader
 * thread, through which each of the worker's modules (about 60 of ours for the Monte Carlo, and zod's) is
 * resolved and transformed: 0.7 s of CPU per worker, against 0.25 s for the bundle and 0.3 s for the
 * compiled dist/ (bench/montecarlo.ts prints the start-up).
 *
 * The bundle keeps packages external (node_modules), so it lives in node_modules/.cache/atalaya-workers/
 * where they resolve. `import.meta.url` (and `dirname`, `filename`) keep each source file's own value, so
 * paths found from a module's location do not move. A manifest of the sources' hashes lets later processes
 * reuse the bundle after reading and hashing the sources (a few ms) rather than bundling (about 0.3 s).
 * Without esbuild (tsx brings it), or if bundling fails, the caller falls back to tsx's loader.
 */
const prepared = new Map<string, Promise<URL | undefined>>();
const ready = new Map<string, URL>();

/** Bundle `entry` (a .ts file URL), once per process; undefined if it cannot be bundled. */
export function bundleWorker(entry: URL): Promise<URL | undefined> {
  let promise = prepared.get(entry.href);
  if (!promise) {
    promise = bundle(fileURLToPath(entry)).then(
      (url) => {
        if (url) ready.set(entry.href, url);
        return url;
      },
      () => undefined,
    );
    prepared.set(entry.href, promise);
  }
  return promise;
}

/** The bundle of `entry`, if `bundleWorker` has made it in this process and it is still there. */
export function bundledWorker(entry: URL): URL | undefined {
  const url = ready.get(entry.href);
  if (!url || existsSync(url)) return url;
  // Pruned by another process (a day old): bundle again next time.
  ready.delete(entry.href);
  prepared.delete(entry.href);
  return undefined;
}

interface Manifest {
  bundle: string;
  settings: string;
  /** Source path → sha256 of the text esbuild was given. */
  inputs: Record<string, string>;
}

const LOADERS: Record<string, 'ts' | 'js' | 'json'> = {
  '.ts': 'ts',
  '.mts': 'ts',
  '.cts': 'ts',
  '.js': 'js',
  '.mjs': 'js',
  '.json': 'json',
};

/** What this module uses of esbuild's API (esbuild comes with tsx; it is not a dependency of ours). */
interface Esbuild {
  version: string;
  build(options: Record<string, unknown>): Promise<{ outputFiles: { contents: Uint8Array }[] }>;
}
interface PluginBuild {
  onLoad(
    options: { filter: RegExp },
    callback: (args: { path: string }) => { contents: string; loader: string } | undefined,
  ): void;
}

async function bundle(entry: string): Promise<URL | undefined> {
  let esbuild: Esbuild;
  try {
    esbuild = createRequire(import.meta.url)('esbuild') as Esbuild;
  } catch {
    return undefined;
  }
  const root = packageRoot(entry);
  const dir = join(root, 'node_modules', '.cache', 'atalaya-workers');
  const name = `${relative(root, entry)
    .replace(/\.[cm]?ts$/, '')
    .replace(/[^\w.-]+/g, '_')}-${hash(entry).slice(0, 8)}`;
  const manifestPath = join(dir, `${name}.json`);
  // The bundle also depends on the compiler settings and esbuild's version.
  const tsconfig = join(root, 'tsconfig.json');
  const settings = hash(`${esbuild.version} ${existsSync(tsconfig) ? readFileSync(tsconfig, 'utf8') : ''}`);
  const cached = reuse(manifestPath, dir, settings);
  if (cached) return cached;

  const inputs: Record<string, string> = {};
  let complete = true;
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: `node${process.versions.node.split('.')[0]}`,
    packages: 'external',
    write: false,
    outdir: dir,
    logLevel: 'silent',
    plugins: [
      {
        name: 'atalaya-source-meta',
        setup(build: PluginBuild) {
          build.onLoad({ filter: /.*/ }, (args) => {
            const loader = LOADERS[extname(args.path)];
            if (!loader) {
              // Loaded by esbuild itself, so not hashed: no manifest, the next process bundles again.
              complete = false;
              return undefined;
            }
            const text = readFileSync(args.path, 'utf8');
            inputs[args.path] = hash(text);
            return { contents: loader === 'json' ? text : pinImportMeta(text, args.path), loader };
          });
        },
      },
    ],
  });
  const code = result.outputFiles[0].contents;
  const file = `${name}-${hash(code).slice(0, 12)}.mjs`;
  mkdirSync(dir, { recursive: true });
  // Written under a temporary name and renamed: a concurrent process (vitest's) never reads half a file.
  atomicWrite(join(dir, file), code);
  if (complete)
    atomicWrite(manifestPath, JSON.stringify({ bundle: file, settings, inputs } satisfies Manifest));
  prune(dir, name, file);
  return pathToFileURL(join(dir, file));
}

/**
 * Bundles of the same module written over a day ago. A process that still uses one finds it gone and
 * bundles again (`bundledWorker`).
 */
function prune(dir: string, name: string, keep: string): void {
  for (const f of readdirSync(dir)) {
    if (f === keep || !f.startsWith(`${name}-`) || !f.endsWith('.mjs')) continue;
    try {
      if (Date.now() - statSync(join(dir, f)).mtimeMs > 86_400_000) unlinkSync(join(dir, f));
    } catch {
      // Gone already (another process pruned it).
    }
  }
}

/** The manifest's bundle, if every source it lists still hashes the same. */
function reuse(manifestPath: string, dir: string, settings: string): URL | undefined {
  try {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
    if (manifest.settings !== settings) return undefined;
    for (const [path, sum] of Object.entries(manifest.inputs)) {
      if (hash(readFileSync(path, 'utf8')) !== sum) return undefined;
    }
    const file = join(dir, basename(manifest.bundle));
    return existsSync(file) ? pathToFileURL(file) : undefined;
  } catch {
    return undefined;
  }
}

/** Each module keeps its own `import.meta.url`, `dirname` and `filename` inside the bundle. */
function pinImportMeta(text: string, path: string): string {
  return text
    .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(path).href))
    .replaceAll('import.meta.dirname', JSON.stringify(dirname(path)))
    .replaceAll('import.meta.filename', JSON.stringify(path));
}

/** The nearest folder above `file` holding a package.json. */
function packageRoot(file: string): string {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return dirname(file);
  }
}

function atomicWrite(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

function hash(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
