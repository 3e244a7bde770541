import { DataLoader, Subset } from '@mnistkit/data';
import { loadMnist } from '@mnistkit/data/node';
import { simpleCNN } from '@mnistkit/models';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { evaluate } from '../evaluate.js';
import type { EvaluationResult } from '../evaluation-tally.js';
import type { BatchSource } from '../loader.js';
import { trainStep } from '../step.js';
import { SyntheticLoader, tinyModel } from '../test-utils/tiny.js';
import { train } from '../train.js';
import { createDataParallelEvaluator, createDataParallelStep, type DataParallelInference } from './data-parallel.js';
import { DataParallelError } from './pool.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const backends = new URL('../test-utils/backends.ts', import.meta.url).href;
const cpuSetup = { module: backends, export: 'cpu' };

const open: DataParallelInference[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((e) => e.dispose()));
});
function evaluator(model: tfl.LayersModel, threads: number, shards?: number, backendSetup = cpuSetup) {
  const e = createDataParallelEvaluator({ model, threads, backendSetup, ...(shards ? { shards } : {}) });
  open.push(e);
  return e;
}

/** Whole batches run on one replica each, through the same kernels: the result is evaluate()'s, exactly. */
function expectSameEvaluation(actual: EvaluationResult, expected: EvaluationResult): void {
  expect(actual).toEqual(expected);
}

describe('createDataParallelEvaluator', () => {
  it('with one replica equals evaluate() exactly', async () => {
    const model = tinyModel(1);
    const loader = new SyntheticLoader(67, 20, 1);
    const parallel = evaluator(model, 1);
    expect(await parallel.evaluate(model, loader)).toEqual(await evaluate(model, loader));
  });

  it('on two replicas gives the result of evaluate(), leaving no tensors', async () => {
    const model = tinyModel(2);
    // 127 samples in batches of 20: a round of 4 batches, then 2 more and a last batch of 7.
    const loader = new SyntheticLoader(127, 20, 2);
    const expected = await evaluate(model, loader);
    const parallel = evaluator(model, 2);
    await parallel.ready();
    const before = tf.memory().numTensors;
    const progress: number[] = [];
    const result = await parallel.evaluate(model, loader, { onBatchEnd: (done) => void progress.push(done) });
    expect(tf.memory().numTensors).toBe(before);
    expectSameEvaluation(result, expected);
    expect(result.total).toBe(127);
    expect(progress).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('keeps the same most confident mistakes and per-sample predictions as evaluate(), and stops on abort', async () => {
    const model = tinyModel(12);
    const loader = new SyntheticLoader(127, 20, 12, false);
    const options = { mistakes: 9, keepSamples: true } as const;
    const expected = await evaluate(model, loader, options);
    expect(expected.mistakes).toHaveLength(9);
    const parallel = evaluator(model, 2);
    await parallel.ready();
    const before = tf.memory().numTensors;
    expectSameEvaluation(await parallel.evaluate(model, loader, options), expected);
    const controller = new AbortController();
    const aborted = parallel.evaluate(model, loader, {
      signal: controller.signal,
      onBatchEnd: (done) => {
        if (done === 2) controller.abort(new Error('cancelled by the test'));
      },
    });
    await expect(aborted).rejects.toThrow('cancelled by the test');
    expect(tf.memory().numTensors).toBe(before);
    expectSameEvaluation(await parallel.evaluate(model, loader, options), expected);
  });

  it('keeps evaluate() exact when a later batch outgrows the first, and stops cleanly on a loader error', async () => {
    const model = tinyModel(11);
    const data = new SyntheticLoader(80, 80, 11);
    // Batches of uneven sizes; the second and fourth are larger than the first (the ring's slot size).
    const sizes = [5, 20, 3, 30, 12, 10];
    const loader = (failAt = -1): BatchSource => ({
      length: sizes.length,
      async *batches() {
        let start = 0;
        for (const [k, size] of sizes.entries()) {
          if (k === failAt) throw new Error('loader failed on purpose');
          yield {
            images: tf.tensor(data.images.slice(start * 64, (start + size) * 64), [size, 8, 8, 1]),
            labels: tf.tensor1d(data.labels.slice(start, start + size), 'int32'),
            size,
          };
          start += size;
        }
      },
    });
    const expected = await evaluate(model, loader());
    const parallel = evaluator(model, 2);
    await parallel.ready();
    const before = tf.memory().numTensors;
    expectSameEvaluation(await parallel.evaluate(model, loader()), expected);
    await expect(parallel.evaluate(model, loader(4))).rejects.toThrow(/loader failed on purpose/);
    expect(tf.memory().numTensors).toBe(before);
    expectSameEvaluation(await parallel.evaluate(model, loader()), expected);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('sees weights changed on the main thread (plain trainStep) since its last call', async () => {
    const model = tinyModel(3);
    const loader = new SyntheticLoader(60, 20, 3);
    const parallel = evaluator(model, 2);
    const first = await parallel.evaluate(model, loader);
    expectSameEvaluation(first, await evaluate(model, loader));
    await train(model, new SyntheticLoader(200, 20, 4), { epochs: 2, learningRate: 0.01, seed: 1, step: trainStep });
    const expected = await evaluate(model, loader);
    expect(expected.loss).toBeLessThan(first.loss * 0.8);
    expectSameEvaluation(await parallel.evaluate(model, loader), expected);
  });

  it('predicts the logits of model.predict, split into shards, one call at a time even when called concurrently', async () => {
    const model = tinyModel(4);
    // 13 rows in 3 shards: 5 + 4 + 4; 30 rows: 10 each.
    const parallel = evaluator(model, 2, 3);
    const a = tf.randomNormal([13, 8, 8, 1], 0, 1, 'float32', 1);
    const b = tf.randomNormal([30, 8, 8, 1], 0, 1, 'float32', 2);
    const [pa, pb] = await Promise.all([parallel.predict(a), parallel.predict(b)]);
    for (const [x, p] of [
      [a, pa],
      [b, pb],
    ] as const) {
      const expected = model.predict(x) as tf.Tensor;
      expect(p.shape).toEqual([x.shape[0], 10]);
      const got = p.dataSync();
      const want = expected.dataSync();
      for (let i = 0; i < want.length; i++)
        expect(Math.abs((got[i] as number) - (want[i] as number))).toBeLessThan(1e-5);
      tf.dispose([expected, p, x]);
    }
  });

  it('rejects images of the wrong shape, naming both shapes, and keeps working', async () => {
    const model = tinyModel(5);
    const parallel = evaluator(model, 2);
    const wrong = tf.zeros([4, 9, 9, 1]);
    await expect(parallel.predict(wrong)).rejects.toThrow(
      /model .* takes inputs \[\[null,8,8,1\]\], found images \[4,9,9,1\]/,
    );
    const right = tf.zeros([4, 8, 8, 1]);
    const p = await parallel.predict(right);
    expect(p.shape).toEqual([4, 10]);
    tf.dispose([wrong, right, p]);
  });

  it('surfaces a worker failure as a DataParallelError, then refuses further calls', async () => {
    const model = tinyModel(6);
    const failing = { module: backends, export: 'cpuFailingAfter', options: { calls: 0 } };
    // One sample per shard: the worker claims some of them while the main thread computes its own, and fails.
    const parallel = evaluator(model, 2, 20, failing);
    const loader = new SyntheticLoader(200, 20, 6);
    const failure = await parallel.evaluate(model, loader).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(DataParallelError);
    expect((failure as Error).message).toMatch(/worker 1 failed: injected failure in MaxPool call 1/);
    await expect(parallel.evaluate(model, loader)).rejects.toThrow(/injected failure/);
  });

  it('refuses another model, and calls after dispose()', async () => {
    const model = tinyModel(7);
    const parallel = evaluator(model, 2);
    const loader = new SyntheticLoader(20, 20, 7);
    await expect(parallel.evaluate(tinyModel(8), loader)).rejects.toThrow(/created for model .*, called with model/);
    await parallel.dispose();
    await parallel.dispose();
    await expect(parallel.evaluate(model, loader)).rejects.toThrow(/used after dispose\(\)/);
  });
});

describe('DataParallelStep inference', () => {
  it('evaluates on the training replicas with the weights training left, inside train() too', async () => {
    const model = tinyModel(9);
    const step = createDataParallelStep({ model, threads: 2, backendSetup: cpuSetup });
    open.push(step);
    const testLoader = new SyntheticLoader(47, 20, 9);
    const seen: EvaluationResult[] = [];
    const expected: EvaluationResult[] = [];
    await train(model, new SyntheticLoader(100, 20, 10), {
      epochs: 2,
      learningRate: 0.01,
      seed: 2,
      step,
      testLoader,
      evaluate: step.evaluate,
      onEpochEnd: async (e) => {
        seen.push(e.test as EvaluationResult);
        expected.push(await evaluate(model, testLoader));
      },
    });
    expect(seen).toHaveLength(2);
    seen.forEach((r, i) => {
      expectSameEvaluation(r, expected[i] as EvaluationResult);
    });
    expect(seen[1]?.loss).not.toBe(seen[0]?.loss);
    // The step kept the worker's weights equal, so evaluation needed no copy; they still agree.
    const [main, worker] = await step.replicaWeights();
    expect(worker).toEqual(main);
  });
});

describe('data-parallel SimpleCNN inference on cpu', () => {
  it('evaluates an MNIST subset exactly like evaluate()', async () => {
    const { test: testSet } = await loadMnist();
    // 100 samples at batch 64: 32 + 32, then 18 + 18.
    const loader = new DataLoader(
      new Subset(
        testSet,
        Array.from({ length: 100 }, (_, i) => i),
      ),
      { batchSize: 64 },
    );
    const model = simpleCNN({ seed: 4 });
    const parallel = evaluator(model, 2);
    const expected = await evaluate(model, loader);
    const result = await parallel.evaluate(model, loader);
    expectSameEvaluation(result, expected);
    expect(result.total).toBe(100);
    model.dispose();
  });
});
