import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { FINAL_STATUSES, type RunEvent, type RunManager } from './runs.js';

/** A comment line this often keeps proxies from closing an idle stream and reveals a gone client. */
const KEEP_ALIVE_MS = 15_000;

/**
 * Follow one job of a RunManager live as server-sent events: GET /api/runs/{id}/events and
 * /api/explore/{id}/events (docs/SERVER.md, "Live progress"). Each event has a name, one line of JSON and
 * an increasing id:
 * - `status` first: the job as `manager.info` describes it (as GET …/{id} returns it, without the result);
 * - `progress` ({ done, total }) as the work advances;
 * - exactly one final event, `done` (the job with its result as `summary`), `error`, `cancelled` or
 *   `timeout` (the job, with its `error` when it has one); then the stream ends.
 *
 * A client that connects after the end gets `status` and the final event at once. The listener is
 * removed when the stream ends or the client leaves, which is what lets the manager cancel a job nobody
 * follows any more. The caller has checked that the job exists.
 */
export function streamRunEvents<J, R, D>(
  c: Context,
  manager: Pick<RunManager<J, R, D>, 'info' | 'listen'>,
  id: string,
): Response {
  return streamSSE(c, async (stream) => {
    let seq = 0;
    const send = (event: string, data: unknown) =>
      stream.writeSSE({ event, data: JSON.stringify(data), id: String(seq++) }).catch(() => {});
    await send('status', manager.info(id));
    await new Promise<void>((resolve) => {
      let ended = false;
      const end = () => {
        if (ended) return;
        ended = true;
        clearInterval(heartbeat);
        stop?.();
        resolve();
      };
      const heartbeat = setInterval(() => {
        stream.write(': keep-alive\n\n').catch(end);
      }, KEEP_ALIVE_MS);
      heartbeat.unref();
      stream.onAbort(end);
      c.req.raw.signal.addEventListener('abort', end, { once: true });
      let stop: (() => void) | undefined;
      stop = manager.listen(id, (e: RunEvent<R>) => {
        if (e.type === 'progress') void send('progress', { done: e.done, total: e.total });
        else if ((FINAL_STATUSES as readonly string[]).includes(e.type)) {
          const data = e.type === 'done' ? { ...e.info, summary: e.result } : e.info;
          void send(e.type, data).then(end);
        }
      });
      if (ended) stop();
    });
  });
}
