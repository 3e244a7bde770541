import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { expect, it } from 'vitest';
import '../register-kernels.js';
import { poolCases } from '../test-utils/cases.js';
import { describeWasmVariants, maxClose, randomTensor, runOn } from '../test-utils/helpers.js';

describeWasmVariants('MaxPoolGrad on wasm', () => {
  for (const [i, c] of poolCases.entries()) {
    it(`matches tfjs-backend-cpu (batch ${c.batch}, ${c.size}x${c.size}x${c.channels}, pool ${c.filter}, stride ${c.stride}, ${c.pad})`, async () => {
      const grad = (seed: number) => {
        // Rounded inputs create ties, which must go to the same (first) cell as on cpu.
        const x = tf.round(tf.mul(randomTensor([c.batch, c.size, c.size, c.channels], seed), 2)) as tf.Tensor4D;
        const f = (t: tf.Tensor) => tf.maxPool(t as tf.Tensor4D, c.filter, c.stride, c.pad);
        const y = f(x);
        const dy = randomTensor(y.shape, seed + 1);
        return tf.grad(f)(x, dy);
      };
      const expected = await runOn('cpu', () => grad(100 + i));
      const actual = await runOn('wasm', () => grad(100 + i));
      expect(maxClose(actual.values, expected.values)).toBeLessThan(1e-6);
    });
  }
});
