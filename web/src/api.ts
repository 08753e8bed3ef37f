/**
 * GET requests to this server's /api, with their answers kept for the page's lifetime (the data only change
 * on a new import, and the dashboard asks for the same geometry and months again).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const cache = new Map<string, Promise<unknown>>();

export function apiGet<T>(path: string, query: Record<string, string | number | boolean | undefined> = {}) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
  const url = params.size > 0 ? `${path}?${params}` : path;
  let pending = cache.get(url);
  if (!pending) {
    pending = fetchJson(url);
    cache.set(url, pending);
    // A failure is not kept: the next call tries again.
    pending.catch(() => cache.delete(url));
  }
  return pending as Promise<T>;
}

async function fetchJson(url: string): Promise<unknown> {
  const res = await fetch(url, { headers: { Accept: 'application/json' } });
  const body = (await res.json().catch(() => ({}))) as { error?: string };
  if (!res.ok) throw new ApiError(res.status, body.error ?? `${res.status} ${res.statusText}`);
  return body;
}
