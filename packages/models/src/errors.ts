/** A model file or model object is not what the caller expected; `source` names the file or model. */
export class ModelError extends Error {
  override readonly name: string = 'ModelError';
  constructor(
    message: string,
    /** The file, directory or model name the problem was found in. */
    readonly source: string,
  ) {
    super(message);
  }
}
