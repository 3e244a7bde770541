import { selectNodeBackend } from '@mnistkit/backend/node';
import { DataLoader, Subset } from '@mnistkit/data';
import { loadMnist } from '@mnistkit/data/node';
import { simpleCNN } from '@mnistkit/models';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { train } from '../train.js';
import { createDataParallelStep } from './data-parallel.js';

// The real configuration: SimpleCNN, Adam, batch 64, wasm with mnistkit's kernels in every thread.
beforeAll(async () => {
  expect((await selectNodeBackend({ backend: 'wasm' })).name).toBe('wasm');
});

describe('data-parallel SimpleCNN on wasm', () => {
  it('keeps main and worker weights equal after training steps, and the loss falls', async () => {
    const { train: trainSet } = await loadMnist();
    const loader = new DataLoader(
      new Subset(
        trainSet,
        Array.from({ length: 640 }, (_, i) => i),
      ),
      {
        batchSize: 64,
        shuffle: true,
        seed: 2,
      },
    );
    const model = simpleCNN({ seed: 2 });
    const step = createDataParallelStep({
      model,
      workers: 2,
      backendSetup: { module: '@mnistkit/backend/node', export: 'selectNodeBackend', options: { backend: 'wasm' } },
    });
    try {
      const losses: number[] = [];
      const before = tf.memory().numTensors;
      await train(model, loader, { epochs: 1, seed: 2, step, onBatchEnd: (e) => void losses.push(e.loss) });
      expect(tf.memory().numTensors).toBe(before);
      const [main, worker] = await step.replicaWeights();
      expect(worker).toEqual(main);
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      expect(mean(losses.slice(-3))).toBeLessThan(mean(losses.slice(0, 3)));
    } finally {
      await step.dispose();
      model.dispose();
    }
  });
});
