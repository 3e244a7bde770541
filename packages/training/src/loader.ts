import { type Batch, disposeBatch } from '@mnistkit/data';

export type { Batch };
export { disposeBatch };

/** What the loop needs from a data loader; `@mnistkit/data`'s `DataLoader` is one. */
export interface BatchSource {
  /** Batches per epoch. */
  readonly length: number;
  /** Epoch `epoch`'s (0-based) batches; the order must be a pure function of the loader's seed and `epoch` for exact resume. The consumer disposes each batch. */
  batches(epoch: number): AsyncIterable<Batch>;
}

/** @deprecated Use `disposeBatch` (the same function, from `@mnistkit/data`, also re-exported here). */
export const disposeBatchTensors: (batch: Batch) => void = disposeBatch;
