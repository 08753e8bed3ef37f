import { t } from './i18n/locale.js';

/**
 * Requests to this server's /api. GET answers are kept for the page's lifetime (the data only change on a
 * new import, and the dashboard asks for the same geometry and months again); POST answers are not.
 *
 * When the server runs with `--token`, `atalaya serve` prints the dashboard's address with `?token=…`: the
 * page keeps the token for the tab's session (sessionStorage), removes it from the address bar, and sends
 * it as a bearer token with every request.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The request field at fault, when the server names one. */
    readonly field?: string,
  ) {
    super(message);
  }
}

const TOKEN_KEY = 'atalaya.token';
const cache = new Map<string, Promise<unknown>>();
const token: string | undefined = adoptToken();

function adoptToken(): string | undefined {
  const url = new URL(location.href);
  const given = url.searchParams.get('token');
  try {
    if (given) {
      sessionStorage.setItem(TOKEN_KEY, given);
      url.searchParams.delete('token');
      history.replaceState(null, '', url.toString());
    }
    return given ?? sessionStorage.getItem(TOKEN_KEY) ?? undefined;
  } catch {
    return given ?? undefined;
  }
}

/** Headers every request carries: JSON, and the bearer token when there is one. */
export function apiHeaders(extra: Record<string, string> = {}): Record<string, string> {
  const headers: Record<string, string> = { Accept: 'application/json', ...extra };
  if (token) headers.Authorization = `Bearer ${token}`;
  return headers;
}

export function apiGet<T>(path: string, query: Record<string, string | number | boolean | undefined> = {}) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
  const url = params.size > 0 ? `${path}?${params}` : path;
  let pending = cache.get(url);
  if (!pending) {
    pending = fetchJson(url, { headers: apiHeaders() });
    cache.set(url, pending);
    // A failure is not kept: the next call tries again.
    pending.catch(() => cache.delete(url));
  }
  return pending as Promise<T>;
}

/** A JSON request with a body (POST, or DELETE without one); never cached. */
export function apiSend<T>(
  method: 'POST' | 'DELETE',
  path: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<T> {
  const headers = apiHeaders(body === undefined ? {} : { 'Content-Type': 'application/json' });
  const init: RequestInit = { method, headers, signal };
  if (body !== undefined) init.body = JSON.stringify(body);
  return fetchJson(path, init) as Promise<T>;
}

async function fetchJson(target: string, init: RequestInit): Promise<unknown> {
  const res = await fetch(target, init);
  const body = (await res.json().catch(() => ({}))) as { error?: string; field?: string };
  if (!res.ok) throw new ApiError(res.status, messageOf(res, body), body.field);
  return body;
}

/** The server's message; for a 401, also how to get the token into the page. */
function messageOf(res: Response, body: { error?: string }): string {
  const message = body.error ?? `${res.status} ${res.statusText}`;
  return res.status === 401 ? `${message}. ${t('needToken')}` : message;
}

/**
 * Follow a server-sent event stream with fetch (EventSource cannot send the bearer token). Calls `onEvent`
 * for each event until the stream ends or `signal` aborts.
 */
export async function followEvents(
  path: string,
  onEvent: (event: string, data: unknown) => void,
  signal?: AbortSignal,
): Promise<void> {
  const res = await fetch(path, { headers: apiHeaders({ Accept: 'text/event-stream' }), signal });
  if (!res.ok || !res.body) {
    const body = (await res.json().catch(() => ({}))) as { error?: string };
    throw new ApiError(res.status, messageOf(res, body));
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      dispatch(buffer.slice(0, end), onEvent);
      buffer = buffer.slice(end + 2);
      end = buffer.indexOf('\n\n');
    }
  }
}

/** One SSE block: `event:` and `data:` lines (comments, starting with ':', are keep-alives). */
function dispatch(block: string, onEvent: (event: string, data: unknown) => void): void {
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('event:')) event = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
  }
  if (data.length === 0) return;
  onEvent(event, JSON.parse(data.join('\n')));
}
