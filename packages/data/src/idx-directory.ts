import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FASHION_MNIST_CLASSES, IdxDataset, type IdxDatasetOptions } from './dataset.js';
import { DatasetError } from './errors.js';
import { gunzipFile } from './gunzip-file.js';
import { isGzip } from './gzip.js';
import { type IdxArray, parseIdx } from './idx.js';

/** A training and a test data set. */
export interface TrainTest<D = IdxDataset> {
  train: D;
  test: D;
}

/** Where Debian's `dataset-fashion-mnist` package installs Fashion-MNIST (gzipped IDX files). */
export const DEBIAN_FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

const PARTS = {
  trainImages: { split: ['train'], kind: 'images', rank: 3 },
  trainLabels: { split: ['train'], kind: 'labels', rank: 1 },
  testImages: { split: ['t10k', 'test'], kind: 'images', rank: 3 },
  testLabels: { split: ['t10k', 'test'], kind: 'labels', rank: 1 },
} as const;

type Part = keyof typeof PARTS;

/** Reads and parses one IDX file (plain or gzip); throws {@link DatasetError} naming the file when missing or bad. */
export async function readIdxFile(file: string): Promise<IdxArray> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new DatasetError(file, `cannot read IDX file: expected a readable file, found ${code ?? error}`, {
      cause: error,
    });
  }
  return parseIdx(isGzip(bytes) ? gunzipFile(bytes, file) : bytes, file);
}

/**
 * Loads a directory of MNIST-format IDX files (`train-images-idx3-ubyte`, `train-labels-idx1-ubyte`,
 * `t10k-images-idx3-ubyte`, `t10k-labels-idx1-ubyte`, each plain or `.gz`; `test-` and `.idx3-ubyte` spellings too).
 */
export async function loadIdxDirectory(dir: string, options: IdxDatasetOptions = {}): Promise<TrainTest> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new DatasetError(dir, `cannot read IDX directory: expected a readable directory, found ${code ?? error}`, {
      cause: error,
    });
  }
  const files = {} as Record<Part, string>;
  for (const part of Object.keys(PARTS) as Part[]) {
    const { split, kind, rank } = PARTS[part];
    const pattern = new RegExp(`^(${split.join('|')})-${kind}[.-]idx${rank}-ubyte(\\.gz)?$`);
    const match = names.filter((n) => pattern.test(n)).sort();
    const file = match[0];
    if (file === undefined) {
      throw new DatasetError(
        dir,
        `missing ${split[0]}-${kind}-idx${rank}-ubyte (or .gz): expected the four MNIST-format IDX files, found ` +
          (names.length === 0 ? 'an empty directory' : `[${names.sort().join(', ')}]`),
      );
    }
    if (match.length > 1) {
      throw new DatasetError(dir, `ambiguous ${kind} files: expected one, found [${match.join(', ')}]`);
    }
    files[part] = join(dir, file);
  }
  const [trainImages, trainLabels, testImages, testLabels] = await Promise.all([
    readIdxFile(files.trainImages),
    readIdxFile(files.trainLabels),
    readIdxFile(files.testImages),
    readIdxFile(files.testLabels),
  ]);
  return {
    train: new IdxDataset(trainImages, trainLabels, options),
    test: new IdxDataset(testImages, testLabels, options),
  };
}

/** Loads Fashion-MNIST from a directory of IDX files; default: Debian's `dataset-fashion-mnist` install folder. */
export async function loadFashionMnist(dir: string = DEBIAN_FASHION_MNIST_DIR): Promise<TrainTest> {
  try {
    return await loadIdxDirectory(dir, { imageShape: [28, 28], classes: FASHION_MNIST_CLASSES });
  } catch (error) {
    if (error instanceof DatasetError && error.file === dir && dir === DEBIAN_FASHION_MNIST_DIR) {
      throw new DatasetError(
        dir,
        `${error.message.slice(dir.length + 2)} (install it: apt-get install dataset-fashion-mnist)`,
        {
          cause: error,
        },
      );
    }
    throw error;
  }
}
