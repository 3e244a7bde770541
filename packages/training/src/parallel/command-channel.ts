// The command channel: the main thread writes one word (sequence number and command) and wakes the workers; each
// worker runs the command and writes the sequence number it finished into its own word. Every wake-up changes the
// word it wakes on: the command word gets a new sequence number, a done word the next one.
import { type Command, CTRL_COMMAND, ctrlDone, ctrlReady, decodeCommand, encodeCommand, reached } from './layout.js';
import { bump, notify, type Protocol, store, waitFor } from './protocol.js';

/** A worker read a command word it cannot follow (a sequence number skipped): the pool is broken. */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
}

/** Main thread: hands every worker command `command` as number `seq`. */
export function* issue(seq: number, command: Command): Protocol {
  yield store(CTRL_COMMAND, encodeCommand(seq, command));
  yield notify(CTRL_COMMAND);
}

/**
 * Worker: waits for the command after `seen` (the last command word it took; 0 at start). Commands come one at a
 * time (the main thread issues the next only once every worker took this one), except `quit`, which may overtake.
 */
export function* nextCommand(seen: number, quit: Command): Protocol<{ word: number; seq: number; command: Command }> {
  const word = yield* waitFor(CTRL_COMMAND, (w) => w !== seen);
  const next = decodeCommand(word);
  const expected = (decodeCommand(seen).seq + 1) & 0x7ffffff;
  if (next.seq !== expected && next.command !== quit) {
    throw new ProtocolError(`command channel: expected command number ${expected}, found ${next.seq}`);
  }
  return { word, ...next };
}

/** Worker `thread`: command `seq` is done. */
export function* finish(thread: number, seq: number): Protocol {
  yield store(ctrlDone(thread), seq);
  yield notify(ctrlDone(thread));
}

/** Main thread: waits until worker `thread` finished command `seq`. */
export function* awaitFinished(thread: number, seq: number): Protocol {
  yield* waitFor(ctrlDone(thread), (done) => reached(done, seq));
}

/** Worker `thread`: its backend and model are set up. */
export function* announceReady(thread: number): Protocol {
  yield* bump(ctrlReady(thread));
}

/** Main thread: waits until worker `thread` is set up. */
export function* awaitReady(thread: number): Protocol {
  yield* waitFor(ctrlReady(thread), (v) => v > 0);
}
