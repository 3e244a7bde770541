import type { Batch } from '@mnistkit/data';

export type { Batch };

/** What the loop needs from a data loader; `@mnistkit/data`'s `DataLoader` is one. */
export interface BatchSource {
  /** Batches per epoch. */
  readonly length: number;
  /** Epoch `epoch`'s (0-based) batches; the order must be a pure function of the loader's seed and `epoch` for exact resume. The consumer disposes each batch. */
  batches(epoch: number): AsyncIterable<Batch>;
}

/** Disposes a batch's tensors. */
export function disposeBatchTensors(batch: Batch): void {
  batch.images.dispose();
  batch.labels.dispose();
}
