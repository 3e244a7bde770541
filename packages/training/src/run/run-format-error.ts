import { FieldIssue } from './schema.js';

/** A run file (history.json, metrics.json) that is not what the run format says; names the file and the field. */
export class RunFormatError extends Error {
  override readonly name = 'RunFormatError';
  constructor(
    /** The file at fault, as the caller named it (a path or a URL). */
    readonly file: string,
    /** The field's path inside it, e.g. `settings.batchSize` or `history[2].epoch`; empty for the whole file. */
    readonly field: string,
    message: string,
  ) {
    super(`${file}: ${field === '' ? '' : `field ${field}: `}${message}`);
  }

  /** The error for a {@link FieldIssue} found in `file`. */
  static from(file: string, issue: FieldIssue): RunFormatError {
    return new RunFormatError(file, issue.field, issue.message.slice(issue.field.length + 2));
  }
}

/** Runs `parse`, turning a {@link FieldIssue} into a {@link RunFormatError} naming `file`. */
export function inFile<T>(file: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof FieldIssue) throw RunFormatError.from(file, error);
    throw error;
  }
}
