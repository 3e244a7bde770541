import { DatasetError } from './errors.js';
import { IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC, type IdxArray, parseIdx } from './idx.js';
import { mixSeed, permutation } from './random.js';

/** One example: a row-major H*W uint8 image (28x28 for MNIST) and its class index. */
export interface Sample {
  image: Uint8Array;
  label: number;
}

/** A PyTorch-style map-style data set: `length` and `get(i)`, decoding one sample on demand. */
export interface Dataset {
  readonly length: number;
  /** Returns sample `index` (0 <= index < length); the image may be a view into shared memory: do not write to it. */
  get(index: number): Sample;
  /** Image height and width; absent means 28x28. */
  readonly imageShape?: readonly [number, number];
  /** Class names by label index, when known. */
  readonly classes?: readonly string[];
}

/** The ten digit class names of MNIST. */
export const MNIST_CLASSES: readonly string[] = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

/** Class names of Fashion-MNIST, by label. */
export const FASHION_MNIST_CLASSES: readonly string[] = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
];

/** Image height and width of a data set ({@link Dataset.imageShape}, or 28x28). */
export function imageShapeOf(dataset: Dataset): readonly [number, number] {
  return dataset.imageShape ?? [28, 28];
}

/** Options of {@link IdxDataset}. */
export interface IdxDatasetOptions {
  /** Expected image height and width; `null` accepts any. Default [28, 28]. */
  imageShape?: readonly [number, number] | null;
  /** Number of classes; labels must lie in 0..numClasses-1. Default: `classes.length`, or 10. */
  numClasses?: number;
  /** Class names by label index. Default: the digits '0'..'9'. */
  classes?: readonly string[];
}

/** A data set over an IDX image file and an IDX label file; keeps the bytes and slices one image per `get`. */
export class IdxDataset implements Dataset {
  readonly length: number;
  readonly imageShape: readonly [number, number];
  readonly classes: readonly string[];
  readonly images: IdxArray;
  readonly labels: IdxArray;
  readonly #pixels: number;

  /** Validates the pair (magic numbers, image size, counts, label range); throws {@link DatasetError} naming the file. */
  constructor(images: IdxArray, labels: IdxArray, options: IdxDatasetOptions = {}) {
    if (images.magic !== IDX_IMAGES_MAGIC || images.dims.length !== 3) {
      throw new DatasetError(
        images.source,
        `expected an IDX image file (magic ${IDX_IMAGES_MAGIC}, 3 dims), found magic ${images.magic} with ${images.dims.length} dims`,
      );
    }
    if (labels.magic !== IDX_LABELS_MAGIC || labels.dims.length !== 1) {
      throw new DatasetError(
        labels.source,
        `expected an IDX label file (magic ${IDX_LABELS_MAGIC}, 1 dim), found magic ${labels.magic} with ${labels.dims.length} dims`,
      );
    }
    const [count = 0, rows = 0, cols = 0] = images.dims;
    const expected = options.imageShape === undefined ? ([28, 28] as const) : options.imageShape;
    if (expected !== null && (rows !== expected[0] || cols !== expected[1])) {
      throw new DatasetError(
        images.source,
        `wrong image size: expected ${expected[0]}x${expected[1]} images, found ${rows}x${cols}`,
      );
    }
    const labelCount = labels.dims[0] ?? 0;
    if (labelCount !== count) {
      throw new DatasetError(
        labels.source,
        `image/label count mismatch: ${images.source} holds ${count} images, but this file holds ${labelCount} labels`,
      );
    }
    const classes = options.classes ?? MNIST_CLASSES;
    const numClasses = options.numClasses ?? classes.length;
    const data = labels.data;
    for (let i = 0; i < data.length; i++) {
      const label = data[i] as number;
      if (label >= numClasses) {
        throw new DatasetError(
          labels.source,
          `label out of range at index ${i}: expected 0..${numClasses - 1}, found ${label}`,
        );
      }
    }
    this.images = images;
    this.labels = labels;
    this.length = count;
    this.imageShape = [rows, cols];
    this.classes = classes;
    this.#pixels = rows * cols;
  }

  /** Builds a data set from the raw bytes (plain or gzip) of an image file and a label file; works in the browser. */
  static fromBytes(
    imageBytes: Uint8Array | ArrayBuffer,
    labelBytes: Uint8Array | ArrayBuffer,
    options: IdxDatasetOptions & { imagesSource?: string; labelsSource?: string } = {},
  ): IdxDataset {
    const images = parseIdx(imageBytes, options.imagesSource ?? '<images buffer>');
    const labels = parseIdx(labelBytes, options.labelsSource ?? '<labels buffer>');
    return new IdxDataset(images, labels, options);
  }

  /** Returns a view of image `index` (no copy) and its label. */
  get(index: number): Sample {
    checkIndex(index, this.length, this.images.source);
    const start = index * this.#pixels;
    return { image: this.images.data.subarray(start, start + this.#pixels), label: this.labels.data[index] as number };
  }
}

/** A view of a data set restricted to the given indices (like `torch.utils.data.Subset`). */
export class Subset implements Dataset {
  readonly dataset: Dataset;
  readonly indices: Uint32Array;

  constructor(dataset: Dataset, indices: ArrayLike<number>) {
    for (let i = 0; i < indices.length; i++) {
      const j = indices[i] as number;
      if (!Number.isInteger(j) || j < 0 || j >= dataset.length) {
        throw new RangeError(`Subset: index ${j} at position ${i} is outside 0..${dataset.length - 1}`);
      }
    }
    this.dataset = dataset;
    this.indices = Uint32Array.from(indices);
  }

  get length(): number {
    return this.indices.length;
  }

  get imageShape(): readonly [number, number] {
    return imageShapeOf(this.dataset);
  }

  get classes(): readonly string[] | undefined {
    return this.dataset.classes;
  }

  get(index: number): Sample {
    checkIndex(index, this.indices.length, 'Subset');
    return this.dataset.get(this.indices[index] as number);
  }
}

/**
 * Splits a data set at random into disjoint {@link Subset}s (like `torch.utils.data.random_split`). `lengths` are
 * counts summing to `dataset.length`, or fractions summing to 1 (remainders go to the first parts, round-robin).
 */
export function randomSplit<const L extends readonly number[]>(
  dataset: Dataset,
  lengths: L,
  seed: number,
): { -readonly [K in keyof L]: Subset } {
  const n = dataset.length;
  const counts = splitCounts(n, lengths);
  const order = permutation(n, mixSeed(seed, 0x5b11));
  const parts: Subset[] = [];
  let start = 0;
  for (const c of counts) {
    parts.push(new Subset(dataset, order.subarray(start, start + c)));
    start += c;
  }
  return parts as { -readonly [K in keyof L]: Subset };
}

function splitCounts(n: number, lengths: readonly number[]): number[] {
  if (lengths.length === 0 || lengths.some((x) => !(x >= 0) || !Number.isFinite(x))) {
    throw new RangeError(`randomSplit: expected non-negative lengths, found [${lengths.join(', ')}]`);
  }
  const sum = lengths.reduce((a, b) => a + b, 0);
  if (lengths.every(Number.isInteger) && sum === n) return [...lengths];
  if (Math.abs(sum - 1) < 1e-9 && lengths.every((x) => x <= 1)) {
    const counts = lengths.map((f) => Math.floor(f * n));
    let rest = n - counts.reduce((a, b) => a + b, 0);
    for (let i = 0; rest > 0; i = (i + 1) % counts.length, rest--) counts[i] = (counts[i] as number) + 1;
    return counts;
  }
  throw new RangeError(
    `randomSplit: expected lengths summing to the data set's length ${n} or fractions summing to 1, found [${lengths.join(', ')}]`,
  );
}

function checkIndex(index: number, length: number, source: string): void {
  if (!Number.isInteger(index) || index < 0 || index >= length) {
    throw new RangeError(`${source}: sample index ${index} is outside 0..${length - 1}`);
  }
}
