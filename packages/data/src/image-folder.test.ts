import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataLoader, disposeBatch } from './data-loader.js';
import { DatasetError } from './errors.js';
import { loadImageFolder } from './image-folder.js';
import { loadDataset } from './load-dataset.js';

let tmp: string;

/** Writes a PNG whose pixel (x, y) is `shade(x, y)` (0..255) as gray, RGB or RGBA. */
async function writePng(
  file: string,
  w: number,
  h: number,
  shade: (x: number, y: number) => number,
  colorType: 0 | 2 | 6 = 0,
  alpha: (x: number, y: number) => number = () => 255,
): Promise<void> {
  const png = new PNG({ width: w, height: h });
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const o = 4 * (y * w + x);
      const v = shade(x, y);
      png.data[o] = v;
      png.data[o + 1] = v;
      png.data[o + 2] = v;
      png.data[o + 3] = alpha(x, y);
    }
  }
  await writeFile(file, PNG.sync.write(png, { colorType }));
}

/** A 28x28 "digit": a bright vertical bar (cols 12..15) on black; `dark` draws it dark on white instead. */
const bar = (dark: boolean) => (x: number) => ((x >= 12 && x < 16) !== dark ? 255 : 0);

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'mnistkit-data-folder-'));
  const root = join(tmp, 'digits');
  await mkdir(join(root, 'one'), { recursive: true });
  await mkdir(join(root, 'zero'), { recursive: true });
  await writePng(join(root, 'one', 'a.png'), 28, 28, bar(false), 0);
  await writePng(join(root, 'one', 'b.png'), 56, 56, (x) => bar(false)(Math.floor(x / 2)), 2);
  await writePng(join(root, 'one', 'c.png'), 28, 28, bar(false), 6);
  await writePng(join(root, 'zero', 'z.png'), 28, 28, () => 0, 0);
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('loadImageFolder', () => {
  it('maps sorted sub-folders to classes and converts gray, RGB and RGBA PNGs of any size to 28x28', async () => {
    const ds = await loadImageFolder(join(tmp, 'digits'));
    expect(ds.classes).toEqual(['one', 'zero']);
    expect(ds.length).toBe(4);
    expect(Array.from(ds.targets)).toEqual([0, 0, 0, 1]);
    const expected = Array.from({ length: 784 }, (_, i) => bar(false)(i % 28));
    for (let i = 0; i < 3; i++) {
      const s = ds.get(i);
      expect(s.label).toBe(0);
      expect(Array.from(s.image)).toEqual(expected);
    }
    expect(ds.get(3).image.every((v) => v === 0)).toBe(true);
    expect(ds.get(0).image).toBe(ds.get(0).image);
  });

  it('feeds a DataLoader ([B,28,28,1] tensors)', async () => {
    await tf.setBackend('cpu');
    const ds = await loadImageFolder(join(tmp, 'digits'));
    const before = tf.memory().numTensors;
    const sizes: number[] = [];
    for await (const b of new DataLoader(ds, { batchSize: 3 })) {
      expect(b.images.shape).toEqual([b.size, 28, 28, 1]);
      sizes.push(b.size);
      disposeBatch(b);
    }
    expect(sizes).toEqual([3, 1]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('inverts dark-on-light drawings when asked, or automatically from the border', async () => {
    const dir = join(tmp, 'drawn');
    await mkdir(join(dir, 'one'), { recursive: true });
    await writePng(join(dir, 'one', 'x.png'), 28, 28, bar(true), 2);
    const light = Array.from({ length: 784 }, (_, i) => bar(false)(i % 28));
    expect(Array.from((await loadImageFolder(dir, { invert: true })).get(0).image)).toEqual(light);
    expect(Array.from((await loadImageFolder(dir, { invert: 'auto' })).get(0).image)).toEqual(light);
    expect(Array.from((await loadImageFolder(dir)).get(0).image)).toEqual(light.map((v) => 255 - v));
  });

  it('reports a missing folder, an empty folder, an empty class folder and a non-PNG file', async () => {
    const missing = join(tmp, 'missing');
    await expect(loadImageFolder(missing)).rejects.toMatchObject({
      name: 'DatasetError',
      file: missing,
      message: expect.stringMatching(/expected a readable directory, found ENOENT/),
    });
    const empty = join(tmp, 'empty');
    await mkdir(empty);
    await expect(loadImageFolder(empty)).rejects.toMatchObject({
      file: empty,
      message: expect.stringMatching(/empty image folder: expected one sub-folder per class .* found nothing/),
    });
    const flat = join(tmp, 'flat');
    await mkdir(flat);
    await writePng(join(flat, 'a.png'), 2, 2, () => 0);
    await expect(loadImageFolder(flat)).rejects.toThrow(/found no sub-folders, only \[a\.png\]/);
    const hollow = join(tmp, 'hollow');
    await mkdir(join(hollow, 'cat'), { recursive: true });
    await expect(loadImageFolder(hollow)).rejects.toMatchObject({
      file: join(hollow, 'cat'),
      message: expect.stringMatching(/empty class folder: expected at least one \.png image for class 'cat'/),
    });
    const mixed = join(tmp, 'mixed');
    await mkdir(join(mixed, 'a'), { recursive: true });
    await writeFile(join(mixed, 'a', 'photo.jpg'), 'x');
    await expect(loadImageFolder(mixed)).rejects.toMatchObject({
      file: join(mixed, 'a', 'photo.jpg'),
      message: expect.stringMatching(/expected PNG images .* found 1 other file\(s\): \[photo\.jpg\]/),
    });
  });

  it('names a corrupt PNG when it is decoded', async () => {
    const dir = join(tmp, 'corrupt');
    await mkdir(join(dir, 'a'), { recursive: true });
    const file = join(dir, 'a', 'bad.png');
    await writeFile(file, 'not a png');
    const ds = await loadImageFolder(dir);
    expect(() => ds.get(0)).toThrow(DatasetError);
    expect(() => ds.get(0)).toThrow(/bad\.png: cannot decode image: expected a valid PNG file/);
  });
});

describe('loadDataset', () => {
  it('loads an image folder, with train/test sub-folders sharing class labels', async () => {
    const plain = await loadDataset(`folder:${join(tmp, 'digits')}`);
    expect(plain.classes).toEqual(['one', 'zero']);
    expect(plain.test).toBeUndefined();
    const split = join(tmp, 'split');
    await mkdir(join(split, 'train', 'a'), { recursive: true });
    await mkdir(join(split, 'train', 'b'), { recursive: true });
    await mkdir(join(split, 'test', 'b'), { recursive: true });
    await writePng(join(split, 'train', 'a', '1.png'), 4, 4, () => 9);
    await writePng(join(split, 'train', 'b', '1.png'), 4, 4, () => 9);
    await writePng(join(split, 'test', 'b', '1.png'), 4, 4, () => 9);
    const both = await loadDataset(split);
    expect(both.train.length).toBe(2);
    expect(both.test?.length).toBe(1);
    expect(both.test?.get(0).label).toBe(1);
  });

  it('loads MNIST by name and rejects unknown specs with the accepted forms', async () => {
    const mnist = await loadDataset('mnist');
    expect(mnist.train.length).toBe(60_000);
    expect(mnist.test?.length).toBe(10_000);
    await expect(loadDataset('cifar:x')).rejects.toThrow(/unknown dataset kind 'cifar': expected 'mnist'/);
    await expect(loadDataset(join(tmp, 'nowhere'))).rejects.toMatchObject({ name: 'DatasetError' });
  });
});
