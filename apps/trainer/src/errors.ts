/** A problem the user can fix (bad flag, missing dataset, unwritable folder): printed as one line, no stack trace. */
export class CliError extends Error {
  override readonly name = 'CliError';
  /** Process exit status: 2 for command-line usage mistakes, 1 for everything else. */
  readonly exitCode: number;

  constructor(message: string, options: { exitCode?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.exitCode = options.exitCode ?? 1;
  }
}

/** A command-line usage mistake (unknown flag, bad value): exit status 2, like most Unix tools. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, { exitCode: 2 });
  }
}

/** Error classes whose messages are already written for people (library errors name the file or field). */
const FRIENDLY_NAMES = new Set([
  'CliError',
  'UsageError',
  'DatasetError',
  'ModelError',
  'TrainingError',
  'BackendError',
  'VizError',
  'FsError',
  'LockError',
  'TensorBoardError',
]);

/**
 * The one line printed for an error: its message with newlines folded, so a failure never prints a stack
 * trace unless `--verbose` asks for it. Errors of unexpected classes keep their class name as a hint.
 */
export function errorLine(error: unknown): string {
  let message: string;
  if (error instanceof Error) {
    const plain = FRIENDLY_NAMES.has(error.name) || error.name === 'Error';
    message = plain ? error.message : `${error.name}: ${error.message}`;
  } else {
    message = String(error);
  }
  return message.replace(/\s*\n\s*/g, ' ').trim() || 'unknown error';
}

/** Exit status for an error: the CliError's own, otherwise 1. */
export function exitCodeOf(error: unknown): number {
  return error instanceof CliError ? error.exitCode : 1;
}
