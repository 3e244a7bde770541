import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { expect, it } from 'vitest';
import '../register-kernels.js';
import { convCases, convFilterGrad } from '../test-utils/cases.js';
import { describeWasmVariants, maxClose, randomTensor, runOn } from '../test-utils/helpers.js';

describeWasmVariants('Conv2DBackpropInput on wasm', () => {
  for (const [i, c] of convCases.entries()) {
    it(`matches cpu (batch ${c.batch}, ${c.size}x${c.size}x${c.inC} -> ${c.outC}, ${c.k}x${c.k}, stride ${c.stride}, ${c.pad})`, async () => {
      const f = () => {
        const { x, dy, filterShape } = convFilterGrad(c, 40 + i);
        const filter = randomTensor(filterShape, 50 + i) as tf.Tensor4D;
        return tf.grad((t: tf.Tensor) => tf.conv2d(t as tf.Tensor4D, filter, c.stride, c.pad))(x, dy);
      };
      const expected = await runOn('cpu', f);
      const actual = await runOn('wasm', f);
      expect(actual.shape).toEqual([c.batch, c.size, c.size, c.inC]);
      expect(maxClose(actual.values, expected.values)).toBeLessThan(1e-5);
    });
  }
});
