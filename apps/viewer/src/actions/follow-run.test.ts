import { expect, test } from 'vitest';
import { runRecord } from '../../test/run-record.js';
import { followRun, type RunSnapshot, snapshotOf } from './follow-run.js';

const BASE = 'http://127.0.0.1:4173/run/';
const entry = (epoch: number) => ({ epoch, trainLoss: 1 / epoch, trainAccuracy: 0.9, seconds: 1 });
const CKPT = 'checkpoints/epoch-0001-step-00094';
const record = (status: 'running' | 'completed', epochs: number, checkpoint: string | null = null) =>
  runRecord({
    history: Array.from({ length: epochs }, (_, i) => entry(i + 1)),
    status,
    checkpoint,
    epochs: 3,
    trainSamples: 6000,
    ...(status === 'completed' ? { test: { loss: 0.1, accuracy: 0.97 } } : {}),
  });

test('snapshotOf: status, epochs asked for, and the newest model (checkpoint while training, final model once done)', () => {
  expect(snapshotOf(record('running', 1, CKPT), BASE, 'history.json')).toEqual({
    status: 'running',
    epochs: 3,
    history: [{ epoch: 1, trainLoss: 1, trainAccuracy: 0.9, seconds: 1, samplesPerSecond: 6000 }],
    newestModel: `${BASE}${CKPT}/model.json`,
  });
  expect(snapshotOf(record('running', 0), BASE, 'h').newestModel).toBeUndefined();
  expect(snapshotOf(record('completed', 3, CKPT), BASE, 'h').newestModel).toBe(`${BASE}model/model.json`);
  // Not the run format: the error names the file and the field.
  expect(() => snapshotOf([entry(1)], BASE, 'run/history.json')).toThrow(/run\/history\.json/);
  expect(() => snapshotOf({ ...record('running', 1), status: 'paused' }, BASE, 'h')).toThrow(/status/);
});

/** A served history.json that changes, answering conditional requests as scripts/serve.js does. */
function fakeServer() {
  let body = JSON.stringify(record('running', 0));
  let version = 1;
  const requests: (string | null)[] = [];
  const fetch = async (_url: RequestInfo | URL, init?: RequestInit) => {
    const tag = (init?.headers as Record<string, string> | undefined)?.['If-None-Match'] ?? null;
    requests.push(tag);
    if (tag === `"v${version}"`) return new Response(null, { status: 304 });
    return new Response(body, { status: 200, headers: { ETag: `"v${version}"` } });
  };
  return {
    fetch: fetch as typeof globalThis.fetch,
    requests,
    write(json: object) {
      body = JSON.stringify(json);
      version++;
    },
  };
}

test('followRun reports each change once, polling with If-None-Match (304s in between)', async () => {
  const server = fakeServer();
  const seen: RunSnapshot[] = [];
  const controller = new AbortController();
  const following = followRun(BASE, {
    fetch: server.fetch,
    intervalMs: 5,
    signal: controller.signal,
    onChange: (snapshot) => {
      seen.push(snapshot);
      if (seen.length === 1) setTimeout(() => server.write(record('running', 1, CKPT)), 30);
      if (seen.length === 2) setTimeout(() => server.write(record('completed', 3, CKPT)), 30);
      if (seen.length === 3) controller.abort();
    },
  });
  await following;
  expect(seen.map((s) => [s.status, s.history.length])).toEqual([
    ['running', 0],
    ['running', 1],
    ['completed', 3],
  ]);
  expect(server.requests[0]).toBeNull();
  // Unchanged polls were answered 304 and reported nothing.
  expect(server.requests.filter((t) => t === '"v1"').length).toBeGreaterThan(1);
});

test('followRun keeps polling through a failed request and says so', async () => {
  const errors: unknown[] = [];
  const controller = new AbortController();
  let calls = 0;
  const fetch = (async () => {
    calls++;
    if (calls === 1) throw new TypeError('Failed to fetch');
    controller.abort();
    return new Response(JSON.stringify(record('running', 0)), { status: 200 });
  }) as typeof globalThis.fetch;
  const seen: RunSnapshot[] = [];
  await followRun(BASE, {
    fetch,
    intervalMs: 1,
    signal: controller.signal,
    onChange: (s) => void seen.push(s),
    onError: (e) => errors.push(e),
  });
  expect(errors).toHaveLength(1);
  expect(calls).toBe(2);
});
