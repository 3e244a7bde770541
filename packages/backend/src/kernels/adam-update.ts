import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { CpuBackend } from './conv2d-backprop-filter-cpu.js';
import { simdKernels } from './simd.js';
import { byteOffset, floatOffset, heapF32, type WasmBackend } from './wasm-module.js';

/** Name of mnistkit's fused Adam kernel (registered for `wasm` and `cpu`). */
export const ADAM_UPDATE_KERNEL = 'MnistkitAdamUpdate';

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

/** The float32 constants of one step, rounded as tfjs-core's scalar tensors round them. */
export interface AdamStepConstants {
  beta1: number;
  oneMinusBeta1: number;
  beta2: number;
  oneMinusBeta2: number;
  bc1: number;
  bc2: number;
  epsilon: number;
  negLr: number;
}

/** This step's float32 constants from the kernel's attributes. */
export function adamStepConstants(attrs: AdamUpdateAttrs): AdamStepConstants {
  const f = Math.fround;
  // AdamOptimizer writes mul(g, 1 - beta1): the difference is taken in float64, then made a float32 scalar.
  return {
    beta1: f(attrs.beta1),
    oneMinusBeta1: f(1 - attrs.beta1),
    beta2: f(attrs.beta2),
    oneMinusBeta2: f(1 - attrs.beta2),
    bc1: f(attrs.biasCorrection1),
    bc2: f(attrs.biasCorrection2),
    epsilon: f(attrs.epsilon),
    negLr: f(-attrs.learningRate),
  };
}

function check(inputs: AdamUpdateInputs, backend: string): number {
  const { param, grad, m, v } = inputs;
  const size = param.shape.reduce((a, b) => a * b, 1);
  for (const [name, t] of Object.entries({ param, grad, m, v })) {
    if (t === undefined || t.dtype !== 'float32' || t.shape.reduce((a, b) => a * b, 1) !== size) {
      throw new Error(
        `${backend} ${ADAM_UPDATE_KERNEL}: expected input ${name} float32 of shape [${param.shape}], found ${
          t === undefined ? 'none' : `${t.dtype} [${t.shape}]`
        }`,
      );
    }
  }
  return size;
}

/**
 * The update in JS over float32 arrays: each operation rounded to float32 (Math.fround), in tfjs-core's
 * AdamOptimizer order, so results equal its chain of elementwise kernels on cpu and wasm bit for bit.
 * Offsets let the arrays be one wasm heap view.
 */
export function adamUpdateInto(
  k: AdamStepConstants,
  n: number,
  p: Float32Array,
  pOff: number,
  g: Float32Array,
  gOff: number,
  m: Float32Array,
  mOff: number,
  v: Float32Array,
  vOff: number,
  outP: Float32Array,
  outPOff: number,
  outM: Float32Array,
  outMOff: number,
  outV: Float32Array,
  outVOff: number,
): void {
  const f = Math.fround;
  for (let i = 0; i < n; i++) {
    const gi = g[gOff + i] as number;
    const m1 = f(f((m[mOff + i] as number) * k.beta1) + f(gi * k.oneMinusBeta1));
    const v1 = f(f((v[vOff + i] as number) * k.beta2) + f(f(gi * gi) * k.oneMinusBeta2));
    outM[outMOff + i] = m1;
    outV[outVOff + i] = v1;
    const step = f(f(m1 / k.bc1) / f(f(Math.sqrt(f(v1 / k.bc2))) + k.epsilon));
    outP[outPOff + i] = f(step * k.negLr) + (p[pOff + i] as number);
  }
}

/** cpu `MnistkitAdamUpdate`: returns [param', m', v'] as new tensors; inputs are left as they are. */
export function adamUpdateCpu(args: {
  inputs: AdamUpdateInputs;
  backend: CpuBackend;
  attrs: AdamUpdateAttrs;
}): TensorInfo[] {
  const { inputs, backend, attrs } = args;
  const n = check(inputs, 'cpu');
  const values = (t: TensorInfo) => backend.data.get(t.dataId).values as Float32Array;
  const [p, g, m, v] = [values(inputs.param), values(inputs.grad), values(inputs.m), values(inputs.v)];
  const outP = new Float32Array(n);
  const outM = new Float32Array(n);
  const outV = new Float32Array(n);
  adamUpdateInto(adamStepConstants(attrs), n, p, 0, g, 0, m, 0, v, 0, outP, 0, outM, 0, outV, 0);
  const shape = inputs.param.shape;
  return [
    backend.makeTensorInfo(shape, 'float32', outP),
    backend.makeTensorInfo(shape, 'float32', outM),
    backend.makeTensorInfo(shape, 'float32', outV),
  ];
}

/**
 * wasm `MnistkitAdamUpdate`: one SIMD pass over wasm memory (JS loop where SIMD cannot run) into three
 * new tensors. Not in place: a variable's memory may be shared with other tensors (zero-copy Identity,
 * the tensor a variable was made from), which an in-place write would change behind their holders' backs.
 */
export function adamUpdateWasm(args: {
  inputs: AdamUpdateInputs;
  backend: WasmBackend;
  attrs: AdamUpdateAttrs;
}): TensorInfo[] {
  const { inputs, backend, attrs } = args;
  const n = check(inputs, 'wasm');
  const shape = inputs.param.shape;
  const outs = [
    backend.makeOutput(shape, 'float32'),
    backend.makeOutput(shape, 'float32'),
    backend.makeOutput(shape, 'float32'),
  ] as [TensorInfo, TensorInfo, TensorInfo];
  const [outP, outM, outV] = outs;
  const k = adamStepConstants(attrs);
  const { param, grad, m, v } = inputs;
  const simd = simdKernels(backend);
  if (simd !== null) {
    const at = (t: TensorInfo) => byteOffset(backend, t);
    simd.adamUpdate(
      at(param),
      at(grad),
      at(m),
      at(v),
      at(outP),
      at(outM),
      at(outV),
      n,
      k.beta1,
      k.oneMinusBeta1,
      k.beta2,
      k.oneMinusBeta2,
      k.bc1,
      k.bc2,
      k.epsilon,
      k.negLr,
    );
    return outs;
  }
  const heap = heapF32(backend);
  const at = (t: TensorInfo) => floatOffset(backend, t);
  adamUpdateInto(
    k,
    n,
    heap,
    at(param),
    heap,
    at(grad),
    heap,
    at(m),
    heap,
    at(v),
    heap,
    at(outP),
    heap,
    at(outM),
    heap,
    at(outV),
  );
  return outs;
}

/** Fused Adam step on `cpu` (see {@link AdamUpdateAttrs}). */
export const adamUpdateCpuConfig: KernelConfig = {
  kernelName: ADAM_UPDATE_KERNEL,
  backendName: 'cpu',
  kernelFunc: adamUpdateCpu as unknown as KernelFunc,
};

/** Fused Adam step on `wasm` (see {@link AdamUpdateAttrs}). */
export const adamUpdateWasmConfig: KernelConfig = {
  kernelName: ADAM_UPDATE_KERNEL,
  backendName: 'wasm',
  kernelFunc: adamUpdateWasm as unknown as KernelFunc,
};
