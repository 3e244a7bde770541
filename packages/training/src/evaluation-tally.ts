import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import {
  addToConfusion,
  type ConfusionMatrix,
  confusionAccuracy,
  emptyConfusion,
  perClassAccuracy,
} from './metrics.js';
import { outputClasses, softmaxCrossEntropy } from './step.js';

/** A sample the model got wrong, as {@link EvaluationTally} keeps it. */
export interface Misclassified {
  /** Position in the evaluated stream (0-based, in batch order): the data set index for an unshuffled loader. */
  index: number;
  label: number;
  predicted: number;
  /** Probability the model gave its predicted class. */
  confidence: number;
}

/** Every sample's label, prediction and confidence, in stream order (kept with `keepSamples`). */
export interface SamplePredictions {
  labels: Int32Array;
  predicted: Int32Array;
  /** Probability of the predicted class. */
  confidences: Float32Array;
}

/** Figures of one pass over a data set in inference mode. Accuracies are fractions. */
export interface EvaluationResult {
  /** Mean loss per sample (softmax cross-entropy, as in training). */
  loss: number;
  accuracy: number;
  correct: number;
  total: number;
  /** `confusion[true][predicted]` counts. */
  confusion: ConfusionMatrix;
  /** Per-class accuracy (recall); NaN for a class with no samples. */
  perClassAccuracy: number[];
  /** With `mistakes: k`: the k most confident mistakes, most confident first (ties: earlier first). */
  mistakes?: Misclassified[];
  /** With `keepSamples`: every sample's prediction, in stream order. */
  samples?: SamplePredictions;
}

/** What {@link EvaluationTally} keeps beyond loss, confusion and per-class accuracy. */
export interface TallyOptions {
  /** What the model's outputs are: `logits` (default) or `probabilities` (a model ending in softmax). */
  outputs?: 'logits' | 'probabilities';
  /** Keep the k most confident mistakes (`result().mistakes`); default 0 (none, and no confidences computed). */
  mistakes?: number;
  /** Keep every sample's label, prediction and confidence (`result().samples`); default false. */
  keepSamples?: boolean;
}

/** Whether the model's last layer ends in a softmax, so its outputs are probabilities rather than logits. */
export function outputsAreProbabilities(model: tfl.LayersModel): boolean {
  const last = model.layers[model.layers.length - 1];
  if (last === undefined) return false;
  if (last.getClassName() === 'Softmax') return true;
  const config = last.getConfig() as { activation?: unknown };
  return config.activation === 'softmax';
}

/**
 * The bookkeeping of one inference pass, fed batch by batch in stream order: the mean loss, the confusion matrix
 * (hence accuracy and per-class accuracy), and on request the most confident mistakes and every sample's prediction.
 * Loss and predictions are computed on the backend with the same ops whoever produced the outputs, so equal outputs
 * give an equal result; `result()` may be called at any point (e.g. for progress). Use one tally per pass.
 */
export class EvaluationTally {
  readonly numClasses: number;
  private readonly probabilities: boolean;
  private readonly keep: number;
  private readonly confusion: ConfusionMatrix;
  private readonly mistakes: Misclassified[] = [];
  private samples: SamplePredictions | undefined;
  private lossSum = 0;
  private total = 0;

  constructor(numClasses: number, options: TallyOptions = {}) {
    const keep = options.mistakes ?? 0;
    if (!Number.isInteger(numClasses) || numClasses < 1) {
      throw new RangeError(`EvaluationTally: numClasses: expected an integer ≥ 1, found ${numClasses}`);
    }
    if (!Number.isInteger(keep) || keep < 0) {
      throw new RangeError(`EvaluationTally: mistakes: expected an integer ≥ 0, found ${options.mistakes}`);
    }
    this.numClasses = numClasses;
    this.probabilities = options.outputs === 'probabilities';
    this.keep = keep;
    this.confusion = emptyConfusion(numClasses);
    if (options.keepSamples) {
      this.samples = { labels: new Int32Array(0), predicted: new Int32Array(0), confidences: new Float32Array(0) };
    }
  }

  /** A tally for `model`'s outputs: as many classes as its single output has values. */
  static forModel(model: tfl.LayersModel, options: TallyOptions = {}): EvaluationTally {
    return new EvaluationTally(outputClasses(model), options);
  }

  /** Samples tallied so far. */
  get samplesSeen(): number {
    return this.total;
  }

  /**
   * Adds the next batch in stream order: its model outputs [B, numClasses] and its int class labels [B]. Disposes
   * neither; leaves no tensors behind. Reads the values back with `data()`, so a WebGL page is not blocked.
   */
  async add(outputs: tf.Tensor, labels: tf.Tensor): Promise<void> {
    const withConfidence = this.keep > 0 || this.samples !== undefined;
    const computed = tf.tidy(() => {
      const logits = this.probabilities ? tf.log(outputs) : outputs;
      const loss = softmaxCrossEntropy(logits, labels, this.numClasses);
      const predicted = tf.argMax(outputs, -1);
      if (!withConfidence) return [loss, predicted];
      return [loss, predicted, tf.max(this.probabilities ? outputs : tf.softmax(outputs), -1)];
    });
    let values: [Float32Array, Int32Array, Float32Array | undefined, ArrayLike<number>];
    try {
      const [loss, predicted, confidence] = computed as [tf.Tensor, tf.Tensor, tf.Tensor | undefined];
      values = (await Promise.all([loss.data(), predicted.data(), confidence?.data(), labels.data()])) as typeof values;
    } finally {
      tf.dispose(computed);
    }
    const [loss, predicted, confidences, labelValues] = values;
    this.addValues(loss[0] as number, Int32Array.from(labelValues), predicted, confidences);
  }

  /**
   * Runs `images` through `model` in inference mode (dropout off, no gradients) and adds the outputs with
   * {@link add}. Disposes neither `images` nor `labels`; leaves no tensors behind.
   */
  async addBatch(model: tfl.LayersModel, images: tf.Tensor, labels: tf.Tensor): Promise<void> {
    const outputs = tf.tidy(() => model.apply(images, { training: false }) as tf.Tensor);
    try {
      await this.add(outputs, labels);
    } finally {
      outputs.dispose();
    }
  }

  private addValues(loss: number, labels: Int32Array, predicted: Int32Array, confidences?: Float32Array): void {
    addToConfusion(this.confusion, labels, predicted);
    const first = this.total;
    this.lossSum += loss * labels.length;
    this.total += labels.length;
    if (confidences && this.keep > 0) {
      for (let i = 0; i < labels.length; i++) {
        if (labels[i] !== predicted[i]) {
          this.offerMistake(first + i, labels[i] as number, predicted[i] as number, confidences[i] as number);
        }
      }
    }
    if (confidences && this.samples) this.appendSamples(first, labels, predicted, confidences);
  }

  /** Keeps the `keep` most confident mistakes, sorted; earlier samples win ties (they were offered first). */
  private offerMistake(index: number, label: number, predicted: number, confidence: number): void {
    const list = this.mistakes;
    // A NaN confidence (non-finite outputs) ranks last instead of breaking the order.
    const rank = (c: number) => (Number.isNaN(c) ? -1 : c);
    const c = rank(confidence);
    if (list.length === this.keep && c <= rank((list[list.length - 1] as Misclassified).confidence)) return;
    let at = list.length;
    while (at > 0 && c > rank((list[at - 1] as Misclassified).confidence)) at--;
    list.splice(at, 0, { index, label, predicted, confidence });
    if (list.length > this.keep) list.pop();
  }

  private appendSamples(first: number, labels: Int32Array, predicted: Int32Array, confidences: Float32Array): void {
    const s = this.samples as SamplePredictions;
    const need = first + labels.length;
    if (s.labels.length < need) {
      const size = Math.max(need, 2 * s.labels.length);
      const grow = <T extends Int32Array | Float32Array>(a: T, make: (n: number) => T): T => {
        const b = make(size);
        b.set(a);
        return b;
      };
      s.labels = grow(s.labels, (n) => new Int32Array(n));
      s.predicted = grow(s.predicted, (n) => new Int32Array(n));
      s.confidences = grow(s.confidences, (n) => new Float32Array(n));
    }
    s.labels.set(labels, first);
    s.predicted.set(predicted, first);
    s.confidences.set(confidences, first);
  }

  /** The figures so far (a copy: later batches do not change it). NaN loss when no sample was tallied. */
  result(): EvaluationResult {
    const { total } = this;
    const confusion = this.confusion.map((row) => [...row]);
    const correct = confusion.reduce((n, row, i) => n + (row[i] as number), 0);
    const s = this.samples;
    return {
      loss: total === 0 ? Number.NaN : this.lossSum / total,
      accuracy: confusionAccuracy(confusion),
      correct,
      total,
      confusion,
      perClassAccuracy: perClassAccuracy(confusion),
      ...(this.keep > 0 ? { mistakes: this.mistakes.map((m) => ({ ...m })) } : {}),
      ...(s
        ? {
            samples: {
              labels: s.labels.slice(0, total),
              predicted: s.predicted.slice(0, total),
              confidences: s.confidences.slice(0, total),
            },
          }
        : {}),
    };
  }
}
