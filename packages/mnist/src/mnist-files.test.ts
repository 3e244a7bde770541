import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { buildMnistData } from '../scripts/build-data.js';
import { extractMnist, MNIST_FILES, mnistDirectory } from './node.js';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const temps: string[] = [];

afterAll(async () => {
  for (const dir of temps) await rm(dir, { recursive: true, force: true });
});

describe('the shipped MNIST files', () => {
  it('are in mnistDirectory() and match their sums and sizes', async () => {
    const names = await readdir(mnistDirectory());
    for (const { file, sha256: sum, bytes } of Object.values(MNIST_FILES)) {
      expect(names).toContain(file);
      const idx = gunzipSync(await readFile(join(mnistDirectory(), file)));
      expect(idx.length, file).toBe(bytes);
      expect(sha256(idx), file).toBe(sum);
    }
  });

  it('hold 60,000 training and 10,000 test images of 28x28 (IDX headers)', async () => {
    const header = async (file: string) => {
      const idx = gunzipSync(await readFile(join(mnistDirectory(), file)));
      const view = new DataView(idx.buffer, idx.byteOffset, 16);
      return [
        view.getUint32(0),
        view.getUint32(4),
        ...(idx.length > 16 ? [view.getUint32(8), view.getUint32(12)] : []),
      ];
    };
    expect(await header(MNIST_FILES.trainImages.file)).toEqual([2051, 60_000, 28, 28]);
    expect((await header(MNIST_FILES.testLabels.file)).slice(0, 2)).toEqual([2049, 10_000]);
  });
});

describe('buildMnistData (the prepare script)', () => {
  it('writes what is missing, replaces a damaged file and keeps current ones', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mnistkit-mnist-'));
    temps.push(dir);
    // Start from the shipped files (gzipping 55 MB anew takes seconds), then damage one and remove another.
    for (const { file } of Object.values(MNIST_FILES)) {
      await writeFile(join(dir, file), await readFile(join(mnistDirectory(), file)));
    }
    await writeFile(join(dir, MNIST_FILES.testLabels.file), 'not gzip');
    await rm(join(dir, MNIST_FILES.trainLabels.file));
    const report = await buildMnistData(dir);
    expect(report.written.sort()).toEqual([MNIST_FILES.testLabels.file, MNIST_FILES.trainLabels.file].sort());
    expect(report.kept.sort()).toEqual([MNIST_FILES.testImages.file, MNIST_FILES.trainImages.file].sort());
    const labels = gunzipSync(await readFile(join(dir, MNIST_FILES.testLabels.file)));
    expect(sha256(labels)).toBe(MNIST_FILES.testLabels.sha256);
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses a source file whose sum differs from the committed one', async () => {
    const source = await mkdtemp(join(tmpdir(), 'mnistkit-mnist-src-'));
    const out = await mkdtemp(join(tmpdir(), 'mnistkit-mnist-out-'));
    temps.push(source, out);
    for (const { file } of Object.values(MNIST_FILES)) await writeFile(join(source, file.replace(/\.gz$/, '')), 'x');
    await expect(buildMnistData(out, source)).rejects.toThrow(
      /train-images-idx3-ubyte: size or SHA-256 differs from src\/mnist-files\.ts \(expected [0-9a-f]{64}\)/,
    );
  });
});

describe('extractMnist', () => {
  it('writes the four files uncompressed, checked, and keeps correct ones on a second call', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mnistkit-mnist-plain-'));
    temps.push(dir);
    expect(await extractMnist(dir)).toBe(dir);
    const names = (await readdir(dir)).sort();
    expect(names).toEqual([
      't10k-images-idx3-ubyte',
      't10k-labels-idx1-ubyte',
      'train-images-idx3-ubyte',
      'train-labels-idx1-ubyte',
    ]);
    for (const { file, sha256: sum } of Object.values(MNIST_FILES)) {
      expect(sha256(await readFile(join(dir, file.replace(/\.gz$/, ''))))).toBe(sum);
    }
    // A damaged copy is replaced; the others are left as they are.
    await writeFile(join(dir, 't10k-labels-idx1-ubyte'), 'damaged');
    const before = (await stat(join(dir, 'train-images-idx3-ubyte'))).mtimeMs;
    await extractMnist(dir);
    expect(sha256(await readFile(join(dir, 't10k-labels-idx1-ubyte')))).toBe(MNIST_FILES.testLabels.sha256);
    expect((await stat(join(dir, 'train-images-idx3-ubyte'))).mtimeMs).toBe(before);
  });
});
