import type * as tfl from '@tensorflow/tfjs-layers';
import { type EvaluationResult, EvaluationTally, type TallyOptions } from './evaluation-tally.js';
import { type Batch, type BatchSource, disposeBatch } from './loader.js';

/** Options for {@link evaluate} and {@link evaluateBatches}: what to keep ({@link TallyOptions}), progress, cancel. */
export interface EvaluateOptions extends TallyOptions {
  /** Which epoch's order to iterate (only matters for shuffled loaders); default 0. */
  epoch?: number;
  /**
   * Called after each batch with the batches done so far, the batch count (the loader's `length`; NaN when unknown)
   * and the samples done so far, for progress bars. Awaited, so a page can yield to the browser here.
   */
  onBatchEnd?: (done: number, batches: number, samples: number) => void | Promise<void>;
  /** Checked before each batch: once aborted, the pass stops and rejects with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * Runs the model over every batch in inference mode (dropout off, no gradients, like `model.eval()` +
 * `torch.no_grad()`) and tallies loss, confusion, per-class accuracy and, on request, the most confident mistakes
 * ({@link EvaluationTally}); disposes each batch and leaves no tensors behind. Does not dispose the model.
 */
export function evaluate(
  model: tfl.LayersModel,
  loader: BatchSource,
  options: EvaluateOptions = {},
): Promise<EvaluationResult> {
  return evaluateBatches(model, loader.batches(options.epoch ?? 0), { ...options, batches: loader.length });
}

/**
 * {@link evaluate} over any stream of batches (e.g. tensors a page makes from raw batches): the one inference loop.
 * `batches` is the count passed to `onBatchEnd` (NaN when not given). Disposes each batch it takes, also when it
 * stops early (abort, error); does not dispose the model.
 */
export async function evaluateBatches(
  model: tfl.LayersModel,
  batches: AsyncIterable<Batch> | Iterable<Batch>,
  options: EvaluateOptions & { batches?: number } = {},
): Promise<EvaluationResult> {
  const tally = EvaluationTally.forModel(model, options);
  let done = 0;
  for await (const batch of batches) {
    try {
      options.signal?.throwIfAborted();
      await tally.addBatch(model, batch.images, batch.labels);
    } finally {
      disposeBatch(batch);
    }
    await options.onBatchEnd?.(++done, options.batches ?? Number.NaN, tally.samplesSeen);
  }
  return tally.result();
}
