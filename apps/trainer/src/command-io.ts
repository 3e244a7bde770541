import type { ProgressStream } from './progress.js';

/** Where the command writes: results to `stdout` (with the progress bar when it is a terminal), notes to `stderr`. */
export interface CommandIo {
  stdout: ProgressStream;
  stderr: { write(chunk: string): unknown };
  /** Called on a second Ctrl-C: leave at once. */
  exit: (code: number) => void;
}

/** Prints one line to stdout. */
export function printLine(io: CommandIo, line = ''): void {
  io.stdout.write(`${line}\n`);
}

/** Prints one note to stderr. */
export function noteLine(io: CommandIo, line: string): void {
  io.stderr.write(`${line}\n`);
}
