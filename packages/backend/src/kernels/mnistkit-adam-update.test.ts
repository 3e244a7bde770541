import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import '../register-kernels.js';
import { ADAM_UPDATE, ADAM_UPDATE_KERNEL, type AdamUpdateAttrs, MnistkitAdamUpdate } from '../kernel-names.js';
import { describeWasmVariants, randomTensor } from '../test-utils/helpers.js';

const settings = { learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 };

interface State {
  param: tf.Tensor;
  m: tf.Tensor;
  v: tf.Tensor;
}

/** One step written exactly as tfjs-core 4.22's AdamOptimizer.applyGradients writes it. */
function stockStep(s: State, grad: tf.Tensor, acc1: tf.Scalar, acc2: tf.Scalar): State {
  const { learningRate, beta1, beta2, epsilon } = settings;
  const m = tf.add(tf.mul(s.m, beta1), tf.mul(grad, 1 - beta1));
  const v = tf.add(tf.mul(s.v, beta2), tf.mul(tf.square(grad), 1 - beta2));
  const mHat = tf.div(m, tf.sub(1, acc1));
  const vHat = tf.div(v, tf.sub(1, acc2));
  const param = tf.add(tf.mul(tf.div(mHat, tf.add(tf.sqrt(vHat), epsilon)), -learningRate), s.param);
  return { param, m, v };
}

function fusedStep(s: State, grad: tf.Tensor, acc1: tf.Scalar, acc2: tf.Scalar): State {
  const attrs: AdamUpdateAttrs = {
    ...settings,
    biasCorrection1: tf.sub(1, acc1).dataSync()[0] as number,
    biasCorrection2: tf.sub(1, acc2).dataSync()[0] as number,
  };
  const [param, m, v] = tf
    .engine()
    .runKernel(ADAM_UPDATE_KERNEL, { param: s.param, grad, m: s.m, v: s.v }, attrs as unknown as tf.NamedAttrMap) as [
    tf.Tensor,
    tf.Tensor,
    tf.Tensor,
  ];
  return { param: param as tf.Tensor, m: m as tf.Tensor, v: v as tf.Tensor };
}

/** Runs `steps` Adam steps from a seeded start and returns the flattened param, m and v. */
function run(shape: number[], steps: number, step: typeof stockStep): Float32Array {
  return tf.tidy(() => {
    let s: State = { param: randomTensor(shape, 1), m: tf.zeros(shape), v: tf.zeros(shape) };
    let acc1 = tf.scalar(settings.beta1);
    let acc2 = tf.scalar(settings.beta2);
    for (let t = 0; t < steps; t++) {
      // Gradients of very different sizes, so ε and the square root both matter.
      const grad = tf.mul(randomTensor(shape, 100 + t), t % 2 === 0 ? 1e-3 : 10);
      s = step(s, grad, acc1, acc2);
      acc1 = tf.mul(acc1, settings.beta1);
      acc2 = tf.mul(acc2, settings.beta2);
    }
    return tf
      .concat([tf.reshape(s.param, [-1]), tf.reshape(s.m, [-1]), tf.reshape(s.v, [-1])])
      .dataSync() as Float32Array;
  });
}

/** Bit-for-bit equality with the stock arithmetic on one backend. */
function equalsStockArithmetic(backend: 'cpu' | 'wasm'): void {
  // Sizes around the SIMD width (4), so the scalar tail runs too, and a conv filter.
  const shapes = [[1], [3], [4], [7], [2, 9], [64], [3, 3, 4, 8]];
  for (const shape of shapes) {
    it(`${backend} equals tfjs-core's Adam arithmetic bit for bit over 5 steps, shape [${shape}]`, async () => {
      await tf.setBackend(backend);
      const before = tf.memory().numTensors;
      const expected = run(shape, 5, stockStep);
      const actual = run(shape, 5, fusedStep);
      expect(tf.memory().numTensors).toBe(before);
      expect(Array.from(actual)).toEqual(Array.from(expected));
      expect(actual.some((x) => x !== 0)).toBe(true);
    });
  }
}

describe(`${ADAM_UPDATE_KERNEL} on cpu`, () => equalsStockArithmetic('cpu'));
// The relaxed-SIMD build fuses no multiply-add here, so it is exact too.
describeWasmVariants(`${ADAM_UPDATE_KERNEL} on wasm`, () => equalsStockArithmetic('wasm'));

describe(ADAM_UPDATE_KERNEL, () => {
  it('leaves its inputs unchanged (a variable may share memory with other tensors)', async () => {
    await tf.setBackend('wasm');
    tf.tidy(() => {
      const param = randomTensor([10], 3);
      const alias = tf.clone(param);
      const grad = randomTensor([10], 4);
      const m = tf.zeros([10]);
      const v = tf.zeros([10]);
      const before = Array.from(param.dataSync());
      fusedStep({ param, m, v }, grad, tf.scalar(0.9), tf.scalar(0.999));
      expect(Array.from(alias.dataSync())).toEqual(before);
      expect(Array.from(m.dataSync())).toEqual(new Array(10).fill(0));
    });
  });

  for (const backend of ['cpu', 'wasm'] as const) {
    it(`${backend} takes the inputs and attributes ADAM_UPDATE names and returns its outputs`, async () => {
      await tf.setBackend(backend);
      expect(ADAM_UPDATE.kernelName).toBe(MnistkitAdamUpdate);
      expect(ADAM_UPDATE_KERNEL).toBe(MnistkitAdamUpdate);
      expect(tf.getKernel(ADAM_UPDATE.kernelName, backend)).toBeDefined();
      tf.tidy(() => {
        const inputs = Object.fromEntries(ADAM_UPDATE.inputs.map((name, i) => [name, randomTensor([6], 20 + i)]));
        const values = { ...settings, biasCorrection1: 0.1, biasCorrection2: 0.001 };
        const attrs = Object.fromEntries(ADAM_UPDATE.attrs.map((name) => [name, values[name]]));
        expect(Object.keys(attrs).sort()).toEqual(Object.keys(values).sort());
        const outputs = tf.engine().runKernel(ADAM_UPDATE.kernelName, inputs, attrs) as tf.Tensor[];
        expect(outputs).toHaveLength(ADAM_UPDATE.outputs.length);
        for (const out of outputs) expect(out.shape).toEqual([6]);
        // Without one of the named inputs the kernel refuses to run.
        const { v: _dropped, ...missing } = inputs;
        expect(() => tf.engine().runKernel(ADAM_UPDATE.kernelName, missing, attrs)).toThrow(/expected input v/);
      });
    });
  }

  it('names the input that does not fit', async () => {
    await tf.setBackend('cpu');
    tf.tidy(() => {
      const good = tf.zeros([4]);
      expect(() => fusedStep({ param: good, m: good, v: tf.zeros([5]) }, good, tf.scalar(0.9), tf.scalar(0.9))).toThrow(
        /MnistkitAdamUpdate: expected input v float32 of shape \[4\], found float32 \[5\]/,
      );
    });
  });
});
