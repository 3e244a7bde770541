import * as tf from '@tensorflow/tfjs-core';
import { type Dataset, imageShapeOf } from './dataset.js';
import { DatasetError } from './errors.js';
import { mixSeed, permutation } from './random.js';
import { defaultTransform, type Transform, transformTable } from './transforms.js';

/** One batch as tensors; the caller owns it and disposes it ({@link disposeBatch}). */
export interface Batch {
  /** [B, H, W, 1] float32, transformed pixels. */
  images: tf.Tensor4D;
  /** [B] int32 class indices. */
  labels: tf.Tensor1D;
  /** B, the number of samples (the last batch may be smaller unless `dropLast`). */
  size: number;
}

/** One batch as plain typed arrays (no tensors), e.g. to post to a worker thread; freshly allocated per batch. */
export interface RawBatch {
  /** B*H*W float32 pixels, row-major, sample after sample. */
  images: Float32Array;
  /** B class indices. */
  labels: Int32Array;
  size: number;
  /** Image height and width. */
  shape: readonly [number, number];
}

/** Options of {@link DataLoader}. */
export interface DataLoaderOptions {
  /** Samples per batch. Default 64. */
  batchSize?: number;
  /** Reshuffle every epoch. Default false (data set order). */
  shuffle?: boolean;
  /** Seed of the shuffle; epoch `e`'s order is a pure function of (seed, e). Default 0. */
  seed?: number;
  /** Drop the last, incomplete batch. Default false. */
  dropLast?: boolean;
  /** Pixel transform. Default `compose(toTensor(), normalize(0.5, 0.5))`. */
  transform?: Transform;
}

/** Disposes both tensors of a batch. */
export function disposeBatch(batch: Batch): void {
  batch.images.dispose();
  batch.labels.dispose();
}

/** Batches, shuffles and transforms a {@link Dataset}, like PyTorch's `DataLoader`. */
export class DataLoader {
  readonly dataset: Dataset;
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly seed: number;
  readonly dropLast: boolean;
  readonly transform: Transform;
  readonly #table: Float32Array;
  readonly #shape: readonly [number, number];

  constructor(dataset: Dataset, options: DataLoaderOptions = {}) {
    const batchSize = options.batchSize ?? 64;
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new RangeError(`DataLoader: expected batchSize to be a positive integer, found ${batchSize}`);
    }
    this.dataset = dataset;
    this.batchSize = batchSize;
    this.shuffle = options.shuffle ?? false;
    this.seed = options.seed ?? 0;
    this.dropLast = options.dropLast ?? false;
    this.transform = options.transform ?? defaultTransform();
    this.#table = transformTable(this.transform);
    this.#shape = imageShapeOf(dataset);
  }

  /** Number of samples in the data set. */
  get numSamples(): number {
    return this.dataset.length;
  }

  /** Number of batches per epoch. */
  get length(): number {
    const n = this.dataset.length;
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  /** Sample indices of epoch `epoch`, in visiting order (identity when not shuffling). */
  order(epoch = 0): Uint32Array {
    const n = this.dataset.length;
    if (this.shuffle) return permutation(n, mixSeed(this.seed, epoch));
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    return order;
  }

  /** Yields epoch `epoch`'s batches as typed arrays; no tensors are created. */
  *rawBatches(epoch = 0): Generator<RawBatch, void, undefined> {
    const order = this.order(epoch);
    const [h, w] = this.#shape;
    const pixels = h * w;
    const table = this.#table;
    const batches = this.length;
    for (let b = 0; b < batches; b++) {
      const start = b * this.batchSize;
      const size = Math.min(this.batchSize, order.length - start);
      // A fresh array per batch: tf.tensor may keep a reference to it, and workers may take ownership of it.
      const images = new Float32Array(size * pixels);
      const labels = new Int32Array(size);
      for (let k = 0; k < size; k++) {
        const index = order[start + k] as number;
        const { image, label } = this.dataset.get(index);
        if (image.length !== pixels) {
          throw new DatasetError(
            sourceOf(this.dataset),
            `wrong image size at sample ${index}: expected ${h}x${w} = ${pixels} pixels, found ${image.length}`,
          );
        }
        if (!Number.isInteger(label) || label < 0 || label > 0x7fffffff) {
          throw new DatasetError(
            sourceOf(this.dataset),
            `bad label at sample ${index}: expected a non-negative integer class index, found ${label}`,
          );
        }
        const offset = k * pixels;
        for (let i = 0; i < pixels; i++) images[offset + i] = table[image[i] as number] as number;
        labels[k] = label;
      }
      yield { images, labels, size, shape: this.#shape };
    }
  }

  /**
   * Yields epoch `epoch`'s batches as tensors. Each batch is created just before it is yielded and the caller owns
   * it: dispose it ({@link disposeBatch}) when done. Breaking out early leaves nothing allocated.
   */
  async *batches(epoch = 0): AsyncGenerator<Batch, void, undefined> {
    const [h, w] = this.#shape;
    for (const raw of this.rawBatches(epoch)) {
      const images = tf.tensor4d(raw.images, [raw.size, h, w, 1], 'float32');
      const labels = tf.tensor1d(raw.labels, 'int32');
      yield { images, labels, size: raw.size };
    }
  }

  /** Same as `batches(0)`. */
  [Symbol.asyncIterator](): AsyncGenerator<Batch, void, undefined> {
    return this.batches(0);
  }
}

function sourceOf(dataset: Dataset): string {
  const maybe = dataset as { images?: { source?: string }; root?: string };
  return maybe.images?.source ?? maybe.root ?? dataset.constructor.name;
}
