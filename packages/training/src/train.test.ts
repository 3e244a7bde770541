import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { MemoryCheckpointStore } from './checkpoint.js';
import { TrainingError } from './errors.js';
import { evaluate } from './evaluate.js';
import { SyntheticLoader, tinyModel } from './test-utils/tiny.js';
import { type BatchEndEvent, train } from './train.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const weightsOf = (m: ReturnType<typeof tinyModel>) => m.getWeights().map((w) => Array.from(w.dataSync()));

describe('train', () => {
  it('learns, reports batch and epoch events, and keeps the tensor count flat', async () => {
    const model = tinyModel(1);
    const loader = new SyntheticLoader(200, 20, 3);
    const test = new SyntheticLoader(100, 50, 4, false);
    const before = tf.memory().numTensors;
    const counts: number[] = [];
    const batchEvents: BatchEndEvent[] = [];
    const result = await train(model, loader, {
      epochs: 4,
      learningRate: 0.01,
      testLoader: test,
      onBatchEnd: (e) => {
        batchEvents.push(e);
      },
      onEpochEnd: (e) => {
        counts.push(tf.memory().numTensors);
        expect(e.test?.confusion.flat().reduce((a, b) => a + b, 0)).toBe(100);
      },
    });
    expect(result.status).toBe('completed');
    expect(result.history.map((h) => h.epoch)).toEqual([1, 2, 3, 4]);
    expect(batchEvents).toHaveLength(40);
    expect(batchEvents[9]).toMatchObject({ epoch: 1, epochs: 4, batch: 10, batches: 10, size: 20 });
    const first = result.history[0];
    const last = result.history[3];
    expect(last?.trainLoss).toBeLessThan(first?.trainLoss ?? 0);
    expect(last?.testAccuracy).toBeGreaterThan(0.9);
    // Adam's moments appear at the first step; from then on nothing accumulates.
    expect(new Set(counts).size).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('is reproducible: same seeds give the same losses (dropout seeded), another dropout seed differs', async () => {
    const run = async (seed: number) => {
      const model = tinyModel(2);
      const r = await train(model, new SyntheticLoader(60, 20, 5), { epochs: 2, seed });
      model.dispose();
      return r.history.map((h) => h.trainLoss);
    };
    const a = await run(11);
    expect(await run(11)).toEqual(a);
    expect(await run(12)).not.toEqual(a);
  });

  it('stops after the epoch in which it is interrupted at its last batch, with that epoch counted', async () => {
    const controller = new AbortController();
    const store = new MemoryCheckpointStore(3);
    const result = await train(tinyModel(4), new SyntheticLoader(60, 20, 6), {
      epochs: 3,
      checkpoints: store,
      signal: controller.signal,
      onEpochEnd: () => controller.abort(),
    });
    expect(result).toMatchObject({ status: 'interrupted', epochsCompleted: 1, stoppedAt: { epoch: 1, batch: 3 } });
    expect(result.history).toHaveLength(1);
    expect(result.lastCheckpoint).toEqual({ epoch: 1, step: 0 });
  });

  it('resumes after an interrupt mid-epoch and matches an uninterrupted run exactly', async () => {
    const loader = new SyntheticLoader(100, 20, 6);
    const test = new SyntheticLoader(40, 40, 7, false);
    const full = tinyModel(3);
    const reference = await train(full, loader, { epochs: 3, seed: 5, testLoader: test });

    const store = new MemoryCheckpointStore(3);
    const controller = new AbortController();
    const first = tinyModel(3);
    const stopped = await train(first, loader, {
      epochs: 3,
      seed: 5,
      testLoader: test,
      checkpoints: store,
      signal: controller.signal,
      onBatchEnd: (e) => {
        if (e.epoch === 2 && e.batch === 2) controller.abort();
      },
    });
    expect(stopped).toMatchObject({ status: 'interrupted', epochsCompleted: 1, stoppedAt: { epoch: 2, batch: 2 } });
    expect(stopped.lastCheckpoint).toEqual({ epoch: 1, step: 2 });
    first.dispose();

    // A fresh model with other initial weights: everything must come from the checkpoint.
    const resumed = tinyModel(99);
    const batches: number[] = [];
    const result = await train(resumed, loader, {
      epochs: 3,
      seed: 5,
      testLoader: test,
      checkpoints: store,
      resume: true,
      onBatchEnd: (e) => {
        batches.push(e.batch);
      },
    });
    expect(result.resumedFrom).toBe(1);
    expect(batches.slice(0, 3)).toEqual([3, 4, 5]);
    const strip = (h: typeof reference.history) => h.map(({ seconds: _s, ...rest }) => rest);
    expect(strip(result.history)).toEqual(strip(reference.history));
    expect(weightsOf(resumed)).toEqual(weightsOf(full));
    full.dispose();
    resumed.dispose();
  });

  it('stops on a NaN loss with a clear error, before applying the step, keeping the last checkpoint', async () => {
    const loader = new SyntheticLoader(60, 20, 8);
    loader.poison = { epoch: 1, batch: 1 };
    const store = new MemoryCheckpointStore();
    const model = tinyModel(4);
    const before = tf.memory().numTensors;
    let weightsBeforeBad: number[][] = [];
    const err = await train(model, loader, {
      epochs: 3,
      checkpoints: store,
      onBatchEnd: (e) => {
        if (e.epoch === 2 && e.batch === 1) weightsBeforeBad = weightsOf(model);
      },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TrainingError);
    expect((err as TrainingError).kind).toBe('non-finite-loss');
    expect((err as TrainingError).message).toBe(
      'loss became NaN at epoch 2, batch 2 of 3; training stopped before applying that step; the last good checkpoint (epoch 1) is kept in memory. Try a lower learning rate or check the input data.',
    );
    expect(weightsOf(model)).toEqual(weightsBeforeBad);
    expect((await store.latest())?.epoch).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('stops on an exploding loss from a huge learning rate', async () => {
    const model = tinyModel(5);
    const err = await train(model, new SyntheticLoader(200, 20, 9), { epochs: 5, learningRate: 1e30 }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(TrainingError);
    expect((err as TrainingError).message).toMatch(/^loss became (NaN|Infinity) at epoch \d, batch \d+ of 10/);
    model.dispose();
  });
});

describe('evaluate', () => {
  it('runs in inference mode (dropout off): repeated runs agree, nothing leaks, metrics add up', async () => {
    const model = tinyModel(6);
    const loader = new SyntheticLoader(50, 16, 1, false);
    const before = tf.memory().numTensors;
    const a = await evaluate(model, loader);
    const b = await evaluate(model, loader);
    expect(b).toEqual(a);
    expect(tf.memory().numTensors).toBe(before);
    expect(a.total).toBe(50);
    expect(a.confusion.flat().reduce((x, y) => x + y, 0)).toBe(50);
    expect(a.correct).toBe(a.confusion.reduce((n, row, i) => n + (row[i] ?? 0), 0));
    expect(a.accuracy).toBeCloseTo(a.correct / 50);
    expect(a.perClassAccuracy).toHaveLength(10);
    expect(a.loss).toBeGreaterThan(0);
    model.dispose();
  });
});
