import type { HistoryEntry } from '@mnistkit/viz';
import { historyFromJson } from '../run-files.js';

/** What one look at a served run found. */
export interface RunSnapshot {
  /** history.json's `status` (`running`, `completed`, …), or `unknown` for a bare history array. */
  status: string;
  history: HistoryEntry[];
  /** Epochs the run was asked for, when history.json says. */
  epochs?: number;
  /** URL of the newest model the run saved: the final model once completed, else its newest checkpoint. */
  newestModel?: string;
}

/** Reads history.json's fields the live view needs, beyond the per-epoch entries. */
export function snapshotOf(json: unknown, base: string, source: string): RunSnapshot {
  const record = (json ?? {}) as { status?: unknown; checkpoint?: unknown; settings?: { epochs?: unknown } };
  const status = typeof record.status === 'string' ? record.status : 'unknown';
  const epochs = typeof record.settings?.epochs === 'number' ? record.settings.epochs : undefined;
  let newestModel: string | undefined;
  if (status === 'completed') newestModel = new URL('model/model.json', base).href;
  else if (typeof record.checkpoint === 'string' && record.checkpoint !== '') {
    newestModel = new URL(`${record.checkpoint.replace(/\/?$/, '/')}model.json`, base).href;
  }
  return {
    status,
    history: historyFromJson(json, source),
    ...(epochs === undefined ? {} : { epochs }),
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
  const url = new URL('history.json', base).href;
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
