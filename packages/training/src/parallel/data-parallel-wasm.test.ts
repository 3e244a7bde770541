import { nodeWorkerSetup, selectNodeBackend } from '@mnistkit/backend/node';
import { DataLoader, Subset } from '@mnistkit/data';
import { loadMnist } from '@mnistkit/data/node';
import { simpleCNN } from '@mnistkit/models';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluate } from '../evaluate.js';
import { train } from '../train.js';
import type { BackendSetup } from './backend-setup.js';
import { createDataParallelEvaluator, createDataParallelStep } from './data-parallel.js';

// @mnistkit/backend's side of the worker-setup contract, checked against this package's type and used for real.
const wasmSetup: BackendSetup = nodeWorkerSetup('wasm');

// The real configuration: SimpleCNN, Adam, batch 64, wasm with mnistkit's kernels in every thread.
beforeAll(async () => {
  expect((await selectNodeBackend({ backend: 'wasm' })).name).toBe('wasm');
});

describe('data-parallel SimpleCNN on wasm', () => {
  it('keeps main and worker weights equal after training steps, the loss falls, and it evaluates with them', async () => {
    const { train: trainSet, test: testSet } = await loadMnist();
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
      threads: 2,
      backendSetup: wasmSetup,
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
      // 200 test samples at batch 64: the last batch of 8 splits 4 + 4.
      const testLoader = new DataLoader(
        new Subset(
          testSet,
          Array.from({ length: 200 }, (_, i) => i),
        ),
        { batchSize: 64 },
      );
      // Each batch runs whole on one replica with the same kernels: evaluate()'s result exactly.
      expect(await step.evaluate(model, testLoader)).toEqual(await evaluate(model, testLoader));
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      await step.dispose();
      model.dispose();
    }
  }, 180_000); // ~20 s alone; worker threads on wasm take much longer on a loaded machine
});

describe('data-parallel SimpleCNN inference on wasm', () => {
  it('evaluates an MNIST subset like evaluate(): exactly; predict() splits a batch', async () => {
    const { test: testSet } = await loadMnist();
    const loader = new DataLoader(
      new Subset(
        testSet,
        Array.from({ length: 150 }, (_, i) => i),
      ),
      { batchSize: 64 },
    );
    const model = simpleCNN({ seed: 3 });
    const evaluator = createDataParallelEvaluator({ model, threads: 2, backendSetup: wasmSetup });
    try {
      const expected = await evaluate(model, loader);
      expect(expected.total).toBe(150);
      expect(await evaluator.evaluate(model, loader)).toEqual(expected);
      // predict() splits a batch over the replicas: the logits of the whole batch to float error.
      let x: tf.Tensor | undefined;
      for await (const b of loader.batches(0)) {
        b.labels.dispose();
        if (x) b.images.dispose();
        else x = b.images;
      }
      if (!x) throw new Error('no batch');
      const got = await evaluator.predict(x);
      const want = model.predict(x) as tf.Tensor;
      expect(got.shape).toEqual([64, 10]);
      const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(got, want))).dataSync()[0] as number);
      expect(diff).toBeLessThan(1e-4);
      tf.dispose([got, want, x]);
    } finally {
      await evaluator.dispose();
      model.dispose();
    }
  });
});
