import { JSDOM } from 'jsdom';

/**
 * The DOM document the report charts are drawn on in Node. It lives apart from charts.ts so that the
 * renderers (charts.ts, report/audit/*) stay free of Node-only imports: the dashboard draws the same
 * sections on the browser's own `document`.
 */

/** One document per report: creating a jsdom window is the slow part. */
export function createDocument(): Document {
  return new JSDOM('<!DOCTYPE html><html><body></body></html>').window.document;
}
