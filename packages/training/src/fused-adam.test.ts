// Registers mnistkit's kernels (MnistkitAdamUpdate for cpu and wasm) in this test file's worker only.
import { ADAM_UPDATE, registerMnistkitKernels, restoreStockKernels } from '@mnistkit/backend';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { afterEach, describe, expect, it } from 'vitest';
import { captureCheckpoint, restoreCheckpoint } from './checkpoint.js';
import { seedDropout } from './dropout.js';
import { FUSED_ADAM, FUSED_ADAM_KERNEL, FusedAdamOptimizer, fusedAdam } from './fused-adam.js';
import { trainStep } from './step.js';
import { SyntheticLoader, tinyModel } from './test-utils/tiny.js';

const loader = new SyntheticLoader(60, 20, 2);

function batch(s: number): { images: tf.Tensor; labels: tf.Tensor } {
  const ids = loader.order(0).slice((s % 3) * 20, (s % 3) * 20 + 20);
  const img = new Float32Array(ids.length * 64);
  ids.forEach((id, k) => {
    img.set(loader.images.subarray(id * 64, id * 64 + 64), k * 64);
  });
  return {
    images: tf.tensor4d(img, [ids.length, 8, 8, 1]),
    labels: tf.tensor1d(
      Int32Array.from(ids, (id) => loader.labels[id] as number),
      'int32',
    ),
  };
}

/** Trains `model` on steps `from`… (dropout seeded per step, so runs compare) and returns the kernels it used. */
async function run(model: tfl.LayersModel, optimizer: tf.Optimizer, steps: number, from = 0): Promise<string[]> {
  const kernels = new Set<string>();
  for (let s = from; s < from + steps; s++) {
    const { images, labels } = batch(s);
    seedDropout(model, 9, 0, s);
    const info = await tf.profile(async () => {
      await trainStep(model, optimizer, images, labels);
    });
    for (const k of info.kernelNames) kernels.add(k);
    tf.dispose([images, labels]);
  }
  return [...kernels];
}

const values = (ts: tf.Tensor[]) => ts.map((t) => Array.from(t.dataSync()));

async function optimizerState(optimizer: tf.Optimizer): Promise<number[][]> {
  const slots = await optimizer.getWeights();
  const out = values(slots.map((s) => s.tensor));
  tf.dispose(slots.filter((s) => !(s.tensor instanceof tf.Variable)).map((s) => s.tensor));
  return out;
}

afterEach(() => {
  registerMnistkitKernels();
});

describe('FusedAdamOptimizer', () => {
  it("names the kernel, its inputs, attributes and outputs as @mnistkit/backend's ADAM_UPDATE does", () => {
    expect(FUSED_ADAM).toEqual(ADAM_UPDATE);
    expect(FUSED_ADAM_KERNEL).toBe(ADAM_UPDATE.kernelName);
  });

  for (const backend of ['cpu', 'wasm'] as const) {
    it(`on ${backend} runs the fused kernel and gives tf.train.adam's weights and state exactly, leaking nothing`, async () => {
      await tf.setBackend(backend);
      const stockModel = tinyModel(4);
      const stock = tf.train.adam(0.01);
      const stockKernels = await run(stockModel, stock, 4);

      const model = tinyModel(4);
      const fused = fusedAdam(0.01);
      await run(model, fused, 1);
      const before = tf.memory().numTensors;
      const kernels = await run(model, fused, 3, 1);
      expect(tf.memory().numTensors).toBe(before);

      expect(FusedAdamOptimizer.fusedOnCurrentBackend()).toBe(true);
      expect(kernels).toContain(FUSED_ADAM_KERNEL);
      expect(stockKernels).not.toContain(FUSED_ADAM_KERNEL);
      expect(kernels.length).toBeLessThan(stockKernels.length);
      expect(values(model.getWeights())).toEqual(values(stockModel.getWeights()));
      expect(await optimizerState(fused)).toEqual(await optimizerState(stock));
      expect(fused.getClassName()).toBe('Adam');
      for (const d of [stockModel, model, stock, fused]) d.dispose();
    });
  }

  it('falls back to the stock update where the backend has no fused kernel, with the same weights', async () => {
    await tf.setBackend('cpu');
    const withKernel = tinyModel(5);
    const a = fusedAdam(0.01);
    await run(withKernel, a, 3);

    restoreStockKernels([`cpu/${FUSED_ADAM_KERNEL}`]);
    expect(FusedAdamOptimizer.fusedOnCurrentBackend()).toBe(false);
    const without = tinyModel(5);
    const b = fusedAdam(0.01);
    const kernels = await run(without, b, 3);
    expect(kernels).not.toContain(FUSED_ADAM_KERNEL);
    expect(values(without.getWeights())).toEqual(values(withKernel.getWeights()));
    for (const d of [withKernel, without, a, b]) d.dispose();
  });

  it("resumes exactly from a checkpoint, into itself or the stock Adam (same state layout, class name 'Adam')", async () => {
    await tf.setBackend('wasm');
    const reference = tinyModel(6);
    const refOpt = fusedAdam(0.005);
    await run(reference, refOpt, 5);

    const first = tinyModel(6);
    const firstOpt = fusedAdam(0.005);
    await run(first, firstOpt, 2);
    const checkpoint = await captureCheckpoint(first, firstOpt, {
      epoch: 0,
      step: 2,
      partial: null,
      history: [],
      rng: null,
      metric: null,
    } as unknown as Parameters<typeof captureCheckpoint>[2]);
    expect(checkpoint.optimizer.className).toBe('Adam');

    for (const make of [() => fusedAdam(0.005), () => tf.train.adam(0.005)]) {
      const resumed = tinyModel(77);
      const opt = make();
      await restoreCheckpoint(resumed, opt, checkpoint);
      await run(resumed, opt, 3, 2);
      expect(values(resumed.getWeights())).toEqual(values(reference.getWeights()));
      expect(await optimizerState(opt)).toEqual(await optimizerState(refOpt));
      resumed.dispose();
      opt.dispose();
    }
    for (const d of [reference, first, refOpt, firstOpt]) d.dispose();
  });
});
