import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DataLoader, disposeBatch } from './data-loader.js';
import { type Dataset, IdxDataset } from './dataset.js';
import { DatasetError } from './errors.js';
import { syntheticIdx } from './test-utils/synthetic.js';
import { compose, normalize, toTensor } from './transforms.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const { images, labels } = syntheticIdx(103);
const ds = IdxDataset.fromBytes(images, labels);

function visited(loader: DataLoader, epoch: number): number[] {
  const seen: number[] = [];
  for (const b of loader.rawBatches(epoch)) {
    // Pixel 0 of image i is (i * 7) % 256 before the transform; recover i via label + first pixel.
    for (let k = 0; k < b.size; k++) seen.push(b.labels[k] as number);
  }
  return seen;
}

describe('DataLoader', () => {
  it('counts batches with and without dropLast', () => {
    expect(new DataLoader(ds, { batchSize: 10 }).length).toBe(11);
    expect(new DataLoader(ds, { batchSize: 10, dropLast: true }).length).toBe(10);
    expect(new DataLoader(ds, { batchSize: 10 }).numSamples).toBe(103);
    expect(() => new DataLoader(ds, { batchSize: 0 })).toThrow(/positive integer, found 0/);
  });

  it('keeps data set order without shuffle, last batch smaller', () => {
    const loader = new DataLoader(ds, { batchSize: 10 });
    const sizes = [...loader.rawBatches()].map((b) => b.size);
    expect(sizes).toEqual([10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 3]);
    expect(Array.from(loader.order(5))).toEqual(Array.from({ length: 103 }, (_, i) => i));
    expect(visited(loader, 0).slice(0, 12)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
  });

  it('shuffles each epoch as a pure function of (seed, epoch), covering every sample once', () => {
    const a = new DataLoader(ds, { batchSize: 16, shuffle: true, seed: 42 });
    const b = new DataLoader(ds, { batchSize: 16, shuffle: true, seed: 42 });
    const e0 = Array.from(a.order(0));
    const e1 = Array.from(a.order(1));
    expect([...e0].sort((x, y) => x - y)).toEqual(Array.from({ length: 103 }, (_, i) => i));
    expect([...e1].sort((x, y) => x - y)).toEqual(Array.from({ length: 103 }, (_, i) => i));
    expect(e1).not.toEqual(e0);
    // Order of epoch 1 does not depend on having iterated epoch 0 first.
    expect(Array.from(b.order(1))).toEqual(e1);
    expect(Array.from(b.order(0))).toEqual(e0);
    expect(Array.from(new DataLoader(ds, { shuffle: true, seed: 43 }).order(0))).not.toEqual(e0);
    // The batches follow that order.
    const expectedLabels = e1.map((i) => i % 10);
    expect(visited(a, 1)).toEqual(expectedLabels);
  });

  it('dropLast skips only the incomplete tail', () => {
    const loader = new DataLoader(ds, { batchSize: 25, shuffle: true, seed: 1, dropLast: true });
    const batches = [...loader.rawBatches(0)];
    expect(batches.map((b) => b.size)).toEqual([25, 25, 25, 25]);
  });

  it('applies the transform: default maps 0 -> -1 and 255 -> 1', () => {
    const pix = new Uint8Array(2 * 784);
    pix[0] = 255;
    pix[1] = 51;
    const custom: Dataset = {
      length: 2,
      get: (i) => ({ image: pix.subarray(i * 784, (i + 1) * 784), label: i }),
    };
    const [raw] = [...new DataLoader(custom, { batchSize: 2 }).rawBatches()];
    expect(raw?.images[0]).toBeCloseTo(1, 6);
    expect(raw?.images[1]).toBeCloseTo(51 / 255 / 0.5 - 1, 6);
    expect(raw?.images[2]).toBeCloseTo(-1, 6);
    const [raw01] = [...new DataLoader(custom, { batchSize: 2, transform: toTensor() }).rawBatches()];
    expect(raw01?.images[0]).toBeCloseTo(1, 6);
    expect(raw01?.images[2]).toBe(0);
    const mnistNorm = compose(toTensor(), normalize(0.1307, 0.3081));
    const [rawN] = [...new DataLoader(custom, { batchSize: 2, transform: mnistNorm }).rawBatches()];
    expect(rawN?.images[2]).toBeCloseTo(-0.1307 / 0.3081, 5);
  });

  it('rejects a sample whose image has the wrong size', () => {
    const bad: Dataset = { length: 1, get: () => ({ image: new Uint8Array(100), label: 0 }) };
    const loader = new DataLoader(bad);
    expect(() => [...loader.rawBatches()]).toThrow(DatasetError);
    expect(() => [...loader.rawBatches()]).toThrow(/expected 28x28 = 784 pixels, found 100/);
  });

  it('rejects a sample whose label is not a class index', () => {
    const bad: Dataset = { length: 1, get: () => ({ image: new Uint8Array(784), label: 1.5 }) };
    expect(() => [...new DataLoader(bad).rawBatches()]).toThrow(/bad label at sample 0: .* found 1\.5/);
  });

  it('yields [B,28,28,1] float32 / [B] int32 tensors matching the raw batches', async () => {
    const loader = new DataLoader(ds, { batchSize: 32, shuffle: true, seed: 7 });
    const raws = [...loader.rawBatches(3)];
    let i = 0;
    for await (const batch of loader.batches(3)) {
      const raw = raws[i++];
      expect(batch.images.shape).toEqual([batch.size, 28, 28, 1]);
      expect(batch.images.dtype).toBe('float32');
      expect(batch.labels.shape).toEqual([batch.size]);
      expect(batch.labels.dtype).toBe('int32');
      expect(batch.size).toBe(raw?.size);
      expect(Array.from(batch.labels.dataSync())).toEqual(Array.from(raw?.labels ?? []));
      expect(batch.images.dataSync()).toEqual(raw?.images);
      disposeBatch(batch);
    }
    expect(i).toBe(4);
  });

  it('leaks no tensor over an epoch when the caller disposes each batch, nor when breaking early', async () => {
    const loader = new DataLoader(ds, { batchSize: 8, shuffle: true, seed: 3 });
    const before = tf.memory().numTensors;
    let count = 0;
    for await (const batch of loader) {
      count += batch.size;
      disposeBatch(batch);
    }
    expect(count).toBe(103);
    expect(tf.memory().numTensors).toBe(before);
    for await (const batch of loader.batches(1)) {
      disposeBatch(batch);
      break;
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
