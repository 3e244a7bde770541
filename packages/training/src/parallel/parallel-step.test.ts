import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MemoryCheckpointStore } from '../checkpoint.js';
import { dropoutLayers, seedDropout, trainStep } from '../step.js';
import { SyntheticLoader, tinyModel } from '../test-utils/tiny.js';
import { train } from '../train.js';
import { createDataParallelStep, type DataParallelStep } from './data-parallel.js';
import { parameterLayout } from './layout.js';
import { DataParallelError } from './pool.js';
import { applySum, computeShard, getDropoutSeeds, setDropoutSeeds } from './replica.js';
import { shardSeed, shardSizes, sumRange, sumShards } from './step-protocol.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const backends = new URL('../test-utils/backends.ts', import.meta.url).href;
const cpuSetup = { module: backends, export: 'cpu' };

const open: DataParallelStep[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.dispose()));
});
function parallel(model: tfl.LayersModel, threads: number, backendSetup = cpuSetup, shards?: number): DataParallelStep {
  const step = createDataParallelStep({ model, threads, backendSetup, ...(shards ? { shards } : {}) });
  open.push(step);
  return step;
}

const weightsOf = (m: tfl.LayersModel) => m.getWeights().map((w) => w.dataSync().slice() as Float32Array);

/** The first `count` batches of a synthetic loader as [images, labels] pairs (caller disposes). */
async function batches(loader: SyntheticLoader, count: number): Promise<[tf.Tensor, tf.Tensor][]> {
  const out: [tf.Tensor, tf.Tensor][] = [];
  for await (const b of loader.batches(0)) {
    if (out.length === count) {
      tf.dispose([b.images, b.labels]);
      continue;
    }
    out.push([b.images, b.labels]);
  }
  return out;
}

/** The same shards a parallel step uses, run one after another on this thread, then one optimizer step. */
function sequentialShardsStep(
  model: tfl.LayersModel,
  optimizer: tf.Optimizer,
  images: tf.Tensor,
  labels: tf.Tensor,
  shards: number,
): void {
  const batch = images.shape[0] as number;
  const layout = parameterLayout(model);
  const seeds = getDropoutSeeds(model);
  const slots: Float32Array[] = [];
  let start = 0;
  shardSizes(batch, shards).forEach((size, s) => {
    setDropoutSeeds(
      model,
      seeds.map((seed) => shardSeed(seed, s)),
    );
    const x = tf.slice(images, start, size);
    const y = tf.slice(labels, start, size);
    const slot = new Float32Array(layout.total);
    computeShard(model, x, y, size / batch, slot, new Float64Array(2), layout);
    tf.dispose([x, y]);
    slots.push(slot);
    start += size;
  });
  setDropoutSeeds(model, seeds);
  // Summed in two parts, the way two replicas split the work.
  const sum = new Float32Array(layout.total);
  for (let part = 0; part < 2; part++) {
    const [begin, end] = sumRange(layout.total, part, 2);
    sumShards((_p: number, r: number) => slots[r] as Float32Array, 0, shards, sum, begin, end);
  }
  applySum(optimizer, sum, layout);
}

describe('shards', () => {
  it('split a batch into near-equal contiguous shards, the extra samples going first', () => {
    expect(shardSizes(64, 2)).toEqual([32, 32]);
    expect(shardSizes(7, 3)).toEqual([3, 2, 2]);
    expect(shardSizes(1, 2)).toEqual([1, 0]);
  });
  it('keep the loop seed on shard 0 and draw other shards from (seed, shard)', () => {
    expect(shardSeed(123, 0)).toBe(123);
    expect(shardSeed(123, 1)).not.toBe(123);
    expect(shardSeed(123, 1)).toBe(shardSeed(123, 1));
    expect(shardSeed(undefined, 1)).toBeUndefined();
  });
});

describe('createDataParallelStep', () => {
  it('with one replica equals the single-thread trainStep exactly', async () => {
    const a = tinyModel(1);
    const b = tinyModel(1);
    const optA = tf.train.adam(0.01);
    const optB = tf.train.adam(0.01);
    const step = parallel(b, 1);
    for (const [k, [x, y]] of (await batches(new SyntheticLoader(60, 20, 1), 3)).entries()) {
      seedDropout(a, 7, 1, k);
      seedDropout(b, 7, 1, k);
      const ra = await trainStep(a, optA, x, y);
      const rb = await step(b, optB, x, y);
      expect(rb).toEqual(ra);
      tf.dispose([x, y]);
    }
    expect(weightsOf(b)).toEqual(weightsOf(a));
    tf.dispose([a, b].flatMap((m) => m.weights.map((w) => w.read())));
    optA.dispose();
    optB.dispose();
  });

  it('keeps two replicas bit-identical, equal to the same shards run in one thread (Adam, dropout on), with a flat tensor count', async () => {
    const model = tinyModel(2);
    const reference = tinyModel(2);
    const opt = tf.train.adam(0.01);
    const refOpt = tf.train.adam(0.01);
    const step = parallel(model, 2);
    await step.ready();
    let before = 0;
    // 20 and an odd last batch of 7 (shards 4 + 3).
    const data = [
      ...(await batches(new SyntheticLoader(60, 20, 2), 3)),
      ...(await batches(new SyntheticLoader(7, 7, 3), 1)),
    ];
    for (const [k, [x, y]] of data.entries()) {
      seedDropout(model, 5, 1, k);
      seedDropout(reference, 5, 1, k);
      const r = await step(model, opt, x, y);
      expect(Number.isFinite(r.loss)).toBe(true);
      expect(r.correct).toBeGreaterThanOrEqual(0);
      sequentialShardsStep(reference, refOpt, x, y, 2);
      tf.dispose([x, y]);
      if (k === 0) before = tf.memory().numTensors;
    }
    // After step 1 (Adam's moments exist), each later step only frees its own batch: nothing accumulates.
    expect(tf.memory().numTensors).toBe(before - 2 * (data.length - 1));
    const [main, worker] = await step.replicaWeights();
    expect(worker).toEqual(main);
    const ref = weightsOf(reference);
    main?.forEach((w, i) => {
      const r = ref[i] as Float32Array;
      for (let j = 0; j < w.length; j++) expect(Math.abs((w[j] as number) - (r[j] as number))).toBeLessThan(1e-6);
    });
    opt.dispose();
    refOpt.dispose();
  });

  it('computes the full-batch gradient of single-thread training when dropout is off (SGD, lr 1: Δw = −g)', async () => {
    const noDropout = (m: tfl.LayersModel) => {
      for (const l of dropoutLayers(m)) (l as unknown as { rate: number }).rate = 0;
      return m;
    };
    const single = noDropout(tinyModel(3));
    const model = noDropout(tinyModel(3));
    const initial = weightsOf(model);
    const step = parallel(model, 2);
    const [[x, y]] = (await batches(new SyntheticLoader(20, 20, 4), 1)) as [[tf.Tensor, tf.Tensor]];
    const sgdA = tf.train.sgd(1);
    const sgdB = tf.train.sgd(1);
    const ra = await trainStep(single, sgdA, x, y);
    const rb = await step(model, sgdB, x, y);
    tf.dispose([x, y]);
    expect(rb.correct).toBe(ra.correct);
    expect(rb.loss).toBeCloseTo(ra.loss, 5);
    const a = weightsOf(single);
    const b = weightsOf(model);
    let moved = 0;
    initial.forEach((w0, i) => {
      for (let j = 0; j < w0.length; j++) {
        const ga = (w0[j] as number) - ((a[i] as Float32Array)[j] as number);
        const gb = (w0[j] as number) - ((b[i] as Float32Array)[j] as number);
        expect(Math.abs(ga - gb)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(ga)));
        if (ga !== 0) moved++;
      }
    });
    expect(moved).toBeGreaterThan(100);
    const [main, worker] = await step.replicaWeights();
    expect(worker).toEqual(main);
  });

  it('trains with train(): the loss falls, accuracy is far above chance, the tensor count stays flat', async () => {
    const model = tinyModel(4);
    const step = parallel(model, 2);
    await step.ready();
    const before = tf.memory().numTensors;
    const result = await train(model, new SyntheticLoader(200, 20, 5), {
      epochs: 4,
      learningRate: 0.01,
      seed: 3,
      step,
    });
    expect(tf.memory().numTensors).toBe(before);
    const h = result.history;
    expect(h).toHaveLength(4);
    expect(h[3]?.trainLoss).toBeLessThan((h[0]?.trainLoss as number) * 0.7);
    expect(h[3]?.trainAccuracy).toBeGreaterThan(0.5);
    const [main, worker] = await step.replicaWeights();
    expect(worker).toEqual(main);
  });

  it('is reproducible: the same seed and thread count give the same weights', async () => {
    const run = async () => {
      const model = tinyModel(5);
      const step = parallel(model, 2);
      await train(model, new SyntheticLoader(60, 20, 6), { epochs: 1, learningRate: 0.01, seed: 9, step });
      await step.dispose();
      return weightsOf(model);
    };
    expect(await run()).toEqual(await run());
  });

  it('gives the same weights with one or two threads for the same shard count', async () => {
    const run = async (threads: number) => {
      const model = tinyModel(10);
      const step = parallel(model, threads, cpuSetup, 4);
      await train(model, new SyntheticLoader(60, 20, 12), { epochs: 1, learningRate: 0.01, seed: 4, step });
      if (threads > 1) {
        const [main, worker] = await step.replicaWeights();
        expect(worker).toEqual(main);
      }
      await step.dispose();
      return weightsOf(model);
    };
    expect(await run(2)).toEqual(await run(1));
  });

  it('resumes after an interrupt to the same weights as an uninterrupted run with the same thread count', async () => {
    const loader = new SyntheticLoader(100, 20, 6);
    const full = tinyModel(3);
    const fullStep = parallel(full, 2);
    const reference = await train(full, loader, { epochs: 2, seed: 5, step: fullStep });

    const store = new MemoryCheckpointStore(3);
    const controller = new AbortController();
    const model = tinyModel(3);
    const step = parallel(model, 2);
    const stopped = await train(model, loader, {
      epochs: 2,
      seed: 5,
      step,
      checkpoints: store,
      signal: controller.signal,
      onBatchEnd: (e) => {
        if (e.epoch === 1 && e.batch === 3) controller.abort();
      },
    });
    expect(stopped.status).toBe('interrupted');
    // Train on other data with the same step, moving both replicas away from the checkpoint: resuming must restore
    // the main thread's model and optimizer, and the step must notice and re-sync its worker.
    await train(model, new SyntheticLoader(40, 20, 11), { epochs: 1, seed: 8, step });
    const result = await train(model, loader, { epochs: 2, seed: 5, step, checkpoints: store, resume: true });
    const strip = (h: typeof reference.history) => h.map(({ seconds: _s, ...rest }) => rest);
    expect(strip(result.history)).toEqual(strip(reference.history));
    expect(weightsOf(model)).toEqual(weightsOf(full));
    const [main, worker] = await step.replicaWeights();
    expect(worker).toEqual(main);
  });

  it('surfaces a worker failure as a DataParallelError on the main thread, then refuses further steps', async () => {
    const model = tinyModel(6);
    const failing = { module: backends, export: 'cpuFailingAfter', options: { calls: 1 } };
    // Replicas claim shards as they go; with 8 shards the worker soon computes a second one and its MaxPool throws.
    const step = parallel(model, 2, failing, 8);
    const opt = tf.train.adam(0.01);
    const data = await batches(new SyntheticLoader(200, 20, 7), 10);
    let failure: unknown;
    for (const [x, y] of data) {
      failure = await step(model, opt, x, y).then(
        () => undefined,
        (e: unknown) => e,
      );
      if (failure) break;
    }
    expect(failure).toBeInstanceOf(DataParallelError);
    expect((failure as Error).message).toMatch(/worker 1 failed: injected failure in MaxPool call 2/);
    const [x, y] = data.at(-1) as [tf.Tensor, tf.Tensor];
    await expect(step(model, opt, x, y)).rejects.toThrow(/injected failure/);
    tf.dispose(data.flat());
    opt.dispose();
  });

  it('rejects a backend setup that is not a function, naming it', async () => {
    const step = parallel(tinyModel(7), 2, { module: backends, export: 'nope' });
    await expect(step.ready()).rejects.toThrow(/backendSetup: expected .*backends\.ts#nope to be a function/);
  });

  it('rejects bad options and a step used with another model or after dispose()', async () => {
    const model = tinyModel(8);
    expect(() => createDataParallelStep({ model, threads: 0, backendSetup: cpuSetup })).toThrow(
      /threads: expected an integer ≥ 1, found 0/,
    );
    // The deprecated name of the same count.
    expect(() => createDataParallelStep({ model, workers: 1.5, backendSetup: cpuSetup })).toThrow(
      /workers: expected an integer ≥ 1, found 1.5/,
    );
    expect(() => createDataParallelStep({ model, threads: 2, workers: 3, backendSetup: cpuSetup })).toThrow(
      /workers \(deprecated\) and threads name the same count: found workers 3, threads 2/,
    );
    const alias = createDataParallelStep({ model, workers: 1, backendSetup: cpuSetup });
    expect([alias.threads, alias.replicas, alias.shards]).toEqual([1, 1, 1]);
    await alias.dispose();
    const step = parallel(model, 2);
    const [[x, y]] = (await batches(new SyntheticLoader(20, 20, 8), 1)) as [[tf.Tensor, tf.Tensor]];
    const opt = tf.train.adam();
    await expect(step(tinyModel(9), opt, x, y)).rejects.toThrow(/created for model .*, called with model/);
    await step.dispose();
    await expect(step(model, opt, x, y)).rejects.toThrow(/used after dispose\(\)/);
    tf.dispose([x, y]);
    opt.dispose();
  });
});
