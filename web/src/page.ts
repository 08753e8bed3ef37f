/** A page draws into `root` and returns a function that releases what it holds (listeners, timers). */
export type Page = (root: HTMLElement, params: URLSearchParams) => (() => void) | undefined;
