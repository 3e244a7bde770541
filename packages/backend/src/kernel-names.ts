import type { TensorInfo } from '@tensorflow/tfjs-core';

// The kernels mnistkit adds to TensorFlow.js (tfjs-core's kernel_names.ts does the same for its own): a name, its
// inputs and attributes. Another package runs one by name (`tf.engine().runKernel`) without importing this one, so
// each name is a typed constant here and the other side tests that its spelling matches.

/** Name of mnistkit's fused Adam kernel, registered for `wasm` and `cpu`. */
export const MnistkitAdamUpdate = 'MnistkitAdamUpdate';
/** The type of {@link MnistkitAdamUpdate}'s name. */
export type MnistkitAdamUpdate = typeof MnistkitAdamUpdate;

/** Name of mnistkit's fused Adam kernel (the same constant as {@link MnistkitAdamUpdate}). */
export const ADAM_UPDATE_KERNEL: MnistkitAdamUpdate = MnistkitAdamUpdate;

/** Inputs of `MnistkitAdamUpdate`: one variable's value, its gradient and Adam's two moments, all float32, one shape. */
export interface AdamUpdateInputs {
  param: TensorInfo;
  grad: TensorInfo;
  m: TensorInfo;
  v: TensorInfo;
}

/**
 * Attributes of `MnistkitAdamUpdate`: the optimizer's settings and this step's bias corrections
 * `1 − β1^t`, `1 − β2^t` (float32 values, as tfjs-core's AdamOptimizer computes them from its `accBeta`s).
 */
export interface AdamUpdateAttrs {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  biasCorrection1: number;
  biasCorrection2: number;
}

/**
 * The whole contract of `MnistkitAdamUpdate`: its name, input and attribute names, and its outputs in order (new
 * param, m, v). Holds for @tensorflow/tfjs-core 4.22 (its AdamOptimizer's arithmetic is what the kernel reproduces).
 */
export const ADAM_UPDATE = {
  kernelName: MnistkitAdamUpdate,
  inputs: ['param', 'grad', 'm', 'v'],
  attrs: ['learningRate', 'beta1', 'beta2', 'epsilon', 'biasCorrection1', 'biasCorrection2'],
  outputs: ['param', 'm', 'v'],
} as const satisfies {
  kernelName: string;
  inputs: readonly (keyof AdamUpdateInputs)[];
  attrs: readonly (keyof AdamUpdateAttrs)[];
  outputs: readonly string[];
};
