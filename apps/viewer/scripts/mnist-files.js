// @ts-check
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The MNIST files the page loads (the test set; the training set for the Train view), by the path it fetches them from. */
export const MNIST_FILES = {
  'mnist/t10k-images-idx3-ubyte.gz': 't10k-images-idx3-ubyte.gz',
  'mnist/t10k-labels-idx1-ubyte.gz': 't10k-labels-idx1-ubyte.gz',
  'mnist/train-images-idx3-ubyte.gz': 'train-images-idx3-ubyte.gz',
  'mnist/train-labels-idx1-ubyte.gz': 'train-labels-idx1-ubyte.gz',
};

/**
 * The folder of @mnistkit/mnist's gzipped MNIST files, found through its package.json (this runs in Vite's config,
 * before any package is built, so it does not import the package's code).
 * @returns {string}
 */
export function mnistDataDir() {
  return join(dirname(createRequire(import.meta.url).resolve('@mnistkit/mnist/package.json')), 'data');
}

/**
 * Reads one gzipped MNIST file as @mnistkit/mnist ships it (the 7.8 MB of test images are 1.6 MB, the 47 MB of
 * training images 9.8 MB; the page gunzips with fflate and @mnistkit/data checks the gzip trailer).
 * @param {string} name a file name in {@link mnistDataDir}
 * @returns {Promise<Uint8Array>}
 */
export async function gzippedMnistFile(name) {
  const path = join(mnistDataDir(), name);
  try {
    return await readFile(path);
  } catch (error) {
    throw new Error(`MNIST file ${path} cannot be read (${/** @type {Error} */ (error).message}); run pnpm install`, {
      cause: error,
    });
  }
}
