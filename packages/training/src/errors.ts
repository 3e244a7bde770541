/** Why training stopped with an error: `non-finite-loss` (NaN/∞ loss), `checkpoint` (saving or restoring failed), `config` (bad options). */
export type TrainingErrorKind = 'non-finite-loss' | 'checkpoint' | 'config';

/** Training could not go on; the message says where (epoch, batch, file) and what to do. */
export class TrainingError extends Error {
  override readonly name = 'TrainingError';
  constructor(
    message: string,
    readonly kind: TrainingErrorKind,
    /** 1-based epoch in which the error happened, when known. */
    readonly epoch?: number,
    /** 1-based batch within that epoch, when known. */
    readonly batch?: number,
  ) {
    super(message);
  }
}
