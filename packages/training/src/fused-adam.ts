import * as tf from '@tensorflow/tfjs-core';
import { adamState } from './adam-state.js';

/**
 * The fused Adam kernel a backend package may register (@mnistkit/backend does, for `wasm` and `cpu`, and exports
 * the same contract as `ADAM_UPDATE`; fused-adam.test.ts fails if the two drift): inputs `param`, `grad`, `m`, `v`;
 * attributes the optimizer's settings and the step's bias corrections 1 − β^t; outputs the new param, m and v.
 */
export const FUSED_ADAM = {
  kernelName: 'MnistkitAdamUpdate',
  inputs: ['param', 'grad', 'm', 'v'],
  attrs: ['learningRate', 'beta1', 'beta2', 'epsilon', 'biasCorrection1', 'biasCorrection2'],
  outputs: ['param', 'm', 'v'],
} as const;

/** The name of the fused Adam kernel ({@link FUSED_ADAM}'s `kernelName`). */
export const FUSED_ADAM_KERNEL = FUSED_ADAM.kernelName;

/** The fused Adam kernel's attributes ({@link FUSED_ADAM}'s `attrs`). */
export type FusedAdamAttrs = Record<(typeof FUSED_ADAM.attrs)[number], number>;

/**
 * tfjs-core's AdamOptimizer whose step runs one fused kernel per variable (about 12 elementwise kernels fewer) when
 * the current backend has {@link FUSED_ADAM_KERNEL} registered, and the stock chain of ops otherwise. Results are
 * the same bit for bit on cpu and wasm; the state (moments named `<var>/m`, `<var>/v`, the β powers, the step), the
 * class name 'Adam', `getWeights`/`setWeights` and `dispose` are the stock optimizer's, so checkpoints move freely
 * between the two. It reads and updates the stock optimizer's private state through {@link adamState} (tfjs-core
 * ^4.22; on another version it takes the stock update). Owns its moment and β-power variables, as the stock optimizer
 * does; disposes none of the gradients it is given.
 */
export class FusedAdamOptimizer extends tf.AdamOptimizer {
  /** Whether the next step on the current backend takes the fused kernel. */
  static fusedOnCurrentBackend(): boolean {
    return tf.getKernel(FUSED_ADAM_KERNEL, tf.getBackend()) !== undefined;
  }

  override applyGradients(variableGradients: Parameters<tf.AdamOptimizer['applyGradients']>[0]): void {
    const list = Array.isArray(variableGradients);
    const names = list ? variableGradients.map((v) => v.name) : Object.keys(variableGradients);
    const gradientOf = (name: string, i: number): tf.Tensor | undefined =>
      list ? variableGradients[i]?.tensor : variableGradients[name];
    const registered = tf.engine().registeredVariables;
    const state = adamState(this);
    const fusable =
      state !== undefined &&
      FusedAdamOptimizer.fusedOnCurrentBackend() &&
      names.every((name, i) => {
        const g = gradientOf(name, i);
        return registered[name]?.dtype === 'float32' && (g === undefined || g === null || g.dtype === 'float32');
      });
    if (!fusable) {
      super.applyGradients(variableGradients);
      return;
    }
    // The stock step divides by sub(1, accBeta) in float32; the kernel rounds 1 − acc to float32 the same way.
    const acc1 = state.accBeta1.dataSync()[0] as number;
    const acc2 = state.accBeta2.dataSync()[0] as number;
    const attrs: FusedAdamAttrs = {
      learningRate: this.learningRate,
      beta1: this.beta1,
      beta2: this.beta2,
      epsilon: this.epsilon,
      biasCorrection1: 1 - acc1,
      biasCorrection2: 1 - acc2,
    };
    tf.tidy(() => {
      names.forEach((name, i) => {
        const value = registered[name] as tf.Variable;
        // Created lazily at the same positions and with the same names as the stock optimizer's.
        state.accumulatedFirstMoment[i] ??= {
          originalName: `${name}/m`,
          variable: tf.tidy(() => tf.zerosLike(value).variable(false)),
        };
        state.accumulatedSecondMoment[i] ??= {
          originalName: `${name}/v`,
          variable: tf.tidy(() => tf.zerosLike(value).variable(false)),
        };
        const grad = gradientOf(name, i);
        if (grad === undefined || grad === null) return;
        const m = state.accumulatedFirstMoment[i].variable;
        const v = state.accumulatedSecondMoment[i].variable;
        const [newValue, newM, newV] = tf
          .engine()
          .runKernel(FUSED_ADAM_KERNEL, { param: value, grad, m, v }, attrs) as tf.Tensor[];
        m.assign(newM as tf.Tensor);
        v.assign(newV as tf.Tensor);
        value.assign(newValue as tf.Tensor);
      });
      state.accBeta1.assign(tf.mul(state.accBeta1, this.beta1));
      state.accBeta2.assign(tf.mul(state.accBeta2, this.beta2));
    });
    this.incrementIterations();
  }
}

/** Like `tf.train.adam`: a {@link FusedAdamOptimizer}; the caller owns (and disposes) it. */
export function fusedAdam(learningRate = 0.001, beta1 = 0.9, beta2 = 0.999, epsilon?: number): FusedAdamOptimizer {
  // tfjs-core types epsilon as number but treats null as "the backend's epsilon".
  return new FusedAdamOptimizer(learningRate, beta1, beta2, epsilon ?? (null as unknown as number));
}
