// A model checker for the data-parallel protocols: runs several protocol generators (the real ones from
// parallel/*.ts, or faithful copies of old ones) as threads over one simulated word array, one atomic operation at a
// time, in an order drawn from a seeded random scheduler. Atomics.wait semantics: a wait on a word that no longer
// holds the expected value returns at once; otherwise the thread sleeps until a notify on that word (there are no
// timeouts and no spurious wake-ups, so a protocol may not rely on either). When no thread can run and some have
// not finished, the schedule deadlocked: what the threads were waiting on and the last operations are reported.
import { NOT_EQUAL, type Op, type Protocol, WOKEN } from '../parallel/protocol.js';

interface ThreadState {
  name: string;
  protocol: Protocol<unknown>;
  /** The operation the thread will perform next. */
  op: Op | undefined;
  /** The word it sleeps on, if any. */
  sleeping: number | undefined;
  /** Set when a notify woke it: the result its wait returns. */
  woken: boolean;
  done: boolean;
}

/** How a schedule ended. */
export interface Outcome {
  /** Every thread returned. */
  finished: boolean;
  /** Threads asleep when nothing could run, with the word each waits on. */
  deadlock?: { thread: string; word: number }[];
  /** Operations performed. */
  steps: number;
  /** The last operations, for a failure message. */
  trace: string[];
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function describe(op: Op): string {
  const v = 'value' in op ? ` ${op.value}` : '';
  const e = op.kind === 'cas' ? ` ${op.expected}→` : '';
  return `${op.kind}[${op.word}]${e}${v}`;
}

/** Keeps the last 40 operations. */
function note(trace: string[], line: string): void {
  trace.push(line);
  if (trace.length > 40) trace.shift();
}

/** Performs `op` on `memory`; returns its result, or undefined when the thread goes to sleep. */
function perform(memory: Int32Array, op: Op, threads: ThreadState[]): number | undefined {
  const old = memory[op.word] as number;
  switch (op.kind) {
    case 'load':
      return old;
    case 'store':
      memory[op.word] = op.value;
      return op.value;
    case 'add':
      memory[op.word] = old + op.value;
      return old;
    case 'cas':
      if (old === op.expected) memory[op.word] = op.value;
      return old;
    case 'notify': {
      let n = 0;
      for (const t of threads) {
        if (t.sleeping === op.word) {
          t.sleeping = undefined;
          t.woken = true;
          n++;
        }
      }
      return n;
    }
    case 'wait':
      return old !== op.value ? NOT_EQUAL : undefined;
  }
}

/**
 * Runs `threads` (protocols over `memory`) interleaved in an order drawn from `seed`, until all return, they
 * deadlock, or `maxSteps` operations were performed (then `finished` is false and `deadlock` absent).
 */
export function interleave(
  memory: Int32Array,
  threads: Record<string, Protocol<unknown>>,
  seed: number,
  maxSteps = 200_000,
): Outcome {
  const random = mulberry32(seed);
  const trace: string[] = [];
  const states: ThreadState[] = Object.entries(threads).map(([name, protocol]) => {
    const first = protocol.next(0);
    return {
      name,
      protocol,
      op: first.done ? undefined : first.value,
      sleeping: undefined,
      woken: false,
      done: !!first.done,
    };
  });
  for (let steps = 0; steps < maxSteps; steps++) {
    const runnable = states.filter((t) => !t.done && t.sleeping === undefined);
    if (runnable.length === 0) {
      const asleep = states.filter((t) => !t.done);
      if (asleep.length === 0) return { finished: true, steps, trace };
      return {
        finished: false,
        deadlock: asleep.map((t) => ({ thread: t.name, word: t.sleeping as number })),
        steps,
        trace,
      };
    }
    const t = runnable[Math.floor(random() * runnable.length)] as ThreadState;
    const op = t.op as Op;
    let result: number | undefined;
    if (t.woken) {
      t.woken = false;
      result = WOKEN;
    } else {
      result = perform(memory, op, states);
      if (result === undefined) {
        t.sleeping = op.word;
        note(trace, `${t.name}: ${describe(op)} (sleeps)`);
        continue;
      }
    }
    note(trace, `${t.name}: ${describe(op)} → ${result}`);
    const next = t.protocol.next(result);
    t.done = !!next.done;
    t.op = next.done ? undefined : next.value;
  }
  return { finished: false, steps: maxSteps, trace };
}
