import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MNIST_FILES, mnistDirectory } from '@mnistkit/mnist/node';
import { gzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataLoader } from './data-loader.js';
import { DatasetError } from './errors.js';
import { encodeIdx } from './idx.js';
import { importMnistPackage, loadMnist, loadMnistPackage, mnistDataDir } from './load-mnist.js';
import { defaultTransform, transformTable } from './transforms.js';

let tmp: string;

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'mnistkit-data-mnist-'));
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** A copy of @mnistkit/mnist's files in a folder of its own, to damage. */
async function copyOfMnist(name: string): Promise<string> {
  const dir = join(tmp, name);
  await import('node:fs/promises').then((fs) => fs.mkdir(dir));
  for (const { file } of Object.values(MNIST_FILES)) await copyFile(join(mnistDirectory(), file), join(dir, file));
  return dir;
}

describe('loadMnist (offline, from @mnistkit/mnist)', () => {
  it('loads 60,000 / 10,000 28x28 images with the known first labels and mean', async () => {
    const { train, test } = await loadMnist();
    expect(train.length).toBe(60_000);
    expect(test.length).toBe(10_000);
    expect(train.imageShape).toEqual([28, 28]);
    expect(train.classes).toEqual([...'0123456789']);
    expect([0, 1, 2, 3, 4].map((i) => train.get(i).label)).toEqual([5, 0, 4, 1, 9]);
    expect(test.get(0).label).toBe(7);

    const table = transformTable(defaultTransform());
    const pixels = train.images.data;
    let sum = 0;
    for (let i = 0; i < pixels.length; i++) sum += table[pixels[i] as number] as number;
    expect((sum / pixels.length).toFixed(4)).toBe('-0.7387');
    expect(new DataLoader(train).length).toBe(938);
  });

  it('loads a directory of IDX files when given one (the same files, gzipped)', async () => {
    const { test } = await loadMnist(mnistDirectory());
    expect(test.length).toBe(10_000);
    expect(test.get(0).label).toBe(7);
    expect(mnistDataDir()).toBe(mnistDirectory().replace(/[\\/]$/, ''));
  });

  it('refuses a damaged file, naming it, with the expected and found SHA-256', async () => {
    const dir = await copyOfMnist('damaged');
    const labels = join(dir, MNIST_FILES.testLabels.file);
    // A well-formed IDX file of the right size whose labels differ: only the checksum can tell.
    const forged = new Uint8Array(10_000).fill(3);
    await writeFile(labels, gzipSync(encodeIdx([10_000], forged)));
    const error = await loadMnistPackage({ MNIST_FILES, mnistDirectory: () => dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatasetError);
    expect((error as DatasetError).file).toBe(labels);
    expect((error as DatasetError).message).toMatch(
      new RegExp(
        `checksum mismatch: expected SHA-256 ${MNIST_FILES.testLabels.sha256} \\(10008 bytes\\), found [0-9a-f]{64} \\(10008 bytes\\); the file is damaged: reinstall @mnistkit/mnist`,
      ),
    );
  });

  it('names a missing file and says how to get it back', async () => {
    const dir = await copyOfMnist('missing');
    await rm(join(dir, MNIST_FILES.trainImages.file));
    await expect(loadMnistPackage({ MNIST_FILES, mnistDirectory: () => dir })).rejects.toThrow(
      /train-images-idx3-ubyte\.gz: cannot read the MNIST file: expected a readable file, found ENOENT \(reinstall @mnistkit\/mnist/,
    );
  });

  it('never allocates more than the known size for a file whose trailer lies', async () => {
    const dir = await copyOfMnist('inflated');
    const labels = join(dir, MNIST_FILES.trainLabels.file);
    const gz = gzipSync(new Uint8Array(70_000));
    await writeFile(labels, gz);
    await expect(loadMnistPackage({ MNIST_FILES, mnistDirectory: () => dir })).rejects.toThrow(
      /gzip trailer declares 70000 inflated bytes, expected at most 60008/,
    );
  });

  it('names @mnistkit/mnist and how to install it when it is missing', async () => {
    const missing = Object.assign(new Error("Cannot find package '@mnistkit/mnist' imported from /app/x.js"), {
      code: 'ERR_MODULE_NOT_FOUND',
    });
    const error = await importMnistPackage(() => Promise.reject(missing)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatasetError);
    expect((error as DatasetError).message).toBe(
      '@mnistkit/mnist: not installed; loadMnist() reads MNIST from it (an optional peer dependency of ' +
        '@mnistkit/data): npm install @mnistkit/mnist, or pass a directory of MNIST IDX files: loadMnist(dir)',
    );
    // Any other failure (a broken install, a syntax error) is not disguised as "not installed".
    const other = Object.assign(new Error("Cannot find package 'fflate'"), { code: 'ERR_MODULE_NOT_FOUND' });
    await expect(importMnistPackage(() => Promise.reject(other))).rejects.toBe(other);
  });
});
