import { selectNodeBackend } from '@mnistkit/backend/node';
import { DataLoader, Subset } from '@mnistkit/data';
import { loadMnist } from '@mnistkit/data/node';
import { simpleCNN } from '@mnistkit/models';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluate } from './evaluate.js';
import { train } from './train.js';

// The real thing, kept small: SimpleCNN, PyTorch init, Adam 1e-3, on wasm with mnistkit's training kernels.
// Batch 16 gives 188 steps from 3,000 images (batch 64 gives 47 steps and about 85 %). All seeds are fixed, so the
// figure is the same on every run of the same backend.
beforeAll(async () => {
  const report = await selectNodeBackend({ backend: 'wasm' });
  expect(report.name).toBe('wasm');
});

describe('SimpleCNN on MNIST (wasm)', () => {
  it('reaches ≥ 90 % on 1,000 test images after one epoch on 3,000 training images, with a flat tensor count', async () => {
    const { train: trainSet, test: testSet } = await loadMnist();
    const range = (n: number) => Array.from({ length: n }, (_, i) => i);
    const trainLoader = new DataLoader(new Subset(trainSet, range(3000)), { batchSize: 16, shuffle: true, seed: 1 });
    const testLoader = new DataLoader(new Subset(testSet, range(1000)), { batchSize: 500 });
    const model = simpleCNN({ seed: 1 });
    const before = tf.memory().numTensors;
    const result = await train(model, trainLoader, { epochs: 1, seed: 1 });
    expect(tf.memory().numTensors).toBe(before);
    const entry = result.history[0];
    const test = await evaluate(model, testLoader);
    console.log(
      `wasm: 3,000 images x 1 epoch: train loss ${entry?.trainLoss.toFixed(4)}, train acc ${(100 * (entry?.trainAccuracy ?? 0)).toFixed(2)} %, ` +
        `${entry?.seconds.toFixed(1)} s; test acc on 1,000: ${(100 * test.accuracy).toFixed(2)} %`,
    );
    expect(entry?.trainLoss).toBeLessThan(2.3); // below chance level ln(10) ≈ 2.30
    expect(test.total).toBe(1000);
    expect(test.accuracy).toBeGreaterThanOrEqual(0.9);
    model.dispose();
  });
});
