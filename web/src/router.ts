/**
 * Hash routes (`#/map?area=08037&month=2019-12`, `#/hotspots`): the server only has to serve index.html,
 * and a link from one page to another carries its state in the address.
 */
export interface RouteState {
  page: string;
  params: URLSearchParams;
}

export function currentRoute(): RouteState {
  const hash = location.hash.replace(/^#\/?/, '');
  const [page, query = ''] = hash.split('?');
  return { page: page || 'map', params: new URLSearchParams(query) };
}

export function href(page: string, params: Record<string, string> = {}): string {
  const q = new URLSearchParams(params).toString();
  return `#/${page}${q ? `?${q}` : ''}`;
}

/** Change the address without re-rendering the page (state already shown, e.g. the slider's month). */
export function replaceParams(params: Record<string, string | undefined>): void {
  const { page, params: now } = currentRoute();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined) now.delete(k);
    else now.set(k, v);
  }
  history.replaceState(null, '', href(page, Object.fromEntries(now)));
}
