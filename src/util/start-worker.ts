import { Worker } from 'node:worker_threads';

/**
 * Start a worker thread on a module given relative to the caller (`new URL('./worker.js', import.meta.url)`
 * style): the compiled .js, or, when running from source (tests, `tsx`), the .ts file behind tsx's loader
 * registered inside the worker.
 */
export function startWorker(callerUrl: string, module: string, workerData: unknown): Worker {
  if (!callerUrl.endsWith('.ts')) return new Worker(new URL(`${module}.js`, callerUrl), { workerData });
  const api = import.meta.resolve('tsx/esm/api');
  const target = new URL(`${module}.ts`, callerUrl).href;
  const code = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(target)}); });`;
  return new Worker(code, { eval: true, workerData });
}
