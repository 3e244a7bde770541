import { DataLoader, type Dataset } from '@mnistkit/data';
import {
  type EvaluationResult,
  evaluate,
  type Misclassified,
  outputsAreProbabilities,
  type SamplePredictions,
} from '@mnistkit/training';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';

/** @mnistkit/training's evaluation of a test set with every sample's prediction kept, plus how long it took where. */
export interface ViewerEvaluation extends EvaluationResult {
  /** Every sample's label, prediction and confidence, in data set order (the confusion-cell drill-down). */
  samples: SamplePredictions;
  /** The most confident mistakes, most confident first (the gallery). */
  mistakes: Misclassified[];
  seconds: number;
  backend: string;
}

/** Options of {@link evaluateInBrowser}. */
export interface EvaluateOptions {
  /** Default 128. */
  batchSize?: number;
  /** How many of the most confident mistakes to keep; default 40. */
  mistakes?: number;
  /** Called after each batch with the number of samples done. */
  onProgress?: (done: number, total: number) => void;
  /** Stops between batches; the promise then rejects with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * @mnistkit/training's `evaluate` (the one inference pass: the figures equal Node's) over a data set with the
 * training transform, keeping each sample's prediction and confidence, and yielding to the browser between batches
 * so the page repaints and takes input. A model ending in softmax is read as giving probabilities. Leaves no tensors
 * behind; does not dispose the model.
 */
export async function evaluateInBrowser(
  model: LayersModel,
  dataset: Dataset,
  options: EvaluateOptions = {},
): Promise<ViewerEvaluation> {
  const loader = new DataLoader(dataset, { batchSize: options.batchSize ?? 128 });
  const started = performance.now();
  const result = await evaluate(model, loader, {
    outputs: outputsAreProbabilities(model) ? 'probabilities' : 'logits',
    mistakes: options.mistakes ?? 40,
    keepSamples: true,
    ...(options.signal ? { signal: options.signal } : {}),
    onBatchEnd: async (_batches, _count, samples) => {
      options.onProgress?.(samples, dataset.length);
      await nextTask();
    },
  });
  return {
    ...result,
    samples: result.samples as SamplePredictions,
    mistakes: result.mistakes ?? [],
    seconds: (performance.now() - started) / 1000,
    backend: tf.getBackend(),
  };
}

/** Resolves on the next macrotask, so that rendering and input run in between (setTimeout(0) is clamped to 4 ms). */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
