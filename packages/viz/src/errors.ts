/** Thrown when chart input is not what a chart needs; `field` names the offending argument (e.g. `history[2].trainLoss`). */
export class VizError extends Error {
  override readonly name = 'VizError';
  /** The argument or field path that was wrong. */
  readonly field: string;

  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.field = field;
  }
}
