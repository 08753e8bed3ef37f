import { Worker } from 'node:worker_threads';
import { bundledWorker, bundleWorker } from './worker-bundle.js';

/**
 * Start a worker thread on a module given relative to the caller (`new URL('./worker.js', import.meta.url)`
 * style): the compiled .js; or, when running from source (tests, `tsx`), the .ts file bundled into one
 * module if `prepareWorker` has bundled it (worker-bundle.ts), else behind tsx's loader registered inside
 * the worker.
 */
export function startWorker(callerUrl: string, module: string, workerData: unknown): Worker {
  if (!callerUrl.endsWith('.ts')) return new Worker(new URL(`${module}.js`, callerUrl), { workerData });
  const target = new URL(`${module}.ts`, callerUrl);
  const bundle = bundledWorker(target);
  if (bundle) return new Worker(bundle, { workerData });
  const api = import.meta.resolve('tsx/esm/api');
  const code = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(target.href)}); });`;
  return new Worker(code, { eval: true, workerData });
}

/**
 * Make `startWorker` start the module from one bundled file when running from source; nothing to do for
 * compiled .js. Bundles once per process (reused across processes while the sources are unchanged).
 */
export async function prepareWorker(callerUrl: string, module: string): Promise<void> {
  if (callerUrl.endsWith('.ts')) await bundleWorker(new URL(`${module}.ts`, callerUrl));
}
