// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { el } from '../../web/src/dom.js';
import { followJob, type JobInfo, readJobEvent } from '../../web/src/scenarios/follow-job.js';

/**
 * A job followed from the page (the run panel's runs, the robustness view's sweeps): what each server-sent
 * event means, and one job from POST to its `done` event against a fake server.
 */
const job = (status: JobInfo['status'], extra: Partial<JobInfo> = {}): JobInfo => ({
  id: '0123456789abcdef',
  status,
  progress: { done: 3, total: 10 },
  ...extra,
});

describe('readJobEvent', () => {
  it('reads progress, the status of an unfinished job and the final events', () => {
    expect(readJobEvent('progress', { done: 4, total: 9 })).toEqual({ kind: 'progress', done: 4, total: 9 });
    const queued = job('queued', { queuePosition: 0 });
    expect(readJobEvent('status', queued)).toEqual({ kind: 'status', info: queued });
    expect(readJobEvent('status', job('running'))).toEqual({ kind: 'status', info: job('running') });
    for (const status of ['done', 'error', 'cancelled', 'timeout'] as const) {
      expect(readJobEvent(status, job(status))).toEqual({ kind: 'final', status, info: job(status) });
    }
  });

  it('skips the status of a finished job (its final event follows) and unknown events', () => {
    expect(readJobEvent('status', job('done'))).toBeUndefined();
    expect(readJobEvent('status', job('cancelled'))).toBeUndefined();
    expect(readJobEvent('message', { done: 1 })).toBeUndefined();
    expect(readJobEvent('queued', job('queued'))).toBeUndefined();
  });
});

describe('followJob', () => {
  afterEach(() => vi.unstubAllGlobals());

  const sse = (events: [string, unknown][]) =>
    events.map(([event, data], i) => `event: ${event}\ndata: ${JSON.stringify(data)}\nid: ${i}\n\n`).join('');

  it('starts a job, shows its progress and hands over the finished job', async () => {
    const id = '0123456789abcdef';
    const requests: string[] = [];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
      requests.push(`${init.method ?? 'GET'} ${url}`);
      if (init.method === 'POST')
        return Response.json(job('queued', { id, queuePosition: 0 }), { status: 202 });
      const body = sse([
        ['status', job('running', { id })],
        ['progress', { done: 7, total: 10 }],
        ['done', { ...job('done', { id }), progress: { done: 10, total: 10 } }],
      ]);
      return new Response(body, { headers: { 'Content-Type': 'text/event-stream' } });
    });
    const controls = {
      start: el('button', {}),
      cancel: el('button', {}),
      bar: el('progress', {}),
      message: el('p', {}),
    };
    const seen: string[] = [];
    const finished = new Promise<JobInfo>((resolve) => {
      const followed = followJob<JobInfo>({
        path: '/api/jobs',
        controls,
        texts: {
          queued: (info) => `queued ${info?.queuePosition ?? '…'}`,
          running: (done, total) => `running ${done}/${total}`,
          done: (info) => `done ${info.id}`,
          cancelled: () => 'cancelled',
          timeout: () => 'timeout',
          failed: (message) => `failed ${message}`,
          gone: (gone) => `gone ${gone}`,
          busy: () => 'busy',
        },
        onStarted: (info) => seen.push(`started ${info.id}`),
        onDone: resolve,
      });
      followed.start({ samples: 4 });
      expect(controls.message.textContent).toBe('queued …');
      expect(controls.start.disabled).toBe(true);
      expect(controls.cancel.disabled).toBe(false);
    });
    const info = await finished;
    expect(info.status).toBe('done');
    expect(seen).toEqual([`started ${id}`]);
    expect(requests).toEqual(['POST /api/jobs', `GET /api/jobs/${id}/events`]);
    expect(controls.message.textContent).toBe(`done ${id}`);
    expect(controls.message.classList.contains('error')).toBe(false);
    expect(controls.bar.value).toBe(controls.bar.max);
    expect(controls.start.disabled).toBe(false);
    expect(controls.cancel.disabled).toBe(true);
  });
});
