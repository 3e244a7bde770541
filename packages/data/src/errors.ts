/** A data file or folder that cannot be used: the message names `file`, what was expected and what was found. */
export class DatasetError extends Error {
  /** The file or folder at fault (`<buffer>` or a caller-given name for in-memory bytes). */
  readonly file: string;

  constructor(file: string, message: string, options?: { cause?: unknown }) {
    super(`${file}: ${message}`, options);
    this.name = 'DatasetError';
    this.file = file;
  }
}
