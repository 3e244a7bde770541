// The shared-memory protocols of the data-parallel engine (command word, step barriers, evaluation ring) are written
// as generators that yield one atomic operation at a time on an Int32Array of words. Threads run them through a
// driver: a worker blocks in Atomics.wait (runBlocking), the main thread blocks briefly and then waits
// asynchronously so a failed worker can surface (runOnMain), and the tests run several of them interleaved on a
// simulated memory to check every schedule they try (test-utils/interleave.ts): the code that is checked is the
// code that runs.
//
// The rule every protocol here keeps: a thread that waits does so on a word it read *before* checking its condition,
// and every event that can satisfy a waiter changes that word (a counter or generation), so a wake-up can never fall
// between the check and the wait.

/** One atomic operation on word `word` of a protocol's Int32Array. */
export type Op =
  | { kind: 'load'; word: number }
  | { kind: 'store'; word: number; value: number }
  /** Atomics.add: resolves to the previous value. */
  | { kind: 'add'; word: number; value: number }
  /** Atomics.compareExchange: resolves to the previous value. */
  | { kind: 'cas'; word: number; expected: number; value: number }
  | { kind: 'notify'; word: number }
  /** Atomics.wait while the word holds `value`; resolves to {@link WOKEN} or {@link NOT_EQUAL}. */
  | { kind: 'wait'; word: number; value: number };

/** A protocol step: yields operations, receives each one's result, returns `T`. */
export type Protocol<T = void> = Generator<Op, T, number>;

/** Results of a `wait` op. */
export const WOKEN = 0;
export const NOT_EQUAL = 1;

export const load = (word: number): Op => ({ kind: 'load', word });
export const store = (word: number, value: number): Op => ({ kind: 'store', word, value });
export const add = (word: number, value: number): Op => ({ kind: 'add', word, value });
export const cas = (word: number, expected: number, value: number): Op => ({ kind: 'cas', word, expected, value });
export const notify = (word: number): Op => ({ kind: 'notify', word });
export const wait = (word: number, value: number): Op => ({ kind: 'wait', word, value });

/**
 * Waits until `ready(value)` holds for word `word`. Each round reads the word, checks, and waits on the value it read,
 * so it relies only on writers changing the word (never on a notify alone).
 */
export function* waitFor(word: number, ready: (value: number) => boolean): Protocol<number> {
  for (;;) {
    const value = yield load(word);
    if (ready(value)) return value;
    yield wait(word, value);
  }
}

/** Adds `delta` to a counter word and wakes its waiters; returns the new value. */
export function* bump(word: number, delta = 1): Protocol<number> {
  const value = (yield add(word, delta)) + delta;
  yield notify(word);
  return value;
}

/**
 * Claims work items 0..count−1 from counter word `word` (Atomics.add) and runs `run` on each until none is left: a
 * thread slowed by other load simply takes fewer. Whoever resets the word must know no thread is still claiming.
 */
export function* claimEach(word: number, count: number, run: (item: number) => void): Protocol {
  for (let item = yield add(word, 1); item < count; item = yield add(word, 1)) run(item);
}

/** Performs one non-blocking op with Atomics (waits are the driver's business). */
function perform(words: Int32Array, op: Exclude<Op, { kind: 'wait' }>): number {
  switch (op.kind) {
    case 'load':
      return Atomics.load(words, op.word);
    case 'store':
      return Atomics.store(words, op.word, op.value);
    case 'add':
      return Atomics.add(words, op.word, op.value);
    case 'cas':
      return Atomics.compareExchange(words, op.word, op.expected, op.value);
    case 'notify':
      return Atomics.notify(words, op.word);
  }
}

/** Runs a protocol on this thread, blocking in Atomics.wait (worker threads). */
export function runBlocking<T>(words: Int32Array, protocol: Protocol<T>): T {
  let next = protocol.next(0);
  while (!next.done) {
    const op = next.value;
    next = protocol.next(
      op.kind === 'wait'
        ? Atomics.wait(words, op.word, op.value) === 'not-equal'
          ? NOT_EQUAL
          : WOKEN
        : perform(words, op),
    );
  }
  return next.value;
}

type WaitAsync = (
  array: Int32Array,
  index: number,
  value: number,
  timeout?: number,
) => { async: false; value: string } | { async: true; value: Promise<string> };
const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;

/** How the main thread waits: block up to `blockMs` (peers due within milliseconds), then wait asynchronously. */
export interface MainWaits {
  /** Milliseconds to block in Atomics.wait per protocol run before waiting asynchronously. */
  blockMs: number;
  /** Throws (or rejects) once a worker failed, so a wait on it ends. */
  check(): void;
  /** Rejects once a worker failed. */
  failed: Promise<never>;
}

/**
 * Runs a protocol on the main thread: waits block in Atomics.wait until `blockMs` have passed (no trip through the
 * event loop while peers are due), then wait asynchronously, in slices of a second, racing a worker failure.
 */
export async function runOnMain<T>(words: Int32Array, protocol: Protocol<T>, waits: MainWaits): Promise<T> {
  const deadline = performance.now() + waits.blockMs;
  let next = protocol.next(0);
  while (!next.done) {
    const op = next.value;
    if (op.kind !== 'wait') {
      next = protocol.next(perform(words, op));
      continue;
    }
    waits.check();
    const left = deadline - performance.now();
    let result: string;
    if (left > 0) {
      result = Atomics.wait(words, op.word, op.value, left);
    } else {
      const r = waitAsync(words, op.word, op.value, 1000);
      result = r.async ? await Promise.race([r.value, waits.failed]) : r.value;
    }
    next = protocol.next(result === 'not-equal' ? NOT_EQUAL : WOKEN);
  }
  return next.value;
}
