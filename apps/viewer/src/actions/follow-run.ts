import { parseRunHistory, RUN_FILES } from '@mnistkit/training';
import type { HistoryEntry } from '@mnistkit/viz';
import { chartEpochs } from '../run-files.js';

/** What one look at a served run found. */
export interface RunSnapshot {
  /** history.json's `status`: `running`, `interrupted`, `completed` or `failed`. */
  status: string;
  history: HistoryEntry[];
  /** Epochs the run was asked for. */
  epochs?: number;
  /** URL of the newest model the run saved: the final model once completed, else its newest checkpoint. */
  newestModel?: string;
}

/** Reads what the live view needs from a history.json, checked against the run format (`parseRunHistory`). */
export function snapshotOf(json: unknown, base: string, source: string): RunSnapshot {
  const run = parseRunHistory(json, source);
  const newestModel =
    run.status === 'completed'
      ? new URL(`${RUN_FILES.model}/model.json`, base).href
      : run.checkpoint === null
        ? undefined
        : new URL(`${run.checkpoint}/model.json`, base).href;
  return {
    status: run.status,
    history: chartEpochs(run),
    epochs: run.settings.epochs,
    ...(newestModel === undefined ? {} : { newestModel }),
  };
}

/** Options of {@link followRun}. */
export interface FollowOptions {
  fetch: typeof fetch;
  /** Called with each new state of the run (history.json changed). */
  onChange: (snapshot: RunSnapshot) => void | Promise<void>;
  onError?: (error: unknown) => void;
  /** Between polls while the run trains (default 2 s); five times as long once it has stopped. */
  intervalMs?: number;
  signal?: AbortSignal;
}

/**
 * Polls a served run's history.json with conditional requests (`If-None-Match`, else `If-Modified-Since`): an
 * unchanged file costs a 304. Works on any static host that sends ETag or Last-Modified, not only `pnpm viewer`.
 * Resolves when `signal` aborts.
 */
export async function followRun(base: string, options: FollowOptions): Promise<void> {
  const url = new URL(RUN_FILES.history, base).href;
  const interval = options.intervalMs ?? 2000;
  let etag: string | null = null;
  let lastModified: string | null = null;
  let status = 'running';
  while (!options.signal?.aborted) {
    try {
      const headers: Record<string, string> = {};
      if (etag !== null) headers['If-None-Match'] = etag;
      else if (lastModified !== null) headers['If-Modified-Since'] = lastModified;
      // no-store: the conditional request is ours, so a 304 reaches this code instead of the HTTP cache.
      const response = await options.fetch(url, {
        cache: 'no-store',
        headers,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      if (response.status === 200) {
        etag = response.headers.get('ETag');
        lastModified = response.headers.get('Last-Modified');
        const snapshot = snapshotOf(JSON.parse(await response.text()), base, url);
        status = snapshot.status;
        await options.onChange(snapshot);
      }
    } catch (error) {
      if (options.signal?.aborted) break;
      // A half-written file never appears (the trainer renames it into place); a network blip is retried.
      options.onError?.(error);
    }
    await sleep(status === 'running' ? interval : interval * 5, options.signal);
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
