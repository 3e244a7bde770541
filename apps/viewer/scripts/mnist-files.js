// @ts-check
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The MNIST test files the page loads, by the path it fetches them from (relative to the page). */
export const MNIST_TEST_FILES = {
  'mnist/t10k-images-idx3-ubyte.gz': 't10k-images-idx3-ubyte.gz',
  'mnist/t10k-labels-idx1-ubyte.gz': 't10k-labels-idx1-ubyte.gz',
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
 * Reads one gzipped MNIST test file as @mnistkit/mnist ships it (7.8 MB of images are 1.6 MB; the page gunzips
 * with fflate and @mnistkit/data checks the gzip trailer).
 * @param {string} name a file name in {@link mnistDataDir}
 * @returns {Promise<Uint8Array>}
 */
export async function gzippedMnistFile(name) {
  const path = join(mnistDataDir(), name);
  try {
    return await readFile(path);
  } catch (error) {
    throw new Error(
      `MNIST test file ${path} cannot be read (${/** @type {Error} */ (error).message}); run pnpm install`,
      {
        cause: error,
      },
    );
  }
}
