import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe } from 'vitest';
import { registerMnistkitKernels, restoreStockKernels } from '../register-kernels.js';
import { setWasmSimdVariant } from '../wasm/simd-module.js';

/** A deterministic uniform [-1, 1) tensor (mulberry32), identical on every backend. */
export function randomTensor(shape: number[], seed: number): tf.Tensor {
  let s = seed >>> 0;
  const size = shape.reduce((a, b) => a * b, 1);
  const values = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    values[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  }
  return tf.tensor(values, shape);
}

/** Runs `f` on `backend` inside a scope and returns its result's values; leaves no tensors behind. */
export async function runOn(backend: string, f: () => tf.Tensor): Promise<{ shape: number[]; values: Float32Array }> {
  await tf.setBackend(backend);
  const before = tf.memory().numTensors;
  const t = tf.tidy(f);
  const values = (await t.data()) as Float32Array;
  const shape = t.shape;
  t.dispose();
  if (tf.memory().numTensors !== before) {
    throw new Error(`${backend}: ${tf.memory().numTensors - before} tensors leaked`);
  }
  return { shape, values };
}

/** Largest |a - b| / (1 + |b|) over two equal-length arrays. */
export function maxClose(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} != ${b.length}`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs((a[i] as number) - (b[i] as number)) / (1 + Math.abs(b[i] as number));
    if (!(d <= worst)) worst = Number.isNaN(d) ? Number.POSITIVE_INFINITY : d;
  }
  return worst;
}

/** Largest |a - b| over the largest |b|: a whole tensor's error relative to its scale (gradients, logits). */
export function relativeError(a: Float32Array, b: Float32Array): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs((a[i] as number) - (b[i] as number)));
    scale = Math.max(scale, Math.abs(b[i] as number));
  }
  return diff / scale;
}

/** Runs `f` with TensorFlow.js's stock kernels in place of mnistkit's, then puts mnistkit's back. */
export function withStockKernels<T>(f: () => T): T {
  restoreStockKernels();
  try {
    return f();
  } finally {
    registerMnistkitKernels();
  }
}

/**
 * Declares `body`'s tests once per build of mnistkit's wasm module (relaxed SIMD, plain SIMD) and once with none
 * (the kernels' JS loops and XNNPACK), so every path of the wasm kernels is checked.
 */
export function describeWasmVariants(name: string, body: () => void): void {
  for (const variant of ['relaxed-simd', 'simd', 'none'] as const) {
    describe(`${name} [mnistkit wasm module: ${variant}]`, () => {
      beforeAll(() => {
        setWasmSimdVariant(variant);
      });
      afterAll(() => {
        setWasmSimdVariant('auto');
      });
      body();
    });
  }
}
