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

/**
 * Name of mnistkit's fused SimpleCNN training kernel (wasm): the forward pass, mean softmax cross-entropy and every
 * weight's gradient of conv 3x3 (1 → F1, same, relu) → max-pool 2 → conv 3x3 (F1 → F2, same, relu) → max-pool 2 →
 * flatten → dense (U, relu) → dropout → dense (C), in one call on the wasm heap instead of about 130 kernels.
 */
export const MnistkitSimpleCNNGradients = 'MnistkitSimpleCNNGradients';
/** The type of {@link MnistkitSimpleCNNGradients}'s name. */
export type MnistkitSimpleCNNGradients = typeof MnistkitSimpleCNNGradients;

/**
 * Inputs of `MnistkitSimpleCNNGradients`, all float32 but `labels`: `x` [B, H, W, 1] (H and W multiples of 4),
 * `labels` [B] class indices (int32 or float32; outside [0, C) counts as no class, as `tf.oneHot` makes it), the
 * layers' kernels and biases in tfjs-layers' layouts (`conv1Kernel` [3, 3, 1, F1], `conv2Kernel` [3, 3, F1, F2],
 * `fc1Kernel` [H/4·W/4·F2, U], `fc2Kernel` [U, C]; F1, F2 and U multiples of 4), and `dropoutMask` [B, U], the
 * multiplier `tf.dropout` would apply (absent: no dropout).
 */
export interface SimpleCNNGradientsInputs {
  x: TensorInfo;
  labels: TensorInfo;
  conv1Kernel: TensorInfo;
  conv1Bias: TensorInfo;
  conv2Kernel: TensorInfo;
  conv2Bias: TensorInfo;
  fc1Kernel: TensorInfo;
  fc1Bias: TensorInfo;
  fc2Kernel: TensorInfo;
  fc2Bias: TensorInfo;
  dropoutMask?: TensorInfo;
}

/**
 * The contract of `MnistkitSimpleCNNGradients`: its inputs (the weights in tfjs-layers' `trainableWeights` order) and
 * its outputs in order: the mean loss (float32 scalar), the number of correct argmax predictions (int32 scalar),
 * then one gradient per weight input, in the same order and shapes. Its registered `KernelConfig` also has a
 * function named `availability`, `(backend) => boolean`: false where mnistkit's wasm module cannot run (see
 * `wasmSimdVariant`), and then the caller computes the gradients with the layers' own ops (the kernel would throw).
 */
export const SIMPLE_CNN_GRADIENTS = {
  kernelName: MnistkitSimpleCNNGradients,
  inputs: ['x', 'labels'],
  weights: ['conv1Kernel', 'conv1Bias', 'conv2Kernel', 'conv2Bias', 'fc1Kernel', 'fc1Bias', 'fc2Kernel', 'fc2Bias'],
  optionalInputs: ['dropoutMask'],
  outputs: ['loss', 'correct', 'gradients…'],
  availability: 'canRun',
} as const satisfies {
  kernelName: string;
  inputs: readonly (keyof SimpleCNNGradientsInputs)[];
  weights: readonly (keyof SimpleCNNGradientsInputs)[];
  optionalInputs: readonly (keyof SimpleCNNGradientsInputs)[];
  outputs: readonly string[];
  availability: string;
};
