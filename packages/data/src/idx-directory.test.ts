import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetError } from './errors.js';
import { encodeIdx } from './idx.js';
import { DEBIAN_FASHION_MNIST_DIR, loadFashionMnist, loadIdxDirectory, readIdxFile } from './idx-directory.js';
import { syntheticIdx } from './test-utils/synthetic.js';

let tmp: string;

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'mnistkit-data-idx-'));
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function writeSet(dir: string, gz: boolean, train = 20, test = 5): Promise<void> {
  const { mkdir } = await import('node:fs/promises');
  await mkdir(dir, { recursive: true });
  const a = syntheticIdx(train);
  const b = syntheticIdx(test);
  const enc = (x: Uint8Array) => (gz ? gzipSync(x) : x);
  const ext = gz ? '.gz' : '';
  await writeFile(join(dir, `train-images-idx3-ubyte${ext}`), enc(a.images));
  await writeFile(join(dir, `train-labels-idx1-ubyte${ext}`), enc(a.labels));
  await writeFile(join(dir, `t10k-images-idx3-ubyte${ext}`), enc(b.images));
  await writeFile(join(dir, `t10k-labels-idx1-ubyte${ext}`), enc(b.labels));
}

describe('loadIdxDirectory', () => {
  it('loads plain and gzipped directories alike', async () => {
    await writeSet(join(tmp, 'plain'), false);
    await writeSet(join(tmp, 'gz'), true);
    const plain = await loadIdxDirectory(join(tmp, 'plain'));
    const gz = await loadIdxDirectory(join(tmp, 'gz'));
    for (const set of [plain, gz]) {
      expect(set.train.length).toBe(20);
      expect(set.test.length).toBe(5);
      expect(set.train.get(13).label).toBe(3);
    }
    expect(gz.train.get(13).image).toEqual(plain.train.get(13).image);
  });

  it('names the missing file and lists what it found', async () => {
    const dir = join(tmp, 'partial');
    await writeSet(dir, false);
    await rm(join(dir, 't10k-labels-idx1-ubyte'));
    const e = await loadIdxDirectory(dir).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DatasetError);
    expect((e as DatasetError).file).toBe(dir);
    expect((e as DatasetError).message).toMatch(/missing t10k-labels-idx1-ubyte \(or \.gz\)/);
    expect((e as DatasetError).message).toMatch(/found \[t10k-images-idx3-ubyte, train-images/);
  });

  it('reports a missing directory and a missing file as DatasetErrors', async () => {
    const dir = join(tmp, 'nope');
    await expect(loadIdxDirectory(dir)).rejects.toMatchObject({ name: 'DatasetError', file: dir });
    await expect(loadIdxDirectory(dir)).rejects.toThrow(/expected a readable directory, found ENOENT/);
    const file = join(tmp, 'nope.idx');
    await expect(readIdxFile(file)).rejects.toMatchObject({ file, message: expect.stringMatching(/ENOENT/) });
    await expect(loadFashionMnist(dir)).rejects.toMatchObject({ file: dir });
  });

  it('names the bad file inside a directory (truncated gzip, mismatched counts)', async () => {
    const dir = join(tmp, 'bad');
    await writeSet(dir, true);
    const labels = join(dir, 'train-labels-idx1-ubyte.gz');
    await writeFile(labels, gzipSync(encodeIdx([19], new Uint8Array(19))));
    await expect(loadIdxDirectory(dir)).rejects.toMatchObject({
      file: labels,
      message: expect.stringMatching(/holds 20 images, but this file holds 19 labels/),
    });
    const images = join(dir, 't10k-images-idx3-ubyte.gz');
    const full = gzipSync(syntheticIdx(5).images);
    await writeFile(images, full.subarray(0, full.length >> 1));
    await expect(loadIdxDirectory(dir)).rejects.toMatchObject({ file: images });
  });
});

describe.skipIf(!existsSync(DEBIAN_FASHION_MNIST_DIR))(
  'loadFashionMnist (when dataset-fashion-mnist is installed)',
  () => {
    it('loads the gzipped Debian copy with class names', async () => {
      const { train, test } = await loadFashionMnist();
      expect(train.length).toBe(60_000);
      expect(test.length).toBe(10_000);
      expect(train.classes[9]).toBe('Ankle boot');
      expect(train.get(0).label).toBe(9);
    });
  },
);
