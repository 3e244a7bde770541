import type { TensorInfo } from '@tensorflow/tfjs-core';
import { type AdamUpdateAttrs, type AdamUpdateInputs, MnistkitAdamUpdate } from '../kernel-names.js';

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

/** Checks that the four inputs are float32 of one size and returns it; the error names `backend` and the input. */
export function adamInputSize(inputs: AdamUpdateInputs, backend: string): number {
  const { param, grad, m, v } = inputs;
  const size = param.shape.reduce((a, b) => a * b, 1);
  for (const [name, t] of Object.entries({ param, grad, m, v }) as [string, TensorInfo | undefined][]) {
    if (t === undefined || t.dtype !== 'float32' || t.shape.reduce((a, b) => a * b, 1) !== size) {
      throw new Error(
        `${backend} ${MnistkitAdamUpdate}: expected input ${name} float32 of shape [${param.shape}], found ${
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
