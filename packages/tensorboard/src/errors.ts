/** Bad input to a TensorBoard writer; `field` names the argument (`tag`, `step`, `png`, the log directory). */
export class TensorBoardError extends Error {
  override readonly name = 'TensorBoardError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}
