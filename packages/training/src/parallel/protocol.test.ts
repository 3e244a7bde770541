import { describe, expect, it } from 'vitest';
import { interleave, type Outcome } from '../test-utils/interleave.js';
import { awaitFinished, finish, issue, nextCommand } from './command-channel.js';
import {
  awaitDone,
  claimAsMain,
  endStream,
  publish,
  RING_END,
  RING_FILLED,
  RING_NEXT,
  type Ring,
  resetRing,
  ringBytes,
  ringViews,
  serveStream,
} from './evaluation-ring.js';
import { Command, CTRL_ARRIVED, ctrlLength, nextSeq } from './layout.js';
import { add, load, notify, type Protocol, store, wait } from './protocol.js';
import { arriveAndWait } from './step-protocol.js';
import { Trace } from './trace.js';

const noTrace = new Trace(new SharedArrayBuffer(0), 0);

function makeRing(slots: number): Ring {
  const m = { slots, capacity: 1, sampleSize: 1, outputSize: 1 };
  const ring = ringViews({ ...m, buffer: new SharedArrayBuffer(ringBytes(m)) });
  resetRing(ring);
  return ring;
}

/** How the ring's two sides signal each other: today's protocol, or the one before the fix. */
interface RingSides {
  publish(count: number): Protocol;
  end(count: number): Protocol;
  worker(ring: Ring, compute: (slot: number) => void): Protocol;
}

const current: RingSides = {
  publish,
  end: endStream,
  worker: (ring, compute) => serveStream(ring, (slot) => compute(slot), noTrace),
};

/** The handshake before the fix, copied faithfully: the end of a stream notified RING_FILLED without changing it. */
const previous: RingSides = {
  *publish(count) {
    yield store(RING_FILLED, count);
    yield notify(RING_FILLED);
  },
  *end(count) {
    yield store(RING_END, count);
    yield notify(RING_FILLED);
  },
  *worker(ring, compute) {
    for (;;) {
      const k = yield add(RING_NEXT, 1);
      for (let f = yield load(RING_FILLED); f <= k; f = yield load(RING_FILLED)) {
        const end = yield load(RING_END);
        if (end >= 0 && k >= end) return;
        yield wait(RING_FILLED, f);
      }
      const slot = k % ring.slots;
      if ((yield load(ring.rows(slot))) > 0) compute(slot);
      yield store(ring.done(slot), k + 1);
      yield notify(ring.done(slot));
    }
  },
};

/**
 * The main thread's stream loop (ring-stream.ts's StreamRun.advance, step for step): tally what is done, publish
 * while the ring has room and few enough batches wait unclaimed, else claim one, else wait for the oldest.
 */
function* mainStream(
  sides: RingSides,
  ring: Ring,
  batches: number,
  workerThreads: number,
  tallied: number[],
): Protocol {
  let count = 0;
  let exhausted = false;
  const own = new Set<number>();
  for (;;) {
    for (;;) {
      const k = tallied.length;
      if (k >= count || !(own.has(k) || (yield load(ring.done(k % ring.slots))) > k)) break;
      tallied.push(k);
    }
    const claimed = yield load(RING_NEXT);
    if (!exhausted && count - tallied.length < ring.slots && count - claimed < workerThreads + 1) {
      if (count === batches) {
        exhausted = true;
        yield* sides.end(count);
      } else {
        yield store(ring.rows(count % ring.slots), 1);
        yield* sides.publish(++count);
      }
      continue;
    }
    if (claimed < count && (yield* claimAsMain(claimed))) {
      own.add(claimed);
      continue;
    }
    const k = tallied.length;
    if (k < count) {
      yield* awaitDone(ring.done(k % ring.slots), k);
      continue;
    }
    if (exhausted) return;
  }
}

/** One stream of `batches` batches over `workerThreads` worker threads and a ring of `slots` slots, scheduled by `seed`. */
function streamOnce(sides: RingSides, seed: number, workerThreads: number, batches: number, slots: number) {
  const ring = makeRing(slots);
  const tallied: number[] = [];
  const threads: Record<string, Protocol> = { main: mainStream(sides, ring, batches, workerThreads, tallied) };
  for (let w = 1; w <= workerThreads; w++) threads[`worker ${w}`] = sides.worker(ring, () => {});
  return { outcome: interleave(ring.words, threads, seed), tallied };
}

function firstDeadlock(
  run: (seed: number) => Outcome,
  schedules: number,
): { seed: number; outcome: Outcome } | undefined {
  for (let seed = 1; seed <= schedules; seed++) {
    const outcome = run(seed);
    if (!outcome.finished) return { seed, outcome };
  }
  return undefined;
}

describe('evaluation ring protocol (model-checked over random schedules)', () => {
  // 142 of the first 1,000 schedules deadlock; the first is seed 1.
  it('the handshake before the fix can leave a worker asleep for ever at the end of a stream', () => {
    const found = firstDeadlock((seed) => streamOnce(previous, seed, 3, 4, 9).outcome, 2_000);
    expect(found, 'no schedule of the old handshake deadlocked').toBeDefined();
    // The main thread waits for the workers to finish the stream; a worker sleeps on RING_FILLED after the end.
    expect(found?.outcome.deadlock).toContainEqual({ thread: expect.stringMatching(/^worker/), word: RING_FILLED });
  });

  it('today every schedule finishes, each batch tallied once in order (3 workers, and a ring smaller than the stream)', () => {
    for (const [workerThreads, batches, slots] of [
      [3, 4, 9],
      [2, 7, 3],
      [1, 5, 2],
    ] as const) {
      for (let seed = 1; seed <= 2_000; seed++) {
        const { outcome, tallied } = streamOnce(current, seed, workerThreads, batches, slots);
        if (!outcome.finished) {
          throw new Error(`seed ${seed}: ${JSON.stringify(outcome.deadlock)}\n${outcome.trace.join('\n')}`);
        }
        expect(tallied).toEqual(Array.from({ length: batches }, (_, i) => i));
      }
    }
  });
});

describe('command channel and step barriers (model-checked over random schedules)', () => {
  /** Main: `commands` commands; a Step meets every worker at the barrier, any other is waited for. Then Quit. */
  function* main(threads: number, commands: Command[]): Protocol {
    let seq = 0;
    let steps = 0;
    for (const command of commands) {
      seq = nextSeq(seq);
      yield* issue(seq, command);
      if (command === Command.Step) yield* arriveAndWait(CTRL_ARRIVED, ++steps * threads);
      else for (let t = 1; t < threads; t++) yield* awaitFinished(t, seq);
    }
    yield* issue(nextSeq(seq), Command.Quit);
  }

  function* worker(thread: number, threads: number, seen: number[]): Protocol {
    let word = 0;
    let steps = 0;
    for (;;) {
      const next = yield* nextCommand(word, Command.Quit);
      word = next.word;
      if (next.command === Command.Quit) return;
      seen.push(next.seq);
      if (next.command === Command.Step) yield* arriveAndWait(CTRL_ARRIVED, ++steps * threads);
      yield* finish(thread, next.seq);
    }
  }

  it('every schedule finishes and every worker takes every command once, in order', () => {
    const commands = [Command.Step, Command.Step, Command.Weights, Command.Step, Command.Stream, Command.Step];
    const threads = 4;
    for (let seed = 1; seed <= 2_000; seed++) {
      const memory = new Int32Array(ctrlLength(threads));
      const seen: number[][] = [[], [], []];
      const workerThreads = Object.fromEntries(
        seen.map((s, i) => [`worker ${i + 1}`, worker(i + 1, threads, s)] as const),
      );
      const outcome = interleave(memory, { main: main(threads, commands), ...workerThreads }, seed);
      if (!outcome.finished)
        throw new Error(`seed ${seed}: ${JSON.stringify(outcome.deadlock)}\n${outcome.trace.join('\n')}`);
      for (const s of seen) expect(s).toEqual([1, 2, 3, 4, 5, 6]);
    }
  });

  it('a worker that finds a command number skipped stops with a ProtocolError', () => {
    const memory = new Int32Array(ctrlLength(2));
    const outcome = () => interleave(memory, { main: issue(3, Command.Step), worker: worker(1, 2, []) }, 1);
    expect(outcome).toThrow(/command channel: expected command number 1, found 3/);
  });
});
