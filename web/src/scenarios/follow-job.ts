import { ApiError, apiSend, followEvents } from '../api.js';
import { formatNumber } from '../i18n/locale.js';

/**
 * A job on the server followed from the page: a Monte Carlo run (/api/runs, the run panel) or an
 * exploratory sweep (/api/explore, the robustness view). POST {path} starts it, GET {path}/{id}/events
 * follows it (fetch, so a bearer token goes along), DELETE {path}/{id} cancels it. The caller draws the
 * start and cancel buttons, the progress bar and the status line and owns the start button's click (it
 * checks its own inputs, then calls `start`); this module keeps them in step with the job, says what
 * happens in the caller's words, and hands the finished job to `onDone`.
 */
export type JobStatus = 'queued' | 'running' | 'done' | 'error' | 'cancelled' | 'timeout';
export type FinalJobStatus = Exclude<JobStatus, 'queued' | 'running'>;
export const FINAL_JOB_STATUSES: readonly FinalJobStatus[] = ['done', 'error', 'cancelled', 'timeout'];

/** What every job carries, as GET {path}/{id} and the `status` and final events give it. */
export interface JobInfo {
  id: string;
  status: JobStatus;
  progress: { done: number; total: number };
  /** Position in the queue (0 = next), while queued. */
  queuePosition?: number;
  error?: string;
}

/** What one server-sent event says (docs/SERVER.md, "Live progress"). */
export type JobUpdate<I extends JobInfo> =
  /** The `status` event of a job not yet finished (queued or running). */
  | { kind: 'status'; info: I }
  | { kind: 'progress'; done: number; total: number }
  | { kind: 'final'; status: FinalJobStatus; info: I };

export function isFinalStatus(status: string): status is FinalJobStatus {
  return (FINAL_JOB_STATUSES as readonly string[]).includes(status);
}

/**
 * Read one event of a job's stream. Undefined for the `status` of a finished job (its final event follows
 * at once) and for events this page does not know.
 */
export function readJobEvent<I extends JobInfo>(event: string, data: unknown): JobUpdate<I> | undefined {
  if (event === 'progress') {
    const { done, total } = data as { done: number; total: number };
    return { kind: 'progress', done, total };
  }
  if (event === 'status') {
    const info = data as I;
    return isFinalStatus(info.status) ? undefined : { kind: 'status', info };
  }
  return isFinalStatus(event) ? { kind: 'final', status: event, info: data as I } : undefined;
}

/** The status line's texts, in the caller's words and language (read when shown). */
export interface JobTexts<I extends JobInfo> {
  /** Waiting: `info` is the queued job, or undefined while POST has not answered. */
  queued: (info?: I) => string;
  /** Numbers already formatted for the page's language. */
  running: (done: string, total: string) => string;
  done: (info: I) => string;
  cancelled: () => string;
  timeout: () => string;
  failed: (message: string) => string;
  /** Following a job the server no longer has (404). */
  gone: (id: string) => string;
  /** POST refused with 429. */
  busy: () => string;
}

export interface FollowJobOptions<I extends JobInfo> {
  /** Where the jobs live, e.g. '/api/runs'. */
  path: string;
  controls: {
    start: HTMLButtonElement;
    cancel: HTMLButtonElement;
    bar: HTMLProgressElement;
    message: HTMLElement;
  };
  texts: JobTexts<I>;
  /** POST answered: the job exists (and is about to be followed). */
  onStarted?: (info: I) => void;
  /** The job finished with its result, after the status line said so. */
  onDone?: (info: I) => void;
  /** Following a job the server no longer has (404), after the status line said so. */
  onGone?: (id: string) => void;
  /**
   * The message after `failed` when POST was refused (other than 429); it may also show a 400 beside the
   * field at fault. Default: the error's message.
   */
  refused?: (err: Error) => string;
  /**
   * Cancel a job still going when `release` is called (the user left the page). Default false: the server
   * cancels a job nobody listens to after a grace period, within which a redraw may listen again.
   */
  cancelOnRelease?: boolean;
}

export interface FollowedJob {
  /** POST the body (the caller has checked it), then follow the new job. */
  start: (body: unknown) => void;
  /** Follow a job started earlier (e.g. from the address). */
  follow: (id: string) => void;
  /** Stop following (and cancel the job if `cancelOnRelease`). */
  release: () => void;
  /** Put the caller's own message on the status line. */
  say: (text: string, isError?: boolean) => void;
}

export function followJob<I extends JobInfo>(o: FollowJobOptions<I>): FollowedJob {
  const { path, texts } = o;
  const { start: startButton, cancel: cancelButton, bar, message } = o.controls;

  let current: string | undefined;
  let live = false;
  /** Cancel pressed, or the page left, before POST answered: cancel as soon as the id is known. */
  let cancelWhenStarted = false;
  let released = false;
  let follower: AbortController | undefined;

  const say = (text: string, isError = false) => {
    message.textContent = text;
    message.classList.toggle('error', isError);
  };
  const setLive = (on: boolean) => {
    live = on;
    startButton.disabled = on;
    cancelButton.disabled = !on;
    if (on) bar.hidden = false;
  };
  const showProgress = (done: number, total: number) => {
    bar.max = Math.max(total, 1);
    bar.value = done;
    say(texts.running(formatNumber(done, 0), formatNumber(total, 0)));
  };

  const onEvent = (event: string, data: unknown) => {
    const update = readJobEvent<I>(event, data);
    if (!update) return;
    if (update.kind === 'progress') return showProgress(update.done, update.total);
    const { info } = update;
    if (update.kind === 'status') {
      setLive(true);
      if (info.status === 'queued') say(texts.queued(info));
      else showProgress(info.progress.done, info.progress.total);
      return;
    }
    setLive(false);
    if (update.status === 'done') {
      bar.value = bar.max;
      say(texts.done(info));
      o.onDone?.(info);
    } else if (update.status === 'cancelled') say(texts.cancelled());
    else if (update.status === 'timeout') say(texts.timeout(), true);
    else say(texts.failed(info.error ?? ''), true);
  };

  const follow = (id: string) => {
    follower?.abort();
    const controller = new AbortController();
    follower = controller;
    current = id;
    followEvents(`${path}/${id}/events`, onEvent, controller.signal)
      .then(() => {
        // The stream ended without a final event: the connection dropped.
        if (live && follower === controller) {
          setLive(false);
          say(texts.failed('connection closed'), true);
        }
      })
      .catch((err: Error) => {
        if (controller.signal.aborted) return;
        setLive(false);
        if (err instanceof ApiError && err.status === 404) {
          say(texts.gone(id), true);
          o.onGone?.(id);
        } else say(texts.failed(err.message), true);
      });
  };

  const start = (body: unknown) => {
    current = undefined;
    cancelWhenStarted = false;
    setLive(true);
    bar.value = 0;
    say(texts.queued());
    apiSend<I>('POST', path, body)
      .then((info) => {
        if (released) return void apiSend('DELETE', `${path}/${info.id}`).catch(() => {});
        o.onStarted?.(info);
        follow(info.id);
        if (cancelWhenStarted) cancel();
      })
      .catch((err: Error) => {
        setLive(false);
        bar.hidden = true;
        if (err instanceof ApiError && err.status === 429) return say(texts.busy(), true);
        say(texts.failed(o.refused ? o.refused(err) : err.message), true);
      });
  };

  const cancel = () => {
    cancelButton.disabled = true;
    if (!current) {
      cancelWhenStarted = true;
      return;
    }
    // The event stream reports the outcome (`cancelled`, or `done` if the job had just finished).
    apiSend('DELETE', `${path}/${current}`).catch((err: Error) => say(texts.failed(err.message), true));
  };
  cancelButton.addEventListener('click', cancel);

  return {
    start,
    follow,
    say,
    release() {
      released = true;
      follower?.abort();
      if (o.cancelOnRelease && live && current) apiSend('DELETE', `${path}/${current}`).catch(() => {});
    },
  };
}
