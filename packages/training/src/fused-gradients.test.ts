import {
  MnistkitSimpleCNNGradients,
  registerMnistkitKernels,
  restoreStockKernels,
  SIMPLE_CNN_GRADIENTS,
  setWasmSimdVariant,
} from '@mnistkit/backend';
import { selectNodeBackend } from '@mnistkit/backend/node';
import { simpleCNN } from '@mnistkit/models';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  FUSED_KERNEL_AVAILABILITY,
  FUSED_SIMPLE_CNN_KERNEL,
  FUSED_SIMPLE_CNN_WEIGHTS,
  fusedGradients,
} from './fused-gradients.js';
import { computeGradients, seedDropout } from './step.js';
import { tinyModel } from './test-utils/tiny.js';

beforeAll(async () => {
  expect((await selectNodeBackend({ backend: 'wasm' })).name).toBe('wasm');
});

afterEach(() => {
  registerMnistkitKernels();
  setWasmSimdVariant('auto');
});

interface Plain {
  loss: number;
  correct: number;
  grads: [string, Float32Array][];
  kernels: string[];
}

/** computeGradients' results as plain numbers, and the kernels it ran. */
async function gradientsOf(model: tfl.LayersModel, step: number): Promise<Plain> {
  const images = tf.randomUniform([16, 28, 28, 1], -1, 1, 'float32', 11);
  const labels = tf.tensor1d([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3], 'int32');
  seedDropout(model, 7, 1, step);
  const before = tf.memory().numTensors;
  let out: ReturnType<typeof computeGradients> | undefined;
  const info = await tf.profile(() => {
    out = computeGradients(model, images, labels);
  });
  const { loss, correct, grads } = out as ReturnType<typeof computeGradients>;
  const plain: Plain = {
    loss: loss.dataSync()[0] as number,
    correct: correct.dataSync()[0] as number,
    grads: Object.entries(grads).map(([name, g]) => [name, g.dataSync() as Float32Array]),
    kernels: info.kernelNames,
  };
  tf.dispose([loss, correct, grads]);
  expect(tf.memory().numTensors).toBe(before);
  tf.dispose([images, labels]);
  return plain;
}

function relativeError(a: Float32Array, b: Float32Array): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs((a[i] as number) - (b[i] as number)));
    scale = Math.max(scale, Math.abs(b[i] as number));
  }
  return diff / scale;
}

describe('the fused SimpleCNN kernel contract', () => {
  it("spells the kernel's name, weights and availability function as @mnistkit/backend does", () => {
    expect(FUSED_SIMPLE_CNN_KERNEL).toBe(MnistkitSimpleCNNGradients);
    expect([...FUSED_SIMPLE_CNN_WEIGHTS]).toEqual([...SIMPLE_CNN_GRADIENTS.weights]);
    expect(FUSED_KERNEL_AVAILABILITY).toBe(SIMPLE_CNN_GRADIENTS.availability);
  });
});

describe('computeGradients on wasm with the fused SimpleCNN kernel', () => {
  it("runs SimpleCNN's step as one kernel and gives the layers' results (dropout from the same seed)", async () => {
    const model = simpleCNN({ seed: 3 });
    const fused = await gradientsOf(model, 5);
    restoreStockKernels([`wasm/${FUSED_SIMPLE_CNN_KERNEL}`]);
    const layers = await gradientsOf(model, 5);
    expect(fused.kernels).toContain(FUSED_SIMPLE_CNN_KERNEL);
    expect(fused.kernels).not.toContain('Conv2D');
    expect(layers.kernels).not.toContain(FUSED_SIMPLE_CNN_KERNEL);
    expect(layers.kernels).toContain('Conv2D');
    expect(fused.loss).toBeCloseTo(layers.loss, 5);
    expect(fused.correct).toBe(layers.correct);
    expect(fused.grads.map(([n]) => n)).toEqual(layers.grads.map(([n]) => n));
    for (const [i, [name, g]] of fused.grads.entries()) {
      expect(relativeError(g, layers.grads[i]?.[1] as Float32Array), name).toBeLessThan(1e-4);
    }
    // Another step draws another dropout mask, on both paths alike.
    registerMnistkitKernels();
    const next = await gradientsOf(model, 6);
    expect(relativeError(next.grads[4]?.[1] as Float32Array, fused.grads[4]?.[1] as Float32Array)).toBeGreaterThan(
      1e-3,
    );
    model.dispose();
  });

  it("uses the layers' ops for models of another shape", async () => {
    const model = tinyModel();
    expect(fusedGradients(model, tf.zeros([2, 8, 8, 1]), tf.zeros([2], 'int32'), 10)).toBeNull();
    model.dispose();
  });

  it("uses the layers' ops for batches the model does not take as SimpleCNN, and labels it cannot read", async () => {
    const model = simpleCNN({ seed: 3 });
    tf.tidy(() => {
      expect(fusedGradients(model, tf.zeros([2, 28, 28, 1]), tf.zeros([2, 1], 'int32'), 10)).toBeNull();
      expect(fusedGradients(model, tf.zeros([2, 28, 28, 1]), tf.zeros([2], 'bool'), 10)).toBeNull();
      expect(fusedGradients(model, tf.zeros([2, 28, 28, 1]), tf.zeros([2], 'int32'), 12)).toBeNull();
    });
    model.dispose();
  });

  it("falls back to the layers' ops when mnistkit's wasm module cannot run", async () => {
    const model = simpleCNN({ seed: 3 });
    setWasmSimdVariant('none');
    const plain = await gradientsOf(model, 5);
    expect(plain.kernels).not.toContain(FUSED_SIMPLE_CNN_KERNEL);
    expect(plain.grads).toHaveLength(8);
    model.dispose();
  });
});
