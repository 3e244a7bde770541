export { type Batch, DataLoader, type DataLoaderOptions, disposeBatch, type RawBatch } from './data-loader.js';
export {
  type Dataset,
  FASHION_MNIST_CLASSES,
  IdxDataset,
  type IdxDatasetOptions,
  imageShapeOf,
  MNIST_CLASSES,
  randomSplit,
  type Sample,
  Subset,
} from './dataset.js';
export { DatasetError } from './errors.js';
export { type GunzipOptions, gunzip, isGzip, MAX_GUNZIP_BYTES } from './gzip.js';
export { encodeIdx, IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC, type IdxArray, parseIdx } from './idx.js';
export { mixSeed, mulberry32, permutation, type Rng, tfSeed } from './random.js';
export { type RgbaToGrayOptions, rgbaToGray } from './rgba-to-gray.js';
export {
  applyTransform,
  compose,
  defaultTransform,
  normalize,
  type Transform,
  toTensor,
  transformTable,
} from './transforms.js';
