/** The part of `process` that signal handling needs (a test passes an EventEmitter). */
export interface SignalSource {
  on(event: 'SIGINT' | 'SIGTERM', listener: (signal: NodeJS.Signals) => void): unknown;
  off(event: 'SIGINT' | 'SIGTERM', listener: (signal: NodeJS.Signals) => void): unknown;
}

/** A handle on Ctrl-C: `signal` aborts on the first one; `dispose` restores the default behaviour. */
export interface Interrupt {
  readonly signal: AbortSignal;
  /** The first signal received, or null. */
  received(): NodeJS.Signals | null;
  dispose(): void;
}

/**
 * Turns the first SIGINT/SIGTERM into an abort (training stops after saving a checkpoint) and the second into an
 * immediate exit, so a stuck save can still be left with another Ctrl-C.
 */
export function handleInterrupts(opts: {
  onFirst: (signal: NodeJS.Signals) => void;
  onSecond: (signal: NodeJS.Signals) => void;
  source?: SignalSource;
}): Interrupt {
  const source = opts.source ?? process;
  const controller = new AbortController();
  let first: NodeJS.Signals | null = null;
  const listener = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      opts.onSecond(signal);
      return;
    }
    first = signal;
    controller.abort(new Error(`interrupted by ${signal}`));
    opts.onFirst(signal);
  };
  source.on('SIGINT', listener);
  source.on('SIGTERM', listener);
  return {
    signal: controller.signal,
    received: () => first,
    dispose() {
      source.off('SIGINT', listener);
      source.off('SIGTERM', listener);
    },
  };
}

/** Exit status for a run stopped by a signal: 128 + the signal number, as shells report it (130 for Ctrl-C). */
export function signalExitCode(signal: NodeJS.Signals | null): number {
  return signal === 'SIGTERM' ? 143 : 130;
}
