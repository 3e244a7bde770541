// The evaluation ring: the main thread publishes loader batches into slots of a shared ring; workers claim batch
// indices with Atomics.add (possibly ahead of what is published, then wait), run each claimed batch whole and mark
// its slot done; the main thread tallies the batches in order. Every event a waiting worker may need (a batch
// published, the end of the stream) bumps one generation word, which the worker read before checking, so no wake-up
// is lost. (Before, the end of a stream notified the published-count word without changing it: a worker that had
// read the count just before could sleep in Atomics.wait for ever.)
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { add, bump, cas, load, notify, type Protocol, store, wait, waitFor } from './protocol.js';
import { inferShard } from './replica.js';
import { P_BETWEEN, P_COPY, P_INFER, P_OTHER, type Trace } from './trace.js';

/** Batches published so far (the main thread bumps it after writing a batch into its slot). */
export const RING_FILLED = 0;
/** Batch count once the main thread knows it (-1 until then): claims at or past it end the stream. */
export const RING_END = 1;
/** Next unclaimed batch: workers claim with Atomics.add, the main thread with compareExchange. */
export const RING_NEXT = 2;
/** Generation: bumped after every change of FILLED or END, so a worker waiting on it wakes for either. */
export const RING_EVENTS = 3;
const RING_WORDS = 4;

/** The ring's shape, as a worker receives it with the Ring command. */
export interface RingLayout {
  buffer: SharedArrayBuffer;
  slots: number;
  /** Rows (samples) per slot. */
  capacity: number;
  sampleSize: number;
  outputSize: number;
}

/** Bytes of an evaluation ring. */
export const ringBytes = (m: Omit<RingLayout, 'buffer'>) =>
  (RING_WORDS + 2 * m.slots + m.slots * m.capacity * (m.sampleSize + m.outputSize)) * 4;

/**
 * Views of an evaluation ring: `words`, then per slot `done` (batch index + 1 once its outputs are written) and `rows`
 * (the batch's sample count; 0 = the main thread computes it itself), the slot's images and its outputs.
 */
export function ringViews(m: RingLayout) {
  const { buffer, slots, capacity, sampleSize, outputSize } = m;
  const imagesAt = (RING_WORDS + 2 * slots) * 4;
  const outputsAt = imagesAt + slots * capacity * sampleSize * 4;
  return {
    ...m,
    words: new Int32Array(buffer, 0, RING_WORDS + 2 * slots),
    done: (slot: number) => RING_WORDS + slot,
    rows: (slot: number) => RING_WORDS + slots + slot,
    images: (slot: number, rows: number) =>
      new Float32Array(buffer, imagesAt + slot * capacity * sampleSize * 4, rows * sampleSize),
    outputs: (slot: number, rows: number) =>
      new Float32Array(buffer, outputsAt + slot * capacity * outputSize * 4, rows * outputSize),
  };
}

/** An evaluation ring's views. */
export type Ring = ReturnType<typeof ringViews>;

/** Main thread, before a stream: nothing published, claimed or ended. Workers must not be streaming. */
export function resetRing(ring: Ring): void {
  ring.words.fill(0);
  Atomics.store(ring.words, RING_END, -1);
}

/** Main thread: batch number `count − 1` is in its slot (rows word written): `count` batches are published. */
export function* publish(count: number): Protocol {
  yield store(RING_FILLED, count);
  yield* bump(RING_EVENTS);
}

/** Main thread: the stream ends after `count` batches. */
export function* endStream(count: number): Protocol {
  yield store(RING_END, count);
  yield* bump(RING_EVENTS);
}

/** Main thread: claims batch `k` for itself if no worker has; true when it did. */
export function* claimAsMain(k: number): Protocol<boolean> {
  return (yield cas(RING_NEXT, k, k + 1)) === k;
}

/** Worker: claims the next batch index. */
export function* claim(): Protocol<number> {
  return yield add(RING_NEXT, 1);
}

/** Worker: waits until batch `k` is published (true) or the stream ended before it (false). */
export function* awaitBatch(k: number): Protocol<boolean> {
  for (;;) {
    const generation = yield load(RING_EVENTS);
    if ((yield load(RING_FILLED)) > k) return true;
    const end = yield load(RING_END);
    if (end >= 0 && k >= end) return false;
    yield wait(RING_EVENTS, generation);
  }
}

/** Worker: batch `k`'s outputs are in slot word `doneWord`. */
export function* markDone(doneWord: number, k: number): Protocol {
  yield store(doneWord, k + 1);
  yield notify(doneWord);
}

/** Main thread: waits until batch `k`'s outputs are in (slot word `doneWord`). */
export function* awaitDone(doneWord: number, k: number): Protocol {
  yield* waitFor(doneWord, (v) => v > k);
}

/** Main thread: whether batch `k` is done (non-blocking). */
export const isDone = (ring: Ring, k: number) => Atomics.load(ring.words, ring.done(k % ring.slots)) > k;

/**
 * Worker: serves one stream. Claims batch indices as soon as it finishes the previous one (waiting for the main
 * thread to publish a claimed batch), runs `compute(slot, rows)` on each (skipped for rows 0: the main thread's own),
 * marks it done, and returns at the first claim past the end.
 */
export function* serveStream(ring: Ring, compute: (slot: number, rows: number) => void, trace: Trace): Protocol {
  // The whole stream is one command: charge the wake-up, then count per batch.
  trace.reset();
  for (;;) {
    const k = yield* claim();
    trace.mark(P_OTHER);
    if (!(yield* awaitBatch(k))) return;
    trace.mark(P_BETWEEN);
    const slot = k % ring.slots;
    const rows = yield load(ring.rows(slot));
    if (rows > 0) compute(slot, rows);
    yield* markDone(ring.done(slot), k);
    trace.count();
  }
}

/** Worker: runs a slot's batch (`rows` samples of `dims`) whole through `model` into the slot's outputs. */
export function inferSlot(ring: Ring, model: tfl.LayersModel, dims: number[], trace: Trace) {
  return (slot: number, rows: number): void => {
    const images = tf.tensor(ring.images(slot, rows), [rows, ...dims]);
    trace.mark(P_COPY);
    try {
      inferShard(model, images, ring.outputs(slot, rows));
    } finally {
      images.dispose();
    }
    trace.mark(P_INFER);
  };
}
